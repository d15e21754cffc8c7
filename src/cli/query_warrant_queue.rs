//! `bluelamp query warrants --sort KEY`: the outstanding warrants as the
//! queue ranks them on the server, in the order asked for (priority,
//! oldest, newest, name), page by page, each with its score, its wanted
//! person by name and where they are held when in custody.

use serde_json::{json, Value};

use super::output::{Format, Printer};
use super::rows::flag_codes;
use crate::api::warrants::{QueueRow, QueueSort};
use crate::client::{Client, QueueQuery};

/// The orders the queue can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// Highest score first, then the oldest.
    Priority,
    /// Oldest issued first.
    Oldest,
    /// Newest issued first.
    Newest,
    /// By the wanted person's surname.
    Name,
}

impl From<SortKey> for QueueSort {
    fn from(key: SortKey) -> QueueSort {
        match key {
            SortKey::Priority => QueueSort::Priority,
            SortKey::Oldest => QueueSort::Oldest,
            SortKey::Newest => QueueSort::Newest,
            SortKey::Name => QueueSort::Name,
        }
    }
}

pub const QUEUE_COLUMNS: &[&str] = &[
    "id",
    "reference",
    "score",
    "status",
    "warrant_kind",
    "person_id",
    "wanted_person",
    "flags",
    "held_at",
    "issued_on",
    "issuing_court",
    "offence",
    "borough",
    "allocated_to",
    "attempts",
];

fn row(r: &QueueRow) -> Vec<Value> {
    vec![
        json!(r.id),
        json!(r.reference),
        json!(r.score),
        json!(r.status),
        json!(r.warrant_kind),
        json!(r.person_id),
        json!(r.person_name),
        flag_codes(r.flags),
        json!(r.held_at),
        json!(r.issued_on.to_string()),
        json!(r.issuing_court),
        json!(r.offence),
        json!(r.borough),
        json!(r.allocated_to),
        json!(r.attempts),
    ]
}

/// The queue in `sort`, narrowed by kind and borough, up to `limit` rows.
pub async fn queue(
    client: &Client,
    sort: SortKey,
    kind: Option<String>,
    borough: Option<String>,
    limit: Option<usize>,
    format: Format,
) -> anyhow::Result<()> {
    let mut printer = Printer::new(format, QUEUE_COLUMNS)?;
    let kind = kind.map(|k| serde_json::from_value(Value::String(k))).transpose()?;
    let mut query = QueueQuery {
        kind,
        borough,
        sort: Some(sort.into()),
        limit: Some(limit.unwrap_or(usize::MAX).clamp(1, 500)),
        ..QueueQuery::default()
    };
    super::paging::print_pages(&mut printer, limit, async |after| {
        query.after = after;
        let page = client.warrant_queue(&query).await?;
        Ok((page.items.iter().map(row).collect(), page.next))
    })
    .await?;
    printer.finish()?;
    Ok(())
}
