//! How a table's columns share its width: fixed columns keep theirs, an
//! identifier's column is as wide as its widest value (a reference, PNC ID,
//! URN or VRM is never cut), and text columns share what is left by need —
//! each gets what it needs when there is room; when there is not, the
//! smaller needs are met first and the rest split evenly, so no one column
//! takes all the extra width and a long one gives way with `…`.

/// How a column takes its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Always this wide (marks, clocks, levels).
    Fixed(u16),
    /// An identifier: as wide as its widest value, never cut.
    Id,
    /// Text that may be cut with `…`: at least `min` while others can give
    /// way, more by need.
    Text { min: u16 },
}

/// The width of each of `cols` in `total` columns, `spacing` between
/// neighbours, where `needs` is each column's widest value (header
/// included).
pub fn share(cols: &[Col], needs: &[u16], total: u16, spacing: u16) -> Vec<u16> {
    let gaps = spacing.saturating_mul(cols.len().saturating_sub(1) as u16);
    let need = |i: usize| needs.get(i).copied().unwrap_or(0);
    let mut widths: Vec<u16> = cols
        .iter()
        .enumerate()
        .map(|(i, col)| match *col {
            Col::Fixed(w) => w,
            Col::Id => need(i),
            Col::Text { min } => min.min(need(i)),
        })
        .collect();
    let used: u16 = widths.iter().fold(gaps, |a, w| a.saturating_add(*w));
    let texts: Vec<usize> = (0..cols.len()).filter(|&i| matches!(cols[i], Col::Text { .. })).collect();
    if used > total {
        // Text gives way (down to one column each) before an identifier would.
        let mut over = used - total;
        while over > 0 {
            let Some(&widest) = texts.iter().filter(|&&i| widths[i] > 1).max_by_key(|&&i| widths[i]) else {
                break;
            };
            widths[widest] -= 1;
            over -= 1;
        }
        return widths;
    }
    // The rest, to text by need: the smallest wants are met first.
    let mut left = total - used;
    let mut wanting: Vec<usize> = texts.iter().copied().filter(|&i| need(i) > widths[i]).collect();
    wanting.sort_by_key(|&i| need(i) - widths[i]);
    let mut count = wanting.len() as u16;
    for i in wanting {
        let fair = left / count.max(1);
        let give = (need(i) - widths[i]).min(fair);
        widths[i] += give;
        left -= give;
        count -= 1;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_keep_their_width_and_text_gives_way() {
        let cols = [Col::Fixed(1), Col::Id, Col::Text { min: 10 }, Col::Text { min: 10 }];
        // Plenty of room: each gets what it needs.
        assert_eq!(share(&cols, &[1, 13, 20, 30], 100, 1), vec![1, 13, 20, 30]);
        // Tight: the identifier keeps 13; the text shares the rest, the
        // smaller need met first.
        assert_eq!(share(&cols, &[1, 13, 12, 60], 50, 1), vec![1, 13, 12, 21]);
        // Tighter than every minimum: text shrinks, the identifier does not.
        assert_eq!(share(&cols, &[1, 13, 40, 40], 30, 1), vec![1, 13, 7, 6]);
    }

    #[test]
    fn extra_width_is_shared_not_given_to_one_column() {
        let cols = [Col::Text { min: 8 }, Col::Text { min: 8 }, Col::Text { min: 8 }];
        let widths = share(&cols, &[60, 60, 60], 152, 1);
        assert_eq!(widths, vec![50, 50, 50]);
    }
}
