//! The `[event]` table of a mapping: how an event file's rows become
//! crime reports, warrants and the rest, and which column names the nominal
//! (a row already imported) each one is about. Checked whole against the
//! header and the event kind's own fields before any row is read.

use std::collections::BTreeMap;
use std::fmt;

use chrono::format::{Item, StrftimeItems};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;
use utoipa::openapi::{RefOr, Schema};
use utoipa::PartialSchema;

use super::event_links::{self, AddressMapping, AddressPlan, VehicleMapping};
use super::mapping::{line_of, Column, MappingError};
use super::vehicle_part::PartPlan;
use crate::domain::event::{
    AsbDetails, CaseDetails, CrimeDetails, CustodyDetails, EventKind, IntelligenceDetails, SafeguardingDetails,
    WarrantDetails,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMapping {
    pub kind: Spanned<EventKind>,
    /// The event's own reference (crime number, warrant number); the row's
    /// reference when absent.
    #[serde(default)]
    pub reference: Option<Column>,
    pub occurred_at: Spanned<ValueMapping>,
    pub summary: Spanned<ValueMapping>,
    #[serde(default)]
    pub borough: Option<Spanned<ValueMapping>>,
    pub nominal: NominalMapping,
    /// The kind's own fields (`offence`, `status`, `issued_on`…); dotted
    /// names reach inside (`grading.source`).
    #[serde(default)]
    pub details: BTreeMap<Spanned<String>, Spanned<ValueMapping>>,
    /// The columns of the address the event happened at: linked as a place.
    #[serde(default)]
    pub address: Option<AddressMapping>,
    /// VRM columns: each linked as a vehicle with its part.
    #[serde(default)]
    pub vehicles: Vec<VehicleMapping>,
}

/// The column naming the nominal row an event is about.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NominalMapping {
    pub column: Column,
    /// The source the nominal rows were imported under; this file's own
    /// source when absent.
    #[serde(default)]
    pub source: Option<String>,
    /// The person's part in the event: `suspect`, `victim`, `wanted_person`…
    pub role: Spanned<ValueMapping>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    Text,
    /// A calendar date, read with `format`.
    Date,
    /// A London wall-clock time (or a date, taken as midnight), read with `format`.
    Datetime,
    Number,
    /// Y/N, yes/no, true/false, 1/0.
    Bool,
    /// Several values in one cell, split at `separator` (`;` when absent).
    List,
}

