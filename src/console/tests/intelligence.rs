//! The intelligence pane: the evaluation queue drawn in its states, the
//! selected report's text as the role may see it (the unsanitised text
//! withheld from an investigator, a handling code C report's text only
//! once its conditions are acknowledged), and the forms that evaluate and
//! disseminate, worked with keys through the router the binary uses.

use crate::console::state::intelligence::IntelForm;
use crossterm::event::KeyCode;

use super::fixtures::{self, t};
use super::harness::{last_save, Console};
use super::snapshots::{draw, text};
use crate::console::action::Action;
use crate::console::state::{Overlay, PaneId, State};
use crate::console::update::intel_reads::{IntelAnswer, IntelRead};
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::intelligence::*;
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::provenance::Provenance;
use crate::domain::role::{Role, Roles};

const CONDITIONS: &str = "Not to be shared outside the Lambeth drugs unit";
const WITHHELD: &str = "[handling code C: open the report and acknowledge its conditions to read it]";

pub fn report(
    id: &str,
    reference: &str,
    summary: &str,
    (priority, handling): (Priority, char),
    submitted: &str,
) -> Event {
    let grading = Grading::ThreeFiveTwo {
        source: 2,
        intelligence: 'B',
        handling,
        conditions: (handling == 'C').then(|| CONDITIONS.to_string()),
    };
    let mut d = IntelligenceDetails::draft(
        grading,
        priority,
        format!("{summary}: seen at the address most evenings"),
        Some(format!("{summary}: told by the neighbour at flat 4")),
    );
    d.status = IntelligenceStatus::Submitted;
    d.submission = Some(Stamp { at: t(submitted), by: "dc.shah".into() });
    if handling == 'C' {
        // As the queue shows a code C report: its text held back.
        d.sanitised_text = WITHHELD.into();
        d.unsanitised_text = Some(WITHHELD.into());
    }
    let details = EventDetails::Intelligence(d);
    Event {
        id: id.into(),
        kind: EventKind::Intelligence,
        reference: reference.into(),
        version: 2,
        status: details.status(),
        occurred_at: t(submitted),
        borough: Some("Lambeth".into()),
        summary: summary.into(),
        people: vec![EventPerson { person_id: "p-smith".into(), role: EventRole::Subject }],
        details,
        created_at: t(submitted),
        updated_at: t(submitted),
        provenance: Provenance::entered("dc.shah", t(submitted)),
    }
}

fn reports() -> Vec<Event> {
    vec![
        report(
            "ir1",
            "IR/26/0000201",
            "Supplying cocaine from a Ford Focus",
            (Priority::High, 'P'),
            "2026-11-25T09:00:00Z",
        ),
        report("ir2", "IR/26/0000202", "Firearm kept at a lock-up", (Priority::High, 'C'), "2026-11-25T11:30:00Z"),
        report(
            "ir3",
            "IR/26/0000203",
            "Stolen bikes sold on a market stall",
            (Priority::Low, 'P'),
            "2026-11-23T16:00:00Z",
        ),
    ]
}

/// The evaluation queue loaded, as `roles` sees it.
pub fn intel_state(roles: Vec<Role>) -> State {
    let mut state = fixtures::state();
    state.pane = PaneId::Intelligence;
    if let Some(session) = &mut state.session {
        session.username = "ia.brown".into();
        session.roles = Roles(roles);
    }
    let i = &mut state.intelligence;
    i.rows = reports();
    i.loaded = true;
    i.more = 12;
    i.next = Some("0|2026-11-25T11:30:00.000000Z|ir2".into());
    i.list.selected = Some("ir1".into());
    state
}

