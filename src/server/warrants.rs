//! Warrant work: lifecycle actions (`POST /warrants/{id}/actions`), the
//! priority queue (`GET /warrants/queue`), the resolution list of warrants
//! matched to nobody (`GET /warrants/resolution`), and the sweep that
//! expires search warrants. Every change goes through the one lifecycle
//! handler; executing an arrest warrant opens a custody record in the same
//! transaction (`execute_warrant`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Extension, Json as JsonOut, Router};
use chrono::{DateTime, Utc};
use tokio::sync::{broadcast, OnceCell, RwLock};

use super::access::{reason_or, redact, require_read, seen_flags};
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::events::canonical_borough;
use super::extract::{Json, Path, Query};
use super::lifecycle::{self, Acting, Applied, Lifecycle};
use super::warrant_order::{self, QueueKey};
use super::{custody, AppState};
use crate::api::errors;
use crate::api::warrants::{QueuePage, QueueQuery, QueueRow, QueueSort, ResolutionQuery, WarrantActionRequest};
use crate::api::{Change, EventPage};
use crate::domain::custody::BookIn;
use crate::domain::event::{Event, EventDetails, EventInput, EventKind, WarrantDetails};
use crate::domain::link::{EventRole, LinkedRecord};
use crate::domain::priority::{searchable, PriorityRules};
use crate::domain::role::Roles;
use crate::domain::typed_filter::matches_words;
use crate::domain::warrant_lifecycle::{self, WarrantAction, WarrantState};
use crate::store::{Actor, CellClaim, EventFilter, StoreError};

/// How often the sweep looks for search warrants past their three months.
const SWEEP_EVERY: Duration = Duration::from_secs(600);

/// The routes, with a queue of their own that starts loading at once so
/// the first operator to open it does not wait for the load.
pub fn routes(state: &AppState) -> Router<AppState> {
    let warrant_queue = WarrantQueue::new(state.config.warrant_priority.clone());
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        let (queue, state) = (warrant_queue.clone(), state.clone());
        runtime.spawn(async move {
            if let Err(e) = queue.ensure(&state).await {
                tracing::warn!(error = ?e, "loading the warrant queue failed; it loads on first use");
            }
        });
    }
    Router::new()
        .route("/warrants/queue", get(queue))
        .route("/warrants/resolution", get(resolution))
        .route("/warrants/{id}/actions", post(act))
        .layer(Extension(warrant_queue))
}

// ---- actions -----------------------------------------------------------

