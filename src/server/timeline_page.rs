//! A page of the timeline on a vehicle's, phone's or place's profile.
//! Need-to-know is decided on the links counted by kind (and a draft's
//! author): what the caller may not read is counted or left out as on a
//! person's profile; the page holds only records of kinds the caller may
//! read, newest first, and only they are read whole, redacted and shown
//! (and so audited).

use std::fmt::Display;

use super::access::{readable, redact, sight, sight_of, sight_of_parts, Sight};
use super::error::{ApiError, ApiResult};
use super::AppState;
use crate::api::timeline_page::{ProfileQuery, TIMELINE_PAGE, TIMELINE_PAGE_MAX};
use crate::domain::event::{Event, EventKind};
use crate::domain::object_link::ObjectRole;
use crate::domain::place_link::PlaceRole;
use crate::domain::role::Roles;
use crate::store::{LinkedPageQuery, LinkedTo};

/// The part a record plays in a link, as stored and as its cursor says it.
pub trait LinkRole: Copy {
    fn as_str(self) -> &'static str;
    fn parse(text: &str) -> Option<Self>;
}

impl LinkRole for ObjectRole {
    fn as_str(self) -> &'static str {
        ObjectRole::as_str(self)
    }

    fn parse(text: &str) -> Option<Self> {
        ObjectRole::parse(text)
    }
}

impl LinkRole for PlaceRole {
    fn as_str(self) -> &'static str {
        PlaceRole::as_str(self)
    }

    fn parse(text: &str) -> Option<Self> {
        PlaceRole::parse(text)
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

/// The page `q` asks for of the records linked to `to`, as `by`, holding
/// `roles`, may see it.
pub async fn read<R: LinkRole>(
    state: &AppState,
    to: LinkedTo<'_>,
    by: &str,
    roles: &Roles,
    q: &ProfileQuery,
) -> ApiResult<TimelinePage<R>> {
    let limit = q.limit.unwrap_or(TIMELINE_PAGE);
    if !(1..=TIMELINE_PAGE_MAX).contains(&limit) {
        return Err(ApiError::invalid("limit", format!("must be between 1 and {TIMELINE_PAGE_MAX}")));
    }
    let after = q.after.as_deref().map(Cursor::parse).transpose()?;

    // Kinds the caller reads, or is told how many are withheld of; of
    // the rest it is told nothing.
    let known: Vec<EventKind> = EventKind::ALL.into_iter().filter(|k| sight(roles, *k) != Sight::Unseen).collect();
    let (mut total, mut restricted) = (0, 0);
    for count in state.store.linked_counts(to, &known).await? {
        match sight_of_parts(count.kind, count.draft_author.as_deref(), by, roles) {
            Sight::Read => total += count.links,
            Sight::Counted => restricted += count.links,
            Sight::Unseen => {}
        }
    }
    let kinds: Vec<EventKind> = readable(roles).iter().collect();
    // One more than the page: whether another follows.
    let query = LinkedPageQuery {
        kinds: &kinds,
        reader: by,
        after: after.as_ref().map(|c| (c.at, c.id, c.role)),
        limit: limit + 1,
    };
    let mut rows = state.store.linked_page(to, &query, R::parse).await?;
    let next = match rows.len() > limit {
        true => {
            rows.truncate(limit);
            rows.last().map(|r| Cursor { at: &r.at, id: &r.event.id, role: r.role.as_str() }.to_string())
        }
        false => None,
    };
    let records = rows
        .into_iter()
        // Read whole, checked again: the rule is the record's, not its row's.
        .filter(|r| sight_of(&r.event, by, roles) == Sight::Read)
        .map(|r| (redact(r.event, roles), r.role))
        .collect();
    Ok(TimelinePage { records, total, restricted, next })
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
}

impl Display for Cursor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}|{}|{}", self.at, self.id, self.role)
    }
}
