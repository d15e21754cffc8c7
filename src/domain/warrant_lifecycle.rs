//! The warrant lifecycle as typed actions with an allowed-transition table:
//! received → validated (one person) → circulated (WANTED) → allocated →
//! attempts → executed | withdrawn | cancelled | returned | expired.
//! Pure: the server loads the warrant, applies an action here and writes
//! the result through the store's versioned update.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::require_text;
use super::event::{WarrantAttempt, WarrantClosure, WarrantDetails, WarrantExecution, WarrantKind, WarrantStatus};
use super::link::{EventPerson, EventRole};
use super::warrant_withdrawal::{self, WithdrawalGround};
use super::FieldError;

/// Something done to a warrant. On the wire: `{"type": "allocate", "officer": "PC 123"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum WarrantAction {
    /// Matches the warrant to exactly one person record. `person_id` links
    /// the person when the warrant arrived unmatched (the resolution list).
    Validate {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        person_id: Option<String>,
    },
    /// Makes the person WANTED everywhere.
    Circulate,
    Allocate {
        officer: String,
    },
    Attempt {
        note: String,
    },
    /// For every kind but search, also opens a custody record at `suite_id`.
    Execute {
        at: DateTime<Utc>,
        place: String,
        officer: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suite_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cell: Option<String>,
    },
    /// Withdrawn by the force: on a ground from the list, with the detail.
    Withdraw {
        ground: WithdrawalGround,
        reason: String,
    },
    /// Cancelled by the issuing court.
    Cancel {
        reason: String,
    },
    /// Returned to the court unexecuted.
    Return {
        reason: String,
    },
    /// A search warrant past its three months.
    Expire,
}

impl WarrantAction {
    pub fn name(&self) -> &'static str {
        match self {
            WarrantAction::Validate { .. } => "validate",
            WarrantAction::Circulate => "circulate",
            WarrantAction::Allocate { .. } => "allocate",
            WarrantAction::Attempt { .. } => "attempt",
            WarrantAction::Execute { .. } => "execute",
            WarrantAction::Withdraw { .. } => "withdraw",
            WarrantAction::Cancel { .. } => "cancel",
            WarrantAction::Return { .. } => "return",
            WarrantAction::Expire => "expire",
        }
    }

    /// The reason to record in the audit entry for this action.
    pub fn audit_reason(&self) -> String {
        match self {
            WarrantAction::Withdraw { ground, reason } => {
                format!("warrant withdrawn: {}: {}", ground.label(), reason.trim())
            }
            WarrantAction::Cancel { reason } => format!("warrant cancelled by the court: {reason}"),
            WarrantAction::Return { reason } => format!("warrant returned unexecuted: {reason}"),
            WarrantAction::Expire => "search warrant expired three months after issue".into(),
            other => format!("warrant {}", other.name()),
        }
    }

    /// The statuses this action may be taken from.
    pub fn allowed_from(&self) -> &'static [WarrantStatus] {
        use WarrantStatus::*;
        match self {
            WarrantAction::Validate { .. } => &[Received],
            WarrantAction::Circulate => &[Validated],
            WarrantAction::Allocate { .. } | WarrantAction::Attempt { .. } | WarrantAction::Execute { .. } => {
                &[Circulated, Allocated]
            }
            WarrantAction::Withdraw { .. }
            | WarrantAction::Cancel { .. }
            | WarrantAction::Return { .. }
            | WarrantAction::Expire => &[Received, Validated, Circulated, Allocated],
        }
    }
}

/// A warrant's state: its details and the people it names.
#[derive(Debug, Clone, PartialEq)]
pub struct WarrantState {
    pub details: WarrantDetails,
    pub people: Vec<EventPerson>,
}

impl WarrantState {
    /// The one person the warrant is for, once matched.
    pub fn wanted_person(&self) -> Option<&str> {
        self.people.iter().find(|p| p.role == EventRole::WantedPerson).map(|p| p.person_id.as_str())
    }

    /// Received with nobody matched: belongs on the resolution list.
    pub fn needs_resolution(&self) -> bool {
        self.details.status == WarrantStatus::Received && self.wanted_person().is_none()
    }
}

/// Whether executing a warrant of this kind arrests someone (and so opens
/// a custody record): every kind except a search warrant.
pub fn arrests(kind: WarrantKind) -> bool {
    kind != WarrantKind::Search
}

/// The last day a search warrant may be executed: three months after issue.
pub fn expires_on(w: &WarrantDetails) -> Option<NaiveDate> {
    if w.warrant_kind != WarrantKind::Search {
        return None;
    }
    w.issued_on.checked_add_months(Months::new(3))
}

