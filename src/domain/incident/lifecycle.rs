//! The incident lifecycle as typed actions with an allowed-transition
//! table: open → resourced (a unit assigned or en route) → at scene →
//! closed with a result; regrading with a reason at any point before the
//! close; a repeat call closed as a duplicate of the incident it repeats.
//! Every action writes its own timed, attributed log entry. A closed
//! incident takes only later log entries. Pure: the server loads the
//! incident, applies an action here and writes the result.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::open::check_appointment;
use super::{
    Grade, IncidentClosure, IncidentDetails, IncidentGrading, IncidentResult, IncidentRules, IncidentStatus, LogEntry,
    LogKind, Resource, ResourceStatus,
};
use crate::domain::error::require_text;
use crate::domain::event::{AsbCategory, AsbDetails, CrimeDetails, Event, EventDetails, EventInput};
use crate::domain::link::{EventPerson, EventRole, LinkedRecord};
use crate::domain::FieldError;

/// The parts people play on an incident.
pub const PERSON_ROLES: [EventRole; 5] =
    [EventRole::ReportingPerson, EventRole::Suspect, EventRole::Victim, EventRole::Witness, EventRole::Subject];

/// Something done to an incident. On the wire: `{"type": "assign", "call_sign": "LX21"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum IncidentAction {
    /// A log entry; the only action a closed incident takes.
    Log {
        text: String,
    },
    /// A new grade, with why; the attendance clock restarts under it.
    Regrade {
        grade: Grade,
        reason: String,
        /// An E grade's appointment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        appointment: Option<DateTime<Utc>>,
    },
    /// A unit or officer sent, by call sign.
    Assign {
        call_sign: String,
    },
    EnRoute {
        call_sign: String,
    },
    /// An assigned resource at the scene (refused before assignment).
    Arrive {
        call_sign: String,
    },
    Release {
        call_sign: String,
    },
    /// A person on the one record named on the incident: the caller
    /// (`reporting_person`), a suspect, victim, witness or subject.
    LinkPerson {
        person_id: String,
        role: EventRole,
    },
    /// Closed with its result: `crime_recorded` also needs the `offence`
    /// of the crime report it opens, `asb_recorded` the `asb_category` of
    /// the ASB case. Active resources are released.
    Close {
        result: IncidentResult,
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        offence: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        asb_category: Option<AsbCategory>,
    },
    /// A repeat call: closed as a duplicate of the incident it repeats,
    /// which hears of it in its log.
    DuplicateOf {
        incident_id: String,
    },
}

const BEFORE_CLOSE: &[IncidentStatus] = &[IncidentStatus::Open, IncidentStatus::Resourced, IncidentStatus::AtScene];
const ANY: &[IncidentStatus] =
    &[IncidentStatus::Open, IncidentStatus::Resourced, IncidentStatus::AtScene, IncidentStatus::Closed];

impl IncidentAction {
    pub fn name(&self) -> &'static str {
        match self {
            IncidentAction::Log { .. } => "add a log entry to",
            IncidentAction::Regrade { .. } => "regrade",
            IncidentAction::Assign { .. } => "assign a resource to",
            IncidentAction::EnRoute { .. } => "mark a resource en route to",
            IncidentAction::Arrive { .. } => "mark a resource at the scene of",
            IncidentAction::Release { .. } => "release a resource from",
            IncidentAction::LinkPerson { .. } => "link a person to",
            IncidentAction::Close { .. } => "close",
            IncidentAction::DuplicateOf { .. } => "close as a duplicate",
        }
    }

    /// The statuses this action may be taken from.
    pub fn allowed_from(&self) -> &'static [IncidentStatus] {
        match self {
            IncidentAction::Log { .. } => ANY,
            _ => BEFORE_CLOSE,
        }
    }

    /// The reason recorded in the audit entry for this action.
    pub fn audit_reason(&self) -> String {
        match self {
            IncidentAction::Log { .. } => "incident: log entry".into(),
            IncidentAction::Regrade { grade, reason, .. } => format!("incident regraded {grade}: {reason}"),
            IncidentAction::Assign { call_sign } => format!("incident: {call_sign} assigned"),
            IncidentAction::EnRoute { call_sign } => format!("incident: {call_sign} en route"),
            IncidentAction::Arrive { call_sign } => format!("incident: {call_sign} at scene"),
            IncidentAction::Release { call_sign } => format!("incident: {call_sign} released"),
            IncidentAction::LinkPerson { .. } => "incident: person linked".into(),
            IncidentAction::Close { result, .. } => format!("incident closed: {}", result.label()),
            IncidentAction::DuplicateOf { .. } => "incident closed as a duplicate".into(),
        }
    }
}

