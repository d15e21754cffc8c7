//! The records without a view of their own (crime, intelligence,
//! safeguarding, ASB, incident): their details field by field under one
//! "Details" section, codes in words, times in London time, the status
//! left to the Record section so it is said once.

use serde_json::Value;

use super::sheet::{Sheet, Tone};
use crate::console::format;
use crate::domain::event::EventDetails;
use crate::domain::wording::{sentence, words};

pub fn sections(details: &EventDetails, sheet: &mut Sheet) {
    sheet.section("Details");
    let Ok(Value::Object(map)) = serde_json::to_value(details) else { return };
    for (key, value) in map {
        if matches!(key.as_str(), "kind" | "status") {
            continue;
        }
        value_lines(&label(&key), &value, 0, sheet);
    }
}

/// A field's name as a label: `arrest_reason` → "Arrest reason".
fn label(key: &str) -> String {
    sentence(&key.replace('_', " "))
}

/// A code in words, a timestamp in London time, other text as it is.
fn text_value(text: &str) -> String {
    if let Ok(at) = text.parse::<chrono::DateTime<chrono::Utc>>() {
        return format::date_time(at);
    }
    let code = !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    if code {
        words(text)
    } else {
        text.to_string()
    }
}

/// Any JSON value: objects by field, lists by item, indented by `depth`.
fn value_lines(name: &str, value: &Value, depth: usize, sheet: &mut Sheet) {
    let indent = "  ".repeat(depth);
    let named = format!("{indent}{name}");
    match value {
        Value::Object(map) => {
            sheet.text(0, &named, Tone::Section, None);
            for (key, inner) in map {
                value_lines(&label(key), inner, depth + 1, sheet);
            }
        }
        Value::Array(items) if items.is_empty() => sheet.toned(&named, "none", Tone::Dim),
        Value::Array(items) => {
            sheet.text(0, &named, Tone::Section, None);
            for (i, item) in items.iter().enumerate() {
                value_lines(&format!("{}.", i + 1), item, depth + 1, sheet);
            }
        }
        Value::String(text) => sheet.field(&named, text_value(text)),
        Value::Bool(true) => sheet.field(&named, "yes"),
        Value::Bool(false) => sheet.field(&named, "no"),
        Value::Null => {}
        other => sheet.field(&named, other.to_string()),
    }
}
