use super::*;
use crate::domain::person::PersonDetails;

fn person(forenames: &str, surname: &str, dob: &str, pnc: Option<&str>) -> PersonDetails {
    let mut v = serde_json::json!({
        "names": [{"forenames": forenames, "surname": surname}],
        "date_of_birth": dob,
        "sex": "male",
    });
    if let Some(p) = pnc {
        v["identifiers"] = serde_json::json!([{"kind": "pnc", "value": p}]);
    }
    serde_json::from_value(v).unwrap()
}

fn level(c: &Comparison, field: &str) -> String {
    c.fields.iter().find(|f| f.field == field).map(|f| f.level.clone()).unwrap_or_default()
}

#[test]
fn names_dates_and_order_swaps_are_understood() {
    let cfg = LinkageConfig::default();
    let a = Features::of(&person("William", "Smith-Jones", "1980-03-04", None));
    let b = Features::of(&person("Bill", "Smith Jones", "1980-04-03", None));
    let c = compare(&cfg, None, &a, &b);
    assert_eq!(level(&c, "forename"), "nickname");
    assert_eq!(level(&c, "surname"), "exact");
    assert_eq!(level(&c, "date_of_birth"), "swapped");
    assert!(c.score >= cfg.upper, "{c:?}");

    let swapped = Features::of(&person("Smith", "John", "1980-03-04", None));
    let plain = Features::of(&person("John", "Smith", "1980-03-04", None));
    let c = compare(&cfg, None, &swapped, &plain);
    assert!(level(&c, "surname").contains("order swapped"), "{c:?}");
    assert!(c.score >= cfg.upper);

    let muhammad = Features::of(&person("Muhammad", "Khan", "1990", None));
    let mohammed = Features::of(&person("Mohammed", "Khan", "1990-05-06", None));
    let c = compare(&cfg, None, &muhammad, &mohammed);
    assert_eq!(level(&c, "date_of_birth"), "year");
    assert_ne!(level(&c, "forename"), "differs");
}

#[test]
fn strong_identifiers_link_outright_or_never() {
    let pnc = crate::domain::identifiers::format_pnc(98, 123_456);
    let other = crate::domain::identifiers::format_pnc(98, 654_321);
    let mut linker = Linker::new(LinkageConfig::default());
    linker.add("p1", &person("John", "Smith", "1980-01-02", Some(&pnc)));
    // A shared PNC ID links even when little else agrees.
    let d = linker.decide(&person("Jon", "Smithe", "1981-07-09", Some(&pnc)));
    assert_eq!((d.outcome, d.candidate.as_deref()), (Outcome::Merged, Some("p1")));
    // Everything agrees but the PNC ID: never merged.
    let d = linker.decide(&person("John", "Smith", "1980-01-02", Some(&other)));
    assert_ne!(d.outcome, Outcome::Merged);
    assert!(d.note.unwrap().contains("pnc"));
    // No shared block: a new person without comparing.
    let d = linker.decide(&person("Ada", "Lovelace", "1915-12-10", None));
    assert_eq!((d.outcome, d.candidate), (Outcome::New, None));
}

#[test]
fn pair_scores_count_pairs() {
    let items: Vec<(String, String)> =
        [("a", "x"), ("a", "x"), ("a", "y"), ("b", "y")].iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    let s = pair_scores(&items);
    // Predicted pairs: 3 (within a), of which 1 true; true pairs: 2.
    assert!((s.precision - 1.0 / 3.0).abs() < 1e-9);
    assert!((s.recall - 0.5).abs() < 1e-9);
}

#[test]
fn short_forms_are_nicknames() {
    let cfg = LinkageConfig::default();
    for (a, b) in [("Joe", "Joseph"), ("Nick", "Nicholas"), ("Sam", "Samantha")] {
        let c = compare(
            &cfg,
            None,
            &Features::of(&person(a, "Martin", "1974-09-24", None)),
            &Features::of(&person(b, "Martin", "1974-09-24", None)),
        );
        assert_eq!(level(&c, "forename"), "nickname", "{a} {b}");
    }
}

