//! Need-to-know, decided in one place: what a caller may know of records
//! of each kind (`sight`), and what a request must bring (the reason for
//! access, a write's idempotency key). Every route asks here: a record's
//! own route, the profile, search, linkage evidence, imports, the review
//! queue, the event stream and every list.
//!
//! The rule: a role that may not read a kind of record (the domain's table,
//! `Roles::may_read`) sees neither those records, nor the rows of legacy
//! systems that held that kind, nor a search hit found through one of their
//! references, nor that they exist. One exception: a role that itself reads
//! some restricted kind (`Roles::may_know_withheld`: it is vetted for such
//! material and knows whom to ask) is told how many records a profile
//! withholds from it, without their kind, role or date.

use std::collections::HashMap;

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::intelligence::IntelligenceStatus;
use crate::domain::kind_set::KindSet;
use crate::domain::person::Flags;
use crate::domain::role::Roles;
use crate::store::{IdempotencyKey, Store};

/// What a caller may know of records of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// Reads them (less what the record's own rules withhold inside it,
    /// such as unsanitised intelligence: `redact`).
    Read,
    /// May not read them, but is told how many a profile withholds.
    Counted,
    /// Neither the records, nor their source rows, nor that they exist.
    Unseen,
}

/// The one rule: what `roles` may know of records of `kind`.
pub fn sight(roles: &Roles, kind: EventKind) -> Sight {
    if roles.may_read(kind) {
        Sight::Read
    } else if roles.may_know_withheld() {
        Sight::Counted
    } else {
        Sight::Unseen
    }
}

/// Whether `event` is an intelligence report in draft written by someone
/// other than `username`. A draft is its author's alone: to anyone else it
/// is not there — not read by id, acted on, listed, queued, on a profile's
/// timeline (not even counted as withheld), found by search or exported.
pub fn others_draft(event: &Event, username: &str) -> bool {
    someone_elses(draft_author(event), username)
}

/// Whether a draft by `draft_author` (none: not a draft) is someone
/// other than `username`'s.
fn someone_elses(draft_author: Option<&str>, username: &str) -> bool {
    draft_author.is_some_and(|author| author != username)
}

/// What `username`, holding `roles`, may know of one record: the sight of
/// its kind, except that someone else's draft is unseen.
pub fn sight_of(event: &Event, username: &str, roles: &Roles) -> Sight {
    sight_of_parts(event.kind, draft_author(event), username, roles)
}

/// The author of `event` while it is an intelligence draft.
fn draft_author(event: &Event) -> Option<&str> {
    match &event.details {
        EventDetails::Intelligence(d) if d.status == IntelligenceStatus::Draft => Some(&event.provenance.entered_by),
        _ => None,
    }
}

/// `sight_of` for a record known by its kind and, while it is an
/// intelligence draft, its author (a link's key, before the record is read).
pub fn sight_of_parts(kind: EventKind, draft_author: Option<&str>, username: &str, roles: &Roles) -> Sight {
    if someone_elses(draft_author, username) {
        Sight::Unseen
    } else {
        sight(roles, kind)
    }
}

/// Refuses `event` to a caller who may not know it is there, as if it were
/// not (someone else's draft).
pub fn require_not_others_draft(event: &Event, username: &str) -> ApiResult<()> {
    if others_draft(event, username) {
        return Err(crate::store::StoreError::NotFound { kind: event.kind.as_str(), id: event.id.clone() }.into());
    }
    Ok(())
}

/// The flags `roles` may be told: each comes from records of one kind
/// (WANTED from a warrant, IN CUSTODY and ON BAIL from a custody record,
/// MISSING and AT RISK from a safeguarding report), and a role that may not
/// read that kind is not told it by a flag either.
pub fn seen_flags(roles: &Roles, flags: Flags) -> Flags {
    flags.only(|flag| sight(roles, flag.source()) == Sight::Read)
}

/// The kinds of record `roles` may read.
pub fn readable(roles: &Roles) -> KindSet {
    KindSet::of(EventKind::ALL.into_iter().filter(|k| sight(roles, *k) == Sight::Read))
}

/// Refuses a caller who may not read records of `kind`.
pub fn require_read(caller: &Caller, kind: EventKind) -> ApiResult<()> {
    caller.require(sight(&caller.roles, kind) == Sight::Read, &format!("reading {}", kind.collection()))
}

/// The legacy sources and the kind of record each one's system held: a
/// source's rows are seen only by roles that may read that kind.
pub struct Sources(HashMap<String, EventKind>);

impl Sources {
    pub async fn load(store: &Store) -> ApiResult<Sources> {
        Ok(Sources(store.source_kinds().await?.into_iter().collect()))
    }

    /// Whether `roles` may see the rows of `source`; a source no import
    /// registered is seen by nobody.
    pub fn may_see(&self, roles: &Roles, source: &str) -> bool {
        self.0.get(source).is_some_and(|kind| sight(roles, *kind) == Sight::Read)
    }

