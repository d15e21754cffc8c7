//! What a crime form sends, built from its inputs as an investigator types
//! them: the officer in the case from the list of those who work crimes, a
//! class by its code or its name, an outcome by its number or its words, a
//! log entry's kind in words. An input that cannot be read is refused by
//! name before anything is sent; the lists a form chooses from are shown
//! under it, narrowed by what is typed.

use super::allocation;
use super::desk_form::{optional, pick, required, Refusal};
use crate::api::crimes::CrimeTablesView;
use crate::console::state::crimes::{CrimeForm, CrimeFormKind};
use crate::domain::crime::{CrimeAction, CrimeDetails, CrimeLogKind};

/// The kinds of entry an investigator writes (decisions are the desk's own).
const LOG_KINDS: [(CrimeLogKind, &str); 4] = [
    (CrimeLogKind::Action, "action"),
    (CrimeLogKind::Enquiry, "enquiry"),
    (CrimeLogKind::VictimContact, "victim contact"),
    (CrimeLogKind::Note, "note"),
];

/// How many choices a list under a form shows.
const SHOWN: usize = 6;

/// The action a form on crime `d` sends.
pub fn action(
    form: &CrimeForm,
    d: &CrimeDetails,
    tables: Option<&CrimeTablesView>,
    officers: &[String],
) -> Result<CrimeAction, Refusal> {
    Ok(match form.kind {
        CrimeFormKind::Allocate => {
            let typed = required(form, "officer")?;
            let officer = allocation::officer(officers, &typed, "crimes").map_err(|e| ("officer", e))?;
            let reason = optional(form, "reason");
            if d.allocation().is_some() && reason.is_none() {
                return Err(("reason", "a reallocation needs its reason".into()));
            }
            CrimeAction::Allocate { officer, unit: required(form, "unit")?, reason }
        }
        CrimeFormKind::Log => {
            let typed = required(form, "kind")?;
            let kind = pick(&typed, &LOG_KINDS, |(_, w)| vec![w.to_string()]).map(|(k, _)| k).ok_or((
                "kind",
                format!("'{typed}' is not a kind of entry; use action, enquiry, victim contact or note"),
            ))?;
            CrimeAction::Log { kind, text: required(form, "text")? }
        }
        CrimeFormKind::Classify => {
            let code = class(&required(form, "code")?, tables)?;
            let reason = optional(form, "reason");
            if d.class().is_some() && reason.is_none() {
                return Err(("reason", "a reclassification needs its reason".into()));
            }
            CrimeAction::Classify { code, reason }
        }
        CrimeFormKind::Review => CrimeAction::Review { note: required(form, "note")? },
        CrimeFormKind::ProposeOutcome => CrimeAction::ProposeOutcome {
            outcome: outcome(&required(form, "outcome")?, tables)?,
            note: required(form, "note")?,
        },
        CrimeFormKind::ApproveOutcome | CrimeFormKind::ReturnOutcome | CrimeFormKind::Cancel => {
            return super::crime_decision::action(form.kind, form)
        }
        CrimeFormKind::Unit | CrimeFormKind::Link => {
            return Err(("", "the unit is kept in the console, and a link is the lookup's".into()))
        }
    })
}

/// A class by its code, or by its name when one class fits; as typed while
/// the table is still loading (the server checks it).
fn class(typed: &str, tables: Option<&CrimeTablesView>) -> Result<String, Refusal> {
    let Some(tables) = tables else { return Ok(typed.to_string()) };
    if let Some(c) = tables.classes.iter().find(|c| c.code.eq_ignore_ascii_case(typed)) {
        return Ok(c.code.clone());
    }
    let fits: Vec<_> = tables.classes.iter().filter(|c| contains(&c.name, typed)).collect();
    match fits.as_slice() {
        [one] => Ok(one.code.clone()),
        [] => Err(("code", format!("no class is '{typed}': type its code (such as 28E) or words of its name"))),
        many => Err(("code", format!("'{typed}' fits {} classes; type more of it, or the code", many.len()))),
    }
}

/// An outcome by its number, or by its words when one outcome fits.
fn outcome(typed: &str, tables: Option<&CrimeTablesView>) -> Result<u8, Refusal> {
    if let Ok(number) = typed.parse::<u8>() {
        return Ok(number);
    }
    let Some(tables) = tables else {
        return Err(("outcome", "type the outcome's number while the table loads".into()));
    };
    let fits: Vec<_> = tables.outcomes.iter().filter(|o| contains(&o.name, typed)).collect();
    match fits.as_slice() {
        [one] => Ok(one.number),
        [] => Err(("outcome", format!("no outcome type is '{typed}': type its number or words of it"))),
        many => {
            Err(("outcome", format!("'{typed}' fits {} outcome types; type more of it, or the number", many.len())))
        }
    }
}

/// Whether every word typed is in `name`.
fn contains(name: &str, typed: &str) -> bool {
    let name = name.to_lowercase();
    let words: Vec<String> = typed.split_whitespace().map(str::to_lowercase).collect();
    !words.is_empty() && words.iter().all(|w| name.contains(w.as_str()))
}

