//! Noisy queries made from real seeded persons, each with the person it
//! should find, one kind of noise per query.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;

use crate::domain::dates::PartialDate;
use crate::domain::person::{IdentifierKind, NameKind, Person};
use crate::matching::Nicknames;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Noise {
    Exact,
    Insertion,
    Deletion,
    Substitution,
    Transposition,
    Phonetic,
    Nickname,
    SwappedOrder,
    MiddleMissing,
    MiddleExtra,
    Hyphenated,
    Alias,
    YearOnly,
    MonthYear,
    DayMonthSwapped,
    Age,
    Pnc,
    Cro,
    VrmSpaced,
    VrmCompact,
    Phone,
    EventReference,
}

impl Noise {
    pub const ALL: [Noise; 22] = [
        Noise::Exact,
        Noise::Insertion,
        Noise::Deletion,
        Noise::Substitution,
        Noise::Transposition,
        Noise::Phonetic,
        Noise::Nickname,
        Noise::SwappedOrder,
        Noise::MiddleMissing,
        Noise::MiddleExtra,
        Noise::Hyphenated,
        Noise::Alias,
        Noise::YearOnly,
        Noise::MonthYear,
        Noise::DayMonthSwapped,
        Noise::Age,
        Noise::Pnc,
        Noise::Cro,
        Noise::VrmSpaced,
        Noise::VrmCompact,
        Noise::Phone,
        Noise::EventReference,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Noise::Exact => "exact (control)",
            Noise::Insertion => "typo: insertion",
            Noise::Deletion => "typo: deletion",
            Noise::Substitution => "typo: substitution",
            Noise::Transposition => "typo: transposition",
            Noise::Phonetic => "phonetic/translit.",
            Noise::Nickname => "nickname",
            Noise::SwappedOrder => "names swapped",
            Noise::MiddleMissing => "middle name missing",
            Noise::MiddleExtra => "extra middle name",
            Noise::Hyphenated => "one half of surname",
            Noise::Alias => "alias",
            Noise::YearOnly => "DOB year only",
            Noise::MonthYear => "DOB month and year",
            Noise::DayMonthSwapped => "DOB day/month swap",
            Noise::Age => "age not DOB",
            Noise::Pnc => "PNC ID",
            Noise::Cro => "CRO number",
            Noise::VrmSpaced => "VRM with space",
            Noise::VrmCompact => "VRM no space",
            Noise::Phone => "phone",
            Noise::EventReference => "event reference",
        }
    }
}

/// The date of birth part of a query, as the officer gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DobProbe {
    Full(NaiveDate),
    Year(i32),
    MonthYear(i32, u32),
    Age(i32),
}

/// One query: what is typed into the search (`text`, `dob`), the same
/// thing read into parts for an engine that takes them apart, and the
/// person it should find.
#[derive(Debug, Clone)]
pub struct TestQuery {
    pub noise: Noise,
    pub text: String,
    pub dob: Option<String>,
    pub name: Option<String>,
    pub dob_probe: Option<DobProbe>,
    pub identifier: Option<String>,
    pub person_id: String,
    /// How many persons share what the query truly says (name and date of
    /// birth as given); a perfect engine is right first 1/k of the time.
    pub ambiguity: u32,
}

/// Keys held elsewhere in the store, by person.
#[derive(Default)]
pub struct PersonKeys {
    pub vrms: HashMap<String, Vec<String>>,
    pub phones: HashMap<String, Vec<String>>,
    pub references: HashMap<String, Vec<String>>,
}

/// Other spellings of names, as records and officers give them.
const SPELLINGS: &[&[&str]] = &[
    &["Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"],
    &["Yusuf", "Yousef", "Yusef", "Youssef"],
    &["Smith", "Smyth"],
    &["Catherine", "Kathryn", "Katherine", "Catharine"],
    &["Ahmed", "Ahmad"],
    &["Hussain", "Hussein", "Husain"],
    &["Hassan", "Hasan"],
    &["Mustafa", "Mostafa"],
    &["Ibrahim", "Ebrahim"],
    &["Osman", "Usman"],
    &["Mahmood", "Mahmud", "Mahmoud"],
    &["Abdullahi", "Abdullah"],
    &["Aisha", "Ayesha"],
    &["Fatima", "Fatimah"],
    &["Sean", "Shaun", "Shawn"],
    &["Stephen", "Steven"],
    &["Jon", "John"],
    &["Philip", "Phillip"],
    &["Stuart", "Stewart"],
    &["Thompson", "Thomson"],
    &["Clarke", "Clark"],
    &["Davies", "Davis"],
    &["Chowdhury", "Choudhury", "Chaudhry"],
    &["Rahman", "Rehman"],
    &["Begum", "Begun"],
    &["Chen", "Chan"],
    &["Liu", "Lau"],
    &["Nicola", "Nichola"],
    &["Rebecca", "Rebekah"],
    &["Zoe", "Zoey"],
    &["Ali", "Aly"],
    &["Omar", "Umar"],
    &["Kowalski", "Kovalski"],
    &["Nowak", "Novak"],
    &["Oluwaseun", "Oluwasheun"],
];

