//! Places: addresses with postcode and coordinates, custody suites, courts.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::boroughs;
use super::FieldError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub lines: Vec<String>,
    pub postcode: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// Upper-cases a UK postcode and puts the single space before the inward
/// code ("sw21aa" → "SW2 1AA"), refusing what is not one: the outward code
/// is A9, A99, AA9, AA99, A9A or AA9A, the inward code a digit and two
/// letters of those the Post Office uses (GIR 0AA too).
pub fn normalise_postcode(input: &str) -> Result<String, String> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if !is_postcode(&compact) {
        return Err(format!("'{input}' is not a UK postcode"));
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    Ok(format!("{outward} {inward}"))
}

/// Whether `compact` (capitals, no spaces) is a UK postcode.
pub fn is_postcode(compact: &str) -> bool {
    if compact == "GIR0AA" {
        return true;
    }
    let b = compact.as_bytes();
    if !(5..=7).contains(&b.len()) || !b.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (outward, inward) = b.split_at(b.len() - 3);
    is_outward(outward) && inward[0].is_ascii_digit() && inward[1..].iter().all(|c| b"ABDEFGHJLNPQRSTUWXYZ".contains(c))
}

/// Whether `outward` (capitals) is a postcode's outward code: SW2, SW1A, E1W, N16.
pub fn is_outward(outward: &[u8]) -> bool {
    let letter = |c: &u8| c.is_ascii_uppercase();
    let digit = |c: &u8| c.is_ascii_digit();
    match outward {
        [a, d] => letter(a) && digit(d),
        [a, b, c] => letter(a) && ((digit(b) && (digit(c) || letter(c))) || (letter(b) && digit(c))),
        [a, b, c, d] => letter(a) && letter(b) && digit(c) && (digit(d) || letter(d)),
        _ => false,
    }
}

impl Address {
    pub fn validate(&mut self) -> Result<(), FieldError> {
        if self.lines.iter().all(|l| l.trim().is_empty()) {
            return Err(FieldError::new("lines", "at least one address line is required"));
        }
        for (i, line) in self.lines.iter().enumerate() {
            super::text::identity(&format!("lines[{i}]"), line)?;
        }
        self.postcode = normalise_postcode(&self.postcode).map_err(|m| FieldError::new("postcode", m))?;
        if let Some(b) = &self.borough {
            let canonical = boroughs::canonical(b)
                .ok_or_else(|| FieldError::new("borough", format!("'{b}' is not a London borough")))?;
            self.borough = Some(canonical.to_string());
        }
        if self.lat.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
            return Err(FieldError::new("lat", "must be between -90 and 90"));
        }
        if self.lon.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
            return Err(FieldError::new("lon", "must be between -180 and 180"));
        }
        Ok(())
    }

    /// The short area an operator recognises: borough, else postcode district.
    pub fn area(&self) -> String {
        self.borough.clone().unwrap_or_else(|| self.postcode.split(' ').next().unwrap_or_default().to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    Address,
    CustodySuite,
    Court,
}

/// A place known in its own right, such as a custody suite or a court.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Location {
    pub id: String,
    pub kind: LocationKind,
    pub name: String,
    pub address: Address,
    /// A custody suite's short code and cells; absent for other places (and
    /// for a suite set up before suites had them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suite: Option<SuiteSetup>,
}

/// What a custody suite is set up with: the short code that tells it from
/// every other suite on the all-suites board and in a command, and the
/// cells a detainee may be put in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuiteSetup {
    /// Unique among the force's suites: "BX", "BR".
    pub code: String,
    /// The cells, by the names on their doors: "C1", "C2"…
    pub cells: Vec<String>,
}

/// Words a suite's name may leave off when typed: "Brixton" for "Brixton
/// Custody Suite".
const SUITE_NAME_TAIL: &[&str] = &["custody suite", "police station", "custody"];

impl Location {
    /// The suite's short code, if it has one.
    pub fn code(&self) -> Option<&str> {
        self.suite.as_ref().map(|s| s.code.as_str())
    }

