//! The generation context: what is fixed for the run, what the run counts
//! across clusters, and one cluster's random stream and output.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::link::{EventPerson, EventRole, Link, LinkTarget};
use crate::domain::object::Object;
use crate::domain::object_link::ObjectEventLink;
use crate::domain::person::Person;
use crate::domain::provenance::Provenance;

use super::ids::{self, Counters};
use super::names::{NamePool, Names};
use super::people::{self, Sketch};
use super::pick::{one, Weighted};
use super::places::{BOROUGHS_DATA, BOROUGH_POPULATION, SUITES};
use super::{events, incidents, objects, vehicles};

/// Who entered every generated fact.
pub(crate) const ENTERED_BY: &str = "seed";

/// Most detainees the force holds at once.
const CUSTODY_CAP: usize = 300;

/// What a cluster made, each record with the cluster-local index of the
/// last person it needs (it may be handed out once that person is).
#[derive(Debug, Default)]
pub(crate) struct Output {
    pub persons: Vec<Person>,
    pub events: Vec<(usize, Event)>,
    pub objects: Vec<(usize, Object)>,
    pub links: Vec<(usize, Link)>,
    pub event_objects: Vec<(usize, ObjectEventLink)>,
}

/// What stays the same for the whole run.
pub(crate) struct Fixed {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub names: Names,
    pub boroughs: Weighted,
    /// Location ids of the custody suites, index-aligned with SUITES.
    pub suite_ids: Vec<String>,
    /// URN unit codes, index-aligned with BOROUGHS_DATA.
    pub units: Vec<&'static str>,
    /// Plate age identifiers issued by now ("02", "52", … "26").
    pub plate_ages: Vec<String>,
}

impl Fixed {
    pub(crate) fn new(now: DateTime<Utc>, suite_ids: Vec<String>, pool: NamePool) -> Self {
        // A new identifier each March ("26") and September ("76") from 2002.
        let mut plate_ages = Vec::new();
        for year in 2002..=now.year() {
            let yy = year % 100;
            if year < now.year() || now.month() >= 3 {
                plate_ages.push(format!("{yy:02}"));
            }
            if year < now.year() || now.month() >= 9 {
                plate_ages.push(format!("{:02}", yy + 50));
            }
        }
        if plate_ages.is_empty() {
            plate_ages.push("02".to_string());
        }
        Self {
            now,
            today: now.date_naive(),
            names: Names::new(pool),
            boroughs: Weighted::new(BOROUGH_POPULATION.iter().map(|p| f64::from(*p))),
            suite_ids,
            units: BOROUGHS_DATA.iter().map(|b| b.unit).collect(),
            plate_ages,
        }
    }
}

/// How often a person carries an open record of each kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rates {
    /// Detainees now: about 1 per 100 persons, at most CUSTODY_CAP in all.
    pub custody_open: f64,
    /// Outstanding warrants: about 1 per 200 persons.
    pub warrant_open: f64,
    pub missing_open: f64,
    pub at_risk_open: f64,
    pub case_open: f64,
}

/// What the run counts across clusters, in cluster order.
pub(crate) struct Run {
    pub counters: Counters,
    pub rates: Rates,
    pub open_custody: usize,
    /// Incidents open now, and closed earlier today, so far.
    pub incidents_open: usize,
    pub incidents_closed: usize,
    /// Cells taken by open custody records, per suite.
    pub cells: Vec<Vec<bool>>,
}

impl Run {
    pub(crate) fn new(seed: u64, persons: usize, fixed: &Fixed) -> Self {
        let persons = persons.max(1) as f64;
        Self {
            counters: Counters::new(seed, fixed.plate_ages.len()),
            rates: Rates {
                custody_open: (0.01f64).min(CUSTODY_CAP as f64 * 0.95 / persons),
                warrant_open: 0.005,
                missing_open: 0.002,
                at_risk_open: 0.003,
                case_open: 0.02,
            },
            open_custody: 0,
            incidents_open: 0,
            incidents_closed: 0,
            cells: SUITES.iter().map(|s| vec![false; s.cells as usize]).collect(),
        }
    }

    pub(crate) fn custody_full(&self) -> bool {
        self.open_custody >= CUSTODY_CAP
    }
}

/// One record as the area generators describe it.
pub(crate) struct EventSpec {
    pub reference: String,
    pub occurred_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub borough: usize,
    pub summary: String,
    /// Cluster-local person index and role.
    pub people: Vec<(usize, EventRole)>,
    pub details: EventDetails,
}

/// One cluster being generated.
pub(crate) struct Cluster<'a> {
    pub rng: ChaCha8Rng,
    pub fixed: &'a Fixed,
    pub run: &'a mut Run,
    pub people: Vec<Sketch>,
    pub persons: Vec<Person>,
    pub(super) out: Output,
    linked: HashSet<(usize, usize)>,
}

impl<'a> Cluster<'a> {
    pub(crate) fn new(rng: ChaCha8Rng, fixed: &'a Fixed, run: &'a mut Run) -> Self {
        Self {
            rng,
            fixed,
            run,
            people: Vec::new(),
            persons: Vec::new(),
            out: Output::default(),
            linked: HashSet::new(),
        }
    }