/// A part people may play on an incident.
pub(super) fn check_person_role(field: &str, role: EventRole) -> Result<(), FieldError> {
    if PERSON_ROLES.contains(&role) {
        return Ok(());
    }
    let names: Vec<String> = PERSON_ROLES.iter().map(|r| role_name(*r)).collect();
    Err(FieldError::new(field, format!("'{}' is not a part on an incident; use {}", role_name(role), names.join(", "))))
}

fn role_name(role: EventRole) -> String {
    serde_json::to_value(role).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// An incident's state: its details and the people named on it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentState {
    pub details: IncidentDetails,
    pub people: Vec<EventPerson>,
}

/// Who acts, when, under which attendance rules.
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    pub by: &'a str,
    pub now: DateTime<Utc>,
    pub rules: &'a IncidentRules,
}

fn refuse(action: &IncidentAction, status: IncidentStatus) -> FieldError {
    let message = if status == IncidentStatus::Closed {
        format!("cannot {} an incident that is closed: a closed incident takes only log entries", action.name())
    } else {
        let allowed: Vec<&str> = action.allowed_from().iter().map(|s| s.as_str()).collect();
        format!(
            "cannot {} an incident that is {}; allowed only when {}",
            action.name(),
            status.as_str(),
            allowed.join(" or ")
        )
    };
    FieldError::new("action.type", message)
}

fn log(d: &mut IncidentDetails, at: &Acting<'_>, kind: LogKind, text: String) {
    d.log.push(LogEntry { at: at.now, by: at.by.to_string(), kind, text });
}

fn call_sign(text: &str) -> Result<String, FieldError> {
    require_text("action.call_sign", text)?;
    crate::domain::text::identity("action.call_sign", text)?;
    let sign = text.trim().to_uppercase();
    if sign.chars().count() > 20 {
        return Err(FieldError::new("action.call_sign", "is longer than 20 characters"));
    }
    Ok(sign)
}

/// The active resource `sign` names, or why there is none.
fn active_mut<'d>(d: &'d mut IncidentDetails, sign: &str, doing: &str) -> Result<&'d mut Resource, FieldError> {
    d.resources.iter_mut().find(|r| r.status.is_active() && r.call_sign == sign).ok_or_else(|| {
        FieldError::new(
            "action.call_sign",
            format!("{sign} is not assigned to this incident: assign it before {doing}"),
        )
    })
}

