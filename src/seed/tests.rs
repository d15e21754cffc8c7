//! Whole-run checks: determinism, validity, integrity and plausible counts.

use std::collections::{HashMap, HashSet};

use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::event::{
    CaseStatus, EventDetails, EventInput, EventKind, OpenClosed, RiskLevel, SafeguardingDetails, SafeguardingStatus,
    WarrantKind,
};
use crate::domain::link::{EventRole, LinkTarget};
use crate::domain::object::ObjectDetails;
use crate::domain::object_link::person_relationships;
use crate::domain::person::{IdentifierKind, NameKind};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 14, 30, 0).unwrap()
}

fn config(persons: usize, seed: u64) -> SeedConfig {
    SeedConfig { persons, seed, now: now() }
}

fn all(persons: usize, seed: u64, batch: usize) -> Batch {
    let mut generator = Generator::new(config(persons, seed));
    let mut out = Batch::default();
    while let Some(b) = generator.next_batch(batch) {
        out.persons.extend(b.persons);
        out.events.extend(b.events);
        out.objects.extend(b.objects);
        out.links.extend(b.links);
        out.event_objects.extend(b.event_objects);
    }
    assert_eq!(generator.persons_done(), persons);
    out
}

fn as_json(batch: &Batch) -> String {
    serde_json::to_string(&(&batch.persons, &batch.events, &batch.objects, &batch.links)).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_first_batch_and_another_seed_does_not() {
    let a = Generator::new(config(500, 7)).next_batch(100).unwrap();
    let b = Generator::new(config(500, 7)).next_batch(100).unwrap();
    let c = Generator::new(config(500, 8)).next_batch(100).unwrap();
    assert_eq!(as_json(&a), as_json(&b));
    assert_ne!(as_json(&a), as_json(&c));
    assert_eq!(a.persons.len(), 100);
    assert_eq!(Generator::new(config(500, 7)).locations(), Generator::new(config(500, 7)).locations());
}

#[test]
fn the_batch_size_does_not_change_the_data() {
    let sorted = |mut b: Batch| {
        b.events.sort_by(|x, y| x.id.cmp(&y.id));
        b.objects.sort_by(|x, y| x.id.cmp(&y.id));
        b.links.sort_by(|x, y| x.id.cmp(&y.id));
        as_json(&b)
    };
    assert_eq!(sorted(all(333, 11, 7)), sorted(all(333, 11, 1000)));
}

#[test]
fn batches_stop_when_every_person_is_out() {
    let mut generator = Generator::new(config(120, 1));
    let sizes: Vec<usize> = std::iter::from_fn(|| generator.next_batch(50)).map(|b| b.persons.len()).collect();
    assert_eq!(sizes, vec![50, 50, 20]);
    assert!(Generator::new(config(0, 1)).next_batch(10).is_none());
}

#[test]
fn everything_generated_validates_unchanged() {
    let batch = all(3_000, 42, 250);
    let today = now().date_naive();
    for person in &batch.persons {
        assert_eq!(person.version, 1);
        assert_eq!(person.provenance.entered_by, "seed");
        assert!(person.created_at <= person.updated_at && person.updated_at <= now());
        let mut facts = person
            .details
            .names
            .iter()
            .map(|n| &n.provenance)
            .chain(person.details.markers.iter().map(|m| &m.provenance));
        assert!(facts.clone().all(|f| f.entered_by == "seed"));
        assert!(facts.all(|f| f.entered_at.is_some_and(|at| at >= person.created_at && at <= now())));
        let mut details = person.details.clone();
        details
            .validate(today, "someone else", now())
            .unwrap_or_else(|e| panic!("{e} in {}", serde_json::to_string(&person.details).unwrap()));
        assert_eq!(details, person.details, "validation changed {}", person.id);
    }
    for event in &batch.events {
        assert_eq!(event.version, 1);
        assert_eq!(event.status, event.details.status());
        assert_eq!(event.kind, event.details.kind());
        assert_eq!(event.provenance.entered_by, "seed");
        assert!(event.occurred_at <= now() && event.created_at <= event.updated_at && event.updated_at <= now());
        let mut input = EventInput {
            objects: Vec::new(),
            reference: Some(event.reference.clone()),
            occurred_at: event.occurred_at,
            borough: event.borough.clone(),
            summary: event.summary.clone(),
            people: event.people.clone(),
            details: event.details.clone(),
        };
        input
            .validate(event.kind, now())
            .unwrap_or_else(|e| panic!("{e} in {}", serde_json::to_string(event).unwrap()));
        assert_eq!(input.reference.as_deref(), Some(event.reference.as_str()));
        assert_eq!(input.borough, event.borough);
    }
    for object in &batch.objects {
        let mut details = object.details.clone();
        details.validate("seed", now()).unwrap();
        assert_eq!(details, object.details);
        if let ObjectDetails::Vehicle { vrm, .. } = &object.details {
            let b = vrm.as_bytes();
            assert!(b.len() == 7 && b[..2].iter().all(u8::is_ascii_uppercase), "{vrm}");
            assert!(b[2..4].iter().all(u8::is_ascii_digit) && b[4..].iter().all(u8::is_ascii_uppercase), "{vrm}");
        }
    }
}

#[test]
fn references_and_ids_are_unique_and_links_point_at_real_records() {
    let batch = all(3_000, 5, 400);
    let persons: HashSet<&str> = batch.persons.iter().map(|p| p.id.as_str()).collect();
    let kinds: HashMap<&str, &str> = batch.objects.iter().map(|o| (o.id.as_str(), o.details.kind_name())).collect();
    let events: HashMap<&str, &Event> = batch.events.iter().map(|e| (e.id.as_str(), e)).collect();
    let suites: HashSet<String> = Generator::new(config(1, 5))
        .locations()
        .into_iter()
        .filter(|l| l.kind == LocationKind::CustodySuite)
        .map(|l| l.id)
        .collect();
    assert_eq!(persons.len(), 3_000);
    assert_eq!(events.len(), batch.events.len());
    let references: HashSet<&str> = batch.events.iter().map(|e| e.reference.as_str()).collect();
    assert_eq!(references.len(), batch.events.len(), "references repeat");
    let pncs: Vec<&str> = batch.persons.iter().filter_map(|p| p.details.identifier(IdentifierKind::Pnc)).collect();
    assert_eq!(pncs.iter().collect::<HashSet<_>>().len(), pncs.len(), "PNC IDs repeat");
    let vehicles: Vec<_> = batch.objects.iter().filter(|o| o.details.kind_name() == "vehicle").collect();
    let vrms: HashSet<String> = vehicles.iter().map(|o| o.details.key()).collect();
    assert_eq!(vrms.len(), vehicles.len(), "plates repeat");

    for link in &batch.links {
        assert!(persons.contains(link.person_id.as_str()));
        match link.target {
            LinkTarget::Person => {
                assert!(persons.contains(link.target_id.as_str()));
                assert_ne!(link.person_id, link.target_id);
                assert!(["associate", "sibling", "partner", "parent"].contains(&link.relationship.as_str()));
            }
            LinkTarget::Object => {
                let kind = kinds[link.target_id.as_str()];
                assert!(person_relationships(kind).contains(&link.relationship.as_str()), "{kind} {link:?}");
                assert!(link.from.is_some(), "a part in a vehicle's or phone's life has its start");
            }
            LinkTarget::Location => panic!("no location links are made"),
        }
    }
    // Records name vehicles and phones of the batch, each in a part that fits it.
    assert!(!batch.event_objects.is_empty());
    for named in &batch.event_objects {
        assert!(events.contains_key(named.event_id.as_str()));
        named.role.check_fits(kinds[named.object_id.as_str()]).unwrap();
    }
    let phones = batch.objects.iter().filter(|o| o.details.kind_name() == "phone").count();
    let marked = batch.objects.iter().filter(|o| !o.details.markers().is_empty()).count();
    assert!(phones > 1_000 && marked > 0, "{phones} phones, {marked} marked vehicles");
    for event in &batch.events {
        // A call may name nobody on record (an anonymous caller, a stranger).
        assert!(!event.people.is_empty() || event.kind == EventKind::Incident, "{} names nobody", event.reference);
        let ids: HashSet<&str> = event.people.iter().map(|p| p.person_id.as_str()).collect();
        assert_eq!(ids.len(), event.people.len(), "a person twice in {}", event.reference);
        for p in &event.people {
            assert!(persons.contains(p.person_id.as_str()));
        }
        let roles = |role: EventRole| event.people.iter().filter(|p| p.role == role).count();
        match &event.details {
            EventDetails::Warrant(w) if w.warrant_kind == WarrantKind::Search => {
                assert_eq!(roles(EventRole::Subject), 1)
            }
            EventDetails::Warrant(w) => {
                assert_eq!(roles(EventRole::WantedPerson), 1);
                assert_eq!(event.people.len(), 1);
                if let Some(id) = w.execution.as_ref().and_then(|e| e.custody_record_id.as_deref()) {
                    assert_eq!(events[id].kind, EventKind::Custody);
                }
            }
            EventDetails::Custody(c) => {
                assert_eq!(roles(EventRole::Detainee), 1);
                assert!(suites.contains(&c.suite_id));
            }
            EventDetails::Case(_) => assert_eq!(roles(EventRole::Defendant), event.people.len()),
            // An ASB case's incidents are records of their own, linked by id.
            EventDetails::Asb(d) => {
                for linked in &d.incidents {
                    let incident = events[linked.record.id.as_str()];
                    assert_eq!(
                        (incident.kind, incident.reference.as_str()),
                        (EventKind::Incident, linked.record.reference.as_str())
                    );
                    assert_eq!(incident.occurred_at, linked.at);
                }
            }
            EventDetails::Crime(_) => assert!(event
                .people
                .iter()
                .all(|p| matches!(p.role, EventRole::Suspect | EventRole::Victim | EventRole::Witness))),
            _ => {}
        }
    }
}

#[test]
fn each_batch_carries_only_what_its_persons_and_earlier_ones_need() {
    let mut generator = Generator::new(config(400, 9));
    let mut persons = HashSet::new();
    let mut objects = HashSet::new();
    while let Some(b) = generator.next_batch(37) {
        persons.extend(b.persons.iter().map(|p| p.id.clone()));
        objects.extend(b.objects.iter().map(|o| o.id.clone()));
        for e in &b.events {
            assert!(e.people.iter().all(|p| persons.contains(&p.person_id)));
        }
        for l in &b.links {
            assert!(persons.contains(&l.person_id));
            assert!(persons.contains(&l.target_id) || objects.contains(&l.target_id));
        }
    }
}

#[test]
fn counts_are_plausible() {
    let batch = all(5_000, 3, 1_000);
    let now = now();
    let mut per_person: HashMap<&str, usize> = HashMap::new();
    for e in &batch.events {
        for p in &e.people {
            *per_person.entry(p.person_id.as_str()).or_default() += 1;
        }
    }
    let prolific = per_person.values().filter(|n| **n >= 10).count();
    assert!((40..=250).contains(&prolific), "prolific {prolific}");
    let few = per_person.values().filter(|n| **n <= 2).count();
    assert!(few > 2_500, "one or two records: {few}");

    let outstanding = batch
        .events
        .iter()
        .filter(|e| matches!(&e.details, EventDetails::Warrant(w) if w.status.is_outstanding()))
        .count();
    assert!((10..=50).contains(&outstanding), "outstanding warrants {outstanding}");

    let open_custody: Vec<_> = batch
        .events
        .iter()
        .filter_map(|e| match &e.details {
            EventDetails::Custody(c) if c.status == OpenClosed::Open => Some(c),
            _ => None,
        })
        .collect();
    assert!((20..=90).contains(&open_custody.len()), "detainees {}", open_custody.len());
    let suites: HashSet<&str> = open_custody.iter().map(|c| c.suite_id.as_str()).collect();
    assert!(suites.len() >= 10, "detainees in {} suites", suites.len());
    let cells: HashSet<(&str, &str)> = open_custody.iter().map(|c| (c.suite_id.as_str(), c.cell.as_str())).collect();
    assert_eq!(cells.len(), open_custody.len(), "two detainees in one cell");
    for c in &open_custody {
        let held = now - c.relevant_time;
        assert!(held >= chrono::Duration::zero() && held <= chrono::Duration::hours(30));
        assert!(c.last_visit_at.is_some());
        if held > chrono::Duration::hours(24) {
            assert!(c.indictable);
        }
    }

    let missing = batch.events.iter().any(|e| matches!(&e.details, EventDetails::Safeguarding(s) if s.is_missing()));
    let at_risk = batch
        .events
        .iter()
        .any(|e| matches!(&e.details, EventDetails::Safeguarding(s) if s.is_open() && s.risk == RiskLevel::High));
    assert!(missing && at_risk);
    // The safeguarding desk in every state, with overdue sign-offs and
    // responses, and missing persons found.
    let reports: Vec<&SafeguardingDetails> = batch
        .events
        .iter()
        .filter_map(|e| match &e.details {
            EventDetails::Safeguarding(s) => Some(s.as_ref()),
            _ => None,
        })
        .collect();
    for status in [
        SafeguardingStatus::Draft,
        SafeguardingStatus::Submitted,
        SafeguardingStatus::SignedOff,
        SafeguardingStatus::Shared,
        SafeguardingStatus::Referred,
        SafeguardingStatus::Closed,
    ] {
        assert!(reports.iter().any(|s| s.status == status), "no safeguarding report {status:?}");
    }
    let due = |s: &&&SafeguardingDetails| crate::domain::safeguarding::clock::due(s, now);
    assert!(reports.iter().any(|s| due(&s).sign_off_overdue), "no sign-off overdue");
    assert!(reports.iter().any(|s| due(&s).response_overdue), "no referral response overdue");
    let found = |s: &&&SafeguardingDetails| s.missing.as_ref().is_some_and(|m| m.found.is_some());
    assert!(reports.iter().any(|s| found(&s) && s.is_open()), "no missing person found and awaiting interview");
    assert!(reports.iter().any(|s| found(&s) && !s.is_open()), "no closed missing-person report");
    let upcoming = batch
        .events
        .iter()
        .filter(|e| matches!(&e.details, EventDetails::Case(c) if c.status != CaseStatus::Finalised && c.next_hearing(now).is_some()))
        .count();
    assert!(upcoming >= 20, "cases with a hearing to come: {upcoming}");
    for kind in EventKind::ALL {
        assert!(batch.events.iter().any(|e| e.kind == kind), "no {kind} records");
    }
    let aliases = batch.persons.iter().filter(|p| p.details.names.len() > 1).count();
    assert!(aliases > 250, "persons with variant names: {aliases}");
    for kind in [NameKind::Alias, NameKind::Maiden, NameKind::Previous] {
        assert!(batch.persons.iter().any(|p| p.details.names.iter().any(|n| n.kind == kind)), "no {kind:?} names");
    }
    let partial = batch.persons.iter().filter(|p| p.details.date_of_birth.is_some_and(|d| d.day.is_none())).count();
    assert!((200..=1_200).contains(&partial), "partial dates of birth {partial}");
    let hyphenated = batch.persons.iter().filter(|p| p.display_name().contains('-')).count();
    assert!(hyphenated > 20, "hyphenated names {hyphenated}");

    // Postcodes are in the borough's own districts; phones are UK mobiles.
    for p in &batch.persons {
        for a in &p.details.addresses {
            let borough = a.address.borough.as_deref().unwrap();
            let data = places::BOROUGHS_DATA.iter().find(|b| b.name == borough).unwrap();
            let district = a.address.postcode.split(' ').next().unwrap();
            assert!(data.districts.iter().any(|(d, _)| *d == district), "{district} is not in {borough}");
        }
        for phone in &p.details.phones {
            assert!(phone.number.starts_with("07") && phone.number.len() == 11, "{}", phone.number);
        }
    }
    // Warning markers sit mostly on people with a criminal record.
    let marked: Vec<_> = batch.persons.iter().filter(|p| !p.details.markers.is_empty()).collect();
    let offenders = marked.iter().filter(|p| p.details.identifier(IdentifierKind::Pnc).is_some()).count();
    assert!(offenders * 4 > marked.len() * 3, "{offenders} of {} marked persons have a PNC ID", marked.len());
    let pnc = batch.persons.iter().filter(|p| p.details.identifier(IdentifierKind::Pnc).is_some()).count();
    assert!((1_300..=2_100).contains(&pnc), "PNC holders {pnc}");
}

#[test]
fn detainees_are_capped_at_three_hundred() {
    // 60,000 persons would give 600 at 1 per 100: the cap holds it to 300.
    let mut generator = Generator::new(config(60_000, 4));
    let mut open = 0;
    while let Some(b) = generator.next_batch(5_000) {
        open += b
            .events
            .iter()
            .filter(|e| matches!(&e.details, EventDetails::Custody(c) if c.status == OpenClosed::Open))
            .count();
    }
    assert!((200..=300).contains(&open), "detainees {open}");
}

#[test]
fn tiny_runs_and_odd_batch_sizes_work() {
    for persons in [1, 2, 49, 51] {
        let batch = all(persons, 13, 3);
        assert_eq!(batch.persons.len(), persons);
        assert!(!batch.events.is_empty());
    }
    let mut generator = Generator::new(config(5, 13));
    assert_eq!(generator.next_batch(0).map(|b| b.persons.len()), Some(1));
    assert_eq!(generator.persons_done(), 1);
}

#[test]
fn every_suite_has_its_own_code_and_its_cells() {
    let locations = Generator::new(config(300, 5)).locations();
    let suites: Vec<_> = locations.iter().filter(|l| l.kind == LocationKind::CustodySuite).collect();
    let codes: HashSet<&str> = suites.iter().filter_map(|l| l.code()).collect();
    assert_eq!(codes.len(), suites.len(), "one code each, none shared");
    for suite in &suites {
        let cells = &suite.suite.as_ref().expect("set up").cells;
        assert!(cells.len() >= 16 && cells[0] == "C1", "{}: {cells:?}", suite.name);
    }
    // Seeded detainees are in cells their suite has, one to a cell.
    let mut held = HashSet::new();
    for event in &all(300, 5, 100).events {
        if let crate::domain::event::EventDetails::Custody(d) = &event.details {
            let suite = suites.iter().find(|s| s.id == d.suite_id).expect("a seeded suite");
            assert!(suite.cell(&d.cell).is_some(), "{} has no cell {}", suite.name, d.cell);
            if d.status == crate::domain::event::OpenClosed::Open {
                assert!(held.insert((d.suite_id.clone(), d.cell.clone())), "two in {} {}", suite.name, d.cell);
            }
        }
    }
}

#[test]
fn the_force_has_its_suites_and_courts() {
    let locations = Generator::new(config(10, 1)).locations();
    let suites = locations.iter().filter(|l| l.kind == LocationKind::CustodySuite).count();
    let courts: Vec<&str> =
        locations.iter().filter(|l| l.kind == LocationKind::Court).map(|l| l.name.as_str()).collect();
    assert_eq!(suites, 20);
    assert!(courts.contains(&"Highbury Corner Magistrates' Court") && courts.contains(&"Central Criminal Court"));
    let ids: HashSet<&str> = locations.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids.len(), locations.len());
    for location in &locations {
        let mut address = location.address.clone();
        address.validate().unwrap();
        assert_eq!(address, location.address);
    }
    // Every hearing is at one of the force's courts.
    let batch = all(2_000, 1, 500);
    for event in &batch.events {
        if let EventDetails::Case(c) = &event.details {
            assert!(c.hearings.iter().all(|h| courts.contains(&h.court.as_str())), "{}", event.reference);
        }
    }
}

