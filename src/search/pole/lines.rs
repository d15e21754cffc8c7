//! Every place's address lines, joined, in one string: a place costs its
//! characters and 8 bytes, where a string of its own cost a pointer, a
//! length and the allocator's rounding. Lines of places gone are dropped
//! when they outnumber the rest, the whole written again. Offsets are 32
//! bits: 4 GiB of lines, some hundred million places; a line past that is
//! kept empty (the place is still found, by its postcode and words).

#[derive(Clone, Copy, Default)]
pub(crate) struct Line {
    at: u32,
    len: u32,
}

#[derive(Default)]
pub(crate) struct Lines {
    text: String,
    gone: usize,
}

impl Lines {
    pub(crate) fn add(&mut self, line: &str) -> Line {
        let fits = |n: usize| u32::try_from(n).ok();
        match (fits(self.text.len()), fits(self.text.len() + line.len())) {
            (Some(at), Some(_)) => {
                self.text.push_str(line);
                Line { at, len: line.len() as u32 }
            }
            _ => Line::default(),
        }
    }

    pub(crate) fn get(&self, line: Line) -> &str {
        let at = line.at as usize;
        self.text.get(at..at + line.len as usize).unwrap_or_default()
    }

    /// `line` is no longer used. When the unused outnumber the rest,
    /// `live` gives the lines still used, to be written again in place.
    pub(crate) fn remove<'a>(&mut self, line: Line, live: impl FnOnce() -> Vec<&'a mut Line>) {
        self.gone += line.len as usize;
        if self.gone * 2 <= self.text.len() {
            return;
        }
        let mut kept = Lines::default();
        for held in live() {
            *held = kept.add(self.get(*held));
        }
        *self = kept;
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_back_as_written_and_the_unused_are_dropped() {
        let mut lines = Lines::default();
        let mut held: Vec<Line> =
            ["12 Acacia Avenue", "14 Acacia Avenue", "3 Mare Street"].map(|l| lines.add(l)).to_vec();
        assert_eq!(lines.get(held[1]), "14 Acacia Avenue");
        let first = held.remove(0);
        lines.remove(first, Vec::new);
        assert_eq!(lines.get(held[0]), "14 Acacia Avenue");
        let second = held.remove(0);
        lines.remove(second, || held.iter_mut().collect());
        // Two of three gone: only Mare Street is left, where it now is.
        assert_eq!((lines.get(held[0]), lines.text.len()), ("3 Mare Street", 13));
    }
}
