//! Vehicles and phones as records of their own: phones for the people who
//! carry them, keepers' dates, markers on some vehicles (stolen, of
//! interest), and records that name a vehicle or a phone. Drawn from a
//! stream of their own, so the rest of the synthetic London is the same
//! with or without them.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::event::EventKind;
use crate::domain::handset::{luhn_check_digit, parse_phone_e164};
use crate::domain::link::{Link, LinkTarget};
use crate::domain::object::{Object, ObjectDetails};
use crate::domain::object_link::{ObjectEventLink, ObjectRole};
use crate::domain::object_marker::{ObjectMarker, ObjectMarkerKind};
use crate::domain::provenance::Provenance;

use super::cluster::{Cluster, ENTERED_BY};
use super::ids;
use super::pick::chance;

/// Mixed with the cluster's first person id: a seed no other draw uses.
const STREAM: u64 = 0x000b_1ec7;

pub(crate) fn make(cl: &mut Cluster) {
    let Some(first) = cl.persons.first() else { return };
    let mut rng =
        ChaCha8Rng::seed_from_u64(ids::mix(STREAM, first.id.bytes().fold(0u64, |h, b| ids::mix(h, b.into()))));
    let now = cl.fixed.now;
    let today = cl.fixed.today;
    let provenance = Provenance::entered(ENTERED_BY, now);

    // Keepers since a day in the last ten years; drivers since then or later.
    let mut since: HashMap<String, NaiveDate> = HashMap::new();
    for (_, link) in cl.out.links.iter_mut().filter(|(_, l)| l.target == LinkTarget::Object) {
        let start =
            *since.entry(link.target_id.clone()).or_insert_with(|| today - Duration::days(rng.gen_range(30..3650)));
        link.from =
            Some(if link.relationship == "driver" { start + Duration::days(rng.gen_range(0..30)) } else { start });
    }

    // Markers: offenders' vehicles are of interest more often; a few are stolen.
    let offenders: HashMap<String, bool> = cl.people.iter().map(|p| (p.id.clone(), p.profile.offends())).collect();
    let keeper_of: HashMap<String, String> = cl
        .out
        .links
        .iter()
        .filter(|(_, l)| l.target == LinkTarget::Object && l.relationship != "driver")
        .map(|(_, l)| (l.target_id.clone(), l.person_id.clone()))
        .collect();
    for (_, object) in cl.out.objects.iter_mut() {
        let offender = keeper_of.get(&object.id).and_then(|p| offenders.get(p)).copied().unwrap_or(false);
        let Some(markers) = object.details.markers_mut() else { continue };
        let recorded_on = today - Duration::days(rng.gen_range(1..120));
        if chance(&mut rng, if offender { 0.12 } else { 0.02 }) {
            markers.push(marker(ObjectMarkerKind::OfInterest, recorded_on, "Intelligence unit", Some(90), &provenance));
        } else if chance(&mut rng, 0.03) {
            markers.push(marker(
                ObjectMarkerKind::Stolen,
                recorded_on,
                "Reported stolen by the keeper",
                None,
                &provenance,
            ));
        }
    }

    // Whose vehicle is whose, before phones join the links.
    let vehicles: std::collections::HashSet<&str> =
        cl.out.objects.iter().filter(|(_, o)| o.details.kind_name() == "vehicle").map(|(_, o)| o.id.as_str()).collect();
    let vehicle_of: HashMap<String, (usize, String)> = cl
        .out
        .links
        .iter()
        .filter(|(_, l)| l.target == LinkTarget::Object && vehicles.contains(l.target_id.as_str()))
        .map(|(dep, l)| (l.person_id.clone(), (*dep, l.target_id.clone())))
        .collect();

    // Each person's phones as phone records, the person their user.
    let mut phones: Vec<(usize, String, String)> = Vec::new();
    for (i, person) in cl.persons.iter().enumerate() {
        for phone in &person.details.phones {
            let Ok(number) = parse_phone_e164(&phone.number) else { continue };
            let imei = chance(&mut rng, 0.3).then(|| {
                let body = format!("35{:012}", rng.gen_range(0..1_000_000_000_000u64));
                format!("{body}{}", luhn_check_digit(&body))
            });
            let id = ids::uuid(&mut rng);
            let details = ObjectDetails::Phone { number, imei, imsi: None, markers: Vec::new() };
            cl.out.objects.push((i, Object { id: id.clone(), version: 1, details, provenance: provenance.clone() }));
            let from = today - Duration::days(rng.gen_range(30..2000));
            let relationship = if chance(&mut rng, 0.8) { "user" } else { "owner" };
            let link = Link {
                id: ids::uuid(&mut rng),
                person_id: person.id.clone(),
                target: LinkTarget::Object,
                target_id: id.clone(),
                relationship: relationship.into(),
                from: Some(from),
                until: None,
                provenance: provenance.clone(),
            };
            cl.out.links.push((i, link));
            phones.push((i, person.id.clone(), id));
        }
    }

    // Records naming a person's vehicle or phone: a vehicle used in a crime,
    // seen in intelligence, involved in an incident; a phone used.
    let phone_of: HashMap<String, (usize, String)> =
        phones.into_iter().map(|(dep, person, id)| (person, (dep, id))).collect();
    let mut named = Vec::new();
    for (dep, event) in &cl.out.events {
        for person in &event.people {
            let vehicle_role = match event.kind {
                EventKind::Crime => Some(ObjectRole::VehicleUsed),
                EventKind::Intelligence => Some(ObjectRole::VehicleSeen),
                EventKind::Incident => Some(ObjectRole::VehicleInvolved),
                _ => None,
            };
            if let (Some(role), Some((vdep, vehicle))) = (vehicle_role, vehicle_of.get(&person.person_id)) {
                if chance(&mut rng, 0.25) {
                    named.push(((*dep).max(*vdep), link_event(&event.id, vehicle, role, &provenance)));
                }
            }
            if event.kind == EventKind::Intelligence {
                if let Some((pdep, phone)) = phone_of.get(&person.person_id) {
                    if chance(&mut rng, 0.3) {
                        named.push((
                            (*dep).max(*pdep),
                            link_event(&event.id, phone, ObjectRole::PhoneUsed, &provenance),
                        ));
                    }
                }
            }
        }
    }
    named.sort_by(|a, b| {
        (&a.1.event_id, &a.1.object_id, a.1.role.as_str()).cmp(&(&b.1.event_id, &b.1.object_id, b.1.role.as_str()))
    });
    named.dedup_by(|a, b| a.1.event_id == b.1.event_id && a.1.object_id == b.1.object_id && a.1.role == b.1.role);
    cl.out.event_objects.extend(named);
}

fn marker(
    kind: ObjectMarkerKind,
    recorded_on: NaiveDate,
    source: &str,
    days: Option<i64>,
    provenance: &Provenance,
) -> ObjectMarker {
    ObjectMarker {
        kind,
        recorded_on,
        source: source.into(),
        expires_on: days.map(|d| recorded_on + Duration::days(d)),
        note: String::new(),
        provenance: provenance.clone(),
    }
}

fn link_event(event_id: &str, object_id: &str, role: ObjectRole, provenance: &Provenance) -> ObjectEventLink {
    ObjectEventLink { event_id: event_id.into(), object_id: object_id.into(), role, provenance: provenance.clone() }
}
