//! How the console writes what it shows, decided in one place: times
//! (`times`: today's as `14:05`, any other day's with its word or its year,
//! due times as how long), text in a column (`fit`: cut only with `…`),
//! and how a table's columns share its width (`columns`: identifiers are
//! never cut).

pub mod columns;
pub mod fit;
mod times;

pub use times::{clock, date, date_time, due, length, relative, span, time, today, when};

/// A snake_case code as words: `awaiting_cps` → `awaiting cps`.
pub fn words(code: &str) -> String {
    code.replace('_', " ")
}

/// The wire name of a serde enum value, as words.
pub fn label<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(words)).unwrap_or_default()
}

/// A person's part on an incident as the control room says it: the
/// reporting person is the caller.
pub fn incident_part(role: crate::domain::link::EventRole) -> String {
    match role {
        crate::domain::link::EventRole::ReportingPerson => "caller".to_string(),
        other => label(&other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_words() {
        assert_eq!(label(&crate::domain::event::CaseStatus::AwaitingCps), "awaiting cps");
        assert_eq!(words("cps_full_code_test"), "cps full code test");
    }
}
