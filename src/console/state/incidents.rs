//! The incident log's state: the open crime reports it lists.

use super::list::Rows;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Incidents {
    pub rows: Rows,
}
