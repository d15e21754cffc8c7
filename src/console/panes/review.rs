//! The review queue: possible matches with their score, and below the
//! selected pair's evidence — each field compared, whether it agreed, and
//! what it added to or took from the score.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{block, centered, filter_line, mark, name_with_flags, notice, ListTable};
use crate::api::linkage::{ReviewPair, ReviewSide};
use crate::console::format::columns::Col;
use crate::console::layout;
use crate::console::state::{DecisionPrompt, State};
use crate::console::views;

use crate::console::ui::Ui;

fn side(s: &Option<ReviewSide>) -> String {
    match s {
        Some(s) => {
            let dob = s.date_of_birth.map(|d| format!(" b.{d}")).unwrap_or_default();
            let postcode = s.postcode.as_ref().map(|p| format!(" {p}")).unwrap_or_default();
            format!("{}{dob}{postcode}", s.name)
        }
        None => "(gone)".into(),
    }
}

/// One side of a pair, with the person's flags after it.
fn side_line<'a>(s: &Option<ReviewSide>, ui: &Ui) -> Line<'a> {
    name_with_flags(side(s), s.as_ref().map(|s| s.flags).unwrap_or_default(), ui)
}

/// The status in words, with a symbol so it reads without colour.
fn status<'a>(pair: &ReviewPair, ui: &Ui) -> Span<'a> {
    match pair.status.as_str() {
        "open" => Span::styled("? open", ui.style("warning")),
        "accepted" => Span::styled("= merged", ui.style("status.live")),
        "rejected" => Span::styled("≠ apart", ui.style("dim")),
        "split" => Span::styled("≠ split", ui.style("dim")),
        other => Span::raw(other.to_string()),
    }
}

/// `keys` are the keys that merge, keep apart and split, for the hint.
pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect, keys: [String; 3]) {
    let (top, _) = layout::review_split(area.height);
    let [list_area, evidence_area] = Layout::vertical([Constraint::Length(top), Constraint::Min(1)]).areas(area);
    let outer = block(state, ui, "Review queue: possible matches");
    let inner = outer.inner(list_area);
    frame.render_widget(outer, list_area);
    let [filters, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let rows = views::review_rows(state);
    let open = rows.iter().filter(|p| p.status == "open").count();
    let [merge, keep_apart, split] = keys;
    let keys = format!("{merge} merge  {keep_apart} keep apart  {split} split");
    // More open on the server than loaded: say so, lest the list look whole.
    let more = state.review.open_total.saturating_sub(state.review.pairs.iter().filter(|p| p.status == "open").count());
    let count = if more > 0 {
        format!("{open} open of {} shown, {} open in all (highest scores first)   {keys}", rows.len(), open + more)
    } else {
        format!("{open} open of {}   {keys}", rows.len())
    };
    frame.render_widget(Paragraph::new(filter_line(ui, Vec::new(), &state.review.list, count)), filters);
    if let Some(error) = &state.review.error {
        let line = Line::styled(format!("✖ Could not load the review queue: {error}"), ui.style("alert"));
        notice(frame, list, vec![line]);
    } else if rows.is_empty() {
        let text = if state.review.loading || !state.review.loaded {
            "Loading…"
        } else {
            "No possible matches wait for review."
        };
        notice(frame, list, vec![Line::raw(text)]);
    } else {
        let table_rows: Vec<Vec<Line>> = rows
            .iter()
            .map(|p| {
                vec![
                    Line::from(mark(state, &views::review_key(p))),
                    Line::from(format!("{:>5.1}", p.score)),
                    Line::from(format!("{}/{}", p.source, p.source_ref)),
                    side_line(&p.record, ui),
                    side_line(&p.candidate, ui),
                    Line::from(status(p, ui)),
                ]
            })
            .collect();
        let header = vec!["", "Score", "Record", "Recorded as", "May be", "Status"];
        // The source reference is an identifier: never cut.
        let cols = vec![
            Col::Fixed(1),
            Col::Fixed(5),
            Col::Id,
            Col::Text { min: 12 },
            Col::Text { min: 12 },
            Col::Text { min: 8 },
        ];
        let ids = rows.iter().map(|p| views::review_key(p)).collect();
        ListTable { header, cols, rows: table_rows, ids }.render(state, ui, &state.review.list, frame, list);
    }
    evidence(state, ui, frame, evidence_area);
}

/// The selected pair's field comparisons, strongest first as recorded.
fn evidence(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let outer = block(state, ui, "Evidence");
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let Some(pair) = views::selected_pair(state) else {
        notice(frame, inner, vec![Line::styled("Select a pair to see why it may be one person.", ui.style("dim"))]);
        return;
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}/{} ", pair.source, pair.source_ref), ui.style("header")),
        Span::raw(format!("score {:.1}: ", pair.score)),
        Span::raw(format!("{}  vs  {}", side(&pair.record), side(&pair.candidate))),
    ])];
    if pair.evidence.is_empty() {
        lines.push(Line::styled("No field comparisons were recorded.", ui.style("dim")));
    }
    for f in &pair.evidence {
        // A symbol as well as a colour: + agreed, − disagreed, · no weight.
        let (symbol, style) = if f.weight > 0.0 {
            ("+", ui.style("status.live"))
        } else if f.weight < 0.0 {
            ("−", ui.style("alert"))
        } else {
            ("·", ui.style("dim"))
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {symbol} {:<14}", f.field), style),
            Span::raw(format!("{:<12}", f.level)),
            Span::styled(format!("{:+6.1}  ", f.weight), style),
            Span::styled(f.detail.clone(), ui.style("dim")),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The dialog asking for the reason of a decision.
pub fn decision(prompt: &DecisionPrompt, ui: &Ui, frame: &mut Frame, area: Rect) {
    let extra = u16::from(prompt.busy) + u16::from(prompt.error.is_some());
    let rect = centered(area, 72, 6 + extra);
    frame.render_widget(Clear, rect);
    let mut lines = vec![
        Line::raw(format!("{}: {}", prompt.decision.verb(), prompt.title)),
        Line::styled("The decision and its reason are recorded in the audit log.", ui.style("dim")),
        Line::raw(""),
        Line::from(vec![
            Span::styled("Reason: ", ui.style("key")),
            Span::styled(format!("{}▏", prompt.reason), ui.style("input")),
        ]),
    ];
    if prompt.busy {
        lines.push(Line::styled("Sending…", ui.style("dim")));
    }
    if let Some(error) = &prompt.error {
        lines.push(Line::styled(format!("✖ {error}"), ui.style("alert")));
    }
    let title = format!(" {} (Enter sends, Esc cancels) ", prompt.decision.verb());
    let block = ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(ui.style("border.focus"))
        .title(Span::styled(title, ui.style("title")))
        .style(ui.style("base"));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}
