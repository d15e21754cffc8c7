//! What the custody routes need beyond the common event writes: knowing a
//! retried booking before anything is checked again.

use super::{Result, Store};

impl Store {
    /// The record a write by `username` under `key` created, if that key
    /// was seen before: a retry is answered with the first result.
    pub async fn written_under_key(&self, username: &str, key: &str) -> Result<Option<String>> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT record_id FROM idempotency WHERE username = $1 AND key = $2")
                .bind(username)
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found)
    }
}
