//! Console render figures: the detainee board with 300 detainees, the
//! warrant queue with 50,000 warrants loaded, the incident board with
//! 2,000 open incidents, key-press-to-frame latency and the console's
//! resident memory. Prints figures; asserts nothing.
//! (`bluelamp bench warrants` times the same pane fed page by page from a
//! real server.)
//!
//! Run with `cargo bench --bench console_render`.

use std::time::{Duration, Instant};

use bluelamp::api::incidents::{IncidentBoard, IncidentRow};
use bluelamp::api::warrants::QueueRow;
use bluelamp::api::EventPage;
use bluelamp::console::action::{Action, Command, ListId};
use bluelamp::console::keymap::Keymap;
use bluelamp::console::render::render;
use bluelamp::console::state::{PaneId, Screen, Session, State};
use bluelamp::console::theme::Theme;
use bluelamp::console::ui::Ui;
use bluelamp::console::update::update;
use bluelamp::domain::event::{Event, EventDetails, EventKind, WarrantKind, WarrantStatus};
use bluelamp::domain::incident::Clock;
use bluelamp::domain::role::{Role, Roles};
use bluelamp::seed::{Generator, SeedConfig};
use chrono::Utc;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// `n` records of `kind` from a seeded London, copied with fresh ids where the seed has fewer.
fn records(kind: EventKind, n: usize, open_only: bool) -> Vec<Event> {
    let now = Utc::now();
    let mut generator = Generator::new(SeedConfig { persons: 60_000, seed: 5, now });
    let mut found = Vec::new();
    while let Some(batch) = generator.next_batch(5_000) {
        found.extend(batch.events.into_iter().filter(|e| e.kind == kind && (!open_only || e.details.is_open())));
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

/// `n` queue rows, highest score first, as the server sends them.
fn queue_rows(n: usize) -> Vec<QueueRow> {
    let today = Utc::now().date_naive();
    (0..n)
        .map(|i| {
            let score = 100 - (i * 95 / n) as i32;
            QueueRow {
                id: format!("wt-{i:06}"),
                reference: format!("WT/BENCH/{i:07}"),
                version: 3,
                warrant_kind: WarrantKind::ALL[i % WarrantKind::ALL.len()],
                status: WarrantStatus::Circulated,
                offence: ["Robbery", "Burglary (dwelling)", "Theft from a shop", "Fine default"][i % 4].into(),
                issuing_court: "Westminster Magistrates' Court".into(),
                issued_on: today - chrono::Duration::days((i % 900) as i64),
                borough: Some("Lambeth".into()),
                person_id: format!("p-{i}"),
                person_name: format!("Person {i} SURNAME"),
                name_order: String::new(),
                allocated_to: (i % 3 == 0).then(|| format!("officer.{:02}", i % 40)),
                attempts: i % 4,
                score,
                reasons: vec![
                    "high seriousness offence: robbery (+40)".into(),
                    "violence (+25)".into(),
                    format!("outstanding {} days (+{})", i % 900, (i % 900) / 30),
                ],
                flags: bluelamp::domain::person::Flags { wanted: true, ..Default::default() },
                held_at: None,
            }
        })
        .collect()
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
        idle_timeout: chrono::Duration::minutes(30),
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
    let ui = Ui::new(Theme::builtin("dark").expect("theme"), Keymap::builtin("default").expect("keymap"), true);

    let detainees = records(EventKind::Custody, 300, true);
    let mut board = state((160, 50));
    update(
        &mut board,
        Action::ListLoaded {
            list: ListId::Board,
            result: Ok(EventPage { items: detainees, next: None, ..Default::default() }),
        },
    );
    board.pane = PaneId::Board;
    println!("detainee board, 300 detainees, 160x50: {}", summary(frame_times(&mut board, &ui, 300, None)));
    println!(
        "detainee board, key press (down) to frame:  {}",
        summary(frame_times(&mut board, &ui, 300, Some(Command::Down)))
    );

    // The queue as the server pages it: 50,000 rows in priority order, all
    // loaded (the worst case for a frame: every page already fetched).
    let mut queue = state((160, 50));
    queue.warrants.rows.items = queue_rows(50_000);
    queue.warrants.rows.total = 50_000;
    queue.warrants.rows.loaded = true;
    queue.pane = PaneId::Warrants;
    println!("warrant queue, 50,000 warrants, 160x50:    {}", summary(frame_times(&mut queue, &ui, 300, None)));
    println!(
        "warrant queue, key press (page down) to frame: {}",
        summary(frame_times(&mut queue, &ui, 1_000, Some(Command::PageDown)))
    );
    println!(
        "warrant queue, key press (down) to frame:      {}",
        summary(frame_times(&mut queue, &ui, 1_000, Some(Command::Down)))
    );
    println!("(page fetches against a real server: `bluelamp bench warrants`)");

    // The incident board on a very busy night: 2,000 open incidents, each
    // with its clock worked out as the frame is drawn.
    let mut incidents = state((160, 50));
    let rows = records(EventKind::Incident, 2_000, true)
        .into_iter()
        .filter_map(|event| match &event.details {
            EventDetails::Incident(d) => Some(IncidentRow { clock: Clock::of(d), event, people: Vec::new() }),
            _ => None,
        })
        .collect();
    update(&mut incidents, Action::IncidentsLoaded(Ok(IncidentBoard { at: Utc::now(), rows })));
    incidents.pane = PaneId::Incidents;
    println!("incident board, 2,000 open incidents, 160x50: {}", summary(frame_times(&mut incidents, &ui, 300, None)));
    println!(
        "incident board, key press (down) to frame:     {}",
        summary(frame_times(&mut incidents, &ui, 1_000, Some(Command::Down)))
    );
    if let Some(rss) = rss_mib() {
        println!("resident memory with the three panes loaded: {rss:.0} MiB");
    }
}