/// Middle names to add where the record has none.
const MIDDLES: [&str; 6] = ["James", "Marie", "Ali", "Louise", "John", "Ann"];

fn other_spelling(word: &str, rng: &mut impl Rng) -> Option<String> {
    let group = SPELLINGS.iter().find(|g| g.iter().any(|s| s.eq_ignore_ascii_case(word)))?;
    let others: Vec<&&str> = group.iter().filter(|s| !s.eq_ignore_ascii_case(word)).collect();
    others.choose(rng).map(|s| s.to_string())
}

fn title(word: &str) -> String {
    let mut c = word.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn random_letter(rng: &mut impl Rng) -> char {
    char::from(b'a' + rng.gen_range(0..26u8))
}

/// One typing slip of the given kind, never on the first letter (officers
/// rarely get that wrong); `None` for words too short to slip in.
pub fn slip(word: &str, noise: Noise, rng: &mut impl Rng) -> Option<String> {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 {
        return None;
    }
    let i = rng.gen_range(1..chars.len() - 1);
    match noise {
        Noise::Insertion => chars.insert(i, random_letter(rng)),
        Noise::Deletion => {
            chars.remove(i);
        }
        Noise::Substitution => {
            let c = loop {
                let c = random_letter(rng);
                if !c.eq_ignore_ascii_case(&chars[i]) {
                    break c;
                }
            };
            chars[i] = c;
        }
        Noise::Transposition => {
            if chars[i] == chars[i + 1] {
                return None;
            }
            chars.swap(i, i + 1);
        }
        _ => return None,
    }
    Some(chars.into_iter().collect())
}

/// The VRM as printed on a current-style plate ("AB12 CDE").
fn spaced_vrm(vrm: &str) -> String {
    let compact: String = vrm.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 7 && compact.is_ascii() {
        format!("{} {}", &compact[..4], &compact[4..])
    } else {
        compact
    }
}

/// The key a name-and-DOB query is ambiguous over.
pub fn ambiguity_key(forename: &str, surname: &str, dob: &str) -> String {
    format!("{}|{}|{dob}", forename.to_lowercase(), surname.to_lowercase())
}

/// Ambiguity keys a person counts under: full date, month and year, year.
pub fn ambiguity_keys(person: &Person) -> Vec<String> {
    let Some(name) = person.primary_name() else { return Vec::new() };
    let Some(forename) = name.forenames.split_whitespace().next() else { return Vec::new() };
    let Some(dob) = person.details.date_of_birth else {
        return vec![ambiguity_key(forename, &name.surname, "")];
    };
    let mut keys = vec![ambiguity_key(forename, &name.surname, &dob.year.to_string())];
    if let Some(m) = dob.month {
        keys.push(ambiguity_key(forename, &name.surname, &format!("{}-{m:02}", dob.year)));
        if let Some(d) = dob.day {
            keys.push(ambiguity_key(forename, &name.surname, &format!("{}-{m:02}-{d:02}", dob.year)));
        }
    }
    keys
}

fn age_on(d: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - d.year();
    if (today.month(), today.day()) < (d.month(), d.day()) {
        age -= 1;
    }
    age
}

fn pick<'a>(items: Option<&'a Vec<String>>, rng: &mut impl Rng) -> Option<&'a String> {
    items.and_then(|v| v.choose(rng))
}

