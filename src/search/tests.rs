//! The search as officers use it: each kind of noise found at the top among
//! thousands of generated distractors, identifiers exact, erasure complete.

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::domain::identifiers::format_pnc;
use crate::domain::kind_set::KindSet;

const FORENAMES: &[&str] = &[
    "John",
    "James",
    "Robert",
    "Michael",
    "David",
    "William",
    "Richard",
    "Thomas",
    "Daniel",
    "Paul",
    "Mark",
    "George",
    "Mohammed",
    "Ahmed",
    "Ali",
    "Abdi",
    "Kwame",
    "Oluwaseun",
    "Piotr",
    "Tomasz",
    "Mary",
    "Sarah",
    "Emma",
    "Elizabeth",
    "Jane",
    "Susan",
    "Fatima",
    "Aisha",
    "Grace",
    "Chloe",
    "Amelia",
    "Olivia",
    "Jessica",
    "Hannah",
    "Priya",
    "Anna",
    "Joanna",
    "Kate",
    "Laura",
    "Rachel",
];

const SURNAMES: &[&str] = &[
    "Smith", "Smith", "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall",
    "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner", "Hill", "Scott", "Cooper", "Morris",
    "Ward", "Moore", "King", "Watson", "Baker", "Khan", "Ahmed", "Ali", "Hussain", "Begum", "Patel", "Shah", "Singh",
    "Kaur", "Okafor", "Adeyemi", "Mensah", "Nowak", "Kowalski", "Murphy", "Kelly", "O'Brien", "Smyth", "Schmidt",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn date(s: &str) -> PartialDate {
    s.parse().unwrap()
}

fn entry(id: &str, forenames: &str, surname: &str, dob: Option<&str>) -> SubjectEntry {
    SubjectEntry {
        id: id.into(),
        names: vec![EntryName { forenames: forenames.into(), surname: surname.into(), alias: false }],
        date_of_birth: dob.map(date),
        identifiers: Vec::new(),
        vrms: Vec::new(),
        references: Vec::new(),
        display: SubjectDisplay {
            name: format!("{} {}", surname.to_uppercase(), forenames),
            date_of_birth: dob.map(date),
            area: Some("Hackney".into()),
            markers: Vec::new(),
            flags: Default::default(),
        },
    }
}

fn distractors(count: usize) -> Vec<SubjectEntry> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    (0..count)
        .map(|i| {
            let fore = FORENAMES[rng.gen_range(0..FORENAMES.len())];
            let middle = if rng.gen_bool(0.3) {
                format!(" {}", FORENAMES[rng.gen_range(0..FORENAMES.len())])
            } else {
                String::new()
            };
            let sur = SURNAMES[rng.gen_range(0..SURNAMES.len())];
            let dob =
                format!("{}-{:02}-{:02}", rng.gen_range(1950..2008), rng.gen_range(1..=12), rng.gen_range(1..=28));
            let mut e = entry(&format!("d{i:05}"), &format!("{fore}{middle}"), sur, Some(&dob));
            // Keep the planted John Smith's dates unique, so rank 1 is unambiguous.
            if fore == "John" && sur == "Smith" && dob.starts_with("1985") {
                e.date_of_birth = Some(date("1960-06-06"));
            }
            e
        })
        .collect()
}

fn with_alias(mut e: SubjectEntry, forenames: &str, surname: &str) -> SubjectEntry {
    e.names.push(EntryName { forenames: forenames.into(), surname: surname.into(), alias: true });
    e
}

