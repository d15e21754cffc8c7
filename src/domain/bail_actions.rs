//! What is done to bail once granted: pre-charge bail extended by the
//! authority the length calls for (an inspector to 6 months from the grant,
//! a superintendent to 9, a magistrates' court beyond), bail answered, or
//! bail ended (no further action, charged by post, cancelled). The
//! authority's role is the caller's own, checked here. Pure.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bail::{
    Bail, BailClosure, BailExtension, BailKind, BailStatus, ExtensionAuthority, INSPECTOR_MONTHS, SUPERINTENDENT_MONTHS,
};
use super::error::require_text;
use super::role::{Role, Roles};
use super::FieldError;

/// On the wire: `{"type": "extend", "until": "2027-03-01", "authority": "inspector", "grounds": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum BailAction {
    /// Pre-charge bail to a later last day, and perhaps a new return date.
    Extend {
        until: chrono::NaiveDate,
        /// Who authorised it; the caller must hold that role (a court is named in `court`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        authority: Option<ExtensionAuthority>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        court: Option<String>,
        grounds: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        return_at: Option<DateTime<Utc>>,
    },
    /// The person answered bail (at the station or the court).
    Answer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<DateTime<Utc>>,
        note: String,
        /// The person is arrested again on answering pre-charge bail: a
        /// custody record opens in the same write.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rearrest: Option<Rearrest>,
    },
    /// Bail ended without being answered: no further action, charged by
    /// post, cancelled. A release under investigation ends this way too.
    End { reason: String },
}

/// An arrest on answering bail: where the person is held and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rearrest {
    /// The custody suite: its id, code or name.
    pub suite_id: String,
    pub cell: String,
    /// Why the person shares the cell with someone already in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_reason: Option<String>,
    /// Why they are arrested again (new evidence, a breach of conditions…).
    pub reason: String,
    /// The offences; those of the record that granted bail when left out.
    #[serde(default)]
    pub offences: Vec<String>,
    /// The arresting officer; the one who records the answer when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
}

impl BailAction {
    pub fn name(&self) -> &'static str {
        match self {
            BailAction::Extend { .. } => "extend",
            BailAction::Answer { .. } => "answer",
            BailAction::End { .. } => "end",
        }
    }
}

/// The authority an extension to `months` from the grant needs.
fn needed(months: u32) -> ExtensionAuthority {
    if months <= INSPECTOR_MONTHS {
        ExtensionAuthority::Inspector
    } else if months <= SUPERINTENDENT_MONTHS {
        ExtensionAuthority::Superintendent
    } else {
        ExtensionAuthority::MagistratesCourt
    }
}

fn rank(a: ExtensionAuthority) -> u8 {
    match a {
        ExtensionAuthority::Inspector => 1,
        ExtensionAuthority::Superintendent => 2,
        ExtensionAuthority::MagistratesCourt => 3,
    }
}

/// Applies `action` by `by` (holding `roles`) at `now`.
pub fn apply(
    bail: &Bail,
    action: &BailAction,
    by: &str,
    roles: &Roles,
    now: DateTime<Utc>,
) -> Result<Bail, FieldError> {
    if bail.status != BailStatus::Running {
        let status = serde_json::to_value(bail.status).ok().and_then(|v| v.as_str().map(str::to_string));
        return Err(FieldError::new(
            "action.type",
            format!("bail is {}: nothing more is done to it", status.unwrap_or_default()),
        ));
    }
    let mut next = bail.clone();
    match action {
        BailAction::Extend { until, authority, court, grounds, return_at } => {
            if bail.kind != BailKind::PreCharge {
                return Err(FieldError::new("action.type", "only pre-charge bail is extended"));
            }
            require_text("action.grounds", grounds)?;
            let limit = bail.limit_on.unwrap_or(bail.granted_at.date_naive());
            if *until <= limit {
                return Err(FieldError::new("action.until", format!("must be after the bail's last day, {limit}")));
            }
            let granted = bail.granted_at.date_naive();
            let months = (1..=120u32)
                .find(|m| granted.checked_add_months(Months::new(*m)).is_some_and(|d| d >= *until))
                .unwrap_or(u32::MAX);
            let need = needed(months);
            let authority = authority.ok_or_else(|| {
                FieldError::new(
                    "action.authority",
                    "an extension names its authority: inspector (to 6 months), superintendent (to 9) \
                     or magistrates_court (beyond)",
                )
            })?;
            if rank(authority) < rank(need) {
                return Err(FieldError::new(
                    "action.authority",
                    format!("an extension to {until} ({months} months from the grant) needs a {}", label(need)),
                ));
            }
            let holds = match authority {
                ExtensionAuthority::Inspector => roles.has(Role::Inspector) || roles.has(Role::Superintendent),
                ExtensionAuthority::Superintendent => roles.has(Role::Superintendent),
                ExtensionAuthority::MagistratesCourt => {
                    require_text("action.court", court.as_deref().unwrap_or_default()).map_err(|_| {
                        FieldError::new("action.court", "an extension by a magistrates' court names the court")
                    })?;
                    true
                }
            };
            if !holds {
                return Err(FieldError::new(
                    "action.authority",
                    format!(
                        "an extension on a {}'s authority is given by one: your roles do not include it",
                        label(authority)
                    ),
                ));
            }
            if let Some(back) = return_at {
                if *back <= now || back.date_naive() > *until {
                    return Err(FieldError::new("action.return_at", format!("must be between now and {until}")));
                }
                next.return_at = Some(*back);
            }
            next.limit_on = Some(*until);
            next.extensions.push(BailExtension {
                at: now,
                by: by.to_string(),
                authority,
                court: court.as_ref().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
                until: *until,
                grounds: grounds.trim().to_string(),
            });
        }
        BailAction::Answer { at, note, rearrest } => {
            if bail.kind == BailKind::ReleasedUnderInvestigation {
                return Err(FieldError::new("action.type", "a release under investigation has no bail to answer"));
            }
            if let Some(r) = rearrest {
                if bail.kind != BailKind::PreCharge {
                    return Err(FieldError::new(
                        "action.rearrest",
                        "only pre-charge bail is answered at a station, where an arrest opens custody",
                    ));
                }
                require_text("action.rearrest.reason", &r.reason)?;
                require_text("action.rearrest.suite_id", &r.suite_id)?;
                require_text("action.rearrest.cell", &r.cell)?;
            }
            let at = at.unwrap_or(now);
            if at > now + chrono::Duration::minutes(5) {
                return Err(FieldError::new("action.at", "is in the future"));
            }
            if at < bail.granted_at {
                return Err(FieldError::new("action.at", "is before bail was granted"));
            }
            next.status = BailStatus::Answered;
            let note = note.trim().to_string();
            next.closure = Some(BailClosure { at, by: by.to_string(), note, custody_record_id: None });
        }
        BailAction::End { reason } => {
            require_text("action.reason", reason)?;
            next.status = BailStatus::Ended;
            let note = reason.trim().to_string();
            next.closure = Some(BailClosure { at: now, by: by.to_string(), note, custody_record_id: None });
        }
    }
    Ok(next)
}

