//! An error in a keymap or theme file, pointing at the offending text:
//! `file:line:column: message`, then the line with a caret under it, each
//! on its own line, and a "did you mean" for a name close to a known one.

use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The source line and the caret under the span, ready to print.
    pub excerpt: Option<String>,
    /// The known name closest to the one written, if one is close.
    pub suggestion: Option<String>,
}

impl ConfigError {
    /// An error at byte range `span` of `source`.
    pub fn at(file: &str, source: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = span.start.min(source.len());
        let before = &source[..floor_char_boundary(source, start)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        let line_end = source[line_start..].find('\n').map(|i| line_start + i).unwrap_or(source.len());
        let text = source[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(source, span.end.clamp(start, line_end));
        let width = source[floor_char_boundary(source, start)..end].chars().count().max(1);
        let gutter = line.to_string().len();
        let excerpt = format!(
            "{:gutter$} |\n{line} | {text}\n{:gutter$} | {}{}",
            "",
            "",
            " ".repeat(column - 1),
            "^".repeat(width)
        );
        Self { file: file.to_string(), line, column, message: message.into(), excerpt: Some(excerpt), suggestion: None }
    }

    /// The error with a "did you mean" for `written` among `known`, when
    /// one is close enough to be a slip of the keyboard.
    pub fn suggesting<'a>(mut self, written: &str, known: impl IntoIterator<Item = &'a str>) -> Self {
        self.suggestion = closest(written, known).map(str::to_string);
        self
    }

    /// An error about a whole file (it cannot be read, say).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self { file: file.to_string(), line: 0, column: 0, message: message.into(), excerpt: None, suggestion: None }
    }

    /// A TOML syntax or shape error, at the place the parser names.
    pub fn from_toml(file: &str, source: &str, error: &toml::de::Error) -> Self {
        let message = error.message().trim().to_string();
        match error.span() {
            Some(span) => Self::at(file, source, span, message),
            None => Self::file(file, message),
        }
    }

    /// A TOML error on the one line a command's error takes:
    /// `file:line:column: message (what the file should have been)`.
    pub fn toml_line(file: &str, source: &str, error: &toml::de::Error, what: &str) -> String {
        let mut at = Self::from_toml(file, source, error);
        at.excerpt = None;
        format!("{at} (not a valid {what})")
    }
}

/// The name in `known` nearest to `written`, if it is near: a few letters
/// wrong, missing or swapped, or the same but for case and separators.
pub fn closest<'a>(written: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let plain = |s: &str| s.to_lowercase().replace(['-', ' '], "_");
    let written_plain = plain(written);
    let limit = (written.chars().count().div_ceil(3)).clamp(1, 3);
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(&written_plain, &plain(k)), k))
        .filter(|(distance, k)| *distance <= limit && *k != written)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(f, "{}: {}", self.file, self.message);
        }
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)?;
        if let Some(excerpt) = &self.excerpt {
            write!(f, "\n{excerpt}")?;
        }
        if let Some(name) = &self.suggestion {
            let gutter = self.line.to_string().len();
            write!(f, "\n{:gutter$} = did you mean '{name}'?", "")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_the_span() {
        let source = "[board]\nv = \"record_vist\"\n";
        let start = source.find("\"record").unwrap();
        let error = ConfigError::at("k.toml", source, start..start + 13, "unknown action");
        assert_eq!(
            error.to_string(),
            "k.toml:2:5: unknown action\n  |\n2 | v = \"record_vist\"\n  |     ^^^^^^^^^^^^^"
        );
        let error = error.suggesting("record_vist", ["record_visit", "record_review"]);
        assert!(error.to_string().ends_with("^^^^^^^^^^^^^\n  = did you mean 'record_visit'?"), "{error}");
    }

    #[test]
    fn only_a_near_name_is_suggested() {
        assert_eq!(closest("escape", ["esc", "enter"]), None);
        assert_eq!(closest("pagedwon", ["pageup", "pagedown"]), Some("pagedown"));
        assert_eq!(closest("Record-Visit", ["record_visit"]), Some("record_visit"));
        assert_eq!(closest("vanish", ["record_visit", "quit"]), None);
    }
}