/// An outstanding search warrant whose three months have passed at `now`.
pub fn is_expired(w: &WarrantDetails, now: DateTime<Utc>) -> bool {
    w.status.is_outstanding() && expires_on(w).is_some_and(|last| now.date_naive() > last)
}

fn status_name(s: WarrantStatus) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn refuse(action: &WarrantAction, status: WarrantStatus) -> FieldError {
    let allowed: Vec<String> = action.allowed_from().iter().map(|s| status_name(*s)).collect();
    FieldError::new(
        "action.type",
        format!(
            "cannot {} a warrant that is {}; allowed only when {}",
            action.name(),
            status_name(status),
            allowed.join(" or ")
        ),
    )
}

/// Applies `action`, taken by `by` at `now`, giving the warrant's new state.
pub fn apply(
    current: &WarrantState,
    action: &WarrantAction,
    by: &str,
    now: DateTime<Utc>,
) -> Result<WarrantState, FieldError> {
    let status = current.details.status;
    if !action.allowed_from().contains(&status) {
        return Err(refuse(action, status));
    }
    let mut next = current.clone();
    let d = &mut next.details;
    match action {
        WarrantAction::Validate { person_id } => {
            if let Some(id) = person_id {
                require_text("action.person_id", id)?;
                if current.wanted_person().is_some_and(|p| p != id) {
                    return Err(FieldError::new(
                        "action.person_id",
                        "the warrant is already matched to another person",
                    ));
                }
                if current.wanted_person().is_none() {
                    next.people.push(EventPerson { person_id: id.clone(), role: EventRole::WantedPerson });
                }
            }
            let wanted = next.people.iter().filter(|p| p.role == EventRole::WantedPerson).count();
            if wanted != 1 {
                return Err(FieldError::new(
                    "action.person_id",
                    "a warrant is validated against exactly one person record; match it first",
                ));
            }
            next.details.status = WarrantStatus::Validated;
        }
        WarrantAction::Circulate => d.status = WarrantStatus::Circulated,
        WarrantAction::Allocate { officer } => {
            require_text("action.officer", officer)?;
            d.allocated_to = Some(officer.trim().to_string());
            d.status = WarrantStatus::Allocated;
        }
        WarrantAction::Attempt { note } => {
            require_text("action.note", note)?;
            d.attempts.push(WarrantAttempt { at: now, by: by.to_string(), note: note.trim().to_string() });
        }
        WarrantAction::Execute { at, place, officer, suite_id, cell } => {
            require_text("action.place", place)?;
            require_text("action.officer", officer)?;
            if *at > now + chrono::Duration::minutes(5) {
                return Err(FieldError::new("action.at", "is in the future"));
            }
            if at.date_naive() < d.issued_on {
                return Err(FieldError::new("action.at", "is before the warrant was issued"));
            }
            if arrests(d.warrant_kind) {
                require_text("action.suite_id", suite_id.as_deref().unwrap_or_default()).map_err(|_| {
                    FieldError::new("action.suite_id", "an arrest opens a custody record: name the suite")
                })?;
                require_text("action.cell", cell.as_deref().unwrap_or_default())?;
            }
            if is_expired(d, *at) {
                return Err(FieldError::new("action.at", "the search warrant had expired by then"));
            }
            d.execution = Some(WarrantExecution {
                at: *at,
                place: place.trim().to_string(),
                officer: officer.trim().to_string(),
                custody_record_id: None,
            });
            d.status = WarrantStatus::Executed;
        }
        WarrantAction::Withdraw { ground, reason } => {
            let reason = warrant_withdrawal::reason(*ground, reason)?;
            d.closure = Some(WarrantClosure { at: now, by: by.to_string(), reason });
            d.status = WarrantStatus::Withdrawn;
        }
        WarrantAction::Cancel { reason } | WarrantAction::Return { reason } => {
            require_text("action.reason", reason)?;
            d.closure = Some(WarrantClosure { at: now, by: by.to_string(), reason: reason.trim().to_string() });
            d.status = match action {
                WarrantAction::Cancel { .. } => WarrantStatus::Cancelled,
                _ => WarrantStatus::Returned,
            };
        }
        WarrantAction::Expire => {
            if !is_expired(d, now) {
                return Err(FieldError::new(
                    "action.type",
                    "only a search warrant more than three months after issue expires",
                ));
            }
            d.status = WarrantStatus::Expired;
        }
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap()
    }

    fn received(kind: WarrantKind, person: Option<&str>) -> WarrantState {
        WarrantState {
            details: WarrantDetails {
                warrant_kind: kind,
                status: WarrantStatus::Received,
                issuing_court: "Westminster Magistrates' Court".into(),
                issued_on: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                offence: "Burglary".into(),
                violence: false,
                domestic_abuse: false,
                safeguarding_concern: false,
                allocated_to: None,
                attempts: vec![],
                execution: None,
                closure: None,
                case: None,
            },
            people: person
                .map(|p| vec![EventPerson { person_id: p.into(), role: EventRole::WantedPerson }])
                .unwrap_or_default(),
        }
    }

    fn run(mut w: WarrantState, actions: &[WarrantAction]) -> Result<WarrantState, FieldError> {
        for a in actions {
            w = apply(&w, a, "pc.jones", now())?;
        }
        Ok(w)
    }

    fn execute(suite: Option<&str>) -> WarrantAction {
        WarrantAction::Execute {
            at: now(),
            place: "12 Acre Lane, SW2".into(),
            officer: "PC 123 Jones".into(),
            suite_id: suite.map(str::to_string),
            cell: suite.map(|_| "C4".to_string()),
        }
    }

    #[test]
    fn a_warrant_walks_from_receipt_to_execution() {
        let w = run(
            received(WarrantKind::ArrestWithoutBail, Some("p1")),
            &[
                WarrantAction::Validate { person_id: None },
                WarrantAction::Circulate,
                WarrantAction::Allocate { officer: "pc.jones".into() },
                WarrantAction::Attempt { note: "No reply at home address".into() },
                execute(Some("loc-brixton")),
            ],
        )
        .unwrap();
        assert_eq!(w.details.status, WarrantStatus::Executed);
        assert_eq!(w.details.attempts.len(), 1);
        assert_eq!(w.details.allocated_to.as_deref(), Some("pc.jones"));
        assert_eq!(w.details.execution.unwrap().place, "12 Acre Lane, SW2");
    }

    #[test]
    fn an_unmatched_warrant_is_resolved_by_naming_one_person() {
        let w = received(WarrantKind::Bench, None);
        assert!(w.needs_resolution());
        let err = apply(&w, &WarrantAction::Validate { person_id: None }, "op", now()).unwrap_err();
        assert_eq!(err.field, "action.person_id");
        let w = apply(&w, &WarrantAction::Validate { person_id: Some("p9".into()) }, "op", now()).unwrap();
        assert_eq!(w.wanted_person(), Some("p9"));
        assert_eq!(w.details.status, WarrantStatus::Validated);
    }

    #[test]
    fn a_matched_warrant_cannot_be_moved_to_another_person() {
        let w = received(WarrantKind::Bench, Some("p1"));
        let err = apply(&w, &WarrantAction::Validate { person_id: Some("p2".into()) }, "op", now()).unwrap_err();
        assert_eq!(err.field, "action.person_id");
    }

    #[test]
    fn out_of_order_actions_are_refused_with_the_allowed_statuses() {
        let w = received(WarrantKind::Bench, Some("p1"));
        let err = apply(&w, &WarrantAction::Circulate, "op", now()).unwrap_err();
        assert_eq!(err.field, "action.type");
        assert!(err.message.contains("cannot circulate a warrant that is received"), "{}", err.message);
        assert!(run(w.clone(), &[execute(Some("s"))]).is_err());
        let done = run(
            w,
            &[WarrantAction::Withdraw {
                ground: WithdrawalGround::RecalledByCourt,
                reason: "Court recalled it at the hearing".into(),
            }],
        )
        .unwrap();
        assert_eq!(done.details.status, WarrantStatus::Withdrawn);
        let err = apply(&done, &WarrantAction::Circulate, "op", now()).unwrap_err();
        assert!(err.message.contains("withdrawn"));
    }

    #[test]
    fn executing_an_arrest_warrant_needs_a_custody_suite() {
        let w = run(
            received(WarrantKind::Breach, Some("p1")),
            &[WarrantAction::Validate { person_id: None }, WarrantAction::Circulate],
        )
        .unwrap();
        assert_eq!(apply(&w, &execute(None), "op", now()).unwrap_err().field, "action.suite_id");
        assert!(apply(&w, &execute(Some("suite")), "op", now()).is_ok());
    }

    #[test]
    fn search_warrants_expire_three_months_after_issue() {
        let w = received(WarrantKind::Search, Some("p1"));
        assert_eq!(expires_on(&w.details), NaiveDate::from_ymd_opt(2027, 2, 1));
        assert!(!is_expired(&w.details, Utc.with_ymd_and_hms(2027, 2, 1, 23, 0, 0).unwrap()));
        let later = Utc.with_ymd_and_hms(2027, 2, 2, 0, 0, 1).unwrap();
        assert!(is_expired(&w.details, later));
        assert!(apply(&w, &WarrantAction::Expire, "system", now()).is_err());
        assert_eq!(apply(&w, &WarrantAction::Expire, "system", later).unwrap().details.status, WarrantStatus::Expired);
        // Arrest warrants never expire by time.
        let arrest = received(WarrantKind::Bench, Some("p1"));
        assert!(!is_expired(&arrest.details, later + chrono::Duration::days(4000)));
    }

    #[test]
    fn reasons_and_notes_are_required() {
        let w = received(WarrantKind::Bench, Some("p1"));
        assert_eq!(
            apply(&w, &WarrantAction::Cancel { reason: " ".into() }, "op", now()).unwrap_err().field,
            "action.reason"
        );
    }

    #[test]
    fn actions_parse_from_the_wire_shape() {
        let a: WarrantAction = serde_json::from_str(r#"{"type":"allocate","officer":"pc.jones"}"#).unwrap();
        assert_eq!(a, WarrantAction::Allocate { officer: "pc.jones".into() });
        assert!(serde_json::from_str::<WarrantAction>(r#"{"type":"teleport"}"#).is_err());
    }

    fn any_action() -> impl proptest::strategy::Strategy<Value = WarrantAction> {
        use proptest::prelude::*;
        prop_oneof![
            Just(WarrantAction::Validate { person_id: None }),
            Just(WarrantAction::Validate { person_id: Some("p2".into()) }),
            Just(WarrantAction::Circulate),
            Just(WarrantAction::Allocate { officer: "pc.jones".into() }),
            Just(WarrantAction::Attempt { note: "No reply".into() }),
            Just(execute(Some("suite"))),
            Just(execute(None)),
            Just(WarrantAction::Withdraw {
                ground: WithdrawalGround::RecalledByCourt,
                reason: "Recalled at the hearing".into()
            }),
            Just(WarrantAction::Cancel { reason: "Court".into() }),
            Just(WarrantAction::Return { reason: "Not found".into() }),
            Just(WarrantAction::Expire),
        ]
    }

    proptest::proptest! {
        /// Whatever is tried in whatever order: a closed warrant stays
        /// closed, WANTED needs exactly one person, executed means an execution.
        #[test]
        fn no_sequence_of_actions_breaks_the_lifecycle(
            matched in proptest::bool::ANY,
            actions in proptest::collection::vec(any_action(), 0..12),
        ) {
            let mut w = received(WarrantKind::ArrestWithBail, matched.then_some("p1"));
            for action in &actions {
                let before = w.clone();
                match apply(&w, action, "op", now()) {
                    Ok(next) => {
                        proptest::prop_assert!(before.details.status.is_outstanding());
                        w = next;
                    }
                    Err(_) => proptest::prop_assert_eq!(&w, &before),
                }
                let wanted = w.people.iter().filter(|p| p.role == EventRole::WantedPerson).count();
                proptest::prop_assert!(wanted <= 1);
                if w.details.status.makes_wanted() {
                    proptest::prop_assert_eq!(wanted, 1);
                }
                proptest::prop_assert_eq!(w.details.status == WarrantStatus::Executed, w.details.execution.is_some());
            }
        }
    }

    #[test]
    fn a_withdrawal_keeps_its_reason_on_the_warrant() {
        let w = run(
            received(WarrantKind::Bench, Some("p1")),
            &[
                WarrantAction::Validate { person_id: None },
                WarrantAction::Withdraw {
                    ground: WithdrawalGround::SurrenderedAtCourt,
                    reason: "  Defendant surrendered at court  ".into(),
                },
            ],
        )
        .unwrap();
        assert_eq!(w.details.status, WarrantStatus::Withdrawn);
        let closure = w.details.closure.unwrap();
        assert_eq!(
            (closure.reason.as_str(), closure.by.as_str(), closure.at),
            ("Surrendered at court: Defendant surrendered at court", "pc.jones", now())
        );
        let err = run(
            received(WarrantKind::Bench, Some("p1")),
            &[WarrantAction::Withdraw { ground: WithdrawalGround::Other, reason: "test".into() }],
        )
        .unwrap_err();
        assert_eq!(err.field, "action.reason");
    }
}
