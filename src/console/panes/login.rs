//! The login screen, shown when there is no valid token.

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::centered;
use crate::console::state::{LoginField, State};
use crate::console::ui::Ui;

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let login = &state.login;
    let rect = centered(area, 60, 12);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ui.style("border.focus"))
        .title(Span::styled(" Bluelamp: log in ", ui.style("title")));
    let field = |name: &str, value: String, active: bool| {
        let cursor = if active { "▏" } else { "" };
        let marker = if active { "▶ " } else { "  " };
        Line::from(vec![
            Span::styled(marker.to_string(), ui.style("key")),
            Span::styled(format!("{name:<10}"), ui.style("header")),
            Span::styled(format!("{value}{cursor}"), ui.style("input")),
        ])
    };
    let mut lines = vec![Line::styled(format!("Server {}", state.server), ui.style("dim")), Line::raw("")];
    if let Some(notice) = &login.notice {
        lines.push(Line::styled(notice.clone(), ui.style("warning")));
    }
    lines.push(field("Username", login.username.clone(), login.field == LoginField::Username));
    lines.push(field("Password", "•".repeat(login.password.chars().count()), login.field == LoginField::Password));
    lines.push(Line::raw(""));
    if login.busy {
        lines.push(Line::raw("Logging in…"));
    } else if let Some(error) = &login.error {
        lines.push(Line::styled(format!("✖ {error}"), ui.style("alert")));
    }
    lines.push(Line::styled("Tab switches field · Enter logs in · Ctrl-C quits", ui.style("hint")));
    frame.render_widget(Paragraph::new(lines).block(block).alignment(Alignment::Left).wrap(Wrap { trim: false }), rect);
}