/// The list under a form's focused input, narrowed by what is typed there:
/// the officers, the classes or the outcome types.
pub fn choices(form: &CrimeForm, tables: Option<&CrimeTablesView>, officers: &[String]) -> Option<String> {
    let typed = form.value(form.focused()).trim();
    let shown = |label: &str, all: Vec<String>| -> String {
        if all.is_empty() {
            return format!("{label}: none fits");
        }
        let more = all.len().saturating_sub(SHOWN);
        let mut text = format!("{label}: {}", all.into_iter().take(SHOWN).collect::<Vec<_>>().join(" · "));
        if more > 0 {
            text.push_str(&format!(" (+{more} more)"));
        }
        text
    };
    match (form.kind, form.focused()) {
        (CrimeFormKind::Allocate, "officer") => Some(allocation::choices(officers, typed)),
        (CrimeFormKind::Log, "kind") => Some("Kinds: action · enquiry · victim contact · note".into()),
        (CrimeFormKind::Classify, "code") => Some(match tables {
            None => "Classes: loading…".into(),
            Some(t) => shown(
                "Classes",
                t.classes
                    .iter()
                    .filter(|c| {
                        typed.is_empty()
                            || c.code.to_lowercase().starts_with(&typed.to_lowercase())
                            || contains(&c.name, typed)
                    })
                    .map(|c| format!("{} {}", c.code, c.name))
                    .collect(),
            ),
        }),
        (CrimeFormKind::ProposeOutcome, "outcome") => Some(match tables {
            None => "Outcomes: loading…".into(),
            Some(t) => shown(
                "Outcomes",
                t.outcomes
                    .iter()
                    .filter(|o| typed.is_empty() || o.number.to_string() == typed || contains(&o.name, typed))
                    .map(|o| format!("{} {}", o.number, o.name))
                    .collect(),
            ),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::state::desk_form::{field, DeskForm};
    use crate::domain::crime::{CrimeClass, OutcomeType};

    fn tables() -> CrimeTablesView {
        CrimeTablesView {
            classes: vec![
                CrimeClass { code: "28E".into(), name: "Burglary - residential".into() },
                CrimeClass { code: "30C".into(), name: "Burglary - business and community".into() },
                CrimeClass { code: "49".into(), name: "Other theft".into() },
            ],
            outcomes: vec![
                OutcomeType { number: 1, name: "Charged or summonsed".into() },
                OutcomeType { number: 14, name: "Evidential difficulties: suspect not identified".into() },
                OutcomeType { number: 18, name: "Investigation complete: no suspect identified".into() },
            ],
            classification_hours: 24,
            review_every_days: 28,
        }
    }

    fn form(kind: CrimeFormKind, values: &[(&'static str, &str)]) -> CrimeForm {
        let fields = values.iter().map(|&(n, v)| field(n, n, v.to_string(), "")).collect();
        DeskForm::new(kind, "c1".into(), "t".into(), fields)
    }

    fn crime() -> CrimeDetails {
        CrimeDetails::reported("Burglary".into(), None, chrono::Utc::now())
    }

    #[test]
    fn a_class_is_typed_by_its_code_or_words_of_its_name() {
        let t = tables();
        let classify =
            |typed: &str| action(&form(CrimeFormKind::Classify, &[("code", typed)]), &crime(), Some(&t), &[]);
        assert_eq!(classify("28e"), Ok(CrimeAction::Classify { code: "28E".into(), reason: None }));
        assert_eq!(classify("theft"), Ok(CrimeAction::Classify { code: "49".into(), reason: None }));
        assert_eq!(classify("burglary").unwrap_err().0, "code", "two classes fit");
        assert_eq!(classify("arson").unwrap_err().0, "code");
    }

    #[test]
    fn an_outcome_is_typed_by_its_number_or_its_words() {
        let t = tables();
        let propose = |typed: &str| {
            action(&form(CrimeFormKind::ProposeOutcome, &[("outcome", typed), ("note", "n")]), &crime(), Some(&t), &[])
        };
        assert_eq!(propose("18").unwrap(), CrimeAction::ProposeOutcome { outcome: 18, note: "n".into() });
        assert_eq!(propose("charged").unwrap(), CrimeAction::ProposeOutcome { outcome: 1, note: "n".into() });
        assert_eq!(propose("suspect").unwrap_err().0, "outcome", "two fit");
    }

    #[test]
    fn an_allocation_names_an_officer_from_the_list_and_a_unit() {
        let officers = vec!["dc.shah".to_string(), "dc.shaw".to_string(), "pc.lee".to_string()];
        let allocate = |officer: &str, unit: &str| {
            action(&form(CrimeFormKind::Allocate, &[("officer", officer), ("unit", unit)]), &crime(), None, &officers)
        };
        assert_eq!(
            allocate("lee", "Lambeth CID"),
            Ok(CrimeAction::Allocate { officer: "pc.lee".into(), unit: "Lambeth CID".into(), reason: None })
        );
        assert_eq!(allocate("dc.sha", "CID").unwrap_err().0, "officer", "two fit");
        assert_eq!(allocate("pc.lee", " ").unwrap_err().0, "unit");
        let log =
            action(&form(CrimeFormKind::Log, &[("kind", "victim"), ("text", "Rang Mrs Okoro")]), &crime(), None, &[]);
        assert_eq!(log, Ok(CrimeAction::Log { kind: CrimeLogKind::VictimContact, text: "Rang Mrs Okoro".into() }));
    }
}