/// Applies `action` at `at`, giving the incident's new state. A duplicate
/// needs the other incident too: [`duplicate`].
pub fn apply(current: &IncidentState, action: &IncidentAction, at: &Acting<'_>) -> Result<IncidentState, FieldError> {
    let status = current.details.status;
    if !action.allowed_from().contains(&status) {
        return Err(refuse(action, status));
    }
    let mut next = current.clone();
    let d = &mut next.details;
    match action {
        IncidentAction::Log { text } => {
            require_text("action.text", text)?;
            log(d, at, LogKind::Note, text.trim().to_string());
        }
        IncidentAction::Regrade { grade, reason, appointment } => {
            require_text("action.reason", reason)
                .map_err(|_| FieldError::new("action.reason", "a regrade needs its reason"))?;
            let before = d.grade();
            if *grade == before && *grade != Grade::E {
                return Err(FieldError::new("action.grade", format!("the incident is already graded {grade}")));
            }
            check_appointment("action.appointment", *grade, *appointment, at.now)?;
            d.grading.push(IncidentGrading {
                at: at.now,
                by: at.by.to_string(),
                grade: *grade,
                reason: Some(reason.trim().to_string()),
                due: at.rules.due(*grade, at.now, *appointment),
                appointment: *appointment,
            });
            log(d, at, LogKind::Grade, format!("Regraded {before} to {grade}: {}", reason.trim()));
        }
        IncidentAction::Assign { call_sign: sign } => {
            let sign = call_sign(sign)?;
            if d.active_resource(&sign).is_some() {
                return Err(FieldError::new("action.call_sign", format!("{sign} is already assigned")));
            }
            d.resources.push(Resource {
                call_sign: sign.clone(),
                status: ResourceStatus::Assigned,
                assigned_at: at.now,
                en_route_at: None,
                at_scene_at: None,
                released_at: None,
            });
            log(d, at, LogKind::Resource, format!("{sign} assigned"));
        }
        IncidentAction::EnRoute { call_sign: sign } => {
            let sign = call_sign(sign)?;
            let r = active_mut(d, &sign, "it is en route")?;
            if r.status != ResourceStatus::Assigned {
                return Err(FieldError::new("action.call_sign", format!("{sign} is {} already", r.status.label())));
            }
            r.status = ResourceStatus::EnRoute;
            r.en_route_at = Some(at.now);
            log(d, at, LogKind::Resource, format!("{sign} en route"));
        }
        IncidentAction::Arrive { call_sign: sign } => {
            let sign = call_sign(sign)?;
            let r = active_mut(d, &sign, "it arrives")?;
            if r.status == ResourceStatus::AtScene {
                return Err(FieldError::new("action.call_sign", format!("{sign} is at the scene already")));
            }
            r.status = ResourceStatus::AtScene;
            r.at_scene_at = Some(at.now);
            let first = d.resources.iter().filter(|r| r.at_scene_at.is_some()).count() == 1;
            let text = match (first, super::Clock::of(d)) {
                (true, super::Clock::Attended { late: true, .. }) => format!("{sign} at scene (after the target)"),
                _ => format!("{sign} at scene"),
            };
            log(d, at, LogKind::Resource, text);
        }
        IncidentAction::Release { call_sign: sign } => {
            let sign = call_sign(sign)?;
            let r = active_mut(d, &sign, "it is released")?;
            r.status = ResourceStatus::Released;
            r.released_at = Some(at.now);
            log(d, at, LogKind::Resource, format!("{sign} released"));
        }
        IncidentAction::LinkPerson { person_id, role } => {
            require_text("action.person_id", person_id)?;
            check_person_role("action.role", *role)?;
            let link = EventPerson { person_id: person_id.trim().to_string(), role: *role };
            if next.people.contains(&link) {
                return Err(FieldError::new("action.person_id", "is already linked in that role"));
            }
            let text = format!("Person linked as {}", role_name(*role).replace('_', " "));
            next.people.push(link);
            log(d, at, LogKind::Person, text);
        }
        IncidentAction::Close { result, note, offence, asb_category } => {
            require_text("action.note", note)?;
            match result {
                IncidentResult::CrimeRecorded => {
                    require_text("action.offence", offence.as_deref().unwrap_or_default()).map_err(|_| {
                        FieldError::new("action.offence", "a crime recorded needs the offence of its crime report")
                    })?;
                }
                IncidentResult::AsbRecorded if asb_category.is_none() => {
                    return Err(FieldError::new("action.asb_category", "ASB recorded needs the category of its case"));
                }
                IncidentResult::Duplicate => {
                    return Err(FieldError::new(
                        "action.result",
                        "a duplicate is closed by duplicate_of, naming the incident it repeats",
                    ))
                }
                _ => {}
            }
            if offence.is_some() && *result != IncidentResult::CrimeRecorded {
                return Err(FieldError::new("action.offence", "only a crime recorded opens a crime report"));
            }
            if asb_category.is_some() && *result != IncidentResult::AsbRecorded {
                return Err(FieldError::new("action.asb_category", "only ASB recorded opens an ASB case"));
            }
            close(d, at, *result, note.trim().to_string());
        }
        IncidentAction::DuplicateOf { .. } => {
            return Err(FieldError::new("action.type", "a duplicate is closed together with the incident it repeats"))
        }
    }
    d.status = d.status_from_resources();
    Ok(next)
}