    /// Whether `roles` may hear of a change to the review queue, which names
    /// a pair (`SOURCE/REF`) or a whole batch (`SOURCE`).
    pub fn may_see_review(&self, roles: &Roles, record_id: &str) -> bool {
        self.0.iter().any(|(source, kind)| {
            let names = record_id == source
                || record_id.strip_prefix(source.as_str()).is_some_and(|rest| rest.starts_with('/'));
            names && sight(roles, *kind) == Sight::Read
        })
    }

    /// A row of `source` the caller may not see is, to them, not there (and
    /// the refusal does not say back which row was asked for).
    pub fn require_seen(&self, caller: &Caller, source: &str) -> ApiResult<()> {
        if self.may_see(&caller.roles, source) {
            Ok(())
        } else {
            Err(ApiError::NotFound("no such imported row".into()))
        }
    }
}

/// The reason for access, required and checked (`domain::reason`).
pub fn required_reason(reason: Option<String>) -> ApiResult<String> {
    let reason = reason.as_deref().and_then(crate::domain::reason::trimmed).ok_or(ApiError::ReasonRequired)?;
    Ok(crate::domain::reason::checked(&reason)?)
}

/// The reason for reading a list not about one person: checked when given,
/// `default` when not.
pub fn reason_or(reason: Option<String>, default: &str) -> ApiResult<String> {
    match reason {
        Some(r) => required_reason(Some(r)),
        None => Ok(default.to_string()),
    }
}

/// The `Idempotency-Key` header of a write, if sent, with a fingerprint of
/// the `request` it came with: the same key makes a retried write happen
/// once, and is refused with another request.
pub fn idempotency_key(headers: &HeaderMap, request: &impl serde::Serialize) -> ApiResult<Option<IdempotencyKey>> {
    match headers.get("idempotency-key") {
        None => Ok(None),
        Some(v) => {
            let key = v.to_str().map_err(|_| ApiError::invalid("Idempotency-Key", "must be plain text"))?.trim();
            if key.is_empty() || key.len() > 200 {
                return Err(ApiError::invalid("Idempotency-Key", "must be 1 to 200 characters"));
            }
            crate::domain::text::identity("Idempotency-Key", key)?;
            let body = serde_json::to_vec(request).map_err(|e| ApiError::Internal(e.to_string()))?;
            let fingerprint = hex::encode(Sha256::digest(&body));
            Ok(Some(IdempotencyKey { key: key.to_string(), request: Some(fingerprint) }))
        }
    }
}

/// What stands in for unsanitised intelligence text a role may not read.
pub const WITHHELD_TEXT: &str = "[withheld: intelligence roles only]";

/// What stands in for the text of a handling code C report anywhere but
/// where it is opened with its conditions acknowledged.
pub const UNACKNOWLEDGED_TEXT: &str = "[handling code C: open the report and acknowledge its conditions to read it]";

/// What a role is shown of a record it may read in a list, a queue, a
/// profile or an action's reply: intelligence loses its unsanitised text
/// for everyone but intelligence roles, and a handling code C report its
/// text until it is opened with its conditions acknowledged (`opened`).
pub fn redact(event: Event, roles: &Roles) -> Event {
    let mut event = opened(event, roles);
    if let EventDetails::Intelligence(d) = &mut event.details {
        if d.conditions().is_some() {
            d.sanitised_text = UNACKNOWLEDGED_TEXT.into();
            if d.unsanitised_text.is_some() {
                d.unsanitised_text = Some(UNACKNOWLEDGED_TEXT.into());
            }
        }
    }
    event
}

/// A record as its reader opened it (its handling conditions, if any,
/// acknowledged): intelligence loses its unsanitised text for everyone but
/// intelligence roles.
pub fn opened(mut event: Event, roles: &Roles) -> Event {
    if let EventDetails::Intelligence(d) = &mut event.details {
        if !roles.may_read_unsanitised() && d.unsanitised_text.is_some() {
            d.unsanitised_text = Some(WITHHELD_TEXT.into());
        }
    }
    event
}

/// Whether `text` is a placeholder the server put in place of a text
/// withheld: sent back, it stands for the stored text.
pub fn is_placeholder(text: &str) -> bool {
    text == WITHHELD_TEXT || text == UNACKNOWLEDGED_TEXT
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::role::Role;

    #[test]
    fn each_role_reads_counts_or_does_not_see_each_kind() {
        let of = |r: Role| Roles(vec![r]);
        assert_eq!(sight(&of(Role::ControlRoom), EventKind::Intelligence), Sight::Unseen);
        assert_eq!(sight(&of(Role::ControlRoom), EventKind::Warrant), Sight::Read);
        assert_eq!(sight(&of(Role::Safeguarding), EventKind::Intelligence), Sight::Counted);
        assert_eq!(sight(&of(Role::Safeguarding), EventKind::Safeguarding), Sight::Read);
        assert_eq!(sight(&of(Role::Admin), EventKind::Safeguarding), Sight::Unseen);
        assert_eq!(sight(&Roles::default(), EventKind::Crime), Sight::Unseen);
        assert!(!readable(&of(Role::CustodySergeant)).contains(EventKind::Safeguarding));
        assert!(readable(&of(Role::Inspector)).contains(EventKind::Intelligence));
    }
}
