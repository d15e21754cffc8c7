//! Safeguarding reports stored before the desk's workflow — open or
//! closed, the supervisor's sign-off a bare name — read again after the
//! upgrade, on both backends: signed off by that supervisor, submitted and
//! in the sign-off queue, or closed; the way to be shared kept, no referral
//! invented.

use crate::common;

use bluelamp::domain::event::{EventDetails, EventKind};
use bluelamp::domain::safeguarding::SafeguardingStatus;
use bluelamp::store::{EventFilter, Store};
use common::{Backend, TestDb};
use serde_json::json;
use sqlx::{AnyConnection, Connection};

both_backends!(reports_of_the_old_shape_read_in_the_workflow_after_the_upgrade);

async fn reports_of_the_old_shape_read_in_the_workflow_after_the_upgrade(b: Backend) {
    let Some(db) = TestDb::new(b).await else { return };
    let old = Store::open_at_version(&db.url, 56).await.unwrap();
    let mut conn = AnyConnection::connect(db.url.as_driver_url()).await.unwrap();
    for (id, status, signoff) in [("sg-a", "open", Some("DI Patel")), ("sg-b", "open", None), ("sg-c", "closed", None)]
    {
        let mut details = json!({"kind": "safeguarding", "category": "child_welfare", "risk": "high",
            "sharing": "formal_referral", "police_checks": "PNC: no trace", "officer_in_charge": "DS Khan",
            "status": status});
        if let Some(name) = signoff {
            details["supervisor_signoff"] = json!(name);
        }
        let body = json!({"id": id, "kind": "safeguarding", "reference": format!("SG/24/{id}"), "version": 1,
            "status": status, "occurred_at": "2024-03-01T09:00:00Z", "borough": "Lambeth",
            "summary": "Child left alone overnight", "people": [], "details": details,
            "created_at": "2024-03-01T10:00:00Z", "updated_at": "2024-03-02T08:30:00Z",
            "provenance": {"entered_by": "dc.old"}});
        sqlx::query(
            "INSERT INTO events (id, kind, reference, version, status, is_open, occurred_at, body, created_at, \
             updated_at) VALUES ($1, 'safeguarding', $2, 1, $3, $4, '2024-03-01T09:00:00.000000Z', $5, \
             '2024-03-01T10:00:00.000000Z', '2024-03-02T08:30:00.000000Z')",
        )
        .bind(id)
        .bind(format!("SG/24/{id}"))
        .bind(status)
        .bind(i64::from(status == "open"))
        .bind(body.to_string())
        .execute(&mut conn)
        .await
        .unwrap();
    }
    conn.close().await.unwrap();
    old.close().await;

    let store = Store::open(&db.url).await.unwrap();
    let read = |id: &'static str| {
        let store = &store;
        async move {
            let event = store.event(EventKind::Safeguarding, id).await.expect("reads after the upgrade");
            let EventDetails::Safeguarding(d) = event.details else { panic!("not a safeguarding report") };
            (event.status, *d)
        }
    };
    let (status, signed) = read("sg-a").await;
    assert_eq!((status.as_str(), signed.status), ("signed_off", SafeguardingStatus::SignedOff));
    assert_eq!(signed.sign_off.as_ref().map(|s| s.by.as_str()), Some("DI Patel"));
    assert!(signed.referrals.is_empty(), "no referral invented behind the old value");
    assert!(signed.log.iter().any(|e| e.text.contains("Carried over")), "{:?}", signed.log);
    let (_, waiting) = read("sg-b").await;
    assert_eq!(waiting.status, SafeguardingStatus::Submitted);
    assert_eq!(waiting.submitted.as_ref().map(|s| s.by.as_str()), Some("dc.old"));
    let (_, closed) = read("sg-c").await;
    assert_eq!(closed.status, SafeguardingStatus::Closed);

    // The queues read the columns made again: the unsigned report is due its sign-off, long overdue.
    let filter = EventFilter {
        open: Some(true),
        status: Some("submitted".into()),
        due_by: Some(chrono::Utc::now()),
        limit: 10,
        ..EventFilter::default()
    };
    let (overdue, _) = store.list_events(EventKind::Safeguarding, &filter).await.unwrap();
    let ids: Vec<&str> = overdue.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["sg-b"]);
}