#[test]
fn the_evaluation_queue_in_its_states() {
    let ui = fixtures::ui("dark");
    let state = intel_state(vec![Role::IntelligenceAnalyst]);
    let normal = text(&draw(&state, &ui, 120, 30));
    insta::assert_snapshot!("intelligence_normal", normal);
    assert!(normal.contains("told by the neighbour at flat 4"), "an analyst reads the unsanitised text:\n{normal}");
    assert!(normal.contains("12 more below"), "{normal}");
    insta::assert_snapshot!("intelligence_narrow", text(&draw(&state, &ui, 80, 24)));
    let mut empty = state.clone();
    empty.intelligence.rows.clear();
    empty.intelligence.more = 0;
    empty.intelligence.list.selected = None;
    insta::assert_snapshot!("intelligence_empty", text(&draw(&empty, &ui, 80, 24)));

    // An investigator: the source's words withheld, said so.
    let investigator = intel_state(vec![Role::Investigator]);
    let screen = text(&draw(&investigator, &ui, 120, 30));
    assert!(!screen.contains("flat 4"), "{screen}");
    assert!(screen.contains("⊘ WITHHELD: intelligence roles only"), "{screen}");

    // A code C report: its conditions, and no text until acknowledged.
    let mut code_c = state.clone();
    code_c.intelligence.list.selected = Some("ir2".into());
    let screen = text(&draw(&code_c, &ui, 120, 30));
    assert!(screen.contains(CONDITIONS) && screen.contains("Enter to acknowledge"), "{screen}");
    assert!(!screen.contains("lock-up: seen"), "{screen}");
}

#[test]
fn a_code_c_report_is_read_only_once_its_conditions_are_acknowledged() {
    let ui = fixtures::ui("dark");
    let mut state = intel_state(vec![Role::IntelligenceAnalyst]);
    state.intelligence.list.selected = Some("ir2".into());
    let mut c = Console::new(state);
    c.key(KeyCode::Enter);
    let screen = text(&draw(&c.state, &ui, 120, 30));
    assert!(screen.contains(CONDITIONS) && screen.contains("Acknowledge"), "asked first:\n{screen}");
    c.type_text("no");
    c.key(KeyCode::Enter);
    assert!(
        !c.effects.iter().any(|e| matches!(e.desk::<IntelRead>(), Some(IntelRead::ReadIntel { .. }))),
        "read unacknowledged"
    );
    c.key_with(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
    c.type_text("yes");
    c.key(KeyCode::Enter);
    assert!(
        c.effects.iter().any(
            |e| matches!(e.desk::<IntelRead>(), Some(IntelRead::ReadIntel { id, acknowledge: true }) if id == "ir2")
        ),
        "{:?}",
        c.effects
    );
    let mut read = reports().remove(1);
    if let EventDetails::Intelligence(d) = &mut read.details {
        d.sanitised_text = "Firearm kept at a lock-up: seen at the address most evenings".into();
        d.unsanitised_text = Some("Firearm kept at a lock-up: told by the neighbour at flat 4".into());
    }
    c.act(Action::desk(IntelAnswer::IntelRead { id: "ir2".into(), result: Ok(read) }));
    assert_eq!(c.state.overlay, Overlay::None);
    let screen = text(&draw(&c.state, &ui, 120, 30));
    assert!(screen.contains("(acknowledged)") && screen.contains("lock-up: seen at the address"), "{screen}");
}

#[test]
fn an_evaluation_keeps_the_submitters_grading_unless_changed() {
    let mut c = Console::new(intel_state(vec![Role::IntelligenceAnalyst]));
    c.key(KeyCode::Char('e'));
    let Some(form) = c.state.overlay.get_form::<IntelForm>() else { panic!("no form") };
    assert_eq!((form.value("source"), form.value("intelligence"), form.value("handling")), ("2", "B", "P"));
    // From the conditions (empty) on: priority as it stands, no rationale.
    c.key(KeyCode::Enter).key(KeyCode::Enter).key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "evaluate", "grading": {"scheme": "3x5x2", "source": 2, "intelligence": "B", "handling": "P"}})
    );
    // An investigator is told who evaluates, and no form opens.
    let mut c = Console::new(intel_state(vec![Role::Investigator]));
    c.key(KeyCode::Char('e'));
    assert_eq!(c.state.overlay, Overlay::None);
    assert!(c.state.message.as_ref().is_some_and(|m| m.text.contains("intelligence officer")));
}

#[test]
fn a_dissemination_names_its_recipients_and_acknowledges_code_c_in_the_form() {
    let mut state = intel_state(vec![Role::IntelligenceAnalyst]);
    state.intelligence.list.selected = Some("ir2".into());
    let mut c = Console::new(state);
    c.key(KeyCode::Char('d'));
    c.type_text("Lambeth drugs unit, DS Mills");
    c.key(KeyCode::Enter);
    c.type_text("Briefing for Operation Larch");
    c.key(KeyCode::Enter);
    // The conditions are asked for in the form.
    c.key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none(), "sent unacknowledged");
    let Some(form) = c.state.overlay.get_form::<IntelForm>() else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("acknowledge"));
    c.type_text("yes");
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "disseminate", "recipients": ["Lambeth drugs unit", "DS Mills"],
                           "purpose": "Briefing for Operation Larch"})
    );
    assert!(
        c.effects.iter().any(|e| matches!(e.desk::<IntelRead>(), Some(IntelRead::ReadIntel { acknowledge: true, .. }))),
        "the acknowledgement goes on record: {:?}",
        c.effects
    );
}

