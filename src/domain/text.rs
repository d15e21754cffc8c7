//! What text may hold. Three rules, each stricter than the one before:
//!
//! - any text: no NUL, which PostgreSQL cannot store (SQLite can, so the
//!   rule is the domain's, not a backend's surprise);
//! - free text (narratives, summaries, notes, reasons): line breaks and
//!   tabs, but no other control character and no bidirectional override or
//!   isolate, which make a screen show text in another order than it is
//!   stored;
//! - names and identifiers: none of those, no line breaks, and no invisible
//!   (zero-width) characters either, so that two names that look alike are
//!   alike when searched, linked and read out.
//!
//! [`check_document`] applies the free-text rule and the date range to every
//! string of a request, so no field escapes them; validation applies the
//! rule each field needs.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

use super::dates::check_in_range;
use super::FieldError;

/// Text of any kind: refused only what no database stores.
pub fn storable(field: &str, text: &str) -> Result<(), FieldError> {
    match text.chars().find(|&c| c == '\0') {
        Some(c) => Err(refused(field, c)),
        None => Ok(()),
    }
}

/// Free text: line breaks and tabs, but no other control character and no
/// bidirectional override or isolate.
pub fn free_text(field: &str, text: &str) -> Result<(), FieldError> {
    match text.chars().find(|&c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c)) {
        Some(c) => Err(refused(field, c)),
        None => Ok(()),
    }
}

/// A name or identifier: no control character at all, no bidirectional
/// control, no invisible character, no line separator.
pub fn identity(field: &str, text: &str) -> Result<(), FieldError> {
    match text.chars().find(|&c| c.is_control() || is_bidi_control(c) || is_invisible(c) || is_line_separator(c)) {
        Some(c) => Err(refused(field, c)),
        None => Ok(()),
    }
}

/// The embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069)
/// that reorder what follows them on screen.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that draw nothing: zero-width space, joiners (U+200B–U+200D),
/// word joiner (U+2060), byte-order mark (U+FEFF), and the direction marks
/// (U+200E, U+200F, U+061C), which are invisible too.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{061C}')
}

fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

fn refused(field: &str, c: char) -> FieldError {
    let code = format!("U+{:04X}", u32::from(c));
    let why = if c == '\0' {
        format!("contains a NUL character ({code}), which cannot be stored")
    } else if is_bidi_control(c) {
        format!("contains a bidirectional control character ({code}), which would make it read in another order")
    } else if is_invisible(c) {
        format!("contains an invisible character ({code}), which would make it look like another")
    } else if c.is_control() {
        format!("contains a control character ({code})")
    } else {
        format!("contains a line separator ({code})")
    };
    FieldError::new(field, why)
}

/// [`check_document`] over a value as it is written out: every text field
/// of a record, however deep, and every date in it.
pub fn check_all<T: serde::Serialize>(value: &T, today: NaiveDate) -> Result<(), FieldError> {
    let document =
        serde_json::to_value(value).map_err(|e| FieldError::new("body", format!("cannot be read as a record: {e}")))?;
    check_document(&document, today)
}

/// Checks every key and string of a JSON document against the free-text
/// rule, and every string that reads as a date or time against the range
/// records are dated in; an error names the path of the string
/// (`names[0].surname`).
pub fn check_document(value: &serde_json::Value, today: NaiveDate) -> Result<(), FieldError> {
    check_at(value, &mut String::new(), today)
}

fn check_at(value: &serde_json::Value, path: &mut String, today: NaiveDate) -> Result<(), FieldError> {
    match value {
        serde_json::Value::String(text) => check_value(path, text, today),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_at(item, path, today)?;
                path.truncate(len);
            }
            Ok(())
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                free_text(path, key)?;
                check_at(item, path, today)?;
                path.truncate(len);
            }
            Ok(())
        }
        serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::Number(_) => Ok(()),
    }
}

/// One piece of text as a request carries it (a query parameter, a path
/// segment, a header used as data): free text, and in range if it is a date.
pub fn check_value(field: &str, text: &str, today: NaiveDate) -> Result<(), FieldError> {
    let field = if field.is_empty() { "body" } else { field };
    free_text(field, text)?;
    match read_as_date(text) {
        Some(date) => check_in_range(field, date, today),
        None => Ok(()),
    }
}

