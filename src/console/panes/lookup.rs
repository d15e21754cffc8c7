//! Subject lookup: the search box and the ranked results, with the matched
//! characters of each name highlighted; and the reason asked before a
//! record opens.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{block, centered, dialog, flag_spans, mark, notice, ListTable};
use crate::console::format::columns::Col;
use crate::console::layout::SEARCH_BOX_ROWS;
use crate::console::state::{LookupFocus, LookupRow, ReasonPrompt, State};
use crate::console::ui::Ui;

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let lookup = &state.lookup;
    let [input_area, list_area] =
        Layout::vertical([Constraint::Length(SEARCH_BOX_ROWS), Constraint::Min(1)]).areas(area);

    let focused = lookup.focus == LookupFocus::Input && state.overlay == crate::console::state::Overlay::None;
    // Finding a person for an incident: Enter picks them for it.
    let linking = state.incidents.linking.as_ref().map(|l| l.reference.as_str());
    let linking = linking.or(state.crimes.linking.as_ref().map(|l| l.reference.as_str()));
    // Finding the detainee to book in: Enter books them in.
    let finding = state.board.finding;
    let title = match linking {
        Some(reference) => format!("Subject lookup: link a person to {reference}"),
        None if finding => "Subject lookup: find the detainee to book in".to_string(),
        None => "Subject lookup".to_string(),
    };
    let input_block =
        block(state, ui, title).border_style(if focused { ui.style("border.focus") } else { ui.style("border") });
    let mut spans =
        vec![Span::styled("Search ", ui.style("dim")), Span::styled(lookup.query.clone(), ui.style("input"))];
    if focused {
        spans.push(Span::styled("▏", ui.style("key")));
    }
    if lookup.searching() {
        spans.push(Span::styled("  searching…", ui.style("dim")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).block(input_block), input_area);

    let found = lookup.rows();
    // A full page says so, not a count that reads as every match.
    let n = match lookup.more {
        true => format!("{} shown — more match, refine the search", found.len()),
        false => found.len().to_string(),
    };
    let title = match (found.len(), linking) {
        (0, _) if finding => "Results: not on record? Esc, then N books in someone new".to_string(),
        (0, _) => "Results".to_string(),
        (_, Some(_)) => format!("Results ({n}): Enter links, Esc on the list goes back"),
        (_, None) if finding => format!("Results ({n}): Enter books in · Esc, then N: someone new"),
        (_, None) => format!("Results ({n})"),
    };
    let list_block = block(state, ui, title);
    let inner = list_block.inner(list_area);
    frame.render_widget(list_block, list_area);

    if let Some(error) = &lookup.error {
        notice(frame, inner, vec![Line::styled(format!("✖ Search failed: {error}"), ui.style("alert"))]);
        return;
    }
    if lookup.query.trim().is_empty() {
        notice(
            frame,
            inner,
            vec![
                Line::raw(
                    "Type a name, date of birth (1980-01-02), PNC ID (80/1234567A), CRO, plate (LB07*, LB0? SE?), phone or address.",
                ),
                Line::styled(
                    match linking {
                        Some(_) => "Results are ranked as you type; ↑↓ choose, Enter picks the person to link.",
                        None if finding => "Results are ranked as you type; ↑↓ choose, Enter books the person in.",
                        None => "Results are ranked as you type; ↑↓ choose, Enter opens the record.",
                    },
                    ui.style("dim"),
                ),
            ],
        );
        return;
    }
    if found.is_empty() {
        let text = if lookup.searching() {
            "Searching…".to_string()
        } else {
            format!("Nothing matches '{}'.", lookup.answered)
        };
        notice(frame, inner, vec![Line::raw(text)]);
        return;
    }

    let matcher = SkimMatcherV2::default().ignore_case();
    let words: Vec<&str> = lookup
        .answered
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic) && !w.contains(['/', '-']))
        .collect();
    let rows: Vec<Vec<Line>> = found.iter().map(|row| hit_row(state, row, &words, &matcher, ui)).collect();
    let table = ListTable {
        header: vec!["", "Name", "Born", "Age", "Area", "Markers", "Flags", "Why"],
        cols: vec![
            Col::Fixed(1),
            Col::Text { min: 16 },
            Col::Id,
            Col::Fixed(3),
            Col::Text { min: 8 },
            Col::Text { min: 6 },
            // Flags are what keeps officers safe: never cut.
            Col::Id,
            Col::Text { min: 8 },
        ],
        rows,
        ids: found.iter().map(|r| r.id().to_string()).collect(),
    };
    table.render(state, ui, &lookup.list, frame, inner);
}

