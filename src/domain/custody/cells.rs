//! Whether a detainee may be put in a cell: it is one of the suite's cells,
//! and nobody else is in it unless the custody officer says why they share
//! (the reason goes in the custody log, so a shared cell is never an
//! accident the board discovers later).

use super::ActionError;
use crate::domain::location::Location;

/// A cell shown this many ways in an error before the list is shortened.
const CELLS_LISTED: usize = 8;

/// Where a detainee is put: the cell as the suite spells it, and the
/// custody log's text when they share it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub cell: String,
    pub shared: Option<String>,
}

/// The cell `typed` names at `suite`, if it has one.
pub fn suite_cell(suite: &Location, typed: &str) -> Result<String, ActionError> {
    suite.cell(typed).ok_or_else(|| {
        ActionError::invalid(
            "cell",
            format!("'{}' is not a cell of {} ({})", typed.trim(), suite.name, cells_text(suite)),
        )
    })
}

/// Checks `cell` (as [`suite_cell`] gave it) where the open custody records
/// `occupants` (by reference) already are: an occupied cell is refused,
/// naming who is in it, unless `share_reason` says why they double up.
pub fn check_cell(cell: String, occupants: &[String], share_reason: Option<&str>) -> Result<Placement, ActionError> {
    if occupants.is_empty() {
        return Ok(Placement { cell, shared: None });
    }
    let who = occupants.join(", ");
    match share_reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) => {
            let shared = Some(format!("Sharing cell {cell} with {who}: {reason}"));
            Ok(Placement { cell, shared })
        }
        None => Err(ActionError::Occupied(format!(
            "cell {cell} is occupied by {who}: choose a free cell, or give share_reason to double up"
        ))),
    }
}

/// The suite's cells as an operator reads them: all of a few, else the
/// first and last.
fn cells_text(suite: &Location) -> String {
    let cells = suite.suite.as_ref().map(|s| s.cells.as_slice()).unwrap_or_default();
    match (cells.first(), cells.last()) {
        (Some(first), Some(last)) if cells.len() > CELLS_LISTED => format!("cells {first} to {last}"),
        (Some(_), _) => format!("cells {}", cells.join(", ")),
        _ => "no cells set up".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::location::{Address, LocationKind, SuiteSetup};

    fn suite(cells: usize) -> Location {
        Location {
            id: "s-bx".into(),
            kind: LocationKind::CustodySuite,
            name: "Brixton Custody Suite".into(),
            address: Address {
                lines: vec!["1 Road".into()],
                postcode: "SW9 7DD".into(),
                borough: None,
                lat: None,
                lon: None,
            },
            suite: Some(SuiteSetup { code: "BX".into(), cells: (1..=cells).map(|c| format!("C{c}")).collect() }),
        }
    }

    #[test]
    fn a_cell_the_suite_does_not_have_is_refused_by_name() {
        let err = suite_cell(&suite(30), "Z99").unwrap_err();
        assert_eq!(err.to_string(), "cell: 'Z99' is not a cell of Brixton Custody Suite (cells C1 to C30)");
        let err = suite_cell(&suite(3), "C4").unwrap_err();
        assert!(err.to_string().ends_with("(cells C1, C2, C3)"), "{err}");
        assert_eq!(suite_cell(&suite(3), "c3").unwrap(), "C3");
    }

    #[test]
    fn an_occupied_cell_is_refused_naming_who_is_in_it() {
        let err = check_cell("C3".into(), &["CU/26/0000002".into()], None).unwrap_err();
        assert!(
            matches!(&err, ActionError::Occupied(m) if m.contains("cell C3") && m.contains("CU/26/0000002")),
            "{err}"
        );
        let blank = check_cell("C3".into(), &["CU/26/0000002".into()], Some("  ")).unwrap_err();
        assert!(matches!(blank, ActionError::Occupied(_)));
    }

    #[test]
    fn doubling_up_with_a_reason_is_written_down() {
        let shared = check_cell("C3".into(), &["CU/26/0000002".into()], Some("suite full")).unwrap();
        assert_eq!(shared.shared.as_deref(), Some("Sharing cell C3 with CU/26/0000002: suite full"));
        assert_eq!(check_cell("C3".into(), &[], Some("suite full")).unwrap().shared, None);
    }
}
