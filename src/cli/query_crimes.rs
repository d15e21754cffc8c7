//! `bluelamp query crimes`: a queue of the crime desk (my crimes, a unit's,
//! unallocated, awaiting classification, review due, awaiting approval),
//! page by page, each crime with its class, officer, age and what is due.

use chrono::{DateTime, Utc};
use clap::Args;
use serde_json::{json, Value};

use super::choice;
use super::output::{Format, Printer};
use super::rows::time;
use crate::api::crimes::{CrimeQueue, CrimeQueueQuery, CrimeRow};
use crate::client::Client;
use crate::domain::boroughs::BOROUGHS;
use crate::domain::event::EventDetails;
use crate::domain::pace::london_time::format_london;

#[derive(Debug, Args)]
pub struct CrimeArgs {
    /// Which queue; every live crime when left out.
    #[arg(long, value_parser = choice::api::<CrimeQueue>())]
    pub queue: Option<CrimeQueue>,
    /// The unit (for --queue unit, or to narrow any queue).
    #[arg(long)]
    pub unit: Option<String>,
    /// A London borough, in any case.
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    /// The order: the newest first (the default) or the oldest first; `review_due` the most overdue first (the default, `oldest`) or the latest due (`newest`).
    #[arg(long, value_enum)]
    pub sort: Option<super::list_order::ListOrder>,
    /// Stop after this many rows.
    #[arg(long)]
    pub limit: Option<usize>,
}

pub const CRIME_COLUMNS: &[&str] =
    &["id", "reference", "class", "status", "officer", "unit", "offence", "borough", "reported_at", "age", "due"];

/// How long ago, in days and hours.
pub(super) fn age(from: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let hours = (now - from).num_hours().max(0);
    if hours < 48 {
        format!("{hours}h")
    } else {
        format!("{}d", hours / 24)
    }
}

/// What is due on the crime, in words: "classify by 14:05 (OVERDUE)", "review due 3 Dec 2026".
fn due_words(row: &CrimeRow) -> String {
    let mut words = Vec::new();
    if let Some(at) = row.due.classification_due {
        let late = if row.due.classification_overdue { " OVERDUE" } else { "" };
        words.push(format!("classify by {}{late}", format_london(at)));
    }
    if let Some(at) = row.due.review_due {
        let late = if row.due.review_overdue { " OVERDUE" } else { "" };
        words.push(format!("review by {}{late}", format_london(at)));
    }
    words.join("; ")
}

fn row(r: &CrimeRow, now: DateTime<Utc>) -> Option<Vec<Value>> {
    let EventDetails::Crime(d) = &r.event.details else { return None };
    let reported = crate::domain::crime::clock::reported_at(d, r.event.created_at);
    let allocation = d.allocation();
    Some(vec![
        json!(r.event.id),
        json!(r.event.reference),
        json!(d.class().map(|c| c.code.clone())),
        json!(r.event.status),
        json!(allocation.map(|a| a.officer.clone())),
        json!(allocation.map(|a| a.unit.clone())),
        json!(d.offence),
        json!(r.event.borough),
        time(reported),
        json!(age(reported, now)),
        json!(due_words(r)),
    ])
}

pub async fn crimes(client: &Client, a: CrimeArgs, format: Format) -> anyhow::Result<()> {
    let mut printer = Printer::new(format, CRIME_COLUMNS)?;
    let mut query = CrimeQueueQuery {
        queue: a.queue,
        unit: a.unit,
        borough: a.borough,
        sort: super::list_order::ListOrder::param(a.sort),
        limit: Some(a.limit.unwrap_or(usize::MAX).clamp(1, 1000)),
        ..CrimeQueueQuery::default()
    };
    super::paging::print_pages(&mut printer, a.limit, async |after| {
        query.after = after;
        let page = client.crime_queue(&query).await?;
        Ok((page.rows.iter().filter_map(|r| row(r, page.at)).collect(), page.next))
    })
    .await?;
    printer.finish()?;
    Ok(())
}
