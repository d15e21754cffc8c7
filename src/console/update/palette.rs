//! The command palette, k9s-style: `:warrants`, `:custody brixton`,
//! `:subject smith`. A line becomes state changes and effects: the words
//! are the palette's own table (help lists them in this order), and what
//! each does to its pane is the pane's. Any pane with a tab is also
//! reached by its name (`:review`).

use super::commands::{self, filtered, switch_pane};
use super::common::error_message;
use super::registry::{self, reselect_all};
use super::{asb, board, decision, lookup, warrant_queue};
use crate::console::action::{Command, PALETTE_COMMANDS};
use crate::console::effect::Effect;
use crate::console::state::{LookupFocus, Overlay, PaneId, State};
use crate::domain::boroughs;

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
        "subject" | "s" | "lookup" | "search" => {
            let mut effects = switch_pane(state, PaneId::Lookup);
            if !arg.is_empty() {
                state.lookup.query = arg;
                effects.extend(lookup::search(state));
            }
            state.lookup.focus = LookupFocus::Input;
            effects
        }
        "custody" | "board" => {
            let effects = switch_pane(state, PaneId::Board);
            if arg.is_empty() || arg == "all" {
                state.board.suite = None;
            } else if !board::select_suite(state, &arg) {
                if state.board.suites.is_empty() {
                    state.board.pending_suite = Some(arg);
                } else {
                    state.message = Some(error_message(state, format!("no custody suite matches '{arg}'")));
                }
            }
            reselect_all(state);
            effects
        }
        "warrants" | "w" => {
            let mut effects = switch_pane(state, PaneId::Warrants);
            if !arg.is_empty() {
                match boroughs::canonical(&arg) {
                    Some(borough) => {
                        state.warrants.borough = Some(borough.to_string());
                        // The server filters by borough: ask again.
                        effects = warrant_queue::refilter(state);
                    }
                    None => {
                        state.warrants.rows.list.filter = arg;
                        effects.extend(filtered(state));
                        return effects;
                    }
                }
            }
            reselect_all(state);
            effects
        }
        "cases" | "c" => {
            let effects = switch_pane(state, PaneId::Cases);
            if !arg.is_empty() {
                state.cases.rows.list.filter = arg;
            }
            reselect_all(state);
            effects
        }
        "intelligence" | "intel" => {
            let effects = switch_pane(state, PaneId::Intelligence);
            state.intelligence.list.filter = arg;
            // The server finds the reports by the words.
            effects.into_iter().chain(filtered(state)).collect()
        }
        "safeguarding" | "sg" => {
            let effects = switch_pane(state, PaneId::Safeguarding);
            state.safeguarding.list.filter = arg;
            reselect_all(state);
            effects
        }
        "asb" => {
            let mut effects = switch_pane(state, PaneId::Asb);
            match boroughs::canonical(&arg) {
                _ if arg.is_empty() || arg == "all" => {
                    if state.asb.borough.take().is_some() {
                        effects = asb::show_borough(state, None);
                    }
                }
                Some(borough) => effects = asb::show_borough(state, Some(borough.to_string())),
                None => {
                    state.message = Some(error_message(state, format!("'{arg}' is not a London borough")));
                }
            }
            effects
        }
        "profile" | "p" => switch_pane(state, PaneId::Profile),
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
        // Any pane with a tab, by its name (`:review`).
        word => match registry::tabs().map(|p| p.id()).find(|id| id.name() == word) {
            Some(pane) => switch_pane(state, pane),
            None => {
                let known: Vec<&str> =
                    PALETTE_COMMANDS.iter().map(|(c, _)| c.split_whitespace().next().unwrap_or(c)).collect();
                state.overlay = Overlay::Palette {
                    input: line.to_string(),
                    error: Some(format!("unknown command ':{name}' (commands: {})", known.join(", "))),
                };
                Vec::new()
            }
        },
    }
}
