//! The crime pane's decisions on the selected crime: a supervisor approves
//! or returns the outcome proposed for it, and the crime registrar cancels
//! it (no crime, transferred to another force, or recorded twice) with the
//! additional verifiable information the counting rules ask for. Who may
//! take each is said before a form opens; the server decides again.

use super::desk_form::{optional, pick, required, Refusal};
use crate::console::state::crimes::CrimeFormKind;
use crate::console::state::desk_form::{field, DeskForm};
use crate::console::state::FormField;
use crate::domain::crime::{CancellationReason, CrimeAction, CrimeDetails};
use crate::domain::role::Roles;

/// The reasons a crime is cancelled, in the registrar's words.
pub const CANCELLATIONS: [(CancellationReason, &str); 3] = [
    (CancellationReason::NoCrime, "no crime"),
    (CancellationReason::TransferredToAnotherForce, "transferred to another force"),
    (CancellationReason::Duplicate, "duplicate"),
];

/// Why the operator may not take decision `kind` on crime `d`, if not.
pub fn not_allowed(roles: &Roles, kind: CrimeFormKind, d: &CrimeDetails) -> Option<&'static str> {
    match kind {
        CrimeFormKind::ApproveOutcome | CrimeFormKind::ReturnOutcome if !roles.supervises_crime() => {
            Some("Only a supervisor (inspector or superintendent) approves or returns an outcome.")
        }
        CrimeFormKind::ApproveOutcome | CrimeFormKind::ReturnOutcome if d.proposed_outcome.is_none() => {
            Some("No outcome is proposed for this crime.")
        }
        CrimeFormKind::Cancel if !roles.decides_crime_cancellation() => {
            Some("Only the crime registrar (the designated decision maker) cancels a crime.")
        }
        _ => None,
    }
}

/// The title and inputs of decision `kind` on crime `reference`.
pub fn form(kind: CrimeFormKind, reference: &str, d: &CrimeDetails) -> (String, Vec<FormField>) {
    let proposed = d.proposed_outcome.as_ref().map(|p| format!("{} {}", p.outcome, p.name)).unwrap_or_default();
    match kind {
        CrimeFormKind::ApproveOutcome => (
            format!("Approve outcome {proposed} for {reference}"),
            vec![field("note", "Note", String::new(), "optional: kept in its log with the approval")],
        ),
        CrimeFormKind::ReturnOutcome => (
            format!("Return outcome {proposed} on {reference}"),
            vec![field("reason", "Reason", String::new(), "what the investigation still has to do")],
        ),
        _ => (
            format!("Cancel {reference}"),
            vec![
                field("reason", "Reason", String::new(), "no crime, transferred to another force, or duplicate"),
                field(
                    "additional_information",
                    "Information",
                    String::new(),
                    "the additional verifiable information the decision rests on",
                ),
            ],
        ),
    }
}

/// The action decision form `form` sends.
pub fn action<K>(kind: CrimeFormKind, form: &DeskForm<K>) -> Result<CrimeAction, Refusal> {
    Ok(match kind {
        CrimeFormKind::ApproveOutcome => CrimeAction::ApproveOutcome { note: optional(form, "note") },
        CrimeFormKind::ReturnOutcome => CrimeAction::ReturnOutcome { reason: required(form, "reason")? },
        _ => {
            let typed = required(form, "reason")?;
            let reason = pick(&typed, &CANCELLATIONS, |(_, w)| vec![w.to_string()]).map(|(r, _)| r).ok_or((
                "reason",
                format!("'{typed}' is not a reason to cancel; use no crime, transferred to another force or duplicate"),
            ))?;
            CrimeAction::Cancel { reason, additional_information: required(form, "additional_information")? }
        }
    })
}