fn targets() -> Vec<SubjectEntry> {
    let mut t = vec![
        entry("t-typo", "Jonathan", "Whitfield", Some("1979-05-02")),
        entry("t-long", "Christopher", "Montgomery", Some("1990-01-15")),
        entry("t-translit", "Muhammad", "Yusuf", Some("1988-08-08")),
        entry("t-kath", "Kathryn", "Blackwood", Some("1970-02-20")),
        entry("t-smyth", "Philippa", "Smyth", Some("1966-11-11")),
        entry("t-bob", "Robert", "Featherstone", Some("1955-04-04")),
        entry("t-bill", "William", "Ashdown", Some("1961-07-07")),
        entry("t-liz", "Elizabeth", "Okonkwo", Some("1992-09-09")),
        entry("t-mo", "Mohammed", "Farah", Some("1983-03-23")),
        entry("t-abdi", "Abdullahi", "Warsame", Some("1999-12-01")),
        entry("t-swap", "Delroy", "Pemberton", Some("1975-10-10")),
        entry("t-middle", "Samuel James", "Oduya", Some("2001-06-30")),
        entry("t-extra", "Grace", "Oyelaran", Some("1998-02-14")),
        entry("t-hyphen", "Kerensa", "Bennett-Clarke", Some("1986-05-05")),
        entry("t-accent", "José", "Martínez", Some("1980-01-01")),
        entry("t-jsmith", "John", "Smith", Some("1985-03-12")),
        entry("t-mc", "Fergus", "McDonald", Some("1971-07-17")),
        entry("t-obrien", "Siobhan", "O'Brien", Some("1994-04-24")),
    ];
    t.push(with_alias(entry("t-alias", "Daniel", "Morrison", Some("1984-04-14")), "Danny", "Mackintosh"));
    let mut ids = entry("t-ids", "Wendell", "Osei", Some("1993-03-03"));
    ids.identifiers = vec![format_pnc(98, 123_456), "001234/98X".into(), "07700900123".into()];
    ids.vrms = vec!["AB12CDE".into()];
    ids.references = vec![
        EntryReference::new(EventKind::Crime, "CR/2026/000123"),
        EntryReference::new(EventKind::Case, "01YE1234524"),
        EntryReference::new(EventKind::Intelligence, "IR/2026/000777"),
    ];
    t.push(ids);
    t
}

fn index() -> SubjectIndex {
    let mut entries = distractors(4000);
    entries.extend(targets());
    // Many John Smiths, so the date of birth has work to do.
    for i in 0..40 {
        let dob = format!("{}-{:02}-{:02}", 1950 + i, 1 + i % 12, 1 + i % 28);
        entries.push(entry(&format!("js{i:02}"), "John", "Smith", Some(&dob)));
    }
    SubjectIndex::build(entries)
}

fn ranks(index: &SubjectIndex, text: &str) -> (Option<usize>, Vec<Hit>) {
    let hits = index.search(&SubjectQuery::new(text), today());
    (None, hits)
}

/// The 1-based rank of `id` for `text`, with the hits for messages.
fn rank_of(index: &SubjectIndex, text: &str, id: &str) -> (Option<usize>, Vec<Hit>) {
    let (_, hits) = ranks(index, text);
    (hits.iter().position(|h| h.id == id).map(|p| p + 1), hits)
}

fn assert_rank(index: &SubjectIndex, text: &str, id: &str, at_most: usize) -> Hit {
    let (rank, hits) = rank_of(index, text, id);
    let shown: Vec<String> =
        hits.iter().take(5).map(|h| format!("{} {} {:.3} {:?}", h.id, h.display.name, h.score, h.why)).collect();
    match rank {
        Some(r) if r <= at_most => hits[r - 1].clone(),
        _ => panic!("'{text}': {id} at {rank:?}, wanted top {at_most}; got:\n{}", shown.join("\n")),
    }
}

fn why_has(hit: &Hit, words: &str) {
    assert!(hit.why.iter().any(|w| w.contains(words)), "no '{words}' in {:?}", hit.why);
}

#[test]
fn exact_names_come_first() {
    let ix = index();
    let hit = assert_rank(&ix, "jonathan whitfield", "t-typo", 1);
    why_has(&hit, "surname exact");
    why_has(&hit, "forename exact");
}