#[utoipa::path(post, path = "/api/v1/warrants/{id}/actions", operation_id = "warrant_action",
    request_body = WarrantActionRequest, params(("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
pub async fn act(
    State(state): State<AppState>,
    Extension(queue): Extension<WarrantQueue>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<WarrantActionRequest>,
) -> ApiResult<JsonOut<Event>> {
    let event = lifecycle::act::<Warrants>(&state, &caller, &id, req.version, &req.action).await?;
    queue.upsert(&event).await;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// A warrant or a crime is allocated to someone who can work it: a user
/// of the system whose account is in use, named as they log in.
pub(super) async fn allocatable(state: &AppState, officer: &str) -> ApiResult<()> {
    let name = officer.trim();
    if name.is_empty() {
        return Err(ApiError::invalid("action.officer", "must not be empty"));
    }
    match state.store.user(name).await {
        Ok(user) if user.disabled => {
            Err(ApiError::invalid("action.officer", format!("the account of '{name}' is disabled: choose another")))
        }
        Ok(_) => Ok(()),
        Err(StoreError::NotFound { .. }) => Err(ApiError::invalid(
            "action.officer",
            format!("no user '{name}': allocate to a user of the system, by their user name"),
        )),
        Err(e) => Err(e.into()),
    }
}

fn warrant_of(event: &Event) -> ApiResult<WarrantDetails> {
    match &event.details {
        EventDetails::Warrant(d) => Ok(d.clone()),
        _ => Err(ApiError::Internal(format!("event {} is filed as a warrant but is not one", event.id))),
    }
}

/// Warrants: received, validated against one person, circulated, worked and
/// closed. Executing an arrest warrant opens a custody record in the same
/// transaction.
pub struct Warrants;

impl Lifecycle for Warrants {
    const KIND: EventKind = EventKind::Warrant;
    const WORK: &'static str = "working warrants";
    const NOUN: &'static str = "warrant";
    type Action = WarrantAction;

    async fn apply(at: &Acting<'_>, action: &WarrantAction) -> ApiResult<Applied> {
        let current = at.current;
        if let WarrantAction::Validate { person_id: Some(person) } = action {
            match at.state.store.person(person).await {
                Err(StoreError::NotFound { .. }) => {
                    return Err(ApiError::invalid("action.person_id", format!("no person with id '{person}'")));
                }
                other => {
                    other?;
                }
            }
        }
        if let WarrantAction::Allocate { officer } = action {
            allocatable(at.state, officer).await?;
        }
        let before = WarrantState { details: warrant_of(current)?, people: current.people.clone() };
        let next = warrant_lifecycle::apply(&before, action, at.by, at.now)?;
        Ok(Applied { people: next.people, details: EventDetails::Warrant(next.details), reason: action.audit_reason() })
    }

    async fn write(at: &Acting<'_>, actor: &Actor, input: EventInput, action: &WarrantAction) -> ApiResult<Event> {
        let (state, current) = (at.state, at.current);
        let next = WarrantState {
            details: match &input.details {
                EventDetails::Warrant(d) => d.clone(),
                _ => return Err(ApiError::Internal(format!("warrant {} rebuilt as another kind", current.id))),
            },
            people: input.people.clone(),
        };
        let arrest = match action {
            WarrantAction::Execute { at, officer, suite_id, cell, .. }
                if warrant_lifecycle::arrests(next.details.warrant_kind) =>
            {
                Some((*at, officer, suite_id, cell))
            }
            _ => None,
        };
        let Some((at, officer, suite_id, cell)) = arrest else {
            return Ok(state
                .store
                .update_event(actor, EventKind::Warrant, &current.id, current.version, input)
                .await?);
        };
        // The custody record and the executed warrant naming it are written
        // together, or neither is.
        let (person, (mut booking, cell)) =
            arrest_booking(state, actor, current, &next, at, officer, suite_id, cell).await?;
        // The record names the warrant it was opened on, and a bench
        // warrant's case; the store links the case back.
        if let EventDetails::Custody(d) = &mut booking.details {
            d.warrant = Some(LinkedRecord::to(current));
            d.case = next.details.case.clone();
        }
        let key = format!("warrant-execution:{}", current.id);
        state
            .store
            .execute_warrant(actor, &person, booking, &cell, &key, &current.id, current.version, input)
            .await
            .map_err(custody::booking_refused)
    }
}

/// The custody record an arrest on a warrant opens, for the person it names,
/// with the same checks as any booking in.
#[allow(clippy::too_many_arguments)]
async fn arrest_booking(
    state: &AppState,
    actor: &Actor,
    warrant: &Event,
    next: &WarrantState,
    at: DateTime<Utc>,
    officer: &str,
    suite_id: &Option<String>,
    cell: &Option<String>,
) -> ApiResult<(String, (EventInput, CellClaim))> {
    let person =
        next.wanted_person().ok_or_else(|| ApiError::invalid("action.type", "the warrant names nobody to arrest"))?;
    let d = &next.details;
    let kind = serde_json::to_value(d.warrant_kind)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default();
    let booking = BookIn {
        person_id: Some(person.to_string()),
        new_person: None,
        confirm_no_match: false,
        suite_id: suite_id.clone().unwrap_or_default(),
        cell: cell.clone().unwrap_or_default(),
        share_reason: None,
        arrested_at: at,
        // Arrival at the station is not known yet; the clock starts at
        // the arrest until the custody officer books the detainee in.
        relevant_time: at,
        detention_authorised_at: Some(at),
        arrest_reason: format!("Warrant {} issued by {}", warrant.reference, d.issuing_court),
        offences: vec![d.offence.clone()],
        indictable: false,
        arresting_officer: officer.to_string(),
        vulnerable: false,
        appropriate_adult: None,
    };
    let summary = format!("Arrested on {kind} warrant {}: {}", warrant.reference, d.offence);
    let input = custody::arrest_booking(state, actor, person, &booking, summary).await?;
    Ok((person.to_string(), input))
}

// ---- expiry ------------------------------------------------------------

/// Expires every outstanding search warrant past its three months at `now`;
/// returns how many it expired.
pub async fn expire_due(state: &AppState, now: DateTime<Utc>) -> ApiResult<usize> {
    let mut expired = 0;
    let mut after = None;
    loop {
        let filter = EventFilter {
            subkind: Some("search".into()),
            open: Some(true),
            limit: 1000,
            after: after.take(),
            ..EventFilter::default()
        };
        let (items, next) = state.store.list_events(EventKind::Warrant, &filter).await?;
        for event in items {
            let Ok(details) = warrant_of(&event) else { continue };
            if !warrant_lifecycle::is_expired(&details, now) {
                continue;
            }
            let expire = &WarrantAction::Expire;
            match lifecycle::apply::<Warrants>(
                state,
                "system",
                &Roles::default(),
                &event.id,
                event.version,
                expire,
                now,
            )
            .await
            {
                Ok(_) => expired += 1,
                // Another server got there first, or it changed meanwhile: the next sweep decides.
                Err(ApiError::Conflict(_) | ApiError::Invalid { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        match next {
            Some(cursor) => after = Some(cursor),
            None => return Ok(expired),
        }
    }
}

/// Runs `expire_due` now and then every ten minutes.
pub fn spawn_expiry_sweep(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            match expire_due(&state, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "search warrants expired"),
                Err(e) => tracing::warn!(error = ?e, "the search warrant expiry sweep failed; retrying later"),
            }
        }
    });
}

// ---- the queue ---------------------------------------------------------

/// More warrant changes than this in one burst reload the queue instead
/// of reading each warrant.
const RELOAD_OVER: usize = 100;

/// Changes that arrived together.
#[derive(Default)]
struct Burst {
    warrants: std::collections::BTreeSet<String>,
    last: i64,
    lagged: bool,
}

impl Burst {
    fn take(&mut self, change: Change) {
        if change.topic == EventKind::Warrant.collection() {
            self.warrants.insert(change.record_id);
        }
        self.last = self.last.max(change.seq);
    }
}

/// What the queue keeps of one outstanding warrant.
#[derive(Debug, Clone)]
struct Entry {
    event: Event,
    details: WarrantDetails,
    person_id: Option<String>,
    /// The part of the score that does not change with time.
    fixed: i32,
}

/// Outstanding warrants in memory, built from the store on first use and
/// kept current from the change feed, so a filtered, sorted page over tens
/// of thousands of warrants needs no database round trip.
#[derive(Clone, Default)]
pub struct WarrantQueue {
    entries: Arc<RwLock<HashMap<String, Entry>>>,
    ready: Arc<OnceCell<()>>,
    rules: Arc<PriorityRules>,
    /// The last change-log sequence the queue has taken in.
    seen: Arc<AtomicI64>,
}

impl WarrantQueue {
    /// An empty queue that scores with `rules`.
    pub fn new(rules: PriorityRules) -> Self {
        Self { rules: Arc::new(rules), ..Self::default() }
    }

    /// Loads the queue once, then waits (briefly) until it has taken in
    /// every change this server has applied, so a reader sees its own writes.
    async fn ensure(&self, state: &AppState) -> ApiResult<()> {
        self.ready
            .get_or_try_init(|| async {
                // Subscribe first: a change during the load is applied twice, never missed.
                let rx = state.feed.subscribe();
                self.seen.store(state.applied.load(Ordering::Relaxed), Ordering::Relaxed);
                self.reload_all(state).await?;
                tokio::spawn(self.clone().follow(state.clone(), rx));
                Ok::<(), ApiError>(())
            })
            .await?;
        let target = state.applied.load(Ordering::Relaxed);
        for _ in 0..100 {
            if self.seen.load(Ordering::Relaxed) >= target {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        Ok(())
    }

    async fn reload_all(&self, state: &AppState) -> ApiResult<()> {
        let mut fresh = HashMap::new();
        let mut after = None;
        loop {
            let filter = EventFilter { open: Some(true), limit: 1000, after: after.take(), ..EventFilter::default() };
            let (items, next) = state.store.list_events(EventKind::Warrant, &filter).await?;
            for event in items {
                if let Some(entry) = self.entry_for(event) {
                    fresh.insert(entry.event.id.clone(), entry);
                }
            }
            match next {
                Some(cursor) => after = Some(cursor),
                None => break,
            }
        }
        *self.entries.write().await = fresh;
        Ok(())
    }

    /// Takes in changes as they come, a burst at a time: a few warrants are
    /// read one by one; a bulk load, or falling behind, reloads the lot.
    async fn follow(self, state: AppState, mut rx: broadcast::Receiver<Change>) {
        use broadcast::error::{RecvError, TryRecvError};
        loop {
            let mut burst = Burst::default();
            match rx.recv().await {
                Ok(change) => burst.take(change),
                Err(RecvError::Lagged(_)) => burst.lagged = true,
                Err(RecvError::Closed) => return,
            }
            loop {
                match rx.try_recv() {
                    Ok(change) => burst.take(change),
                    Err(TryRecvError::Lagged(_)) => burst.lagged = true,
                    Err(_) => break,
                }
            }
            if burst.lagged || burst.warrants.len() > RELOAD_OVER {
                let upto = state.applied.load(Ordering::Relaxed).max(burst.last);
                match self.reload_all(&state).await {
                    Ok(()) => {
                        self.seen.fetch_max(upto, Ordering::Relaxed);
                    }
                    Err(e) => tracing::warn!(error = ?e, "warrant queue reload failed"),
                }
                continue;
            }
            for id in &burst.warrants {
                match state.store.event(EventKind::Warrant, id).await {
                    Ok(event) => self.upsert(&event).await,
                    Err(StoreError::NotFound { .. }) => {
                        self.entries.write().await.remove(id);
                    }
                    Err(e) => tracing::warn!(error = %e, "warrant queue could not read a change"),
                }
            }
            self.seen.fetch_max(burst.last, Ordering::Relaxed);
        }
    }

    fn entry_for(&self, event: Event) -> Option<Entry> {
        let EventDetails::Warrant(details) = &event.details else { return None };
        if !details.status.is_outstanding() {
            return None;
        }
        let details = details.clone();
        let person_id = event.people.iter().find(|p| p.role == EventRole::WantedPerson).map(|p| p.person_id.clone());
        let fixed = self.rules.fixed(&details).0;
        Some(Entry { event, details, person_id, fixed })
    }

    /// Takes in a warrant as it now stands (newer versions only).
    async fn upsert(&self, event: &Event) {
        if self.ready.get().is_none() {
            return;
        }
        let mut entries = self.entries.write().await;
        if entries.get(&event.id).is_some_and(|e| e.event.version > event.version) {
            return;
        }
        match self.entry_for(event.clone()) {
            Some(entry) => entries.insert(event.id.clone(), entry),
            None => entries.remove(&event.id),
        };
    }
}

enum Allocation {
    Any,
    Yes,
    No,
    To(String),
}

fn allocation(p: Option<String>) -> Allocation {
    match p.as_deref().map(str::trim) {
        None | Some("") => Allocation::Any,
        Some("true") => Allocation::Yes,
        Some("false") => Allocation::No,
        Some(name) => Allocation::To(name.to_string()),
    }
}

#[utoipa::path(get, path = "/api/v1/warrants/queue",
    params(QueueQuery),
    responses((status = 200, body = QueuePage), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::Invalid))]
pub async fn queue(
    State(state): State<AppState>,
    Extension(queue): Extension<WarrantQueue>,
    caller: Caller,
    Query(p): Query<QueueQuery>,
) -> ApiResult<JsonOut<QueuePage>> {
    require_read(&caller, EventKind::Warrant)?;
    let limit = p.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 500"));
    }
    let borough = canonical_borough(p.borough)?;
    let sort = p.sort.unwrap_or_default();
    let after = p.after.as_deref().map(|a| warrant_order::parse_cursor(a, sort)).transpose()?;
    let allocated = allocation(p.allocated);
    let reason = reason_or(p.reason, "warrant queue")?;
    queue.ensure(&state).await?;
    let now = Utc::now();
    let rules = queue.rules.clone();
    let text = p.text.as_deref().unwrap_or("");
    let entries = queue.entries.read().await;
    let index = state.index.read().await;
    let name = |e: &Entry| e.person_id.as_ref().and_then(|id| index.get(id)).map(|s| s.display.name.clone());
    // The name order reads the stored surname, not the name's last word.
    let name_order = |e: &Entry| {
        let entry = e.person_id.as_ref().and_then(|id| index.get(id))?;
        let primary = entry.names.iter().find(|n| !n.alias).or(entry.names.first())?;
        Some(QueueSort::name_parts_key(&primary.surname, &primary.forenames))
    };
    let flags = |e: &Entry| {
        let flags = e.person_id.as_ref().and_then(|id| index.get(id)).map(|s| s.display.flags).unwrap_or_default();
        seen_flags(&caller.roles, flags)
    };
    let mut keys: Vec<(QueueKey, (i32, &Entry))> = entries
        .values()
        .filter(|e| e.person_id.is_some())
        .filter(|e| p.id.as_ref().is_none_or(|id| e.event.id == *id))
        .filter(|e| p.kind.is_none_or(|k| e.details.warrant_kind == k))
        .filter(|e| borough.is_none() || e.event.borough == borough)
        .filter(|e| match &allocated {
            Allocation::Any => true,
            Allocation::Yes => e.details.allocated_to.is_some(),
            Allocation::No => e.details.allocated_to.is_none(),
            Allocation::To(name) => e.details.allocated_to.as_deref() == Some(name.as_str()),
        })
        .filter(|e| !warrant_lifecycle::is_expired(&e.details, now))
        .filter(|e| {
            if text.trim().is_empty() {
                return true;
            }
            let name = name(e).unwrap_or_default();
            let d = &e.details;
            let fields = searchable(
                &name,
                &e.event.reference,
                &d.offence,
                &d.issuing_court,
                d.allocated_to.as_deref(),
                e.event.borough.as_deref(),
            );
            matches_words(text, &fields)
        })
        .filter_map(|e| {
            let score = e.fixed + rules.age(&e.details, now).0;
            (p.min_priority.is_none_or(|m| score >= m)).then(|| {
                (warrant_order::key(sort, score, e.details.issued_on, || name_order(e), &e.event.id), (score, e))
            })
        })
        .collect();
    let total = keys.len();
    if let Some(after) = &after {
        keys.retain(|(k, _)| k > after);
    }
    // Only the page needs sorting: partition the first limit+1 out in linear time.
    if keys.len() > limit + 1 {
        keys.select_nth_unstable_by(limit, |a, b| a.0.cmp(&b.0));
        keys.truncate(limit + 1);
    }
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    let next = (keys.len() > limit).then(|| warrant_order::cursor(sort, &keys[limit - 1].0));
    keys.truncate(limit);
    // Each warrant on the page, and its wanted person, are consulted.
    let mut consulted = Consulted::new();
    if !text.trim().is_empty() {
        consulted.query("warrant", format!("warrant queue matching \"{}\"", text.trim()));
    }
    let mut items: Vec<QueueRow> = keys
        .into_iter()
        .map(|(_, (score, e))| {
            consulted.event(&e.event, "warrant queue");
            if let Some(person) = &e.person_id {
                consulted.person(person, format!("wanted on {}", e.event.reference));
            }
            let person_id = e.person_id.clone().unwrap_or_default();
            let person_name = name(e).unwrap_or_default();
            QueueRow {
                id: e.event.id.clone(),
                reference: e.event.reference.clone(),
                version: e.event.version,
                warrant_kind: e.details.warrant_kind,
                status: e.details.status,
                offence: e.details.offence.clone(),
                issuing_court: e.details.issuing_court.clone(),
                issued_on: e.details.issued_on,
                borough: e.event.borough.clone(),
                person_id,
                person_name,
                name_order: name_order(e).unwrap_or_default(),
                allocated_to: e.details.allocated_to.clone(),
                attempts: e.details.attempts.len(),
                score,
                reasons: rules.score(&e.details, now).1,
                flags: flags(e),
                held_at: None,
            }
        })
        .collect();
    drop(index);
    drop(entries);
    super::warrant_custody::fill(&state, &mut items, &mut consulted).await?;
    consulted.record(&state, &caller, &reason).await?;
    Ok(JsonOut(QueuePage { items, total, next, bands: rules.bands() }))
}

/// Received warrants that name nobody yet, oldest first: each needs
/// matching to one existing person record (`validate` with `person_id`).
#[utoipa::path(get, path = "/api/v1/warrants/resolution", params(ResolutionQuery),
    responses((status = 200, body = EventPage), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::Invalid))]
pub async fn resolution(
    State(state): State<AppState>,
    Extension(queue): Extension<WarrantQueue>,
    caller: Caller,
    Query(p): Query<ResolutionQuery>,
) -> ApiResult<JsonOut<EventPage>> {
    require_read(&caller, EventKind::Warrant)?;
    let limit = p.limit.unwrap_or(100).clamp(1, 1000);
    let reason = reason_or(p.reason, "warrant resolution")?;
    queue.ensure(&state).await?;
    let entries = queue.entries.read().await;
    let mut items: Vec<Event> = entries
        .values()
        .filter(|e| e.person_id.is_none() && e.details.status == crate::domain::event::WarrantStatus::Received)
        .map(|e| e.event.clone())
        .collect();
    drop(entries);
    items.sort_by(|a, b| (a.occurred_at, &a.id).cmp(&(b.occurred_at, &b.id)));
    items.truncate(limit);
    let mut consulted = Consulted::new();
    for event in &items {
        consulted.event(event, "warrant resolution");
    }
    consulted.record(&state, &caller, &reason).await?;
    let items = items.into_iter().map(|e| redact(e, &caller.roles)).collect();
    Ok(JsonOut(EventPage { items, next: None, ..Default::default() }))
}
