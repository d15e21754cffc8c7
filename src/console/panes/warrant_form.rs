//! The warrant queue's dialogs: the forms (allocate, execute, withdraw),
//! one line per input, the focused one marked, a refusal shown under the
//! inputs and beside the field it names, so the meaning survives without
//! colour (the drawing of a form is shared with the incident, crime and
//! intelligence forms); and the note of an attempt to execute.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, dialog};
use crate::console::state::desk_form::DeskForm;
use crate::console::state::{FormField, NoteInput, WarrantForm};
use crate::console::ui::Ui;

/// Draws a warrant form; `choices` is the list it chooses from, if any.
pub fn render(form: &WarrantForm, choices: Option<String>, ui: &Ui, frame: &mut Frame, area: Rect) {
    let view = FormView {
        title: &form.title,
        fields: &form.fields,
        focus: form.focus,
        saving: form.saving,
        error: form.error.as_deref(),
        error_field: form.error_field.as_deref(),
        question: form.confirming.as_deref(),
        choices: choices.as_deref(),
    };
    form_dialog(&view, ui, frame, area);
}

/// A crime or intelligence form, with what its focused input chooses from
/// (or the conditions it acknowledges) under its inputs.
pub fn desk_form<K>(form: &DeskForm<K>, choices: Option<String>, ui: &Ui, frame: &mut Frame, area: Rect) {
    let view = FormView {
        title: &form.title,
        fields: &form.fields,
        focus: form.focus,
        saving: form.saving,
        error: form.error.as_deref(),
        error_field: form.error_field.as_deref(),
        question: None,
        choices: choices.as_deref(),
    };
    form_dialog(&view, ui, frame, area);
}

/// A form as it is drawn: its inputs, which has the focus, what the
/// server said, and a question it waits on (a confirmation).
pub struct FormView<'a> {
    pub title: &'a str,
    pub fields: &'a [FormField],
    pub focus: usize,
    pub saving: bool,
    pub error: Option<&'a str>,
    pub error_field: Option<&'a str>,
    pub question: Option<&'a str>,
    /// What an input chooses from, shown under the inputs.
    pub choices: Option<&'a str>,
}

/// A form's dialog, shared by the warrant and incident forms.
pub fn form_dialog(form: &FormView, ui: &Ui, frame: &mut Frame, area: Rect) {
    let label_width = form.fields.iter().map(|f| f.label.chars().count()).max().unwrap_or(0);
    let mut lines = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus && !form.saving && form.question.is_none();
        let refused = form.error_field == Some(field.name);
        let marker = match (focused, refused) {
            (_, true) => Span::styled("✖ ", ui.style("alert")),
            (true, false) => Span::styled("▶ ", ui.style("key")),
            _ => Span::raw("  "),
        };
        let label_style = if refused { ui.style("alert") } else { ui.style("dim") };
        let cursor = if focused { "▏" } else { "" };
        let mut spans = vec![
            marker,
            Span::styled(format!("{:>label_width$}: ", field.label), label_style),
            Span::styled(format!("{}{cursor}", field.value), ui.style("input")),
        ];
        if focused && field.value.is_empty() {
            spans.push(Span::styled(format!(" {}", field.hint), ui.style("hint")));
        }
        lines.push(Line::from(spans));
    }
    if let Some(choices) = form.choices {
        lines.push(Line::styled(choices.to_string(), ui.style("dim")));
    }
    lines.push(Line::raw(""));
    if form.saving {
        lines.push(Line::raw("Saving…"));
    } else if let Some(question) = form.question {
        lines.push(Line::styled(format!("▲ {question}"), ui.style("warning")));
    } else if let Some(error) = form.error {
        lines.push(Line::styled(format!("✖ {error}"), ui.style("alert")));
    }
    let hint = match form.question {
        Some(_) => "Enter confirms · Esc goes back to the inputs",
        None => "↑↓/Tab move · Enter next, on the last sends · Esc closes (input kept)",
    };
    lines.push(Line::styled(hint, ui.style("hint")));
    // Rows as drawn: a long line (a question, a refusal) wraps.
    let inner = usize::from(area.width.min(76).saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let rect = centered(area, 76, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ui.style("border.focus"))
        .title(Span::styled(format!(" {} ", form.title), ui.style("title")))
        .style(ui.style("base"));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}

/// The note of an attempt to execute a warrant.
pub fn note(note: &NoteInput, ui: &Ui, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 70, 9);
    frame.render_widget(Clear, rect);
    let mut lines = vec![Line::styled(format!("{}▏", note.text), ui.style("input")), Line::raw("")];
    if note.saving {
        lines.push(Line::raw("Saving…"));
    } else if let Some(error) = &note.error {
        lines.push(Line::styled(format!("✖ {error}"), ui.style("alert")));
    }
    lines.push(Line::styled("Enter sends · Esc keeps it as a draft", ui.style("hint")));
    frame.render_widget(Paragraph::new(lines).block(dialog(ui, &note.title)).wrap(Wrap { trim: false }), rect);
}
