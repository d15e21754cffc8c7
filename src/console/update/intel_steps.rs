//! The intelligence pane's other steps on the selected report: its author
//! revises a draft (only what was changed is sent, and the unsanitised text
//! only by a role shown it, so nothing withheld is written back) and
//! submits it; an intelligence officer returns a submitted report to its
//! author with the reason, and reviews an evaluated one for retention.
//! Who may take each is said before a form opens; the server decides again.

use super::custody_inputs::day;
use super::desk_form::{optional, pick, required, Refusal};
use super::intel_grading::{grading, grading_fields, priority};
use crate::console::state::desk_form::field;
use crate::console::state::intelligence::{report, IntelForm, IntelFormKind};
use crate::console::state::{FormField, State};
use crate::domain::event::{Event, EventKind};
use crate::domain::intelligence::{IntelligenceAction, IntelligenceDetails, RetentionDecision};
use crate::domain::role::Roles;

const DECISIONS: [(RetentionDecision, &str); 2] =
    [(RetentionDecision::Retain, "retain"), (RetentionDecision::Dispose, "dispose")];

/// Why the operator may not take step `kind`, if not.
pub fn not_allowed(roles: &Roles, kind: IntelFormKind) -> Option<&'static str> {
    match kind {
        IntelFormKind::Acknowledge => None,
        IntelFormKind::Revise | IntelFormKind::Submit if !roles.may_write(EventKind::Intelligence) => {
            Some("Your role may not write intelligence.")
        }
        IntelFormKind::Revise | IntelFormKind::Submit => None,
        _ if !roles.evaluates_intelligence() => Some(
            "Only an intelligence officer (intelligence analyst) evaluates, sanitises, disseminates, returns or reviews a report.",
        ),
        _ => None,
    }
}

/// The texts of a report as the operator was shown them: a handling code C
/// report's only once read with its conditions acknowledged.
fn shown_texts<'a>(state: &'a State, event: &'a Event, d: &'a IntelligenceDetails) -> Option<&'a IntelligenceDetails> {
    match state.intelligence.opened(&event.id) {
        Some(opened) => report(opened),
        None => d.conditions().is_none().then_some(d),
    }
}

/// The title and inputs of step `kind` on report `event`.
pub fn form(kind: IntelFormKind, event: &Event, d: &IntelligenceDetails, state: &State) -> (String, Vec<FormField>) {
    let reference = &event.reference;
    match kind {
        IntelFormKind::Revise => {
            let texts = shown_texts(state, event, d);
            let mut fields = grading_fields(d);
            let sanitised = texts.map(|t| t.sanitised_text.clone()).unwrap_or_default();
            fields.push(field("sanitised_text", "Sanitised", sanitised, "the text that may be shared; empty keeps it"));
            if state.roles().may_read_unsanitised() {
                let unsanitised = texts.and_then(|t| t.unsanitised_text.clone()).unwrap_or_default();
                fields.push(field(
                    "unsanitised_text",
                    "Unsanitised",
                    unsanitised,
                    "the source's words; empty keeps them",
                ));
            }
            (format!("Revise the draft {reference}"), fields)
        }
        IntelFormKind::Submit => (format!("Submit {reference} for evaluation (Enter sends)"), Vec::new()),
        IntelFormKind::Return => (
            format!("Return {reference} to its author"),
            vec![field("reason", "Reason", String::new(), "what the author is to add or correct")],
        ),
        _ => (
            format!("Retention review of {reference}"),
            vec![
                field("decision", "Decision", String::new(), "retain (still needed) or dispose"),
                field("note", "Note", String::new(), "the policing purpose it still serves, or why not"),
                field("next_review", "Next review", String::new(), "for retain: the day, after today (2027-06-01)"),
            ],
        ),
    }
}

/// The action step form `form` on report `d` sends.
pub fn action(
    form: &IntelForm,
    d: &IntelligenceDetails,
    reads_unsanitised: bool,
) -> Result<IntelligenceAction, Refusal> {
    Ok(match form.kind {
        IntelFormKind::Revise => revision(form, d, reads_unsanitised)?,
        IntelFormKind::Submit => IntelligenceAction::Submit {},
        IntelFormKind::Return => IntelligenceAction::Return { reason: required(form, "reason")? },
        _ => {
            let typed = required(form, "decision")?;
            let decision = pick(&typed, &DECISIONS, |(_, w)| vec![w.to_string()])
                .map(|(d, _)| d)
                .ok_or(("decision", format!("'{typed}' is not a decision: use retain or dispose")))?;
            let next_review =
                optional(form, "next_review").map(|t| day(&t)).transpose().map_err(|e| ("next_review", e))?;
            IntelligenceAction::ReviewRetention { decision, note: required(form, "note")?, next_review }
        }
    })
}

/// A revision of draft `d`: only what differs from it, and an empty text
/// keeps the stored one (never the placeholder of a text withheld).
fn revision(form: &IntelForm, d: &IntelligenceDetails, reads_unsanitised: bool) -> Result<IntelligenceAction, Refusal> {
    let graded = grading(form)?;
    let priority = priority(form)?.filter(|p| *p != d.priority);
    let sanitised_text = optional(form, "sanitised_text").filter(|t| *t != d.sanitised_text);
    let unsanitised_text = optional(form, "unsanitised_text")
        .filter(|_| reads_unsanitised)
        .filter(|t| Some(t) != d.unsanitised_text.as_ref());
    let grading = (graded != d.grading).then_some(graded);
    if grading.is_none() && priority.is_none() && sanitised_text.is_none() && unsanitised_text.is_none() {
        return Err(("", "nothing is changed: change a grade, the priority or a text".into()));
    }
    Ok(IntelligenceAction::Revise { grading, priority, sanitised_text, unsanitised_text })
}
