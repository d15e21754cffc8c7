//! The ASB desk's routes: every step on a case through the one lifecycle
//! handler (`POST /asb/{id}/actions`), a case with its standing as of now
//! (`GET /asb/{id}/standing`: the review trigger, repeat and vulnerable
//! victims, derived from its linked incidents), and the cases with the
//! desk's filters (`GET /asb/cases`). A case is written through
//! `POST /asb`, open, with nothing linked yet; `PUT /asb/{id}` corrects
//! what it says, never what its actions did.
//!
//! Who may do what: those who work ASB cases link, unlink, assess, request
//! and record reviews, record tools and close; only a supervisor (an
//! inspector or superintendent) requests a review before the trigger is met.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{reason_or, redact, require_read, required_reason};
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::events::canonical_borough;
use super::extract::{Json, Path, Query};
use super::lifecycle::{self, Acting, Applied, Lifecycle};
use super::AppState;
use crate::api::asb::{AsbActionRequest, AsbCaseView, AsbCasesPage, AsbCasesQuery};
use crate::api::errors;
use crate::api::ReasonQuery;
use crate::domain::asb::lifecycle::{self as rules, AsbState, Authority};
use crate::domain::asb::{linked_incident, standing, AsbAction, AsbDetails};
use crate::domain::event::{Event, EventDetails, EventInput, EventKind, OpenClosed};
use crate::domain::role::Roles;
use crate::store::{EventFilter, StoreError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/asb/cases", get(cases))
        .route("/asb/{id}/standing", get(read_standing))
        .route("/asb/{id}/actions", post(act))
}

fn case_of(event: &Event) -> ApiResult<&AsbDetails> {
    match &event.details {
        EventDetails::Asb(d) => Ok(d),
        _ => Err(ApiError::Internal(format!("event {} is filed as asb but is not", event.id))),
    }
}

/// A case as `POST /asb` writes it: open, with nothing linked or done yet.
pub(super) fn starting_case(input: &EventInput) -> ApiResult<()> {
    let EventDetails::Asb(d) = &input.details else { return Ok(()) };
    if d.has_workflow() {
        return Err(ApiError::invalid(
            "details.incidents",
            "an ASB case is written open with nothing linked; incidents, assessments, reviews, tools and the \
             close come through its actions: POST /api/v1/asb/{id}/actions",
        ));
    }
    Ok(())
}

/// A plain update of a case (`PUT /asb/{id}`) corrects what it says — its
/// summary, borough, time, people and category — and leaves what its
/// actions did as they left it.
pub(super) async fn plain_update(state: &AppState, id: &str, input: &EventInput) -> ApiResult<()> {
    let EventDetails::Asb(new) = &input.details else { return Ok(()) };
    let current = state.store.event(EventKind::Asb, id).await?;
    let kept = AsbDetails { category: new.category, ..case_of(&current)?.clone() };
    if *new != kept {
        return Err(ApiError::invalid(
            "event.details",
            "an update corrects what the case says; its incidents, assessments, reviews, tools, log and close change \
             only through its actions: POST /api/v1/asb/{id}/actions",
        ));
    }
    Ok(())
}

fn view(event: Event, state: &AppState, roles: &Roles, now: chrono::DateTime<Utc>) -> ApiResult<AsbCaseView> {
    let standing = standing(case_of(&event)?, &state.config.asb, now);
    Ok(AsbCaseView { event: redact(event, roles), standing })
}

