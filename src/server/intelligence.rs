//! The intelligence desk's routes: every step on a report through the one
//! lifecycle handler (`POST /intelligence/{id}/actions`) and the desk's
//! queues (`GET /intelligence/queue`). A report is recorded through
//! `POST /intelligence`, as a draft or submitted at once.
//!
//! Who may do what: those who write intelligence (intelligence analysts,
//! investigators) draft, revise and submit; only an intelligence officer
//! (intelligence analyst) evaluates, returns, sanitises, disseminates and
//! reviews for retention. A dissemination writes one disclosure entry in
//! the audit for each recipient, in the transaction that records it.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{is_placeholder, others_draft, reason_or, redact, require_read};
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Path, Query};
use super::lifecycle::{self, Acting, Applied, Lifecycle};
use super::AppState;
use crate::api::errors;
use crate::api::intelligence::{
    IntelligenceActionRequest, IntelligenceQueue, IntelligenceQueuePage, IntelligenceQueueQuery,
};
use crate::api::list_sort::ListSort;
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::intelligence::lifecycle::{self as rules, Authority};
use crate::domain::intelligence::{IntelligenceAction, IntelligenceDetails, IntelligenceStatus};
use crate::domain::role::Roles;
use crate::store::{Actor, AuditRecord, EventFilter};

pub fn routes() -> Router<AppState> {
    Router::new().route("/intelligence/queue", get(queue)).route("/intelligence/{id}/actions", post(act))
}

fn report_of(event: &Event) -> ApiResult<&IntelligenceDetails> {
    match &event.details {
        EventDetails::Intelligence(d) => Ok(d),
        _ => Err(ApiError::Internal(format!("event {} is filed as intelligence but is not", event.id))),
    }
}

