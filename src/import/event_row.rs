//! One row of an event file into an event, checked by the domain's own
//! rules for its kind; the person is attached when the nominal is found.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::{Map, Value};

use super::event_links::RowLinks;
use super::event_mapping::{EventPlan, ValuePlan, ValueSource, ValueType};
use crate::domain::event::EventInput;
use crate::domain::link::EventRole;
use crate::domain::pace::london_time::london_to_utc;

/// A row ready to be written once its nominal's person is known.
#[derive(Debug, Clone)]
pub struct EventRow {
    /// The row's reference in its source (provenance, idempotence).
    pub reference: String,
    /// The nominal row's reference in its source.
    pub nominal_ref: String,
    pub role: EventRole,
    /// Validated, with the person still to fill in.
    pub input: EventInput,
    /// The place and vehicles the row names, and those it could not.
    pub links: RowLinks,
}

/// The value of `plan` in `record`: None for an empty cell.
fn read_value(plan: &ValuePlan, record: &csv::StringRecord) -> Result<Option<Value>, String> {
    let raw = match &plan.source {
        ValueSource::Column(i) => record.get(*i).unwrap_or_default().trim().to_string(),
        ValueSource::Fixed(v) => v.clone(),
    };
    if raw.is_empty() {
        return Ok(None);
    }
    let text = match &plan.codes {
        Some(codes) => codes
            .get(&raw.to_uppercase())
            .cloned()
            .ok_or_else(|| format!("{}: '{raw}' is not a code the mapping knows", plan.name))?,
        None => raw,
    };
    let format = plan.format.as_deref().unwrap_or_default();
    let bad = |what: &str| format!("{}: '{text}' is not a {what} in the form '{format}'", plan.name);
    let value = match plan.value_type {
        ValueType::Text => Value::String(text.clone()),
        ValueType::Date => {
            let d = NaiveDate::parse_from_str(&text, format).map_err(|_| bad("date"))?;
            Value::String(d.to_string())
        }
        ValueType::Datetime => {
            let local = NaiveDateTime::parse_from_str(&text, format)
                .or_else(|_| NaiveDate::parse_from_str(&text, format).map(|d| d.and_time(chrono::NaiveTime::MIN)))
                .map_err(|_| bad("time"))?;
            let utc: DateTime<Utc> = london_to_utc(local).map_err(|e| format!("{}: {e}", plan.name))?;
            Value::String(utc.to_rfc3339())
        }
        ValueType::Number => {
            let n: f64 = text.parse().map_err(|_| format!("{}: '{text}' is not a number", plan.name))?;
            if n.fract() == 0.0 && n.abs() < 9e15 {
                Value::from(n as i64)
            } else {
                Value::from(n)
            }
        }
        ValueType::Bool => match text.to_lowercase().as_str() {
            "y" | "yes" | "true" | "1" => Value::Bool(true),
            "n" | "no" | "false" | "0" => Value::Bool(false),
            _ => return Err(format!("{}: '{text}' is not yes or no", plan.name)),
        },
        ValueType::List => Value::Array(
            text.split(plan.separator.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
    };
    Ok(Some(value))
}

fn text(plan: &ValuePlan, record: &csv::StringRecord) -> Result<Option<String>, String> {
    Ok(read_value(plan, record)?.map(|v| match v {
        Value::String(s) => s,
        other => other.to_string(),
    }))
}

fn put(target: &mut Map<String, Value>, path: &[String], value: Value) {
    match path {
        [] => {}
        [last] => {
            target.insert(last.clone(), value);
        }
        [first, rest @ ..] => {
            let inner = target.entry(first.clone()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = inner {
                put(m, rest, value);
            }
        }
    }
}

/// Reads one record; Err is the reason the row is rejected.
pub fn read(
    plan: &EventPlan,
    reference: String,
    record: &csv::StringRecord,
    now: DateTime<Utc>,
) -> Result<EventRow, String> {
    let nominal_ref = record.get(plan.nominal).unwrap_or_default().trim().to_string();
    if nominal_ref.is_empty() {
        return Err("the nominal reference is empty".into());
    }
    let role_text = text(&plan.role, record)?.ok_or("the role is empty")?;
    let role: EventRole = serde_json::from_value(Value::String(role_text.clone()))
        .map_err(|_| format!("role: '{role_text}' is not a part a person can have in an event"))?;
    let occurred_at = read_value(&plan.occurred_at, record)?.ok_or("occurred_at is empty")?;
    let summary = text(&plan.summary, record)?.ok_or("summary is empty")?;
    let borough = match &plan.borough {
        Some(b) => text(b, record)?,
        None => None,
    };
    let event_reference = match plan.reference {
        Some(i) => Some(record.get(i).unwrap_or_default().trim().to_string()).filter(|r| !r.is_empty()),
        None => Some(reference.clone()),
    };
    let mut details = Map::new();
    details.insert("kind".into(), Value::String(plan.kind.as_str().into()));
    for (path, value) in &plan.details {
        if let Some(v) = read_value(value, record)? {
            put(&mut details, path, v);
        }
    }
    let json = serde_json::json!({
        "reference": event_reference,
        "occurred_at": occurred_at,
        "borough": borough,
        "summary": summary,
        "people": [{"person_id": "-", "role": role}],
        "details": details,
    });
    let mut input: EventInput =
        serde_json::from_value(json).map_err(|e| format!("the row does not make a {}: {e}", plan.kind))?;
    input.validate(plan.kind, now).map_err(|e| format!("{}: {}", e.field, e.message))?;
    input.people.clear();
    let links = super::event_links::read(plan, record);
    Ok(EventRow { reference, nominal_ref, role, input, links })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{EventDetails, Grading, Priority};
    use crate::import::mapping::Mapping;

    const MAPPING: &str = r#"
reference = ["REF"]
[event]
kind = "intelligence"
occurred_at = { column = "WHEN", type = "datetime", format = "%Y-%m-%d %H:%M" }
summary = "TEXT"
[event.nominal]
column = "SUBJECT"
role = { value = "subject" }
[event.details]
"grading.scheme" = { value = "3x5x2" }
"grading.source" = { column = "SRC", type = "number" }
"grading.intelligence" = "INT"
"grading.handling" = "HANDLING"
priority = { column = "PRI", codes = { H = "high", M = "medium", L = "low" } }
sanitised_text = "TEXT"
"#;

    fn read_row(cells: &[&str]) -> Result<EventRow, String> {
        let mapping = Mapping::parse(MAPPING).unwrap();
        let header: Vec<String> =
            ["REF", "SUBJECT", "WHEN", "TEXT", "SRC", "INT", "HANDLING", "PRI"].iter().map(|s| s.to_string()).collect();
        let plan = mapping.event.as_ref().unwrap().plan(MAPPING, &header).unwrap();
        let record = csv::StringRecord::from(cells.to_vec());
        read(&plan, "R1".into(), &record, "2026-11-25T12:00:00Z".parse().unwrap())
    }

    #[test]
    fn dotted_fields_build_nested_values_of_their_types() {
        let row = read_row(&["R1", "N7", "2026-01-10 09:30", "Seen at the market", "1", "B", "P", "h"]).unwrap();
        assert_eq!(row.nominal_ref, "N7");
        assert_eq!(row.role, EventRole::Subject);
        assert_eq!(row.input.occurred_at.to_rfc3339(), "2026-01-10T09:30:00+00:00");
        let EventDetails::Intelligence(d) = &row.input.details else { panic!("{:?}", row.input.details) };
        assert_eq!(d.grading, Grading::ThreeFiveTwo { source: 1, intelligence: 'B', handling: 'P', conditions: None });
        assert_eq!(d.priority, Priority::High);
    }

    #[test]
    fn the_domain_rules_reject_a_row_with_the_field() {
        let err = read_row(&["R1", "N7", "2026-01-10 09:30", "Seen", "4", "B", "P", "H"]).unwrap_err();
        assert!(err.contains("details.grading.source") && err.contains("1, 2 or 3"), "{err}");
        let err = read_row(&["R1", "N7", "2026-01-10 09:30", "Seen", "one", "B", "P", "H"]).unwrap_err();
        assert!(err.contains("'one' is not a number"), "{err}");
        let err = read_row(&["R1", "", "2026-01-10 09:30", "Seen", "1", "B", "P", "H"]).unwrap_err();
        assert!(err.contains("nominal reference is empty"), "{err}");
        // The hour the clocks skip in March does not exist in London.
        let err = read_row(&["R1", "N7", "2026-03-29 01:30", "Seen", "1", "B", "P", "H"]).unwrap_err();
        assert!(err.starts_with("occurred_at:"), "{err}");
    }
}
