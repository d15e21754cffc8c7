//! The author of each intelligence report, in its `officer` column: a
//! draft is its author's alone, so "my drafts" and every list of reports
//! read the author from a column (indexed with the status) rather than
//! from bodies.

use super::codec::from_json;
use super::event_pages::BodyPages;
use super::write::WriteTx;
use super::Result;
use crate::domain::event::Event;

/// Migration 72: each stored report's author put in its `officer` column.
pub(super) async fn fill_authors(w: &mut WriteTx<'_>) -> Result<()> {
    let mut pages = BodyPages::new("kind = 'intelligence'");
    loop {
        let page = pages.next(w).await?;
        if page.is_empty() {
            return Ok(());
        }
        for (_, body) in &page {
            let event: Event = from_json(body)?;
            sqlx::query("UPDATE events SET officer = $1 WHERE id = $2")
                .bind(&event.provenance.entered_by)
                .bind(&event.id)
                .execute(&mut *w.tx)
                .await?;
        }
    }
}

/// The author of `event` while it is an intelligence draft: its changes
/// are theirs alone to hear of.
pub(super) fn draft_author(event: &Event) -> Option<&str> {
    match &event.details {
        crate::domain::event::EventDetails::Intelligence(d)
            if d.status == crate::domain::intelligence::IntelligenceStatus::Draft =>
        {
            Some(event.provenance.entered_by.as_str())
        }
        _ => None,
    }
}