/// A query of the given kind for `person`, or `None` when the person lacks
/// what the noise needs (a full date of birth, an alias, a vehicle, say).
pub fn make(
    person: &Person,
    noise: Noise,
    keys: &PersonKeys,
    today: NaiveDate,
    rng: &mut impl Rng,
) -> Option<TestQuery> {
    let name = person.primary_name()?;
    let forenames: Vec<&str> = name.forenames.split_whitespace().collect();
    let forename = forenames.first()?.to_string();
    let surname = name.surname.clone();
    let dob = person.details.date_of_birth;
    let full = dob.and_then(PartialDate::to_date);
    let plain = format!("{forename} {surname}");
    let id_query = |text: String| Some((None, text, None, None));
    let named = |n: String| {
        let probe = full.map(DobProbe::Full).or(dob.map(|d| DobProbe::Year(d.year)));
        Some((Some(n.clone()), n, dob.map(|d| d.to_string()), probe))
    };
    let (name_part, text, dob_text, probe): (Option<String>, String, Option<String>, Option<DobProbe>) = match noise {
        Noise::Exact => named(plain.clone())?,
        Noise::Insertion | Noise::Deletion | Noise::Substitution | Noise::Transposition => {
            // Half the slips in the forename, half in the surname.
            if rng.gen_bool(0.5) {
                named(format!("{} {surname}", slip(&forename, noise, rng)?))?
            } else {
                named(format!("{forename} {}", slip(&surname, noise, rng)?))?
            }
        }
        Noise::Phonetic => match (other_spelling(&forename, rng), other_spelling(&surname, rng)) {
            (Some(f), _) => named(format!("{f} {surname}"))?,
            (None, Some(s)) => named(format!("{forename} {s}"))?,
            (None, None) => return None,
        },
        Noise::Nickname => {
            let folded = forename.to_lowercase();
            let variants = Nicknames::shipped().variants(&folded);
            let nick = variants.choose(rng)?;
            named(format!("{} {surname}", title(nick)))?
        }
        Noise::SwappedOrder => named(format!("{surname} {forename}"))?,
        Noise::MiddleMissing => {
            if forenames.len() < 2 {
                return None;
            }
            named(plain.clone())?
        }
        Noise::MiddleExtra => {
            let middle = MIDDLES.iter().find(|m| !forenames.contains(m))?;
            named(format!("{} {middle} {surname}", name.forenames))?
        }
        Noise::Hyphenated => {
            let parts: Vec<&str> = surname.split(['-', ' ']).filter(|p| !p.is_empty()).collect();
            if parts.len() < 2 {
                return None;
            }
            named(format!("{forename} {}", parts.choose(rng)?))?
        }
        Noise::Alias => {
            let aliases: Vec<_> = person.details.names.iter().filter(|n| n.kind == NameKind::Alias).collect();
            named(aliases.choose(rng)?.full())?
        }
        Noise::YearOnly => {
            let y = dob?.year;
            (Some(plain.clone()), plain.clone(), Some(y.to_string()), Some(DobProbe::Year(y)))
        }
        Noise::MonthYear => {
            let d = full?;
            let text = Some(format!("{:04}-{:02}", d.year(), d.month()));
            (Some(plain.clone()), plain.clone(), text, Some(DobProbe::MonthYear(d.year(), d.month())))
        }
        Noise::DayMonthSwapped => {
            let d = full?;
            if d.day() > 12 || d.day() == d.month() {
                return None;
            }
            let swapped = NaiveDate::from_ymd_opt(d.year(), d.day(), d.month())?;
            (Some(plain.clone()), plain.clone(), Some(swapped.to_string()), Some(DobProbe::Full(swapped)))
        }
        Noise::Age => {
            let age = age_on(full?, today);
            (Some(plain.clone()), format!("{plain} {age}"), None, Some(DobProbe::Age(age)))
        }
        Noise::Pnc => id_query(person.details.identifier(IdentifierKind::Pnc)?.to_string())?,
        Noise::Cro => id_query(person.details.identifier(IdentifierKind::Cro)?.to_string())?,
        Noise::VrmSpaced => id_query(spaced_vrm(pick(keys.vrms.get(&person.id), rng)?))?,
        Noise::VrmCompact => id_query(pick(keys.vrms.get(&person.id), rng)?.replace(' ', ""))?,
        Noise::Phone => {
            let phones: Vec<&str> = person.details.phones.iter().map(|p| p.number.as_str()).collect();
            let phone = match phones.choose(rng) {
                Some(p) => p.to_string(),
                None => pick(keys.phones.get(&person.id), rng)?.clone(),
            };
            id_query(phone)?
        }
        Noise::EventReference => id_query(pick(keys.references.get(&person.id), rng)?.clone())?,
    };
    let identifier = name_part.is_none().then(|| text.clone());
    Some(TestQuery {
        noise,
        text,
        dob: dob_text,
        name: name_part,
        dob_probe: probe,
        identifier,
        person_id: person.id.clone(),
        ambiguity: 1,
    })
}