/// A report as `POST /intelligence` records it: a draft, or submitted by
/// its author at once; evaluation and what follows come through the actions.
pub(super) fn starting_report(input: &mut EventInput, by: &str) -> ApiResult<()> {
    let EventDetails::Intelligence(d) = &mut input.details else { return Ok(()) };
    if d.has_workflow() {
        return Err(ApiError::invalid(
            "details.status",
            "a report is recorded as a draft or submitted; evaluation, sanitisation, dissemination and \
             retention reviews come through its actions: POST /api/v1/intelligence/{id}/actions",
        ));
    }
    if d.status == IntelligenceStatus::Submitted {
        d.submission = Some(crate::domain::intelligence::Stamp { at: Utc::now(), by: by.to_string() });
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/intelligence/{id}/actions", operation_id = "intelligence_action",
    request_body = IntelligenceActionRequest, params(("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
/// One step on a report, written if it is still at `version`, the caller's
/// role allows it and the report's rules do.
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<IntelligenceActionRequest>,
) -> ApiResult<JsonOut<Event>> {
    let event = lifecycle::act::<Intelligence>(&state, &caller, &id, req.version, &req.action).await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// Intelligence: drafted by those who write it, worked by the intelligence unit.
pub struct Intelligence;

impl Lifecycle for Intelligence {
    const KIND: EventKind = EventKind::Intelligence;
    const WORK: &'static str = "writing intelligence";
    const NOUN: &'static str = "intelligence report";
    type Action = IntelligenceAction;

    fn hidden_from(current: &Event, by: &str) -> bool {
        others_draft(current, by)
    }

    fn may(action: &IntelligenceAction, _current: &Event, roles: &Roles) -> ApiResult<()> {
        match action.authority() {
            Authority::Author => Ok(()),
            Authority::IntelligenceOfficer if roles.evaluates_intelligence() => Ok(()),
            Authority::IntelligenceOfficer => Err(ApiError::Forbidden(format!(
                "only an intelligence officer (intelligence analyst) may {} a report",
                action.name()
            ))),
        }
    }

    async fn apply(at: &Acting<'_>, action: &IntelligenceAction) -> ApiResult<Applied> {
        let current = at.current;
        let acting = rules::Acting { by: at.by, now: at.now, reads_unsanitised: at.roles.may_read_unsanitised() };
        // A placeholder a role was shown in place of a text stands for the
        // stored text, never for new text.
        let mut action = action.clone();
        let texts = match &mut action {
            IntelligenceAction::Revise { unsanitised_text, sanitised_text, .. } => {
                vec![unsanitised_text, sanitised_text]
            }
            IntelligenceAction::Sanitise { sanitised_text } => vec![sanitised_text],
            _ => Vec::new(),
        };
        for text in texts {
            if text.as_deref().is_some_and(is_placeholder) {
                *text = None;
            }
        }
        let next = rules::apply(report_of(current)?, &action, &acting)?;
        Ok(Applied {
            people: current.people.clone(),
            details: EventDetails::Intelligence(next),
            reason: action.audit_reason(),
        })
    }

    async fn write(at: &Acting<'_>, actor: &Actor, input: EventInput, action: &IntelligenceAction) -> ApiResult<Event> {
        let (store, current) = (&at.state.store, at.current);
        let IntelligenceAction::Disseminate { .. } = action else {
            return Ok(store.update_event(actor, EventKind::Intelligence, &current.id, current.version, input).await?);
        };
        // Each recipient is a disclosure of the report, on record with it.
        let EventDetails::Intelligence(d) = &input.details else {
            return Err(ApiError::Internal(format!("report {} rebuilt as another kind", current.id)));
        };
        let Some(sent) = d.disseminations.last() else {
            return Err(ApiError::Internal(format!("report {} disseminated to nobody", current.id)));
        };
        let conditions = sent.conditions.as_deref().map(|c| format!("; handling conditions: {c}")).unwrap_or_default();
        let details: Vec<String> = sent
            .recipients
            .iter()
            .map(|r| format!("{} disseminated to {r} for {}{conditions}", current.reference, sent.purpose))
            .collect();
        let records: Vec<AuditRecord<'_>> = details
            .iter()
            .map(|detail| AuditRecord {
                action: "disclosure",
                record_kind: EventKind::Intelligence.as_str(),
                record_id: &current.id,
                detail,
            })
            .collect();
        Ok(store
            .update_event_disclosed(actor, EventKind::Intelligence, &current.id, current.version, input, &records)
            .await?)
    }
}

#[utoipa::path(get, path = "/api/v1/intelligence/queue", operation_id = "intelligence_queue",
    params(IntelligenceQueueQuery),
    responses((status = 200, body = IntelligenceQueuePage), errors::Standard, errors::ReasonRequired,
              errors::Forbidden, errors::Invalid))]
/// One of the desk's queues, each report as the caller may see it.
pub async fn queue(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<IntelligenceQueueQuery>,
) -> ApiResult<JsonOut<IntelligenceQueuePage>> {
    require_read(&caller, EventKind::Intelligence)?;
    let reason = reason_or(q.reason.clone(), "intelligence queue")?;
    let now = Utc::now();
    let limit = q.limit.unwrap_or(50);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 1000"));
    }
    let status = |s: IntelligenceStatus| Some(s.as_str().to_string());
    let mut filter = EventFilter {
        limit,
        after: q.after.clone(),
        oldest_first: q.sort == Some(ListSort::Oldest),
        reader: Some(caller.username.clone()),
        ..EventFilter::default()
    };
    if q.queue == IntelligenceQueue::Evaluation && q.sort.is_some() {
        return Err(ApiError::invalid(
            "sort",
            "the evaluation queue keeps its own order (the highest priority, then the longest waiting): leave sort out",
        ));
    }
    let (events, next, more) = match q.queue {
        // Highest priority first, then the longest waiting.
        IntelligenceQueue::Evaluation => {
            let (events, next, count) = state.store.evaluation_queue(limit, q.after.as_deref()).await?;
            (events, next, super::queue_more::More { count, at_least: false })
        }
        queue => {
            filter.status = match queue {
                // The caller's own drafts, newest first, read by author.
                IntelligenceQueue::MyDrafts => {
                    filter.officer = Some(caller.username.clone());
                    status(IntelligenceStatus::Draft)
                }
                IntelligenceQueue::Sanitisation => status(IntelligenceStatus::Evaluated),
                IntelligenceQueue::Dissemination => status(IntelligenceStatus::Sanitised),
                // By when due, the most overdue first unless asked for the latest.
                _ => {
                    filter.due_by = Some(now);
                    filter.by_due = true;
                    filter.oldest_first = q.sort != Some(ListSort::Newest);
                    status(IntelligenceStatus::Reviewed)
                }
            };
            let (events, next) = state.store.list_events(EventKind::Intelligence, &filter).await?;
            let more = super::queue_more::more_after(&state, EventKind::Intelligence, &filter, next.as_ref()).await?;
            (events, next, more)
        }
    };
    let mut consulted = Consulted::new();
    for event in &events {
        consulted.event(event, "intelligence queue");
    }
    consulted.record(&state, &caller, &reason).await?;
    let items = events.into_iter().map(|e| redact(e, &caller.roles)).collect();
    Ok(JsonOut(IntelligenceQueuePage { at: now, items, more: more.count, more_at_least: more.at_least, next }))
}
