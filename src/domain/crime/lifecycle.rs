//! The crime lifecycle as typed actions: classify (and reclassify with a
//! reason), allocate (and reallocate with a reason), log, supervisor
//! review, propose an outcome from the Home Office table, approve or return
//! it (a supervisor), cancel (the designated decision maker, with the
//! additional verifiable information), and link a person. Each action writes
//! its own entry in the investigation log. Pure: the server loads the crime,
//! applies an action here and writes the result.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::clock::next_review;
use super::{
    Allocation, Cancellation, CancellationReason, Classification, CrimeDetails, CrimeLogEntry, CrimeLogKind,
    CrimeReview, CrimeRules, CrimeStatus, Finalisation, ProposedOutcome,
};
use crate::domain::error::require_text;
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::FieldError;

/// The parts people play on a crime report.
pub const PERSON_ROLES: [EventRole; 4] =
    [EventRole::Victim, EventRole::Suspect, EventRole::Witness, EventRole::ReportingPerson];

/// Something done to a crime. On the wire: `{"type": "classify", "code": "28E"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CrimeAction {
    /// To a class of the counting-rules table; a reclassification needs
    /// its `reason`.
    Classify {
        code: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// An officer in the case and their unit; a reallocation needs its `reason`.
    Allocate {
        officer: String,
        unit: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    Log {
        kind: CrimeLogKind,
        text: String,
    },
    /// A supervisor's review; the next falls due after the force's interval.
    Review {
        note: String,
    },
    /// An outcome from the Home Office table, for a supervisor to approve.
    ProposeOutcome {
        outcome: u8,
        note: String,
    },
    /// A supervisor approves the proposed outcome: the crime is finalised.
    ApproveOutcome {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A supervisor returns the proposed outcome to the investigation.
    ReturnOutcome {
        reason: String,
    },
    /// The designated decision maker cancels the crime.
    Cancel {
        reason: CancellationReason,
        additional_information: String,
    },
    LinkPerson {
        person_id: String,
        role: EventRole,
    },
}

/// Who may take an action, beyond those who work crimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authority {
    Anyone,
    Supervisor,
    DecisionMaker,
}

const LIVE: &[CrimeStatus] = &[CrimeStatus::Open, CrimeStatus::UnderInvestigation, CrimeStatus::OutcomeProposed];
const INVESTIGATING: &[CrimeStatus] = &[CrimeStatus::Open, CrimeStatus::UnderInvestigation];
const ANY: &[CrimeStatus] = &[
    CrimeStatus::Open,
    CrimeStatus::UnderInvestigation,
    CrimeStatus::OutcomeProposed,
    CrimeStatus::Closed,
    CrimeStatus::Cancelled,
];

impl CrimeAction {
    pub fn name(&self) -> &'static str {
        match self {
            CrimeAction::Classify { .. } => "classify",
            CrimeAction::Allocate { .. } => "allocate",
            CrimeAction::Log { .. } => "add a log entry to",
            CrimeAction::Review { .. } => "review",
            CrimeAction::ProposeOutcome { .. } => "propose an outcome for",
            CrimeAction::ApproveOutcome { .. } => "approve the outcome of",
            CrimeAction::ReturnOutcome { .. } => "return the outcome of",
            CrimeAction::Cancel { .. } => "cancel",
            CrimeAction::LinkPerson { .. } => "link a person to",
        }
    }

    pub fn authority(&self) -> Authority {
        match self {
            CrimeAction::Review { .. } | CrimeAction::ApproveOutcome { .. } | CrimeAction::ReturnOutcome { .. } => {
                Authority::Supervisor
            }
            CrimeAction::Cancel { .. } => Authority::DecisionMaker,
            _ => Authority::Anyone,
        }
    }

    /// The statuses this action may be taken from.
    pub fn allowed_from(&self) -> &'static [CrimeStatus] {
        match self {
            CrimeAction::Log { .. } => ANY,
            CrimeAction::Allocate { .. } => INVESTIGATING,
            // Proposed by the investigation, so once someone is in the case.
            CrimeAction::ProposeOutcome { .. } => &[CrimeStatus::UnderInvestigation],
            CrimeAction::ApproveOutcome { .. } | CrimeAction::ReturnOutcome { .. } => &[CrimeStatus::OutcomeProposed],
            _ => LIVE,
        }
    }

    /// The reason recorded in the audit entry for this action.
    pub fn audit_reason(&self) -> String {
        match self {
            CrimeAction::Classify { code, reason: None } => format!("crime classified {code}"),
            CrimeAction::Classify { code, reason: Some(r) } => format!("crime reclassified {code}: {r}"),
            CrimeAction::Allocate { officer, .. } => format!("crime allocated to {officer}"),
            CrimeAction::Log { .. } => "crime: log entry".into(),
            CrimeAction::Review { .. } => "crime: supervisor review".into(),
            CrimeAction::ProposeOutcome { outcome, .. } => format!("crime: outcome {outcome} proposed"),
            CrimeAction::ApproveOutcome { .. } => "crime finalised: outcome approved".into(),
            CrimeAction::ReturnOutcome { .. } => "crime: proposed outcome returned".into(),
            CrimeAction::Cancel { .. } => "crime cancelled".into(),
            CrimeAction::LinkPerson { .. } => "crime: person linked".into(),
        }
    }
}

