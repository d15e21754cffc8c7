//! Tab in the command palette completes what is being typed: the command
//! (a pane's word or alias, a tab's name, the console's own words), then
//! the argument its usage names — a suite for `[SUITE]`, a borough for
//! `[BOROUGH]`. One fit is taken whole; several are narrowed to what they
//! share and listed under the line. Up and Down bring back the lines run
//! before, newest first.

use super::registry;
use crate::console::action::CONSOLE_PALETTE;
use crate::console::state::{Overlay, State};
use crate::domain::boroughs::BOROUGHS;

pub fn complete(state: &mut State) {
    let Overlay::Palette { input, .. } = &state.overlay else { return };
    let typed = input.trim_start_matches(':').trim_start().to_string();
    let (done, partial, choices) = match typed.split_once(char::is_whitespace) {
        None => (String::new(), typed.clone(), commands()),
        Some((word, arg)) => (format!("{word} "), arg.trim_start().to_string(), arguments(state, word)),
    };
    let fits = fitting(&choices, &partial);
    let mut error = None;
    let line = match fits.as_slice() {
        [] => {
            error = Some(if done.is_empty() {
                format!("no command starts with '{partial}'")
            } else if choices.is_empty() {
                format!("nothing to complete after ':{}'", done.trim())
            } else {
                format!("nothing fits '{partial}'")
            });
            typed.clone()
        }
        // A command that takes an argument is followed by a space for it.
        [one] if done.is_empty() => {
            if arguments(state, one).is_empty() && !takes_text(one) {
                one.clone()
            } else {
                format!("{one} ")
            }
        }
        [one] => format!("{done}{one}"),
        several => format!("{done}{}", shared_start(several, &partial)),
    };
    state.palette.choices = if fits.len() > 1 { fits } else { Vec::new() };
    state.overlay = Overlay::Palette { input: line, error };
}

/// Up (`delta` −1) an older line, Down a newer one; past the newest, an
/// empty line.
pub fn recall(state: &mut State, delta: i32) {
    let memory = &mut state.palette;
    if memory.history.is_empty() {
        return;
    }
    let newest = memory.history.len() - 1;
    memory.recalled = match (memory.recalled, delta < 0) {
        (None, true) => Some(newest),
        (None, false) => None,
        (Some(at), true) => Some(at.saturating_sub(1)),
        (Some(at), false) => (at < newest).then_some(at + 1),
    };
    let line = memory.recalled.map(|at| memory.history[at].clone()).unwrap_or_default();
    memory.choices.clear();
    state.overlay = Overlay::Palette { input: line, error: None };
}

/// Every command word the palette knows, each once, in alphabetical order.
fn commands() -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for pane in registry::all() {
        if let Some(palette) = pane.about().palette {
            words.push(palette.word().to_string());
            words.extend(palette.aliases.iter().map(|a| a.to_string()));
        }
        if pane.about().tab.is_some() {
            words.push(pane.id().name().to_string());
        }
    }
    words.extend(CONSOLE_PALETTE.iter().map(|(usage, _)| usage.split_whitespace().next().unwrap_or(usage).to_string()));
    words.sort();
    words.dedup();
    words
}

/// The values the argument of command `word` may take, from its usage.
fn arguments(state: &State, word: &str) -> Vec<String> {
    let Some(usage) = registry::palette_pane(&word.to_lowercase()).and_then(|p| p.about().palette).map(|p| p.usage)
    else {
        return Vec::new();
    };
    if usage.contains("[SUITE]") {
        let mut suites: Vec<String> = state.board.suites.iter().map(|s| s.name.clone()).collect();
        suites.push("all".into());
        suites
    } else if usage.contains("[BOROUGH]") {
        BOROUGHS.iter().map(|b| b.to_string()).collect()
    } else {
        Vec::new()
    }
}

/// Whether command `word` takes free text (`:subject TEXT`).
fn takes_text(word: &str) -> bool {
    registry::palette_pane(word).and_then(|p| p.about().palette).is_some_and(|p| p.usage.contains(' '))
        || CONSOLE_PALETTE.iter().any(|(usage, _)| usage.starts_with(&format!("{word} ")))
}

/// The choices that start with `partial` in any case; failing those, the
/// ones holding it (`green` finds Bethnal Green).
fn fitting(choices: &[String], partial: &str) -> Vec<String> {
    let wanted = partial.to_lowercase();
    let starting: Vec<String> = choices.iter().filter(|c| c.to_lowercase().starts_with(&wanted)).cloned().collect();
    if !starting.is_empty() {
        return starting;
    }
    choices.iter().filter(|c| c.to_lowercase().contains(&wanted)).cloned().collect()
}

/// What every fit starts with, in the first fit's case; what was typed
/// when they share no more than that (fits found inside a word).
fn shared_start(fits: &[String], partial: &str) -> String {
    let first = &fits[0];
    let mut end = first.len();
    for other in &fits[1..] {
        let same = first
            .char_indices()
            .zip(other.chars())
            .find(|((_, a), b)| !a.to_lowercase().eq(b.to_lowercase()))
            .map_or(first.len().min(other.len()), |((i, _), _)| i);
        end = end.min(same);
    }
    while !first.is_char_boundary(end) {
        end -= 1;
    }
    if end < partial.len() {
        return partial.to_string();
    }
    first[..end].to_string()
}
