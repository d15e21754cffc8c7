//! A page of the timeline on a vehicle's, phone's or place's profile.
//! Need-to-know is decided on each link's key (its kind, a draft's
//! author): what the caller may not read is counted or left out as on a
//! person's profile, the rest put newest first, and only the page's
//! records are read whole, redacted and shown (and so audited).

use std::collections::HashMap;
use std::fmt::Display;

use super::access::{redact, sight_of, sight_of_parts, Sight};
use super::error::{ApiError, ApiResult};
use super::AppState;
use crate::api::timeline_page::{ProfileQuery, TIMELINE_PAGE, TIMELINE_PAGE_MAX};
use crate::domain::event::Event;
use crate::domain::object_link::ObjectRole;
use crate::domain::place_link::PlaceRole;
use crate::domain::role::Roles;
use crate::store::LinkedKey;

/// The part a record plays in a link, as its cursor writes it.
pub trait LinkRole: Copy {
    fn as_str(self) -> &'static str;
}

impl LinkRole for ObjectRole {
    fn as_str(self) -> &'static str {
        ObjectRole::as_str(self)
    }
}

impl LinkRole for PlaceRole {
    fn as_str(self) -> &'static str {
        PlaceRole::as_str(self)
    }
}

/// The records on one page, each with its part, newest first.
pub struct TimelinePage<R> {
    pub records: Vec<(Event, R)>,
    /// The linked records the caller may read, on every page.
    pub total: usize,
    /// Those withheld from the caller, for roles that may be told.
    pub restricted: usize,
    /// `after` for the next page, when one follows.
    pub next: Option<String>,
}

/// The page `q` asks for of the records linked by `keys`, as `by`, holding
/// `roles`, may see it.
pub async fn read<R: LinkRole>(
    state: &AppState,
    mut keys: Vec<LinkedKey<R>>,
    by: &str,
    roles: &Roles,
    q: &ProfileQuery,
) -> ApiResult<TimelinePage<R>> {
    let limit = q.limit.unwrap_or(TIMELINE_PAGE);
    if !(1..=TIMELINE_PAGE_MAX).contains(&limit) {
        return Err(ApiError::invalid("limit", format!("must be between 1 and {TIMELINE_PAGE_MAX}")));
    }
    let mut restricted = 0;
    keys.retain(|k| match sight_of_parts(k.kind, k.draft_author.as_deref(), by, roles) {
        Sight::Read => true,
        Sight::Counted => {
            restricted += 1;
            false
        }
        Sight::Unseen => false,
    });
    keys.sort_by(|a, b| order(a).cmp(&order(b)));
    let start = match &q.after {
        Some(after) => {
            let cursor = Cursor::parse(after)?;
            keys.partition_point(|k| order(k) <= cursor.order())
        }
        None => 0,
    };
    let end = (start + limit).min(keys.len());
    let shown = &keys[start..end];
    let next = (end < keys.len()).then(|| shown.last().map(cursor_of)).flatten();

    let ids: Vec<String> = shown.iter().map(|k| k.event_id.clone()).collect();
    let bodies: HashMap<String, Event> =
        state.store.events_by_ids(&ids).await?.into_iter().map(|e| (e.id.clone(), e)).collect();
    let mut records = Vec::with_capacity(shown.len());
    for key in shown {
        // Erased since its key was read: gone. Changed so that the caller
        // may no longer read it: not shown.
        let Some(event) = bodies.get(&key.event_id) else { continue };
        if sight_of(event, by, roles) == Sight::Read {
            records.push((redact(event.clone(), roles), key.role));
        }
    }
    Ok(TimelinePage { records, total: keys.len(), restricted, next })
}

/// Newest first; among records of one time, by id (last first), then part.
fn order<R: LinkRole>(k: &LinkedKey<R>) -> (std::cmp::Reverse<&str>, std::cmp::Reverse<&str>, &'static str) {
    (std::cmp::Reverse(k.occurred_at.as_str()), std::cmp::Reverse(k.event_id.as_str()), k.role.as_str())
}

fn cursor_of<R: LinkRole>(k: &LinkedKey<R>) -> String {
    Cursor { at: &k.occurred_at, id: &k.event_id, role: k.role.as_str() }.to_string()
}

/// Where a page ended: `time|record id|part`.
struct Cursor<'a> {
    at: &'a str,
    id: &'a str,
    role: &'a str,
}

impl<'a> Cursor<'a> {
    fn parse(text: &'a str) -> ApiResult<Cursor<'a>> {
        let mut parts = text.split('|');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(at), Some(id), Some(role), None) if !at.is_empty() && !id.is_empty() && !role.is_empty() => {
                Ok(Cursor { at, id, role })
            }
            _ => Err(ApiError::invalid("after", "is not a timeline_next from a previous page")),
        }
    }

    fn order(&self) -> (std::cmp::Reverse<&'a str>, std::cmp::Reverse<&'a str>, &'a str) {
        (std::cmp::Reverse(self.at), std::cmp::Reverse(self.id), self.role)
    }
}

impl Display for Cursor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}|{}|{}", self.at, self.id, self.role)
    }
}
