//! A person's places, vehicles and phones as `query person` prints them on
//! a terminal: one row each with their part and its dates and what is in
//! force on it; each id opens with `query place` or `query object`.

use chrono::Utc;
use serde_json::{json, Value};

use super::output::{Format, Printer};
use crate::api::Profile;
use crate::domain::link::LinkTarget;
use crate::domain::object::ObjectDetails;
use crate::domain::object_marker::current_labels;

pub const PERSON_LINKED_COLUMNS: &[&str] = &["what", "id", "label", "role", "from", "until", "warnings"];

/// Places (current first), then vehicles, then phones; nothing when none.
pub fn rows(profile: &Profile) -> Vec<Vec<Value>> {
    let mut places: Vec<_> = profile.places.iter().collect();
    places.sort_by_key(|p| p.to.is_some());
    let mut rows: Vec<Vec<Value>> = places
        .into_iter()
        .map(|p| {
            let warnings = p.warnings.join(", ");
            let role = p.role.label();
            vec![
                json!("place"),
                json!(p.place_id),
                json!(p.address),
                json!(role),
                json!(p.from),
                json!(p.to),
                json!(warnings),
            ]
        })
        .collect();
    let today = Utc::now().date_naive();
    let mut objects: Vec<(bool, Vec<Value>)> = Vec::new();
    for o in &profile.objects {
        if matches!(o.details, ObjectDetails::Property { .. }) {
            continue;
        }
        let link = profile.links.iter().find(|l| l.target == LinkTarget::Object && l.target_id == o.id);
        let role = link.map(|l| l.relationship.replace('_', " ")).unwrap_or_default();
        let markers = current_labels(o.details.markers(), today).join(", ");
        let row = vec![
            json!(o.details.kind_name()),
            json!(o.id),
            json!(o.details.label()),
            json!(role),
            json!(link.and_then(|l| l.from)),
            json!(link.and_then(|l| l.until)),
            json!(markers),
        ];
        objects.push((o.details.kind_name() == "phone", row));
    }
    objects.sort_by_key(|(phone, _)| *phone);
    rows.extend(objects.into_iter().map(|(_, row)| row));
    rows
}

/// The rows as a table, followed by a blank line; nothing when none.
pub fn print(profile: &Profile) -> anyhow::Result<()> {
    let rows = rows(profile);
    if rows.is_empty() {
        return Ok(());
    }
    let mut printer = Printer::new(Format::Table, PERSON_LINKED_COLUMNS)?;
    for row in rows {
        printer.row(row)?;
    }
    printer.finish()?;
    println!();
    Ok(())
}