    /// Whether `typed` names this place: its id, its code or its name, in
    /// any case, and a suite's name without "Custody Suite".
    pub fn answers_to(&self, typed: &str) -> bool {
        let typed = typed.trim();
        if typed.is_empty() {
            return false;
        }
        let lower = typed.to_lowercase();
        let name = self.name.to_lowercase();
        let short = SUITE_NAME_TAIL.iter().find_map(|tail| name.strip_suffix(tail)).map(str::trim_end);
        self.id == typed
            || self.code().is_some_and(|c| c.eq_ignore_ascii_case(typed))
            || name == lower
            || short == Some(lower.as_str())
    }

    /// The cell `typed` names here, spelt as the suite spells it, if a
    /// detainee may be put in it: any cell when the suite has no cells set up.
    pub fn cell(&self, typed: &str) -> Option<String> {
        let typed = typed.trim();
        match self.suite.as_ref().map(|s| s.cells.as_slice()).unwrap_or_default() {
            [] => Some(typed.to_string()),
            cells => cells.iter().find(|c| c.eq_ignore_ascii_case(typed)).cloned(),
        }
    }
}

/// The place among `places` that `typed` names (see [`Location::answers_to`]).
pub fn find_place<'a>(places: &'a [Location], typed: &str) -> Option<&'a Location> {
    places.iter().find(|l| l.id == typed.trim()).or_else(|| places.iter().find(|l| l.answers_to(typed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_normalise() {
        assert_eq!(normalise_postcode("sw1a1aa").unwrap(), "SW1A 1AA");
        assert_eq!(normalise_postcode("E1 6AN").unwrap(), "E1 6AN");
        assert_eq!(normalise_postcode("SW21AA").unwrap(), "SW2 1AA");
        assert_eq!(normalise_postcode(" n16 7tx ").unwrap(), "N16 7TX");
        assert_eq!(normalise_postcode("E1W 1AA").unwrap(), "E1W 1AA");
        for bad in ["123", "SW2 1A", "SW2 1CA", "2SW 1AA", "SWW2 1AA", "SW2 AAA", "SW2-1AA", "ZZZZZZ"] {
            assert!(normalise_postcode(bad).is_err(), "{bad}");
        }
    }

    fn suite(id: &str, name: &str, code: &str) -> Location {
        Location {
            id: id.into(),
            kind: LocationKind::CustodySuite,
            name: name.into(),
            address: Address {
                lines: vec![name.into()],
                postcode: "SW9 7DD".into(),
                borough: None,
                lat: None,
                lon: None,
            },
            suite: Some(SuiteSetup { code: code.into(), cells: vec!["C1".into(), "C2".into()] }),
        }
    }

    #[test]
    fn a_suite_answers_to_its_id_code_and_name_in_any_case() {
        let suites = [
            suite("s-bx", "Brixton Custody Suite", "BX"),
            suite("s-bg", "Bethnal Green Custody Suite", "BG"),
            suite("s-br", "Bromley Custody Suite", "BR"),
        ];
        for typed in ["s-bg", "bg", "BG", "Bethnal Green", "bethnal green custody suite", " BETHNAL GREEN "] {
            assert_eq!(find_place(&suites, typed).map(|l| l.id.as_str()), Some("s-bg"), "{typed}");
        }
        for typed in ["B", "", "Bethnal", "green", "s-b"] {
            assert_eq!(find_place(&suites, typed), None, "{typed}");
        }
    }

    #[test]
    fn a_suite_has_the_cells_it_is_set_up_with() {
        let mut s = suite("s-bx", "Brixton Custody Suite", "BX");
        assert_eq!(s.cell("C1").as_deref(), Some("C1"));
        assert_eq!(s.cell(" c2").as_deref(), Some("C2"));
        assert_eq!(s.cell("Z99"), None);
        assert_eq!(s.cell("C3"), None);
        s.suite = None;
        assert_eq!(s.cell("Z99").as_deref(), Some("Z99"), "a suite with no cells set up takes any cell");
    }
}
