//! What the command palette keeps between openings: the lines run before
//! (for Up and Down), and the words Tab last offered.

/// The most lines kept; older ones are forgotten.
const HISTORY: usize = 50;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PaletteMemory {
    /// Lines run, oldest first, no line twice in a row. In memory only:
    /// a line may name a suspect (`:subject smith`).
    pub history: Vec<String>,
    /// The line of `history` on show after Up or Down.
    pub recalled: Option<usize>,
    /// What Tab found when more than one word fits, shown under the line.
    pub choices: Vec<String>,
}

impl PaletteMemory {
    pub fn remember(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() || self.history.last().is_some_and(|last| last == line) {
            return;
        }
        self.history.push(line.to_string());
        if self.history.len() > HISTORY {
            self.history.remove(0);
        }
    }

    /// The palette opened afresh: nothing recalled, nothing offered.
    pub fn opened(&mut self) {
        self.recalled = None;
        self.choices.clear();
    }
}
