//! `render`: draws the whole screen from the state, and nothing else. The
//! tab bar, the pane (drawn by its `Pane`, found in the registry), the
//! status bar (`panes/status_bar.rs`), and any dialog on top.

use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use super::action::{Command, Scope};
use super::hits::Target;
use super::layout::{self, CHROME_ROWS};
use super::panes::{dialogs, login, status_bar};
use super::state::{Overlay, PaneId, Screen, State};
use super::ui::Ui;
use super::update::registry;

pub fn render(state: &State, ui: &Ui, frame: &mut Frame) {
    let area = frame.area();
    // Nothing of the last frame is left to click on.
    ui.hits.clear();
    frame.render_widget(Block::default().style(ui.style("base")), area);
    if layout::too_small(area.width, area.height) {
        too_small(ui, frame, area);
        return;
    }
    if state.screen == Screen::Login {
        login::render(state, ui, frame, area);
        return;
    }
    let [tabs, body, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
    debug_assert_eq!(CHROME_ROWS, 2);
    tab_bar(state, ui, frame, tabs);
    let pane = registry::pane(state.pane);
    pane.render(state, ui, frame, body);
    status_bar::render(state, ui, frame, status);
    // What quitting would lose is asked only when the question is on screen.
    let unsaved = if state.overlay == Overlay::ConfirmQuit { registry::unsaved_work(state) } else { Vec::new() };
    let under = dialogs::Under { scope: pane.scope(), title: pane.title(), unsaved };
    dialogs::render(state, ui, frame, body, &under);
    for pane in registry::all() {
        pane.render_dialog(state, ui, frame, body);
    }
}

fn too_small(ui: &Ui, frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::styled("Terminal too small", ui.style("alert")),
        Line::raw(format!(
            "{}×{}: Bluelamp needs at least {}×{}.",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        )),
        Line::raw("Enlarge the window; Ctrl-C quits."),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let rect = Rect { y: area.y + top, height: area.height.saturating_sub(top).min(3), ..area };
    frame.render_widget(Paragraph::new(text).alignment(Alignment::Center).wrap(Wrap { trim: true }), rect);
}

/// The tab bar: the name, each pane's key and title (the one on screen
/// lit), and who is logged in on the right. Where it does not all fit, the
/// name gives way first, then the titles of the tabs not lit, the farthest
/// from the lit one first (their keys stay), so no tab is ever cut into by
/// the user's name.
fn tab_bar(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let user = state.session.as_ref().map(|s| s.username.as_str()).unwrap_or("not logged in");
    let right = Span::styled(format!("{user} "), ui.style("dim"));
    let room = usize::from(area.width).saturating_sub(right.width() + 1);
    let panes: Vec<_> = registry::tabs().collect();
    // A record opened from a pane keeps that pane's tab lit.
    let lit = |id: PaneId| {
        state.pane == id || (state.pane == PaneId::Event && state.event.as_ref().is_some_and(|v| v.return_to == id))
    };
    let at = panes.iter().position(|p| lit(p.id())).unwrap_or(0);
    // The tabs by how near they are to the lit one.
    let mut nearest: Vec<usize> = (0..panes.len()).collect();
    nearest.sort_by_key(|i| (i.abs_diff(at), *i));
    // `titled` tabs nearest the lit one show their titles.
    // Each tab's span with the pane it shows, for the mouse.
    let tabs = |brand: bool, titled: usize| -> Vec<(Span<'static>, Option<PaneId>)> {
        let mut spans = Vec::new();
        if brand {
            spans.push((Span::styled(" Bluelamp ", ui.style("title")), None));
        }
        for (i, pane) in panes.iter().enumerate() {
            let id = pane.id();
            let key = ui.keymap.key_for(Scope::Global, Command::Show(id)).unwrap_or_default();
            let active = lit(id);
            let style = if active { ui.style("tab.active") } else { ui.style("tab") };
            spans.push((Span::raw(" "), None));
            let text = if nearest[..titled].contains(&i) || active { format!("{key} {}", pane.title()) } else { key };
            spans.push((Span::styled(text, style), Some(id)));
        }
        spans
    };
    let fits = |spans: &Vec<(Span, Option<PaneId>)>| spans.iter().map(|(s, _)| s.width()).sum::<usize>() <= room;
    let all = panes.len();
    let tabbed = std::iter::once((true, all))
        .chain((0..=all).rev().map(|titled| (false, titled)))
        .map(|(brand, titled)| tabs(brand, titled))
        .find(fits)
        .unwrap_or_else(|| tabs(false, 0));
    let mut x = area.x;
    let mut spans = Vec::with_capacity(tabbed.len());
    for (span, pane) in tabbed {
        let width = u16::try_from(span.width()).unwrap_or(u16::MAX);
        if let Some(id) = pane {
            ui.hits.add(Rect { x, y: area.y, width, height: 1 }, Target::Tab(id));
        }
        x = x.saturating_add(width);
        spans.push(span);
    }
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(right.width() as u16)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), left_area);
    frame.render_widget(Paragraph::new(right), right_area);
}
