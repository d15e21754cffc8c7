//! The real binary in a pseudo-terminal: what the operator can see of
//! where the keys go, of whether the screen is live, and of what an
//! irreversible action is about to do. Typing `3` at start switches to the
//! board (the lookup opens with its list focused); a stopped server shows
//! RECONNECTING within the time the stream allows for silence, and the
//! panes say their data is stale; a withdrawal asks its ground, enough
//! detail, and a confirmation naming the warrant.

use crate::common;

use std::time::Duration;

use bluelamp::client::LIVE_WITHIN;
use bluelamp::domain::role::Role;
use common::terminal::console_at_lookup;
use common::warrants::ottoline_wanted;
use common::{Backend, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_3_at_start_switches_to_the_board_and_a_letter_searches() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let token = s.login_as("ps.focus", &[Role::CustodySergeant]).await;
    s.person(&token, "Harriet", "Oyelaran", "1991-02-17").await;
    s.settle().await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config dir");
    tokio::task::block_in_place(|| {
        let mut term = console_at_lookup(&server, &token, config.path());
        // The footer says where the keys go.
        term.wait_for("LIST", Duration::from_secs(5));
        term.send(b"3");
        term.wait_for("Custody — all suites", Duration::from_secs(10));
        assert!(!term.contents().contains("Search 3"), "3 was typed into the search:\n{}", term.contents());
        // Back on the lookup, a letter starts the search and the footer says so.
        term.send(b"1");
        term.wait_for("Type a name", Duration::from_secs(5));
        term.type_text("harriet");
        term.wait_for("Harriet Oyelaran", Duration::from_secs(10));
        term.wait_for("SEARCH", Duration::from_secs(5));
        term.wait_for("Esc to the list", Duration::from_secs(5));
        // Out of the box, the global keys work again: `?` opens help.
        term.send(b"\x1b");
        term.wait_for("LIST", Duration::from_secs(5));
        term.send(b"?");
        term.wait_for("key closes", Duration::from_secs(5));
        term.send(b"\x1b");
        term.quit();
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_server_shows_reconnecting_within_the_live_window() {
    let mut s = TestServer::start(Backend::Sqlite).await.expect("server");
    let token = s.login_as("op.live", &[Role::ControlRoom]).await;
    s.settle().await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config dir");
    let mut term = tokio::task::block_in_place(|| {
        let term = console_at_lookup(&server, &token, config.path());
        term.wait_for("● LIVE", Duration::from_secs(10));
        term
    });
    s.stop();
    tokio::task::block_in_place(|| {
        // One tick of the console's clock on top of the stream's allowance.
        term.wait_for("▲ RECONNECTING", LIVE_WITHIN + Duration::from_secs(1));
        term.wait_for("last heard", Duration::from_secs(2));
        term.wait_for("STALE", Duration::from_secs(2));
        assert!(!term.contents().contains("LIVE"), "still LIVE:\n{}", term.contents());
        term.quit();
    });
}

/// A console watching the event stream does not hold the server up: the
/// shutdown ends the stream, and the server is gone soon after (it waited
/// for the stream for ever before).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutting_down_closes_the_event_streams_and_the_server_exits() {
    use futures::StreamExt;
    let mut s = TestServer::start(Backend::Sqlite).await.expect("server");
    let token = s.login_as("op.watch", &[Role::ControlRoom]).await;
    let reply = s.http.get(format!("{}/events", s.base)).bearer_auth(&token).send().await.expect("stream");
    assert_eq!(reply.status(), 200);
    let mut body = reply.bytes_stream();
    let reader = tokio::spawn(async move { while let Some(Ok(_)) = body.next().await {} });
    // A hang is a failure; the limit is far beyond any loaded machine's pause.
    tokio::time::timeout(Duration::from_secs(30), s.stopped())
        .await
        .expect("the server did not shut down with a stream open")
        .expect("the server ended with an error");
    tokio::time::timeout(Duration::from_secs(30), reader).await.expect("the stream stayed open").expect("reader");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawal_asks_for_its_reason_and_confirmation() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let token = s.login_as("op.withdraw", &[Role::ControlRoom]).await;
    let id = ottoline_wanted(&s, &token).await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config dir");
    let step = Duration::from_secs(10);
    tokio::task::block_in_place(|| {
        let mut term = console_at_lookup(&server, &token, config.path());
        term.send(b"\x1bOS"); // F4: the warrant queue
        term.wait_for("Ottoline Brackenbury", step);
        term.send(b"W");
        term.wait_for("Withdraw WT/", step);
        term.wait_for("surrendered at court", step);
        // A ground from the list, by its number; "test" says too little.
        term.type_text("2");
        term.send(b"\r");
        term.type_text("test");
        term.send(b"\r");
        term.wait_for("at least 15 characters", step);
        for _ in 0..4 {
            term.send(b"\x7f");
        }
        term.type_text("Recalled at the hearing this morning");
        term.send(b"\r");
        // Asked first, naming the warrant and the person; nothing sent yet.
        term.wait_for("Enter confirms", step);
        term.wait_until("the question naming the warrant", step, |screen| {
            let flat = flat(screen);
            flat.contains("Withdraw WT/") && flat.contains("for Ottoline Brackenbury (Recalled by the court)?")
        });
        term.send(b"\r");
        term.wait_for("saved", step);
        term.quit();
    });
    let (status, warrant) = s.get(&token, &format!("/warrants/{id}?reason=withdrawal%20check")).await;
    assert_eq!(status, 200, "{warrant}");
    assert_eq!(warrant["details"]["status"], "withdrawn");
    assert_eq!(warrant["details"]["closure"]["reason"], "Recalled by the court: Recalled at the hearing this morning");
}

/// The screen's words in one line, as a wrapped dialog means them.
fn flat(screen: &str) -> String {
    screen.replace(['│', '┃'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}
