//! The ASB desk's one rule the database keeps: a record (an incident or a
//! crime report) is linked to one ASB case at most. `asb_links` mirrors
//! every case's linked records, rewritten with the case in the same
//! transaction, and its key refuses a second case. Also migration 28,
//! which brings cases written in the free-text shape into the linked one.

use sqlx::Row;

use super::codec::{from_json, to_json};
use super::write::WriteTx;
use super::{Result, Store, StoreError};
use crate::domain::asb::{linking_at_open, AsbDetails};
use crate::domain::event::{Event, EventDetails, EventKind};

impl Store {
    /// The ASB case (id, reference) `record_id` is linked to, if any.
    pub async fn asb_case_linking(&self, record_id: &str) -> Result<Option<(String, String)>> {
        let row = sqlx::query(
            "SELECT e.id, e.reference FROM asb_links l JOIN events e ON e.id = l.case_id WHERE l.record_id = $1",
        )
        .bind(record_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((r.try_get("id")?, r.try_get("reference")?))).transpose()
    }
}

/// Rewrites `event`'s rows in `asb_links` (nothing for any other kind).
pub(super) async fn sync_links(w: &mut WriteTx<'_>, event: &Event) -> Result<()> {
    let EventDetails::Asb(d) = &event.details else { return Ok(()) };
    sqlx::query("DELETE FROM asb_links WHERE case_id = $1").bind(&event.id).execute(&mut *w.tx).await?;
    for linked in &d.incidents {
        sqlx::query("INSERT INTO asb_links (record_id, case_id) VALUES ($1, $2)")
            .bind(&linked.record.id)
            .bind(&event.id)
            .execute(&mut *w.tx)
            .await
            .map_err(|e| {
                StoreError::from_insert(
                    e,
                    &format!(
                        "{} is already linked to another ASB case: an incident belongs to one case",
                        linked.record.reference
                    ),
                )
            })?;
    }
    Ok(())
}

/// Migration 28: a case written when its incidents were text keeps them as
/// noted incidents (shown, not counted), loses the hand-set repeat and
/// vulnerable flags (now derived), and has the incident it was opened from
/// linked as a record; every case's links go into `asb_links`.
pub(super) async fn link_stored_cases(w: &mut WriteTx<'_>) -> Result<()> {
    let mut after = String::new();
    loop {
        let rows = sqlx::query("SELECT id, body FROM events WHERE kind = 'asb' AND id > $1 ORDER BY id LIMIT 500")
            .bind(&after)
            .fetch_all(&mut *w.tx)
            .await?;
        let Some(last) = rows.last() else { return Ok(()) };
        after = last.try_get("id")?;
        for row in &rows {
            let body: String = row.try_get("body")?;
            let mut value: serde_json::Value = from_json(&body)?;
            let Some(details) = value.get_mut("details").and_then(|d| d.as_object_mut()) else { continue };
            let texts: Vec<serde_json::Value> = match details.get("incidents").and_then(|i| i.as_array()) {
                Some(list) if list.iter().any(|i| i.get("description").is_some()) => list.clone(),
                _ => Vec::new(),
            };
            if !texts.is_empty() {
                details.insert("incidents".into(), serde_json::Value::Array(Vec::new()));
                details.insert("noted_incidents".into(), serde_json::Value::Array(texts));
            }
            details.remove("repeat_victim");
            details.remove("vulnerable_victim");
            let mut event: Event = serde_json::from_value(value).map_err(StoreError::corrupt)?;
            let EventDetails::Asb(d) = &mut event.details else { continue };
            link_opening_incident(w, d, &event.provenance.entered_by, event.created_at).await?;
            sqlx::query("UPDATE events SET body = $1 WHERE id = $2")
                .bind(to_json(&event)?)
                .bind(&event.id)
                .execute(&mut *w.tx)
                .await?;
            sync_links(w, &event).await?;
        }
    }
}

/// The incident a case was opened from, linked if it is not yet.
async fn link_opening_incident(
    w: &mut WriteTx<'_>,
    d: &mut AsbDetails,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let Some(from) = d.from_incident.clone() else { return Ok(()) };
    if d.linked(&from.id).is_some() {
        return Ok(());
    }
    let incident = match w.current_event(EventKind::Incident, &from.id).await {
        Ok(incident) => incident,
        Err(StoreError::NotFound { .. }) => return Ok(()),
        Err(e) => return Err(e),
    };
    let linked = linking_at_open(&incident, d.category, by, at);
    let i = d.incidents.partition_point(|i| i.at <= linked.at);
    d.incidents.insert(i, linked);
    Ok(())
}
