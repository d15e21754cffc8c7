//! `bluelamp query intelligence`: a queue of the intelligence desk
//! (evaluation, sanitisation, dissemination, my drafts, retention due),
//! each report with its grading, handling conditions and the text as the
//! caller may read it.

use clap::Args;
use serde_json::{json, Value};

use super::choice;
use super::output::{Format, Printer};
use super::rows::time;
use crate::api::intelligence::{IntelligenceQueue, IntelligenceQueueQuery};
use crate::client::Client;
use crate::domain::event::{Event, EventDetails};

#[derive(Debug, Args)]
pub struct IntelArgs {
    /// Which queue.
    #[arg(long, value_parser = choice::api::<IntelligenceQueue>())]
    pub queue: IntelligenceQueue,
    /// Stop after this many rows (at most 1000).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Why the queue is read, for the audit log.
    #[arg(long)]
    pub reason: Option<String>,
}

pub const INTEL_COLUMNS: &[&str] = &[
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
    let mut printer = Printer::new(format, INTEL_COLUMNS)?;
    let query = IntelligenceQueueQuery {
        queue: a.queue,
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
