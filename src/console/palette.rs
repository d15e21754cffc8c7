//! The command palette, k9s-style: `:warrants`, `:custody brixton`,
//! `:subject smith`. A line becomes state changes and effects.

use super::action::Command;
use super::effect::Effect;
use super::state::{Overlay, PaneId, State};
use super::update;
use crate::domain::boroughs;

/// The commands, for the error that lists them and for help.
pub const COMMANDS: &[(&str, &str)] = &[
    ("subject TEXT", "look a subject up (also :s, :lookup)"),
    ("custody [SUITE]", "detainee board, one suite or all (also :board)"),
    ("warrants [BOROUGH]", "warrant queue, optionally one borough"),
    ("cases [TEXT]", "case status, optionally filtered"),
    ("profile", "the open subject profile"),
    ("review", "the review queue of possible matches"),
    ("split SOURCE REF", "take a merged record back out of its person"),
    ("refresh", "reload the current pane"),
    ("help", "the keys of this pane"),
    ("quit", "quit"),
];

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
            let mut effects = update::switch_pane(state, PaneId::Lookup);
            if !arg.is_empty() {
                state.lookup.query = arg;
                effects.extend(update::search(state));
            }
            state.lookup.focus = super::state::LookupFocus::Input;
            effects
        }
        "custody" | "board" => {
            let mut effects = update::switch_pane(state, PaneId::Board);
            if arg.is_empty() || arg == "all" {
                state.board.suite = None;
            } else if !select_suite(state, &arg) {
                if state.board.suites.is_empty() {
                    state.board.pending_suite = Some(arg);
                } else {
                    state.message = Some(update::error_message(state, format!("no custody suite matches '{arg}'")));
                }
            }
            effects.extend(update::reselect_all(state));
            effects
        }
        "warrants" | "w" => {
            let mut effects = update::switch_pane(state, PaneId::Warrants);
            if !arg.is_empty() {
                match boroughs::canonical(&arg) {
                    Some(borough) => {
                        state.warrants.borough = Some(borough.to_string());
                        // The server filters by borough: ask again.
                        effects = super::warrant_work::refilter(state);
                    }
                    None => {
                        state.warrants.rows.list.filter = arg;
                        effects.extend(update::filtered(state));
                        return effects;
                    }
                }
            }
            update::reselect_all(state);
            effects
        }
        "cases" | "c" => {
            let effects = update::switch_pane(state, PaneId::Cases);
            if !arg.is_empty() {
                state.cases.rows.list.filter = arg;
            }
            update::reselect_all(state);
            effects
        }
        "profile" | "p" => update::switch_pane(state, PaneId::Profile),
        // ---- review queue ----
        "review" => update::switch_pane(state, PaneId::Review),
        "split" => match arg.split_once(char::is_whitespace) {
            Some((source, reference)) => super::review::prompt_split(state, source.trim(), reference.trim()),
            None => {
                state.overlay = Overlay::Palette {
                    input: line.to_string(),
                    error: Some("give the source and the reference: :split crime CR00000042".into()),
                };
                Vec::new()
            }
        },
        "refresh" => update::command(state, Command::Refresh),
        "help" => update::command(state, Command::Help),
        "q" | "quit" => update::command(state, Command::Quit),
        "q!" | "quit!" => update::command(state, Command::ForceQuit),
        _ => {
            let known: Vec<&str> = COMMANDS.iter().map(|(c, _)| c.split_whitespace().next().unwrap_or(c)).collect();
            state.overlay = Overlay::Palette {
                input: line.to_string(),
                error: Some(format!("unknown command ':{name}' (commands: {})", known.join(", "))),
            };
            Vec::new()
        }
    }
}

/// Chooses the suite whose name contains `text` (case-insensitive).
pub fn select_suite(state: &mut State, text: &str) -> bool {
    let wanted = text.to_lowercase();
    let found = state.board.suites.iter().find(|s| s.name.to_lowercase().contains(&wanted) || s.id == text);
    match found {
        Some(suite) => {
            state.board.suite = Some(suite.id.clone());
            true
        }
        None => false,
    }
}
