//! One CSV row into a nominal: the person's details as that source recorded
//! them, every fact stamped with the source and row reference.

use chrono::{DateTime, Utc};

use super::mapping::{NameOrder, NamePlan, Plan};
use crate::domain::location::Address;
use crate::domain::person::{
    Identifier, NameKind, PersonAddress, PersonDetails, PersonName, Phone, WarningMarker, MARKER_CATEGORIES,
};
use crate::domain::provenance::Provenance;
use crate::domain::text;
use crate::linkage::LeftOut;

/// A row ready to link.
#[derive(Debug, Clone)]
pub struct Nominal {
    pub reference: String,
    pub details: PersonDetails,
    /// Fields left out of the person because they failed validation.
    pub findings: Vec<Finding>,
    /// What was left out of the person that linkage still compares.
    pub left_out: LeftOut,
}

/// A field of a row that failed validation: left out of the person and
/// kept here as the source had it, for a migration team to reconcile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub field: String,
    /// The value as the source had it.
    pub value: String,
    pub reason: String,
}

/// The surname a person is recorded under when the source gave none (a
/// row with only a forename, or only an identifier); linkage leaves it
/// uncompared.
pub use crate::linkage::UNKNOWN_SURNAME;

fn title_case(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut start = true;
    for c in lower.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !c.is_alphabetic() && c != '\'';
    }
    out
}

fn split_full(text: &str, order: NameOrder) -> (String, String) {
    let text = text.trim();
    match order {
        NameOrder::SurnameCommaForenames => match text.split_once(',') {
            Some((s, f)) => (f.trim().to_string(), s.trim().to_string()),
            None => (String::new(), text.to_string()),
        },
        NameOrder::ForenamesSurname => match text.rsplit_once(' ') {
            Some((f, s)) => (f.trim().to_string(), s.trim().to_string()),
            None => (String::new(), text.to_string()),
        },
        NameOrder::SurnameForenames => match text.split_once(' ') {
            Some((s, f)) => (f.trim().to_string(), s.trim().to_string()),
            None => (String::new(), text.to_string()),
        },
    }
}

/// Refuses a row with a cell no database can store (a NUL), naming the
/// column, before anything of the row is read: on PostgreSQL it could not
/// be written, and the batch with it would fail.
pub fn check_cells(header: &csv::StringRecord, record: &csv::StringRecord) -> Result<(), String> {
    for (i, cell) in record.iter().enumerate() {
        let column = header.get(i).map_or_else(|| format!("column {}", i + 1), |name| format!("column '{name}'"));
        text::storable(&column, cell).map_err(|e| format!("{}: {}", e.field, e.message))?;
    }
    Ok(())
}

