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

/// A row ready to link.
#[derive(Debug, Clone)]
pub struct Nominal {
    pub reference: String,
    pub details: PersonDetails,
}

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

/// Reads one record; Err is the reason the row is rejected.
pub fn read(
    plan: &Plan,
    record: &csv::StringRecord,
    source: &str,
    by: &str,
    now: DateTime<Utc>,
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
    let (forenames, surname) = match &plan.name {
        NamePlan::Full(i, order) => split_full(cell(*i), *order),
        NamePlan::Split { forenames, surname } => {
            let f: Vec<&str> = forenames.iter().map(|&i| cell(i)).filter(|s| !s.is_empty()).collect();
            (f.join(" "), cell(*surname).to_string())
        }
    };
    if surname.is_empty() {
        return Err("the surname is empty".into());
    }
    let names = vec![PersonName {
        forenames: title_case(&forenames),
        surname: title_case(&surname),
        kind: NameKind::Primary,
        provenance: provenance.clone(),
    }];
    let date_of_birth = match &plan.dob {
        Some((i, format)) => format.read(cell(*i)).map_err(|e| format!("date of birth: {e}"))?,
        None => None,
    };
    let sex = match &plan.sex {
        Some((i, codes)) if !cell(*i).is_empty() => {
            let code = cell(*i).to_ascii_uppercase();
            Some(*codes.get(&code).ok_or_else(|| format!("sex: '{code}' is not a code the mapping knows"))?)
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
        let postcode = cell(*postcode);
        if !lines.is_empty() && !postcode.is_empty() {
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
            let category = MARKER_CATEGORIES
                .iter()
                .find(|(c, label)| c.eq_ignore_ascii_case(m) || label.eq_ignore_ascii_case(m))
                .map(|(c, _)| c.to_string())
                .ok_or_else(|| format!("markers: '{m}' is not a marker category"))?;
            markers.push(WarningMarker {
                category,
                recorded_on: now.date_naive(),
                source: source.to_string(),
                expires_on: None,
                provenance: provenance.clone(),
            });
        }
    }
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
    details.validate(now.date_naive(), by, now).map_err(|e| format!("{}: {}", e.field, e.message))?;
    Ok(Nominal { reference, details })
}
