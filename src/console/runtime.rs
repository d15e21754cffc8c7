//! Performs effects: each one becomes a task whose result comes back to the
//! event loop as an action. The only place the console touches the network.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::action::{Action, ListId, Live};
use super::effect::Effect;
use crate::api::{EventPage, LoginRequest};
use crate::client::{credentials, Client, IncidentBoardQuery, ListQuery, QueueQuery};
use crate::domain::event::EventKind;

/// How long typing must pause before a search goes out.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(150);
/// One more than the lookup shows, so it can say when more match.
const SEARCH_LIMIT: usize = super::state::LOOKUP_SHOWN + 1;
const PAGE_LIMIT: usize = 200;
/// At most this many pages per list (so a runaway cursor cannot loop).
const MAX_PAGES: usize = 25;
/// The reason recorded when a record is re-read because it changed.
pub const LIVE_REASON: &str = "Live update of an open console view";
/// The reasons recorded when the warrant queue is read, and a warrant opened from it.
const QUEUE_REASON: &str = "Warrant queue in the console";
const OPEN_REASON: &str = "Warrant opened from the console's queue";
/// The reason recorded when another desk's record is opened from its queue.
const RECORD_REASON: &str = "Record opened from a queue in the console";
/// The reason recorded when the incident board is read.
const INCIDENTS_REASON: &str = "Incident board in the console";

pub struct Runner {
    client: Client,
    tx: UnboundedSender<Action>,
    latest_search: Arc<AtomicU64>,
    /// The newest warrant queue load asked for.
    latest_queue: Arc<AtomicU64>,
    stream: Option<JoinHandle<()>>,
    config_dir: Option<PathBuf>,
}

impl Runner {
    pub fn new(client: Client, tx: UnboundedSender<Action>, config_dir: Option<PathBuf>) -> Self {
        Self {
            client,
            tx,
            latest_search: Arc::new(AtomicU64::new(0)),
            latest_queue: Arc::new(AtomicU64::new(0)),
            stream: None,
            config_dir,
        }
    }

