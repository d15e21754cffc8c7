//! The person: the one record everything else links to.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dates::{check_birth_date, check_in_range, PartialDate};
use super::error::require_text;
use super::identifiers::{field, parse_cro, parse_phone, parse_pnc};
use super::location::Address;
use super::provenance::Provenance;
use super::{text, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// The name the person is known by.
    Primary,
    Alias,
    Maiden,
    Previous,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonName {
    /// Given names in order, space separated.
    pub forenames: String,
    pub surname: String,
    #[serde(default = "primary")]
    pub kind: NameKind,
    #[serde(default)]
    pub provenance: Provenance,
}

fn primary() -> NameKind {
    NameKind::Primary
}

impl PersonName {
    pub fn full(&self) -> String {
        format!("{} {}", self.forenames.trim(), self.surname.trim()).trim().to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
    Other,
    Unknown,
}

/// Self-defined ethnicity codes (16+1).
pub const ETHNICITY_CODES: [&str; 17] =
    ["W1", "W2", "W9", "M1", "M2", "M3", "M9", "A1", "A2", "A3", "A9", "B1", "B2", "B9", "O1", "O9", "NS"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    Pnc,
    Cro,
    NiNumber,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Identifier {
    pub kind: IdentifierKind,
    pub value: String,
    /// For `other`: what kind of identifier this is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default)]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonAddress {
    pub address: Address,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    pub number: String,
    #[serde(default)]
    pub provenance: Provenance,
}

/// Warning marker categories (configurable in a force; these are the defaults).
pub const MARKER_CATEGORIES: [(&str, &str); 12] = [
    ("ailment", "AL"),
    ("contagious", "CO"),
    ("drugs", "DR"),
    ("escaper", "ES"),
    ("explosives", "EX"),
    ("firearms", "FI"),
    ("weapons", "WE"),
    ("violent", "VI"),
    ("suicidal", "SU"),
    ("self_harm", "SH"),
    ("mental_health", "MH"),
    ("impersonates_opposite_sex", "IS"),
];

/// The short label a marker shows as on a busy screen.
pub fn marker_label(category: &str) -> &'static str {
    MARKER_CATEGORIES.iter().find(|(c, _)| *c == category).map(|(_, l)| *l).unwrap_or("??")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarningMarker {
    pub category: String,
    pub recorded_on: NaiveDate,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    #[serde(default)]
    pub provenance: Provenance,
}

impl WarningMarker {
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.expires_on.is_none_or(|e| e >= today)
    }
}

/// Flags derived from the person's open records, never entered by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Flags {
    /// An outstanding, circulated warrant.
    pub wanted: bool,
    /// An open custody record.
    pub in_custody: bool,
    /// An open missing-person report.
    pub missing: bool,
    /// An open high-risk safeguarding report.
    pub at_risk: bool,
    /// Bail still running, with its conditions.
    #[serde(default)]
    pub on_bail: bool,
}

impl Flags {
    pub fn set(&mut self, flag: super::event::Flag) {
        use super::event::Flag;
        match flag {
            Flag::Wanted => self.wanted = true,
            Flag::InCustody => self.in_custody = true,
            Flag::Missing => self.missing = true,
            Flag::AtRisk => self.at_risk = true,
            Flag::OnBail => self.on_bail = true,
        }
    }

    /// Whether `flag` is set.
    pub fn has(self, flag: super::event::Flag) -> bool {
        use super::event::Flag;
        match flag {
            Flag::Wanted => self.wanted,
            Flag::InCustody => self.in_custody,
            Flag::Missing => self.missing,
            Flag::AtRisk => self.at_risk,
            Flag::OnBail => self.on_bail,
        }
    }

    /// Only the flags `keep` lets through (need-to-know: the flags whose
    /// source the reader may read).
    pub fn only(self, keep: impl Fn(super::event::Flag) -> bool) -> Flags {
        let mut out = Flags::default();
        for flag in super::event::Flag::ALL {
            if self.has(flag) && keep(flag) {
                out.set(flag);
            }
        }
        out
    }

    /// The flags set, each as its symbol and word (`⚑ WANTED`), so they
    /// mean the same without colour: for every row a person appears on.
    pub fn labels(self) -> Vec<&'static str> {
        super::event::Flag::ALL.into_iter().filter(|f| self.has(*f)).map(flag_label).collect()
    }
}

