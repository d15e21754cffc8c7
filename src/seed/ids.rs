//! Identifiers and reference numbers. Record ids come from the generator's
//! random stream; references, PNC and CRO numbers and number plates come
//! from run-wide counters, scrambled where a real series would look random,
//! so they are unique across the whole run whatever the batch size.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use rand::Rng;

use crate::domain::event::EventKind;
use crate::domain::identifiers::{format_pnc, pnc_check_letter};
use crate::domain::incident::ReferenceFormat;

/// A record id: a version-4 uuid made from the generator's own random bytes.
pub(crate) fn uuid(rng: &mut impl Rng) -> String {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid().to_string()
}

/// splitmix64 of two numbers: a fixed, well-spread mix for seed-derived offsets.
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_add(0x9E37_79B9_7F4A_7C15).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Walks `0..modulus` in a scrambled order with no repeats (an affine map
/// with a step coprime to the modulus), so serials look random yet never clash.
#[derive(Debug, Clone)]
pub(crate) struct Scramble {
    modulus: u64,
    step: u64,
    offset: u64,
    next: u64,
}

impl Scramble {
    pub(crate) fn new(modulus: u64, seed: u64) -> Self {
        let modulus = modulus.max(1);
        let mut step = (mix(seed, modulus) % modulus).max(1);
        while gcd(step, modulus) != 1 {
            step = step % modulus + 1;
        }
        Self { modulus, step, offset: mix(seed, 7) % modulus, next: 0 }
    }

    pub(crate) fn next_value(&mut self) -> u64 {
        let i = self.next;
        self.next += 1;
        ((u128::from(i) * u128::from(self.step) + u128::from(self.offset)) % u128::from(self.modulus)) as u64
    }
}

/// Which series a counter belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Series {
    Event(EventKind),
    Custody(&'static str),
    Urn(&'static str),
}

/// Every run-wide counter the generator keeps.
#[derive(Debug, Clone)]
pub(crate) struct Counters {
    seed: u64,
    serials: HashMap<(Series, i32), u32>,
    /// Incidents are numbered within their day, from 1.
    incident_days: HashMap<chrono::NaiveDate, i64>,
    pnc: Scramble,
    cro: Scramble,
    vrm: Scramble,
    plate_ages: u64,
}

/// Two-digit years, as references carry them.
fn yy(at: DateTime<Utc>) -> i32 {
    at.year().rem_euclid(100)
}

/// Letters allowed in the random part of a current number plate (no I, Q, Z).
pub(crate) const PLATE_LETTERS: &[u8] = b"ABCDEFGHJKLMNOPRSTUVWXY";

impl Counters {
    /// `plate_ages`: how many age identifiers plates may carry by now.
    pub(crate) fn new(seed: u64, plate_ages: usize) -> Self {
        let plate_ages = (plate_ages as u64).max(1);
        let plate_space = 23 * 23 * 23 * 23 * plate_ages;
        Self {
            seed,
            serials: HashMap::new(),
            incident_days: HashMap::new(),
            pnc: Scramble::new(10_000_000, mix(seed, 1)),
            cro: Scramble::new(1_000_000, mix(seed, 2)),
            vrm: Scramble::new(plate_space, mix(seed, 3)),
            plate_ages,
        }
    }

    fn serial(&mut self, series: Series, year: i32) -> u32 {
        let seed = self.seed;
        let counter = self.serials.entry((series, year)).or_insert_with(|| {
            // Series start part-way through the year, as a real one seen mid-run would.
            let salt = match series {
                Series::Event(k) => k as u64,
                Series::Custody(code) | Series::Urn(code) => code.bytes().fold(100, |a, b| a * 31 + u64::from(b)),
            };
            1 + (mix(seed ^ salt, year as u64) % 9_000) as u32
        });
        let value = *counter;
        *counter += 1;
        value
    }

    /// The reference of a crime, intelligence, safeguarding, ASB or warrant record,
    /// such as `CR/26/0012345`.
    pub(crate) fn reference(&mut self, kind: EventKind, at: DateTime<Utc>) -> String {
        let year = yy(at);
        let serial = self.serial(Series::Event(kind), year);
        format!("{}/{year:02}/{serial:07}", kind.reference_prefix())
    }

    /// An incident reference in the default format, such as
    /// `CAD 0412 02DEC26`: the next serial of its London day.
    pub(crate) fn incident_reference(&mut self, at: DateTime<Utc>) -> String {
        let day = ReferenceFormat::day_of(at);
        let serial = self.incident_days.entry(day).or_insert(0);
        *serial += 1;
        ReferenceFormat::default().render(*serial, day)
    }

    /// A custody record number, such as `CU/BX/26/01234`.
    pub(crate) fn custody_reference(&mut self, suite_code: &'static str, at: DateTime<Utc>) -> String {
        let year = yy(at);
        let serial = self.serial(Series::Custody(suite_code), year);
        format!("CU/{suite_code}/{year:02}/{serial:05}")
    }

    /// A URN: force 01, unit, five-digit serial, two-digit year. A unit whose
    /// year is full passes to the next unit so the URN stays unique.
    pub(crate) fn urn(&mut self, units: &[&'static str], first: usize, at: DateTime<Utc>) -> String {
        let year = yy(at);
        for k in 0..units.len().max(1) {
            let unit = units.get((first + k) % units.len().max(1)).copied().unwrap_or("YE");
            let serial = self.serial(Series::Urn(unit), year);
            if serial <= 99_999 {
                return format!("01{unit}{serial:05}{year:02}");
            }
        }
        // Beyond every unit's capacity: only at sizes far past any real force.
        let serial = self.serial(Series::Urn("ZZ"), year) % 100_000;
        format!("01ZZ{serial:05}{year:02}")
    }

    /// A PNC ID for someone first recorded in `year`.
    pub(crate) fn pnc(&mut self, year: i32) -> String {
        let serial = self.pnc.next_value() as u32;
        format_pnc(year.rem_euclid(100) as u32, serial)
    }

    /// A CRO number (`NNNNNN/YYC`) for someone first recorded in `year`.
    pub(crate) fn cro(&mut self, year: i32) -> String {
        let serial = self.cro.next_value() as u32;
        let year = year.rem_euclid(100) as u32;
        format!("{serial:06}/{year:02}{}", pnc_check_letter(year, serial))
    }

    /// The unique tail of a current-format plate: second memory-tag letter,
    /// age-identifier slot (below `plate_ages`) and the three random letters.
    pub(crate) fn plate_tail(&mut self) -> (char, usize, [char; 3]) {
        let mut v = self.vrm.next_value();
        let mut letter = || {
            let c = PLATE_LETTERS[(v % 23) as usize] as char;
            v /= 23;
            c
        };
        let (second, a, b2, c) = (letter(), letter(), letter(), letter());
        (second, (v % self.plate_ages) as usize, [a, b2, c])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::identifiers::{parse_cro, parse_pnc, parse_urn};
    use chrono::TimeZone;
    use std::collections::HashSet;

    #[test]
    fn scramble_never_repeats_within_its_modulus() {
        let mut s = Scramble::new(1000, 42);
        let seen: HashSet<u64> = (0..1000).map(|_| s.next_value()).collect();
        assert_eq!(seen.len(), 1000);
    }

    #[test]
    fn identifiers_parse_and_are_unique() {
        let mut c = Counters::new(9, 48);
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let mut pncs = HashSet::new();
        for _ in 0..5000 {
            let p = c.pnc(2011);
            assert_eq!(parse_pnc(&p).unwrap(), p);
            assert!(pncs.insert(p));
            let cro = c.cro(2011);
            assert_eq!(parse_cro(&cro).unwrap(), cro);
            let urn = c.urn(&["LX", "GD"], 0, at);
            assert_eq!(parse_urn(&urn).unwrap(), urn);
        }
        let r = c.reference(EventKind::Crime, at);
        assert!(r.starts_with("CR/26/") && r.len() == 13, "{r}");
        let cu = c.custody_reference("BX", at);
        assert!(cu.starts_with("CU/BX/26/") && cu.len() == 14, "{cu}");
    }
}