#[test]
fn a_profile_lists_intelligence_with_its_status_grading_and_handling() {
    let ui = fixtures::ui("dark");
    let mut state = intel_state(vec![Role::IntelligenceAnalyst]);
    state.pane = PaneId::Profile;
    if let Some(profile) = &mut state.profile.profile {
        let entry = profile.timeline.iter_mut().find(|e| e.kind == EventKind::Intelligence).expect("intelligence");
        entry.withheld = false;
        entry.event = Some(reports().remove(1));
    }
    let screen = text(&draw(&state, &ui, 160, 40));
    assert!(screen.contains("IR/26/0000202"), "{screen}");
    assert!(screen.contains("submitted · graded 2B C · handling C"), "{screen}");
}

#[test]
fn the_queue_is_read_a_page_at_a_time_as_the_operator_scrolls() {
    use crate::api::intelligence::{IntelligenceQueue, IntelligenceQueuePage};
    let mut c = Console::new(intel_state(vec![Role::IntelligenceAnalyst]));
    c.key(KeyCode::End);
    let (seq, after) = c
        .effects
        .iter()
        .find_map(|e| match e.desk::<IntelRead>() {
            Some(IntelRead::IntelQueue { seq, queue: IntelligenceQueue::Evaluation, after, .. }) => {
                Some((*seq, after.clone()))
            }
            _ => None,
        })
        .expect("the next page asked for");
    assert_eq!(after.as_deref(), Some("0|2026-11-25T11:30:00.000000Z|ir2"), "from where the rows loaded end");
    let mut next = reports().remove(2);
    next.id = "ir4".into();
    next.reference = "IR/26/0000204".into();
    let page =
        IntelligenceQueuePage { at: fixtures::now(), items: vec![next], more: 0, more_at_least: false, next: None };
    c.act(Action::desk(IntelAnswer::IntelQueue { seq, append: true, result: Ok(page) }));
    let ids: Vec<&str> = c.state.intelligence.rows.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["ir1", "ir2", "ir3", "ir4"], "added below the rows loaded");
    assert_eq!((c.state.intelligence.next.as_deref(), c.state.intelligence.more), (None, 0));
    assert_eq!(c.state.intelligence.list.selected.as_deref(), Some("ir3"), "the selection stays");
}

/// The last intelligence load asked for: its sequence and the words searched.
fn last_load(c: &Console) -> (u64, Option<String>) {
    c.effects
        .iter()
        .rev()
        .find_map(|e| match e.desk::<IntelRead>() {
            Some(IntelRead::IntelQueue { seq, text, .. }) => Some((*seq, text.clone())),
            _ => None,
        })
        .expect("a load asked for")
}

#[test]
fn typed_words_are_searched_for_by_the_server_in_place_of_the_queue() {
    use crate::api::intelligence::IntelligenceQueuePage;
    let mut c = Console::new(intel_state(vec![Role::Investigator]));
    c.key(KeyCode::Char('/')).type_text("blue golf");
    let (seq, words) = last_load(&c);
    assert_eq!(words.as_deref(), Some("blue golf"), "the server finds them, not the rows loaded");
    let found = reports().remove(2);
    let page = IntelligenceQueuePage {
        at: fixtures::now(),
        items: vec![found.clone()],
        more: 0,
        more_at_least: false,
        next: None,
    };
    c.act(Action::desk(IntelAnswer::IntelQueue { seq, append: false, result: Ok(page) }));
    let ids: Vec<&str> = c.state.intelligence.visible().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, [found.id.as_str()], "the server's answer, as it gave it");
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 160, 40));
    assert!(screen.contains("search (the server's)") && screen.contains("1 found"), "{screen}");
    // Cleared, the queue comes back.
    c.key(KeyCode::Esc);
    assert_eq!(last_load(&c).1, None);
    // :intel WORDS from anywhere asks the same.
    c.key(KeyCode::Char(':')).type_text("intel kestrel flat").key(KeyCode::Enter);
    assert_eq!(last_load(&c).1.as_deref(), Some("kestrel flat"));
}
