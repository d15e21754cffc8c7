//! Every area's records under one set of routes:
//! `/api/v1/{collection}` and `/api/v1/{collection}/{id}`, where collection
//! is crimes, intelligence, safeguarding, asb, custody, cases, warrants or
//! incidents.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{
    idempotency_key, opened, reason_or, redact, require_not_others_draft, require_read, required_reason, seen_flags,
};
use super::auth::Caller;
use super::consulted::Consulted;
use super::custody_cells::{custody_suites, named_suite};
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Path, Query};
use super::AppState;
use crate::api::errors;
use crate::api::{EventPage, EventRecord, EventUpdate, ListQuery, ReadQuery};
use crate::domain::event::{Event, EventInput, EventKind};
use crate::domain::person::Flags;
use crate::store::{AuditRecord, EventFilter};

pub fn routes() -> Router<AppState> {
    Router::new().route("/{collection}", get(list).post(create)).route("/{collection}/{id}", get(read).put(update))
}

fn kind_of(collection: &str) -> ApiResult<EventKind> {
    EventKind::from_collection(collection).ok_or_else(|| ApiError::NotFound(format!("no collection '{collection}'")))
}

#[utoipa::path(get, path = "/api/v1/{collection}", operation_id = "list_events",
    params(("collection" = String, Path, description = "crimes, intelligence, safeguarding, asb, custody, cases, warrants or incidents"),
           ListQuery),
    responses((status = 200, body = EventPage), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::NotFound, errors::Invalid))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(collection): Path<String>,
    Query(mut query): Query<ListQuery>,
) -> ApiResult<JsonOut<EventPage>> {
    let kind = kind_of(&collection)?;
    require_read(&caller, kind)?;
    // A list of one person's records is a consultation of that person: say
    // why. A queue may give one reason for the whole list.
    let reason = match &query.person {
        Some(_) => required_reason(query.reason.take())?,
        None => reason_or(query.reason.take(), &format!("{collection} queue"))?,
    };
    // A suite by code or name, as people say it; the store files it by id.
    if let Some(typed) = query.suite.take() {
        query.suite = Some(named_suite(&custody_suites(&state).await?, "suite", &typed)?.id.clone());
    }
    let filter = EventFilter { reader: Some(caller.username.clone()), ..event_filter(query)? };
    let (items, next) = state.store.list_events(kind, &filter).await?;
    let mut consulted = Consulted::new();
    if let Some(person) = &filter.person {
        consulted.person(person, format!("list of their {collection}"));
    }
    for event in &items {
        consulted.event(event, &format!("list of {collection}"));
    }
    let names = names_on(&state, &caller, &items, &mut consulted).await?;
    let flags = flags_of(&state, &caller, &names).await?;
    let held_at = match kind {
        EventKind::Warrant => super::warrant_custody::held(&state, &flags, &mut consulted).await?,
        _ => BTreeMap::new(),
    };
    let more =
        super::queue_more::more_while_recording(&state, kind, &filter, next.as_ref(), consulted, (&caller, &reason))
            .await?;
    let items = items.into_iter().map(|e| redact(e, &caller.roles)).collect();
    Ok(JsonOut(EventPage { items, next, more: more.count, more_at_least: more.at_least, names, flags, held_at }))
}

/// The flags of the people a list names, as the caller may be told them;
/// people with none are left out.
async fn flags_of(
    state: &AppState,
    caller: &Caller,
    names: &BTreeMap<String, String>,
) -> ApiResult<BTreeMap<String, Flags>> {
    if names.is_empty() {
        return Ok(BTreeMap::new());
    }
    let ids: Vec<String> = names.keys().cloned().collect();
    Ok(state
        .store
        .flags(Some(&ids))
        .await?
        .into_iter()
        .map(|(id, flags)| (id, seen_flags(&caller.roles, flags)))
        .filter(|(_, flags)| *flags != Flags::default())
        .collect())
}

