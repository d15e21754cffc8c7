//! The status bar: the live badge and how fresh the data is, the mode the
//! pane on screen is in with what Enter and Esc do there, the message, and
//! the keys in force (read from the keymap for that pane and mode), as
//! many as fit.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::client::ConnectionState;
use crate::console::action::Command;
use crate::console::state::{Level, Overlay, State};
use crate::console::ui::Ui;
use crate::console::update::{registry, Mode};

/// The connection state in words and a symbol, so it reads without colour:
/// LIVE only while the stream is connected (and so has heard from the
/// server within `client::LIVE_WITHIN`); otherwise how long since the data
/// was last known current.
pub fn connection_label(state: &State) -> (String, &'static str) {
    let since = || match state.live.updated_at {
        Some(at) => format!(" · last heard {} ago", crate::console::format::span(state.now - at)),
        None => String::new(),
    };
    match &state.live.connection {
        ConnectionState::Connected => ("● LIVE".to_string(), "status.live"),
        ConnectionState::Connecting if !state.live.ever_connected => ("◌ connecting".to_string(), "status"),
        ConnectionState::Connecting => (format!("▲ RECONNECTING{}", since()), "status.stale"),
        ConnectionState::Reconnecting { retry_in, .. } => {
            (format!("▲ RECONNECTING{} · retry {}s", since(), retry_in.as_secs().max(1)), "status.stale")
        }
        ConnectionState::Closed { .. } => (format!("✖ OFFLINE{}", since()), "status.error"),
    }
}

/// The mode of what has the keys: a dialog's, or the pane's.
pub fn mode(state: &State) -> Mode {
    let dialog = |name, enter, esc| Mode { name, enter: Some(enter), esc: Some(esc) };
    match &state.overlay {
        Overlay::None => registry::pane(state.pane).mode(state),
        Overlay::Help => Mode { name: "HELP", enter: None, esc: Some("close") },
        Overlay::Palette { .. } => dialog("COMMAND", "run", "close"),
        Overlay::ConfirmQuit => Mode { name: "QUIT?", enter: None, esc: Some("stay") },
        Overlay::Reason(_) => dialog("REASON", "open", "cancel"),
        Overlay::Picker(_) => dialog("PICK", "choose", "keep the filter"),
        _ => dialog("FORM", "send", "cancel"),
    }
}

/// The keys of the keymap in force, most useful first; none while typing
/// (printable keys type then, and the mode names Enter and Esc).
fn hints(state: &State, ui: &Ui, mode: &Mode) -> Vec<String> {
    if mode.typing() || state.overlay != Overlay::None {
        return Vec::new();
    }
    let pane = registry::pane(state.pane);
    let scope = pane.scope();
    let mut hints = Vec::new();
    let (enter_box, doc) = pane.box_command();
    if let Some(key) = ui.keymap.key_for(scope, enter_box).filter(|_| pane.list(state).is_some()) {
        hints.push(format!("{key} {doc}"));
    }
    for (command, doc) in [(Command::Help, "help"), (Command::Palette, "command"), (Command::Quit, "quit")] {
        hints.push(format!("{} {doc}", ui.key(scope, command)));
    }
    hints
}

fn key_name(ui: &Ui, state: &State, command: Command, fallback: &str) -> String {
    ui.keymap.key_for(registry::pane(state.pane).scope(), command).unwrap_or_else(|| fallback.to_string())
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let (label, style) = connection_label(state);
    let mut spans = vec![Span::styled(format!(" {label} "), ui.style(style))];
    let mode = mode(state);
    spans.push(Span::styled(format!(" {} ", mode.name), ui.style("key")));
    if let Some(enter) = mode.enter {
        spans.push(Span::styled(format!("Enter {enter} "), ui.style("status")));
    }
    if let Some(esc) = mode.esc {
        // Over a list Esc is the keymap's `back`; in a box or dialog it is Esc.
        let key = if mode.typing() || state.overlay != Overlay::None {
            "Esc".to_string()
        } else {
            key_name(ui, state, Command::Back, "Esc")
        };
        spans.push(Span::styled(format!("{key} {esc} "), ui.style("status")));
    }
    if let Some(message) = &state.message {
        let style = match message.level {
            Level::Error => ui.style("status.error"),
            Level::Info => ui.style("status"),
        };
        let symbol = if message.level == Level::Error { "✖ " } else { "" };
        spans.push(Span::styled(format!(" {symbol}{} ", message.text), style));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(area.width).saturating_sub(used);
    // As many hints as fit, in order.
    let mut hint = String::new();
    for h in hints(state, ui, &mode) {
        if hint.chars().count() + h.chars().count() + 2 > room {
            break;
        }
        hint.push(' ');
        hint.push_str(&h);
        hint.push(' ');
    }
    let hint = Span::styled(hint, ui.style("hint"));
    frame.render_widget(Block::default().style(ui.style("status")), area);
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(hint.width() as u16)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), left_area);
    frame.render_widget(Paragraph::new(hint), right_area);
}
