//! A vehicle's part in an imported event: one for every row
//! (`role = "stolen_vehicle"`), or read from a column through a table of
//! the file's values (`role = { column = "VRM_ROLE", codes = { S =
//! "stolen_vehicle", U = "vehicle_used" } }`), so that one file's stolen
//! cars come in stolen and its cars used come in used. Every part the
//! table names is checked at load, the field named.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::domain::object_link::ObjectRole;

/// The part as the mapping writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VehiclePart {
    Fixed(String),
    Column { column: String, codes: BTreeMap<String, String> },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartTable {
    column: String,
    codes: BTreeMap<String, String>,
}

impl<'de> Deserialize<'de> for VehiclePart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = VehiclePart;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a part such as \"stolen_vehicle\", or { column = \"X\", codes = { S = \"stolen_vehicle\" } }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(VehiclePart::Fixed(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let t = PartTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(VehiclePart::Column { column: t.column, codes: t.codes })
            }
        }
        d.deserialize_any(V)
    }
}

/// The part checked against the header: fixed, or the column's index with
/// its values (trimmed, in capitals) to parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartPlan {
    Fixed(ObjectRole),
    Column { column: usize, name: String, codes: BTreeMap<String, ObjectRole> },
}

/// A part a vehicle has in an event, or why `text` is not one.
fn vehicle_role(text: &str) -> Result<ObjectRole, String> {
    match ObjectRole::parse(text.trim()) {
        Some(role) if role.object_kind() == "vehicle" => Ok(role),
        _ => {
            let fitting: Vec<&str> =
                ObjectRole::ALL.into_iter().filter(|r| r.object_kind() == "vehicle").map(ObjectRole::as_str).collect();
            Err(format!("'{}' is not a part a vehicle has in an event: {}", text.trim(), fitting.join(", ")))
        }
    }
}

impl VehiclePart {
    /// Checks every part the mapping names; `find` gives a column's index.
    /// Errors name the field: `role`, `role.column`, `role.codes.S`.
    pub fn plan(&self, find: impl Fn(&str) -> Option<usize>) -> Result<PartPlan, String> {
        match self {
            VehiclePart::Fixed(text) => vehicle_role(text).map(PartPlan::Fixed).map_err(|e| format!("role: {e}")),
            VehiclePart::Column { column, codes } => {
                let index = find(column).ok_or_else(|| format!("role.column: the file has no column '{column}'"))?;
                if codes.is_empty() {
                    return Err("role.codes: give at least one of the file's values with its part".into());
                }
                let mut planned = BTreeMap::new();
                for (value, part) in codes {
                    let role = vehicle_role(part).map_err(|e| format!("role.codes.{value}: {e}"))?;
                    planned.insert(value.trim().to_uppercase(), role);
                }
                Ok(PartPlan::Column { column: index, name: column.clone(), codes: planned })
            }
        }
    }
}

impl PartPlan {
    /// The part `cell` (a row's cells by index) gives, or why it gives none.
    pub fn read(&self, cell: impl Fn(usize) -> String) -> Result<ObjectRole, String> {
        match self {
            PartPlan::Fixed(role) => Ok(*role),
            PartPlan::Column { column, name, codes } => {
                let raw = cell(*column);
                codes.get(&raw.trim().to_uppercase()).copied().ok_or_else(|| {
                    let known: Vec<&str> = codes.keys().map(String::as_str).collect();
                    format!("{name} '{raw}' is not a value the mapping's codes know ({})", known.join(", "))
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(text: &str) -> VehiclePart {
        #[derive(Deserialize)]
        struct Holder {
            role: VehiclePart,
        }
        toml::from_str::<Holder>(text).unwrap().role
    }

    fn find(name: &str) -> Option<usize> {
        ["VRM", "VRM_ROLE"].iter().position(|c| *c == name)
    }

    #[test]
    fn a_fixed_part_or_a_column_through_codes() {
        assert_eq!(part("role = \"stolen_vehicle\"").plan(find), Ok(PartPlan::Fixed(ObjectRole::StolenVehicle)));
        let plan =
            part("role = { column = \"VRM_ROLE\", codes = { s = \"stolen_vehicle\", \"\" = \"vehicle_involved\" } }")
                .plan(find)
                .unwrap();
        let row = |value: &'static str| move |i: usize| if i == 1 { value.to_string() } else { "LB07SEO".into() };
        assert_eq!(plan.read(row(" S ")), Ok(ObjectRole::StolenVehicle));
        assert_eq!(plan.read(row("")), Ok(ObjectRole::VehicleInvolved));
        let unknown = plan.read(row("Q")).unwrap_err();
        assert!(unknown.contains("VRM_ROLE 'Q'") && unknown.contains("(, S)"), "{unknown}");
    }

    #[test]
    fn every_part_is_checked_with_its_field_named() {
        for (text, said) in [
            ("role = \"stolen_phone\"", "role: 'stolen_phone' is not a part a vehicle has"),
            ("role = \"stoeln\"", "role: 'stoeln' is not a part a vehicle has"),
            (
                "role = { column = \"WHY\", codes = { S = \"stolen_vehicle\" } }",
                "role.column: the file has no column 'WHY'",
            ),
            ("role = { column = \"VRM_ROLE\", codes = {} }", "role.codes: give at least one"),
            (
                "role = { column = \"VRM_ROLE\", codes = { S = \"stolen_vehicle\", U = \"used\" } }",
                "role.codes.U: 'used' is not a part a vehicle has in an event: stolen_vehicle, vehicle_used",
            ),
        ] {
            let err = part(text).plan(find).unwrap_err();
            assert!(err.starts_with(said), "{text}: {err}");
        }
    }
}
