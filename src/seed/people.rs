//! Persons: names and their variants, date of birth, sex, ethnicity,
//! identifiers, addresses over time, phones, description and warning
//! markers; and the households and associates that tie them together.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::Rng;

use crate::domain::dates::PartialDate;
use crate::domain::person::{
    Identifier, IdentifierKind, NameKind, Person, PersonAddress, PersonDetails, PersonName, Phone, Sex, WarningMarker,
};
use crate::domain::provenance::Provenance;

use super::cluster::{Cluster, ENTERED_BY};
use super::names::{self, ORIGINS};
use super::pick::{chance, one, weighted};
use super::places::{self, BOROUGHS_DATA};

/// How much of the police's attention a person draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    /// Many records: 10 to 40.
    Prolific,
    /// A criminal history of a few records.
    Offender,
    /// Victims, witnesses, reporting persons, people at risk.
    Other,
}

impl Profile {
    pub(crate) fn offends(self) -> bool {
        !matches!(self, Profile::Other)
    }
}

/// What the event generators need to know about a person.
#[derive(Debug, Clone)]
pub(crate) struct Sketch {
    pub id: String,
    pub birth: NaiveDate,
    pub origin: usize,
    pub profile: Profile,
    /// Borough of the current address.
    pub borough: usize,
    pub forename: String,
    pub surname: String,
    /// Household: the index of its first member.
    pub household: usize,
    /// The earliest fact about the person, for the record's creation time.
    pub earliest: DateTime<Utc>,
    /// The latest change to a record naming the person.
    pub latest: DateTime<Utc>,
    /// The vehicle the person keeps, as a report would describe it.
    pub vehicle: Option<String>,
}

impl Sketch {
    pub(crate) fn age(&self, today: NaiveDate) -> i32 {
        PartialDate::full(self.birth).age_on(today)
    }

    pub(crate) fn name(&self) -> String {
        format!("{} {}", self.forename, self.surname)
    }
}

/// Age bands (inclusive) and their weights: offending peaks in the early
/// twenties; the prolific have had years to build a record.
const OFFENDER_AGES: [((i32, i32), u32); 6] =
    [((14, 17), 10), ((18, 24), 28), ((25, 34), 30), ((35, 44), 18), ((45, 59), 11), ((60, 70), 3)];
const PROLIFIC_AGES: [((i32, i32), u32); 4] = [((18, 24), 25), ((25, 34), 40), ((35, 44), 25), ((45, 60), 10)];
const OTHER_AGES: [((i32, i32), u32); 7] =
    [((4, 13), 6), ((14, 17), 6), ((18, 29), 22), ((30, 44), 28), ((45, 59), 21), ((60, 74), 12), ((75, 92), 5)];

const MARKERS: [(&str, u32); 12] = [
    ("violent", 25),
    ("weapons", 15),
    ("drugs", 20),
    ("self_harm", 8),
    ("suicidal", 6),
    ("mental_health", 10),
    ("escaper", 3),
    ("firearms", 3),
    ("ailment", 5),
    ("contagious", 2),
    ("explosives", 1),
    ("impersonates_opposite_sex", 1),
];

const MARKER_SOURCES: [&str; 6] = [
    "PNC",
    "Custody risk assessment",
    "Intelligence report",
    "Officer report",
    "Partner agency",
    "Healthcare professional",
];

const BUILDS: [&str; 6] = ["Slim", "Medium", "Stocky", "Heavy", "Athletic", "Thin"];
const HAIR: [&str; 10] = [
    "short black hair",
    "shaved head",
    "short brown hair",
    "long dark hair",
    "braided hair",
    "blond hair",
    "ginger hair",
    "locs",
    "curly dark hair",
    "grey hair",
];
const MARKS: [&str; 10] = [
    "tattoo on left forearm",
    "tattoo on neck",
    "scar above right eye",
    "gold front tooth",
    "pierced left ear",
    "scar on left cheek",
    "tattoo of a name on right hand",
    "wears glasses",
    "beard",
    "walks with a limp",
];