#[test]
fn the_control_room_has_a_believable_shift() {
    use crate::domain::incident::{Clock, Grade, IncidentStatus};
    let batch = all(5_000, 3, 1_000);
    let now = now();
    // The shift's calls: not the earlier ASB calls linked to the neighbourhood's cases.
    let linked: HashSet<&str> = batch
        .events
        .iter()
        .filter_map(|e| match &e.details {
            EventDetails::Asb(d) => Some(d.incidents.iter().map(|i| i.record.id.as_str())),
            _ => None,
        })
        .flatten()
        .collect();
    let incidents: Vec<_> = batch
        .events
        .iter()
        .filter(|e| !linked.contains(e.id.as_str()))
        .filter_map(|e| match &e.details {
            EventDetails::Incident(d) => Some((e, d)),
            _ => None,
        })
        .collect();
    let open: Vec<_> = incidents.iter().filter(|(_, d)| d.status != IncidentStatus::Closed).collect();
    let closed = incidents.len() - open.len();
    assert!((25..=80).contains(&open.len()), "open incidents {}", open.len());
    assert!((15..=70).contains(&closed), "closed today {closed}");
    let running =
        |g: Grade| open.iter().filter(|(_, d)| d.grade() == g && Clock::of(d).remaining(now).is_some()).count();
    assert!(running(Grade::I) >= 2 && running(Grade::S) >= 5, "I {} S {}", running(Grade::I), running(Grade::S));
    assert!(open.iter().filter(|(_, d)| d.grade() == Grade::E).count() >= 10, "few E calls");
    assert!(open.iter().any(|(_, d)| Clock::of(d).is_overdue(now)), "no call overdue");
    assert!(open.iter().any(|(_, d)| d.status == IncidentStatus::AtScene), "nobody at a scene");
    let boroughs: HashSet<_> = incidents.iter().filter_map(|(e, _)| e.borough.as_deref()).collect();
    assert!(boroughs.len() >= 15, "incidents in {} boroughs", boroughs.len());
    let references: HashSet<_> = incidents.iter().map(|(e, _)| e.reference.as_str()).collect();
    assert_eq!(references.len(), incidents.len(), "two incidents share a reference");
    for (e, d) in &incidents {
        let mut d = (*d).clone();
        d.validate().unwrap_or_else(|err| panic!("{}: {err}", e.reference));
        assert!(e.occurred_at <= now && d.log.iter().all(|l| l.at <= now && l.at >= e.occurred_at), "{}", e.reference);
        assert!(e.reference.starts_with("CAD "), "{}", e.reference);
        assert_eq!(d.status_from_resources(), d.status, "{}", e.reference);
    }
}

