//! The vehicle, phone and place index on its own: marks whole, partial and
//! former, numbers, addresses with typos, and records changed or removed.

use chrono::{NaiveDate, Utc};

use super::PoleIndex;
use crate::domain::location::Address;
use crate::domain::place::{one_line, LocationWarning, Place, PlaceOrigin, WarningCategory};
use crate::domain::place_lookup::PlaceQuery;
use crate::domain::provenance::Provenance;
use crate::domain::vrm_pattern::VrmQuery;

const CAR: &str = "11111111-1111-4111-8111-111111111111";
const VAN: &str = "22222222-2222-4222-8222-222222222222";
const BIKE: &str = "33333333-3333-4333-8333-333333333333";
const PHONE: &str = "44444444-4444-4444-8444-444444444444";
const HOME: &str = "55555555-5555-4555-8555-555555555555";
const SHOP: &str = "66666666-6666-4666-8666-666666666666";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

fn plate(index: &PoleIndex, text: &str) -> Vec<(String, String)> {
    index.vehicles(&VrmQuery::parse(text).unwrap(), 10)
}

fn fleet() -> PoleIndex {
    let mut index = PoleIndex::new();
    index.set_object(CAR, "vehicle", &["LB07SEO".into(), "K123ABC".into()]);
    index.set_object(VAN, "vehicle", &["LB07SEX".into()]);
    index.set_object(BIKE, "vehicle", &["YX19SEO".into()]);
    index.add_object_key(PHONE, "phone", "+447700900123");
    index
}

#[test]
fn a_whole_mark_finds_its_vehicle_and_a_former_mark_too() {
    let index = fleet();
    assert_eq!(plate(&index, "lb07 seo"), [(CAR.to_string(), "LB07SEO".to_string())]);
    assert_eq!(plate(&index, "K123 ABC"), [(CAR.to_string(), "K123ABC".to_string())]);
    assert!(plate(&index, "LB07SEA").is_empty());
}

#[test]
fn partial_marks_are_found_wherever_the_unknown_characters_are() {
    let index = fleet();
    let ids = |text: &str| plate(&index, text).into_iter().map(|(id, _)| id).collect::<Vec<_>>();
    // Known at the start, two unknown characters.
    assert_eq!(ids("LB0? SE?"), [CAR, VAN]);
    // Known only at the end.
    assert_eq!(ids("*SEO"), [CAR, BIKE]);
    // Unknown at both ends.
    assert_eq!(ids("?B07SE?"), [CAR, VAN]);
    assert_eq!(ids("*07S*"), [CAR, VAN]);
    // A former mark answers a partial plate as well.
    assert_eq!(plate(&index, "K12*"), [(CAR.to_string(), "K123ABC".to_string())]);
    assert!(ids("ZZ?9*").is_empty());
}

#[test]
fn at_most_the_asked_number_by_mark_then_id() {
    let mut index = PoleIndex::new();
    for i in 0..30 {
        let id = format!("{i:08x}-0000-4000-8000-000000000000");
        index.set_object(&id, "vehicle", &[format!("AB{:02}CDE", 29 - i)]);
    }
    let found = index.vehicles(&VrmQuery::parse("AB0*").unwrap(), 5);
    let marks: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(marks, ["AB00CDE", "AB01CDE", "AB02CDE", "AB03CDE", "AB04CDE"]);
    let found = index.vehicles(&VrmQuery::parse("*CDE").unwrap(), 3);
    let marks: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(marks, ["AB00CDE", "AB01CDE", "AB02CDE"]);
}

#[test]
fn a_change_of_mark_and_a_removal_show_at_once() {
    let mut index = fleet();
    // Re-registered: the old mark becomes a former one, the new is current.
    index.set_object(VAN, "vehicle", &["V8NEW".into(), "LB07SEX".into()]);
    assert_eq!(plate(&index, "V8NEW").len(), 1);
    assert_eq!(plate(&index, "LB07SEX").len(), 1);
    // A mark dropped from the record no longer finds it.
    index.set_object(VAN, "vehicle", &["V8NEW".into()]);
    assert!(plate(&index, "LB07SEX").is_empty());
    assert!(plate(&index, "*SEX").is_empty());
    index.remove_object(VAN);
    assert!(plate(&index, "V8NEW").is_empty());
    assert_eq!(index.stats().vehicles, 2);
    index.remove_object(PHONE);
    assert!(index.phones("+447700900123", 10).is_empty());
}