#[test]
fn typos_are_forgiven() {
    let ix = index();
    for q in
        ["jonathon whitfield", "jonathan whitfeild", "jonathan whtifield", "jonathan witfield", "jonathann whitfield"]
    {
        assert_rank(&ix, q, "t-typo", 1);
    }
    let hit = assert_rank(&ix, "chirstophre montgomery", "t-long", 1);
    why_has(&hit, "forename spelling Chirstophre~Christopher");
    assert_rank(&ix, "kristopher montgomary", "t-long", 1);
}

#[test]
fn spellings_and_transliterations_meet() {
    let ix = index();
    let hit = assert_rank(&ix, "mohammed yousef", "t-translit", 1);
    why_has(&hit, "Yousef→Yusuf");
    let hit = assert_rank(&ix, "muhamad yusef", "t-translit", 1);
    why_has(&hit, "sounds like");
    assert_rank(&ix, "mohamed yusuf", "t-translit", 1);
    assert_rank(&ix, "catherine blackwood", "t-kath", 1);
    assert_rank(&ix, "philippa smith", "t-smyth", 1);
    assert_rank(&ix, "jose martinez", "t-accent", 1);
    assert_rank(&ix, "JOSÉ MARTÍNEZ", "t-accent", 1);
}

#[test]
fn nicknames_and_short_forms_meet() {
    let ix = index();
    let hit = assert_rank(&ix, "bob featherstone", "t-bob", 1);
    why_has(&hit, "forename nickname Bob→Robert");
    assert_rank(&ix, "bill ashdown", "t-bill", 1);
    assert_rank(&ix, "liz okonkwo", "t-liz", 1);
    assert_rank(&ix, "mo farah", "t-mo", 1);
    assert_rank(&ix, "abdi warsame", "t-abdi", 1);
}

#[test]
fn forename_and_surname_in_either_order() {
    let ix = index();
    let hit = assert_rank(&ix, "pemberton delroy", "t-swap", 1);
    why_has(&hit, "names swapped");
    let hit = assert_rank(&ix, "PEMBERTON, Delroy", "t-swap", 1);
    assert!(!hit.why.iter().any(|w| w == "names swapped"), "{:?}", hit.why);
    assert_rank(&ix, "smith, john 12/03/1985", "t-jsmith", 1);
}

#[test]
fn middle_names_missing_or_extra() {
    let ix = index();
    assert_rank(&ix, "samuel oduya", "t-middle", 1);
    let hit = assert_rank(&ix, "james oduya", "t-middle", 1);
    why_has(&hit, "middle name exact");
    let hit = assert_rank(&ix, "grace olu oyelaran", "t-extra", 1);
    why_has(&hit, "no match for Olu");
}

#[test]
fn double_barrelled_surnames_match_either_part() {
    let ix = index();
    assert_rank(&ix, "kerensa bennett", "t-hyphen", 1);
    assert_rank(&ix, "kerensa clarke", "t-hyphen", 1);
    assert_rank(&ix, "kerensa bennett-clarke", "t-hyphen", 1);
    assert_rank(&ix, "kerensa bennettclarke", "t-hyphen", 1);
    assert_rank(&ix, "kerensa bennett clarke", "t-hyphen", 1);
}

#[test]
fn a_whole_surname_outranks_one_part_of_a_double_barrelled_one() {
    let ix = SubjectIndex::build(vec![
        entry("double", "John", "Johnson-Smith", Some("1985-03-12")),
        entry("single", "John", "Smith", Some("1979-11-02")),
    ]);
    let hits = ix.search(&SubjectQuery::new("john smith"), today());
    assert_eq!(hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["single", "double"]);
    let hits = ix.search(&SubjectQuery::new("john johnson smith"), today());
    assert_eq!(hits.first().map(|h| h.id.as_str()), Some("double"));
}

#[test]
fn particles_and_apostrophes_are_typed_any_way() {
    let ix = index();
    for q in ["fergus mcdonald", "fergus mc donald", "MCDONALD, Fergus", "fergus macdonald"] {
        assert_rank(&ix, q, "t-mc", 1);
    }
    for q in ["siobhan o'brien", "siobhan obrien", "siobhan o brien", "shevaun o'brien"] {
        assert_rank(&ix, q, "t-obrien", 1);
    }
}

