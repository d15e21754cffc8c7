//! `bluelamp query location TEXT`: places by postcode or address words,
//! ranked, with their warnings and why each matched; `bluelamp query place
//! ID --reason …`: one place's profile — its warnings, the people linked to
//! it and the records there, newest first.

use clap::Args;
use serde_json::{json, Value};

use super::output::{self, Format, Printer};
use super::rows::time;
use crate::api::place_records::{PlaceLookupQuery, PlaceProfile};
use crate::api::timeline_page::TIMELINE_PAGE_MAX;
use crate::client::Client;

#[derive(Debug, Args)]
pub struct LocationArgs {
    /// A postcode ("SW2 1AA", "sw21aa"), a postcode district, or words of the address; typos are forgiven.
    pub text: String,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Why the lookup is made, for the audit log.
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// The place's id, as `query location` gives it.
    pub id: String,
    /// Why the place is consulted (Data Protection Act 2018 s.62).
    #[arg(long)]
    pub reason: String,
}

pub const LOCATION_COLUMNS: &[&str] = &["place_id", "address", "borough", "warnings", "score", "why"];
pub const PLACE_PEOPLE_COLUMNS: &[&str] = &["person_id", "name", "role", "from", "to", "markers", "flags"];
pub const PLACE_TIMELINE_COLUMNS: &[&str] = &["occurred_at", "kind", "reference", "role", "status", "summary"];

pub async fn location(client: &Client, a: LocationArgs, format: Format) -> anyhow::Result<()> {
    let query = PlaceLookupQuery { q: a.text, limit: Some(a.limit), reason: a.reason };
    let reply = client.lookup_places(&query).await?;
    let mut printer = Printer::new(format, LOCATION_COLUMNS)?;
    for h in &reply.hits {
        printer.row(vec![
            json!(h.place_id),
            json!(h.address),
            json!(h.borough),
            json!(h.warnings.join("; ")),
            json!(h.score),
            json!(h.why.join("; ")),
        ])?;
    }
    printer.finish()?;
    Ok(())
}

pub async fn place(client: &Client, a: PlaceArgs, format: Format) -> anyhow::Result<()> {
    let profile = client.place_profile_whole(&a.id, &a.reason, TIMELINE_PAGE_MAX).await?;
    match format {
        Format::Json => output::print_json(&profile)?,
        Format::Jsonl => println!("{}", serde_json::to_string(&profile)?),
        Format::Csv => timeline(&profile, Format::Csv)?,
        Format::Table | Format::Text => {
            let p = &profile.place;
            let mut fields = vec![
                ("id", p.id.clone()),
                ("address", p.one_line()),
                ("borough", p.address.borough.clone().unwrap_or_else(|| "-".into())),
                (
                    "warnings",
                    if profile.current_warnings.is_empty() {
                        "none".into()
                    } else {
                        profile.current_warnings.join(", ")
                    },
                ),
                ("linked", linked(&profile)),
            ];
            if let (Some(lat), Some(lon)) = (p.address.lat, p.address.lon) {
                fields.insert(3, ("coordinates", format!("{lat}, {lon}")));
            }
            output::print_fields(&fields)?;
            println!();
            let mut people = Printer::new(Format::Table, PLACE_PEOPLE_COLUMNS)?;
            for person in &profile.people {
                people.row(vec![
                    json!(person.person_id),
                    json!(person.name),
                    json!(person.role.label()),
                    json!(person.from),
                    json!(person.to),
                    json!(person.markers.join(" ")),
                    json!(person.flags.join(", ")),
                ])?;
            }
            people.finish()?;
            println!();
            timeline(&profile, Format::Table)?;
        }
    }
    Ok(())
}

fn linked(profile: &PlaceProfile) -> String {
    let mut text = format!("{} people, {} records", profile.people.len(), profile.timeline.len());
    if profile.restricted > 0 {
        text.push_str(&format!(", {} restricted records withheld", profile.restricted));
    }
    text
}

fn timeline(profile: &PlaceProfile, format: Format) -> anyhow::Result<()> {
    let mut printer = Printer::new(format, PLACE_TIMELINE_COLUMNS)?;
    for e in &profile.timeline {
        printer.row(vec![
            time(e.occurred_at),
            json!(e.kind),
            json!(e.reference),
            json!(e.role.label()),
            json!(e.event.status),
            Value::String(e.event.summary.clone()),
        ])?;
    }
    printer.finish()?;
    Ok(())
}