/// A flag's symbol and word, the same in the console and the CLI.
pub fn flag_label(flag: super::event::Flag) -> &'static str {
    use super::event::Flag;
    match flag {
        Flag::Wanted => "⚑ WANTED",
        Flag::InCustody => "▣ IN CUSTODY",
        Flag::Missing => "? MISSING",
        Flag::AtRisk => "! AT RISK",
        Flag::OnBail => "◷ ON BAIL",
    }
}

/// A person as entered: what a create or an update carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonDetails {
    /// The first `primary` name is the one shown; the rest are aliases.
    pub names: Vec<PersonName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Self-defined ethnicity code (16+1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    #[serde(default)]
    pub identifiers: Vec<Identifier>,
    #[serde(default)]
    pub addresses: Vec<PersonAddress>,
    #[serde(default)]
    pub phones: Vec<Phone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub markers: Vec<WarningMarker>,
}

/// The stored person: details plus identity, version and provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Person {
    pub id: String,
    pub version: i64,
    #[serde(flatten)]
    pub details: PersonDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub provenance: Provenance,
}

impl Person {
    pub fn primary_name(&self) -> Option<&PersonName> {
        self.details.primary_name()
    }

    pub fn display_name(&self) -> String {
        self.primary_name().map(PersonName::full).unwrap_or_default()
    }
}

impl PersonDetails {
    pub fn primary_name(&self) -> Option<&PersonName> {
        self.names.iter().find(|n| n.kind == NameKind::Primary).or_else(|| self.names.first())
    }

    /// The latest address that has not ended.
    pub fn current_address(&self) -> Option<&Address> {
        self.addresses
            .iter()
            .filter(|a| a.to.is_none())
            .max_by_key(|a| a.from)
            .or_else(|| self.addresses.iter().max_by_key(|a| a.to))
            .map(|a| &a.address)
    }

    pub fn identifier(&self, kind: IdentifierKind) -> Option<&str> {
        self.identifiers.iter().find(|i| i.kind == kind).map(|i| i.value.as_str())
    }