/// Where one value comes from: a column (optionally through `codes`, read as
/// `type`), or a fixed `value`. A plain string is a column of text.
#[derive(Debug, Clone, Default)]
pub struct ValueMapping {
    pub column: Option<String>,
    pub value: Option<String>,
    pub codes: Option<BTreeMap<String, String>>,
    pub value_type: Option<ValueType>,
    pub format: Option<String>,
    pub separator: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueTable {
    #[serde(default)]
    column: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    codes: Option<BTreeMap<String, String>>,
    #[serde(default, rename = "type")]
    value_type: Option<ValueType>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    separator: Option<String>,
}

impl<'de> Deserialize<'de> for ValueMapping {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ValueMapping;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a column name or a table such as { column = \"X\", type = \"date\", format = \"%d/%m/%Y\" }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ValueMapping { column: Some(v.to_string()), ..Default::default() })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let t = ValueTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ValueMapping {
                    column: t.column,
                    value: t.value,
                    codes: t.codes,
                    value_type: t.value_type,
                    format: t.format,
                    separator: t.separator,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// One value resolved against the header.
#[derive(Debug, Clone)]
pub struct ValuePlan {
    pub source: ValueSource,
    pub codes: Option<BTreeMap<String, String>>,
    pub value_type: ValueType,
    pub format: Option<String>,
    pub separator: String,
    /// Where the value goes, for messages (`details.offence`).
    pub name: String,
}

#[derive(Debug, Clone)]
pub enum ValueSource {
    Column(usize),
    Fixed(String),
}

/// An event mapping checked against a header.
#[derive(Debug)]
pub struct EventPlan {
    pub kind: EventKind,
    pub reference: Option<usize>,
    pub occurred_at: ValuePlan,
    pub summary: ValuePlan,
    pub borough: Option<ValuePlan>,
    pub nominal: usize,
    pub nominal_source: Option<String>,
    pub role: ValuePlan,
    /// (dotted path, value).
    pub details: Vec<(Vec<String>, ValuePlan)>,
    pub address: Option<AddressPlan>,
    /// (VRM column, the vehicle's part).
    pub vehicles: Vec<(usize, PartPlan)>,
}

/// The top-level fields of a kind's details and which of them are required.
fn schema_fields(kind: EventKind) -> (Vec<String>, Vec<String>) {
    let schema = match kind {
        EventKind::Crime => CrimeDetails::schema(),
        EventKind::Intelligence => IntelligenceDetails::schema(),
        EventKind::Safeguarding => SafeguardingDetails::schema(),
        EventKind::Asb => AsbDetails::schema(),
        EventKind::Custody => CustodyDetails::schema(),
        EventKind::Case => CaseDetails::schema(),
        EventKind::Warrant => WarrantDetails::schema(),
        EventKind::Incident => crate::domain::incident::IncidentDetails::schema(),
    };
    match schema {
        RefOr::T(Schema::Object(o)) => (o.properties.keys().cloned().collect(), o.required.clone()),
        _ => (Vec::new(), Vec::new()),
    }
}

fn check_format(format: &str) -> bool {
    !format.is_empty() && !StrftimeItems::new(format).any(|i| matches!(i, Item::Error))
}

impl EventMapping {
    pub fn plan(&self, text: &str, header: &[String]) -> Result<EventPlan, MappingError> {
        let at = |offset: usize, message: String| MappingError::At { line: line_of(text, offset), message };
        let find = |name: &str, offset: usize| -> Result<usize, MappingError> {
            header
                .iter()
                .position(|h| h.trim() == name.trim())
                .ok_or_else(|| at(offset, format!("the file has no column '{name}'")))
        };
        let value = |name: &str,
                     v: &Spanned<ValueMapping>,
                     default_type: ValueType|
         -> Result<ValuePlan, MappingError> {
            let offset = v.span().start;
            let m = v.get_ref();
            let source = match (&m.column, &m.value) {
                (Some(c), None) => ValueSource::Column(find(c, offset)?),
                (None, Some(fixed)) => ValueSource::Fixed(fixed.clone()),
                _ => return Err(at(offset, format!("{name}: give either 'column' or 'value'"))),
            };
            let value_type = m.value_type.unwrap_or(default_type);
            if matches!(value_type, ValueType::Date | ValueType::Datetime) {
                match &m.format {
                    Some(f) if check_format(f) => {}
                    Some(f) => return Err(at(offset, format!("{name}: '{f}' is not a date format"))),
                    None => {
                        let what = if value_type == ValueType::Date { "date" } else { "datetime" };
                        return Err(at(offset, format!("{name}: a {what} needs its 'format'")));
                    }
                }
            }
            Ok(ValuePlan {
                source,
                codes: m.codes.as_ref().map(|c| c.iter().map(|(k, v)| (k.trim().to_uppercase(), v.clone())).collect()),
                value_type,
                format: m.format.clone(),
                separator: m.separator.clone().unwrap_or_else(|| ";".into()),
                name: name.to_string(),
            })
        };
        let kind = *self.kind.get_ref();
        let (fields, required) = schema_fields(kind);
        let mut details = Vec::new();
        for (key, v) in &self.details {
            let path: Vec<String> = key.get_ref().split('.').map(str::to_string).collect();
            if path.iter().any(String::is_empty) || !fields.contains(&path[0]) {
                return Err(at(
                    key.span().start,
                    format!("'{}' is not a field of a {kind}; its fields are {}", key.get_ref(), fields.join(", ")),
                ));
            }
            details.push((path, value(&format!("details.{}", key.get_ref()), v, ValueType::Text)?));
        }
        for r in &required {
            if !details.iter().any(|(p, _)| &p[0] == r) {
                return Err(at(self.kind.span().start, format!("a {kind} needs its '{r}' in [event.details]")));
            }
        }
        let (address, vehicles) = event_links::plan(text, header, kind, self.address.as_ref(), &self.vehicles)?;
        Ok(EventPlan {
            address,
            vehicles,
            kind,
            reference: self.reference.as_ref().map(|c| find(c.get_ref(), c.span().start)).transpose()?,
            occurred_at: value("occurred_at", &self.occurred_at, ValueType::Datetime)?,
            summary: value("summary", &self.summary, ValueType::Text)?,
            borough: self.borough.as_ref().map(|b| value("borough", b, ValueType::Text)).transpose()?,
            nominal: find(self.nominal.column.get_ref(), self.nominal.column.span().start)?,
            nominal_source: self.nominal.source.clone(),
            role: value("role", &self.nominal.role, ValueType::Text)?,
            details,
        })
    }
}
