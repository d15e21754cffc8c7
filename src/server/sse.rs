//! `GET /api/v1/events`: the change log as Server-Sent Events. A client
//! that reconnects with `Last-Event-ID` gets every change it missed, in
//! order, then the live ones — those it may hear of (need-to-know:
//! `access.rs`). Every stream opens with a message that carries only an
//! `id`: the sequence it starts after. A client that came without one
//! learns from it where to resume after a drop, and that whatever it
//! reads from now on, with the stream, misses no change.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use futures::{Stream, StreamExt};
use tokio::sync::broadcast;

use super::access::{sight, Sight, Sources};
use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::Query;
use super::AppState;
use crate::api::errors;
use crate::api::linkage::REVIEW_TOPIC;
use crate::api::{Change, StreamQuery};
use crate::domain::event::EventKind;

/// How often an idle stream says it is still there: well within the
/// client's `client::LIVE_WITHIN`, after which silence means a dead server.
pub const KEEP_ALIVE: Duration = Duration::from_secs(3);

pub fn routes() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

struct Topics(Option<Vec<String>>);

impl Topics {
    fn wants(&self, change: &Change) -> bool {
        self.0.as_ref().is_none_or(|t| t.contains(&change.topic))
    }
}

/// Whether the caller may hear of `change`: not of a record of a kind they
/// may not read, nor of someone else's intelligence draft (its id and the
/// people on it are its author's alone), nor of a review decision on a row
/// of such a system.
async fn may_hear(state: &AppState, caller: &Caller, change: &Change) -> bool {
    let roles = &caller.roles;
    if change.private_to.as_ref().is_some_and(|author| *author != caller.username) {
        return false;
    }
    if let Some(kind) = EventKind::from_collection(&change.topic) {
        return sight(roles, kind) == Sight::Read;
    }
    if change.topic == REVIEW_TOPIC {
        // Sources are registered by imports, which may run while the stream
        // is open: read them afresh (review changes are few).
        return match Sources::load(&state.store).await {
            Ok(sources) => sources.may_see_review(roles, &change.record_id),
            Err(e) => {
                tracing::warn!(error = ?e, "event stream could not read the sources; the change is not sent");
                false
            }
        };
    }
    true
}

struct Cursor {
    state: AppState,
    caller: Caller,
    topics: Topics,
    rx: broadcast::Receiver<Change>,
    last: i64,
    pending: VecDeque<Change>,
    backlog_done: bool,
}

#[utoipa::path(get, path = "/api/v1/events",
    params(StreamQuery,
           ("Last-Event-ID" = Option<i64>, Header, description = "resume after this sequence (as `after`)")),
    responses((status = 200, content_type = "text/event-stream",
               description = "Server-Sent Events. The first message carries only an `id`: the change \
                              sequence the stream starts after (`after`, `Last-Event-ID`, or else the \
                              server's last change), so a client resumes from there after a drop and \
                              anything it reads after that message misses no change the stream then \
                              brings. It dispatches no event (it has no `data`). Then one event per \
                              change: an `id` (the sequence), an `event` (the topic) and a `Change` as \
                              `data`"),
              errors::Standard, errors::Invalid))]
pub async fn events(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Query(q): Query<StreamQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>> {
    let header = headers.get("last-event-id").and_then(|v| v.to_str().ok());
    let from_header = match header {
        Some(text) => Some(
            text.trim()
                .parse::<i64>()
                .map_err(|_| ApiError::invalid("Last-Event-ID", "must be a change sequence number"))?,
        ),
        None => None,
    };
    // Subscribe before reading the backlog, so nothing falls between them.
    let rx = state.feed.subscribe();
    let last = match from_header.or(q.after) {
        Some(seq) => seq,
        None => state.store.last_change().await?,
    };
    let topics =
        Topics(q.topics.map(|t| t.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()));
    let mut closing = state.closing.subscribe();
    let cursor = Cursor { state, caller, topics, rx, last, pending: VecDeque::new(), backlog_done: false };
    let stream = futures::stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(change) = c.pending.pop_front() {
                if change.seq <= c.last {
                    continue;
                }
                c.last = change.seq;
                if !c.topics.wants(&change) || !may_hear(&c.state, &c.caller, &change).await {
                    continue;
                }
                let data = serde_json::to_string(&change).unwrap_or_default();
                let event = SseEvent::default().id(change.seq.to_string()).event(change.topic.clone()).data(data);
                return Some((Ok(event), c));
            }
            if !c.backlog_done {
                // Only what this server has applied: a client that reacts to a
                // change by searching must find the index already up to date.
                let applied = c.state.applied.load(std::sync::atomic::Ordering::Acquire);
                match c.state.store.changes_since(c.last, 1000).await {
                    Ok(batch) => {
                        let before = c.pending.len();
                        c.pending.extend(batch.into_iter().filter(|ch| ch.seq <= applied));
                        if c.pending.len() == before {
                            c.backlog_done = true;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "event stream could not read the change log");
                        return None;
                    }
                }
                continue;
            }
            match c.rx.recv().await {
                Ok(change) => c.pending.push_back(change),
                // Fell behind the live feed: read what was missed from the log.
                Err(broadcast::error::RecvError::Lagged(_)) => c.backlog_done = false,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    // Where the stream starts, told first: an `id` alone sets the client's
    // last event id without dispatching an event (the SSE rules).
    let opening = SseEvent::default().id(last.to_string());
    let stream = futures::stream::once(std::future::ready(Ok(opening))).chain(stream);
    // The server shutting down ends the stream (the client reconnects elsewhere).
    let stream = stream.take_until(async move {
        let _ = closing.wait_for(|closing| *closing).await;
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}
