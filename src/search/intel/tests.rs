use super::*;

const A: &str = "0f8e7a52-9c1b-4d2e-8a3f-5b6c7d8e9f01";
const B: &str = "1f8e7a52-9c1b-4d2e-8a3f-5b6c7d8e9f02";
const C: &str = "2f8e7a52-9c1b-4d2e-8a3f-5b6c7d8e9f03";
const D: &str = "3f8e7a52-9c1b-4d2e-8a3f-5b6c7d8e9f04";

fn report(id: &str, at: i64, sanitised: &str, unsanitised: Option<&str>) -> ReportText {
    ReportText {
        id: id.into(),
        occurred_at: at,
        draft_of: None,
        code_c: false,
        sanitised: sanitised.into(),
        unsanitised: unsanitised.map(str::to_string),
    }
}

const OFFICER: Viewer<'static> = Viewer { username: "dc.shah", reads_unsanitised: false };
const ANALYST: Viewer<'static> = Viewer { username: "ia.brown", reads_unsanitised: true };

fn ids(page: &FoundPage) -> Vec<&str> {
    page.found.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn ranked_by_words_in_common_then_newest_and_the_viewer_sees_only_their_text() {
    let mut index = IntelIndex::new();
    index.set(&report(A, 10, "Deals from a blue Golf", Some("Source X saw it from flat 4")));
    index.set(&report(B, 20, "Blue van seen", None));
    index.set(&report(C, 30, "Golf parked outside", None));
    let page = index.search("blue golf", OFFICER, 10, None);
    assert_eq!(ids(&page), [A, C, B]);
    assert_eq!(page.found[0].words, 2);
    assert!(index.search("flat", OFFICER, 10, None).found.is_empty(), "unsanitised only: not for an officer");
    assert_eq!(ids(&index.search("flat source", ANALYST, 10, None)), [A]);
    // Changed: found by its new words only.
    index.set(&report(A, 10, "Deals from a red Ford", None));
    assert_eq!(ids(&index.search("blue golf", OFFICER, 10, None)), [C, B]);
    assert!(index.search("flat", ANALYST, 10, None).found.is_empty());
    index.remove(C);
    assert_eq!(ids(&index.search("golf", OFFICER, 10, None)), Vec::<&str>::new());
}

#[test]
fn drafts_answer_their_author_and_code_c_text_nobody() {
    let mut index = IntelIndex::new();
    index.set(&ReportText { draft_of: Some("dc.shah".into()), ..report(A, 10, "blue golf", None) });
    index.set(&ReportText { code_c: true, ..report(B, 20, "blue golf", Some("blue golf")) });
    assert_eq!(ids(&index.search("golf", OFFICER, 10, None)), [A]);
    assert!(index.search("golf", ANALYST, 10, None).found.is_empty());
    assert!(index.has_drafts("dc.shah") && !index.has_drafts("ia.brown"));
    // Submitted, it is nobody's draft any more.
    index.set(&report(A, 10, "blue golf", None));
    assert!(!index.has_drafts("dc.shah"));
}

#[test]
fn pages_follow_the_cursor_and_say_how_many_remain() {
    let mut index = IntelIndex::new();
    for (i, id) in [A, B, C, D].iter().enumerate() {
        index.set(&report(id, i as i64, "blue golf", None));
    }
    let first = index.search("golf", OFFICER, 3, None);
    assert_eq!((ids(&first), first.more), (vec![D, C, B], 1));
    let after = Cursor::parse(first.next.as_deref().unwrap(), &index).unwrap();
    let second = index.search("golf", OFFICER, 3, Some(after));
    assert_eq!((ids(&second), second.more, second.next.clone()), (vec![A], 0, None));
    assert!(Cursor::parse("x|1|y", &index).is_err());
}

#[test]
fn what_follows_a_page_is_counted_to_a_thousand() {
    let mut index = IntelIndex::new();
    let id = |i: u128| uuid::Uuid::from_u128(i + 1).to_string();
    for i in 0..1_100 {
        // Every third has "golf" only in its unsanitised text.
        let (sanitised, unsanitised) = if i % 3 == 0 { ("van", Some("golf")) } else { ("golf van", None) };
        index.set(&report(&id(i), i as i64, sanitised, unsanitised));
    }
    let more = |q: &str, viewer: Viewer, limit: usize| {
        let page = index.search(q, viewer, limit, None);
        (page.more, page.more_at_least)
    };
    assert_eq!(more("golf", ANALYST, 20), (COUNTED, true), "1,080 follow");
    assert_eq!(more("golf", OFFICER, 20), (713, false), "733 have it in the sanitised text");
    // Two words: counted in the merge, which stops past 1,000.
    assert_eq!(more("golf van", OFFICER, 99), (COUNTED, true), "1,001 follow");
    assert_eq!(more("golf van", OFFICER, 100), (1_000, false), "exactly 1,000 follow");
    assert_eq!(more("golf van", ANALYST, 101), (999, false));
}
