//! Applying an action to a custody record: who may, whether the law allows
//! it, and what it changes. Roles: a review before charge only by an
//! inspector, after charge by the custody officer (custody officer or
//! sergeant), as PACE s.40(1) says; an extension only by a superintendent;
//! everything else by custody officers and sergeants.

use chrono::{DateTime, Months, Utc};

use super::action::{CustodyAction, Meal, Right};
use super::kinds::{CELL_MOVE, INTERVIEW, MEAL, RELEASE, RIGHTS, RIGHTS_DELAYED, RISK_ASSESSMENT, SOLICITOR, TRANSFER};
use super::risk::observation_floor;
use super::ActionError;
use crate::domain::error::require_text;
use crate::domain::event::{ChargingDecision, CustodyDetails, CustodyEntry, CustodyOutcome, OpenClosed};
use crate::domain::pace::entries::{
    APPROPRIATE_ADULT, CHARGED, EXTENSION, REVIEW, REVIEW_POSTPONED, ROUSING_FAILED, VISIT,
    WARRANT_OF_FURTHER_DETENTION,
};
use crate::domain::pace::{self, Observation, PaceError};
use crate::domain::person::WarningMarker;
use crate::domain::role::{Role, Roles};

/// Pre-charge bail runs this long unless the officer says otherwise.
const PRE_CHARGE_BAIL_MONTHS: u32 = 3;
/// Rights may be delayed no longer than this from the relevant time.
const MAX_RIGHTS_DELAY_HOURS: i64 = 36;

pub(super) fn text(field: &str, value: &str) -> Result<(), ActionError> {
    require_text(field, value).map_err(ActionError::Invalid)
}

