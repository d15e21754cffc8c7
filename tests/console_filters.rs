//! The real binary in a pseudo-terminal: a filter is picked from a list
//! narrowed by typing, cleared from its picker with Delete, and every
//! filter of the pane cleared at once with X.

use crate::common;

use std::time::Duration;

use bluelamp::domain::role::Role;
use common::terminal::console_at_lookup;
use common::warrants::ottoline_wanted;
use common::{Backend, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_is_picked_and_cleared() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let token = s.login_as("op.filters", &[Role::ControlRoom]).await;
    ottoline_wanted(&s, &token).await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config dir");
    let step = Duration::from_secs(10);
    tokio::task::block_in_place(|| {
        let mut term = console_at_lookup(&server, &token, config.path());
        term.send(b"\x1bOS"); // F4: the warrant queue
        term.wait_for("Ottoline Brackenbury", step);
        // b opens the borough picker; typing narrows it, Enter picks.
        term.send(b"b");
        term.wait_for("Filter: Borough", step);
        term.wait_for("all (no filter)", step);
        term.type_text("croy");
        term.wait_for("▶ Croydon", step);
        term.send(b"\r");
        term.wait_for("Borough: Croydon", step);
        term.wait_for("No outstanding warrants match.", step);
        // Opened again, Delete clears it.
        term.send(b"b");
        term.wait_for("Filter: Borough", step);
        term.send(b"\x1b[3~");
        term.wait_for("Borough: all", step);
        term.wait_for("Ottoline Brackenbury", step);
        // Two filters at once, then X clears both.
        term.send(b"w");
        term.wait_for("Filter: Warrant kind", step);
        term.type_text("bench");
        term.send(b"\r");
        term.wait_for("Kind: bench", step);
        term.send(b"b");
        term.type_text("croy");
        term.wait_for("▶ Croydon", step);
        term.send(b"\r");
        term.wait_for("No outstanding warrants match.", step);
        term.send(b"X");
        term.wait_until("every filter cleared", step, |screen| {
            screen.contains("Kind: all") && screen.contains("Borough: all") && screen.contains("Ottoline Brackenbury")
        });
        term.quit();
    });
}
