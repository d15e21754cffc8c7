//! Person records: the one record everything links to.

use futures::TryStreamExt;
use sqlx::Row;

use super::codec::{from_json, new_id, time, to_json};
use super::idempotency::{Claim, IdempotencyKey};
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::person::{Person, PersonDetails};
use crate::domain::person_summary::PersonSummary;
use crate::domain::provenance::Provenance;

const KIND: &str = "person";

fn row_to_person(row: &sqlx::any::AnyRow) -> Result<Person> {
    let body: String = row.try_get("body")?;
    from_json(&body)
}

impl Store {
    /// Records a new person. `details` must already be validated.
    pub async fn create_person(
        &self,
        actor: &Actor,
        details: PersonDetails,
        idempotency_key: Option<&IdempotencyKey>,
    ) -> Result<Person> {
        let mut w = self.begin_write().await?;
        let id = new_id();
        if let Claim::Made(existing) = w.claim(actor, idempotency_key, KIND, &id).await? {
            drop(w);
            return self.person(&existing).await;
        }
        let person = Person {
            id,
            version: 1,
            details,
            created_at: w.now,
            updated_at: w.now,
            provenance: Provenance::entered(&actor.username, w.now),
        };
        insert_person(&mut w, &person).await?;
        w.audit(actor, "collection", KIND, &person.id, "person created").await?;
        w.change("persons", "created", &person.id, 1, std::slice::from_ref(&person.id)).await?;
        w.commit().await?;
        Ok(person)
    }

    pub async fn person(&self, id: &str) -> Result<Person> {
        let row = sqlx::query("SELECT body FROM persons WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: KIND, id: id.to_string() })?;
        row_to_person(&row)
    }

    pub async fn persons_by_ids(&self, ids: &[String]) -> Result<Vec<Person>> {
        let rows = self.rows_for_ids("SELECT body FROM persons WHERE id IN ({ids})", ids).await?;
        rows.iter().map(row_to_person).collect()
    }

    /// Replaces a person's details if nobody changed them since `expected`.
    pub async fn update_person(
        &self,
        actor: &Actor,
        id: &str,
        expected: i64,
        details: PersonDetails,
    ) -> Result<Person> {
        let mut w = self.begin_write().await?;
        let mut person = current_person(&mut w, id).await?;
        if person.version != expected {
            return Err(StoreError::Conflict { kind: KIND, id: id.into(), expected, current: person.version });
        }
        person.details = details;
        person.version += 1;
        person.updated_at = w.now;
        replace_person(&mut w, &person, expected).await?;
        w.audit(actor, "alteration", KIND, id, "person updated").await?;
        w.change("persons", "updated", id, person.version, &[id.to_string()]).await?;
        w.commit().await?;
        Ok(person)
    }

    /// Every person's summary, streamed, for building the subject index.
    pub async fn for_each_summary(&self, mut each: impl FnMut(String, PersonSummary)) -> Result<()> {
        let mut rows = sqlx::query("SELECT id, summary FROM persons").fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            let id: String = row.try_get("id")?;
            let summary: String = row.try_get("summary")?;
            each(id, from_json(&summary)?);
        }
        Ok(())
    }

    /// The summaries of those of `ids` that exist.
    pub async fn person_summaries(&self, ids: &[String]) -> Result<Vec<(String, PersonSummary)>> {
        let rows = self.rows_for_ids("SELECT id, summary FROM persons WHERE id IN ({ids})", ids).await?;
        rows.iter().map(|row| Ok((row.try_get("id")?, from_json(&row.try_get::<String, _>("summary")?)?))).collect()
    }

    /// Every person, streamed.
    pub async fn for_each_person(&self, mut each: impl FnMut(Person)) -> Result<()> {
        let mut rows = sqlx::query("SELECT body FROM persons").fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            each(row_to_person(&row)?);
        }
        Ok(())
    }

    pub async fn count_persons(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM persons").fetch_one(&self.pool).await?)
    }

    /// Ids from `ids` that name no person.
    pub async fn missing_persons(&self, ids: &[String]) -> Result<Vec<String>> {
        let found: Vec<String> = self.persons_by_ids(ids).await?.into_iter().map(|p| p.id).collect();
        Ok(ids.iter().filter(|id| !found.contains(id)).cloned().collect())
    }
}

