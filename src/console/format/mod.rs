//! How the console writes what it shows, decided in one place: times
//! (`times`: today's as `14:05`, any other day's with its word or its year,
//! due times as how long), text in a column (`fit`: cut only with `…`),
//! and how a table's columns share its width (`columns`: identifiers are
//! never cut).

pub mod columns;
pub mod fit;
mod times;

pub use times::{clock, date, date_time, due, length, relative, span, time, today, when};

/// A code as the wording table says it: `awaiting_cps` → `awaiting the
/// CPS decision`, so a list column reads as the record view does.
pub fn words(code: &str) -> String {
    crate::domain::wording::words(code)
}

/// The wire name of a serde enum value, in the wording table's words.
pub fn label<T: serde::Serialize>(value: &T) -> String {
    crate::domain::wording::of(value)
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
        assert_eq!(label(&crate::domain::event::CaseStatus::AwaitingCps), "awaiting the CPS decision");
        assert_eq!(words("cps_full_code_test"), "CPS: full code test met");
        assert_eq!(words("a_code_of_its_own"), "a code of its own");
    }
}