#[test]
fn aliases_are_found_and_said() {
    let ix = index();
    let hit = assert_rank(&ix, "danny mackintosh", "t-alias", 1);
    why_has(&hit, "alias Danny Mackintosh");
    let primary = assert_rank(&ix, "daniel morrison", "t-alias", 1);
    assert!(primary.score > hit.score, "an alias scores below the same primary match");
}

#[test]
fn dates_of_birth_pick_out_the_right_person() {
    let ix = index();
    for q in ["john smith 12/03/1985", "john smith 1985-03-12", "john smith 12.3.85", "smith john 12031985"] {
        let hit = assert_rank(&ix, q, "t-jsmith", 1);
        why_has(&hit, "dob exact");
    }
    let hit = assert_rank(&ix, "john smith 12 March 1985", "t-jsmith", 1);
    why_has(&hit, "dob exact");
    let hit = assert_rank(&ix, "john smith 03/12/1985", "t-jsmith", 1);
    why_has(&hit, "dob day/month swapped");
    let hit = assert_rank(&ix, "john smith 03/1985", "t-jsmith", 1);
    why_has(&hit, "dob consistent");
    // One planted distractor shares the year, so two hits tie at the top.
    assert_rank(&ix, "john smith 1985", "t-jsmith", 2);
    let hit = assert_rank(&ix, "john smith 12/03/1986", "t-jsmith", 1);
    why_has(&hit, "dob year ±1");
    let hit = assert_rank(&ix, "john smith 41", "t-jsmith", 3);
    why_has(&hit, "age 41 consistent");
    // The date may also come in its own field.
    let mut q = SubjectQuery::new("jon smith");
    q.dob = Some(date("1985-03-12"));
    assert_eq!(ix.search(&q, today())[0].id, "t-jsmith");
}

#[test]
fn a_contradicting_date_lowers_but_does_not_hide_a_strong_name() {
    let ix = index();
    let hit = assert_rank(&ix, "delroy pemberton 01/01/1990", "t-swap", 1);
    why_has(&hit, "dob differs");
    let plain = assert_rank(&ix, "delroy pemberton", "t-swap", 1);
    assert!(hit.score < plain.score);
}

#[test]
fn a_date_alone_finds_people_born_that_day() {
    let ix = index();
    let hits = ix.search(&SubjectQuery::new("12/03/1985"), today());
    assert!(hits.iter().any(|h| h.id == "t-jsmith"), "{hits:?}");
    assert!(hits
        .iter()
        .all(|h| h.display.date_of_birth == Some(date("1985-03-12"))
            || h.display.date_of_birth == Some(date("1985-12-03"))));
}

#[test]
fn identifiers_answer_exactly_and_first() {
    let ix = index();
    let pnc = format_pnc(98, 123_456);
    let typed = [
        pnc.clone(),
        pnc.replace('/', ""),
        format!("1998/0{}", &pnc[3..]),
        "1234/98x".into(),
        "001234/98X".into(),
        "AB12 CDE".into(),
        "ab12cde".into(),
        "+44 7700 900123".into(),
        "07700 900123".into(),
        "CR/2026/000123".into(),
        "cr 2026 000123".into(),
        "01YE1234524".into(),
    ];
    for text in typed {
        let hits = ix.search(&SubjectQuery::new(text.clone()), today());
        assert_eq!(hits.len(), 1, "'{text}': {hits:?}");
        assert_eq!(hits[0].id, "t-ids");
        assert!(hits[0].why[0].contains("exact"), "{:?}", hits[0].why);
    }
    let hits = ix.search(&SubjectQuery::new("AB12 CDE"), today());
    assert_eq!(hits[0].why, vec!["VRM exact AB12 CDE".to_string()]);
    // An identifier beside a name comes before the name's hits.
    let hits = ix.search(&SubjectQuery::new(format!("john smith {pnc}")), today());
    assert_eq!(hits[0].id, "t-ids");
    assert!(hits.len() > 1);
    // A wrong check letter finds nothing by identifier.
    let wrong = format!("{}Z", &pnc[..pnc.len() - 1]);
    assert!(ix.search(&SubjectQuery::new(wrong), today()).iter().all(|h| h.id != "t-ids"));
}

