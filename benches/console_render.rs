//! Console render figures: the detainee board with 300 detainees, the
//! warrant queue with 5,000 warrants, key-press-to-frame latency and the
//! console's resident memory. Prints figures; asserts nothing.
//!
//! Run with `cargo bench --bench console_render`.

use std::time::{Duration, Instant};

use bluelamp::api::EventPage;
use bluelamp::console::action::{Action, Command, ListId};
use bluelamp::console::keymap::Keymap;
use bluelamp::console::render::{render, Ui};
use bluelamp::console::state::{PaneId, Screen, Session, State};
use bluelamp::console::theme::Theme;
use bluelamp::console::update::update;
use bluelamp::domain::event::{Event, EventDetails, EventKind};
use bluelamp::domain::role::{Role, Roles};
use bluelamp::seed::{Generator, SeedConfig};
use chrono::Utc;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// `n` records of `kind` from a seeded London, copied with fresh ids where the seed has fewer.
fn records(kind: EventKind, n: usize, open_custody_only: bool) -> Vec<Event> {
    let now = Utc::now();
    let mut generator = Generator::new(SeedConfig { persons: 60_000, seed: 5, now });
    let mut found = Vec::new();
    while let Some(batch) = generator.next_batch(5_000) {
        found.extend(batch.events.into_iter().filter(|e| {
            e.kind == kind
                && (!open_custody_only || matches!(&e.details, EventDetails::Custody(_)) && e.details.is_open())
        }));
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut e = found[i % found.len()].clone();
        e.id = format!("{}-{i}", e.id);
        if let EventDetails::Custody(d) = &mut e.details {
            d.cell = format!("C{}", i % 40 + 1);
        }
        out.push(e);
    }
    out
}

fn state(size: (u16, u16)) -> State {
    let now = Utc::now();
    let mut state = State::new("http://127.0.0.1:8700", now);
    state.size = size;
    state.screen = Screen::Main;
    state.session = Some(Session {
        username: "ps.bench".into(),
        roles: Roles(vec![Role::CustodySergeant, Role::ControlRoom]),
        expires_at: now + chrono::Duration::hours(8),
    });
    state
}

fn frame_times(state: &mut State, ui: &Ui, frames: usize, key: Option<Command>) -> Vec<Duration> {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let mut out = Vec::with_capacity(frames);
    for _ in 0..frames {
        let t = Instant::now();
        if let Some(command) = key {
            update(state, Action::Command(command));
        }
        terminal.draw(|f| render(state, ui, f)).expect("draw");
        out.push(t.elapsed());
    }
    out
}

fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    format!("p50 {}  p95 {}  p99 {}  max {}", ms(at(0.5)), ms(at(0.95)), ms(at(0.99)), ms(samples[samples.len() - 1]))
}

fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse::<f64>().ok().map(|kb| kb / 1024.0)
}

fn main() {
    let ui = Ui { theme: Theme::builtin("dark").expect("theme"), keymap: Keymap::builtin("default").expect("keymap") };

    let detainees = records(EventKind::Custody, 300, true);
    let mut board = state((160, 50));
    update(
        &mut board,
        Action::ListLoaded { list: ListId::Board, result: Ok(EventPage { items: detainees, next: None }) },
    );
    board.pane = PaneId::Board;
    println!("detainee board, 300 detainees, 160x50: {}", summary(frame_times(&mut board, &ui, 300, None)));
    println!(
        "detainee board, key press (down) to frame:  {}",
        summary(frame_times(&mut board, &ui, 300, Some(Command::Down)))
    );

    let warrants = records(EventKind::Warrant, 5_000, false);
    let mut queue = state((160, 50));
    update(
        &mut queue,
        Action::ListLoaded { list: ListId::Warrants, result: Ok(EventPage { items: warrants, next: None }) },
    );
    queue.pane = PaneId::Warrants;
    println!("warrant queue, 5,000 warrants, 160x50:     {}", summary(frame_times(&mut queue, &ui, 300, None)));
    println!(
        "warrant queue, key press (page down) to frame: {}",
        summary(frame_times(&mut queue, &ui, 300, Some(Command::PageDown)))
    );
    if let Some(rss) = rss_mib() {
        println!("resident memory with both panes loaded: {rss:.0} MiB");
    }
}