fn roles_text(roles: &Roles) -> String {
    let names: Vec<&str> = roles.0.iter().map(|r| r.as_str()).collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

pub(super) fn require_custody_staff(roles: &Roles, what: &str) -> Result<(), ActionError> {
    if roles.has(Role::CustodyOfficer) || roles.has(Role::CustodySergeant) {
        Ok(())
    } else {
        Err(ActionError::Forbidden(format!(
            "only a custody officer or custody sergeant may record {what}; your roles are {}",
            roles_text(roles)
        )))
    }
}

impl CustodyAction {
    /// Checks the caller's roles, then the law, then changes `record` and
    /// returns the entries appended to its log. On any error the record is
    /// left as it was. `markers` are the detainee's warning markers, read by
    /// a risk assessment.
    pub fn apply(
        self,
        record: &mut CustodyDetails,
        by: &str,
        roles: &Roles,
        markers: &[WarningMarker],
        now: DateTime<Utc>,
    ) -> Result<Vec<CustodyEntry>, ActionError> {
        self.check_role(record, roles)?;
        if record.status == OpenClosed::Closed {
            return Err(PaceError::AlreadyReleased.into());
        }
        let at = self.at().unwrap_or(now);
        if at < record.arrested_at {
            return Err(ActionError::invalid("at", "is before the arrest"));
        }
        let mut next = record.clone();
        let planned = self.plan(&mut next, at, markers)?;
        self.grant_bail(&mut next, at, by, roles)?;
        let mut added = Vec::with_capacity(planned.len());
        for (kind, text_field, body) in planned {
            let entry = CustodyEntry { at, by: by.to_string(), kind: kind.to_string(), text: body };
            pace::validate_entry(&next, &entry, now).map_err(|e| on_field(e, text_field))?;
            next.entries.push(entry.clone());
            added.push(entry);
        }
        self.settle(&mut next);
        *record = next;
        Ok(added)
    }

    /// Whether `roles` may take this action on `record` as it stands;
    /// [`CustodyAction::apply`] asks it first.
    pub fn check_role(&self, record: &CustodyDetails, roles: &Roles) -> Result<(), ActionError> {
        match self {
            CustodyAction::Review { .. } | CustodyAction::ReviewPostponed { .. } if !pace::is_charged(record) => {
                if roles.has(Role::Inspector) {
                    Ok(())
                } else {
                    Err(ActionError::Forbidden(format!(
                        "only an inspector may review detention before charge (PACE s.40); your roles are {}",
                        roles_text(roles)
                    )))
                }
            }
            CustodyAction::Extension { .. } => {
                if roles.has(Role::Superintendent) {
                    Ok(())
                } else {
                    Err(ActionError::Forbidden(format!(
                        "only a superintendent may extend detention (PACE s.42); your roles are {}",
                        roles_text(roles)
                    )))
                }
            }
            other => require_custody_staff(roles, &format!("a {}", other.name().replace('_', " "))),
        }
    }

    /// The entries the action adds (kind, the action's field the text came
    /// from, text), after checking its own fields; changes to the record's
    /// other fields are made on `next`.
    fn plan(
        &self,
        next: &mut CustodyDetails,
        at: DateTime<Utc>,
        markers: &[WarningMarker],
    ) -> Result<Vec<(&'static str, &'static str, String)>, ActionError> {
        let one = |kind, field, body| Ok(vec![(kind, field, body)]);
        match self {
            CustodyAction::RiskAssessment { observation_level, intoxicated, notes, .. } => {
                let (floor, risky) = observation_floor(markers, *intoxicated, at.date_naive());
                let level = observation_level.unwrap_or(floor);
                if !(1..=4).contains(&level) {
                    return Err(ActionError::invalid("observation_level", "must be 1, 2, 3 or 4"));
                }
                if level < floor {
                    let why = if risky.is_empty() { "intoxication".to_string() } else { risky.join(", ") };
                    return Err(ActionError::invalid(
                        "observation_level",
                        format!("{why} call(s) for level {floor} at least, not {level}"),
                    ));
                }
                next.observation_level = level;
                let checked: Vec<&str> =
                    markers.iter().filter(|m| m.is_current(at.date_naive())).map(|m| m.category.as_str()).collect();
                let checked = if checked.is_empty() { "none".to_string() } else { checked.join(", ") };
                let mut body = format!(
                    "Markers checked: {checked}. Observation level {level} ({}).",
                    Observation::from_level(level).label()
                );
                if *intoxicated {
                    body.push_str(" Intoxicated.");
                }
                if !notes.trim().is_empty() {
                    body = format!("{body} {}", notes.trim());
                }
                one(RISK_ASSESSMENT, "notes", body)
            }
            CustodyAction::RightsGiven { rights, .. } => {
                let all = [Right::SomeoneInformed, Right::LegalAdvice, Right::ConsultCodes];
                let rights = if rights.is_empty() { all.as_slice() } else { rights.as_slice() };
                let labels: Vec<&str> = rights.iter().map(|r| r.label()).collect();
                one(RIGHTS, "rights", format!("Rights given: {}", labels.join(", ")))
            }
            CustodyAction::RightsDelayed { right, authorised_by, grounds, .. } => {
                text("authorised_by", authorised_by)?;
                text("grounds", grounds)?;
                if *right == Right::ConsultCodes {
                    return Err(ActionError::invalid("right", "the right to consult the Codes cannot be delayed"));
                }
                if !next.indictable {
                    return Err(ActionError::invalid("right", "a right may be delayed only for an indictable offence"));
                }
                if at > next.relevant_time + chrono::Duration::hours(MAX_RIGHTS_DELAY_HOURS) {
                    return Err(ActionError::invalid(
                        "at",
                        format!(
                            "a right may not be delayed beyond {MAX_RIGHTS_DELAY_HOURS} hours from the relevant time"
                        ),
                    ));
                }
                one(
                    RIGHTS_DELAYED,
                    "grounds",
                    format!(
                        "Right {} delayed on the authority of {}: {}",
                        right.label(),
                        authorised_by.trim(),
                        grounds.trim()
                    ),
                )
            }
            CustodyAction::AppropriateAdult { name, relationship, .. } => {
                text("name", name)?;
                text("relationship", relationship)?;
                one(APPROPRIATE_ADULT, "name", format!("{} ({})", name.trim(), relationship.trim()))
            }
            CustodyAction::Visit { roused, notes, .. } => {
                let level = Observation::from_level(next.observation_level);
                if level.needs_rousing() && roused.is_none() {
                    return Err(ActionError::invalid(
                        "roused",
                        "level 2 observation needs rousing: say whether the detainee was roused",
                    ));
                }
                next.last_visit_at = Some(next.last_visit_at.map_or(at, |l| l.max(at)));
                if *roused == Some(false) {
                    let body = format!("Could not be roused: healthcare professional called. {}", notes.trim());
                    one(ROUSING_FAILED, "notes", body.trim().to_string())
                } else {
                    let body = if *roused == Some(true) { format!("Roused. {}", notes.trim()) } else { notes.clone() };
                    one(VISIT, "notes", body.trim().to_string())
                }
            }
            CustodyAction::Review { outcome, .. } => {
                text("outcome", outcome)?;
                next.last_review_at = Some(next.last_review_at.map_or(at, |l| l.max(at)));
                one(REVIEW, "outcome", outcome.trim().to_string())
            }
            CustodyAction::ReviewPostponed { reason, .. } => one(REVIEW_POSTPONED, "reason", reason.trim().to_string()),
            CustodyAction::Extension { grounds, representations, .. } => {
                text("grounds", grounds)?;
                text("representations", representations)?;
                one(EXTENSION, "grounds", format!("{}; representations: {}", grounds.trim(), representations.trim()))
            }
            CustodyAction::WarrantOfFurtherDetention { hours, court, .. } => {
                text("court", court)?;
                one(WARRANT_OF_FURTHER_DETENTION, "hours", format!("{hours}h {}", court.trim()))
            }
            CustodyAction::Interview { officer, notes, .. } => {
                text("officer", officer)?;
                one(
                    INTERVIEW,
                    "notes",
                    format!("Interviewed by {}. {}", officer.trim(), notes.trim()).trim().to_string(),
                )
            }
            CustodyAction::Solicitor { solicitor, notes, .. } => {
                text("solicitor", solicitor)?;
                one(SOLICITOR, "notes", format!("Consulted {}. {}", solicitor.trim(), notes.trim()).trim().to_string())
            }
            CustodyAction::Meal { meal, notes, .. } => {
                let what = match meal {
                    Meal::Light => "Light meal",
                    Meal::Main => "Main meal",
                };
                one(MEAL, "notes", format!("{what}. {}", notes.trim()).trim().to_string())
            }
            CustodyAction::CellMove { cell, reason, .. } => {
                text("cell", cell)?;
                text("reason", reason)?;
                if cell.trim() == next.cell {
                    return Err(ActionError::invalid("cell", format!("the detainee is already in cell {cell}")));
                }
                let body = format!("Moved from cell {} to {}: {}", next.cell, cell.trim(), reason.trim());
                next.cell = cell.trim().to_string();
                one(CELL_MOVE, "reason", body)
            }
            CustodyAction::Transfer { suite_id, cell, reason, .. } => {
                text("suite_id", suite_id)?;
                text("cell", cell)?;
                text("reason", reason)?;
                if suite_id.trim() == next.suite_id {
                    return Err(ActionError::invalid("suite_id", "the detainee is already in this suite"));
                }
                let body = format!(
                    "Transferred from suite {} cell {} to suite {} cell {}: {}",
                    next.suite_id,
                    next.cell,
                    suite_id.trim(),
                    cell.trim(),
                    reason.trim()
                );
                next.suite_id = suite_id.trim().to_string();
                next.cell = cell.trim().to_string();
                one(TRANSFER, "reason", body)
            }
            CustodyAction::Charge { offences, remanded, court, court_date, officer_in_case, decision, .. } => {
                if offences.is_empty() {
                    return Err(ActionError::invalid("offences", "at least one offence is charged"));
                }
                for (i, o) in offences.iter().enumerate() {
                    text(&format!("offences[{i}]"), o)?;
                }
                text("court", court)?;
                let court_date = court_date.ok_or_else(|| {
                    ActionError::invalid("court_date", "a charge lists the first hearing: give its date")
                })?;
                if court_date < at.date_naive() {
                    return Err(ActionError::invalid("court_date", "is before the charge"));
                }
                if let Some(officer) = officer_in_case {
                    text("officer_in_case", officer)?;
                }
                if matches!(decision, Some(ChargingDecision::NoFurtherAction | ChargingDecision::Caution)) {
                    return Err(ActionError::invalid("decision", "a charge is decided by the police or the CPS"));
                }
                let charged: Vec<&str> = offences.iter().map(|o| o.trim()).collect();
                let when = format!(" on {court_date}");
                let (outcome, release) = if *remanded {
                    (
                        CustodyOutcome::ChargedRemanded,
                        format!("Charged and remanded to appear at {}{when}", court.trim()),
                    )
                } else {
                    (CustodyOutcome::ChargedBailed, format!("Charged and bailed to appear at {}{when}", court.trim()))
                };
                next.outcome = Some(outcome);
                Ok(vec![(CHARGED, "offences", charged.join("; ")), (RELEASE, "court", release)])
            }
            CustodyAction::Release { outcome, reason, bail_until, .. } => {
                text("reason", reason)?;
                let what = match outcome {
                    CustodyOutcome::ChargedBailed | CustodyOutcome::ChargedRemanded => {
                        return Err(ActionError::invalid("outcome", "a charge is recorded with the charge action"));
                    }
                    CustodyOutcome::ReferredToCps => "Referred to the CPS for a charging decision".to_string(),
                    CustodyOutcome::PreChargeBail => {
                        let default = at.date_naive().checked_add_months(Months::new(PRE_CHARGE_BAIL_MONTHS));
                        let until = bail_until
                            .or(default)
                            .ok_or_else(|| ActionError::invalid("bail_until", "cannot be worked out from the date"))?;
                        if until <= at.date_naive() {
                            return Err(ActionError::invalid("bail_until", "must be after the release"));
                        }
                        format!("Released on pre-charge bail until {until}")
                    }
                    CustodyOutcome::ReleasedUnderInvestigation => "Released under investigation".to_string(),
                    CustodyOutcome::NoFurtherAction => "Released: no further action".to_string(),
                    CustodyOutcome::SimpleCaution => "Simple caution administered".to_string(),
                    CustodyOutcome::ConditionalCaution => "Conditional caution administered".to_string(),
                    CustodyOutcome::Transferred => "Transferred to another force".to_string(),
                };
                if bail_until.is_some() && *outcome != CustodyOutcome::PreChargeBail {
                    return Err(ActionError::invalid("bail_until", "applies only to pre-charge bail"));
                }
                next.outcome = Some(*outcome);
                one(RELEASE, "reason", format!("{what}: {}", reason.trim()))
            }
        }
    }

    /// Record fields that follow from the entries once they are all lawful.
    fn settle(&self, next: &mut CustodyDetails) {
        if matches!(self, CustodyAction::Charge { .. } | CustodyAction::Release { .. }) {
            next.status = OpenClosed::Closed;
        }
    }
}

/// A rule's error named after the action's own field where the entry's
/// text came from it.
fn on_field(e: PaceError, text_field: &'static str) -> ActionError {
    let mut f: crate::domain::FieldError = e.into();
    f.field = match f.field.as_str() {
        "text" => text_field.to_string(),
        "kind" => "action".to_string(),
        other => other.to_string(),
    };
    ActionError::Invalid(f)
}
