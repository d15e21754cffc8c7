//! Vehicles: current-format number plates, makes and colours, and who owns
//! or drives them.

use crate::domain::identifiers::display_vrm;
use crate::domain::link::LinkTarget;
use crate::domain::object::{Object, ObjectDetails};
use crate::domain::provenance::Provenance;

use super::cluster::{Cluster, ENTERED_BY};
use super::pick::{chance, one, weighted};

/// First letters of DVLA memory tags, London's (L) the commonest here.
const AREAS: [(char, u32); 12] = [
    ('L', 40),
    ('E', 8),
    ('K', 8),
    ('G', 6),
    ('Y', 6),
    ('B', 5),
    ('R', 5),
    ('A', 5),
    ('M', 5),
    ('W', 4),
    ('S', 4),
    ('F', 4),
];

const MODELS: [(&str, &str); 24] = [
    ("Ford", "Fiesta"),
    ("Ford", "Focus"),
    ("Vauxhall", "Corsa"),
    ("Vauxhall", "Astra"),
    ("Volkswagen", "Golf"),
    ("Volkswagen", "Polo"),
    ("BMW", "3 Series"),
    ("BMW", "1 Series"),
    ("Mercedes-Benz", "C-Class"),
    ("Mercedes-Benz", "A-Class"),
    ("Audi", "A3"),
    ("Audi", "A4"),
    ("Toyota", "Prius"),
    ("Toyota", "Yaris"),
    ("Nissan", "Qashqai"),
    ("Honda", "Civic"),
    ("Kia", "Sportage"),
    ("Hyundai", "Tucson"),
    ("Peugeot", "208"),
    ("Renault", "Clio"),
    ("Mini", "Cooper"),
    ("Land Rover", "Range Rover Sport"),
    ("Ford", "Transit"),
    ("Skoda", "Octavia"),
];

const COLOURS: [&str; 10] = ["Black", "White", "Silver", "Grey", "Blue", "Red", "Green", "Yellow", "Orange", "Brown"];

/// A unique current-format plate, such as `LB12CDE` (stored without the space).
pub(crate) fn plate(cl: &mut Cluster) -> String {
    let (second, age, tail) = cl.run.counters.plate_tail();
    let first = weighted(&mut cl.rng, &AREAS);
    let age = &cl.fixed.plate_ages[age % cl.fixed.plate_ages.len()];
    format!("{first}{second}{age}{}{}{}", tail[0], tail[1], tail[2])
}

/// Gives some adults a vehicle, sometimes driven by a household member or associate.
pub(crate) fn make(cl: &mut Cluster) {
    let today = cl.fixed.today;
    for i in 0..cl.people.len() {
        let adult = cl.people[i].age(today) >= 18;
        let p = if cl.people[i].profile.offends() { 0.3 } else { 0.15 };
        if !adult || !chance(&mut cl.rng, p) {
            continue;
        }
        let vrm = plate(cl);
        let (make, model) = *one(&mut cl.rng, &MODELS);
        let colour = *one(&mut cl.rng, &COLOURS);
        cl.people[i].vehicle = Some(format!("{} {make} {model}, {}", colour.to_lowercase(), display_vrm(&vrm)));
        let id = cl.id();
        let object = Object {
            id: id.clone(),
            version: 1,
            details: ObjectDetails::Vehicle {
                vrm,
                make: make.to_string(),
                model: model.to_string(),
                colour: colour.to_string(),
                vin: None,
                former_vrms: Vec::new(),
                markers: Vec::new(),
            },
            provenance: Provenance::entered(ENTERED_BY, cl.fixed.now),
        };
        cl.push_object(i, object);
        let relationship = if chance(&mut cl.rng, 0.85) { "owner" } else { "keeper" };
        cl.link(i, i, LinkTarget::Object, id.clone(), relationship);
        if chance(&mut cl.rng, 0.15) {
            if let Some(j) = cl.other(i).filter(|j| cl.people[*j].age(today) >= 17) {
                cl.link(j, i.max(j), LinkTarget::Object, id, "driver");
            }
        }
    }
}
