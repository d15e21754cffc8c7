//! The console half of `bluelamp bench warrants`: the warrant queue pane fed
//! by the real server through the real client, scrolled to the end of every
//! outstanding warrant. Times each page fetch the scrolling asks for, and
//! each key press to its frame (update and draw; the fetch runs beside the
//! frame in the console, so it is timed on its own).

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::stats::percentiles;
use super::warrants::Loaded;
use crate::client::Client;
use crate::console::action::{Action, Command};
use crate::console::effect::Effect;
use crate::console::keymap::Keymap;
use crate::console::render::render;
use crate::console::state::{PaneId, Screen, Session, State};
use crate::console::theme::Theme;
use crate::console::ui::Ui;
use crate::console::update::update;
use crate::domain::role::{Role, Roles};

/// The terminal the figures are for.
const SIZE: (u16, u16) = (160, 50);

/// Performs the queue loads an update asked for, timing each, and feeds the
/// answers back.
async fn perform(client: &Client, state: &mut State, effects: Vec<Effect>, fetches: &mut Vec<Duration>) {
    let mut pending = effects;
    while !pending.is_empty() {
        let mut next = Vec::new();
        for effect in pending {
            if let Effect::LoadQueue { seq, mut query, append } = effect {
                query.reason = Some("console render benchmark".into());
                let started = Instant::now();
                let result = client.warrant_queue(&query).await;
                fetches.push(started.elapsed());
                next.extend(update(state, Action::QueueLoaded { seq, append, result }));
            }
        }
        pending = next;
    }
}

pub async fn run(loaded: &Loaded) -> anyhow::Result<()> {
    let server = loaded.base.trim_end_matches("/api/v1");
    let client = Client::new(server)?.with_token(loaded.token.clone());
    let ui = Ui::new(
        Theme::builtin("dark").map_err(anyhow::Error::msg).context("theme")?,
        Keymap::builtin("default").map_err(anyhow::Error::msg).context("keymap")?,
        true,
    );
    let now = Utc::now();
    let mut state = State::new(server, now);
    state.size = SIZE;
    state.screen = Screen::Main;
    state.session = Some(Session {
        username: "bench.operator".into(),
        roles: Roles(vec![Role::ControlRoom]),
        expires_at: now + chrono::Duration::hours(8),
        idle_timeout: chrono::Duration::minutes(30),
    });
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1))?;
    let mut fetches = Vec::new();

    let started = Instant::now();
    let effects = update(&mut state, Action::Command(Command::Show(PaneId::Warrants)));
    perform(&client, &mut state, effects, &mut fetches).await;
    terminal.draw(|f| render(&state, &ui, f))?;
    println!(
        "console warrant queue: first screen (fetch and draw) {:.1} ms, {} outstanding",
        started.elapsed().as_secs_f64() * 1000.0,
        state.warrants.rows.total
    );

    // Page down to the very last warrant; every page the scrolling needs
    // is fetched on the way.
    let mut frames = Vec::new();
    let total = state.warrants.rows.total;
    let mut guard = 0;
    while guard < 100_000 {
        guard += 1;
        let t = Instant::now();
        let effects = update(&mut state, Action::Command(Command::PageDown));
        terminal.draw(|f| render(&state, &ui, f))?;
        frames.push(t.elapsed());
        perform(&client, &mut state, effects, &mut fetches).await;
        let at_end = state.warrants.rows.next.is_none()
            && state.warrants.rows.list.last_index + 1 >= state.warrants.rows.items.len();
        if at_end {
            break;
        }
    }
    let page_downs = frames.len();
    // Then line by line back up through the last screens, all rows loaded.
    for _ in 0..400 {
        let t = Instant::now();
        update(&mut state, Action::Command(Command::Up));
        terminal.draw(|f| render(&state, &ui, f))?;
        frames.push(t.elapsed());
    }
    let loaded_rows = state.warrants.rows.items.len();
    let fetched = fetches.len();
    let frames_figure = percentiles(&mut frames).context("no frames were timed")?;
    let fetch_figure = percentiles(&mut fetches).context("no pages were fetched")?;
    println!(
        "console warrant queue, key press to frame while scrolling {total} warrants ({page_downs} page downs, 400 ups; \
         {loaded_rows} rows loaded at the end): {frames_figure}"
    );
    println!("console warrant queue, page fetch while scrolling ({fetched} pages): {fetch_figure}");
    Ok(())
}
