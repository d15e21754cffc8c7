//! The review queue pane: drawn in its states, and decided with keys
//! through the router the binary uses.

use crossterm::event::{KeyCode, KeyModifiers};

use super::fixtures;
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::api::linkage::{FieldEvidence, ReviewPair, ReviewSide};
use crate::client::ClientError;
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::state::{Decision, DecisionPrompt};
use crate::console::state::{Overlay, PaneId, State};
use crate::domain::dates::PartialDate;
use crate::domain::role::{Role, Roles};

fn field(field: &str, level: &str, weight: f64, detail: &str) -> FieldEvidence {
    FieldEvidence { field: field.into(), level: level.into(), weight, detail: detail.into() }
}

fn side(id: &str, name: &str, dob: &str, postcode: &str) -> Option<ReviewSide> {
    Some(ReviewSide {
        person_id: id.into(),
        name: name.into(),
        date_of_birth: dob.parse::<PartialDate>().ok(),
        postcode: Some(postcode.into()),
        flags: Default::default(),
    })
}

pub fn pairs() -> Vec<ReviewPair> {
    vec![
        ReviewPair {
            source: "custody".into(),
            source_ref: "CU00000412".into(),
            person_id: "p-new1".into(),
            candidate_id: "p-smith".into(),
            score: 9.4,
            status: "open".into(),
            evidence: vec![
                field("surname", "phonetic", 5.1, "Smyth / Smith"),
                field("forenames", "exact", 4.2, "John / John"),
                field("date_of_birth", "missing", 0.0, "— / 1985-03-14"),
                field("postcode", "disagree", -1.9, "N1 9GU / SW2 5SG"),
                field("sex", "agree", 2.0, "male / male"),
            ],
            record: side("p-new1", "John Smyth", "", "N1 9GU"),
            candidate: side("p-smith", "John Smith", "1985-03-14", "SW2 5SG"),
        },
        ReviewPair {
            source: "intelligence".into(),
            source_ref: "INT00000077".into(),
            person_id: "p-new2".into(),
            candidate_id: "p-begum".into(),
            score: 6.2,
            status: "open".into(),
            evidence: vec![
                field("surname", "exact", 6.3, "Begum / Begum"),
                field("forenames", "nickname", 2.4, "Aysha / Aisha"),
                field("date_of_birth", "disagree", -2.5, "1999-07-01 / 1999-01-07"),
            ],
            record: side("p-new2", "Aysha Begum", "1999-07-01", "E1 6AN"),
            candidate: side("p-begum", "Aisha Begum", "1999-01-07", "E1 6AN"),
        },
    ]
}

fn review_state(mut state: State) -> State {
    state.pane = PaneId::Review;
    state.review.pairs = pairs();
    state.review.loaded = true;
    state.review.list.selected = Some("custody/CU00000412".into());
    state
}

#[test]
fn the_review_pane_in_its_states() {
    let ui = fixtures::ui("dark");
    let state = review_state(fixtures::state());
    insta::assert_snapshot!("review_normal", text(&draw(&state, &ui, 120, 30)));
    insta::assert_snapshot!("review_narrow", text(&draw(&state, &ui, 80, 24)));
    insta::assert_snapshot!("review_stale", text(&draw(&review_state(fixtures::stale()), &ui, 80, 24)));
    let mut empty = review_state(fixtures::empty());
    empty.review.pairs.clear();
    insta::assert_snapshot!("review_empty", text(&draw(&empty, &ui, 80, 24)));
    let contrast = fixtures::ui("high-contrast");
    insta::assert_snapshot!("review_high_contrast", super::snapshots::styled(&draw(&state, &contrast, 80, 24)));

    let mut asking = state.clone();
    asking.overlay = Overlay::Decide(DecisionPrompt {
        decision: Decision::Accept,
        source: "custody".into(),
        source_ref: "CU00000412".into(),
        title: "John Smyth (custody/CU00000412) and John Smith".into(),
        reason: "same PNC photograph".into(),
        busy: false,
        error: None,
    });
    insta::assert_snapshot!("review_decision", text(&draw(&asking, &ui, 80, 24)));

    let mut help = state;
    help.overlay = Overlay::Help;
    insta::assert_snapshot!("help_review", text(&draw(&help, &ui, 80, 30)));
}