/// Makes person `i` of the cluster, sometimes into the household of the one before.
pub(crate) fn make(cl: &mut Cluster, i: usize) {
    let today = cl.fixed.today;
    let household_of = if i > 0 && chance(&mut cl.rng, 0.22) { Some(cl.people[i - 1].household) } else { None };

    let profile = match cl.rng.gen::<f64>() {
        x if x < 0.02 => Profile::Prolific,
        x if x < 0.25 => Profile::Offender,
        _ => Profile::Other,
    };
    let sex = match (profile.offends(), cl.rng.gen::<f64>()) {
        (_, x) if x < 0.004 => Sex::Other,
        (_, x) if x < 0.01 => Sex::Unknown,
        (true, x) if x < 0.82 => Sex::Male,
        (false, x) if x < 0.49 => Sex::Male,
        _ => Sex::Female,
    };
    let bands = match profile {
        Profile::Prolific => &PROLIFIC_AGES[..],
        Profile::Offender => &OFFENDER_AGES[..],
        Profile::Other => &OTHER_AGES[..],
    };
    let (low, high) = weighted(&mut cl.rng, bands);
    let age = cl.rng.gen_range(low..=high);
    let profile = if age < 14 { Profile::Other } else { profile };
    let birth = today - Duration::days(i64::from(age) * 365 + cl.rng.gen_range(0..365) + i64::from(age / 4));

    let household = household_of.unwrap_or(i);
    let head = household_of.map(|h| cl.people[h].clone());
    let origin = match &head {
        Some(h) if chance(&mut cl.rng, 0.9) => h.origin,
        _ => cl.fixed.names.origin(&mut cl.rng),
    };
    let borough = match &head {
        Some(h) => h.borough,
        None => cl.fixed.boroughs.pick(&mut cl.rng),
    };

    let id = cl.id();
    let forename = cl.fixed.names.forename(&mut cl.rng, origin, sex).to_string();
    let mut name_list = Vec::with_capacity(3);
    let birth_surname = match &head {
        Some(h) if h.origin == origin && chance(&mut cl.rng, 0.8) => match ORIGINS[origin].feminine_ska {
            true if sex == Sex::Female => names::feminine(&h.surname),
            _ => h.surname.clone(),
        },
        _ => cl.fixed.names.surname(&mut cl.rng, origin, sex),
    };
    let mut surname = birth_surname.clone();
    let mut forenames = forename.clone();
    if chance(&mut cl.rng, 0.3) {
        let middle = cl.fixed.names.forename(&mut cl.rng, origin, sex);
        if middle != forename {
            forenames = format!("{forename} {middle}");
        }
    }
    // Women who married keep their maiden name on the record.
    if sex == Sex::Female && age >= 22 && chance(&mut cl.rng, 0.3) {
        let married = cl.fixed.names.surname(&mut cl.rng, origin, sex);
        if married != surname {
            name_list.push(name(&forenames, &surname, NameKind::Maiden));
            surname = married;
        }
    } else if chance(&mut cl.rng, 0.02) {
        let second = cl.fixed.names.surname(&mut cl.rng, origin, sex);
        if second != surname {
            name_list.push(name(&forenames, &surname, NameKind::Previous));
            surname = format!("{surname}-{second}");
        }
    }
    name_list.insert(0, name(&forenames, &surname, NameKind::Primary));
    add_variants(cl, &mut name_list, &forename, &surname, profile);

    let partial = match cl.rng.gen::<f64>() {
        x if x < 0.85 => PartialDate::full(birth),
        x if x < 0.95 => PartialDate { year: birth.year(), month: Some(birth.month()), day: None },
        _ => PartialDate { year: birth.year(), month: None, day: None },
    };
    let ethnicity = chance(&mut cl.rng, 0.9).then(|| cl.fixed.names.ethnicity(&mut cl.rng, origin).to_string());

    let now = cl.now();
    let stamp = Provenance::entered(ENTERED_BY, now);
    let mut identifiers = Vec::new();
    if age >= 14 && (profile.offends() || chance(&mut cl.rng, 0.1)) {
        let first = birth.year() + cl.rng.gen_range(12..=age.clamp(12, 40));
        let first = first.min(today.year());
        let pnc = cl.run.counters.pnc(first);
        identifiers.push(Identifier { kind: IdentifierKind::Pnc, value: pnc, label: None, provenance: stamp.clone() });
        if chance(&mut cl.rng, 0.4) {
            let cro = cl.run.counters.cro(first);
            identifiers.push(Identifier {
                kind: IdentifierKind::Cro,
                value: cro,
                label: None,
                provenance: stamp.clone(),
            });
        }
    }

    let addresses = addresses(cl, borough, household_of, birth, age);
    let phones = phones(cl, age);
    let description = (age >= 14 && chance(&mut cl.rng, 0.6)).then(|| describe(cl, sex, age));
    let markers = markers(cl, profile, birth, age);

    let earliest = addresses
        .iter()
        .filter_map(|a| a.from)
        .min()
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .map(|d| d.and_utc())
        .unwrap_or(now)
        .min(now);
    let details = PersonDetails {
        names: name_list,
        date_of_birth: Some(partial),
        sex: Some(sex),
        ethnicity,
        identifiers,
        addresses,
        phones,
        description,
        markers,
    };
    cl.persons.push(Person {
        id: id.clone(),
        version: 1,
        details,
        created_at: now,
        updated_at: now,
        provenance: stamp,
    });
    cl.people.push(Sketch {
        id,
        birth,
        origin,
        profile,
        borough,
        forename,
        surname,
        household,
        earliest,
        latest: earliest,
        vehicle: None,
    });
    if let Some(h) = household_of {
        let head_age = cl.people[h].age(today);
        let adults = age >= 18 && head_age >= 18;
        // A generation apart: parent and child, the link running from the parent.
        if head_age - age >= 16 {
            cl.link_people(h, i, "parent");
        } else if age - head_age >= 16 {
            cl.link_people(i, h, "parent");
        } else if adults && h + 1 == i && chance(&mut cl.rng, 0.6) {
            cl.link_people(i, h, "partner");
        } else {
            cl.link_people(i, h, "sibling");
        }
    }
}

