//! Moving about a record view: the arrows scroll line by line until the
//! custody log comes into sight, then choose its entries one by one (the
//! view following the chosen entry); a page scrolls; Home goes to the top
//! and End to the last line, never past it. Enter shows an entry whole.

use crate::console::record::{self, ViewLine};
use crate::console::state::State;

/// A jump this long is Home or End, not a page.
const JUMP: isize = 1_000_000;

/// The scroll position and chosen entry after moving by `delta` in a view
/// `height` lines high; None when no record is open.
pub fn moved(state: &State, delta: isize, height: usize) -> Option<(u16, Option<usize>)> {
    let view = state.event.as_ref()?;
    let lines = record::lines(state, view, width(state));
    let entries = record::entry_count(view);
    let last_scroll = lines.len().saturating_sub(height);
    let scroll = usize::from(view.scroll).min(last_scroll);
    let (scroll, entry) = match delta {
        d if d <= -JUMP => (0, None),
        d if d >= JUMP => (last_scroll, entries.checked_sub(1)),
        1 | -1 if entries > 0 => step(&lines, view.entry, delta, scroll, height, entries),
        d => (scroll.saturating_add_signed(d).min(last_scroll), view.entry),
    };
    Some((to_u16(record::clamp_scroll(scroll, lines.len(), height)), entry))
}

/// One arrow press on a record with a log.
fn step(
    lines: &[ViewLine],
    chosen: Option<usize>,
    delta: isize,
    scroll: usize,
    height: usize,
    entries: usize,
) -> (usize, Option<usize>) {
    let first_entry_line = lines.iter().position(|l| l.entry == Some(0)).unwrap_or(lines.len());
    let entry = match (chosen, delta > 0) {
        // Reading down to the log: choose its first entry once it is in sight.
        (None, true) if first_entry_line < scroll + height => Some(0),
        (None, true) => return (scroll + 1, None),
        (None, false) => return (scroll.saturating_sub(1), None),
        (Some(0), false) => return (scroll.saturating_sub(1), None),
        (Some(i), false) => Some(i - 1),
        (Some(i), true) if i + 1 < entries => Some(i + 1),
        // The last entry: scroll on to the end of its text.
        (Some(i), true) => return (scroll + 1, Some(i)),
    };
    let at = entry.map_or(scroll, |e| record::scroll_to_entry(lines, e, scroll, height));
    (at, entry)
}

/// Enter: the chosen entry shown whole or back in its line (the first
/// entry chosen if none is), kept in sight.
pub fn toggle_entry(state: &mut State, height: usize) {
    let width = width(state);
    let Some(view) = state.event.as_mut() else { return };
    if record::entry_count(view) == 0 {
        return;
    }
    let entry = *view.entry.get_or_insert(0);
    record::toggle(&mut view.expanded, entry);
    let scroll = state.event.as_ref().map(|view| {
        let lines = record::lines(state, view, width);
        let scroll = record::scroll_to_entry(&lines, entry, usize::from(view.scroll), height);
        to_u16(record::clamp_scroll(scroll, lines.len(), height))
    });
    if let (Some(view), Some(scroll)) = (state.event.as_mut(), scroll) {
        view.scroll = scroll;
    }
}

/// The width the record view lays its lines out to (inside its border).
fn width(state: &State) -> usize {
    usize::from(state.size.0.saturating_sub(2))
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}
