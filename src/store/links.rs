//! person↔object, person↔location and person↔person links.

use sqlx::Row;

use super::codec::{from_json, new_id, to_json};
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::link::{Link, LinkTarget, NewLink};
use crate::domain::object_link::check_person_link;
use crate::domain::provenance::Provenance;
use crate::domain::FieldError;

impl Store {
    pub async fn create_link(&self, actor: &Actor, person_id: &str, new: NewLink) -> Result<Link> {
        let mut w = self.begin_write().await?;
        let table = match new.target {
            LinkTarget::Object => "objects",
            LinkTarget::Location => "locations",
            LinkTarget::Person => "persons",
        };
        for (field, table, id) in [("person_id", "persons", person_id), ("target_id", table, new.target_id.as_str())] {
            let found: Option<String> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *w.tx)
                .await?;
            if found.is_none() {
                return Err(FieldError::new(field, format!("no record with id '{id}'")).into());
            }
        }
        if new.target == LinkTarget::Object {
            // A vehicle has keepers, drivers and passengers; a phone users and owners.
            let kind: String = sqlx::query_scalar("SELECT kind FROM objects WHERE id = $1")
                .bind(&new.target_id)
                .fetch_one(&mut *w.tx)
                .await?;
            check_person_link(&kind, &new.relationship, new.from, new.until)?;
        } else if new.until.is_some_and(|u| new.from.is_some_and(|f| u < f)) {
            return Err(FieldError::new("until", "is before from").into());
        }
        if new.target == LinkTarget::Person && new.target_id == person_id {
            return Err(FieldError::new("target_id", "a person cannot be linked to themselves").into());
        }
        let link = Link {
            id: new_id(),
            person_id: person_id.to_string(),
            target: new.target,
            target_id: new.target_id,
            relationship: new.relationship,
            from: new.from,
            until: new.until,
            provenance: Provenance::entered(&actor.username, w.now),
        };
        insert_link(&mut w, &link).await?;
        w.audit(
            actor,
            "collection",
            "link",
            &link.id,
            &format!("{} linked to {} {}", person_id, link.target.as_str(), link.target_id),
        )
        .await?;
        let mut people = vec![person_id.to_string()];
        if link.target == LinkTarget::Person {
            people.push(link.target_id.clone());
        }
        w.change("persons", "updated", person_id, 0, &people).await?;
        if link.target == LinkTarget::Object {
            w.change("objects", "updated", &link.target_id, 0, &people).await?;
        }
        w.commit().await?;
        Ok(link)
    }

    /// Links from or to the person (person↔person links read both ways).
    pub async fn links_for(&self, person_id: &str) -> Result<Vec<Link>> {
        let rows = sqlx::query("SELECT body FROM links WHERE person_id = $1 OR (target = 'person' AND target_id = $1)")
            .bind(person_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| from_json(&r.try_get::<String, _>("body").map_err(StoreError::from)?)).collect()
    }

    /// The people linked to an object, with their parts in its life.
    pub async fn links_to_object(&self, object_id: &str) -> Result<Vec<Link>> {
        let rows = sqlx::query("SELECT body FROM links WHERE target = 'object' AND target_id = $1")
            .bind(object_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| from_json(&r.try_get::<String, _>("body").map_err(StoreError::from)?)).collect()
    }
}

pub(super) async fn insert_link(w: &mut WriteTx<'_>, link: &Link) -> Result<()> {
    sqlx::query(
        "INSERT INTO links (id, person_id, target, target_id, relationship, body) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&link.id)
    .bind(&link.person_id)
    .bind(link.target.as_str())
    .bind(&link.target_id)
    .bind(&link.relationship)
    .bind(to_json(link)?)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}
