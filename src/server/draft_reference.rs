//! A draft's reference typed in the search box finds the people on it for
//! its author alone: the subject index, read by everyone, holds no draft's
//! reference, so the author's own drafts are read from the store.

use super::auth::Caller;
use super::error::ApiResult;
use super::AppState;
use crate::domain::event::EventKind;
use crate::search::{compact, Hit};

/// The people on the caller's own draft whose reference is `text`, if any.
pub async fn found(state: &AppState, caller: &Caller, text: &str) -> ApiResult<Vec<Hit>> {
    let wanted = compact(text);
    // A reference has a digit; a name never reads the store.
    if !wanted.chars().any(|c| c.is_ascii_digit()) || !caller.roles.may_read(EventKind::Intelligence) {
        return Ok(Vec::new());
    }
    let mine = state.store.draft_references_of(&caller.username).await?;
    let index = state.index.read().await;
    let mut hits: Vec<Hit> = Vec::new();
    for (reference, person) in mine.iter().filter(|(r, _)| compact(r) == wanted) {
        if hits.iter().any(|h| &h.id == person) {
            continue;
        }
        hits.extend(index.found_by_reference(person, reference));
    }
    Ok(hits)
}
