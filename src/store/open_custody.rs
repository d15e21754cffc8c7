//! The open custody records of several people in one read: the warrant
//! queue says where each wanted person in custody is held, and asking once
//! per row would cost a query per person on every page.

use std::collections::HashMap;

use sqlx::Row;

use super::codec::from_json;
use super::{Result, Store};
use crate::domain::event::Event;

impl Store {
    /// Each of `persons` on an open custody record, with that record (the
    /// newest, should there be more than one).
    pub async fn open_custody_of(&self, persons: &[String]) -> Result<HashMap<String, Event>> {
        let rows = self
            .rows_for_ids(
                "SELECT p.person_id, e.body, e.occurred_at FROM events e \
                 JOIN event_people p ON p.event_id = e.id \
                 WHERE e.kind = 'custody' AND e.is_open = 1 AND p.person_id IN ({ids})",
                persons,
            )
            .await?;
        let mut newest: HashMap<String, (String, Event)> = HashMap::new();
        for row in rows {
            let person: String = row.try_get("person_id")?;
            let at: String = row.try_get("occurred_at")?;
            let record: Event = from_json(&row.try_get::<String, _>("body")?)?;
            if newest.get(&person).is_none_or(|(held, _)| *held < at) {
                newest.insert(person, (at, record));
            }
        }
        Ok(newest.into_iter().map(|(person, (_, record))| (person, record)).collect())
    }
}