/// The names of the people `items` name, for a caller who may read people,
/// so a list says who rather than an id; each person named is consulted.
async fn names_on(
    state: &AppState,
    caller: &Caller,
    items: &[Event],
    consulted: &mut Consulted,
) -> ApiResult<BTreeMap<String, String>> {
    if !caller.roles.may_read_people() {
        return Ok(BTreeMap::new());
    }
    // Each person with the first record that names them.
    let mut first_on: BTreeMap<&str, &str> = BTreeMap::new();
    for event in items {
        for p in &event.people {
            first_on.entry(p.person_id.as_str()).or_insert(event.reference.as_str());
        }
    }
    let ids: Vec<String> = first_on.keys().map(|id| id.to_string()).collect();
    let mut names = BTreeMap::new();
    for (id, summary) in state.store.person_summaries(&ids).await? {
        if let Some(reference) = first_on.get(id.as_str()) {
            consulted.person(&id, format!("named on {reference}"));
        }
        names.insert(id, summary.display_name());
    }
    Ok(names)
}

/// The store's filter for a list query: the one place its values are
/// checked (the limit's range, the borough made canonical).
fn event_filter(query: ListQuery) -> ApiResult<EventFilter> {
    let ListQuery { status, borough, suite, officer, kind, person, open, limit, after, sort, reason: _ } = query;
    let limit = limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 1000"));
    }
    let borough = canonical_borough(borough)?;
    Ok(EventFilter {
        status,
        borough,
        suite,
        officer,
        subkind: kind,
        person,
        open,
        limit,
        after,
        oldest_first: sort == Some(crate::api::list_sort::ListSort::Oldest),
        ..EventFilter::default()
    })
}

/// A borough as given, in any case, as the store keeps it.
pub(super) fn canonical_borough(borough: Option<String>) -> ApiResult<Option<String>> {
    let Some(b) = borough else { return Ok(None) };
    match crate::domain::boroughs::canonical(&b) {
        Some(canonical) => Ok(Some(canonical.to_string())),
        None => Err(ApiError::invalid("borough", format!("'{b}' is not a London borough"))),
    }
}

#[utoipa::path(get, path = "/api/v1/{collection}/{id}", operation_id = "read_event",
    params(("collection" = String, Path), ("id" = String, Path), ReadQuery),
    responses((status = 200, body = EventRecord), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::NotFound, errors::Invalid))]
/// One record with the vehicles, phones and places linked to it.
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path((collection, id)): Path<(String, String)>,
    Query(q): Query<ReadQuery>,
) -> ApiResult<JsonOut<EventRecord>> {
    let kind = kind_of(&collection)?;
    require_read(&caller, kind)?;
    let reason = required_reason(q.reason)?;
    let event = state.store.event(kind, &id).await?;
    require_not_others_draft(&event, &caller.username)?;
    let reference = event.reference.clone();
    // A handling code C report opens only to a reader who acknowledges its
    // conditions; the acknowledgement is on record with the consultation.
    let acknowledged = conditions_of(&event).map(|c| format!("{reference}: handling conditions acknowledged: {c}"));
    if acknowledged.is_some() && q.acknowledge != Some(true) {
        let conditions = conditions_of(&event).unwrap_or_default();
        return Err(ApiError::AcknowledgementRequired(format!(
            "{reference} is handling code C: {conditions}. Read it again with acknowledge=true to acknowledge these \
             conditions (recorded in the audit)"
        )));
    }
    let event = opened(event, &caller.roles);
    // Read only for its version or fields: its links are not consulted.
    let record = match q.links {
        Some(false) => EventRecord::bare(event),
        _ => super::event_links::with_links(&state, &caller, event).await?,
    };
    let mut records =
        vec![AuditRecord { action: "consultation", record_kind: kind.as_str(), record_id: &id, detail: &reference }];
    if let Some(detail) = &acknowledged {
        records.push(AuditRecord { action: "acknowledgement", record_kind: kind.as_str(), record_id: &id, detail });
    }
    // Each vehicle, phone and place shown, with the same reason.
    let linked = super::event_links::consulted(&record);
    records.extend(linked.iter().map(|(kind, id, detail)| AuditRecord {
        action: "consultation",
        record_kind: kind,
        record_id: id,
        detail,
    }));
    state.store.record_access(&caller.actor(reason), &records).await?;
    Ok(JsonOut(record))
}

