//! A list's view state, and a list of records loaded from one collection:
//! what every list pane keeps, whatever its rows are.

use crate::domain::event::Event;

/// One list's view state: the selected id and the scroll position.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListState {
    pub selected: Option<String>,
    /// Where the selection was, to land near it if its row goes away.
    pub last_index: usize,
    /// The first row shown.
    pub offset: usize,
    pub filter: String,
    pub filter_editing: bool,
}

/// A list of events loaded from one collection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    pub items: Vec<Event>,
    /// More records are open than were loaded (the newest are): the list
    /// is not whole, and says so.
    pub partial: bool,
    /// How many more are open than were loaded, as the server counted them;
    /// at least that many when `more_at_least` (it stops counting).
    pub more: usize,
    pub more_at_least: bool,
    pub loaded: bool,
    pub loading: bool,
    /// Records that changed while a load was on its way: the load may have
    /// been read before them, so they are kept and read again when it lands.
    pub touched_while_loading: Vec<String>,
    /// Someone the list names changed while a load was on its way: the
    /// list is asked for again when it lands, for their flags.
    pub people_stale: bool,
    pub error: Option<String>,
    pub list: ListState,
}