    /// Checks every field, puts identifiers into canonical form and stamps
    /// provenance on facts that carry none. Each text is held to the rule
    /// it needs (names, identifiers, address lines and phones to
    /// `text::identity`, the rest as free text) field by field, rather than
    /// by writing the person out: an import validates a million rows.
    pub fn validate(&mut self, today: NaiveDate, by: &str, at: DateTime<Utc>) -> Result<(), FieldError> {
        if self.names.is_empty() {
            return Err(FieldError::new("names", "at least one name is required"));
        }
        if self.names.len() > 50 {
            return Err(FieldError::new("names", "more than 50 names"));
        }
        for (i, name) in self.names.iter_mut().enumerate() {
            text::identity(&format!("names[{i}].forenames"), &name.forenames)?;
            text::identity(&format!("names[{i}].surname"), &name.surname)?;
            require_text(&format!("names[{i}].surname"), &name.surname)?;
            if name.forenames.len() > 200 || name.surname.len() > 200 {
                return Err(FieldError::new(format!("names[{i}]"), "a name is longer than 200 characters"));
            }
            name.forenames = name.forenames.split_whitespace().collect::<Vec<_>>().join(" ");
            name.surname = name.surname.split_whitespace().collect::<Vec<_>>().join(" ");
            name.provenance.stamp(by, at);
        }
        if let Some(dob) = self.date_of_birth {
            check_birth_date("date_of_birth", dob, today)?;
        }
        if let Some(code) = &self.ethnicity {
            let upper = code.trim().to_ascii_uppercase();
            if !ETHNICITY_CODES.contains(&upper.as_str()) {
                return Err(FieldError::new(
                    "ethnicity",
                    format!("'{code}' is not a self-defined ethnicity code ({})", ETHNICITY_CODES.join(", ")),
                ));
            }
            self.ethnicity = Some(upper);
        }
        for (i, id) in self.identifiers.iter_mut().enumerate() {
            let f = format!("identifiers[{i}].value");
            text::identity(&f, &id.value)?;
            if let Some(label) = &id.label {
                text::identity(&format!("identifiers[{i}].label"), label)?;
            }
            id.value = match id.kind {
                IdentifierKind::Pnc => field(&f, parse_pnc(&id.value))?,
                IdentifierKind::Cro => field(&f, parse_cro(&id.value))?,
                IdentifierKind::NiNumber | IdentifierKind::Other => {
                    require_text(&f, &id.value)?;
                    id.value.trim().to_ascii_uppercase()
                }
            };
            id.provenance.stamp(by, at);
        }
        for (i, address) in self.addresses.iter_mut().enumerate() {
            address.address.validate().map_err(|e| e.within(&format!("addresses[{i}].address")))?;
            for (field, date) in [("from", address.from), ("to", address.to)] {
                if let Some(date) = date {
                    check_in_range(&format!("addresses[{i}].{field}"), date, today)?;
                }
            }
            if let (Some(from), Some(to)) = (address.from, address.to) {
                if to < from {
                    return Err(FieldError::new(format!("addresses[{i}].to"), "is before 'from'"));
                }
            }
            address.provenance.stamp(by, at);
        }
        for (i, phone) in self.phones.iter_mut().enumerate() {
            text::identity(&format!("phones[{i}].number"), &phone.number)?;
            phone.number = field(&format!("phones[{i}].number"), parse_phone(&phone.number))?;
            phone.provenance.stamp(by, at);
        }
        for (i, marker) in self.markers.iter_mut().enumerate() {
            if !MARKER_CATEGORIES.iter().any(|(c, _)| *c == marker.category) {
                let names: Vec<&str> = MARKER_CATEGORIES.iter().map(|(c, _)| *c).collect();
                return Err(FieldError::new(
                    format!("markers[{i}].category"),
                    format!("'{}' is not a marker category ({})", marker.category, names.join(", ")),
                ));
            }
            require_text(&format!("markers[{i}].source"), &marker.source)?;
            if marker.recorded_on > today {
                return Err(FieldError::new(format!("markers[{i}].recorded_on"), "is in the future"));
            }
            check_in_range(&format!("markers[{i}].recorded_on"), marker.recorded_on, today)?;
            if let Some(expires) = marker.expires_on {
                check_in_range(&format!("markers[{i}].expires_on"), expires, today)?;
            }
            if marker.expires_on.is_some_and(|e| e < marker.recorded_on) {
                return Err(FieldError::new(format!("markers[{i}].expires_on"), "is before recorded_on"));
            }
            marker.provenance.stamp(by, at);
        }
        if let Some(description) = &self.description {
            text::free_text("description", description)?;
            if description.len() > 10_000 {
                return Err(FieldError::new("description", "is longer than 10000 characters"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn details() -> PersonDetails {
        serde_json::from_value(serde_json::json!({
            "names": [{"forenames": "John  Paul", "surname": "Smith"}],
            "date_of_birth": "1980-01-02",
            "identifiers": [{"kind": "pnc", "value": super::super::identifiers::format_pnc(80, 1234)}]
        }))
        .unwrap()
    }

    #[test]
    fn validation_normalises_and_stamps() {
        let mut d = details();
        d.validate(today(), "pc1", Utc::now()).unwrap();
        assert_eq!(d.names[0].forenames, "John Paul");
        assert_eq!(d.names[0].provenance.entered_by, "pc1");
    }

    #[test]
    fn validation_names_the_field() {
        let mut d = details();
        d.identifiers[0].value = "80/1234Q".into();
        let err = d.validate(today(), "pc1", Utc::now()).unwrap_err();
        assert_eq!(err.field, "identifiers[0].value");
        let mut d = details();
        d.date_of_birth = Some("2030-01-01".parse().unwrap());
        assert_eq!(d.validate(today(), "pc1", Utc::now()).unwrap_err().field, "date_of_birth");
    }

    #[test]
    fn names_that_would_display_as_another_are_refused() {
        for (surname, why) in [("Sm\u{202E}ith", "bidirectional"), ("Sm\u{200B}ith", "invisible"), ("Sm\0ith", "NUL")] {
            let mut d = details();
            d.names[0].surname = surname.into();
            let err = d.validate(today(), "pc1", Utc::now()).unwrap_err();
            assert_eq!(err.field, "names[0].surname");
            assert!(err.message.contains(why), "{}", err.message);
        }
        let mut d = details();
        d.names[0].forenames = "Jo\u{7}hn".into();
        assert_eq!(d.validate(today(), "pc1", Utc::now()).unwrap_err().field, "names[0].forenames");
        let mut d = details();
        d.date_of_birth = Some("1899-12-31".parse().unwrap());
        assert_eq!(d.validate(today(), "pc1", Utc::now()).unwrap_err().field, "date_of_birth");
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = serde_json::from_value::<PersonDetails>(serde_json::json!({
            "names": [], "nickname": "x"
        }))
        .unwrap_err();
        assert!(err.to_string().contains("nickname"));
    }
}
