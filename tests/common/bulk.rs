//! Many records at once, loaded straight into the store as a bulk import
//! loads them, for lists longer than their pages: thousands made through
//! the API would take the test minutes.

use bluelamp::store::{Actor, BulkBatch};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::TestServer;

/// Loads `n` copies of `record` (its status, borough, summary and details)
/// dated `at`, naming nobody: copy `i` has the id `{kind}-{i:05}` and the
/// reference `{PREFIX}/T/{i:05}`. Their ids, in order.
pub async fn load_events(s: &TestServer, n: usize, at: DateTime<Utc>, record: &Value) -> Vec<String> {
    let kind = record["details"]["kind"].as_str().expect("the record's details say its kind");
    let prefix = bluelamp::domain::event::EventKind::ALL
        .iter()
        .find(|k| k.as_str() == kind)
        .map(|k| k.reference_prefix())
        .expect("a kind of record");
    let events: Vec<_> = (0..n)
        .map(|i| {
            let mut event = json!({
                "id": format!("{kind}-{i:05}"), "kind": kind, "reference": format!("{prefix}/T/{i:05}"),
                "version": 1, "occurred_at": at, "people": [], "created_at": at, "updated_at": at,
                "provenance": {"entered_by": "test"}
            });
            for (field, value) in record.as_object().expect("a record is an object") {
                event[field] = value.clone();
            }
            serde_json::from_value(event).expect("a whole record")
        })
        .collect();
    let ids = events.iter().map(|e: &bluelamp::domain::event::Event| e.id.clone()).collect();
    s.state
        .store
        .load_batch(&Actor::new("test", "bulk"), &BulkBatch { events, ..BulkBatch::default() }, None)
        .await
        .expect("a bulk load");
    ids
}