#[utoipa::path(post, path = "/api/v1/asb/{id}/actions", operation_id = "asb_action",
    request_body = AsbActionRequest, params(("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
/// One step on an ASB case, written if it is still at `version`, the
/// caller's role allows it and the desk's rules do.
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<AsbActionRequest>,
) -> ApiResult<JsonOut<Event>> {
    require_read(&caller, EventKind::Asb)?;
    let event = lifecycle::act::<Cases>(&state, &caller, &id, req.version, &req.action).await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// ASB cases: worked by neighbourhood and control room officers and
/// investigators; a review before the trigger is a supervisor's call.
pub struct Cases;

impl Lifecycle for Cases {
    const KIND: EventKind = EventKind::Asb;
    const WORK: &'static str = "working ASB cases";
    const NOUN: &'static str = "ASB case";
    type Action = AsbAction;

    fn may(action: &AsbAction, _current: &Event, roles: &Roles) -> ApiResult<()> {
        match action.authority() {
            Authority::Supervisor if !roles.supervises_asb() => Err(ApiError::Forbidden(
                "only a supervisor (an inspector or superintendent) may request a case review before the trigger is \
                 met"
                .into(),
            )),
            _ => Ok(()),
        }
    }

    async fn apply(at: &Acting<'_>, action: &AsbAction) -> ApiResult<Applied> {
        let current = at.current;
        let d = case_of(current)?;
        let linking = match action {
            AsbAction::LinkIncident { record_id, category } if d.linked(record_id).is_none() => {
                let record = linkable(at.state, record_id.trim()).await?;
                if let Some((case_id, reference)) = at.state.store.asb_case_linking(&record.id).await? {
                    if case_id != current.id {
                        return Err(ApiError::invalid(
                            "action.record_id",
                            format!(
                                "{} is already linked to ASB case {reference}: an incident belongs to one case",
                                record.reference
                            ),
                        ));
                    }
                }
                Some(linked_incident(&record, *category, d.category, at.by, at.now)?)
            }
            _ => None,
        };
        let before = AsbState { details: d.clone(), people: current.people.clone() };
        let acting = rules::Acting { by: at.by, now: at.now, rules: &at.state.config.asb, linking };
        let next = rules::apply(&before, action, &acting)?;
        Ok(Applied { people: next.people, details: EventDetails::Asb(next.details), reason: action.audit_reason() })
    }
}

/// The incident or crime report a link names; anything else is the
/// caller's mistake, named as such.
async fn linkable(state: &AppState, id: &str) -> ApiResult<Event> {
    for kind in [EventKind::Incident, EventKind::Crime] {
        match state.store.event(kind, id).await {
            Ok(event) => return Ok(event),
            Err(StoreError::NotFound { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::invalid("action.record_id", format!("no incident or crime report with id '{id}'")))
}

#[utoipa::path(get, path = "/api/v1/asb/{id}/standing", operation_id = "asb_standing",
    params(("id" = String, Path), ReasonQuery),
    responses((status = 200, body = AsbCaseView), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::NotFound, errors::Invalid))]
/// A case with its standing as of now: the review trigger, and each
/// victim's incidents, repeat and vulnerable flags.
pub async fn read_standing(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ReasonQuery>,
) -> ApiResult<JsonOut<AsbCaseView>> {
    require_read(&caller, EventKind::Asb)?;
    let reason = required_reason(q.reason)?;
    let event = state.store.event(EventKind::Asb, &id).await?;
    let mut consulted = Consulted::new();
    consulted.event(&event, "ASB case standing");
    consulted.record(&state, &caller, &reason).await?;
    Ok(JsonOut(view(event, &state, &caller.roles, Utc::now())?))
}

#[utoipa::path(get, path = "/api/v1/asb/cases", operation_id = "asb_cases",
    params(AsbCasesQuery),
    responses((status = 200, body = AsbCasesPage), errors::Standard, errors::ReasonRequired,
              errors::Forbidden, errors::Invalid))]
/// Cases newest first, open unless asked otherwise, each with its standing.
/// With `trigger_met`, a page holds the rows of one page of cases that
/// match, so it may be shorter than `limit` while `next` says more follow.
pub async fn cases(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AsbCasesQuery>,
) -> ApiResult<JsonOut<AsbCasesPage>> {
    require_read(&caller, EventKind::Asb)?;
    let reason = reason_or(q.reason.clone(), "ASB cases")?;
    let now = Utc::now();
    let limit = q.limit.unwrap_or(50);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 1000"));
    }
    let filter = EventFilter {
        open: Some(q.status.unwrap_or(OpenClosed::Open) == OpenClosed::Open),
        borough: canonical_borough(q.borough.clone())?,
        subkind: q.category.map(|c| c.as_str().to_string()),
        limit,
        after: q.after.clone(),
        oldest_first: q.sort == Some(crate::api::list_sort::ListSort::Oldest),
        ..EventFilter::default()
    };
    let (events, next) = state.store.list_events(EventKind::Asb, &filter).await?;
    let mut consulted = Consulted::new();
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        let row = view(event, &state, &caller.roles, now)?;
        if q.trigger_met.is_some_and(|met| met != row.standing.trigger.met) {
            continue;
        }
        consulted.event(&row.event, "ASB cases");
        rows.push(row);
    }
    let more = super::queue_more::more_while_recording(
        &state,
        EventKind::Asb,
        &filter,
        next.as_ref(),
        consulted,
        (&caller, &reason),
    )
    .await?;
    Ok(JsonOut(AsbCasesPage { at: now, rows, more: more.count, more_at_least: more.at_least, next }))
}
