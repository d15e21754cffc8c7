//! What custody staff do to a detainee's record, as typed actions: booking
//! in, risk assessment, rights, the appropriate adult, visits, reviews,
//! extensions and warrants, interviews, meals, cell moves, transfers and the
//! outcomes that end detention. Each action checks who may take it, is
//! checked against the PACE rules, and changes the record by appending timed,
//! attributed entries to its log. Pure: the server supplies the caller's
//! roles, the detainee's warning markers and the time.

mod action;
mod apply;
mod bail_grant;
mod book_in;
mod carried;
mod cells;
mod error;
mod risk;

pub use action::{CustodyAction, Meal, Right};
pub use book_in::{needs_appropriate_adult, BookIn};
pub use carried::{carried_from, CarriedDetention};
pub use cells::{check_cell, suite_cell, Placement};
pub use error::ActionError;
pub use risk::{observation_floor, RISK_MARKERS};

/// Entry kinds this module writes besides those the PACE rules read.
pub mod kinds {
    pub const BOOKED_IN: &str = "booked_in";
    pub const AUTHORISATION: &str = "authorisation";
    pub const RISK_ASSESSMENT: &str = "risk_assessment";
    pub const RIGHTS: &str = "rights";
    pub const RIGHTS_DELAYED: &str = "rights_delayed";
    pub const INTERVIEW: &str = "interview";
    pub const SOLICITOR: &str = "solicitor";
    pub const MEAL: &str = "meal";
    pub const CELL_MOVE: &str = "cell_move";
    /// Put in a cell someone else is in, with the custody officer's reason.
    pub const CELL_SHARED: &str = "cell_shared";
    pub const TRANSFER: &str = "transfer";
    pub const RELEASE: &str = "release";
    /// Detention spent before bail, counted on a record opened on answering it.
    pub const DETENTION_CARRIED: &str = "detention_carried";
}

#[cfg(test)]
mod tests;