fn name(forenames: &str, surname: &str, kind: NameKind) -> PersonName {
    PersonName {
        forenames: forenames.to_string(),
        surname: surname.to_string(),
        kind,
        provenance: Provenance::default(),
    }
}

/// Aliases real records carry: nicknames, other spellings, slips and changes of name.
fn add_variants(cl: &mut Cluster, list: &mut Vec<PersonName>, forename: &str, surname: &str, profile: Profile) {
    let rng = &mut cl.rng;
    if let Some(nick) = names::nickname(forename).filter(|_| chance(rng, 0.15)) {
        list.push(name(nick, surname, NameKind::Alias));
    }
    if chance(rng, 0.45) {
        if let Some(other) = names::respelling(rng, forename) {
            list.push(name(other, surname, NameKind::Alias));
        } else if let Some(other) = names::respelling(rng, surname) {
            list.push(name(forename, other, NameKind::Alias));
        }
    }
    let slip = if profile.offends() { 0.12 } else { 0.03 };
    if chance(rng, slip) {
        if chance(rng, 0.6) {
            list.push(name(forename, &names::typo(rng, surname), NameKind::Alias));
        } else {
            list.push(name(&names::typo(rng, forename), surname, NameKind::Alias));
        }
    }
    // A name given once on arrest and never again.
    if profile == Profile::Prolific && chance(rng, 0.3) {
        let origin = cl.fixed.names.origin(rng);
        let f = cl.fixed.names.forename(rng, origin, Sex::Male);
        list.push(name(f, surname, NameKind::Alias));
    }
    if chance(rng, 0.005) {
        let origin = cl.fixed.names.origin(rng);
        let f = cl.fixed.names.forename(rng, origin, Sex::Unknown);
        let s = cl.fixed.names.surname(rng, origin, Sex::Male);
        list.push(name(f, &s, NameKind::Previous));
    }
    for n in list.iter_mut() {
        n.provenance = Provenance::entered(ENTERED_BY, cl.fixed.now);
    }
}

fn date_to_utc(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(12, 0, 0).map(|t| t.and_utc()).unwrap_or_default()
}

/// One to three addresses, the last current; household members share the current one.
fn addresses(
    cl: &mut Cluster,
    borough: usize,
    household_of: Option<usize>,
    birth: NaiveDate,
    age: i32,
) -> Vec<PersonAddress> {
    let today = cl.fixed.today;
    let count = match cl.rng.gen::<f64>() {
        x if x < 0.55 || age < 18 => 1,
        x if x < 0.85 => 2,
        _ => 3,
    };
    let adult = birth + chrono::Months::new(16 * 12);
    let mut moved_in = if age < 16 { birth } else { adult.max(today - Duration::days(365 * 15)) };
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let current = k + 1 == count;
        let b = if current { borough } else { cl.fixed.boroughs.pick(&mut cl.rng) };
        let address = match household_of {
            Some(h) if current => cl.persons[h]
                .details
                .addresses
                .last()
                .map(|a| a.address.clone())
                .unwrap_or_else(|| places::home_address(&mut cl.rng, &BOROUGHS_DATA[b])),
            _ => places::home_address(&mut cl.rng, &BOROUGHS_DATA[b]),
        };
        let span = (today - moved_in).num_days().max(1);
        let left = if current {
            None
        } else {
            let stay = cl.rng.gen_range(0..span) / (count - k) as i64;
            Some(moved_in + Duration::days(stay.max(30)).min(Duration::days(span)))
        };
        // Sharing a household's address: from when the household moved in, or birth.
        if let (Some(h), true) = (household_of, current) {
            if let Some(from) = cl.persons[h].details.addresses.last().and_then(|a| a.from) {
                moved_in = from.max(birth).max(moved_in.min(from));
            }
        }
        out.push(PersonAddress {
            address,
            from: Some(moved_in),
            to: left,
            provenance: Provenance::entered(ENTERED_BY, date_to_utc(moved_in).min(cl.fixed.now)),
        });
        if let Some(l) = left {
            moved_in = l.min(today);
        }
    }
    out
}