/// The date a text names, if it is written as one (`2026-11-25`, or a time
/// such as `2026-11-25T10:00:00Z`), in the forms the API reads dates in.
fn read_as_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let starts_like_a_date = text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    if !starts_like_a_date || !text.contains('-') {
        return None;
    }
    text.parse::<DateTime<FixedOffset>>()
        .map(|t| t.date_naive())
        .or_else(|_| text.parse::<NaiveDateTime>().map(|t| t.date()))
        .or_else(|_| text.parse::<NaiveDate>())
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn nul_is_refused_by_every_rule() {
        for rule in [storable, free_text, identity] {
            let err = rule("names[0].surname", "Smi\0th").unwrap_err();
            assert_eq!(err.field, "names[0].surname");
            assert!(err.message.contains("NUL"), "{}", err.message);
        }
    }

    #[test]
    fn free_text_keeps_line_breaks_and_tabs_but_not_other_controls_or_overrides() {
        assert!(free_text("summary", "Seen at 10:00.\r\n\tLeft on foot.").is_ok());
        assert!(free_text("summary", "zero\u{200B}width joiners are allowed in prose").is_ok());
        assert!(free_text("summary", "bell\u{7}").unwrap_err().message.contains("U+0007"));
        assert!(free_text("summary", "gpj.\u{202E}exe").unwrap_err().message.contains("U+202E"));
        assert!(free_text("summary", "\u{2067}isolate").unwrap_err().message.contains("U+2067"));
        assert!(free_text("summary", "C1 \u{85}").is_err());
    }

    #[test]
    fn names_refuse_invisible_characters_and_line_breaks() {
        assert!(identity("surname", "O'Brien-Núñez").is_ok());
        assert!(identity("surname", "محمد").is_ok());
        for bad in ["Sm\u{200B}ith", "Sm\u{200D}ith", "\u{FEFF}Smith", "Smith\u{2060}", "Smith\n", "Sm\u{2028}ith"] {
            assert!(identity("surname", bad).is_err(), "{bad:?} accepted");
        }
        assert!(identity("surname", "\u{202E}htimS").unwrap_err().message.contains("bidirectional"));
        assert!(identity("surname", "Sm\u{200B}ith").unwrap_err().message.contains("invisible"));
    }

    #[test]
    fn a_document_is_checked_everywhere_and_the_path_named() {
        let doc = serde_json::json!({"names": [{"forenames": "A", "surname": "B"}, {"surname": "C\u{0}"}]});
        assert_eq!(check_document(&doc, today()).unwrap_err().field, "names[1].surname");
        let doc = serde_json::json!({"details": {"notes\u{202E}": "x"}});
        assert_eq!(check_document(&doc, today()).unwrap_err().field, "details.notes\u{202E}");
        let doc = serde_json::json!(["a", "b\u{1}"]);
        assert_eq!(check_document(&doc, today()).unwrap_err().field, "[1]");
        assert_eq!(check_document(&serde_json::json!("\u{0}"), today()).unwrap_err().field, "body");
        let fine = serde_json::json!({"summary": "Line one\nline two", "n": 3, "ok": true, "none": null});
        assert!(check_document(&fine, today()).is_ok());
    }

    #[test]
    fn dates_in_a_document_are_in_range() {
        for bad in ["-262143-01-01", "-262143-01-01T00:00:00Z", "1899-12-31", "+262142-12-31T23:59:59Z", "2040-01-01"] {
            let doc = serde_json::json!({"occurred_at": bad});
            assert_eq!(check_document(&doc, today()).unwrap_err().field, "occurred_at", "{bad} accepted");
        }
        for good in
            ["1900-01-01", "2026-11-25T10:00:00Z", "2026-11-25T10:00:00+01:00", "2030-06-01", "1985", "-", "12-4"]
        {
            assert!(check_document(&serde_json::json!({"at": good}), today()).is_ok(), "{good} refused");
        }
    }
}
