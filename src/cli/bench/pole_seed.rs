//! Topping a seeded London up to the Aim's ratios of vehicles, phones and
//! addresses per person (0.6, 0.8 and 0.7): records the search box finds
//! by their keys, written in bulk. Streets and postcodes are made up from
//! syllables, so a new address never falls on a seeded one.

use std::collections::HashSet;

use chrono::Utc;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::domain::address_key;
use crate::domain::location::Address;
use crate::domain::object::{bare_phone, Object, ObjectDetails};
use crate::domain::place::{Place, PlaceOrigin};
use crate::domain::provenance::Provenance;
use crate::store::{Actor, BulkBatch, Store};

const BATCH: usize = 5_000;
const BY: &str = "bench.pole";
const LETTERS: &[u8] = b"ABCDEFGHJKLMNOPRSTUVWXYZ";
const STEMS: &[&str] =
    &["Al", "Bar", "Cal", "Dun", "Elm", "Fen", "Gar", "Hol", "Ives", "Kel", "Lan", "Mor", "Nor", "Oak"];
const ENDS: &[&str] = &["der", "ton", "wick", "ham", "ley", "more", "field", "gate", "worth", "bury"];
const TYPES: &[&str] = &["Road", "Street", "Avenue", "Lane", "Close", "Gardens", "Grove", "Terrace", "Crescent"];
const OUTWARDS: &[&str] =
    &["SW2", "SW9", "SE5", "SE15", "E8", "E17", "N1", "N15", "NW6", "W12", "SE1", "E1", "N7", "SW11"];

/// Per person: vehicles, phones and addresses the Aim indexes.
pub const RATIOS: (f64, f64, f64) = (0.6, 0.8, 0.7);

fn letter(rng: &mut ChaCha8Rng) -> char {
    LETTERS[rng.gen_range(0..LETTERS.len())] as char
}

fn plate(rng: &mut ChaCha8Rng) -> String {
    let (a, b) = (letter(rng), letter(rng));
    let age = rng.gen_range(2..=25) + if rng.gen_bool(0.5) { 50 } else { 0 };
    format!("{a}{b}{age:02}{}{}{}", letter(rng), letter(rng), letter(rng))
}

fn object(details: ObjectDetails) -> Object {
    let provenance = Provenance::entered(BY, Utc::now());
    Object { id: uuid::Uuid::new_v4().to_string(), version: 1, details, provenance }
}

fn vehicle(rng: &mut ChaCha8Rng) -> Object {
    let mut details = crate::domain::object::bare_vehicle(plate(rng));
    if rng.gen_bool(0.1) {
        // Re-registered: found by its old mark too.
        if let ObjectDetails::Vehicle { former_vrms, .. } = &mut details {
            former_vrms.push(crate::domain::object::FormerVrm { vrm: plate(rng), until: None });
        }
    }
    object(details)
}

fn address(rng: &mut ChaCha8Rng) -> Address {
    let street = format!(
        "{}{} {}",
        STEMS[rng.gen_range(0..STEMS.len())],
        ENDS[rng.gen_range(0..ENDS.len())],
        TYPES[rng.gen_range(0..TYPES.len())]
    );
    let outward = OUTWARDS[rng.gen_range(0..OUTWARDS.len())];
    let mut lines = vec![format!("{} {street}", rng.gen_range(1..400))];
    if rng.gen_bool(0.2) {
        lines.insert(0, format!("Flat {}", rng.gen_range(1..30)));
    }
    let postcode = format!("{outward} {}{}{}", rng.gen_range(1..10), letter(rng), letter(rng));
    Address { lines, postcode, borough: None, lat: None, lon: None }
}

/// Adds what the store lacks of `persons` × the ratios; what was added.
pub async fn top_up(store: &Store, persons: usize, rng: &mut ChaCha8Rng) -> anyhow::Result<(usize, usize, usize)> {
    let (vehicles, phones, places) = store.pole_counts().await?;
    let want = |ratio: f64, have: i64| ((persons as f64 * ratio) as usize).saturating_sub(have.max(0) as usize);
    let (v, p, a) = (want(RATIOS.0, vehicles), want(RATIOS.1, phones), want(RATIOS.2, places));
    let actor = Actor::new(BY, "benchmark data");
    let mut objects: Vec<Object> = (0..v).map(|_| vehicle(rng)).collect();
    objects.extend((0..p).map(|_| object(bare_phone(format!("+447{:09}", rng.gen_range(0..1_000_000_000u64))))));
    for chunk in objects.chunks(BATCH) {
        let batch = BulkBatch { objects: chunk.to_vec(), ..BulkBatch::default() };
        store.load_batch(&actor, &batch, None).await?;
    }
    let mut keys = HashSet::new();
    let mut made = Vec::with_capacity(a);
    while made.len() < a {
        let address = address(rng);
        let key = address_key::key(&address);
        if keys.insert(key.clone()) {
            let now = Utc::now();
            made.push(Place {
                id: uuid::Uuid::new_v4().to_string(),
                version: 1,
                key,
                address,
                warnings: Vec::new(),
                origin: PlaceOrigin::Entered,
                created_at: now,
                updated_at: now,
                provenance: Provenance::entered(BY, now),
            });
        }
    }
    for chunk in made.chunks(BATCH) {
        store.load_places(&actor, chunk).await?;
    }
    Ok((v, p, a))
}