#[test]
fn a_phone_by_its_number() {
    let mut index = fleet();
    assert_eq!(index.phones("+447700900123", 10), [PHONE]);
    assert!(index.phones("+447700900124", 10).is_empty());
    index.set_object(PHONE, "phone", &["+447700900999".into()]);
    assert!(index.phones("+447700900123", 10).is_empty());
    assert_eq!(index.phones("+447700900999", 10), [PHONE]);
}

fn place(id: &str, lines: &[&str], postcode: &str, warnings: Vec<LocationWarning>) -> Place {
    let now = Utc::now();
    let address = Address {
        lines: lines.iter().map(|l| l.to_string()).collect(),
        postcode: postcode.into(),
        borough: Some("Lambeth".into()),
        lat: None,
        lon: None,
    };
    Place {
        id: id.into(),
        version: 1,
        key: format!("{id}-key"),
        address,
        warnings,
        origin: PlaceOrigin::Entered,
        created_at: now,
        updated_at: now,
        provenance: Provenance::entered("tester", now),
    }
}

fn dog(expires_on: Option<NaiveDate>) -> LocationWarning {
    LocationWarning {
        category: WarningCategory::Dog,
        note: None,
        recorded_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        source: "PC 123".into(),
        expires_on,
        provenance: Provenance::default(),
    }
}

fn street() -> PoleIndex {
    let mut index = PoleIndex::new();
    index.set_place(&place(HOME, &["12 Acacia Avenue", "Brixton"], "SW2 1AA", vec![dog(None)]));
    let expired = dog(NaiveDate::from_ymd_opt(2026, 6, 1));
    index.set_place(&place(SHOP, &["14 Acacia Avenue", "Brixton"], "SW2 1AB", vec![expired]));
    index
}

fn lookup(index: &PoleIndex, text: &str) -> Vec<super::PlaceFound> {
    index.places(&PlaceQuery::read(text).unwrap(), 20, today())
}

#[test]
fn places_by_postcode_district_and_words_with_typos() {
    let index = street();
    let hits = lookup(&index, "sw21aa");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].place_id, HOME);
    assert_eq!(hits[0].address, "12 Acacia Avenue, Brixton, SW2 1AA");
    assert_eq!(hits[0].borough.as_deref(), Some("Lambeth"));
    assert_eq!(hits[0].warnings, ["dog at address"]);
    assert_eq!(lookup(&index, "SW2").len(), 2);
    let typo = lookup(&index, "12 acacai ave");
    assert_eq!(typo[0].place_id, HOME);
    assert!(typo[0].why.iter().any(|w| w.contains("ACACAI ~ ACACIA")), "{:?}", typo[0].why);
    assert!(typo[0].score > typo[1].score);
    // An expired warning is not shown.
    let shop = lookup(&index, "14 Acacia Avenue SW2 1AB");
    assert_eq!(shop[0].place_id, SHOP);
    assert!(shop[0].warnings.is_empty());
    assert!(lookup(&index, "Mare Street").is_empty());
}

#[test]
fn a_hit_shows_the_address_in_one_line_as_the_profile_does() {
    let mut index = PoleIndex::new();
    let cases = [(&["12 Acacia Avenue ", "", "Brixton"][..], "SW2 1AA", HOME), (&[], "E8 4RP", SHOP)];
    for (lines, code, id) in cases {
        let place = place(id, lines, code, Vec::new());
        index.set_place(&place);
        let hit = lookup(&index, code).into_iter().find(|h| h.place_id == id).unwrap();
        assert_eq!(hit.address, one_line(&place.address));
    }
}