#[test]
fn a_reference_finds_only_for_those_who_may_read_its_record() {
    let ix = index();
    let all = ix.search(&SubjectQuery::new("IR/2026/000777"), today());
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].why, vec!["reference exact IR/2026/000777".to_string()]);
    let open = KindSet::of([EventKind::Crime, EventKind::Case, EventKind::Custody, EventKind::Warrant]);
    for text in ["IR/2026/000777", "ir 2026 000777", "wendell IR/2026/000777"] {
        let hits = ix.search_for(&SubjectQuery::new(text), today(), open);
        assert!(
            hits.iter().all(|h| h.why.iter().all(|w| !w.contains("000777"))),
            "'{text}' was answered through an intelligence reference: {hits:?}"
        );
    }
    assert!(ix.search_for(&SubjectQuery::new("IR/2026/000777"), today(), open).is_empty());
    // The references such a caller may read still find.
    let hits = ix.search_for(&SubjectQuery::new("CR/2026/000123"), today(), open);
    assert_eq!(hits[0].id, "t-ids");
}

#[test]
fn an_erased_person_is_not_findable_by_any_route() {
    let mut ix = index();
    let before = ix.len();
    assert!(ix.remove("t-ids"));
    assert!(!ix.remove("t-ids"));
    assert_eq!(ix.len(), before - 1);
    assert!(ix.get("t-ids").is_none());
    let pnc = format_pnc(98, 123_456);
    for text in
        ["wendell osei", "osei", "wendel osie", "AB12CDE", "CR/2026/000123", "07700900123", "03/03/1993", pnc.as_str()]
    {
        let hits = ix.search(&SubjectQuery::new(text), today());
        assert!(hits.iter().all(|h| h.id != "t-ids"), "'{text}' still finds the erased person");
    }
    let keys = [pnc.as_str(), "001234/98X", "07700900123", "AB12CDE", "CR/2026/000123", "01YE1234524"];
    assert!(!ix.holds_trace("t-ids", &["wendell", "osei"], &keys));
    // A word shared with others stays for them.
    assert!(ix.remove("t-jsmith"));
    assert!(ix.holds_trace("", &["smith"], &[]));
    assert!(!ix.search(&SubjectQuery::new("smith"), today()).is_empty());
}

#[test]
fn upsert_replaces_by_id() {
    let mut ix = index();
    let before = ix.len();
    let mut changed = entry("t-typo", "Jonathan", "Ravenscroft", Some("1979-05-02"));
    changed.vrms = vec!["XY51ZZZ".into()];
    ix.upsert(changed);
    assert_eq!(ix.len(), before);
    assert_eq!(ix.get("t-typo").unwrap().names[0].surname, "Ravenscroft");
    assert!(ix.search(&SubjectQuery::new("jonathan whitfield"), today()).iter().all(|h| h.id != "t-typo"));
    assert!(!ix.holds_trace("", &["whitfield"], &[]));
    assert_rank(&ix, "jonathan ravenscroft", "t-typo", 1);
    assert_eq!(ix.search(&SubjectQuery::new("xy51 zzz"), today())[0].id, "t-typo");
}

#[test]
fn set_display_changes_what_hits_show() {
    let mut ix = index();
    let mut display = ix.get("t-swap").unwrap().display.clone();
    display.flags.wanted = true;
    display.markers = vec!["VI".into()];
    ix.set_display("t-swap", display);
    let hit = assert_rank(&ix, "delroy pemberton", "t-swap", 1);
    assert!(hit.display.flags.wanted);
    assert_eq!(hit.display.markers, vec!["VI".to_string()]);
}

