//! `bluelamp query vehicle|phone|object`: vehicles by a whole or partial
//! number plate, phones by number in any common form, and their profiles.

use clap::Args;
use serde_json::{json, Value};

use super::output::{self, Format, Printer};
use super::rows::rfc3339;
use crate::api::objects::{ObjectHit, ObjectLookupQuery, ObjectProfile};
use crate::api::timeline_page::TIMELINE_PAGE_MAX;
use crate::client::Client;
use crate::domain::handset::display_phone;
use crate::domain::identifiers::display_vrm;
use crate::domain::object::{Object, ObjectDetails};

#[derive(Debug, Args)]
pub struct VehicleArgs {
    /// A number plate: whole ("LB07 SEO", "lb07seo") or partial, with ? for
    /// one unknown character and * for any run of them ("LB07?E*").
    pub vrm: String,
    /// Show each vehicle found as its profile (people, markers, records);
    /// the reason is recorded in the audit log.
    #[arg(long)]
    pub reason: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct PhoneArgs {
    /// A UK number in any common form: 07700 900123, +44 7700 900123, 0044 7700-900123.
    pub number: String,
    /// Show each phone found as its profile; the reason is recorded in the audit log.
    #[arg(long)]
    pub reason: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct ObjectArgs {
    /// The vehicle's or phone's id.
    pub id: String,
    /// Why the record is consulted (Data Protection Act 2018 s.62).
    #[arg(long)]
    pub reason: String,
}

pub const HIT_COLUMNS: &[&str] = &["id", "kind", "key", "description", "markers", "why"];
pub const PEOPLE_COLUMNS: &[&str] = &["person_id", "name", "relationship", "from", "until", "markers", "flags"];
pub const TIMELINE_COLUMNS: &[&str] = &["id", "kind", "occurred_at", "role", "reference", "status", "summary"];
/// A profile as CSV: its timeline, each row naming the vehicle or phone.
pub const PROFILE_CSV_COLUMNS: &[&str] =
    &["object_id", "key", "id", "kind", "occurred_at", "role", "reference", "status", "summary"];

pub async fn vehicle(client: &Client, a: VehicleArgs, format: Format) -> anyhow::Result<()> {
    let query = ObjectLookupQuery { vrm: Some(a.vrm), limit: Some(a.limit), reason: a.reason.clone(), phone: None };
    found(client, query, a.reason, format).await
}

pub async fn phone(client: &Client, a: PhoneArgs, format: Format) -> anyhow::Result<()> {
    let query = ObjectLookupQuery { phone: Some(a.number), limit: Some(a.limit), reason: a.reason.clone(), vrm: None };
    found(client, query, a.reason, format).await
}

pub async fn object(client: &Client, a: ObjectArgs, format: Format) -> anyhow::Result<()> {
    let profile = client.object_profile_whole(&a.id, &a.reason, TIMELINE_PAGE_MAX).await?;
    print_profiles(&[profile], format)
}

/// The lookup's hits, or with a reason the profile of each.
async fn found(
    client: &Client,
    query: ObjectLookupQuery,
    reason: Option<String>,
    format: Format,
) -> anyhow::Result<()> {
    let reply = client.lookup_objects(&query).await?;
    let Some(reason) = reason else {
        if format == Format::Table && reply.hits.is_empty() {
            eprintln!("Nothing found for {}.", reply.reading);
        }
        let mut printer = Printer::new(format, HIT_COLUMNS)?;
        for hit in &reply.hits {
            printer.row(hit_row(hit))?;
        }
        printer.finish()?;
        return Ok(());
    };
    let mut profiles = Vec::with_capacity(reply.hits.len());
    for hit in &reply.hits {
        profiles.push(client.object_profile_whole(&hit.object.id, &reason, TIMELINE_PAGE_MAX).await?);
    }
    if format == Format::Table && profiles.is_empty() {
        eprintln!("Nothing found for {}.", reply.reading);
    }
    print_profiles(&profiles, format)
}

fn hit_row(hit: &ObjectHit) -> Vec<Value> {
    vec![
        json!(hit.object.id),
        json!(hit.object.details.kind_name()),
        json!(shown_key(&hit.object)),
        json!(description(&hit.object)),
        json!(hit.markers),
        json!(hit.why),
    ]
}

/// The mark or number as an operator writes it: `LB07 SEO`, `07700 900123`.
pub fn shown_key(object: &Object) -> String {
    match &object.details {
        ObjectDetails::Vehicle { vrm, .. } => display_vrm(vrm),
        ObjectDetails::Phone { number, .. } => display_phone(number),
        ObjectDetails::Property { description } => description.clone(),
    }
}

/// Colour, make and model of a vehicle; a phone's handset identifiers.
pub fn description(object: &Object) -> String {
    let words = match &object.details {
        ObjectDetails::Vehicle { make, model, colour, .. } => vec![colour.clone(), make.clone(), model.clone()],
        ObjectDetails::Phone { imei, imsi, .. } => vec![
            imei.as_ref().map(|v| format!("IMEI {v}")).unwrap_or_default(),
            imsi.as_ref().map(|v| format!("IMSI {v}")).unwrap_or_default(),
        ],
        ObjectDetails::Property { .. } => vec![],
    };
    words.into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn print_profiles(profiles: &[ObjectProfile], format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json if profiles.len() == 1 => output::print_json(&profiles[0])?,
        Format::Json => output::print_json(&profiles)?,
        Format::Jsonl => {
            for p in profiles {
                println!("{}", serde_json::to_string(p)?);
            }
        }
        // One row per linked record, each naming its vehicle or phone.
        Format::Csv => {
            let mut printer = Printer::new(format, PROFILE_CSV_COLUMNS)?;
            for p in profiles {
                for row in timeline_rows(p) {
                    let mut values = vec![json!(p.object.id), json!(shown_key(&p.object))];
                    values.extend(row);
                    printer.row(values)?;
                }
            }
            printer.finish()?;
        }
        Format::Table | Format::Text => {
            for (i, p) in profiles.iter().enumerate() {
                if i > 0 {
                    println!();
                }
                print_profile_table(p)?;
            }
        }
    }
    Ok(())
}

fn print_profile_table(p: &ObjectProfile) -> anyhow::Result<()> {
    let o = &p.object;
    let mut fields = vec![("id", o.id.clone()), ("kind", o.details.kind_name().to_string())];
    fields.push((if o.details.kind_name() == "phone" { "number" } else { "vrm" }, shown_key(o)));
    let described = description(o);
    if !described.is_empty() {
        fields.push(("description", described));
    }
    if let ObjectDetails::Vehicle { vin, former_vrms, .. } = &o.details {
        if let Some(vin) = vin {
            fields.push(("vin", vin.clone()));
        }
        if !former_vrms.is_empty() {
            let former: Vec<String> = former_vrms.iter().map(|f| display_vrm(&f.vrm)).collect();
            fields.push(("former marks", former.join(", ")));
        }
    }
    fields.push(("markers", if p.markers.is_empty() { "none".into() } else { p.markers.join(", ") }));
    let mut linked = format!("{} people, {} records", p.people.len(), p.timeline.len());
    if p.restricted > 0 {
        linked.push_str(&format!(", {} restricted records withheld", p.restricted));
    }
    fields.push(("linked", linked));
    output::print_fields(&fields)?;
    if !p.people.is_empty() {
        println!();
        let mut printer = Printer::new(Format::Table, PEOPLE_COLUMNS)?;
        for person in &p.people {
            let f = &person.flags;
            let flags: Vec<&str> =
                [(f.wanted, "WANTED"), (f.in_custody, "IN CUSTODY"), (f.missing, "MISSING"), (f.at_risk, "AT RISK")]
                    .into_iter()
                    .filter_map(|(on, l)| on.then_some(l))
                    .collect();
            printer.row(vec![
                json!(person.person_id),
                json!(person.name),
                json!(person.relationship),
                json!(person.from),
                json!(person.until),
                json!(person.markers),
                json!(flags),
            ])?;
        }
        printer.finish()?;
    }
    if !p.timeline.is_empty() {
        println!();
        let mut printer = Printer::new(Format::Table, TIMELINE_COLUMNS)?;
        for row in timeline_rows(p) {
            printer.row(row)?;
        }
        printer.finish()?;
    }
    Ok(())
}

fn timeline_rows(p: &ObjectProfile) -> Vec<Vec<Value>> {
    p.timeline
        .iter()
        .map(|t| {
            vec![
                json!(t.id),
                json!(t.kind),
                json!(rfc3339(t.occurred_at)),
                json!(t.role),
                json!(t.event.reference),
                json!(t.event.status),
                json!(t.event.summary),
            ]
        })
        .collect()
}
