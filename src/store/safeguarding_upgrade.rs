//! Migration 57: safeguarding reports stored before the desk had a
//! workflow read again. Their body said `status` open or closed and held
//! the supervisor's sign-off as a bare name (`supervisor_signoff`), which
//! the report no longer has: an open report signed off stands as signed
//! off by that supervisor (at its last change), one not signed off as
//! submitted for sign-off (due the shipped hours after it was made), a
//! closed one as closed. How it was to be shared stays as it was written;
//! no referral is invented behind it. Each report's log says it was carried
//! over, and its columns are made again for the queues.

use chrono::Duration;
use serde_json::{json, Value};
use sqlx::Row;

use super::codec::{from_json, time, to_json};
use super::events::columns;
use super::write::WriteTx;
use super::{Result, StoreError};
use crate::domain::event::Event;
use crate::domain::safeguarding::SafeguardingRules;

/// Who the log says carried a report over.
const CARRIED_BY: &str = "system";

pub(super) async fn upgrade_old_reports(w: &mut WriteTx<'_>) -> Result<()> {
    let mut after = String::new();
    loop {
        let rows =
            sqlx::query("SELECT id, body FROM events WHERE kind = 'safeguarding' AND id > $1 ORDER BY id LIMIT 500")
                .bind(&after)
                .fetch_all(&mut *w.tx)
                .await?;
        let Some(last) = rows.last() else { return Ok(()) };
        after = last.try_get("id")?;
        for row in &rows {
            let body: String = row.try_get("body")?;
            let mut value: Value = from_json(&body)?;
            if !upgrade(&mut value, w.now) {
                continue;
            }
            let event: Event = serde_json::from_value(value).map_err(StoreError::corrupt)?;
            let event = Event { status: event.details.status(), ..event };
            let columns = columns(&event);
            sqlx::query(
                "UPDATE events SET body = $1, status = $2, is_open = $3, officer = $4, subkind = $5, due_at = $6 \
                 WHERE id = $7",
            )
            .bind(to_json(&event)?)
            .bind(&event.status)
            .bind(i64::from(event.details.is_open()))
            .bind(columns.officer)
            .bind(columns.subkind)
            .bind(columns.due_at)
            .bind(&event.id)
            .execute(&mut *w.tx)
            .await?;
        }
    }
}

/// A stored report's JSON in the present shape; false when it is in it already.
fn upgrade(value: &mut Value, now: chrono::DateTime<chrono::Utc>) -> bool {
    let made = value.get("created_at").cloned().unwrap_or(Value::Null);
    let changed = value.get("updated_at").cloned().unwrap_or_else(|| made.clone());
    let author = value.pointer("/provenance/entered_by").cloned().unwrap_or_else(|| json!(CARRIED_BY));
    let Some(d) = value.get_mut("details").and_then(Value::as_object_mut) else { return false };
    let old_status = d.get("status").and_then(Value::as_str).map(str::to_string);
    let old = d.contains_key("supervisor_signoff") || matches!(old_status.as_deref(), Some("open"));
    if !old {
        return false;
    }
    let signed = d.remove("supervisor_signoff").and_then(|s| s.as_str().map(str::trim).map(str::to_string));
    let signed = signed.filter(|s| !s.is_empty());
    let (status, note) = match (old_status.as_deref(), &signed) {
        (Some("closed"), _) => ("closed", "closed"),
        (_, Some(_)) => ("signed_off", "open and signed off"),
        (_, None) => ("submitted", "open, not signed off"),
    };
    d.insert("status".into(), json!(status));
    if status != "closed" {
        d.insert("submitted".into(), json!({"by": author, "at": made}));
    }
    match (status, signed) {
        ("submitted", _) => {
            let due = made
                .as_str()
                .and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok())
                .map(|t| t + Duration::hours(i64::from(SafeguardingRules::shipped().sign_off_hours)));
            if let Some(due) = due {
                d.insert("sign_off_due".into(), json!(time(due)));
            }
        }
        (_, Some(by)) => {
            d.insert("sign_off".into(), json!({"by": by, "at": changed}));
        }
        _ => {}
    }
    let text = format!("Carried over from before the safeguarding workflow ({note})");
    let log = d.entry("log").or_insert_with(|| json!([]));
    if let Some(log) = log.as_array_mut() {
        log.push(json!({"at": time(now), "by": CARRIED_BY, "text": text}));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::EventDetails;
    use crate::domain::safeguarding::SafeguardingStatus;

    fn stored(details: Value) -> Value {
        json!({
            "id": "sg-old", "kind": "safeguarding", "reference": "SG/24/0000007", "version": 2, "status": "open",
            "occurred_at": "2024-03-01T09:00:00Z", "borough": "Lambeth", "summary": "Child left alone",
            "people": [], "details": details,
            "created_at": "2024-03-01T10:00:00Z", "updated_at": "2024-03-02T08:30:00Z",
            "provenance": {"entered_by": "dc.old", "entered_at": "2024-03-01T10:00:00Z"}
        })
    }

    fn old(status: &str, signoff: Option<&str>) -> Value {
        let mut d = json!({"kind": "safeguarding", "category": "child_welfare", "risk": "high",
                           "sharing": "formal_referral", "police_checks": "PNC no trace",
                           "officer_in_charge": "DS Khan", "status": status});
        if let Some(s) = signoff {
            d["supervisor_signoff"] = json!(s);
        }
        stored(d)
    }

    fn read(value: Value) -> crate::domain::safeguarding::SafeguardingDetails {
        let event: Event = serde_json::from_value(value).expect("reads in the present shape");
        match event.details {
            EventDetails::Safeguarding(d) => *d,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn old_reports_read_again_signed_off_submitted_or_closed() {
        let now = "2026-12-01T00:00:00Z".parse().unwrap();
        let mut signed = old("open", Some("DI Patel"));
        assert!(serde_json::from_value::<Event>(signed.clone()).is_err(), "the old shape does not read");
        assert!(upgrade(&mut signed, now));
        let d = read(signed.clone());
        assert_eq!(d.status, SafeguardingStatus::SignedOff);
        assert_eq!(d.sign_off.as_ref().map(|s| s.by.as_str()), Some("DI Patel"));
        assert!(d.referrals.is_empty(), "no referral invented");
        assert!(d.log[0].text.contains("Carried over"), "{:?}", d.log);
        assert!(!upgrade(&mut signed, now), "a report in the present shape is left alone");

        let mut waiting = old("open", None);
        assert!(upgrade(&mut waiting, now));
        let d = read(waiting);
        assert_eq!(d.status, SafeguardingStatus::Submitted);
        assert_eq!(d.sign_off_due, Some("2024-03-02T10:00:00Z".parse().unwrap()));

        let mut closed = old("closed", Some("DI Patel"));
        assert!(upgrade(&mut closed, now));
        assert_eq!(read(closed).status, SafeguardingStatus::Closed);
    }
}