    /// Starts `effect`; never blocks the event loop.
    pub fn run(&mut self, effect: Effect) {
        let client = self.client.clone();
        let tx = self.tx.clone();
        match effect {
            Effect::Login { username, password } => {
                tokio::spawn(async move {
                    let result = client.login(&LoginRequest { username, password }).await;
                    let _ = tx.send(Action::LoggedIn(result));
                });
            }
            Effect::CheckSession => {
                tokio::spawn(async move {
                    let _ = tx.send(Action::SessionChecked(client.me().await));
                });
            }
            Effect::UseSession { token, username, expires_at } => {
                self.client = self.client.clone().with_token(token.clone());
                let saved =
                    credentials::Credentials { server: self.client.server().to_string(), username, token, expires_at };
                if let Some(dir) = &self.config_dir {
                    if let Err(e) = credentials::save_to(&dir.join(credentials::FILE_NAME), &saved) {
                        tracing::warn!("the login was not saved: {e}");
                    }
                }
            }
            Effect::Subscribe { last_event_id, topics, subscription } => {
                self.subscribe(last_event_id, &topics, subscription)
            }
            Effect::Logout => {
                tokio::spawn(async move {
                    if let Err(e) = client.logout().await {
                        tracing::info!("the server did not end the session: {e}");
                    }
                });
            }
            Effect::DropSession => {
                if let Some(task) = self.stream.take() {
                    task.abort();
                }
                // Forget the saved login only if it is the token just refused
                // (one given in the environment leaves the file alone).
                if let Some(path) = self.config_dir.as_ref().map(|d| d.join(credentials::FILE_NAME)) {
                    let saved = credentials::load_from(&path).ok().flatten();
                    if saved.is_some_and(|c| Some(c.token.as_str()) == self.client.token()) {
                        if let Err(e) = std::fs::remove_file(&path) {
                            tracing::warn!("the saved login was not removed: {e}");
                        }
                    }
                }
            }
            Effect::Search { seq, query } => {
                self.latest_search.store(seq, Ordering::SeqCst);
                let latest = self.latest_search.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(SEARCH_DEBOUNCE).await;
                    // Typing went on: a newer search will answer instead.
                    if latest.load(Ordering::SeqCst) != seq {
                        return;
                    }
                    let result = client.search_subjects(&query, None, SEARCH_LIMIT).await;
                    let _ = tx.send(Action::SearchDone { seq, result });
                });
            }
            Effect::LoadProfile { person_id, reason } => {
                tokio::spawn(async move {
                    let result = client.profile(&person_id, &reason).await;
                    let _ = tx.send(Action::ProfileLoaded { person_id, result });
                });
            }
            Effect::LoadEntity { target, reason, after } => {
                tokio::spawn(async move {
                    let result = super::entity_load::load(&client, &target, &reason, after.as_deref()).await;
                    let _ = tx.send(Action::EntityLoaded { target, after, result });
                });
            }
            // The board is one request: records, statuses and markers together.
            Effect::LoadList(ListId::Board) => {
                tokio::spawn(async move {
                    let _ =
                        tx.send(Action::BoardLoaded(client.custody_board(None, Some(ListId::Board.reason())).await));
                });
            }
            Effect::LoadList(list) => {
                tokio::spawn(async move {
                    let result = load_all(&client, list).await;
                    let _ = tx.send(Action::ListLoaded { list, result });
                });
            }
            Effect::LoadOfficers => {
                tokio::spawn(async move {
                    let _ = tx.send(Action::OfficersLoaded(client.warrant_officers().await));
                });
            }
            Effect::LoadSuites => {
                tokio::spawn(async move {
                    let result = client.locations(Some(crate::domain::location::LocationKind::CustodySuite)).await;
                    let _ = tx.send(Action::SuitesLoaded(result));
                });
            }
            Effect::Refresh { kind, id } => {
                tokio::spawn(async move {
                    // Reads are audited with a reason; this one is the live view.
                    let result = client.get_event(kind, &id, Some(LIVE_REASON)).await;
                    let _ = tx.send(Action::Refreshed { kind, id, result });
                });
            }
            Effect::RefreshRecord { kind, id } => {
                tokio::spawn(async move {
                    // The live view again, now with what is linked to it.
                    let result = client.event_record(kind, &id, LIVE_REASON).await;
                    let _ = tx.send(Action::RecordRefreshed { kind, id, result });
                });
            }
            Effect::Save { what, id, version, action } => {
                tokio::spawn(async move {
                    let result = client.act(&id, version, &action).await;
                    let _ = tx.send(Action::Saved { kind: action.kind(), id, what, result });
                });
            }
            // ---- review queue ----
            Effect::LoadReview => {
                tokio::spawn(async move {
                    let result = async { Ok((client.review_queue(None).await?, client.review_count().await?)) };
                    let _ = tx.send(Action::ReviewLoaded(result.await));
                });
            }
            Effect::Decide { decision, source, source_ref, reason } => {
                tokio::spawn(async move {
                    use super::state::Decision;
                    let result = match decision {
                        Decision::Accept => client
                            .accept_review(&source, &source_ref, &reason)
                            .await
                            .map(|p| format!("merged into {}", p.display_name())),
                        Decision::Reject => {
                            client.reject_review(&source, &source_ref, &reason).await.map(|()| "kept apart".into())
                        }
                        Decision::Split => client
                            .split(&source, &source_ref, &reason)
                            .await
                            .map(|s| format!("now a person of its own ({})", s.separated.display_name())),
                    };
                    let _ = tx.send(Action::Decided { decision, source, source_ref, result });
                });
            }
            Effect::LoadQueue { seq, mut query, append } => {
                query.reason = Some(QUEUE_REASON.to_string());
                self.latest_queue.store(seq, Ordering::SeqCst);
                let latest = self.latest_queue.clone();
                // Words being typed wait a moment, as a search does, so that
                // one query (and one consultation) goes out, not one a key.
                let typed = query.text.is_some() && !append;
                tokio::spawn(async move {
                    if typed {
                        tokio::time::sleep(SEARCH_DEBOUNCE).await;
                        if latest.load(Ordering::SeqCst) != seq {
                            return;
                        }
                    }
                    let result = client.warrant_queue(&query).await;
                    let _ = tx.send(Action::QueueLoaded { seq, append, result });
                });
            }
            Effect::LoadQueueRow { seq, id, mut query } => {
                query.reason = Some(QUEUE_REASON.to_string());
                tokio::spawn(async move {
                    let row = QueueQuery { id: Some(id.clone()), limit: Some(1), ..query.clone() };
                    let total = QueueQuery { limit: Some(1), ..query };
                    let result = async {
                        let row = client.warrant_queue(&row).await?.items.pop();
                        Ok((row, client.warrant_queue(&total).await?.total))
                    }
                    .await;
                    let _ = tx.send(Action::QueueRowLoaded { seq, id, result });
                });
            }
            Effect::OpenRecord { kind, id } => {
                tokio::spawn(async move {
                    let reason = if kind == EventKind::Warrant { OPEN_REASON } else { RECORD_REASON };
                    let result = client.event_record(kind, &id, reason).await;
                    let _ = tx.send(Action::EventLoaded(result));
                });
            }
            // ---- incidents ----
            Effect::LoadIncidents => {
                tokio::spawn(async move {
                    let query = IncidentBoardQuery { reason: Some(INCIDENTS_REASON.into()), ..Default::default() };
                    let _ = tx.send(Action::IncidentsLoaded(client.incident_board(&query).await));
                });
            }
            Effect::LoadIncidentRow { id } => {
                tokio::spawn(async move {
                    let query = IncidentBoardQuery {
                        id: Some(id.clone()),
                        reason: Some(LIVE_REASON.into()),
                        ..Default::default()
                    };
                    let result = client.incident_board(&query).await.map(|mut board| board.rows.pop());
                    let _ = tx.send(Action::IncidentRowLoaded { id, result });
                });
            }
            Effect::OpenIncident(request) => {
                tokio::spawn(async move {
                    let _ = tx.send(Action::IncidentOpened(client.open_incident(&request, None).await));
                });
            }
            Effect::Desk(read) => {
                tokio::spawn(async move {
                    let _ = tx.send(Action::Desk(read.run(client).await));
                });
            }
            Effect::BookIn(request) => {
                tokio::spawn(async move {
                    let _ = tx.send(Action::BookedIn(client.book_in_checked(&request).await));
                });
            }
        }
    }

    /// One live stream at a time, resumed from `last_event_id`. Started
    /// without one, it tells where it starts (`Live::Started`) as soon as
    /// the server has said, and before any change it brings.
    fn subscribe(&mut self, last_event_id: Option<i64>, topics: &[&str], subscription: u64) {
        if let Some(task) = self.stream.take() {
            task.abort();
        }
        let mut stream = self.client.events(topics, last_event_id);
        let mut connection = stream.state();
        let mut origin = stream.origin();
        let tx = self.tx.clone();
        self.stream = Some(tokio::spawn(async move {
            let _ = tx.send(Action::Live(Live::State(connection.borrow().clone())));
            let mut told = last_event_id.is_some();
            // The origin is set before the first change is handed over.
            let tell = |origin: &mut tokio::sync::watch::Receiver<Option<i64>>, told: &mut bool| {
                if let Some(from) = *origin.borrow_and_update() {
                    if !*told {
                        *told = true;
                        let _ = tx.send(Action::Live(Live::Started { subscription, from }));
                    }
                }
            };
            loop {
                tokio::select! {
                    item = stream.next() => {
                        tell(&mut origin, &mut told);
                        match item {
                            Some(Ok(change)) => { let _ = tx.send(Action::Live(Live::Change(change))); }
                            Some(Err(e)) => { let _ = tx.send(Action::Live(Live::Failed(e))); }
                            None => break,
                        }
                    },
                    changed = origin.changed(), if !told => {
                        if changed.is_err() { told = true; }
                        tell(&mut origin, &mut told);
                    }
                    changed = connection.changed() => {
                        if changed.is_err() { break; }
                        let now = connection.borrow_and_update().clone();
                        let _ = tx.send(Action::Live(Live::State(now)));
                    }
                }
            }
        }));
    }

    pub fn shutdown(&mut self) {
        if let Some(task) = self.stream.take() {
            task.abort();
        }
    }
}

/// Every page of a list's open records, up to `MAX_PAGES`.
async fn load_all(client: &Client, list: ListId) -> Result<EventPage, crate::client::ClientError> {
    let mut filter = ListQuery {
        open: Some(true),
        limit: Some(PAGE_LIMIT),
        reason: Some(list.reason().to_string()),
        ..Default::default()
    };
    let mut items = Vec::new();
    let mut names = std::collections::BTreeMap::new();
    let mut flags = std::collections::BTreeMap::new();
    let (mut more, mut more_at_least) = (0, false);
    for _ in 0..MAX_PAGES {
        let page = client.list_events(list.kind(), &filter).await?;
        items.extend(page.items);
        names.extend(page.names);
        flags.extend(page.flags);
        match page.next {
            Some(next) => filter.after = Some(next),
            None => return Ok(EventPage { items, next: None, names, flags, ..Default::default() }),
        }
        (more, more_at_least) = (page.more, page.more_at_least);
    }
    // More than the console holds: `next` says the list is not whole, and
    // the last page's count by how much.
    Ok(EventPage { items, next: filter.after, more, more_at_least, names, flags, ..Default::default() })
}
