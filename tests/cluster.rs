//! Several servers over one PostgreSQL: each sees every change, whichever
//! server took the write.

use crate::common;

use bluelamp::domain::role::Role;
use common::{read_events, Backend, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_through_one_server_reaches_the_other() {
    let Some(a) = TestServer::start(Backend::Postgres).await else {
        return;
    };
    let b = TestServer::on(a.second_db()).await;
    let ta = a.login_as("op.one", &[Role::ControlRoom]).await;
    // Tokens live in the database, so a login on one server holds on the other.
    let (status, _) = b.get(&ta, "/auth/me").await;
    assert_eq!(status, 200);

    let start = b.state.store.last_change().await.unwrap();
    let reader = {
        let b_base = b.base.clone();
        let token = ta.clone();
        tokio::spawn(async move {
            // A listener on server B, started before the write on server A.
            let probe = TestServer::on_url_for_events(b_base);
            read_events(&probe, &token, "?topics=persons", Some(start), 1).await
        })
    };
    let id = a.person(&ta, "Priya", "Ramanathan", "1993-07-21").await;
    let events = reader.await.unwrap();
    assert_eq!(events[0].1["record_id"], id.as_str());
    assert_eq!(events[0].1["op"], "created");

    b.settle().await;
    let (status, found) = b.get(&ta, "/search/subjects?q=priya%20ramanathan").await;
    assert_eq!(status, 200);
    assert_eq!(found["hits"][0]["person_id"], id.as_str(), "{found}");
}
