//! The lines of a record view as they are built: sections, labelled
//! fields wrapped under their value, and lines laid out by the caller.

use super::layout::{wrap, LABEL_WIDTH};
use crate::console::format;

/// How a line is drawn; the meaning is in its words, the tone only styles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Section,
    Alert,
    Warning,
    Dim,
    /// The chosen custody log entry (marked ▶ as well).
    Chosen,
}

/// One screen line: a label (blank on a continuation; none on a line
/// across the width) and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewLine {
    pub label: Option<String>,
    pub value: String,
    pub tone: Tone,
    /// The custody log entry (in time order) the line belongs to.
    pub entry: Option<usize>,
}

/// Lines under construction, laid out to `width` as they are added.
pub struct Sheet {
    width: usize,
    lines: Vec<ViewLine>,
}

impl Sheet {
    pub fn new(width: usize) -> Sheet {
        Sheet { width: width.max(LABEL_WIDTH + 10), lines: Vec::new() }
    }

    /// A section's title, after a blank line unless it is the first.
    pub fn section(&mut self, title: impl Into<String>) {
        if !self.lines.is_empty() {
            self.blank();
        }
        self.push(None, title.into(), Tone::Section, None);
    }

    pub fn blank(&mut self) {
        self.push(None, String::new(), Tone::Plain, None);
    }

    /// `label  value`, the value wrapped under itself.
    pub fn field(&mut self, label: &str, value: impl Into<String>) {
        self.toned(label, value, Tone::Plain);
    }

    pub fn toned(&mut self, label: &str, value: impl Into<String>, tone: Tone) {
        self.labelled(label, &value.into(), tone, None);
    }

    /// A line of its own across the width, wrapped, indented by `indent`.
    pub fn text(&mut self, indent: usize, text: &str, tone: Tone, entry: Option<usize>) {
        let pad = " ".repeat(indent);
        for part in wrap(text, self.width.saturating_sub(indent)) {
            self.push(None, format!("{pad}{part}"), tone, entry);
        }
    }

    /// A line laid out by the caller (columns kept), cut with `…` at the width.
    pub fn line(&mut self, text: &str, tone: Tone, entry: Option<usize>) {
        let text = format::fit::fit(text, self.width).into_owned();
        self.push(None, text, tone, entry);
    }

    fn labelled(&mut self, label: &str, value: &str, tone: Tone, entry: Option<usize>) {
        let parts = wrap(value, self.width - LABEL_WIDTH);
        for (i, part) in parts.into_iter().enumerate() {
            // A label too long for its column ends with `…` (labels are words, never identifiers).
            let label = if i == 0 { format::fit::fit(label, LABEL_WIDTH - 1).into_owned() } else { String::new() };
            self.push(Some(label), part, tone, entry);
        }
    }

    fn push(&mut self, label: Option<String>, value: String, tone: Tone, entry: Option<usize>) {
        self.lines.push(ViewLine { label, value, tone, entry });
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn into_lines(self) -> Vec<ViewLine> {
        self.lines
    }
}