fn label(a: ExtensionAuthority) -> &'static str {
    match a {
        ExtensionAuthority::Inspector => "inspector",
        ExtensionAuthority::Superintendent => "superintendent",
        ExtensionAuthority::MagistratesCourt => "magistrates' court",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bail::{BailAuthority, BailCondition, BailTerms};
    use chrono::{NaiveDate, TimeZone};

    fn at(m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, m, d, 10, 0, 0).unwrap()
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn bail() -> Bail {
        let terms = BailTerms {
            return_at: Some(at(2, 1)),
            return_place: None,
            conditions: vec![BailCondition::NoContact { person: "Dana Reid".into() }],
        };
        let by = BailAuthority { by: "ps.patel".into(), role: "custody_sergeant".into() };
        Bail::grant(BailKind::PreCharge, &terms, "suite-brixton", at(1, 5), by, None, None).unwrap()
    }

    fn extend(until: NaiveDate, authority: Option<ExtensionAuthority>) -> BailAction {
        BailAction::Extend { until, authority, court: None, grounds: "Phone download pending".into(), return_at: None }
    }

    #[test]
    fn pre_charge_bail_runs_three_months_and_needs_its_return_date() {
        let b = bail();
        assert_eq!(b.limit_on, Some(day(4, 5)));
        assert_eq!(b.return_place.as_deref(), Some("suite-brixton"));
        assert!(b.on_bail());
        let by = BailAuthority { by: "ps.patel".into(), role: "custody_sergeant".into() };
        let none = Bail::grant(BailKind::PreCharge, &BailTerms::default(), "s", at(1, 5), by.clone(), None, None);
        assert_eq!(none.unwrap_err().field, "bail.return_at");
        let late = BailTerms { return_at: Some(at(6, 1)), ..BailTerms::default() };
        assert_eq!(
            Bail::grant(BailKind::PreCharge, &late, "s", at(1, 5), by.clone(), None, None).unwrap_err().field,
            "bail.return_at"
        );
        let rui =
            Bail::grant(BailKind::ReleasedUnderInvestigation, &BailTerms::default(), "s", at(1, 5), by, None, None);
        assert!(!rui.unwrap().on_bail());
    }

    #[test]
    fn an_extension_needs_the_authority_its_length_calls_for() {
        let inspector = Roles(vec![Role::Inspector]);
        let sergeant = Roles(vec![Role::CustodySergeant]);
        let b = bail();
        let to_six = extend(day(7, 5), Some(ExtensionAuthority::Inspector));
        assert_eq!(
            apply(&b, &extend(day(7, 5), None), "i", &inspector, at(3, 1)).unwrap_err().field,
            "action.authority"
        );
        assert_eq!(apply(&b, &to_six, "ps", &sergeant, at(3, 1)).unwrap_err().field, "action.authority");
        let six = apply(&b, &to_six, "insp.rowe", &inspector, at(3, 1)).unwrap();
        assert_eq!(six.limit_on, Some(day(7, 5)));
        assert_eq!(six.extensions[0].by, "insp.rowe");
        // Seven months is a superintendent's to give.
        let to_seven = extend(day(8, 5), Some(ExtensionAuthority::Inspector));
        let err = apply(&six, &to_seven, "insp.rowe", &inspector, at(6, 1)).unwrap_err();
        assert!(err.message.contains("superintendent"), "{}", err.message);
        // Beyond nine, a court, named.
        let court = BailAction::Extend {
            until: day(12, 1),
            authority: Some(ExtensionAuthority::MagistratesCourt),
            court: None,
            grounds: "Forensics".into(),
            return_at: None,
        };
        assert_eq!(apply(&six, &court, "ps", &sergeant, at(6, 1)).unwrap_err().field, "action.court");
    }

    #[test]
    fn answered_bail_is_done_with() {
        let b = bail();
        let answered = apply(
            &b,
            &BailAction::Answer { at: None, note: "Answered; NFA".into(), rearrest: None },
            "ps",
            &Roles::default(),
            at(2, 1),
        )
        .unwrap();
        assert_eq!(answered.status, BailStatus::Answered);
        assert!(!answered.on_bail());
        let again = apply(&answered, &BailAction::End { reason: "x".into() }, "ps", &Roles::default(), at(2, 2));
        assert_eq!(again.unwrap_err().field, "action.type");
    }
}
