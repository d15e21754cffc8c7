//! Placeholder until the generator lands.
use crate::domain::{event::Event, link::Link, location::Location, object::Object, person::Person};
pub struct SeedConfig {
    pub persons: usize,
    pub seed: u64,
    pub now: chrono::DateTime<chrono::Utc>,
}
pub struct Batch {
    pub persons: Vec<Person>,
    pub events: Vec<Event>,
    pub objects: Vec<Object>,
    pub links: Vec<Link>,
}
pub struct Generator;
impl Generator {
    pub fn new(_config: SeedConfig) -> Self {
        Generator
    }
    pub fn locations(&self) -> Vec<Location> {
        Vec::new()
    }
    pub fn next_batch(&mut self, _max: usize) -> Option<Batch> {
        None
    }
}
