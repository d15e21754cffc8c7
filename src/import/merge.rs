//! Folding a linked record's facts into its person: new names become
//! aliases, new identifiers, addresses, phones and markers are added, a
//! missing date of birth or sex is filled. Nothing already held is changed.

use crate::domain::person::{NameKind, PersonDetails};

pub fn merge_into(person: &mut PersonDetails, record: &PersonDetails) {
    for n in &record.names {
        let known = person
            .names
            .iter()
            .any(|m| m.forenames.eq_ignore_ascii_case(&n.forenames) && m.surname.eq_ignore_ascii_case(&n.surname));
        if !known && person.names.len() < 50 {
            let mut alias = n.clone();
            alias.kind = NameKind::Alias;
            person.names.push(alias);
        }
    }
    let more_precise = match (person.date_of_birth, record.date_of_birth) {
        (None, Some(_)) => true,
        (Some(p), Some(r)) => p.year == r.year && p.day.is_none() && r.day.is_some() && p.month == r.month,
        _ => false,
    };
    if more_precise {
        person.date_of_birth = record.date_of_birth;
    }
    if person.sex.is_none() {
        person.sex = record.sex;
    }
    for id in &record.identifiers {
        if !person.identifiers.iter().any(|i| i.kind == id.kind && i.value == id.value) {
            person.identifiers.push(id.clone());
        }
    }
    for a in &record.addresses {
        if !person.addresses.iter().any(|b| b.address.postcode == a.address.postcode) {
            person.addresses.push(a.clone());
        }
    }
    for p in &record.phones {
        if !person.phones.iter().any(|q| q.number == p.number) {
            person.phones.push(p.clone());
        }
    }
    for m in &record.markers {
        if !person.markers.iter().any(|k| k.category == m.category) {
            person.markers.push(m.clone());
        }
    }
}
