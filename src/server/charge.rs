//! A charge in custody opens the prosecution case: the case for the same
//! matter (by URN, or the open case on the crime report charged on) is
//! joined, or a new one is opened under the URN given or the next one the
//! force's unit issues; the custody record, the case and the crime report
//! are written, each naming the others, in one transaction.

use super::error::{ApiError, ApiResult};
use super::lifecycle::Acting;
use crate::domain::charge_case::{ChargePlan, Charged};
use crate::domain::custody::CustodyAction;
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::identifiers::parse_urn;
use crate::domain::link::{EventRole, LinkedRecord};
use crate::store::{Actor, CaseWrite, ChargeWrite, StoreError};

/// Writes the charged custody record `input` with the case it opens or
/// joins; returns the custody record.
pub async fn charge(at: &Acting<'_>, actor: &Actor, mut input: EventInput, action: &CustodyAction) -> ApiResult<Event> {
    let (state, current) = (at.state, at.current);
    let CustodyAction::Charge { offences, remanded, court, court_date, urn, crime, officer_in_case, decision, .. } =
        action
    else {
        return Err(ApiError::Internal("a charge was expected".into()));
    };
    let EventDetails::Custody(record) = &mut input.details else {
        return Err(ApiError::Internal(format!("custody record {} rebuilt as another kind", current.id)));
    };
    let defendant = current
        .people
        .iter()
        .find(|p| p.role == EventRole::Detainee)
        .map(|p| p.person_id.clone())
        .ok_or_else(|| ApiError::invalid("action", "the custody record names no detainee to charge"))?;
    let court_date =
        court_date.ok_or_else(|| ApiError::invalid("action.court_date", "a charge lists the first hearing"))?;
    let crime = match crime {
        Some(typed) => Some(crime_report(at, typed).await?),
        None => None,
    };
    record.crime = crime.as_ref().map(LinkedRecord::to);
    let arrested_at = record.arrested_at;
    let officer = officer_in_case.clone().unwrap_or_else(|| record.arresting_officer.clone());
    let offence_at = crime.as_ref().map(|c| c.occurred_at).unwrap_or(arrested_at);
    let charged = Charged {
        offences,
        offence_date: offence_at.date_naive(),
        remanded: *remanded,
        court,
        court_date,
        officer_in_case: &officer,
        decision: *decision,
    };
    let plan = ChargePlan::new(&defendant, &charged, LinkedRecord::to(current), crime.as_ref().map(LinkedRecord::to));
    let urn = match urn {
        Some(typed) => Some(parse_urn(typed).map_err(|m| ApiError::invalid("action.urn", m))?),
        None => None,
    };
    let case = match same_matter(at, urn.as_deref(), crime.as_ref()).await? {
        Some(case) => joined(&plan, &case, at)?,
        None => {
            let (details, people) = plan.open();
            let summary =
                format!("{} - {}", current.summary.split(" - ").next().unwrap_or_default(), offences.join("; "));
            let mut input = EventInput {
                objects: Vec::new(),
                reference: urn.clone(),
                occurred_at: offence_at,
                borough: current.borough.clone(),
                summary,
                people,
                details: EventDetails::Case(details),
            };
            // The URN issued in the store's transaction stands in for validation.
            let placeholder = input.reference.is_none();
            if placeholder {
                input.reference = Some(format!("{}0000000", state.config.cases.urn_prefix()));
            }
            input.validate(EventKind::Case, at.now).map_err(|e| e.within("case"))?;
            if placeholder {
                input.reference = None;
            }
            CaseWrite::Open { input, urn_prefix: state.config.cases.urn_prefix() }
        }
    };
    let write = ChargeWrite {
        custody_id: current.id.clone(),
        custody_expected: current.version,
        custody: input,
        case,
        crime_id: crime.map(|c| c.id),
    };
    let (custody, _case) = state.store.charge_with_case(actor, write).await?;
    Ok(custody)
}

/// The crime report named by id or crime number.
async fn crime_report(at: &Acting<'_>, typed: &str) -> ApiResult<Event> {
    let typed = typed.trim();
    match at.state.store.event(EventKind::Crime, typed).await {
        Ok(event) => return Ok(event),
        Err(StoreError::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let by_reference = at.state.store.event_of_reference(EventKind::Crime, typed).await?;
    by_reference
        .ok_or_else(|| ApiError::invalid("action.crime", format!("no crime report has the id or number '{typed}'")))
}

/// The case this charge belongs to: the one under `urn`, else the open case
/// already on the crime report.
async fn same_matter(at: &Acting<'_>, urn: Option<&str>, crime: Option<&Event>) -> ApiResult<Option<Event>> {
    let store = &at.state.store;
    if let Some(urn) = urn {
        return Ok(store.event_of_reference(EventKind::Case, urn).await?);
    }
    let Some(EventDetails::Crime(d)) = crime.map(|c| &c.details) else { return Ok(None) };
    for link in d.cases.iter().rev() {
        let case = match store.event(EventKind::Case, &link.id).await {
            Ok(case) => case,
            Err(StoreError::NotFound { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        if case.details.is_open() {
            return Ok(Some(case));
        }
    }
    Ok(None)
}

/// The existing case rewritten with this charge, at the version it was read at.
fn joined(plan: &ChargePlan, case: &Event, at: &Acting<'_>) -> ApiResult<CaseWrite> {
    let EventDetails::Case(current) = &case.details else {
        return Err(ApiError::Internal(format!("event {} is filed as a case but is not one", case.id)));
    };
    let (details, people) = plan.join(&case.reference, current, &case.people)?;
    let mut input = EventInput { people, details: EventDetails::Case(details), ..case.as_input() };
    input.validate(EventKind::Case, at.now).map_err(|e| e.within("case"))?;
    Ok(CaseWrite::Join { id: case.id.clone(), expected: case.version, input })
}