#[test]
fn close_names_are_found_by_the_quick_measures() {
    let cfg = LinkageConfig::default();
    for (a, b, want) in [
        ("Jones", "Joens", "close"),
        ("Williams", "Williaams", "close"),
        ("Lewandowska", "Lewandowksa", "close"),
        ("Smith", "Taylor", "differs"),
    ] {
        let c = compare(
            &cfg,
            None,
            &Features::of(&person("John", a, "1974-09-24", None)),
            &Features::of(&person("John", b, "1974-09-24", None)),
        );
        assert_eq!(level(&c, "surname"), want, "{a} {b}");
    }
}

#[test]
fn a_record_linking_two_persons_joins_the_one_of_a_single_record() {
    let mut linker = Linker::new(LinkageConfig::default());
    let with_postcode = |dob: &str, postcode: &str| {
        let mut p = person("Chidi", "Okonkwo", dob, None);
        p.addresses =
            serde_json::from_value(serde_json::json!([{"address": {"lines": ["1 High St"], "postcode": postcode}}]))
                .unwrap();
        p
    };
    let mut thin = with_postcode("1980-01-02", "E1 6AN");
    thin.date_of_birth = None;
    linker.add("thin", &thin);
    linker.add("fuller", &with_postcode("1980-01-02", "N1 9GU"));
    linker.add("fuller", &with_postcode("1980-01-02", "N1 9GU"));
    // Links both: merged into the person of more records, the other joined.
    let d = linker.decide(&with_postcode("1980-01-02", "E1 6AN"));
    assert_eq!((d.outcome, d.candidate.as_deref()), (Outcome::Merged, Some("fuller")), "{d:?}");
    assert_eq!(d.joined.iter().map(|j| j.person.as_str()).collect::<Vec<_>>(), ["thin"]);
    let persons = linker.persons();
    linker.join("fuller", "thin");
    assert_eq!(linker.persons(), persons - 1);
    // The joined person is no longer a candidate; its variants are the other's.
    let d = linker.decide(&thin);
    assert_eq!(d.candidate.as_deref(), Some("fuller"), "{d:?}");

    // A person holding more than its imported records is never joined.
    let mut linker = Linker::new(LinkageConfig::default());
    linker.add("thin", &thin);
    linker.pin("thin");
    linker.add("fuller", &with_postcode("1980-01-02", "N1 9GU"));
    linker.add("fuller", &with_postcode("1980-01-02", "N1 9GU"));
    let d = linker.decide(&with_postcode("1980-01-02", "E1 6AN"));
    assert!(d.joined.is_empty(), "{d:?}");
}

fn at(mut p: PersonDetails, postcode: &str) -> PersonDetails {
    p.addresses =
        serde_json::from_value(serde_json::json!([{"address": {"lines": ["1 High St"], "postcode": postcode}}]))
            .unwrap();
    p
}

#[test]
fn a_record_linking_two_persons_its_date_cannot_tell_apart_goes_to_review() {
    // Father and son of one name at one address; a record without a date of
    // birth matches both equally.
    let mut linker = Linker::new(LinkageConfig::default());
    linker.add("father", &at(person("Emeka", "Conteh", "1962-11-20", None), "CR7 7TA"));
    linker.add("son", &at(person("Emeka", "Conteh", "1988-10-30", None), "CR7 7TA"));
    let mut undated = at(person("Emeka", "Conteh", "1970", None), "CR7 7TA");
    undated.date_of_birth = None;
    let d = linker.decide(&undated);
    assert_eq!(d.outcome, Outcome::Review, "{d:?}");
    assert!(d.note.as_deref().unwrap_or_default().contains("which one is unclear"), "{d:?}");
    assert!(d.joined.is_empty());
    // With a date, the record is one of them.
    let d = linker.decide(&at(person("Emeka", "Conteh", "1988-10-30", None), "CR7 7TA"));
    assert_eq!((d.outcome, d.candidate.as_deref()), (Outcome::Merged, Some("son")), "{d:?}");
}

