//! A draft's reference typed in the search box finds the people on it for
//! its author alone: the subject index, read by everyone, holds no draft's
//! reference, so the author's own drafts are read from the store (only
//! when the intelligence index says the author has any).

use super::auth::Caller;
use super::error::ApiResult;
use super::AppState;
use crate::domain::event::EventKind;
use crate::search::{compact, Hit};

/// The people on the caller's own draft whose reference is `text`, if any.
pub async fn found(state: &AppState, caller: &Caller, text: &str) -> ApiResult<Vec<Hit>> {
    if !could_be_a_reference(text) || !caller.roles.may_read(EventKind::Intelligence) {
        return Ok(Vec::new());
    }
    // The intelligence index knows who has drafts, once it holds this
    // server's own writes: most callers have none, and read nothing more.
    super::pole_index::caught_up(state).await?;
    if !state.intel.read().await.has_drafts(&caller.username) {
        return Ok(Vec::new());
    }
    let wanted = compact(text);
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

/// Whether `text` could be a record's reference: it holds a digit and no
/// word of a name (four letters or more). A name, or a name with an age or a
/// date of birth, never reads the store.
fn could_be_a_reference(text: &str) -> bool {
    let named = text.split_whitespace().any(|w| w.len() >= 4 && w.chars().all(char::is_alphabetic));
    text.chars().any(|c| c.is_ascii_digit()) && !named
}

#[cfg(test)]
mod tests {
    use super::could_be_a_reference;

    #[test]
    fn a_name_never_reads_the_drafts() {
        // A short word may be a reference's prefix, so "Ng 1990" still looks.
        for text in ["IR/26/0000001", " IR260000001 ", "IR 26 0000001", "LEGACY-77", "Ng 1990"] {
            assert!(could_be_a_reference(text), "{text}");
        }
        for text in ["john smith", "john smith 34", "smith 1985-03", "IRENE"] {
            assert!(!could_be_a_reference(text), "{text}");
        }
    }
}
