//! The lookup says how many it shows honestly: a search that stopped at
//! the people it shows says more match and asks for a narrower search,
//! instead of a count that reads as every match.

use super::fixtures;
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::api::{SearchResponse, SubjectHit};
use crate::console::action::Action;
use crate::console::state::{PaneId, LOOKUP_SHOWN};
use crate::domain::person::Flags;

fn hit(i: usize) -> SubjectHit {
    SubjectHit {
        person_id: format!("p{i}"),
        name: format!("John SMITH {i}"),
        date_of_birth: None,
        age: Some(30),
        area: None,
        markers: vec![],
        flags: Flags::default(),
        score: 0.9,
        why: vec![],
    }
}

/// The lookup's screen after the server answered "smith" with `n` people.
fn answered(n: usize) -> (Console, String) {
    let mut state = fixtures::state();
    state.pane = PaneId::Lookup;
    let mut c = Console::new(state);
    c.state.lookup.query = "smith".into();
    let seq = c.state.lookup.shown.max(c.state.lookup.issued) + 1;
    c.state.lookup.issued = seq;
    let hits = (0..n).map(hit).collect();
    let response = SearchResponse { query: "smith".into(), hits, places: vec![], objects: vec![] };
    c.act(Action::SearchDone { seq, result: Ok(response) });
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 160, 48));
    (c, screen)
}

#[test]
fn a_full_page_says_more_match_and_a_short_one_says_how_many() {
    let (c, screen) = answered(LOOKUP_SHOWN + 1);
    assert_eq!(c.state.lookup.hits.len(), LOOKUP_SHOWN, "the one beyond is not shown");
    assert!(screen.contains(&format!("Results ({LOOKUP_SHOWN} shown — more match, refine the search)")), "{screen}");
    let (_, screen) = answered(LOOKUP_SHOWN);
    assert!(screen.contains(&format!("Results ({LOOKUP_SHOWN})")), "exactly as many as shown: {screen}");
    let (_, screen) = answered(3);
    assert!(screen.contains("Results (3)") && !screen.contains("more match"), "{screen}");
}