#[test]
fn forenames_run_together_and_forenames_in_the_surname_are_understood() {
    let cfg = LinkageConfig::default();
    let run_together = Features::of(&person("Soniaasha", "Gill", "2019-11-12", None));
    let apart = Features::of(&person("Sonia Asha", "Gill", "2019-11-12", None));
    assert!(level(&compare(&cfg, None, &run_together, &apart), "forename").starts_with("exact"));

    let swapped = Features::of(&person("Johnson", "Chris", "1999-04-26", None));
    let plain = Features::of(&person("Christopher", "Johnson", "1999-04-26", None));
    let c = compare(&cfg, None, &swapped, &plain);
    assert!(level(&c, "surname").contains("order swapped"), "{c:?}");
    assert!(!level(&c, "surname").starts_with("differs") && level(&c, "forename") != "differs", "{c:?}");
}

#[test]
fn a_postcode_shared_across_surnames_says_more_than_within_a_household() {
    let cfg = LinkageConfig::default();
    let female = |forenames: &str, surname: &str| {
        let mut p = at(person(forenames, surname, "1970", None), "SE22 4NU");
        p.date_of_birth = None;
        p.sex = Some(crate::domain::person::Sex::Female);
        Features::of(&p)
    };
    let married = compare(&cfg, None, &female("Taslima", "Hussain"), &female("Taslima", "Rahman"));
    let household = compare(&cfg, None, &female("Amina", "Rahman"), &female("Taslima", "Rahman"));
    let weight = |c: &Comparison| c.fields.iter().find(|f| f.field == "postcode").map(|f| f.weight).unwrap();
    assert_eq!(level(&married, "postcode"), "exact (other surname)");
    assert_eq!(level(&household, "postcode"), "exact");
    assert!(weight(&married) > weight(&household), "{married:?} {household:?}");
    // Her sister recorded the wrong way round: the part that agrees may
    // be the surname, so no married name excuses the part that differs.
    let swapped = compare(&cfg, None, &female("Rahman", "Amina"), &female("Taslima", "Rahman"));
    assert!(level(&swapped, "surname").contains("order swapped"), "{swapped:?}");
    assert!(!level(&swapped, "surname").contains("female"), "{swapped:?}");
    assert_eq!(level(&swapped, "postcode"), "exact");
    assert!(swapped.score < married.score, "{swapped:?} {married:?}");
}

#[test]
fn a_linkage_configuration_is_checked_field_by_field() {
    let parse = |text: &str| toml::from_str::<LinkageConfig>(text).unwrap().check().map_err(|e| e.field);
    assert_eq!(parse("upper = 0.99\nlower = 0.5\n[weights]\n\"postcode.exact_other_surname\" = 8.0\n"), Ok(()));
    // Every value may be left out, thresholds too: the defaults stand.
    let weights_only: LinkageConfig = toml::from_str("[weights]\n\"dob.exact\" = 9.0\n").unwrap();
    assert_eq!((weights_only.upper, weights_only.lower, weights_only.weights.len()), (UPPER, LOWER, 1));
    assert_eq!(
        parse("upper = 0.99\nlower = 0.5\n[weights]\n\"surname.exakt\" = 7.0\n"),
        Err("weights.\"surname.exakt\"".to_string())
    );
    assert_eq!(parse("upper = 0.5\nlower = 0.9\n"), Err("lower".to_string()));
    assert_eq!(parse("upper = nan\nlower = 0.5\n"), Err("upper".to_string()));
    // Thresholds are match probabilities: a score on the old scale is refused, naming it.
    assert_eq!(parse("upper = 6.0\nlower = 0.5\n"), Err("upper".to_string()));
    assert_eq!(parse("upper = 0.99\nlower = -4.0\n"), Err("lower".to_string()));
    let err = toml::from_str::<LinkageConfig>("upper = 6.0\nlower = 0.5\n").unwrap().check().unwrap_err();
    assert!(err.message.contains("between 0 and 1"), "{err:?}");
}

