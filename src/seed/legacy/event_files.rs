//! The event files two of the old systems exported beside their nominals:
//! the crime system's reports and the warrant system's warrants, each row
//! naming the nominal row it is about.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::super::events::offence;
use super::super::pick::{chance, one};
use super::super::places::{scene_address, Borough, BOROUGHS_DATA, COURTS};

/// One event file: its name, the nominal source it refers to, its columns.
pub(crate) struct EventLayout {
    /// The source name and the file stem.
    pub source: &'static str,
    /// The nominal source whose rows it refers to.
    pub nominals: &'static str,
    pub columns: &'static [&'static str],
}

pub(crate) const EVENT_LAYOUTS: [EventLayout; 2] = [
    EventLayout {
        source: "crime_reports",
        nominals: "crime",
        columns: &[
            "CRIME_NO",
            "NOMINAL_NO",
            "INVOLVEMENT",
            "OFFENCE",
            "COMMITTED",
            "CRIME_STATUS",
            "BOROUGH",
            "LOCUS",
            "LOCUS_POSTCODE",
            "VRM",
            "VRM_ROLE",
        ],
    },
    EventLayout {
        source: "warrant_records",
        nominals: "warrants",
        columns: &["WARRANT_REF", "SUBJECT_NO", "WARRANT_TYPE", "ISSUING_COURT", "DATE_ISSUED", "OFFENCE", "STATE"],
    },
];

/// The row of `layout` about nominal row `nominal`; `serial` numbers the
/// file's own rows.
pub(crate) fn row(rng: &mut impl Rng, layout: usize, serial: usize, nominal: &str, now: DateTime<Utc>) -> Vec<String> {
    // Some time in the last six years, at least a day ago, written as a
    // London clock reads it: never in the hour the clocks go back (which it
    // reads twice) or skip forward (which it never reads).
    let mut when = now - Duration::minutes(rng.gen_range(24 * 60..6 * 365 * 24 * 60));
    while chrono_tz::Europe::London.from_local_datetime(&when.naive_utc()).single().is_none() {
        when -= Duration::hours(1);
    }
    let offence = offence(rng);
    if layout == 0 {
        let involvement = if !offence.victim || chance(rng, 0.6) {
            "S"
        } else if chance(rng, 0.7) {
            "V"
        } else {
            "W"
        };
        let status = one(rng, &["OPEN", "UI", "CLOSED", "CLOSED"]);
        let borough = one(rng, &BOROUGHS_DATA);
        let (locus, postcode, vrm) = scene(serial, borough, offence.name);
        // The vehicle's part: the car taken in a theft of one, the car
        // broken into in a theft from one.
        let vrm_role = match (vrm.is_empty(), offence.name.starts_with("Theft of")) {
            (true, _) => "",
            (false, true) => "S",
            (false, false) => "I",
        };
        vec![
            format!("{}/{:07}", when.format("%y"), serial),
            nominal.to_string(),
            involvement.to_string(),
            offence.name.to_string(),
            when.format("%d/%m/%Y %H:%M").to_string(),
            status.to_string(),
            borough.name.to_string(),
            locus,
            postcode,
            vrm,
            vrm_role.to_string(),
        ]
    } else {
        let kind = one(rng, &["BENCH", "AWOB", "AWB", "BREACH", "COMMIT"]);
        let state = one(rng, &["OUTSTANDING", "OUTSTANDING", "EXECUTED", "WITHDRAWN"]);
        vec![
            format!("WR{:07}", serial),
            nominal.to_string(),
            kind.to_string(),
            one(rng, &COURTS).name.to_string(),
            when.format("%m/%d/%Y").to_string(),
            offence.name.to_string(),
            state.to_string(),
        ]
    }
}

/// Where a crime report says it happened (its street and postcode, now and
/// then a postcode nobody wrote down properly) and, for a vehicle crime,
/// the vehicle's mark. Drawn from the row's own numbers so that the file's
/// other columns come out as they always did.
fn scene(serial: usize, borough: &Borough, offence: &str) -> (String, String, String) {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5ce4_e000 ^ serial as u64);
    let address = scene_address(&mut rng, borough);
    let postcode = if chance(&mut rng, 0.02) { "N/K".to_string() } else { address.postcode };
    let vrm = if offence.contains("vehicle") {
        let letter = |rng: &mut ChaCha8Rng| char::from(b'A' + rng.gen_range(0..26u8));
        let (a, b) = (letter(&mut rng), letter(&mut rng));
        let age = rng.gen_range(10..75);
        let tail: String = (0..3).map(|_| letter(&mut rng)).collect();
        format!("{a}{b}{age:02} {tail}")
    } else {
        String::new()
    };
    (address.lines[0].clone(), postcode, vrm)
}
