//! The grading inputs of an intelligence form, shared by the evaluation
//! and a draft's revision: 3x5x2 (source 1–3, intelligence A–E, handling P
//! or C with its conditions) and the priority, prefilled from the report
//! and read back with the input named when it cannot be.

use super::desk_form::{optional, pick, required, Refusal};
use crate::console::state::desk_form::field;
use crate::console::state::intelligence::IntelForm;
use crate::console::state::FormField;
use crate::domain::intelligence::{Grading, IntelligenceDetails, Priority};

const PRIORITIES: [(Priority, &str); 3] =
    [(Priority::High, "high"), (Priority::Medium, "medium"), (Priority::Low, "low")];

pub fn priority_word(priority: Priority) -> &'static str {
    PRIORITIES.iter().find(|(p, _)| *p == priority).map(|(_, w)| *w).unwrap_or("")
}

/// The grading inputs, prefilled with report `d`'s grading and priority.
pub fn grading_fields(d: &IntelligenceDetails) -> Vec<FormField> {
    let (source, intelligence, handling, conditions) = match &d.grading {
        Grading::ThreeFiveTwo { source, intelligence, handling, conditions } => {
            (source.to_string(), intelligence.to_string(), handling.to_string(), conditions.clone())
        }
        Grading::FiveFiveFive { .. } => Default::default(),
    };
    vec![
        field("source", "Source", source, "1 reliable, 2 untested, 3 not reliable"),
        field("intelligence", "Intelligence", intelligence, "A direct … E suspected false"),
        field("handling", "Handling", handling, "P lawful sharing, C with conditions"),
        field("conditions", "Conditions", conditions.unwrap_or_default(), "for C: the conditions"),
        field("priority", "Priority", priority_word(d.priority).into(), "high, medium or low"),
    ]
}

/// The 3x5x2 grading typed in the grading inputs.
pub fn grading(form: &IntelForm) -> Result<Grading, Refusal> {
    let source = required(form, "source")?;
    let source = source
        .parse::<u8>()
        .ok()
        .filter(|s| (1..=3).contains(s))
        .ok_or(("source", format!("'{source}' is not a source grade: use 1, 2 or 3")))?;
    let intelligence = letter(form, "intelligence", "ABCDE", "A, B, C, D or E")?;
    let handling = letter(form, "handling", "PC", "P or C")?;
    let conditions = optional(form, "conditions").filter(|_| handling == 'C');
    if handling == 'C' && conditions.is_none() {
        return Err(("conditions", "handling C needs its conditions".into()));
    }
    Ok(Grading::ThreeFiveTwo { source, intelligence, handling, conditions })
}

/// The priority typed, if any.
pub fn priority(form: &IntelForm) -> Result<Option<Priority>, Refusal> {
    let Some(typed) = optional(form, "priority") else { return Ok(None) };
    pick(&typed, &PRIORITIES, |(_, w)| vec![w.to_string()])
        .map(|(p, _)| Some(p))
        .ok_or(("priority", format!("'{typed}' is not a priority: use high, medium or low")))
}

/// One letter of `allowed`, typed in either case.
fn letter(form: &IntelForm, name: &'static str, allowed: &str, words: &str) -> Result<char, Refusal> {
    let typed = required(form, name)?.to_uppercase();
    let mut chars = typed.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if allowed.contains(c) => Ok(c),
        _ => Err((name, format!("'{typed}' is not one of {words}"))),
    }
}
