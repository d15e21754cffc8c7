//! The references of an author's intelligence drafts with the people on
//! them: the search box finds a draft by its reference for its author
//! alone (the subject index holds no draft's reference, as everyone reads it).

use sqlx::Row;

use super::{Result, Store};

impl Store {
    /// Each (reference, person id) on `author`'s drafts: few, read by the
    /// author column the drafts list reads.
    pub async fn draft_references_of(&self, author: &str) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT e.reference AS reference, p.person_id AS person_id FROM events e \
             JOIN event_people p ON p.event_id = e.id \
             WHERE e.kind = 'intelligence' AND e.status = 'draft' AND e.officer = $1",
        )
        .bind(author)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get("reference")?, r.try_get("person_id")?))).collect()
    }
}
