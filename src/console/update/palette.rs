//! The command palette, k9s-style: `:warrants`, `:custody brixton`,
//! `:subject smith`. A line becomes state changes and effects: a pane's
//! words and what its argument does are the pane's (its `About` and its
//! `palette` method); the console's own words (split, refresh, help, quit)
//! are here. Any pane with a tab is also reached by its name (`:review`).

use super::commands::{self, switch_pane};
use super::decision;
use super::registry::{self, reselect_all};
use crate::console::action::Command;
use crate::console::effect::Effect;
use crate::console::state::{Overlay, State};

/// Runs one palette line. An unknown command leaves the palette open with
/// the error, so the operator can correct it.
pub fn run(state: &mut State, line: &str) -> Vec<Effect> {
    let line = line.trim().trim_start_matches(':').trim();
    let (name, arg) = match line.split_once(char::is_whitespace) {
        Some((name, arg)) => (name.to_lowercase(), arg.trim().to_string()),
        None => (line.to_lowercase(), String::new()),
    };
    state.overlay = Overlay::None;
    match name.as_str() {
        "" => Vec::new(),
        "split" => match arg.split_once(char::is_whitespace) {
            Some((source, reference)) => decision::prompt_split(state, source.trim(), reference.trim()),
            None => {
                state.overlay = Overlay::Palette {
                    input: line.to_string(),
                    error: Some("give the source and the reference: :split crime CR00000042".into()),
                };
                Vec::new()
            }
        },
        "refresh" => commands::command(state, Command::Refresh),
        "help" => commands::command(state, Command::Help),
        "q" | "quit" => commands::command(state, Command::Quit),
        "q!" | "quit!" => commands::command(state, Command::ForceQuit),
        // A pane's word: its own, or its name if it has a tab (`:review`).
        word => match registry::palette_pane(word) {
            Some(pane) => {
                let switched = switch_pane(state, pane.id());
                let effects = pane.palette(state, &arg, switched);
                reselect_all(state);
                effects
            }
            None => {
                let commands = registry::palette_commands();
                let known: Vec<&str> = commands.iter().map(|(c, _)| c.split_whitespace().next().unwrap_or(c)).collect();
                state.overlay = Overlay::Palette {
                    input: line.to_string(),
                    error: Some(format!("unknown command ':{name}' (commands: {})", known.join(", "))),
                };
                Vec::new()
            }
        },
    }
}