fn phones(cl: &mut Cluster, age: i32) -> Vec<Phone> {
    let count = match cl.rng.gen::<f64>() {
        _ if age < 12 => 0,
        x if x < 0.3 => 0,
        x if x < 0.85 => 1,
        _ => 2,
    };
    (0..count)
        .map(|_| {
            let network = *one(&mut cl.rng, b"1345789") as char;
            Phone {
                number: format!("07{network}{:08}", cl.rng.gen_range(0..100_000_000u32)),
                provenance: Provenance::entered(ENTERED_BY, cl.fixed.now),
            }
        })
        .collect()
}

fn describe(cl: &mut Cluster, sex: Sex, age: i32) -> String {
    let rng = &mut cl.rng;
    let inches = match sex {
        Sex::Female => rng.gen_range(59..70),
        _ => rng.gen_range(64..76),
    };
    // Grey hair is the last entry: only for the over-forties.
    let hair = HAIR[rng.gen_range(0..if age >= 40 { HAIR.len() } else { HAIR.len() - 1 })];
    let mut text = format!("{} build, about {}ft {}in, {hair}", one(rng, &BUILDS), inches / 12, inches % 12);
    if chance(rng, 0.5) {
        text.push_str(", ");
        let mark = *one(rng, &MARKS);
        text.push_str(mark);
    }
    text
}

fn markers(cl: &mut Cluster, profile: Profile, birth: NaiveDate, age: i32) -> Vec<WarningMarker> {
    let count = match profile {
        Profile::Prolific if chance(&mut cl.rng, 0.8) => cl.rng.gen_range(1..=3),
        Profile::Offender if chance(&mut cl.rng, 0.3) => cl.rng.gen_range(1..=2),
        Profile::Other if age >= 14 && chance(&mut cl.rng, 0.03) => 1,
        _ => 0,
    };
    let today = cl.fixed.today;
    let from = (birth + chrono::Months::new(14 * 12)).min(today);
    let span = (today - from).num_days().max(1);
    let mut out: Vec<WarningMarker> = Vec::with_capacity(count);
    for _ in 0..count {
        let category = if profile == Profile::Other {
            *one(&mut cl.rng, &["mental_health", "self_harm", "suicidal", "ailment"])
        } else {
            weighted(&mut cl.rng, &MARKERS)
        };
        if out.iter().any(|m| m.category == category) {
            continue;
        }
        let recorded_on = from + Duration::days(cl.rng.gen_range(0..span));
        let expires = matches!(category, "self_harm" | "suicidal" | "mental_health" | "ailment" | "contagious")
            && chance(&mut cl.rng, 0.5);
        let expires_on = expires.then(|| recorded_on + Duration::days(cl.rng.gen_range(180..1100)));
        out.push(WarningMarker {
            category: category.to_string(),
            recorded_on,
            source: (*one(&mut cl.rng, &MARKER_SOURCES)).to_string(),
            expires_on,
            provenance: Provenance::entered(ENTERED_BY, date_to_utc(recorded_on).min(cl.fixed.now)),
        });
    }
    out
}

/// Ties offenders of the cluster to each other; prolific ones know more people.
pub(crate) fn associate(cl: &mut Cluster) {
    for i in 0..cl.people.len() {
        let n = match cl.people[i].profile {
            Profile::Prolific => cl.rng.gen_range(2..=5),
            Profile::Offender if chance(&mut cl.rng, 0.5) => 1,
            _ => 0,
        };
        for _ in 0..n {
            if let Some(j) = cl.other_offender(i) {
                cl.link_people(i, j, "associate");
            }
        }
    }
}