#[test]
fn a_forename_shared_within_a_surname_says_less_and_tells_the_sex() {
    // Each surname with its own few forenames, as families and communities
    // have them: strangers of one surname share a forename far more often
    // than strangers do.
    let surnames = ["Khan", "Nowak", "Okafor", "Nguyen", "Murphy", "Kowalski", "Mensah", "Singh", "Patel", "Jones"];
    let forenames = ["Amir", "Piotr", "Chidi", "Minh", "Sean", "Marek", "Kofi", "Harpreet", "Rahul", "Gareth"];
    let mut freq = Frequencies::default();
    let mut unlinked = Frequencies::default();
    for i in 0..600 {
        let (s, f) = (i % surnames.len(), (i / surnames.len()) % 3);
        let p = person(forenames[(s + f) % forenames.len()], surnames[s], &(1950 + i % 40).to_string(), None);
        freq.count(&p);
        unlinked.count(&p);
        // A source's twenty more records of the first person of each
        // surname, not yet linked: each a person of its own, of one name
        // and one year.
        if i < surnames.len() {
            for _ in 0..20 {
                unlinked.count(&p);
            }
        }
    }
    let within = freq.agreement(frequencies::Agreement::ForenameSameSurname).unwrap();
    let overall = freq.agreement(frequencies::Agreement::Forename).unwrap();
    assert!(within > 2.0 * overall, "{within} {overall}");
    // Pairs of one name and one year are not told apart: the records not
    // yet linked leave the share within a surname as it was.
    let unlinked_within = unlinked.agreement(frequencies::Agreement::ForenameSameSurname).unwrap();
    assert!((unlinked_within - within).abs() < 0.01, "{unlinked_within} {within}");

    let cfg = LinkageConfig::default();
    let amir = |surname: &str| Features::of(&person("Amir", surname, "1980-01-02", None));
    let same = compare(&cfg, Some(&freq), &amir("Khan"), &amir("Khan"));
    let other = compare(&cfg, Some(&freq), &amir("Khan"), &amir("Patel"));
    let weight = |c: &Comparison, field: &str| c.fields.iter().find(|f| f.field == field).map(|f| f.weight).unwrap();
    assert_eq!(level(&same, "forename"), "exact (same surname)");
    assert_eq!(level(&other, "forename"), "exact");
    assert!(weight(&same, "forename") < weight(&other, "forename"), "{same:?} {other:?}");
    assert_eq!((level(&same, "sex").as_str(), weight(&same, "sex")), ("agrees (as the forename says)", 0.0));
    let sum: f64 = same.fields.iter().map(|f| f.weight).sum();
    assert!((sum - same.score).abs() < 1e-9, "{same:?}");
}

#[test]
fn a_forename_in_common_within_a_surname_is_never_rarer_than_at_large() {
    // Every person of a surname with a forename no other of it carries,
    // each forename carried once in each of three surnames.
    let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
    let mut freq = Frequencies::default();
    for i in 0..600 {
        let forename = format!("Amir{}{}", letter(i / 3), letter(i / 78));
        let surname = ["Khan", "Nowak", "Okafor"][i % 3];
        freq.count(&person(&forename, surname, &(1950 + i % 40).to_string(), None));
    }
    let within = freq.agreement(frequencies::Agreement::ForenameSameSurname).unwrap();
    let overall = freq.agreement(frequencies::Agreement::Forename).unwrap();
    assert!(within >= overall, "{within} {overall}");
}

#[test]
fn a_surname_recorded_as_unknown_is_not_counted_as_one_all_share() {
    let surnames = ["Khan", "Nowak", "Okafor", "Nguyen", "Murphy", "Kowalski", "Mensah", "Singh", "Patel", "Jones"];
    let mut with_unknown = Frequencies::default();
    let mut without = Frequencies::default();
    for i in 0..2_000 {
        let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
        let surname = format!("{}{}{}", surnames[i % surnames.len()], letter(i / 10), letter(i / 260));
        let p = person("Sam", &surname, "1980", None);
        with_unknown.count(&p);
        without.count(&p);
        // One person in six has no surname in the source.
        if i % 5 == 0 {
            with_unknown.count(&person("Sam", UNKNOWN_SURNAME, "1980", None));
        }
    }
    let u = |f: &Frequencies| f.agreement(frequencies::Agreement::Surname).unwrap();
    assert!(u(&without) < 0.001, "{}", u(&without));
    assert!(u(&with_unknown) < 0.001, "{}", u(&with_unknown));
    // Nor does it tell how common a surname is.
    let share = |f: &Frequencies| f.share(frequencies::Agreement::Surname, "unknown");
    assert_eq!(share(&with_unknown), share(&without));
}

