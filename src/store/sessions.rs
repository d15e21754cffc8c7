//! Looking up a session once for the requests that arrive together: a
//! hundred consoles reading a change at once queued a hundred identical
//! token lookups in front of their reads.
//!
//! A request never takes the answer of a lookup that began before it came:
//! it starts a lookup when none is running for its token, or else waits
//! for the one queued to start when the running one ends, which every
//! request arriving meanwhile shares. So each answer is the database as it
//! stood after the request arrived, exactly as if it had looked alone: a
//! session ended or changed anywhere (this server, another instance, an
//! admin command) is refused, or seen changed, at the very next request,
//! while a burst costs two lookups instead of one each. Nothing is kept
//! once a lookup has answered.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use futures::future::{BoxFuture, FutureExt, Shared};

use super::users::TokenInfo;
use super::{Result, StoreError};

/// A lookup's answer, as every request waiting on it receives it.
type Answer = std::result::Result<Option<TokenInfo>, String>;

#[derive(Default)]
pub(super) struct Lookups(Mutex<Running>);

#[derive(Default)]
struct Running {
    by_token: HashMap<String, Queued>,
    /// Numbers the lookups, so a finished one is told from its successor.
    started: u64,
}

/// The lookup running for a token, and the one to start when it ends.
struct Queued {
    running: Lookup,
    next: Option<Lookup>,
}

#[derive(Clone)]
struct Lookup {
    number: u64,
    answer: Shared<BoxFuture<'static, Answer>>,
}

impl Lookups {
    fn lock(&self) -> std::sync::MutexGuard<'_, Running> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The session of `token_hash` live at `now`, from a lookup that starts
    /// no earlier than this call: `read` (the database query) now, or the
    /// lookup queued behind the running one.
    pub(super) async fn session<F>(
        self: &Arc<Self>,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
        read: F,
    ) -> Result<Option<TokenInfo>>
    where
        F: std::future::Future<Output = Result<Option<TokenInfo>>> + Send + 'static,
    {
        let answer = {
            let mut running = self.lock();
            running.started += 1;
            let number = running.started;
            match running.by_token.get_mut(token_hash) {
                None => {
                    let lookup = self.start(token_hash, number, read, None);
                    let queued = Queued { running: lookup.clone(), next: None };
                    running.by_token.insert(token_hash.to_string(), queued);
                    lookup.answer
                }
                Some(queued) => match &queued.next {
                    Some(next) => next.answer.clone(),
                    None => {
                        let after = queued.running.answer.clone();
                        let lookup = self.start(token_hash, number, read, Some(after));
                        queued.next = Some(lookup.clone());
                        lookup.answer
                    }
                },
            }
        };
        let info = answer.await.map_err(StoreError::Unavailable)?;
        // Shared with requests of other moments: expiry and the idle
        // timeout are checked again at this request's own time.
        Ok(info.filter(|info| info.expires_at > now && info.last_used.is_none_or(|used| used > idle_since)))
    }

    /// A lookup that runs `read` (after `after`, the running one, ends) in
    /// a task of its own, so that it ends, and hands over to the next, even
    /// if every request waiting on it goes away.
    fn start<F>(
        self: &Arc<Self>,
        token_hash: &str,
        number: u64,
        read: F,
        after: Option<Shared<BoxFuture<'static, Answer>>>,
    ) -> Lookup
    where
        F: std::future::Future<Output = Result<Option<TokenInfo>>> + Send + 'static,
    {
        let done = Done { lookups: self.clone(), token: token_hash.to_string(), number };
        let task = tokio::spawn(async move {
            let _done = done;
            if let Some(after) = after {
                let _ = after.await;
            }
            read.await.map_err(|e| e.to_string())
        });
        let answer = async move { task.await.unwrap_or_else(|e| Err(e.to_string())) }.boxed().shared();
        Lookup { number, answer }
    }

    /// The lookup `number` has its answer: the queued one, if any, is the
    /// running one now (it starts reading once this one's task ends).
    fn finished(&self, token_hash: &str, number: u64) {
        let mut running = self.lock();
        let Some(queued) = running.by_token.get_mut(token_hash) else { return };
        if queued.running.number == number {
            match queued.next.take() {
                Some(next) => queued.running = next,
                None => {
                    running.by_token.remove(token_hash);
                }
            }
        } else if queued.next.as_ref().is_some_and(|next| next.number == number) {
            // Ended while still queued: the one before it never handed
            // over (its task was dropped), so neither may be joined.
            running.by_token.remove(token_hash);
        }
    }
}

/// Marks a lookup finished when its task ends, however it ends (answered,
/// failed, or dropped with its runtime), so that none is joined after.
struct Done {
    lookups: Arc<Lookups>,
    token: String,
    number: u64,
}

impl Drop for Done {
    fn drop(&mut self) {
        self.lookups.finished(&self.token, self.number);
    }
}