pub(super) async fn current_person(w: &mut WriteTx<'_>, id: &str) -> Result<Person> {
    let row = sqlx::query("SELECT body FROM persons WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or_else(|| StoreError::NotFound { kind: KIND, id: id.to_string() })?;
    row_to_person(&row)
}

/// Makes every person's summary again from the person, a page at a time
/// (a migration: summaries were once left as the person was first made).
pub(super) async fn rewrite_summaries(w: &mut WriteTx<'_>) -> Result<()> {
    tracing::info!("writing every person's summary afresh (once; about a minute a million persons)");
    let mut after = String::new();
    loop {
        let page = person_page(w, &after).await?;
        let Some(last) = page.last() else { return Ok(()) };
        after = last.id.clone();
        for person in &page {
            sqlx::query("UPDATE persons SET summary = $1 WHERE id = $2")
                .bind(to_json(&PersonSummary::of(&person.details))?)
                .bind(&person.id)
                .execute(&mut *w.tx)
                .await?;
        }
    }
}

/// The next thousand persons by id after `after`, for a migration that
/// walks them all.
pub(super) async fn person_page(w: &mut WriteTx<'_>, after: &str) -> Result<Vec<Person>> {
    let rows = sqlx::query("SELECT body FROM persons WHERE id > $1 ORDER BY id LIMIT 1000")
        .bind(after)
        .fetch_all(&mut *w.tx)
        .await?;
    rows.iter().map(row_to_person).collect()
}

/// Writes a person's new version over version `expected`, its summary
/// with it (the subject index reads the summary), or a conflict if someone
/// changed the person since.
pub(super) async fn replace_person(w: &mut WriteTx<'_>, person: &Person, expected: i64) -> Result<()> {
    let done = sqlx::query(
        "UPDATE persons SET version = $1, summary = $2, body = $3, updated_at = $4 WHERE id = $5 AND version = $6",
    )
    .bind(person.version)
    .bind(to_json(&PersonSummary::of(&person.details))?)
    .bind(to_json(person)?)
    .bind(time(person.updated_at))
    .bind(&person.id)
    .bind(expected)
    .execute(&mut *w.tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict { kind: KIND, id: person.id.clone(), expected, current: -1 });
    }
    w.relink_person_addresses(person).await
}

pub(super) async fn insert_person(w: &mut WriteTx<'_>, person: &Person) -> Result<()> {
    sqlx::query(
        "INSERT INTO persons (id, version, summary, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&person.id)
    .bind(person.version)
    .bind(to_json(&PersonSummary::of(&person.details))?)
    .bind(to_json(person)?)
    .bind(time(person.created_at))
    .bind(time(person.updated_at))
    .execute(&mut *w.tx)
    .await
    .map_err(|e| StoreError::from_insert(e, "a person with this id exists"))?;
    w.link_person_addresses(person).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DatabaseUrl;

    fn named(forenames: &str, surname: &str) -> PersonDetails {
        serde_json::from_value(serde_json::json!({"names": [{"forenames": forenames, "surname": surname}]})).unwrap()
    }

    #[tokio::test]
    async fn summaries_left_as_a_person_was_first_made_are_written_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::sqlite(&dir.path().join("bluelamp.db"));
        let store = Store::open(&url).await.unwrap();
        let person = store.create_person(&Actor::new("dc.white", "test"), named("Thomas", "Hartington"), None).await;
        let id = person.unwrap().id;
        // As an older version left a person renamed since: the first name in
        // the summary, and the rewrite not yet done.
        sqlx::query("UPDATE persons SET summary = $1")
            .bind(to_json(&PersonSummary::of(&named("Tom", "Hart"))).unwrap())
            .execute(&store.pool)
            .await
            .unwrap();
        sqlx::query("DELETE FROM schema_migrations WHERE version = 14").execute(&store.pool).await.unwrap();
        drop(store);
        let store = Store::open(&url).await.unwrap();
        let summaries = store.person_summaries(std::slice::from_ref(&id)).await.unwrap();
        assert_eq!(summaries[0].1.names[0].surname, "Hartington");
    }
}
