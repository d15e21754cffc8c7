//! `bluelamp query cases`: prosecution case files page by page, each with
//! its defendant's flags and the custody time limit running on it, or only
//! those whose limit is due or expired (`--ctl-due`).

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use clap::Args;

use super::choice;
use super::output::{Format, Printer};
use super::query::{each_event, limited};
use super::rows;
use crate::api::cases::CtlWatchQuery;
use crate::client::{Client, ListQuery};
use crate::domain::event::{CaseStatus, EventDetails, EventKind};

#[derive(Debug, Args)]
pub struct CaseArgs {
    #[arg(long, value_parser = choice::api_name::<CaseStatus>())]
    pub status: Option<String>,
    /// Officer in the case.
    #[arg(long)]
    pub officer: Option<String>,
    /// Only cases with a hearing still to come before this date (YYYY-MM-DD).
    #[arg(long)]
    pub hearing_before: Option<NaiveDate>,
    /// Only cases whose custody time limit is due (within the server's
    /// `ctl_warning_days`) or expired.
    #[arg(long)]
    pub ctl_due: bool,
    /// The order: the newest first (the default) or the oldest first.
    #[arg(long, value_enum)]
    pub sort: Option<super::list_order::ListOrder>,
    /// Stop after this many rows.
    #[arg(long)]
    pub limit: Option<usize>,
}

pub async fn cases(client: &Client, a: CaseArgs, format: Format) -> anyhow::Result<()> {
    let sort = super::list_order::ListOrder::param(a.sort);
    let filter = ListQuery { status: a.status, officer: a.officer, sort, ..ListQuery::default() };
    let now = Utc::now();
    let before = a.hearing_before.and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc());
    let mut printer = Printer::new(format, rows::CASE_COLUMNS)?.naming(rows::CASE_NAMES);
    if a.limit == Some(0) {
        printer.finish()?;
        return Ok(());
    }
    // The server says which limits run and which are due: the warning is the force's.
    let watch = client.custody_time_limits(&CtlWatchQuery { due: a.ctl_due.then_some(true), reason: None }).await?;
    let limits: HashMap<String, _> = watch.cases.into_iter().map(|c| (c.case_id.clone(), c)).collect();
    let mut printed = 0;
    each_event(client, EventKind::Case, filter, |event, names| {
        let ctl = limits.get(&event.id);
        if a.ctl_due && ctl.is_none() {
            return Ok(true);
        }
        if let (Some(before), EventDetails::Case(d)) = (before, &event.details) {
            if d.next_hearing(now).is_none_or(|h| h.date >= before) {
                return Ok(true);
            }
        }
        match rows::case(&event, names, now, ctl) {
            Some(row) => limited(&mut printer, a.limit, &mut printed, row),
            None => Ok(true),
        }
    })
    .await?;
    printer.finish()?;
    Ok(())
}