/// One hit's row: what it is, its name (a plate with its car, an address),
/// what keeps officers safe, and why it matched.
fn hit_row<'a>(state: &State, row: &LookupRow<'a>, words: &[&str], matcher: &SkimMatcherV2, ui: &Ui) -> Vec<Line<'a>> {
    let markers = |m: &[String]| Line::from(Span::styled(m.join(" "), ui.style("marker")));
    let why = |w: String| Line::styled(w, ui.style("dim"));
    match row {
        LookupRow::Person(hit) => vec![
            Line::from(mark(state, &hit.person_id)),
            highlight(&hit.name, words, matcher, ui),
            Line::from(hit.date_of_birth.map(|d| d.to_string()).unwrap_or_else(|| "unknown".into())),
            Line::from(hit.age.map(|a| a.to_string()).unwrap_or_default()),
            Line::from(hit.area.clone().unwrap_or_default()),
            markers(&hit.markers),
            Line::from(flag_spans(hit.flags, ui)),
            why(hit.why.join(", ")),
        ],
        LookupRow::Place(hit) => vec![
            Line::from(mark(state, &hit.place_id)),
            Line::from(format!("place {}", hit.address)),
            Line::from(""),
            Line::from(""),
            Line::from(hit.borough.clone().unwrap_or_default()),
            Line::from(Span::styled(
                hit.warnings.iter().map(|w| format!("▲ {}", w.to_uppercase())).collect::<Vec<_>>().join(" "),
                ui.style("alert"),
            )),
            Line::from(""),
            why(hit.why.join(", ")),
        ],
        LookupRow::Object(hit) => {
            let details = &hit.object.details;
            let name = details.label();
            vec![
                Line::from(mark(state, &hit.object.id)),
                Line::from(format!("{} {name}", details.kind_name())),
                Line::from(""),
                Line::from(""),
                Line::from(""),
                Line::from(Span::styled(hit.markers.join(" "), ui.style("alert"))),
                Line::from(""),
                why(hit.why.clone()),
            ]
        }
    }
}

/// The name with the characters the query matched in the match style.
fn highlight<'a>(name: &str, words: &[&str], matcher: &SkimMatcherV2, ui: &Ui) -> Line<'a> {
    let mut matched = vec![false; name.chars().count()];
    for word in words {
        if let Some((_, indices)) = matcher.fuzzy_indices(name, word) {
            for i in indices {
                if let Some(m) = matched.get_mut(i) {
                    *m = true;
                }
            }
        }
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (c, m) in name.chars().zip(matched) {
        if m != run_matched && !run.is_empty() {
            let style = if run_matched { ui.style("match") } else { Default::default() };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_matched = m;
        run.push(c);
    }
    if !run.is_empty() {
        let style = if run_matched { ui.style("match") } else { Default::default() };
        spans.push(Span::styled(run, style));
    }
    Line::from(spans)
}

/// Asking why the operator opens a person's record: a recent reason picked,
/// or one typed.
pub fn reason_prompt(state: &State, prompt: &ReasonPrompt, ui: &Ui, frame: &mut Frame, area: Rect) {
    let rows = state.recent_reasons.len().min(8) as u16;
    let rect = centered(area, 70, 8 + rows);
    frame.render_widget(Clear, rect);
    let mut lines = vec![
        Line::raw(format!("Why are you opening the record of {}?", prompt.name)),
        Line::styled("Every access is recorded with its reason.", ui.style("dim")),
        Line::raw(""),
    ];
    for (i, reason) in state.recent_reasons.iter().take(8).enumerate() {
        let picked = prompt.pick == Some(i);
        let style = if picked { ui.style("selected") } else { Default::default() };
        lines.push(Line::styled(format!("{} {reason}", if picked { "▶" } else { " " }), style));
    }
    let typing = prompt.pick.is_none();
    lines.push(Line::from(vec![
        Span::styled(if typing { "▶ " } else { "  " }, ui.style("key")),
        Span::styled(format!("{}{}", prompt.input, if typing { "▏" } else { "" }), ui.style("input")),
    ]));
    lines.push(Line::styled("↑↓ pick a recent reason · type your own · Enter opens · Esc cancels", ui.style("hint")));
    frame.render_widget(Paragraph::new(lines).block(dialog(ui, "Reason for access")).wrap(Wrap { trim: false }), rect);
}