#[test]
fn no_pair_of_names_scores_above_the_bound_that_prunes_candidates() {
    let cfg = LinkageConfig::default();
    let w = cfg.weights(None, None);
    let names = [
        ("John", "Smith"),
        ("Jon", "Smith"),
        ("John", "Smyth"),
        ("Smith", "John"),
        ("Johnny", "Smith-Jones"),
        ("John", "Jones"),
        ("Jane", "Smith"),
        ("John", UNKNOWN_SURNAME),
        ("", "Smith"),
    ];
    for (fa, sa) in names {
        for (fb, sb) in names {
            let mut a = person(fa, sa, "1980-01-02", None);
            let mut b = person(fb, sb, "1980-01-02", None);
            for p in [&mut a, &mut b] {
                p.sex = Some(crate::domain::person::Sex::Female);
            }
            let (a, b) = (Features::of(&a), Features::of(&b));
            let names = compare_names(&cfg, &w, None, &a, &b);
            assert!(names <= names_bound(&cfg, &w, None, &a) + 1e-9, "{fa} {sa} / {fb} {sb}: {names}");
        }
    }
}

#[test]
fn a_missed_pair_is_explained_with_the_keys_that_met_it_and_its_score() {
    let mut linker = Linker::new(LinkageConfig { estimate: false, ..LinkageConfig::default() });
    linker.add("p1", &person("John", "Smith", "1980-03-04", None));
    linker.add("p2", &person("Mary", "Jones", "1975-01-02", None));
    let record = Features::of(&person("Jon", "Smith", "1980-03-04", None));
    let e = linker.explain(&record, "p1").unwrap();
    assert!(e.met.contains(&"y") && e.met.contains(&"d"), "{:?}", e.met);
    assert!(e.common.is_empty());
    assert!(e.levels.contains(&"dob.exact") && e.levels.contains(&"surname.exact"), "{:?}", e.levels);
    assert_eq!(e.comparison.score, linker.decide_features(&record).score.unwrap());
    // Nothing brings it together with Mary Jones, and it scores far below.
    let apart = linker.explain(&record, "p2").unwrap();
    assert!(apart.met.is_empty(), "{:?}", apart.met);
    assert!(apart.comparison.score < linker.config().lower_score());
    assert!(linker.explain(&record, "nobody").is_none());
}

#[test]
fn a_whole_name_no_one_else_carries_says_more_than_its_parts() {
    // 4,000 persons of 200 whole names, 20 of each: about 20 namesakes are
    // to be expected of anyone, and one person alone is called Zebedee
    // Smith (a surname as common as any).
    let surnames = ["Smith", "Jones", "Khan", "Nowak", "Okafor", "Nguyen", "Murphy", "Mensah", "Singh", "Patel"];
    let forenames = ["John", "Amir", "Piotr", "Chidi", "Minh", "Sean", "Kofi", "Rahul", "Gareth", "Marek"];
    let mut freq = Frequencies::default();
    for i in 0..4_000 {
        let surname = format!("{}{}", surnames[i % 10], ["", "son"][(i / 10) % 2]);
        freq.count(&person(forenames[(i / 20) % 10], &surname, "1980", None));
    }
    freq.count(&person("Zebedee", "Smith", "1980", None));

    let expected = freq.expected_namesakes().unwrap();
    assert!((15.0..25.0).contains(&expected), "{expected}");
    let rare = freq.namesakes("zebedee", "smith").unwrap();
    assert_eq!(rare.others, 0);
    assert!((rare.expected - expected).abs() < 0.1 * expected, "{rare:?}");
    assert!((rare.bits() - (rare.expected + 1.0).log2()).abs() < 1e-9, "{rare:?}");
    let common = freq.namesakes("john", "smith").unwrap();
    assert_eq!(common.others, 19);
    assert!(common.bits() < 0.2, "{common:?}");

    let cfg = LinkageConfig::default();
    let zebedee = Features::of(&person("Zebedee", "Smith", "1980", None));
    let c = compare(&cfg, Some(&freq), &zebedee, &zebedee);
    let whole = c.fields.iter().find(|f| f.field == "whole name").expect("a rare whole name is weighed");
    assert!((whole.weight - rare.bits()).abs() < 1e-9, "{c:?}");
    assert!(whole.level.starts_with("0 others carry it"), "{whole:?}");
    let sum: f64 = c.fields.iter().map(|f| f.weight).sum();
    assert!((sum - c.score).abs() < 1e-9, "{c:?}");
    // The bound that prunes candidates allows for it.
    let w = cfg.weights(Some(&freq), None);
    assert!(
        compare_names(&cfg, &w, Some(&freq), &zebedee, &zebedee) <= names_bound(&cfg, &w, Some(&freq), &zebedee) + 1e-9
    );

    // A name twenty share gains nothing worth showing; switched off, neither does a rare one.
    let john = Features::of(&person("John", "Smith", "1980", None));
    let c = compare(&cfg, Some(&freq), &john, &john);
    assert!(c.fields.iter().all(|f| f.field != "whole name" || f.weight < 0.2), "{c:?}");
    let off = LinkageConfig { name_rarity: false, ..LinkageConfig::default() };
    let c = compare(&off, Some(&freq), &zebedee, &zebedee);
    assert!(c.fields.iter().all(|f| f.field != "whole name"), "{c:?}");
}