#[test]
fn asb_cases_stand_in_every_state_and_some_victims_meet_the_trigger() {
    use crate::domain::asb::{standing, AsbRules};
    use crate::domain::event::OpenClosed;
    let batch = all(5_000, 7, 1_000);
    let cases: Vec<_> = batch
        .events
        .iter()
        .filter_map(|e| match &e.details {
            EventDetails::Asb(d) => Some(d),
            _ => None,
        })
        .collect();
    let rules = AsbRules::default();
    let open: Vec<_> = cases.iter().filter(|d| d.status == OpenClosed::Open).collect();
    let met = open.iter().filter(|d| standing(d, &rules, now()).trigger.met).count();
    assert!(met >= 3, "open cases meeting the trigger: {met} of {}", open.len());
    assert!(open.iter().any(|d| !standing(d, &rules, now()).trigger.met), "every open case meets the trigger");
    assert!(open.iter().any(|d| d.pending_review().is_some()), "no review waiting");
    assert!(cases.iter().any(|d| d.reviews.iter().any(|r| r.outcome.is_some())), "no review held");
    assert!(cases.iter().any(|d| !d.tools.is_empty()), "no tool used");
    assert!(cases.iter().any(|d| !d.risk_assessments.is_empty()), "no risk assessed");
    assert!(cases.iter().any(|d| d.closure.is_some()), "no case closed");
    assert!(cases.iter().all(|d| !d.incidents.is_empty()), "a case with nothing linked");
}