/// An identifier as one comparable key: upper case letters and digits.
pub fn compact_key(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// The ambiguity key of a name query: the true name with the date of birth
/// only as precisely as the query gives it.
fn query_ambiguity_key(person: &Person, probe: Option<DobProbe>) -> Option<String> {
    let name = person.primary_name()?;
    let forename = name.forenames.split_whitespace().next()?;
    let dob = person.details.date_of_birth;
    let given = match probe {
        None => String::new(),
        Some(DobProbe::Full(_)) => match dob {
            Some(PartialDate { year, month: Some(m), day: Some(d) }) => format!("{year}-{m:02}-{d:02}"),
            Some(PartialDate { year, month: Some(m), day: None }) => format!("{year}-{m:02}"),
            Some(d) => d.year.to_string(),
            None => String::new(),
        },
        Some(DobProbe::MonthYear(y, m)) => format!("{y}-{m:02}"),
        Some(DobProbe::Year(y)) => y.to_string(),
        // An age spans about two years of birth; the year is close enough.
        Some(DobProbe::Age(_)) => dob.map(|d| d.year.to_string()).unwrap_or_default(),
    };
    Some(ambiguity_key(forename, &name.surname, &given))
}

/// Up to `n` queries spread evenly over the kinds of noise, each kind
/// drawing persons until one has what it needs. `shared` counts persons by
/// their ambiguity keys over the whole store.
pub fn make_set(
    persons: &[Person],
    n: usize,
    keys: &PersonKeys,
    shared: &HashMap<String, u32>,
    today: NaiveDate,
    rng: &mut impl Rng,
) -> Vec<TestQuery> {
    // A plate, phone or event is often shared: count its holders.
    let mut holders: HashMap<String, u32> = HashMap::new();
    for map in [&keys.vrms, &keys.phones, &keys.references] {
        for list in map.values() {
            let mut own: Vec<String> = list.iter().map(|k| compact_key(k)).collect();
            own.sort();
            own.dedup();
            for k in own {
                *holders.entry(k).or_default() += 1;
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let noise = Noise::ALL[i % Noise::ALL.len()];
        for _ in 0..2_000 {
            let Some(person) = persons.choose(rng) else { return out };
            if let Some(mut q) = make(person, noise, keys, today, rng) {
                let found = match &q.identifier {
                    None => query_ambiguity_key(person, q.dob_probe).and_then(|k| shared.get(&k).copied()),
                    Some(id) => holders.get(&compact_key(id)).copied(),
                };
                q.ambiguity = found.unwrap_or(1).max(1);
                out.push(q);
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn slips_change_one_letter_and_keep_the_first() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..50 {
            let ins = slip("Robinson", Noise::Insertion, &mut rng).unwrap();
            assert_eq!(ins.len(), 9);
            let del = slip("Robinson", Noise::Deletion, &mut rng).unwrap();
            assert_eq!(del.len(), 7);
            let sub = slip("Robinson", Noise::Substitution, &mut rng).unwrap();
            assert_eq!(sub.len(), 8);
            assert_eq!(sub.chars().zip("Robinson".chars()).filter(|(a, b)| a != b).count(), 1);
            for s in [ins, del, sub] {
                assert!(s.starts_with('R'));
            }
        }
        assert!(slip("Ali", Noise::Deletion, &mut rng).is_none());
    }

    #[test]
    fn seeded_persons_give_every_name_and_date_kind() {
        use crate::seed::{Generator, SeedConfig};
        let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 25, 12, 0, 0).unwrap();
        let mut generator = Generator::new(SeedConfig { persons: 3_000, seed: 7, now });
        let mut persons = Vec::new();
        while let Some(b) = generator.next_batch(1_000) {
            persons.extend(b.persons);
        }
        let mut keys = PersonKeys::default();
        for p in &persons {
            keys.vrms.insert(p.id.clone(), vec!["AB12CDE".into()]);
            keys.references.insert(p.id.clone(), vec!["CAD-1234".into()]);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let today = now.date_naive();
        let set = make_set(&persons, Noise::ALL.len() * 4, &keys, &HashMap::new(), today, &mut rng);
        for noise in Noise::ALL {
            let of_kind: Vec<_> = set.iter().filter(|q| q.noise == noise).collect();
            assert!(!of_kind.is_empty(), "no query of kind {}", noise.name());
            for q in of_kind {
                assert!(!q.text.trim().is_empty());
                assert_eq!(q.identifier.is_some(), q.name.is_none(), "{q:?}");
                let person = persons.iter().find(|p| p.id == q.person_id).unwrap();
                let surname = &person.primary_name().unwrap().surname;
                match noise {
                    Noise::Exact | Noise::YearOnly | Noise::MonthYear | Noise::DayMonthSwapped => {
                        assert!(q.text.ends_with(surname.as_str()), "{q:?}")
                    }
                    Noise::VrmSpaced => assert_eq!(q.text, "AB12 CDE"),
                    Noise::VrmCompact => assert_eq!(q.text, "AB12CDE"),
                    Noise::Age => assert!(matches!(q.dob_probe, Some(DobProbe::Age(_))) && q.dob.is_none()),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn spellings_and_plates() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let s = other_spelling("mohammed", &mut rng).unwrap();
        assert_ne!(s, "Mohammed");
        assert!(other_spelling("Zebedee", &mut rng).is_none());
        assert_eq!(spaced_vrm("AB12CDE"), "AB12 CDE");
        assert_eq!(
            age_on(NaiveDate::from_ymd_opt(1990, 6, 2).unwrap(), NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()),
            35
        );
    }
}
