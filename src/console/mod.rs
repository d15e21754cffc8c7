//! The operational console: a keyboard-driven terminal app over the API,
//! in the Elm shape. `state/` is plain data (one file per pane's state);
//! `action.rs` is everything that can happen (with the commands every pane
//! shares); `update/` turns an action into state
//! changes and `effect.rs` effects, without I/O; `runtime.rs` performs the
//! effects (a desk's reads are its pane's own, run through `desks.rs`);
//! `render.rs` draws the state through `panes/`; `router.rs` turns
//! keys into actions. Files import each other one way only (a test in
//! `tests/structure.rs` reads the sources and fails on a circle).
//!
//! Each pane is a `Pane` (`update/pane.rs`): its update in one file under
//! `update/`, its drawing in one under `panes/`, its state in one under
//! `state/`, and one line in `pane_list.rs`, from which `state/mod.rs`
//! makes `PaneId` and the pane's field in `State`, and `update/registry.rs`
//! the table of panes. The dispatcher, the renderer, the router and the
//! keymap ask the registry, never match on the pane. What a pane is
//! (`About`) travels with it: its title, its tab, its own commands with
//! their default keys (`Command::Own`), and the live topics it follows;
//! its keymap table is named like it, and its tab's key is its place.
//!
//! # Adding a pane
//!
//! A pane is its own files and one line in `pane_list.rs`: its state in
//! `state/`, its `Pane` in `update/` (with its palette words, its reads
//! from the server as a `desks::DeskRead` of its own type, and its forms
//! as its own types in `Overlay::Form`), its drawing in `panes/`, and a
//! `mod` line beside each. `docs/console.md` walks through the bail pane,
//! the first added this way, file by file.

pub mod action;
pub mod case_watch;
pub mod config;
pub mod config_error;
pub mod ctl_view;
pub mod custody_view;
pub mod desks;
pub mod effect;
pub mod entity_load;
pub mod format;
pub mod hits;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod mouse;
mod pane_list;
pub mod panes;
pub mod queue_rows;
pub mod record;
pub mod render;
pub mod router;
pub mod runtime;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod update;
pub mod views;

use std::path::PathBuf;

use anyhow::Context;
use chrono::Utc;
use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;

use crate::client::{credentials, Client};
use action::Action;
use keymap::Keymap;
use router::Router;
use runtime::Runner;
use state::{Screen, State};
use theme::Theme;
use ui::Ui;

/// What the console starts with (from the command line).
#[derive(Debug, Clone, Default)]
pub struct ConsoleOptions {
    pub server: String,
    pub token: Option<String>,
    pub theme: Option<String>,
    pub keymap: Option<String>,
    /// Certificate authorities to trust besides the system's (PEM).
    pub ca_cert: Option<PathBuf>,
}

/// Loads keymap and theme, failing with the file, line and column of any
/// mistake (before the terminal is taken over, so the error is readable).
pub fn load_ui(options: &ConsoleOptions, config_dir: Option<&std::path::Path>) -> anyhow::Result<Ui> {
    // Config errors keep their type, so they are printed with their caret.
    let config = config::load(config_dir)?;
    let keymap_name = options.keymap.as_deref().or(config.keymap.as_deref()).unwrap_or("default");
    let keymap = Keymap::load(keymap_name, config_dir)?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme_name = theme::choose(options.theme.as_deref(), config.theme.as_deref(), no_color);
    let theme = Theme::load(&theme_name, config_dir)?;
    Ok(Ui::new(theme, keymap, config.mouse.unwrap_or(true)))
}

/// Runs the console until the operator quits.
pub async fn run(options: ConsoleOptions) -> anyhow::Result<()> {
    let config_dir: Option<PathBuf> = credentials::config_dir();
    let ui = load_ui(&options, config_dir.as_deref())?;
    let client =
        Client::trusting(&options.server, options.ca_cert.as_deref()).context("cannot use that server address")?;
    let token = match &options.token {
        Some(token) => Some(token.clone()),
        None => credentials::resolve(Some(client.server()), Utc::now()).map(|r| r.token).unwrap_or_default(),
    };

    let mut state = State::new(client.server(), Utc::now());
    // Recent reasons are kept in memory only; a list an older console
    // wrote to disk in plain text is removed.
    config::forget_saved_reasons(config_dir.as_deref());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Action>();
    let mut runner = Runner::new(client.clone(), tx.clone(), config_dir.clone());
    if let Some(token) = token {
        runner = Runner::new(client.with_token(token), tx.clone(), config_dir.clone());
        state.screen = Screen::Main;
        runner.run(effect::Effect::CheckSession);
    }
    let mut router = Router::new(ui.keymap.clone());

    let (_guard, mut terminal) = terminal::TerminalGuard::enter(ui.mouse).context("cannot open the terminal")?;
    if let Ok(size) = terminal.size() {
        state.size = (size.width, size.height);
    }
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut signals = Signals::new()?;

    loop {
        terminal.draw(|frame| render::render(&state, &ui, frame)).context("cannot draw")?;
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(TermEvent::Key(key))) => router.route(&state, key),
                Some(Ok(TermEvent::Resize(width, height))) => Some(Action::Resize(width, height)),
                Some(Ok(TermEvent::Mouse(event))) => mouse::action(&state, &ui, event),
                Some(Ok(_)) => None,
                // The terminal is gone: nothing more can be shown.
                Some(Err(_)) | None => Some(Action::Command(action::Command::ForceQuit)),
            },
            Some(action) = rx.recv() => Some(action),
            _ = tick.tick() => Some(Action::Tick(Utc::now())),
            _ = signals.recv() => Some(Action::Command(action::Command::ForceQuit)),
        };
        if let Some(action) = action {
            // Results carry no time: read the clock for them too.
            state.now = Utc::now();
            for effect in update::update(&mut state, action) {
                runner.run(effect);
            }
        }
        if state.quit {
            break;
        }
    }
    runner.shutdown();
    Ok(())
}

/// SIGTERM and SIGHUP, which become a clean quit.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> anyhow::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Self { term: signal(SignalKind::terminate())?, hup: signal(SignalKind::hangup())? })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.hup.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests;