/// The handling conditions a reader must acknowledge before a record opens.
fn conditions_of(event: &Event) -> Option<&str> {
    match &event.details {
        crate::domain::event::EventDetails::Intelligence(d) => d.conditions(),
        _ => None,
    }
}

#[utoipa::path(post, path = "/api/v1/{collection}", operation_id = "create_event", request_body = EventInput,
    params(("collection" = String, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "a retry with the same key returns the first record")),
    responses((status = 201, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(collection): Path<String>,
    headers: HeaderMap,
    Json(mut input): Json<EventInput>,
) -> ApiResult<(StatusCode, JsonOut<Event>)> {
    let kind = kind_of(&collection)?;
    caller.require(caller.roles.may_write(kind), &format!("recording {collection}"))?;
    let key = idempotency_key(&headers, &input)?;
    let now = Utc::now();
    input.validate(kind, now)?;
    check_starting_state(kind, &input)?;
    super::crimes::starting_crime(&mut input, now)?;
    super::intelligence::starting_report(&mut input, &caller.username)?;
    super::safeguarding::starting_report(&input)?;
    super::asb::starting_case(&input)?;
    let event = state.store.create_event(&caller.actor(format!("{kind} recorded")), input, key.as_ref()).await?;
    Ok((StatusCode::CREATED, JsonOut(redact(event, &caller.roles))))
}

#[utoipa::path(put, path = "/api/v1/{collection}/{id}", operation_id = "update_event", request_body = EventUpdate,
    params(("collection" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path((collection, id)): Path<(String, String)>,
    Json(mut update): Json<EventUpdate>,
) -> ApiResult<JsonOut<Event>> {
    let kind = kind_of(&collection)?;
    caller.require(caller.roles.may_write(kind), &format!("changing {collection}"))?;
    if has_lifecycle(kind) {
        return Err(ApiError::invalid(
            "collection",
            format!("{collection} change only through their actions: POST /api/v1/{collection}/{{id}}/actions"),
        ));
    }
    update.event.validate(kind, Utc::now()).map_err(|e| e.within("event"))?;
    super::asb::plain_update(&state, &id, &update.event).await?;
    let event = state
        .store
        .update_event(&caller.actor(format!("{kind} updated")), kind, &id, update.version, update.event)
        .await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// Crimes, intelligence, safeguarding reports, custody records, warrants,
/// cases and incidents move only through their lifecycle actions, which
/// check each transition; a plain update would bypass them. (Intelligence is
/// also the one kind with a field withheld from some roles: an action
/// carries only what it changes, so nothing a role was never shown is
/// written back.)
fn has_lifecycle(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Crime
            | EventKind::Intelligence
            | EventKind::Safeguarding
            | EventKind::Custody
            | EventKind::Warrant
            | EventKind::Case
            | EventKind::Incident
    )
}

/// A record with a lifecycle is created at its start.
fn check_starting_state(kind: EventKind, input: &EventInput) -> ApiResult<()> {
    use crate::domain::event::{CaseStatus, EventDetails, WarrantStatus};
    match (&input.details, kind) {
        (_, EventKind::Custody) => {
            Err(ApiError::invalid("collection", "custody records are opened by POST /api/v1/custody/book-in"))
        }
        (_, EventKind::Incident) => {
            Err(ApiError::invalid("collection", "incidents are opened by POST /api/v1/incidents/open"))
        }
        (EventDetails::Warrant(d), _) if d.status != WarrantStatus::Received => Err(ApiError::invalid(
            "details.status",
            "a warrant is recorded as received, then validated and circulated through its actions",
        )),
        (EventDetails::Case(d), _)
            if !matches!(d.status, CaseStatus::UnderInvestigation | CaseStatus::EarlyAdvice | CaseStatus::AwaitingCps) =>
        {
            Err(ApiError::invalid(
                "details.status",
                "a case file starts under investigation, at early advice or awaiting the CPS; later stages come through its actions",
            ))
        }
        _ => Ok(()),
    }
}
