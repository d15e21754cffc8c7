//! A deterministic synthetic London: people, their vehicles and associates,
//! the records of all seven areas and the control room's incidents, as
//! domain structs ready to load.
//!
//! People are made in fixed clusters of [`CLUSTER`] persons, each from its
//! own random stream, and everything that links two people stays within a
//! cluster. Batches hand out persons in order and each record as soon as
//! every person it names is out, so the same seed and clock give the same
//! records whatever the batch size, and memory holds at most one cluster
//! beyond the batch.
//!
//! Person links read "person is <relationship> of target": `parent` runs from
//! parent to child; `partner`, `sibling` and `associate` read both ways.
//! Vehicle links are `owner`, `keeper` or `driver`; phone links `user` or
//! `owner`, each with the date it began.

mod asb_cases;
mod cluster;
mod crime_states;
mod custody;
mod events;
mod ids;
mod incidents;
mod intel_states;
mod justice;
pub mod legacy;
mod names;
mod objects;
mod people;
mod pick;
mod places;
mod safeguarding_states;
mod vehicles;

#[cfg(test)]
mod tests;

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::domain::event::Event;
use crate::domain::link::Link;
use crate::domain::location::{Location, LocationKind, SuiteSetup};
use crate::domain::object::Object;
use crate::domain::object_link::ObjectEventLink;
use crate::domain::person::Person;

use cluster::{Cluster, Fixed, Run};
pub use names::NamePool;
use places::{site_address, COURTS, SUITES};

/// Persons per cluster: the unit of generation and of person↔person links.
pub const CLUSTER: usize = 50;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SeedConfig {
    /// How many persons in all.
    pub persons: usize,
    pub seed: u64,
    /// Every time in the data is relative to this instant.
    pub now: DateTime<Utc>,
}

/// One batch: persons, then the records, objects and links that name them.
/// Objects come before the links that point at them.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub persons: Vec<Person>,
    pub events: Vec<Event>,
    pub objects: Vec<Object>,
    pub links: Vec<Link>,
    /// Vehicles and phones named on the batch's records.
    pub event_objects: Vec<ObjectEventLink>,
}

/// Streams the synthetic London in batches.
pub struct Generator {
    config: SeedConfig,
    fixed: Fixed,
    run: Run,
    locations: Vec<Location>,
    next_cluster: usize,
    generated: usize,
    done: usize,
    pending_persons: VecDeque<Person>,
    /// Records waiting for the persons they name, each with the global index
    /// of the last such person; kept in that order.
    pending_events: VecDeque<(usize, Event)>,
    pending_objects: VecDeque<(usize, Object)>,
    pending_links: VecDeque<(usize, Link)>,
    pending_event_objects: VecDeque<(usize, ObjectEventLink)>,
}

impl Generator {
    /// A London named from the classic pools (see [`NamePool::Classic`]):
    /// the demo's and the search benchmarks' population.
    pub fn new(config: SeedConfig) -> Self {
        Self::with_names(config, NamePool::Classic)
    }

    /// A London whose surnames are drawn from `pool`.
    pub fn with_names(config: SeedConfig, pool: NamePool) -> Self {
        // Stream 0 is the fixed sites; clusters use streams 1, 2, …
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let mut locations = Vec::with_capacity(SUITES.len() + COURTS.len());
        for suite in &SUITES {
            locations.push(Location {
                id: ids::uuid(&mut rng),
                kind: LocationKind::CustodySuite,
                name: suite.name.to_string(),
                address: site_address(suite.street, suite.postcode, suite.borough),
                suite: Some(SuiteSetup {
                    code: suite.code.to_string(),
                    cells: (1..=suite.cells).map(|c| format!("C{c}")).collect(),
                }),
            });
        }
        for court in &COURTS {
            locations.push(Location {
                id: ids::uuid(&mut rng),
                kind: LocationKind::Court,
                name: court.name.to_string(),
                address: site_address(court.street, court.postcode, court.borough),
                suite: None,
            });
        }
        let suite_ids = locations[..SUITES.len()].iter().map(|l| l.id.clone()).collect();
        let fixed = Fixed::new(config.now, suite_ids, pool);
        let run = Run::new(config.seed, config.persons, &fixed);
        Self {
            config,
            fixed,
            run,
            locations,
            next_cluster: 0,
            generated: 0,
            done: 0,
            pending_persons: VecDeque::new(),
            pending_events: VecDeque::new(),
            pending_objects: VecDeque::new(),
            pending_links: VecDeque::new(),
            pending_event_objects: VecDeque::new(),
        }
    }

    /// Custody suites and magistrates'/Crown courts of the force (fixed).
    pub fn locations(&self) -> Vec<Location> {
        self.locations.clone()
    }

    /// The next batch of up to `max_persons` persons (at least one) with
    /// everything linked to them; None when all persons are out.
    pub fn next_batch(&mut self, max_persons: usize) -> Option<Batch> {
        let max = max_persons.max(1);
        while self.pending_persons.len() < max && self.generated < self.config.persons {
            self.generate_cluster();
        }
        if self.pending_persons.is_empty() {
            return None;
        }
        let take = max.min(self.pending_persons.len());
        let mut batch = Batch { persons: self.pending_persons.drain(..take).collect(), ..Batch::default() };
        self.done += take;
        batch.events = ready(&mut self.pending_events, self.done);
        batch.objects = ready(&mut self.pending_objects, self.done);
        batch.links = ready(&mut self.pending_links, self.done);
        batch.event_objects = ready(&mut self.pending_event_objects, self.done);
        Some(batch)
    }

    /// Persons handed out so far.
    pub fn persons_done(&self) -> usize {
        self.done
    }

    fn generate_cluster(&mut self) {
        let base = self.generated;
        let size = CLUSTER.min(self.config.persons - base);
        let mut rng = ChaCha8Rng::seed_from_u64(self.config.seed);
        rng.set_stream(self.next_cluster as u64 + 1);
        let mut cluster = Cluster::new(rng, &self.fixed, &mut self.run);
        cluster.generate(size);
        let out = cluster.finish();
        self.pending_persons.extend(out.persons);
        queue(&mut self.pending_events, out.events, base);
        queue(&mut self.pending_objects, out.objects, base);
        queue(&mut self.pending_links, out.links, base);
        queue(&mut self.pending_event_objects, out.event_objects, base);
        self.generated += size;
        self.next_cluster += 1;
    }
}

/// Appends a cluster's records in the order of the persons they need
/// (stable, so an object stays before the links made after it).
fn queue<T>(pending: &mut VecDeque<(usize, T)>, mut records: Vec<(usize, T)>, base: usize) {
    records.sort_by_key(|(dep, _)| *dep);
    pending.extend(records.into_iter().map(|(dep, r)| (base + dep, r)));
}

/// Takes every record whose persons are all out.
fn ready<T>(pending: &mut VecDeque<(usize, T)>, done: usize) -> Vec<T> {
    let n = pending.partition_point(|(dep, _)| *dep < done);
    pending.drain(..n).map(|(_, r)| r).collect()
}
