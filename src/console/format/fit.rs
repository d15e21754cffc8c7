//! Text in a column of a given width: what fits is drawn as it is; what does
//! not ends with `…`, so a cut is never silent. Identifiers are never given
//! to this: their columns are as wide as they need (see `columns`).

use std::borrow::Cow;

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// The ellipsis that ends cut text.
pub const ELLIPSIS: char = '…';

/// `text` in `width` columns: itself when it fits (no copy), else as much
/// as fits before a `…`.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    if width == 0 {
        return Cow::Borrowed("");
    }
    match cut_at(text, width) {
        None => Cow::Borrowed(text),
        Some(end) => {
            let mut out = String::with_capacity(end + ELLIPSIS.len_utf8());
            out.push_str(&text[..end]);
            out.push(ELLIPSIS);
            Cow::Owned(out)
        }
    }
}

/// A line of styled spans in `width` columns: itself when it fits, else cut
/// with a `…` in the style of the span it cuts.
pub fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let Line { spans, style, alignment } = line;
    let mut out = Vec::with_capacity(spans.len());
    // Room for the text before the `…`.
    let mut budget = width.saturating_sub(1);
    for span in spans {
        let w = span.width();
        if w <= budget {
            budget -= w;
            out.push(span);
            continue;
        }
        let end = prefix_within(&span.content, budget);
        let mut cut = String::with_capacity(end + ELLIPSIS.len_utf8());
        cut.push_str(&span.content[..end]);
        if width > 0 {
            cut.push(ELLIPSIS);
        }
        out.push(Span::styled(cut, span.style));
        break;
    }
    Line { spans: out, style, alignment }
}

/// The byte length of the longest start of `text` at most `width` columns wide.
fn prefix_within(text: &str, width: usize) -> usize {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            return i;
        }
        used += w;
    }
    text.len()
}

/// Where `text` must be cut to leave room for `…` in `width` columns, or
/// `None` when it fits whole.
fn cut_at(text: &str, width: usize) -> Option<usize> {
    let mut used = 0;
    let mut end_with_room = 0;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            return Some(end_with_room);
        }
        used += w;
        if used < width {
            end_with_room = i + c.len_utf8();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Style, Stylize};

    #[test]
    fn text_that_fits_is_itself_and_text_that_does_not_ends_with_an_ellipsis() {
        assert!(matches!(fit("Theft", 10), Cow::Borrowed("Theft")));
        assert_eq!(fit("Theft from a motor vehicle", 24), "Theft from a motor vehi…");
        assert_eq!(fit("Theft from a motor vehicle", 26), "Theft from a motor vehicle");
        assert_eq!(fit("Ab", 1), "…");
        assert_eq!(fit("Ab", 0), "");
        // Wide characters count as two columns.
        assert_eq!(fit("東京都千代田区", 6), "東京…");
    }

    #[test]
    fn a_cut_line_keeps_its_styles_and_ends_with_an_ellipsis() {
        let line = Line::from(vec![Span::raw("SMITH, "), Span::styled("John Alexander", Style::new().bold())]);
        let cut = fit_line(line.clone(), 12);
        assert_eq!(cut.width(), 12);
        assert_eq!(cut.spans[0].content, "SMITH, ");
        assert_eq!(cut.spans[1].content, "John…");
        assert_eq!(cut.spans[1].style, Style::new().bold());
        assert_eq!(fit_line(line.clone(), 21), line);
    }
}