/// `n` as letters, for names: 0 is "a", 26 is "ba".
fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

#[test]
fn a_surname_few_others_carry_says_more_where_no_address_is_shared() {
    // 4,000 persons: 2,000 Smiths, and 2,000 of surnames two persons each carry.
    let mut freq = Frequencies::default();
    for i in 0..4_000 {
        let surname = if i < 2_000 { "Smith".to_string() } else { format!("Q{}", letters(i / 2)) };
        freq.count(&person(["John", "Amir", "Piotr", "Chidi"][i % 4], &surname, "1980", None));
    }
    let smith = freq.surname_carriers("smith").unwrap();
    assert_eq!(smith.others, 1_999);
    assert!(smith.bits() < -0.5, "{smith:?}");
    let rare_name = format!("q{}", letters(3_000 / 2));
    let rare = freq.surname_carriers(&rare_name).unwrap();
    assert_eq!(rare.others, 1);
    assert!(rare.bits() > 3.0, "{rare:?}");
    // One carried by no one else says more still, but only so much while
    // few persons are known.
    let alone = freq.surname_carriers("zebedee").unwrap();
    assert!(alone.bits() > rare.bits() && alone.u() > 1.0 / 4_000.0, "{alone:?}");

    let cfg = LinkageConfig::default();
    let w = cfg.weights(Some(&freq), None);
    let ann = |postcode: &str| Features::of(&at(person("Ann", &rare_name, "1980", None), postcode));
    let (record, elsewhere, at_home) = (ann("E1 6AN"), ann("N1 9GU"), ann("E1 6AN"));
    let c = compare(&cfg, Some(&freq), &record, &elsewhere);
    let part = c.fields.iter().find(|f| f.field == "surname rarity").expect("a rare surname is weighed");
    assert!((part.weight - rare.bits()).abs() < 1e-9, "{c:?}");
    assert!(part.level.starts_with("1 other carries it"), "{part:?}");
    let sum: f64 = c.fields.iter().map(|f| f.weight).sum();
    assert!((sum - c.score).abs() < 1e-9, "{c:?}");
    assert!(compare_names(&cfg, &w, Some(&freq), &record, &elsewhere) <= names_bound(&cfg, &w, Some(&freq), &record));
    // At one address a rare surname is one family's, which the postcode
    // within a surname already weighs.
    let c = compare(&cfg, Some(&freq), &record, &at_home);
    assert!(c.fields.iter().all(|f| f.field != "surname rarity"), "{c:?}");
    // A common one weighs less than a surname at large.
    let john = |postcode: &str| Features::of(&at(person("John", "Smith", "1980", None), postcode));
    let c = compare(&cfg, Some(&freq), &john("E1 6AN"), &john("N1 9GU"));
    let part = c.fields.iter().find(|f| f.field == "surname rarity").expect("a common surname is weighed");
    assert!((part.weight - smith.bits()).abs() < 1e-9, "{c:?}");
    // Switched off with whole names, it is not weighed.
    let off = LinkageConfig { name_rarity: false, ..LinkageConfig::default() };
    let c = compare(&off, Some(&freq), &record, &elsewhere);
    assert!(c.fields.iter().all(|f| f.field != "surname rarity"), "{c:?}");
}