#[test]
fn the_pane_has_its_key_and_loads_the_queue_once() {
    let mut state = fixtures::state();
    state.pane = PaneId::Lookup;
    let mut c = Console::with_keymap(state, "default");
    c.key(KeyCode::F(6));
    assert_eq!(c.state.pane, PaneId::Review);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadReview)));
    c.act(Action::ReviewLoaded(Ok((pairs(), 2))));
    assert_eq!(c.state.review.list.selected.as_deref(), Some("custody/CU00000412"));
    c.effects.clear();
    c.key(KeyCode::Tab).key(KeyCode::BackTab);
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::LoadReview)), "{:?}", c.effects);
}

#[test]
fn a_queue_longer_than_one_load_says_how_many_are_open_in_all() {
    let mut state = fixtures::state();
    state.pane = PaneId::Review;
    let mut c = Console::with_keymap(state, "default");
    c.act(Action::ReviewLoaded(Ok((pairs(), 5_123))));
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 140, 30));
    assert!(screen.contains("2 open of 2 shown, 5123 open in all (highest scores first)"), "{screen}");
}

#[test]
fn the_pane_follows_the_queue_one_load_at_a_time() {
    use crate::console::action::Live;
    let change = |record_id: &str| {
        Action::Live(Live::Change(crate::api::Change {
            seq: 9,
            at: fixtures::now(),
            topic: crate::api::linkage::REVIEW_TOPIC.into(),
            op: "updated".into(),
            record_id: record_id.into(),
            version: 0,
            person_ids: Vec::new(),
            private_to: None,
        }))
    };
    let loads = |c: &Console| c.effects.iter().filter(|e| matches!(e, Effect::LoadReview)).count();
    // Never opened: nothing to follow.
    let mut c = Console::new(fixtures::state());
    c.act(change("custody/C3"));
    assert_eq!(loads(&c), 0, "{:?}", c.effects);

    // Loaded: a decision taken elsewhere loads the queue again.
    let mut c = Console::new(review_state(fixtures::state()));
    c.act(change("custody/C3"));
    assert_eq!(loads(&c), 1, "{:?}", c.effects);
    // An import's batches while that load is in flight: one more load, after it.
    c.effects.clear();
    c.act(change("crime")).act(change("crime")).act(change("crime"));
    assert_eq!(loads(&c), 0, "{:?}", c.effects);
    c.act(Action::ReviewLoaded(Ok((pairs(), 2))));
    assert_eq!(loads(&c), 1, "{:?}", c.effects);
    c.effects.clear();
    c.act(Action::ReviewLoaded(Ok((pairs(), 2))));
    assert_eq!(loads(&c), 0, "{:?}", c.effects);
    assert_eq!(c.state.review.list.selected.as_deref(), Some("custody/CU00000412"));
}

