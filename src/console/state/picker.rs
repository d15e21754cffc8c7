//! A filter's picker: the values a list can be narrowed to, narrowed in
//! turn by what is typed, with "all" always first to clear the filter.

/// One filter's picker, open over the pane it filters (the pane on
/// screen: it holds the keys until it closes).
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    /// Which of the pane's filters it sets.
    pub filter: &'static str,
    /// What is picked, in words ("Officer in case").
    pub title: &'static str,
    /// Every value, as shown; "all" is not among them.
    pub options: Vec<String>,
    /// The value in force, if the filter is set.
    pub current: Option<String>,
    pub typed: String,
    /// The highlighted line: 0 is "all", n the n-th value shown.
    pub index: usize,
    /// What the first line, which clears the filter, says: "all (no
    /// filter)", or the list's default where it has no unfiltered form
    /// ("my crimes (the default)").
    pub all: &'static str,
}

/// What Enter on the highlighted line means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    /// "all": the filter is cleared.
    Clear,
    Value(String),
}

impl Picker {
    pub fn new(filter: &'static str, title: &'static str, options: Vec<String>) -> Self {
        Self { filter, title, options, current: None, typed: String::new(), index: 0, all: "all (no filter)" }
    }

    /// The first line says `all` instead of "all (no filter)".
    pub fn with_all(mut self, all: &'static str) -> Self {
        self.all = all;
        self
    }

    /// Opens with the value in force highlighted.
    pub fn with_current(mut self, current: Option<String>) -> Self {
        self.index = current.as_ref().and_then(|c| self.options.iter().position(|o| o == c)).map_or(0, |i| i + 1);
        self.current = current;
        self
    }

    /// The values left by what is typed (any part of the value, any case).
    pub fn shown(&self) -> Vec<&str> {
        let typed = self.typed.trim().to_lowercase();
        self.options.iter().filter(|o| o.to_lowercase().contains(&typed)).map(String::as_str).collect()
    }

    /// After typing: the first value left is highlighted, or "all" if none is.
    pub fn narrowed(&mut self) {
        self.index = usize::from(!self.shown().is_empty() && !self.typed.trim().is_empty());
    }

    /// Moves the highlight, staying on the lines shown.
    pub fn step(&mut self, delta: i32) {
        let last = self.shown().len();
        self.index = (self.index as i64 + i64::from(delta)).clamp(0, last as i64) as usize;
    }

    pub fn picked(&self) -> Picked {
        match self.index.checked_sub(1).and_then(|i| self.shown().get(i).map(|s| s.to_string())) {
            Some(value) => Picked::Value(value),
            None => Picked::Clear,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn officers() -> Picker {
        let names = ["dc.ahmed", "dc.brown", "ds.clarke"].map(String::from).to_vec();
        Picker::new("officer", "Officer in case", names)
    }

    #[test]
    fn typing_narrows_and_highlights_the_first_left() {
        let mut p = officers();
        p.typed = "DC.".into();
        p.narrowed();
        assert_eq!(p.shown(), ["dc.ahmed", "dc.brown"]);
        p.step(1);
        assert_eq!(p.picked(), Picked::Value("dc.brown".into()));
        p.step(5);
        assert_eq!(p.picked(), Picked::Value("dc.brown".into()), "the highlight stays on the lines shown");
        p.typed = "nobody".into();
        p.narrowed();
        assert_eq!(p.picked(), Picked::Clear);
    }

    #[test]
    fn it_opens_on_the_value_in_force_and_all_clears() {
        let mut p = officers().with_current(Some("ds.clarke".into()));
        assert_eq!(p.picked(), Picked::Value("ds.clarke".into()));
        p.step(-9);
        assert_eq!(p.picked(), Picked::Clear);
    }
}