#[test]
fn an_initial_for_a_whole_forename_is_weighed_as_an_initial_not_as_a_forename_that_differs() {
    let cfg = LinkageConfig::default();
    let w = cfg.weights(None, None);
    let edward = Features::of(&person("Edward", "Quist", "1980-03-04", None));
    let c = compare(&cfg, None, &Features::of(&person("E", "Quist", "1980-03-04", None)), &edward);
    assert_eq!(level(&c, "forename"), "initial");
    let part = c.fields.iter().find(|f| f.field == "forename").unwrap();
    assert!(part.weight > 0.0 && part.weight < w.forename[0], "{c:?}");
    assert!(c.score >= cfg.upper_score(), "{c:?}");
    // Another letter differs, and two initials agree exactly.
    let c = compare(&cfg, None, &Features::of(&person("J", "Quist", "1980-03-04", None)), &edward);
    assert_eq!(level(&c, "forename"), "differs");
    let e = Features::of(&person("E", "Quist", "1980-03-04", None));
    assert_eq!(level(&compare(&cfg, None, &e, &e), "forename"), "exact (same surname)");
}

#[test]
fn middle_names_count_where_both_give_them() {
    let cfg = LinkageConfig::default();
    let f = |forenames: &str| Features::of(&person(forenames, "Smith", "1980", None));
    let middle = |a: &str, b: &str| {
        let c = compare(&cfg, None, &f(a), &f(b));
        let sum: f64 = c.fields.iter().map(|f| f.weight).sum();
        assert!((sum - c.score).abs() < 1e-9, "{c:?}");
        c.fields.iter().find(|f| f.field == "middle names").map(|f| (f.level.clone(), f.weight))
    };
    let (shown, agrees) = middle("John Paul", "John Paul").unwrap();
    assert_eq!(shown, "agrees");
    assert!(agrees > 3.0, "{agrees}");
    // Close spellings agree; any of the further forenames may be the one in common.
    assert_eq!(middle("John Pual", "John Peter Paul").unwrap().0, "agrees");
    let (shown, differs) = middle("John Paul", "John Peter").unwrap();
    assert_eq!(shown, "differs");
    assert!(differs < -1.0, "{differs}");
    // Nothing to compare: one gives none, or an initial alone.
    assert_eq!(middle("John Paul", "John"), None);
    assert_eq!(middle("John P", "John Peter"), None);

    // A person known by several names is compared on all of them.
    let mut known = f("John");
    known.absorb(f("John Paul"));
    let c = compare(&cfg, None, &f("John Paul"), &known);
    assert_eq!(level(&c, "middle names"), "agrees");

    // The bound that prunes candidates allows for it.
    let w = cfg.weights(None, None);
    let john_paul = f("John Paul");
    assert!(compare_names(&cfg, &w, None, &john_paul, &john_paul) <= names_bound(&cfg, &w, None, &john_paul) + 1e-9);

    // Where each forename comes with one of six middle names, sharing one
    // says little beside the forename.
    let mut freq = Frequencies::default();
    for (i, forename) in ["John", "Ravi", "Xiu", "Anna", "Kofi", "Piotr"].iter().cycle().take(600).enumerate() {
        let middle = ["Paul", "Nikhil", "Ying", "Maria", "Kwame", "Jan"][(i + i / 6) % 6];
        freq.count(&person(&format!("{forename} {middle}"), &format!("Surname{i}"), "1980", None));
    }
    let within = freq.agreement(frequencies::Agreement::MiddleSameForename).unwrap();
    assert!(within > 0.1, "{within}");
    let c = compare(&cfg, Some(&freq), &f("John Paul"), &f("John Paul"));
    let shared = c.fields.iter().find(|f| f.field == "middle names").unwrap();
    assert!(shared.weight < agrees - 2.0, "{shared:?} against {agrees}");
}

