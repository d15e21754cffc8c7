//! An event file's address and vehicle columns: `[event.address]` (address
//! lines and postcode, with the place's part in the event) and
//! `[[event.vehicles]]` (a VRM column with the vehicle's part). The event a
//! row makes links to the place at that address key, or the vehicle with
//! that mark, as the API resolves them, or makes one; a value that cannot
//! be one is a finding and the row is imported without it.

use serde::Deserialize;
use toml::Spanned;

use super::event_mapping::EventPlan;
use super::mapping::{line_of, Column, MappingError};
use super::row::Finding;
use super::vehicle_part::{PartPlan, VehiclePart};
use crate::domain::event::EventKind;
use crate::domain::identifiers::parse_vrm;
use crate::domain::location::Address;
use crate::domain::object_link::ObjectRole;
use crate::domain::place_link::PlaceRole;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressMapping {
    /// The columns of the address lines, in order; empty cells are left out.
    pub lines: Vec<Column>,
    pub postcode: Column,
    /// The place's part in the event: the kind's own (crime scene, address
    /// of incident, arrest address…) when absent.
    #[serde(default)]
    pub role: Option<Spanned<PlaceRole>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehicleMapping {
    pub column: Column,
    /// The vehicle's part: `stolen_vehicle`, `vehicle_used`, `vehicle_seen`
    /// or `vehicle_involved`, or a column's values through `codes`.
    pub role: Spanned<VehiclePart>,
}

/// The address columns checked against the header.
#[derive(Debug, Clone)]
pub struct AddressPlan {
    pub lines: Vec<usize>,
    pub postcode: usize,
    pub role: PlaceRole,
}

/// The address and vehicle columns of a plan: the address, and each VRM
/// column with the vehicle's part.
pub type LinkPlans = (Option<AddressPlan>, Vec<(usize, PartPlan)>);

/// What a row links its event to, and what it could not.
#[derive(Debug, Clone, Default)]
pub struct RowLinks {
    pub place: Option<(Address, PlaceRole)>,
    pub vehicles: Vec<(String, ObjectRole)>,
    pub findings: Vec<Finding>,
}

/// Checks the address and vehicle columns against `header`.
pub fn plan(
    text: &str,
    header: &[String],
    kind: EventKind,
    address: Option<&AddressMapping>,
    vehicles: &[VehicleMapping],
) -> Result<LinkPlans, MappingError> {
    let at = |offset: usize, message: String| MappingError::At { line: line_of(text, offset), message };
    let find = |c: &Column| -> Result<usize, MappingError> {
        header
            .iter()
            .position(|h| h.trim() == c.get_ref().trim())
            .ok_or_else(|| at(c.span().start, format!("the file has no column '{}'", c.get_ref())))
    };
    let address = match address {
        None => None,
        Some(a) => {
            if a.lines.is_empty() {
                return Err(at(a.postcode.span().start, "event.address: name at least one column of lines".into()));
            }
            let role = match &a.role {
                Some(r) if r.get_ref().is_person_role() => {
                    let message = format!("event.address: '{}' is a person's part in a place", r.get_ref().as_str());
                    return Err(at(r.span().start, message));
                }
                Some(r) => *r.get_ref(),
                None => PlaceRole::of_event(kind),
            };
            let lines = a.lines.iter().map(&find).collect::<Result<_, _>>()?;
            Some(AddressPlan { lines, postcode: find(&a.postcode)?, role })
        }
    };
    let mut planned = Vec::new();
    for (i, v) in vehicles.iter().enumerate() {
        let column = |name: &str| header.iter().position(|h| h.trim() == name.trim());
        let part =
            v.role.get_ref().plan(column).map_err(|e| at(v.role.span().start, format!("event.vehicles[{i}].{e}")))?;
        planned.push((find(&v.column)?, part));
    }
    Ok((address, planned))
}

/// The place and vehicles `record` names, each checked as the API checks
/// it; an empty address or mark is none, a bad one a finding.
pub fn read(plan: &EventPlan, record: &csv::StringRecord) -> RowLinks {
    let cell = |i: usize| record.get(i).unwrap_or_default().trim().to_string();
    let mut links = RowLinks::default();
    if let Some(a) = &plan.address {
        let lines: Vec<String> = a.lines.iter().map(|i| cell(*i)).filter(|l| !l.is_empty()).collect();
        let postcode = cell(a.postcode);
        if !lines.is_empty() || !postcode.is_empty() {
            let mut address = Address { lines, postcode: postcode.clone(), borough: None, lat: None, lon: None };
            match address.validate() {
                Ok(()) => links.place = Some((address, a.role)),
                Err(e) => {
                    let value = format!("{}, {postcode}", address.lines.join(", "));
                    let reason = format!("the event's address is left off: {}", e.message);
                    links.findings.push(Finding { field: format!("address.{}", e.field), value, reason });
                }
            }
        }
    }
    for (column, part) in &plan.vehicles {
        let typed = cell(*column);
        if typed.is_empty() {
            continue;
        }
        match parse_vrm(&typed) {
            Ok(vrm) => match part.read(cell) {
                Ok(role) if !links.vehicles.iter().any(|(v, r)| *v == vrm && *r == role) => {
                    links.vehicles.push((vrm, role));
                }
                Ok(_) => {}
                Err(why) => {
                    let reason = format!("the vehicle is left off: {why}");
                    links.findings.push(Finding { field: "vrm.role".into(), value: typed, reason });
                }
            },
            Err(message) => {
                let reason = format!("the vehicle is left off: {message}");
                links.findings.push(Finding { field: "vrm".into(), value: typed, reason });
            }
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use crate::import::mapping::Mapping;

    const BASE: &str = r#"
reference = ["REF"]
[event]
kind = "crime"
occurred_at = { column = "WHEN", format = "%Y-%m-%d %H:%M" }
summary = "TEXT"
[event.nominal]
column = "WHO"
role = { value = "victim" }
[event.details]
offence = "TEXT"
status = { value = "open" }
"#;

    fn planned(extra: &str) -> Result<super::LinkPlans, String> {
        let text = format!("{BASE}{extra}");
        let mapping = Mapping::parse(&text).map_err(|e| e.to_string())?;
        let header: Vec<String> = ["REF", "WHO", "WHEN", "TEXT", "STREET", "PC", "VRM"].map(String::from).to_vec();
        let plan = mapping.event.as_ref().unwrap().plan(&text, &header).map_err(|e| e.to_string())?;
        Ok((plan.address, plan.vehicles))
    }

    #[test]
    fn columns_and_parts_are_checked_before_any_row() {
        let (address, vehicles) =
            planned("[event.address]\nlines = [\"STREET\"]\npostcode = \"PC\"\n[[event.vehicles]]\ncolumn = \"VRM\"\nrole = \"vehicle_used\"\n")
                .unwrap();
        let address = address.unwrap();
        assert_eq!(
            (address.lines, address.postcode, address.role),
            (vec![4], 5, crate::domain::place_link::PlaceRole::CrimeScene)
        );
        assert_eq!(vehicles, [(6, super::PartPlan::Fixed(crate::domain::object_link::ObjectRole::VehicleUsed))]);
        for (extra, said) in [
            ("[event.address]\nlines = [\"STREET\"]\npostcode = \"PC\"\nrole = \"lives_at\"\n", "a person's part"),
            ("[event.address]\nlines = [\"ROAD\"]\npostcode = \"PC\"\n", "no column 'ROAD'"),
            (
                "[[event.vehicles]]\ncolumn = \"VRM\"\nrole = \"phone_used\"\n",
                "event.vehicles[0].role: 'phone_used' is not a part a vehicle has",
            ),
            (
                "[[event.vehicles]]\ncolumn = \"VRM\"\nrole = { column = \"PC\", codes = { S = \"stolen\" } }\n",
                "event.vehicles[0].role.codes.S: 'stolen' is not a part a vehicle has",
            ),
        ] {
            let err = planned(extra).unwrap_err();
            assert!(err.contains("mapping line") && err.contains(said), "{err}");
        }
    }
}