/// A crime's state: its details and the people on it.
#[derive(Debug, Clone, PartialEq)]
pub struct CrimeState {
    pub details: CrimeDetails,
    pub people: Vec<EventPerson>,
}

/// Who acts, when, under which rules.
pub struct Acting<'a> {
    pub by: &'a str,
    pub now: DateTime<Utc>,
    pub rules: &'a CrimeRules,
}

fn role_name(role: EventRole) -> String {
    serde_json::to_value(role).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn optional_reason(field: &str, reason: &Option<String>) -> Result<Option<String>, FieldError> {
    match reason {
        Some(r) => {
            require_text(field, r)?;
            Ok(Some(r.trim().to_string()))
        }
        None => Ok(None),
    }
}

/// The crime after `action`, or the rule it breaks (named by its field
/// within `action`).
pub fn apply(state: &CrimeState, action: &CrimeAction, at: &Acting<'_>) -> Result<CrimeState, FieldError> {
    apply_inner(state, action, at).map_err(|e| e.within("action"))
}

fn apply_inner(state: &CrimeState, action: &CrimeAction, at: &Acting<'_>) -> Result<CrimeState, FieldError> {
    let current = state.details.status;
    if !action.allowed_from().contains(&current) {
        return Err(FieldError::new(
            "type",
            format!("a crime that is {} cannot {} it", current.label(), action.name().trim_end_matches(" of")),
        ));
    }
    let mut d = state.details.clone();
    let mut people = state.people.clone();
    let (by, now) = (at.by.to_string(), at.now);
    let log = |d: &mut CrimeDetails, kind: CrimeLogKind, text: String| {
        d.log.push(CrimeLogEntry { at: now, by: by.clone(), kind, text });
    };
    match action {
        CrimeAction::Classify { code, reason } => {
            let class = at.rules.tables.class(code)?.clone();
            let reason = optional_reason("reason", reason)?;
            let text = match (d.class(), &reason) {
                (None, _) => format!("classified {} {}", class.code, class.name),
                (Some(old), _) if old.code == class.code => {
                    return Err(FieldError::new("code", format!("the crime is already classified {}", class.code)))
                }
                (Some(_), None) => {
                    return Err(FieldError::new("reason", "a reclassification needs its reason"));
                }
                (Some(old), Some(r)) => format!("reclassified from {} to {} {}: {r}", old.code, class.code, class.name),
            };
            d.classifications.push(Classification {
                code: class.code,
                name: class.name,
                at: now,
                by: by.clone(),
                reason,
            });
            log(&mut d, CrimeLogKind::Decision, text);
        }
        CrimeAction::Allocate { officer, unit, reason } => {
            require_text("officer", officer)?;
            require_text("unit", unit)?;
            let reason = optional_reason("reason", reason)?;
            let (officer, unit) = (officer.trim().to_string(), unit.trim().to_string());
            let text = match (d.allocation(), &reason) {
                (None, _) => format!("allocated to {officer} ({unit})"),
                (Some(a), _) if a.officer == officer && a.unit == unit => {
                    return Err(FieldError::new("officer", format!("the crime is already allocated to {officer}")))
                }
                (Some(_), None) => return Err(FieldError::new("reason", "a reallocation needs its reason")),
                (Some(a), Some(r)) => format!("reallocated from {} ({}) to {officer} ({unit}): {r}", a.officer, a.unit),
            };
            d.allocations.push(Allocation { officer, unit, at: now, by: by.clone(), reason });
            d.status = CrimeStatus::UnderInvestigation;
            if d.review_due.is_none() {
                d.review_due = Some(next_review(at.rules, now));
            }
            log(&mut d, CrimeLogKind::Decision, text);
        }
        CrimeAction::Log { kind, text } => {
            if *kind == CrimeLogKind::Decision {
                return Err(FieldError::new("kind", "decision entries are written by the desk's own actions"));
            }
            require_text("text", text)?;
            log(&mut d, *kind, text.trim().to_string());
        }
        CrimeAction::Review { note } => {
            require_text("note", note)?;
            d.reviews.push(CrimeReview { at: now, by: by.clone(), note: note.trim().to_string() });
            d.review_due = Some(next_review(at.rules, now));
            log(&mut d, CrimeLogKind::Decision, format!("supervisor review: {}", note.trim()));
        }
        CrimeAction::ProposeOutcome { outcome, note } => {
            let outcome = at.rules.tables.outcome(*outcome)?.clone();
            require_text("note", note)?;
            if d.class().is_none() {
                return Err(FieldError::new("outcome", "a crime is classified before an outcome is proposed"));
            }
            let text = format!("outcome proposed: {} {} ({})", outcome.number, outcome.name, note.trim());
            d.proposed_outcome = Some(ProposedOutcome {
                outcome: outcome.number,
                name: outcome.name,
                note: note.trim().to_string(),
                at: now,
                by: by.clone(),
            });
            d.status = CrimeStatus::OutcomeProposed;
            log(&mut d, CrimeLogKind::Decision, text);
        }
        CrimeAction::ApproveOutcome { note } => {
            let note = optional_reason("note", note)?;
            let Some(proposed) = d.proposed_outcome.take() else {
                return Err(FieldError::new("type", "there is no proposed outcome to approve"));
            };
            if proposed.by == by {
                return Err(FieldError::new("type", "an outcome is approved by a supervisor other than its proposer"));
            }
            let text = match note {
                Some(n) => format!("outcome approved: {} {} ({n})", proposed.outcome, proposed.name),
                None => format!("outcome approved: {} {}", proposed.outcome, proposed.name),
            };
            d.finalisation = Some(Finalisation {
                outcome: proposed.outcome,
                name: proposed.name,
                proposed_by: proposed.by,
                approved_by: by.clone(),
                at: now,
            });
            d.status = CrimeStatus::Closed;
            d.review_due = None;
            log(&mut d, CrimeLogKind::Decision, text);
        }
        CrimeAction::ReturnOutcome { reason } => {
            require_text("reason", reason)?;
            let proposed = d.proposed_outcome.take();
            let what = proposed.map(|p| format!("{} {}", p.outcome, p.name)).unwrap_or_default();
            d.status = CrimeStatus::UnderInvestigation;
            log(&mut d, CrimeLogKind::Decision, format!("proposed outcome {what} returned: {}", reason.trim()));
        }
        CrimeAction::Cancel { reason, additional_information } => {
            require_text("additional_information", additional_information)?;
            if additional_information.trim().chars().count() < 20 {
                return Err(FieldError::new(
                    "additional_information",
                    "must set out the additional verifiable information (20 characters at least)",
                ));
            }
            let info = additional_information.trim().to_string();
            let why = serde_json::to_value(reason).ok().and_then(|v| v.as_str().map(str::to_string));
            d.cancellation = Some(Cancellation {
                reason: *reason,
                additional_information: info.clone(),
                decided_by: by.clone(),
                at: now,
            });
            d.proposed_outcome = None;
            d.status = CrimeStatus::Cancelled;
            d.review_due = None;
            log(&mut d, CrimeLogKind::Decision, format!("cancelled ({}): {info}", why.unwrap_or_default()));
        }
        CrimeAction::LinkPerson { person_id, role } => {
            require_text("person_id", person_id)?;
            if !PERSON_ROLES.contains(role) {
                let names: Vec<String> = PERSON_ROLES.iter().map(|r| role_name(*r)).collect();
                return Err(FieldError::new(
                    "role",
                    format!("'{}' is not a part on a crime; use {}", role_name(*role), names.join(", ")),
                ));
            }
            let person_id = person_id.trim().to_string();
            if people.iter().any(|p| p.person_id == person_id && p.role == *role) {
                return Err(FieldError::new("person_id", format!("is already on the crime as {}", role_name(*role))));
            }
            people.push(EventPerson { person_id, role: *role });
            log(&mut d, CrimeLogKind::Decision, format!("person linked as {}", role_name(*role)));
        }
    }
    Ok(CrimeState { details: d, people })
}