    pub(crate) fn generate(&mut self, size: usize) {
        for i in 0..size {
            people::make(self, i);
        }
        people::associate(self);
        vehicles::make(self);
        for i in 0..size {
            events::for_person(self, i);
        }
        incidents::make(self);
        objects::make(self);
        // The record began with its earliest fact; the facts without a date of
        // their own were entered then too.
        let now = self.fixed.now;
        for (person, sketch) in self.persons.iter_mut().zip(&self.people) {
            let details = &mut person.details;
            let marked = details.markers.iter().map(|m| m.provenance.entered_at.unwrap_or(now)).min();
            let created = sketch.earliest.min(marked.unwrap_or(now)).min(now);
            person.created_at = created;
            person.updated_at = sketch.latest.clamp(created, now);
            person.provenance = Provenance::entered(ENTERED_BY, created);
            let undated = details
                .names
                .iter_mut()
                .map(|n| &mut n.provenance)
                .chain(details.identifiers.iter_mut().map(|i| &mut i.provenance))
                .chain(details.phones.iter_mut().map(|p| &mut p.provenance));
            for provenance in undated {
                provenance.entered_at = Some(created);
            }
        }
    }

    pub(crate) fn finish(self) -> Output {
        Output { persons: self.persons, ..self.out }
    }

    pub(crate) fn id(&mut self) -> String {
        ids::uuid(&mut self.rng)
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.fixed.now
    }

    /// A time in the person's past from `min_age` on, within `years` of now,
    /// more often recent than not.
    pub(crate) fn when(&mut self, i: usize, min_age: i32, years: f64) -> DateTime<Utc> {
        let now = self.fixed.now;
        let from_age = self.people[i].birth + chrono::Months::new(12 * min_age.max(0) as u32);
        let earliest = from_age.and_hms_opt(0, 0, 0).map(|d| d.and_utc()).unwrap_or(now);
        let span = (now - earliest).num_seconds().clamp(3600, (years * 365.25 * 86_400.0) as i64);
        let back = (self.rng.gen::<f64>().powf(1.6) * span as f64) as i64;
        now - Duration::seconds(back.max(600))
    }

    /// A time between `from` and now.
    pub(crate) fn between_now(&mut self, from: DateTime<Utc>) -> DateTime<Utc> {
        let span = (self.fixed.now - from).num_seconds().max(1);
        from + Duration::seconds(self.rng.gen_range(0..span))
    }

    /// An officer as records name them, such as "PC 4821 Hughes".
    pub(crate) fn officer(&mut self, ranks: &[&str]) -> String {
        let rank = *one(&mut self.rng, ranks);
        let origin = self.fixed.names.origin(&mut self.rng);
        let surname = self.fixed.names.plain_surname(&mut self.rng, origin);
        if matches!(rank, "PC" | "PS" | "DC" | "DS") {
            format!("{rank} {} {surname}", self.rng.gen_range(100..7000))
        } else {
            format!("{rank} {surname}")
        }
    }

    /// A random other person of the cluster, made before `i` or after it.
    pub(crate) fn other(&mut self, i: usize) -> Option<usize> {
        let n = self.people.len();
        if n < 2 {
            return None;
        }
        let j = self.rng.gen_range(0..n - 1);
        Some(if j >= i { j + 1 } else { j })
    }

    /// A random offender of the cluster other than `i`.
    pub(crate) fn other_offender(&mut self, i: usize) -> Option<usize> {
        let n = self.people.len();
        let start = self.rng.gen_range(0..n.max(1));
        (0..n).map(|k| (start + k) % n).find(|&j| j != i && self.people[j].profile.offends())
    }

    pub(crate) fn push_event(&mut self, spec: EventSpec) -> String {
        let id = self.id();
        let mut people: Vec<EventPerson> = Vec::with_capacity(spec.people.len());
        let mut dep = 0;
        for (i, role) in &spec.people {
            let sketch = &mut self.people[*i];
            if people.iter().any(|p| p.person_id == sketch.id) {
                continue;
            }
            dep = dep.max(*i);
            sketch.earliest = sketch.earliest.min(spec.occurred_at);
            sketch.latest = sketch.latest.max(spec.updated_at);
            people.push(EventPerson { person_id: sketch.id.clone(), role: *role });
        }
        let created = spec.occurred_at.min(self.fixed.now);
        let event = Event {
            id: id.clone(),
            kind: spec.details.kind(),
            reference: spec.reference,
            version: 1,
            status: spec.details.status(),
            occurred_at: spec.occurred_at,
            borough: Some(BOROUGHS_DATA[spec.borough].name.to_string()),
            summary: spec.summary,
            people,
            details: spec.details,
            created_at: created,
            updated_at: spec.updated_at.clamp(created, self.fixed.now),
            provenance: Provenance::entered(ENTERED_BY, created),
        };
        self.out.events.push((dep, event));
        id
    }

    /// A reference in the kind's own series, dated by when the record began.
    pub(crate) fn reference(&mut self, kind: EventKind, at: DateTime<Utc>) -> String {
        self.run.counters.reference(kind, at)
    }

    pub(crate) fn push_object(&mut self, dep: usize, object: Object) {
        self.out.objects.push((dep, object));
    }

    /// Links `from` to another person once; a second link between the pair is dropped.
    pub(crate) fn link_people(&mut self, from: usize, to: usize, relationship: &str) {
        let key = (from.min(to), from.max(to));
        if from == to || !self.linked.insert(key) {
            return;
        }
        let target_id = self.people[to].id.clone();
        self.link(from, from.max(to), LinkTarget::Person, target_id, relationship);
    }

    pub(crate) fn link(&mut self, from: usize, dep: usize, target: LinkTarget, target_id: String, relationship: &str) {
        let link = Link {
            id: self.id(),
            person_id: self.people[from].id.clone(),
            target,
            target_id,
            relationship: relationship.to_string(),
            from: None,
            until: None,
            provenance: Provenance::entered(ENTERED_BY, self.fixed.now),
        };
        self.out.links.push((dep, link));
    }
}
