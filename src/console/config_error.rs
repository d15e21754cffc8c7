//! An error in a keymap or theme file, pointing at the offending text:
//! `file:line:column: message`, then the line with a caret under it.

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
        Self { file: file.to_string(), line, column, message: message.into(), excerpt: Some(excerpt) }
    }

    /// An error about a whole file (it cannot be read, say).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self { file: file.to_string(), line: 0, column: 0, message: message.into(), excerpt: None }
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
    }
}
