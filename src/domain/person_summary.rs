//! The compact projection of a person that lists and the subject index
//! need: names, date of birth, identifiers, area and markers. Stored beside
//! the full record so a server can build its index without reading every
//! fact of every person.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::PartialDate;
use super::person::{NameKind, PersonDetails};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryName {
    #[serde(rename = "f")]
    pub forenames: String,
    #[serde(rename = "s")]
    pub surname: String,
    /// An alias, maiden or previous name rather than the name shown.
    #[serde(rename = "a", default, skip_serializing_if = "std::ops::Not::not")]
    pub alias: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryMarker {
    #[serde(rename = "c")]
    pub category: String,
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonSummary {
    #[serde(rename = "n")]
    pub names: Vec<SummaryName>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    /// PNC ID, CRO, NI and other identifiers, and phone numbers, canonical.
    #[serde(rename = "i", default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<String>,
    /// Last known address area.
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(rename = "m", default, skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<SummaryMarker>,
}

impl PersonSummary {
    pub fn of(details: &PersonDetails) -> Self {
        let primary = details.primary_name();
        let mut names: Vec<SummaryName> = Vec::with_capacity(details.names.len());
        if let Some(p) = primary {
            names.push(SummaryName { forenames: p.forenames.clone(), surname: p.surname.clone(), alias: false });
        }
        for n in &details.names {
            if primary.is_some_and(|p| std::ptr::eq(p, n)) {
                continue;
            }
            let alias = n.kind != NameKind::Primary || primary.is_some();
            names.push(SummaryName { forenames: n.forenames.clone(), surname: n.surname.clone(), alias });
        }
        let mut identifiers: Vec<String> = details.identifiers.iter().map(|i| i.value.clone()).collect();
        identifiers.extend(details.phones.iter().map(|p| p.number.clone()));
        PersonSummary {
            names,
            date_of_birth: details.date_of_birth,
            identifiers,
            area: details.current_address().map(|a| a.area()),
            markers: details
                .markers
                .iter()
                .map(|m| SummaryMarker { category: m.category.clone(), expires_on: m.expires_on })
                .collect(),
        }
    }

    /// The name shown: the first, which is the primary name.
    pub fn display_name(&self) -> String {
        self.names.first().map(|n| format!("{} {}", n.forenames, n.surname).trim().to_string()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_name_comes_first_and_aliases_are_marked() {
        let details: PersonDetails = serde_json::from_value(serde_json::json!({
            "names": [
                {"forenames": "Bob", "surname": "Smith", "kind": "alias"},
                {"forenames": "Robert", "surname": "Smith"}
            ],
            "date_of_birth": "1980-02",
            "phones": [{"number": "07700900123"}],
            "markers": [{"category": "violent", "recorded_on": "2020-01-01", "source": "PNC"}]
        }))
        .unwrap();
        let s = PersonSummary::of(&details);
        assert_eq!(s.display_name(), "Robert Smith");
        assert!(!s.names[0].alias);
        assert!(s.names[1].alias);
        assert_eq!(s.identifiers, vec!["07700900123"]);
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<PersonSummary>(&text).unwrap(), s);
    }
}
