//! The page a search reads (cut short once full) against a full scoring
//! of every report, on seeded random reports: few words, many sharing a
//! second, drafts of three authors, code C, unsanitised text, reports
//! changed and erased between searches, every page followed to the end.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

const VOCABULARY: [&str; 12] =
    ["golf", "blue", "van", "flat", "cash", "knife", "bus", "park", "dog", "phone", "car", "shop"];
const AUTHORS: [&str; 3] = ["dc.shah", "ia.brown", "pc.lee"];

fn draw(rng: &mut ChaCha8Rng) -> &'static str {
    // The first words far more often, as in real text.
    let rank = (VOCABULARY.len() as f64).powf(rng.gen::<f64>()) as usize - 1;
    VOCABULARY[rank.min(VOCABULARY.len() - 1)]
}

fn text(rng: &mut ChaCha8Rng, most: usize) -> String {
    let n = rng.gen_range(0..=most);
    (0..n).map(|_| draw(rng)).collect::<Vec<_>>().join(" ")
}

fn random_report(rng: &mut ChaCha8Rng, id: String) -> ReportText {
    ReportText {
        id,
        occurred_at: rng.gen_range(0..40),
        draft_of: rng.gen_bool(0.15).then(|| AUTHORS[rng.gen_range(0..AUTHORS.len())].to_string()),
        code_c: rng.gen_bool(0.05),
        sanitised: text(rng, 4),
        unsanitised: rng.gen_bool(0.5).then(|| text(rng, 4)),
    }
}

fn new_id(rng: &mut ChaCha8Rng) -> String {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid().to_string()
}

/// Every report the viewer may match, scored, in the documented order.
fn scored(reports: &BTreeMap<String, ReportText>, query: &str, viewer: Viewer<'_>) -> Vec<Found> {
    let asked = words(query);
    let mut all: Vec<(u32, i64, u128, String)> = Vec::new();
    for r in reports.values() {
        if r.code_c || r.draft_of.as_deref().is_some_and(|a| a != viewer.username) {
            continue;
        }
        let mut seen = words(&r.sanitised);
        if viewer.reads_unsanitised {
            seen.extend(r.unsanitised.as_deref().map(words).unwrap_or_default());
        }
        let held = asked.iter().filter(|w| seen.contains(w)).count() as u32;
        if held > 0 {
            let number = uuid::Uuid::parse_str(&r.id).map(|u| u.as_u128()).unwrap_or_default();
            all.push((held, r.occurred_at, number, r.id.clone()));
        }
    }
    all.sort_by_key(|(held, at, number, _)| (Reverse(*held), Reverse(*at), *number));
    all.into_iter().map(|(words, _, _, id)| Found { id, words }).collect()
}

/// Follows every page of the search and checks it against the scoring.
fn check(index: &IntelIndex, reports: &BTreeMap<String, ReportText>, query: &str, viewer: Viewer<'_>, limit: usize) {
    let expected = scored(reports, query, viewer);
    let mut got: Vec<Found> = Vec::new();
    let mut after = None;
    loop {
        let page = index.search(query, viewer, limit, after);
        got.extend(page.found.iter().cloned());
        let left = expected.len().saturating_sub(got.len());
        assert_eq!(page.more, left.min(COUNTED), "how many remain, for {query:?} as {viewer:?}");
        assert_eq!(page.more_at_least, left > COUNTED, "{query:?} as {viewer:?}");
        let Some(next) = page.next else { break };
        after = Some(Cursor::parse(&next, index).expect("a cursor the index gave"));
        assert!(got.len() <= expected.len(), "more found than match {query:?}");
    }
    assert_eq!(got, expected, "{query:?} as {viewer:?}, pages of {limit}");
}

fn viewers() -> [Viewer<'static>; 4] {
    [
        Viewer { username: "dc.shah", reads_unsanitised: false },
        Viewer { username: "ia.brown", reads_unsanitised: true },
        Viewer { username: "pc.lee", reads_unsanitised: false },
        Viewer { username: "nobody", reads_unsanitised: true },
    ]
}

fn check_many(rng: &mut ChaCha8Rng, index: &IntelIndex, reports: &BTreeMap<String, ReportText>) {
    for _ in 0..6 {
        let query = (0..rng.gen_range(1..=4)).map(|_| draw(rng)).collect::<Vec<_>>().join(" ");
        let limit = [1, 2, 3, 7, 50][rng.gen_range(0..5)];
        for viewer in viewers() {
            check(index, reports, &query, viewer, limit);
        }
    }
}

/// Changes, adds and erases reports at random, checking as it goes.
fn churn(rng: &mut ChaCha8Rng, index: &mut IntelIndex, reports: &mut BTreeMap<String, ReportText>, steps: usize) {
    for step in 0..steps {
        let ids: Vec<String> = reports.keys().cloned().collect();
        match rng.gen_range(0..10) {
            0..=4 => {
                let id = new_id(rng);
                let report = random_report(rng, id);
                index.set(&report);
                reports.insert(report.id.clone(), report);
            }
            5..=7 if !ids.is_empty() => {
                let id = ids[rng.gen_range(0..ids.len())].clone();
                let report = random_report(rng, id);
                index.set(&report);
                reports.insert(report.id.clone(), report);
            }
            _ if !ids.is_empty() => {
                let id = &ids[rng.gen_range(0..ids.len())];
                index.remove(id);
                reports.remove(id);
            }
            _ => {}
        }
        if step % 20 == 0 {
            check_many(rng, index, reports);
        }
    }
    check_many(rng, index, reports);
}

#[test]
fn the_page_read_is_the_page_a_full_scoring_gives_built_at_once_then_changed() {
    for seed in 0..40 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut reports = BTreeMap::new();
        let mut builder = IntelBuilder::new();
        for _ in 0..rng.gen_range(0..150) {
            let id = new_id(&mut rng);
            let report = random_report(&mut rng, id);
            builder.add(&report);
            reports.insert(report.id.clone(), report);
        }
        let mut index = builder.finish();
        check_many(&mut rng, &index, &reports);
        churn(&mut rng, &mut index, &mut reports, 120);
    }
}

#[test]
fn the_page_read_is_the_page_a_full_scoring_gives_when_reports_come_in_any_order() {
    let mut relabelled = 0;
    for seed in 100..130 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (mut index, mut reports) = (IntelIndex::new(), BTreeMap::new());
        churn(&mut rng, &mut index, &mut reports, 300);
        relabelled += index.relabelled;
    }
    assert!(relabelled > 0, "reports slotted between others used a gap up and the ordinals were given again");
}