/// Reads one record; Err is the reason the row is rejected. A field that
/// fails validation is left out with a finding, unless `strict`, when it
/// rejects the row as a whole; only a row with no name and no identifier is
/// rejected either way.
pub fn read(
    plan: &Plan,
    record: &csv::StringRecord,
    source: &str,
    by: &str,
    now: DateTime<Utc>,
    strict: bool,
) -> Result<Nominal, String> {
    let cell = |i: usize| record.get(i).unwrap_or_default().trim();
    let parts: Vec<&str> = plan.reference.iter().map(|&i| cell(i)).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err("the reference is empty".into());
    }
    let reference = parts.join("/");
    let provenance = Provenance {
        entered_by: by.to_string(),
        entered_at: Some(now),
        source: Some(source.to_string()),
        source_ref: Some(reference.clone()),
    };
    let mut findings = Vec::new();
    let mut found = |field: &str, value: &str, reason: String| -> Result<(), String> {
        if strict {
            return Err(format!("{field}: {reason}"));
        }
        findings.push(Finding { field: field.into(), value: value.into(), reason });
        Ok(())
    };
    let (forenames, surname) = match &plan.name {
        NamePlan::Full(i, order) => split_full(cell(*i), *order),
        NamePlan::Split { forenames, surname } => {
            let f: Vec<&str> = forenames.iter().map(|&i| cell(i)).filter(|s| !s.is_empty()).collect();
            (f.join(" "), cell(*surname).to_string())
        }
    };
    let date_of_birth = match &plan.dob {
        Some((i, format)) => match format.read(cell(*i)) {
            Ok(d) => d,
            Err(e) => {
                found("date_of_birth", cell(*i), e)?;
                None
            }
        },
        None => None,
    };
    let sex = match &plan.sex {
        Some((i, codes)) if !cell(*i).is_empty() => {
            let code = cell(*i).to_ascii_uppercase();
            match codes.get(&code) {
                Some(sex) => Some(*sex),
                None => {
                    found("sex", cell(*i), format!("'{code}' is not a code the mapping knows"))?;
                    None
                }
            }
        }
        _ => None,
    };
    let mut addresses = Vec::new();
    if let Some((lines, postcode)) = &plan.address {
        let lines: Vec<String> = lines
            .iter()
            .flat_map(|&i| cell(i).split(',').map(|l| l.trim().to_string()).collect::<Vec<_>>())
            .filter(|l| !l.is_empty())
            .collect();
        let postcode = postcode.map_or("", cell);
        if !lines.is_empty() || !postcode.is_empty() {
            addresses.push(PersonAddress {
                address: Address { lines, postcode: postcode.to_string(), borough: None, lat: None, lon: None },
                from: None,
                to: None,
                provenance: provenance.clone(),
            });
        }
    }
    let phones = match plan.phone.map(cell) {
        Some(p) if !p.is_empty() => vec![Phone { number: p.to_string(), provenance: provenance.clone() }],
        _ => Vec::new(),
    };
    let mut identifiers = Vec::new();
    for (i, kind, label) in &plan.identifiers {
        if !cell(*i).is_empty() {
            identifiers.push(Identifier {
                kind: kind.clone(),
                value: cell(*i).to_string(),
                label: label.clone(),
                provenance: provenance.clone(),
            });
        }
    }
    let mut markers = Vec::new();
    if let Some((i, separator)) = &plan.markers {
        for m in cell(*i).split(separator.as_str()).map(str::trim).filter(|m| !m.is_empty()) {
            let category =
                MARKER_CATEGORIES.iter().find(|(c, label)| c.eq_ignore_ascii_case(m) || label.eq_ignore_ascii_case(m));
            let Some((category, _)) = category else {
                found("markers", m, format!("'{m}' is not a marker category"))?;
                continue;
            };
            markers.push(WarningMarker {
                category: category.to_string(),
                recorded_on: now.date_naive(),
                source: source.to_string(),
                expires_on: None,
                provenance: provenance.clone(),
            });
        }
    }
    if surname.is_empty() {
        if forenames.is_empty() && identifiers.is_empty() {
            return Err("the row has no name and no identifier".into());
        }
        found("surname", "", format!("is empty: the person is recorded under the surname {UNKNOWN_SURNAME}"))?;
    }
    let surname = if surname.is_empty() { UNKNOWN_SURNAME.to_string() } else { title_case(&surname) };
    let names = vec![PersonName {
        forenames: title_case(&forenames),
        surname,
        kind: NameKind::Primary,
        provenance: provenance.clone(),
    }];
    let mut details = PersonDetails {
        names,
        date_of_birth,
        sex,
        ethnicity: None,
        identifiers,
        addresses,
        phones,
        description: None,
        markers,
    };
    let mut left_out = LeftOut::default();
    // The domain's own rules, one field at a time: a field they refuse is
    // left out and the rest checked again.
    loop {
        let as_given = details.clone();
        let Err(e) = details.validate(now.date_naive(), by, now) else { break };
        let refused = format!("{}: {}", e.field, e.message);
        details = as_given;
        let Some((field, value)) = leave_out(&mut details, &e.field, &mut left_out) else {
            return Err(refused);
        };
        found(&field, &value, e.message)?;
    }
    Ok(Nominal { reference, details, findings, left_out })
}

/// Takes the field `path` (as a validation error names it) out of the
/// details: its name and its value as the source had it. None for a field
/// a person cannot be without (a name).
fn leave_out(details: &mut PersonDetails, path: &str, left_out: &mut LeftOut) -> Option<(String, String)> {
    let (head, rest) = path.split_once('[').unwrap_or((path, ""));
    let index: usize = rest.split(']').next().and_then(|i| i.parse().ok()).unwrap_or(0);
    match head {
        "date_of_birth" => details.date_of_birth.take().map(|d| {
            left_out.date_of_birth = Some(d);
            ("date_of_birth".into(), d.to_string())
        }),
        "ethnicity" => details.ethnicity.take().map(|e| ("ethnicity".into(), e)),
        "description" => details.description.take().map(|d| ("description".into(), d)),
        "identifiers" if index < details.identifiers.len() => {
            let id = details.identifiers.remove(index);
            let field = id.label.clone().unwrap_or_else(|| format!("{:?}", id.kind).to_lowercase());
            Some((format!("identifier {field}"), id.value))
        }
        "addresses" if index < details.addresses.len() => {
            let a = details.addresses.remove(index).address;
            let value = format!("{}, {}", a.lines.join(", "), a.postcode);
            left_out.address = Some((a.lines, a.postcode));
            Some(("address".into(), value.trim_matches([',', ' ']).to_string()))
        }
        "phones" if index < details.phones.len() => Some(("phone".into(), details.phones.remove(index).number)),
        "markers" if index < details.markers.len() => Some(("markers".into(), details.markers.remove(index).category)),
        _ => None,
    }
}
