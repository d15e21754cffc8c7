//! `bluelamp query safeguarding`: a queue of the safeguarding desk
//! (awaiting sign-off, overdue, awaiting or overdue responses, missing now,
//! at risk, drafts), page by page, each report with its person's part,
//! category, risk, status, age and what is due.

use chrono::{DateTime, Utc};
use clap::Args;
use serde_json::{json, Value};

use super::choice;
use super::output::{Format, Printer};
use super::query_crimes::age;
use super::rows::time;
use crate::api::safeguarding::{SafeguardingQueue, SafeguardingQueueQuery, SafeguardingRow};
use crate::client::Client;
use crate::domain::boroughs::BOROUGHS;
use crate::domain::event::EventDetails;
use crate::domain::pace::london_time::format_london;
use crate::domain::safeguarding::SafeguardingCategory;

#[derive(Debug, Args)]
pub struct SafeguardingArgs {
    /// Which queue; every open report when left out.
    #[arg(long, value_parser = choice::api::<SafeguardingQueue>())]
    pub queue: Option<SafeguardingQueue>,
    #[arg(long, value_parser = choice::api::<SafeguardingCategory>())]
    pub category: Option<SafeguardingCategory>,
    /// The officer in charge, as the report names them.
    #[arg(long)]
    pub officer: Option<String>,
    /// A London borough, in any case.
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    /// The order: the newest first (the default) or the oldest first; an overdue queue the most overdue first (the default, `oldest`) or the latest due (`newest`).
    #[arg(long, value_enum)]
    pub sort: Option<super::list_order::ListOrder>,
    /// Stop after this many rows.
    #[arg(long)]
    pub limit: Option<usize>,
}

pub const SAFEGUARDING_COLUMNS: &[&str] =
    &["id", "reference", "category", "risk", "status", "officer", "borough", "occurred_at", "age", "missing", "due"];

/// What is due, in words: "sign off by 14:05 OVERDUE", "response by 3 Dec 2026".
fn due_words(row: &SafeguardingRow) -> String {
    let mut words = Vec::new();
    let late = |overdue: bool| if overdue { " OVERDUE" } else { "" };
    if let Some(at) = row.due.sign_off_due {
        words.push(format!("sign off by {}{}", format_london(at), late(row.due.sign_off_overdue)));
    }
    if let Some(at) = row.due.response_due {
        words.push(format!("response by {}{}", format_london(at), late(row.due.response_overdue)));
    }
    if let Some(at) = row.due.return_interview_due {
        words.push(format!("return interview by {}", format_london(at)));
    }
    words.join("; ")
}

fn row(r: &SafeguardingRow, now: DateTime<Utc>) -> Option<Vec<Value>> {
    let EventDetails::Safeguarding(d) = &r.event.details else { return None };
    let missing = d.missing.as_ref().map(|m| match &m.found {
        Some(f) => format!("found {}", format_london(f.at)),
        None => format!("MISSING {} ({})", age(m.last_seen_at, now), m.current_grade().label()),
    });
    Some(vec![
        json!(r.event.id),
        json!(r.event.reference),
        json!(d.category),
        json!(d.risk),
        json!(r.event.status),
        json!(d.officer_in_charge),
        json!(r.event.borough),
        time(r.event.occurred_at),
        json!(age(r.event.occurred_at, now)),
        json!(missing),
        json!(due_words(r)),
    ])
}

pub async fn safeguarding(client: &Client, a: SafeguardingArgs, format: Format) -> anyhow::Result<()> {
    let mut printer = Printer::new(format, SAFEGUARDING_COLUMNS)?;
    let mut query = SafeguardingQueueQuery {
        queue: a.queue,
        category: a.category,
        officer: a.officer,
        borough: a.borough,
        sort: super::list_order::ListOrder::param(a.sort),
        limit: Some(a.limit.unwrap_or(usize::MAX).clamp(1, 1000)),
        ..SafeguardingQueueQuery::default()
    };
    super::paging::print_pages(&mut printer, a.limit, async |after| {
        query.after = after;
        let page = client.safeguarding_queue(&query).await?;
        Ok((page.rows.iter().filter_map(|r| row(r, page.at)).collect(), page.next))
    })
    .await?;
    printer.finish()?;
    Ok(())
}