/// Releases what is still active and closes with `result`.
fn close(d: &mut IncidentDetails, at: &Acting<'_>, result: IncidentResult, note: String) {
    for r in d.resources.iter_mut().filter(|r| r.status.is_active()) {
        r.status = ResourceStatus::Released;
        r.released_at = Some(at.now);
    }
    log(d, at, LogKind::Closed, format!("Closed: {}. {note}", result.label()));
    d.closure = Some(IncidentClosure { at: at.now, by: at.by.to_string(), result, note, record: None });
    d.status = IncidentStatus::Closed;
}

/// A repeat call closed as a duplicate of `original` (which it names), and
/// the original with the repeat in its log and its list of duplicates.
pub fn duplicate(
    repeat: (&LinkedRecord, &IncidentDetails),
    original: (&LinkedRecord, &IncidentDetails),
    at: &Acting<'_>,
) -> Result<(IncidentDetails, IncidentDetails), FieldError> {
    let (repeat_ref, repeat_now) = repeat;
    let (original_ref, original_now) = original;
    let action = IncidentAction::DuplicateOf { incident_id: original_ref.id.clone() };
    if repeat_now.status == IncidentStatus::Closed {
        return Err(refuse(&action, IncidentStatus::Closed));
    }
    if repeat_ref.id == original_ref.id {
        return Err(FieldError::new("action.incident_id", "an incident cannot repeat itself"));
    }
    if original_now.status == IncidentStatus::Closed {
        return Err(FieldError::new(
            "action.incident_id",
            format!("{} is closed: log the call as a new incident", original_ref.reference),
        ));
    }
    let mut repeat = repeat_now.clone();
    repeat.duplicate_of = Some(original_ref.clone());
    close(&mut repeat, at, IncidentResult::Duplicate, format!("repeat call about {}", original_ref.reference));
    let mut original = original_now.clone();
    original.duplicates.push(repeat_ref.clone());
    log(&mut original, at, LogKind::Duplicate, format!("Repeat call {} linked", repeat_ref.reference));
    Ok((repeat, original))
}

/// The record a close opens: a crime report or an ASB case, pre-filled from
/// the incident (where, who, what the log says) and naming it. None for a
/// result that opens nothing.
pub fn opened_record(incident: &Event, action: &IncidentAction) -> Option<EventInput> {
    let IncidentAction::Close { result, offence, asb_category, note } = action else { return None };
    let EventDetails::Incident(d) = &incident.details else { return None };
    let from = LinkedRecord { kind: incident.kind, id: incident.id.clone(), reference: incident.reference.clone() };
    let details = match result {
        IncidentResult::CrimeRecorded => EventDetails::Crime(Box::new(CrimeDetails {
            from_incident: Some(from),
            ..CrimeDetails::reported(
                offence.as_deref().unwrap_or_default().trim().to_string(),
                d.location.address.clone(),
                incident.occurred_at,
            )
        })),
        IncidentResult::AsbRecorded => {
            // The case opens with the incident linked, as the one who closed it linked it.
            let category = (*asb_category)?;
            let closure = d.closure.as_ref()?;
            let linked = crate::domain::asb::linking_at_open(incident, category, &closure.by, closure.at);
            EventDetails::Asb(AsbDetails {
                incidents: vec![linked],
                from_incident: Some(from),
                ..AsbDetails::new(category)
            })
        }
        _ => return None,
    };
    let mut summary =
        format!("{} at {} ({}): {}", incident.summary, d.location.one_line(), incident.reference, note.trim());
    let log: Vec<&str> = d.log.iter().map(|e| e.text.as_str()).collect();
    if let Some(lines) = log_summary(&log) {
        summary = format!("{summary}. Log: {lines}");
    }
    // The people keep their parts: the caller reported it, the suspect is the suspect.
    Some(EventInput {
        objects: Vec::new(),
        reference: None,
        occurred_at: incident.occurred_at,
        borough: incident.borough.clone(),
        summary,
        people: incident.people.clone(),
        details,
    })
}

/// The incident log in a few hundred characters, for the record it opens.
fn log_summary(lines: &[&str]) -> Option<String> {
    const MAX: usize = 600;
    let mut out = String::new();
    for line in lines {
        if out.chars().count() + line.chars().count() > MAX {
            out.push_str(" …");
            break;
        }
        if !out.is_empty() {
            out.push_str(" / ");
        }
        out.push_str(line);
    }
    (!out.is_empty()).then_some(out)
}