#[test]
fn a_bare_common_surname_returns_a_bounded_stable_page() {
    let mut entries = distractors(500);
    for i in 0..6000 {
        entries.push(entry(&format!("s{i:05}"), FORENAMES[i % FORENAMES.len()], "Smith", None));
    }
    let ix = SubjectIndex::build(entries);
    let hits = ix.search(&SubjectQuery::new("smith"), today());
    assert_eq!(hits.len(), SubjectQuery::DEFAULT_LIMIT);
    assert!(hits.iter().all(|h| h.why.contains(&"surname exact".to_string())), "{hits:?}");
    let again = ix.search(&SubjectQuery::new("smith"), today());
    assert_eq!(hits, again);
    let mut q = SubjectQuery::new("smith");
    q.limit = 5;
    assert_eq!(ix.search(&q, today()).len(), 5);
    // Ties: score, then display name, then id.
    for pair in hits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a.score > b.score || (a.score == b.score && (&a.display.name, &a.id) <= (&b.display.name, &b.id)));
    }
}

#[test]
fn initials_narrow_a_surname() {
    let ix = index();
    let hit = assert_rank(&ix, "d pemberton", "t-swap", 1);
    why_has(&hit, "forename initial D");
}

#[test]
fn the_index_can_be_shared_behind_a_lock() {
    fn shareable<T: Send + Sync>() {}
    shareable::<SubjectIndex>();
    let ix = std::sync::RwLock::new(index());
    let hits = std::thread::scope(|s| {
        let a = s.spawn(|| ix.read().unwrap().search(&SubjectQuery::new("delroy pemberton"), today()));
        let b = s.spawn(|| ix.read().unwrap().search(&SubjectQuery::new("delroy pemberton"), today()));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(hits.0, hits.1);
    assert_eq!(hits.0[0].id, "t-swap");
}

#[test]
fn nonsense_and_empty_queries_are_harmless() {
    let ix = index();
    for q in ["", "   ", ",", "!!!", "a", "zzzzqqqq", "12/34/5678", "x y z 1 2 3", "محمد", "'", "--"] {
        let hits = ix.search(&SubjectQuery::new(q), today());
        assert!(hits.len() <= SubjectQuery::DEFAULT_LIMIT, "{q}");
    }
    assert!(ix.search(&SubjectQuery::new("zzzzqqqq"), today()).is_empty());
    assert!(SubjectIndex::new().search(&SubjectQuery::new("smith"), today()).is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// No input makes the search panic or overrun its page.
    #[test]
    fn any_text_is_answered_safely(text in "\\PC{0,40}", limit in 0usize..30) {
        thread_local! {
            static INDEX: SubjectIndex = {
                let mut entries = distractors(300);
                entries.extend(targets());
                SubjectIndex::build(entries)
            };
        }
        let mut q = SubjectQuery::new(text);
        q.limit = limit;
        let hits = INDEX.with(|ix| ix.search(&q, today()));
        let cap = if limit == 0 { SubjectQuery::DEFAULT_LIMIT } else { limit };
        proptest::prop_assert!(hits.len() <= cap);
    }

    /// Names made of any letters, including odd ones, are indexed and erased cleanly.
    #[test]
    fn any_name_round_trips(forenames in "\\PC{0,20}", surname in "\\PC{0,20}") {
        let mut ix = SubjectIndex::new();
        ix.upsert(entry("x", &forenames, &surname, None));
        let text = format!("{forenames} {surname}");
        let _ = ix.search(&SubjectQuery::new(text.clone()), today());
        proptest::prop_assert!(ix.remove("x"));
        proptest::prop_assert_eq!(ix.stats().tokens, 0);
        proptest::prop_assert_eq!(ix.stats().deletion_keys, 0);
        proptest::prop_assert_eq!(ix.stats().phonetic_keys, 0);
        proptest::prop_assert!(ix.search(&SubjectQuery::new(text), today()).is_empty());
    }
}