#[test]
fn a_part_of_a_name_missing_from_either_side_is_no_evidence() {
    let cfg = LinkageConfig::default();
    let w = cfg.weights(None, None);
    let full = Features::of(&person("Julia", "Taylor", "2015-07-31", None));
    let forename_only = Features::of(&person("Julia", UNKNOWN_SURNAME, "2015-07-31", None));
    // Either way round: the forenames agree, the surname is not compared.
    for (a, b) in [(&full, &forename_only), (&forename_only, &full)] {
        let c = compare(&cfg, None, a, b);
        assert_eq!(level(&c, "forename"), "exact", "{c:?}");
        assert!(c.fields.iter().all(|f| f.field != "surname"), "{c:?}");
        assert!(c.score >= cfg.upper, "{c:?}");
    }
    // A forename alone meets a surname recorded as the forename.
    let noah = Features::of(&person("Noah", UNKNOWN_SURNAME, "2008-03-23", None));
    let swapped = Features::of(&person("Watson", "Noah", "2008-03-23", None));
    let c = compare(&cfg, None, &noah, &swapped);
    assert_eq!(level(&c, "forename"), "exact (order swapped)", "{c:?}");
    // A person also known without a surname: the surname that differs
    // still counts against.
    let mut known = person("Julia", "Taylor", "2015-07-31", None);
    known
        .names
        .push(serde_json::from_value(serde_json::json!({"forenames": "Julia", "surname": UNKNOWN_SURNAME})).unwrap());
    let c = compare(&cfg, None, &Features::of(&person("Julia", "Okafor", "2015-07-31", None)), &Features::of(&known));
    assert!(level(&c, "surname").starts_with("differs"), "{c:?}");
    assert!(compare_names(&cfg, &w, None, &forename_only, &full) <= names_bound(&cfg, &w, None, &forename_only));
}

#[test]
fn dates_tell_namesakes_apart_only_where_a_date_that_differs_weighs_enough() {
    // As in the father-and-son case above, but in data where one person's
    // dates of birth often differ: the record links both and merges.
    let mut cfg = LinkageConfig::default();
    cfg.weights.insert("dob.differs".into(), -1.7);
    let mut linker = Linker::new(cfg);
    linker.add("father", &at(person("Emeka", "Conteh", "1962-11-20", None), "CR7 7TA"));
    linker.add("son", &at(person("Emeka", "Conteh", "1988-10-30", None), "CR7 7TA"));
    let mut undated = at(person("Emeka", "Conteh", "1970", None), "CR7 7TA");
    undated.date_of_birth = None;
    let d = linker.decide(&undated);
    assert_eq!(d.outcome, Outcome::Merged, "{d:?}");
    assert!(d.note.is_none(), "{d:?}");
}

#[test]
fn whole_dates_under_a_year_apart_are_a_level_of_their_own() {
    use crate::domain::dates::PartialDate;
    let d = |s: &str| s.parse::<PartialDate>().unwrap();
    let level = |a: &str, b: &str| levels::DOB_LEVELS[levels::dob_level(d(a), d(b)) as usize];
    assert_eq!(level("2015-07-31", "2015-10-29"), "dob.within_year");
    assert_eq!(level("2012-12-31", "2013-01-20"), "dob.within_year");
    // Closer levels first: a slip of the day is near.
    assert_eq!(level("2013-01-14", "2013-01-20"), "dob.near");
    assert_eq!(level("2015-07-31", "2016-08-01"), "dob.differs");
    // A partial date is compared to its own precision, as before.
    assert_eq!(level("2015-07", "2015-10-29"), "dob.differs");
}

#[test]
fn lines_that_agree_under_one_postcode_without_house_numbers_are_one_house() {
    let cfg = LinkageConfig::default();
    let in_town = |forename: &str, lines: &[&str]| {
        let mut p = person(forename, "Hunsdon", "1854-05-14", None);
        p.addresses =
            serde_json::from_value(serde_json::json!([{"address": {"lines": lines, "postcode": "BD16 2JG"}}])).unwrap();
        Features::of(&p)
    };
    let c = compare(&cfg, None, &in_town("Herbert", &["Bradford"]), &in_town("Herbert", &["Bradford"]));
    assert_eq!(level(&c, "address"), "same_house", "{c:?}");
    // Numbers that differ are another house, as before.
    let c = compare(&cfg, None, &in_town("Herbert", &["4 Mill Lane"]), &in_town("Herbert", &["6 Mill Lane"]));
    assert_eq!(level(&c, "address"), "other_house", "{c:?}");
}
