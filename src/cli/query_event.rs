//! `bluelamp query event COLLECTION ID --reason …` (and its short forms
//! `query warrant`, `query case`, `query crime`): one record as it is read,
//! with its people's names and the vehicles, phones and places linked to
//! it and their parts in it (each id opens with `query object` or `query
//! place`); `--format text` reads it in words (`record_text`).

use clap::{Args, ValueEnum};
use serde_json::json;

use super::output::{self, Format, Printer};
use crate::api::EventRecord;
use crate::client::Client;
use crate::domain::event::EventKind;

/// The collections a record is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Collection {
    Crimes,
    Intelligence,
    Safeguarding,
    Asb,
    Custody,
    Cases,
    Warrants,
    Incidents,
}

impl Collection {
    fn kind(self) -> EventKind {
        match self {
            Collection::Crimes => EventKind::Crime,
            Collection::Intelligence => EventKind::Intelligence,
            Collection::Safeguarding => EventKind::Safeguarding,
            Collection::Asb => EventKind::Asb,
            Collection::Custody => EventKind::Custody,
            Collection::Cases => EventKind::Case,
            Collection::Warrants => EventKind::Warrant,
            Collection::Incidents => EventKind::Incident,
        }
    }
}

#[derive(Debug, Args)]
pub struct EventArgs {
    pub collection: Collection,
    /// The record's id.
    pub id: String,
    /// Why the record is consulted (Data Protection Act 2018 s.62).
    #[arg(long)]
    pub reason: String,
}

/// One record of a kind the command names (`query warrant ID`).
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The record's id.
    pub id: String,
    /// Why the record is consulted (Data Protection Act 2018 s.62).
    #[arg(long)]
    pub reason: String,
}

/// The linked vehicles, phones and places, one row each.
pub const LINKED_COLUMNS: &[&str] = &["what", "id", "label", "role", "warnings"];

pub async fn event(client: &Client, a: EventArgs, format: Format) -> anyhow::Result<()> {
    show(client, a.collection.kind(), RecordArgs { id: a.id, reason: a.reason }, format).await
}

/// Record `a.id` of `kind`, read for `a.reason`, in `format`.
pub async fn show(client: &Client, kind: EventKind, a: RecordArgs, format: Format) -> anyhow::Result<()> {
    let record = client.event_record(kind, &a.id, &a.reason).await?;
    match format {
        Format::Text => print!("{}", super::record_text::render(&record)),
        Format::Json => output::print_json(&record)?,
        Format::Jsonl => println!("{}", serde_json::to_string(&record)?),
        Format::Csv => linked(&record, Format::Csv)?,
        Format::Table => {
            output::print_fields(&fields(&record))?;
            println!();
            linked(&record, Format::Table)?;
        }
    }
    Ok(())
}

fn fields(record: &EventRecord) -> Vec<(&'static str, String)> {
    let e = &record.event;
    let people: Vec<String> = e
        .people
        .iter()
        .map(|p| {
            let role = crate::domain::wording::of(&p.role);
            match record.names.get(&p.person_id) {
                Some(name) => format!("{name} ({role})"),
                None => format!("{} ({role})", p.person_id),
            }
        })
        .collect();
    vec![
        ("id", e.id.clone()),
        ("record", format!("{} {}", e.kind, e.reference)),
        ("version", e.version.to_string()),
        ("status", words(&e.status)),
        ("occurred", super::rows::rfc3339(e.occurred_at)),
        ("borough", e.borough.clone().unwrap_or_else(|| "-".into())),
        ("summary", e.summary.clone()),
        ("people", if people.is_empty() { "none".into() } else { people.join(", ") }),
        (
            "linked",
            format!(
                "{} vehicles, {} phones, {} places",
                record.vehicles.len(),
                record.phones.len(),
                record.places.len()
            ),
        ),
    ]
}

fn linked(record: &EventRecord, format: Format) -> anyhow::Result<()> {
    let mut printer = Printer::new(format, LINKED_COLUMNS)?;
    let objects = [("vehicle", &record.vehicles), ("phone", &record.phones)];
    for (what, list) in objects {
        for o in list.iter() {
            let role = words(o.role.as_str());
            printer.row(vec![
                json!(what),
                json!(o.object_id),
                json!(o.label),
                json!(role),
                json!(o.markers.join(", ")),
            ])?;
        }
    }
    for p in &record.places {
        printer.row(vec![
            json!("place"),
            json!(p.place_id),
            json!(p.address),
            json!(p.role.label()),
            json!(p.warnings.join(", ")),
        ])?;
    }
    printer.finish()?;
    Ok(())
}

/// A stored code in the wording table's words: `stolen_vehicle` is "stolen vehicle".
fn words(code: &str) -> String {
    crate::domain::wording::words(code)
}