#[test]
fn the_index_ranks_as_the_lookup_over_stored_places_scores() {
    let index = street();
    let home = place(HOME, &["12 Acacia Avenue", "Brixton"], "SW2 1AA", Vec::new());
    for text in ["12 Acacia Avenue", "12 acacai avenue brixton", "acac ave brixton", "SW2 1AA acacia"] {
        let query = PlaceQuery::read(text).unwrap();
        let (score, why) = query.score(&home.address).unwrap();
        let hit = lookup(&index, text).into_iter().find(|h| h.place_id == HOME).unwrap();
        assert_eq!(hit.score, (score * 1000.0).round() / 1000.0, "{text}");
        assert_eq!(hit.why, why, "{text}");
    }
}

#[test]
fn a_moved_or_removed_place_is_found_where_it_is_now() {
    let mut index = street();
    index.set_place(&place(HOME, &["3 Mare Street", "Hackney"], "E8 4RP", Vec::new()));
    assert!(lookup(&index, "SW2 1AA").is_empty());
    assert_eq!(lookup(&index, "3 mare st")[0].place_id, HOME);
    assert_eq!(lookup(&index, "acacia avenue").len(), 1);
    index.remove_place(SHOP);
    assert!(lookup(&index, "acacia avenue").is_empty());
    assert_eq!(index.stats().places, 1);
}

/// A word of seven different letters, different for each `n` (so each
/// costs the deletion map the same).
fn word(n: usize) -> String {
    let mut pool: Vec<char> = ('A'..='Z').filter(|c| *c != 'Q' && *c != 'X').collect();
    let mut text = String::from("QX");
    let mut rest = n;
    for _ in 0..5 {
        let at = rest % pool.len();
        rest /= pool.len();
        text.push(pool.remove(at));
    }
    text
}

#[test]
fn the_index_forgets_what_churn_leaves_unused_and_stays_the_same_size() {
    let mut index = street();
    let mut first_round = None;
    for round in 0..12 {
        // Places with words never seen before, half with ids of another form,
        // a vehicle and a phone with one: all recorded, then erased.
        let ids: Vec<String> = (0..150)
            .map(|i| match i % 2 {
                0 => format!("PLACE-{round}-{i}"),
                _ => uuid::Uuid::new_v4().to_string(),
            })
            .collect();
        for (i, id) in ids.iter().enumerate() {
            let n = round * 1000 + i;
            let line = format!("{} {} Road", i + 1, word(n));
            index.set_place(&place(id, &[&line, &word(n + 500)], "SE1 7PB", Vec::new()));
        }
        index.set_object(&format!("VEHICLE-{round}"), "vehicle", &[format!("AB{round:02}CDE")]);
        index.add_object_key(&format!("PHONE-{round}"), "phone", "+447700900999");
        index.set_object(&format!("PROPERTY-{round}"), "property", &["a bicycle".into()]);
        // One place changes its address every round: its old words go.
        index.set_place(&place(SHOP, &["3 Brixton Road", &word(round * 1000 + 999)], "SW9 6DE", Vec::new()));
        assert_eq!(lookup(&index, &word(round * 1000 + 7))[0].place_id, ids[7]);
        for id in &ids {
            index.remove_place(id);
        }
        index.remove_object(&format!("VEHICLE-{round}"));
        index.remove_object(&format!("PHONE-{round}"));
        let now = (index.held(), index.stats());
        let first = *first_round.get_or_insert(now);
        assert_eq!(now, first, "round {round}: nothing grows once the first round has come and gone");
    }
    let (held, stats) = first_round.unwrap_or_default();
    assert_eq!((stats.places, stats.vehicles, stats.phones), (2, 0, 0));
    assert!(held.other_ids <= 80 && held.place_slots <= 152, "the most held at once, never more: {held:?}");
    // Each district keeps at most twice the entries it has places.
    assert!(index.places.entries_held() <= 2 * 152, "{}", index.places.entries_held());
    // The street is still found, typos forgiven.
    assert_eq!(lookup(&index, "12 acacai avenue")[0].place_id, HOME);
}
