//! One safeguarding action applied to a report: the rule it breaks (named
//! by its field within `action`), or the report after it.

use chrono::{DateTime, Duration, Utc};

use super::clock::sign_off_due_from;
use super::lifecycle::{role_name, Acting, SafeguardingAction as A, SafeguardingState, PERSON_ROLES};
use super::missing::{Enquiry, Found, MissingRegrade};
use super::{
    AgencyResponse, Closure, PoliceCheck, Referral, RiskAssessment, SafeguardingDetails, SafeguardingLogEntry,
    SafeguardingStatus as S, Sharing, SignOff, Stamp,
};
use crate::domain::dates::check_happened;
use crate::domain::error::require_text;
use crate::domain::link::EventPerson;
use crate::domain::FieldError;

fn text(field: &str, value: &str) -> Result<String, FieldError> {
    require_text(field, value)?;
    Ok(value.trim().to_string())
}

fn optional(field: &str, value: &Option<String>) -> Result<Option<String>, FieldError> {
    value.as_deref().map(|v| text(field, v)).transpose()
}

/// A time given on an action: not in the future, not before the report.
fn when(
    field: &str,
    given: Option<DateTime<Utc>>,
    floor: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, FieldError> {
    let Some(at) = given else { return Ok(now) };
    check_happened(field, at, now)?;
    if at < floor {
        return Err(FieldError::new(field, "is before the report was made"));
    }
    Ok(at)
}

/// The report after `action`, or the rule it breaks. `made` is when the
/// report was made (no time on an action may be earlier).
pub fn apply(
    state: &SafeguardingState,
    action: &A,
    made: DateTime<Utc>,
    at: &Acting<'_>,
) -> Result<SafeguardingState, FieldError> {
    apply_inner(state, action, made, at).map_err(|e| e.within("action"))
}

fn apply_inner(
    state: &SafeguardingState,
    action: &A,
    made: DateTime<Utc>,
    at: &Acting<'_>,
) -> Result<SafeguardingState, FieldError> {
    let current = state.details.status;
    if !action.allowed_from().contains(&current) {
        return Err(FieldError::new(
            "type",
            format!("a report that is {} cannot be {}", current.label(), past(action)),
        ));
    }
    let mut d = state.details.clone();
    let mut people = state.people.clone();
    let (by, now) = (at.by.to_string(), at.now);
    let entry = match action {
        A::Submit => {
            if d.risk_reasons.trim().is_empty() && d.risk_history.is_empty() {
                return Err(FieldError::new("type", "a report is submitted with the reasons for its risk"));
            }
            if d.checks.is_empty() && d.police_checks.trim().is_empty() {
                return Err(FieldError::new("type", "a report is submitted with the police checks done"));
            }
            if !people.iter().any(|p| p.role == crate::domain::link::EventRole::Subject) {
                return Err(FieldError::new("type", "a report is submitted naming the person at risk (subject)"));
            }
            d.submitted = Some(Stamp { by: by.clone(), at: now });
            d.sign_off_due = Some(sign_off_due_from(at.rules, now));
            d.status = S::Submitted;
            "submitted for sign-off".to_string()
        }
        A::SignOff { note } => {
            let note = optional("note", note)?;
            let submitter = d.submitted.as_ref().map(|s| s.by.as_str());
            if by == at.author || submitter == Some(by.as_str()) {
                return Err(FieldError::new("type", "a report is signed off by a supervisor other than its author"));
            }
            let text = match &note {
                Some(n) => format!("signed off: {n}"),
                None => "signed off".to_string(),
            };
            d.sign_off = Some(SignOff { by: by.clone(), at: now, note });
            d.status = S::SignedOff;
            text
        }
        A::Return { reason } => {
            let reason = text("reason", reason)?;
            d.status = S::Draft;
            d.sign_off_due = None;
            format!("returned to the author: {reason}")
        }
        A::Share { agency, recipient, sent_at } | A::Refer { agency, recipient, sent_at } => {
            let referral = matches!(action, A::Refer { .. });
            let agency = at.rules.agency(agency)?.clone();
            let recipient = text("recipient", recipient)?;
            let sent = when("sent_at", *sent_at, made, now)?;
            let route = if referral { Sharing::FormalReferral } else { Sharing::InformationOnly };
            let response_due = referral.then(|| sent + Duration::hours(i64::from(at.rules.response_hours)));
            let verb = if referral { "referred to" } else { "shared for information with" };
            let text = format!("{verb} {} ({recipient})", agency.name);
            d.referrals.push(Referral {
                route,
                agency: agency.code,
                agency_name: agency.name,
                agency_kind: agency.kind,
                recipient,
                sent_at: sent,
                sent_by: by.clone(),
                response_due,
                response: None,
            });
            let any_referral = d.referrals.iter().any(|r| r.route == Sharing::FormalReferral);
            d.sharing = Some(if any_referral { Sharing::FormalReferral } else { Sharing::InformationOnly });
            d.status = if any_referral { S::Referred } else { S::Shared };
            text
        }
        A::RecordResponse { referral, decision, text: said, at: when_given } => {
            let said = text("text", said)?;
            let index = match referral {
                Some(n) => {
                    let i = n.checked_sub(1).filter(|i| *i < d.referrals.len()).ok_or_else(|| {
                        FieldError::new(
                            "referral",
                            format!("the report has {} referrals and shares", d.referrals.len()),
                        )
                    })?;
                    if !d.referrals[i].awaits_response() {
                        return Err(FieldError::new("referral", format!("referral {n} is not waiting for a response")));
                    }
                    i
                }
                None => d
                    .referrals
                    .iter()
                    .position(|r| r.awaits_response())
                    .ok_or_else(|| FieldError::new("referral", "no referral is waiting for a response"))?,
            };
            let r = &mut d.referrals[index];
            let responded = when("at", *when_given, r.sent_at, now)?;
            r.response = Some(AgencyResponse {
                decision: *decision,
                text: said.clone(),
                at: responded,
                recorded_by: by.clone(),
            });
            format!("{} responded: {said}", r.agency_name)
        }
        A::Close { result, note } => {
            let note = text("note", note)?;
            if let Some(r) = d.referrals.iter().find(|r| r.awaits_response()) {
                return Err(FieldError::new(
                    "type",
                    format!("the referral to {} is still waiting for its response", r.agency_name),
                ));
            }
            if d.is_missing() {
                return Err(FieldError::new("type", "a missing person's report is closed once they are found"));
            }
            d.closure = Some(Closure { result: *result, note: note.clone(), by: by.clone(), at: now });
            d.status = S::Closed;
            d.sign_off_due = None;
            format!("closed: {note}")
        }
        A::AssessRisk { risk, reasons } => {
            let reasons = text("reasons", reasons)?;
            d.risk_history.push(RiskAssessment { risk: *risk, reasons: reasons.clone(), by: by.clone(), at: now });
            d.risk = *risk;
            d.risk_reasons = reasons.clone();
            format!("risk assessed {}: {reasons}", role_like(*risk))
        }
        A::RecordCheck { system, result } => {
            let result = text("result", result)?;
            d.checks.push(PoliceCheck { system: *system, result: result.clone(), by: by.clone(), at: now });
            format!("check {}: {result}", snake(system))
        }
        A::LinkPerson { person_id, role } => {
            let person_id = text("person_id", person_id)?;
            if !PERSON_ROLES.contains(role) {
                let names: Vec<String> = PERSON_ROLES.iter().map(|r| role_name(*r)).collect();
                return Err(FieldError::new(
                    "role",
                    format!("'{}' is not a part on a safeguarding report; use {}", role_name(*role), names.join(", ")),
                ));
            }
            if people.iter().any(|p| p.person_id == person_id && p.role == *role) {
                return Err(FieldError::new("person_id", format!("is already on the report as {}", role_name(*role))));
            }
            people.push(EventPerson { person_id, role: *role });
            format!("person linked as {}", role_name(*role))
        }
        A::GradeMissing { grade, reason } => {
            let reason = text("reason", reason)?;
            let m = missing(&mut d)?;
            if m.current_grade() == *grade {
                return Err(FieldError::new("grade", format!("the person is already graded {}", grade.label())));
            }
            m.regrades.push(MissingRegrade { grade: *grade, reason: reason.clone(), by: by.clone(), at: now });
            format!("regraded {}: {reason}", grade.label())
        }
        A::LogEnquiry { text: said } => {
            let said = text("text", said)?;
            missing(&mut d)?.enquiries.push(Enquiry { at: now, by: by.clone(), text: said.clone() });
            format!("enquiry: {said}")
        }
        A::Found { at: found_at, place, note } => {
            let place = text("place", place)?;
            let note = optional("note", note)?;
            check_happened("at", *found_at, now)?;
            let hours = i64::from(at.rules.return_interview_hours);
            let m = missing(&mut d)?;
            if m.found.is_some() {
                return Err(FieldError::new("type", "the person is already recorded found"));
            }
            if *found_at < m.last_seen_at {
                return Err(FieldError::new("at", "is before the person was last seen"));
            }
            let due = *found_at + Duration::hours(hours);
            m.found = Some(Found {
                at: *found_at,
                place: place.clone(),
                note,
                return_interview_due: due,
                recorded_by: by.clone(),
                recorded_at: now,
            });
            format!("found at {place}")
        }
    };
    d.log.push(SafeguardingLogEntry { at: now, by, text: entry });
    Ok(SafeguardingState { details: d, people })
}

fn missing(d: &mut SafeguardingDetails) -> Result<&mut super::MissingReport, FieldError> {
    d.missing
        .as_mut()
        .ok_or_else(|| FieldError::new("type", "only a missing-person report has a grade, enquiries and a found step"))
}

fn past(action: &A) -> String {
    match action {
        A::Submit => "submitted".into(),
        A::SignOff { .. } => "signed off".into(),
        A::Return { .. } => "returned".into(),
        A::Share { .. } => "shared".into(),
        A::Refer { .. } => "referred".into(),
        A::Close { .. } => "closed".into(),
        other => format!("changed ({} it)", other.name()),
    }
}

fn role_like(risk: super::RiskLevel) -> &'static str {
    match risk {
        super::RiskLevel::High => "high",
        super::RiskLevel::Medium => "medium",
        super::RiskLevel::Low => "low",
    }
}

fn snake<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