#[test]
fn a_merge_takes_three_keys_and_can_be_split_again() {
    let mut c = Console::with_keymap(review_state(fixtures::state()), "default");
    c.key(KeyCode::Char('a'));
    let Overlay::Decide(prompt) = &c.state.overlay else { panic!("no reason asked: {:?}", c.state.overlay) };
    assert_eq!(prompt.decision, Decision::Accept);
    c.key(KeyCode::Enter);
    let sent = c.effects.iter().find_map(|e| match e {
        Effect::Decide { decision, source, source_ref, reason } => Some((*decision, source, source_ref, reason)),
        _ => None,
    });
    let (decision, source, source_ref, reason) = sent.expect("the decision was sent");
    assert_eq!((decision, source.as_str(), source_ref.as_str()), (Decision::Accept, "custody", "CU00000412"));
    assert_eq!(reason, "same person on review of the evidence");
    c.act(Action::Decided {
        decision: Decision::Accept,
        source: "custody".into(),
        source_ref: "CU00000412".into(),
        result: Ok("merged into John Smith".into()),
    });
    assert_eq!(c.state.overlay, Overlay::None);
    assert_eq!(c.state.review.pairs[0].status, "accepted");
    // A reload keeps the decided pair listed, so it can be split, in its
    // place by score (first here), not moved to the end.
    c.act(Action::ReviewLoaded(Ok((pairs().split_off(1), 1))));
    let order: Vec<String> = c.state.review.pairs.iter().map(crate::console::views::review_key).collect();
    assert_eq!(order, ["custody/CU00000412", "intelligence/INT00000077"]);
    assert_eq!(c.state.review.list.selected.as_deref(), Some("custody/CU00000412"));

    // Accepting it again is refused in the console; splitting asks why.
    c.effects.clear();
    c.key(KeyCode::Char('a'));
    assert_eq!(c.state.overlay, Overlay::None);
    c.key(KeyCode::Char('s'));
    let Overlay::Decide(prompt) = &c.state.overlay else { panic!("no split prompt") };
    assert_eq!(prompt.decision, Decision::Split);
    // The reason is typed over the suggestion.
    c.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    for ch in "different date of birth".chars() {
        c.key(KeyCode::Char(ch));
    }
    c.key(KeyCode::Enter);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Decide { decision: Decision::Split, reason, .. }
        if reason == "different date of birth")));
}

#[test]
fn the_palette_splits_any_merged_record() {
    let mut c = Console::with_keymap(fixtures::state(), "default");
    c.act(Action::Run("split crime CR00000042".into()));
    let Overlay::Decide(prompt) = &c.state.overlay else { panic!("no split prompt: {:?}", c.state.overlay) };
    assert_eq!(
        (prompt.decision, prompt.source.as_str(), prompt.source_ref.as_str()),
        (Decision::Split, "crime", "CR00000042")
    );
    c.key(KeyCode::Enter);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Decide { decision: Decision::Split, source_ref, .. }
        if source_ref == "CR00000042")));
    c.act(Action::Run("split crime".into()));
    assert!(matches!(&c.state.overlay, Overlay::Palette { error: Some(e), .. } if e.contains(":split crime CR")));
    c.act(Action::Run("review".into()));
    assert_eq!(c.state.pane, PaneId::Review);
}

#[test]
fn a_refusal_keeps_the_dialog_with_the_reason() {
    let mut c = Console::with_keymap(review_state(fixtures::state()), "vim");
    c.key(KeyCode::Char('j')).key(KeyCode::Char('n'));
    let Overlay::Decide(prompt) = &c.state.overlay else { panic!("no reason asked") };
    assert_eq!((prompt.decision, prompt.source_ref.as_str()), (Decision::Reject, "INT00000077"));
    c.key(KeyCode::Enter);
    c.act(Action::Decided {
        decision: Decision::Reject,
        source: "intelligence".into(),
        source_ref: "INT00000077".into(),
        result: Err(ClientError::Api {
            status: 403,
            code: "forbidden".into(),
            message: "your role may not review possible matches".into(),
            field: None,
        }),
    });
    let Overlay::Decide(prompt) = &c.state.overlay else { panic!("the dialog closed") };
    assert!(!prompt.busy);
    assert!(prompt.error.as_deref().is_some_and(|e| e.contains("may not")), "{prompt:?}");
    assert_eq!(c.state.review.pairs[1].status, "open");
    assert_eq!(c.state.writes_in_flight, 0);
}

#[test]
fn a_role_that_may_not_change_people_is_told_so() {
    let mut state = review_state(fixtures::state());
    if let Some(session) = &mut state.session {
        session.roles = Roles(vec![Role::Inspector]);
    }
    let mut c = Console::with_keymap(state, "default");
    c.key(KeyCode::Char('x'));
    assert_eq!(c.state.overlay, Overlay::None);
    assert!(c.state.message.as_ref().is_some_and(|m| m.text.contains("may not")));
    assert!(c.effects.is_empty());
}
