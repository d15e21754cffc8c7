//! `bluelamp query intelligence`: a queue of the intelligence desk
//! (evaluation, sanitisation, dissemination, my drafts, retention due), or
//! the reports whose text holds some words (`--text`, ranked by the
//! server), each report with its grading, handling conditions and the text
//! as the caller may read it.

use clap::Args;
use serde_json::{json, Value};

use super::choice;
use super::output::{Format, Printer};
use super::paging::print_pages;
use super::rows::time;
use crate::api::intelligence::{IntelligenceQueue, IntelligenceQueueQuery, IntelligenceSearchQuery};
use crate::client::Client;
use crate::domain::event::{Event, EventDetails};

#[derive(Debug, Args)]
pub struct IntelArgs {
    /// Which queue.
    #[arg(long, value_parser = choice::api::<IntelligenceQueue>(), required_unless_present = "text")]
    pub queue: Option<IntelligenceQueue>,
    /// The reports whose text holds these words, most words in common first,
    /// then newest (the sanitised text; the unsanitised too for intelligence
    /// roles; never a handling code C report's; a draft only for its author).
    #[arg(long, conflicts_with = "queue", num_args = 1.., value_name = "WORDS")]
    pub text: Option<Vec<String>>,
    /// The queue's order: the newest first (the default) or the oldest
    /// first; the evaluation queue keeps its own (priority, then the
    /// longest waiting).
    #[arg(long, value_enum, conflicts_with = "text")]
    pub sort: Option<super::list_order::ListOrder>,
    /// Stop after this many rows (at most 1000; 100 for --text when absent).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Why the queue is read, for the audit log.
    #[arg(long)]
    pub reason: Option<String>,
}

/// A queue's rows: a search's without its first column.
pub const INTEL_COLUMNS: &[&str] = match SEARCH_COLUMNS.split_first() {
    Some((_, rest)) => rest,
    None => &[],
};

/// A search's rows: how many of the words each report holds, then its columns.
pub const SEARCH_COLUMNS: &[&str] = &[
    "words",
    "id",
    "reference",
    "status",
    "priority",
    "grading",
    "conditions",
    "submitted_by",
    "submitted_at",
    "summary",
    "text",
    "retention_due",
];

fn row(event: &Event) -> Option<Vec<Value>> {
    let EventDetails::Intelligence(d) = &event.details else { return None };
    Some(vec![
        json!(event.id),
        json!(event.reference),
        json!(event.status),
        json!(d.priority),
        json!(d.grading.code()),
        json!(d.conditions()),
        json!(d.submission.as_ref().map(|s| s.by.clone())),
        d.submission.as_ref().map(|s| time(s.at)).unwrap_or(Value::Null),
        json!(event.summary),
        json!(d.sanitised_text),
        json!(d.retention_due()),
    ])
}

pub async fn intelligence(client: &Client, a: IntelArgs, format: Format) -> anyhow::Result<()> {
    let (Some(queue), None) = (a.queue, &a.text) else {
        return search(client, a, format).await;
    };
    let mut printer = Printer::new(format, INTEL_COLUMNS)?;
    let query = IntelligenceQueueQuery {
        queue,
        sort: super::list_order::ListOrder::param(a.sort),
        limit: Some(a.limit.unwrap_or(1000).clamp(1, 1000)),
        after: None,
        reason: a.reason,
    };
    let page = client.intelligence_queue(&query).await?;
    for event in &page.items {
        if let Some(values) = row(event) {
            printer.row(values)?;
        }
    }
    printer.finish()?;
    Ok(())
}

/// `--text`: the server's ranking, page after page up to the limit.
async fn search(client: &Client, a: IntelArgs, format: Format) -> anyhow::Result<()> {
    let mut printer = Printer::new(format, SEARCH_COLUMNS)?;
    let q = a.text.unwrap_or_default().join(" ");
    let limit = a.limit.unwrap_or(100).clamp(1, 1000);
    let reason = a.reason;
    print_pages(&mut printer, Some(limit), async |after| {
        let query =
            IntelligenceSearchQuery { q: q.clone(), limit: Some(limit.min(100)), after, reason: reason.clone() };
        let page = client.intelligence_search(&query).await?;
        let rows = page
            .items
            .iter()
            .filter_map(|hit| row(&hit.event).map(|r| std::iter::once(json!(hit.words)).chain(r).collect()))
            .collect();
        Ok((rows, page.next))
    })
    .await?;
    printer.finish()?;
    Ok(())
}
