//! The one way a record with a lifecycle changes (custody records, warrants,
//! case files, and every desk to come): `POST /{collection}/{id}/actions`.
//! The caller's roles are asked first, so a refused role hears "forbidden",
//! never "conflict"; then the version the caller saw; then the domain's
//! rules apply the action, and the record is rebuilt, validated and written
//! with its audit and change-log entries in one transaction. A kind of
//! record says only what differs: its actions, who may take them, how one
//! applies, and what else is written with it.

use std::future::Future;

use chrono::{DateTime, Utc};

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::AppState;
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::link::EventPerson;
use crate::domain::role::Roles;
use crate::store::Actor;

/// A kind of record that changes only through its actions.
pub trait Lifecycle {
    /// The records it moves.
    const KIND: EventKind;
    /// The work, as a refusal names it: "working warrants".
    const WORK: &'static str;
    /// One record, as a conflict names it: "warrant".
    const NOUN: &'static str;
    /// What may be done to a record.
    type Action: Sync;

    /// Whether the record is, to `by`, not there at all (someone else's
    /// intelligence draft): refused as not found, before anything else.
    fn hidden_from(_current: &Event, _by: &str) -> bool {
        false
    }

    /// Whether `roles` may take `action` on the record as it stands, for a
    /// kind whose rules ask more than being allowed to work its records.
    fn may(_action: &Self::Action, _current: &Event, _roles: &Roles) -> ApiResult<()> {
        Ok(())
    }

    /// The record after `action`, under the domain's rules, reading from
    /// the store what they need; nothing is written.
    fn apply(at: &Acting<'_>, action: &Self::Action) -> impl Future<Output = ApiResult<Applied>> + Send;

    /// Writes the changed record: the versioned update, unless the action
    /// writes something more with it in the same transaction.
    fn write(
        at: &Acting<'_>,
        actor: &Actor,
        input: EventInput,
        _action: &Self::Action,
    ) -> impl Future<Output = ApiResult<Event>> + Send {
        async move {
            let current = at.current;
            Ok(at.state.store.update_event(actor, Self::KIND, &current.id, current.version, input).await?)
        }
    }
}

/// One action being taken: on which record as it stands, by whom, when.
pub struct Acting<'a> {
    pub state: &'a AppState,
    pub current: &'a Event,
    pub by: &'a str,
    pub roles: &'a Roles,
    pub now: DateTime<Utc>,
}

/// What an action made of a record, and why it changed (the audit reason).
pub struct Applied {
    pub people: Vec<EventPerson>,
    pub details: EventDetails,
    pub reason: String,
}

/// The caller takes `action` on record `id`, which they saw at `version`;
/// returns the record as written.
pub async fn act<K: Lifecycle>(
    state: &AppState,
    caller: &Caller,
    id: &str,
    version: i64,
    action: &K::Action,
) -> ApiResult<Event> {
    caller.require(caller.roles.may_write(K::KIND), K::WORK)?;
    apply::<K>(state, &caller.username, &caller.roles, id, version, action, Utc::now()).await
}

/// Applies one action as `by` and writes it: the one write path of every
/// transition, whether a caller asked for it or the server itself (the
/// warrant expiry sweep) did.
pub async fn apply<K: Lifecycle>(
    state: &AppState,
    by: &str,
    roles: &Roles,
    id: &str,
    version: i64,
    action: &K::Action,
    now: DateTime<Utc>,
) -> ApiResult<Event> {
    let current = state.store.event(K::KIND, id).await?;
    if K::hidden_from(&current, by) {
        return Err(crate::store::StoreError::NotFound { kind: K::KIND.as_str(), id: id.to_string() }.into());
    }
    K::may(action, &current, roles)?;
    if current.version != version {
        return Err(ApiError::Conflict(format!(
            "{} {} is at version {}, not {version}: someone changed it; reload and try again",
            K::NOUN,
            current.reference,
            current.version
        )));
    }
    let at = Acting { state, current: &current, by, roles, now };
    let applied = K::apply(&at, action).await?;
    let mut input = EventInput {
        objects: Vec::new(),
        reference: Some(current.reference.clone()),
        occurred_at: current.occurred_at,
        borough: current.borough.clone(),
        summary: current.summary.clone(),
        people: applied.people,
        details: applied.details,
    };
    input.validate(K::KIND, now).map_err(|e| e.within("event"))?;
    K::write(&at, &Actor::new(by, applied.reason), input, action).await
}
