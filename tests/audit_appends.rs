//! Consultations are audited together when they arrive together, and on
//! SQLite without reading the chain's head back: many at once are each
//! chained once, as are waves of them arriving while earlier groups and
//! other writes are being committed, two processes appending to one database keep one chain,
//! and an entry that does not follow the stored head is refused.

use crate::common;

use bluelamp::store::{Actor, AuditFilter, AuditLine, AuditRecord, Store};
use common::{Backend, TestDb};
use sqlx::{AnyConnection, Connection};

both_backends!(
    consultations_at_once_are_each_chained_once,
    consultations_arriving_while_groups_are_written_are_each_chained_once,
    two_processes_appending_keep_one_chain
);

/// Forty searches at the same moment: forty entries, each findable by the
/// person it showed, the chain intact.
async fn consultations_at_once_are_each_chained_once(b: Backend) {
    let Some(db) = TestDb::new(b).await else { return };
    let store = Store::open(&db.url).await.unwrap();
    let searches: Vec<_> = (0..40)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let actor = Actor::new(format!("pc.{i}"), format!("CAD {i} check"));
                let shown = [format!("person-{i}"), "person-all".to_string()];
                let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
                let record =
                    AuditRecord { action: "consultation", record_kind: "search", record_id: "-", detail: "q=smith" };
                store.record_consultation(&actor, &record, &shown).await
            })
        })
        .collect();
    for search in searches {
        search.await.unwrap().unwrap();
    }
    let report = store.verify_audit(&[], &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries, 40);
    for i in [0, 17, 39] {
        let filter = AuditFilter { person_id: Some(format!("person-{i}")), limit: 10, ..Default::default() };
        let found = store.audit_entries(&filter).await.unwrap();
        assert_eq!(found.len(), 1, "person-{i}: {found:?}");
        assert_eq!(found[0].reason, format!("CAD {i} check"));
    }
    let everyone = AuditFilter { person_id: Some("person-all".into()), limit: 100, ..Default::default() };
    assert_eq!(store.audit_entries(&everyone).await.unwrap().len(), 40);
}

/// Five waves of thirty consultations, each wave sent while the groups
/// before it and other writes are still being committed: every one is
/// answered only once written, each chained once, none lost.
async fn consultations_arriving_while_groups_are_written_are_each_chained_once(b: Backend) {
    let Some(db) = TestDb::new(b).await else { return };
    let store = Store::open(&db.url).await.unwrap();
    let mut sent = Vec::new();
    for wave in 0..5 {
        for i in 0..30 {
            let store = store.clone();
            sent.push(tokio::spawn(async move {
                let actor = Actor::new(format!("pc.{wave}.{i}"), format!("CAD {wave}{i:02} check"));
                let shown = format!("person-{wave}-{i}");
                let record =
                    AuditRecord { action: "consultation", record_kind: "person", record_id: &shown, detail: "profile" };
                store.record_consultation(&actor, &record, &[&shown]).await?;
                // Answered: the entry is there for any reader to find.
                let filter = AuditFilter { person_id: Some(shown.clone()), limit: 10, ..Default::default() };
                store.audit_entries(&filter).await
            }));
        }
        let actor = Actor::new("admin.other", "account review");
        store.append_audit(&[AuditLine::by(&actor, "administration", "user", "pc.x", "reviewed")]).await.unwrap();
        tokio::task::yield_now().await;
    }
    for consultation in sent {
        let found = consultation.await.unwrap().unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
    }
    let report = store.verify_audit(&[], &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries, 155);
}

/// A second process (an admin command beside the server) appends between
/// the first's consultations and writes: each still follows the last.
async fn two_processes_appending_keep_one_chain(b: Backend) {
    let Some(db) = TestDb::new(b).await else { return };
    let server = Store::open(&db.url).await.unwrap();
    let admin = Store::open(&db.url).await.unwrap();
    let record = AuditRecord { action: "consultation", record_kind: "person", record_id: "p1", detail: "profile" };
    for round in 0..3 {
        let reason = format!("CAD {round} check");
        server.record_access(&Actor::new("pc.server", &reason), &[record]).await.unwrap();
        admin.record_access(&Actor::new("admin.other", &reason), &[record]).await.unwrap();
        let actor = Actor::new("admin.other", "account review");
        admin.append_audit(&[AuditLine::by(&actor, "administration", "user", "pc.x", "disabled")]).await.unwrap();
        server.append_audit(&[AuditLine::by(&actor, "administration", "user", "pc.y", "enabled")]).await.unwrap();
    }
    let report = server.verify_audit(&[], &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.entries, report.head_seq), (12, Some(12)));
}

/// The view SQLite appends through refuses an entry whose previous hash is
/// not the head's, or whose number skips: the chain cannot fork.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_not_following_the_head_is_refused() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let store = Store::open(&db.url).await.unwrap();
    let record = AuditRecord { action: "consultation", record_kind: "person", record_id: "p1", detail: "profile" };
    store.record_access(&Actor::new("pc.one", "CAD 1 check"), &[record]).await.unwrap();
    let mut conn = AnyConnection::connect(db.url.as_driver_url()).await.unwrap();
    let head: String = sqlx::query_scalar("SELECT hash FROM audit WHERE seq = 1").fetch_one(&mut conn).await.unwrap();
    for (seq, prev) in [(2, "0".repeat(64)), (3, head)] {
        let refused = sqlx::query(
            "INSERT INTO audit_appends (seq, at, username, action, record_kind, record_id, reason, detail, \
             reason_salt, detail_salt, prev_hash, hash, subjects) \
             VALUES ($1, '2026-01-01T10:00:00.000000Z', 'pc.two', 'consultation', 'person', 'p1', 'r', 'd', \
             NULL, NULL, $2, $3, '[]')",
        )
        .bind(seq)
        .bind(&prev)
        .bind("f".repeat(64))
        .execute(&mut conn)
        .await
        .expect_err("an entry off the head must be refused");
        assert!(refused.to_string().contains("the audit head moved"), "{refused}");
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit").fetch_one(&mut conn).await.unwrap();
    assert_eq!(n, 1);
}
