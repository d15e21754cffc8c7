//! What erasing a person does to the phones they were linked to: a phone
//! known only through them (no one else linked to it, no event naming it)
//! is their personal data and goes with them. Vehicles stay: a vehicle is
//! a record in its own right, and the person's links to it are gone.

use super::write::WriteTx;
use super::Result;

impl WriteTx<'_> {
    /// The objects `person_id` is linked to, read before their links go.
    pub(super) async fn objects_linked_to(&mut self, person_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT target_id FROM links WHERE person_id = $1 AND target = 'object'")
            .bind(person_id)
            .fetch_all(&mut *self.tx)
            .await?)
    }

    /// Deletes those of `object_ids` that are phones nothing else holds on to.
    pub(super) async fn erase_orphaned_phones(&mut self, object_ids: &[String]) -> Result<usize> {
        let mut erased = 0;
        for id in object_ids {
            let orphan: Option<String> = sqlx::query_scalar(
                "SELECT o.id FROM objects o WHERE o.id = $1 AND o.kind = 'phone' \
                 AND NOT EXISTS (SELECT 1 FROM links l WHERE l.target = 'object' AND l.target_id = o.id) \
                 AND NOT EXISTS (SELECT 1 FROM event_objects eo WHERE eo.object_id = o.id)",
            )
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
            if orphan.is_none() {
                continue;
            }
            sqlx::query("DELETE FROM object_keys WHERE object_id = $1").bind(id).execute(&mut *self.tx).await?;
            sqlx::query("DELETE FROM objects WHERE id = $1").bind(id).execute(&mut *self.tx).await?;
            self.change("objects", "erased", id, 0, &[]).await?;
            erased += 1;
        }
        Ok(erased)
    }
}
