//! The case status pane keeps watch: a remanded defendant's custody time
//! limit shown with the days it has left, flagged with symbol and word
//! once within the server's warning days and as an alarm once expired
//! (those cases first); and the hearings today and tomorrow, court by
//! court, one key away.

use crossterm::event::KeyCode;

use super::fixtures::{self, t};
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::api::cases::CtlWatch;
use crate::console::action::Action;
use crate::console::ctl_view;
use crate::console::effect::Effect;
use crate::console::state::{CaseView, PaneId, State};
use crate::console::update::cases::{CtlWatchAnswer, CtlWatchRead};
use crate::domain::ctl_watch::CtlStanding;
use crate::domain::event::{Event, EventDetails, Hearing};

/// A copy of the first fixture case as `id`/`urn`, its defendant remanded
/// in custody at a first hearing held on `remanded`, with one more hearing
/// listed at `next` in `court`.
fn remanded(id: &str, urn: &str, remanded: &str, next: (&str, &str)) -> Event {
    let mut event = fixtures::cases()[0].clone();
    event.id = id.into();
    event.reference = urn.into();
    let EventDetails::Case(d) = &mut event.details else { unreachable!("the fixture is a case") };
    d.hearings = vec![
        Hearing {
            court: "Camberwell Green MC".into(),
            date: t(remanded),
            hearing_type: "first_hearing".into(),
            remanded_in_custody: true,
            outcome: Some("remanded in custody".into()),
        },
        Hearing {
            court: next.0.into(),
            date: t(next.1),
            hearing_type: "pre_trial".into(),
            remanded_in_custody: false,
            outcome: None,
        },
    ];
    d.file_due = None;
    event
}

/// The fixture's cases and three remands, seen on 25/11/2026: one whose
/// 56 days end in 20 days (due within 28), one that ended 10 days ago and
/// one with 51 days left.
fn watched() -> State {
    let mut state = fixtures::state();
    state.pane = PaneId::Cases;
    state.cases.rows.items.extend([
        remanded("cs4", "01YE4444426", "2026-10-20T10:00:00Z", ("Camberwell Green MC", "2026-11-25T15:30:00Z")),
        remanded("cs5", "01YE5555526", "2026-09-20T10:00:00Z", ("Highbury Corner MC", "2026-11-26T10:00:00Z")),
        remanded("cs6", "01YE6666626", "2026-11-20T10:00:00Z", ("Camberwell Green MC", "2026-11-26T09:30:00Z")),
    ]);
    state.cases.ctl_warning_days = Some(28);
    state
}

fn standing(state: &State, id: &str) -> CtlStanding {
    let event = state.cases.rows.items.iter().find(|e| e.id == id).unwrap();
    let EventDetails::Case(d) = &event.details else { unreachable!() };
    ctl_view::ctl_standing(d, state)
}

#[test]
fn limits_are_flagged_within_the_servers_warning_days_and_expired_ones_first() {
    let state = watched();
    assert_eq!(standing(&state, "cs4"), CtlStanding::Due);
    assert_eq!(standing(&state, "cs5"), CtlStanding::Expired);
    assert_eq!(standing(&state, "cs6"), CtlStanding::Running);
    assert_eq!(standing(&state, "cs1"), CtlStanding::Running, "no remand, no limit");
    let screen = text(&draw(&state, &fixtures::ui("dark"), 120, 30));
    insta::assert_snapshot!("cases_ctl_watch", screen);
    let order: Vec<&str> = ["01YE5555526", "01YE4444426", "01YE1234526"]
        .into_iter()
        .map(|urn| screen.find(urn).map(|_| urn).unwrap())
        .collect();
    let at = |urn: &str| screen.find(urn).unwrap();
    assert!(at(order[0]) < at(order[1]) && at(order[1]) < at(order[2]), "expired, due, then overdue:\n{screen}");
    assert!(screen.contains("✖ EXPIRED 10d ago") && screen.contains("▲ DUE 20d left"), "{screen}");
    assert!(screen.contains("51d left"), "{screen}");
    assert!(screen.contains("6 cases, ✖ 1 CTL EXPIRED, ▲ 1 CTL DUE (≤28d), 1 file(s) overdue"), "{screen}");

    // The warning is the force's: at 10 days the 20 left are not yet due.
    let mut state = watched();
    state.cases.ctl_warning_days = Some(10);
    assert_eq!(standing(&state, "cs4"), CtlStanding::Running);
    // Before the server's warning is read, only the expired limit is flagged.
    state.cases.ctl_warning_days = None;
    assert_eq!(standing(&state, "cs4"), CtlStanding::Running);
    assert_eq!(standing(&state, "cs5"), CtlStanding::Expired);
}

#[test]
fn the_warning_days_are_read_from_the_server_with_the_list() {
    let mut state = fixtures::empty();
    state.pane = PaneId::Cases;
    state.cases.rows.loaded = false;
    let mut console = Console::new(state);
    console.key(KeyCode::F(5));
    assert!(
        console.effects.iter().any(|e| matches!(e.desk::<CtlWatchRead>(), Some(CtlWatchRead))),
        "{:?}",
        console.effects
    );
    let watch = CtlWatch { at: fixtures::now(), warning_days: 14, cases: Vec::new() };
    console.act(Action::desk(CtlWatchAnswer(Ok(watch))));
    assert_eq!(console.state.cases.ctl_warning_days, Some(14));
}

#[test]
fn hearings_today_and_tomorrow_are_a_view_of_the_pane_court_by_court() {
    let mut console = Console::new(watched());
    console.state.cases.rows.list.selected = Some("cs5".into());
    console.key(KeyCode::Char('v'));
    assert_eq!(console.state.cases.view, CaseView::Hearings);
    assert!(
        console.state.cases.rows.list.selected.as_deref().is_some_and(|id| id.starts_with("cs5@")),
        "the selected case's hearing stays selected: {:?}",
        console.state.cases.rows.list.selected
    );
    let screen = text(&draw(&console.state, &fixtures::ui("dark"), 120, 30));
    insta::assert_snapshot!("cases_hearings", screen);
    assert!(screen.contains("3 hearing(s) today and tomorrow at 2 court(s)"), "{screen}");
    assert!(screen.contains("15:30") && screen.contains("tomorrow 09:30"), "{screen}");
    assert!(!screen.contains("01YE1234526"), "a hearing next week is not listed:\n{screen}");
    // Camberwell's two hearings under its name once, before Highbury's.
    assert_eq!(screen.matches("Camberwell Green MC").count(), 1, "{screen}");
    assert!(screen.find("01YE4444426").unwrap() < screen.find("01YE6666626").unwrap(), "{screen}");
    assert!(screen.find("01YE6666626").unwrap() < screen.find("01YE5555526").unwrap(), "{screen}");
    console.key(KeyCode::Enter);
    assert_eq!(console.state.pane, PaneId::Event, "Enter opens the case");
    console.key(KeyCode::Esc);
    console.key(KeyCode::Char('v'));
    assert_eq!(console.state.cases.view, CaseView::Cases);
    assert_eq!(console.state.cases.rows.list.selected.as_deref(), Some("cs5"));
}

/// A defendant's flags are kept live: a change naming them (their bench
/// warrant circulated) asks for the cases again, whose answer brings the
/// flags, and the row shows WANTED without a refresh; a change naming no
/// defendant asks nothing, and one during a load asks again once it lands.
#[test]
fn a_defendants_flags_follow_them_onto_the_cases_pane() {
    use crate::api::{Change, EventPage};
    use crate::console::action::Live;
    use crate::console::update::cases::LIST;
    use crate::domain::person::Flags;
    let change = |person: &str| Change {
        seq: 9,
        at: fixtures::now(),
        topic: "warrants".into(),
        op: "updated".into(),
        record_id: "wt9".into(),
        version: 3,
        person_ids: vec![person.into()],
        private_to: None,
    };
    let loads = |c: &Console| c.effects.iter().filter(|e| matches!(e, Effect::LoadList(l) if *l == LIST)).count();
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Cases;
    c.act(Action::Live(Live::Change(change("p-nobody"))));
    assert_eq!(loads(&c), 0, "{:?}", c.effects);
    c.act(Action::Live(Live::Change(change("p-brown"))));
    assert_eq!(loads(&c), 1, "{:?}", c.effects);
    // A second change while that load is on its way: asked again when it lands.
    c.act(Action::Live(Live::Change(change("p-brown"))));
    assert_eq!(loads(&c), 1, "{:?}", c.effects);
    c.effects.clear();
    let wanted = Flags { wanted: true, ..Flags::default() };
    let mut page = EventPage { items: fixtures::cases(), ..Default::default() };
    page.names.insert("p-brown".into(), "Kyle BROWN".into());
    page.flags.insert("p-brown".into(), wanted);
    c.act(Action::ListLoaded { list: LIST, result: Ok(page.clone()) });
    assert_eq!(loads(&c), 1, "the change during the load asks again: {:?}", c.effects);
    c.act(Action::ListLoaded { list: LIST, result: Ok(page) });
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 140, 30));
    let row = screen.lines().find(|l| l.contains(&fixtures::cases()[0].reference)).unwrap_or_default();
    assert!(row.contains("WANTED"), "{screen}");
    // Narrow, a long name is cut before a flag is.
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 80, 24));
    let row = screen.lines().find(|l| l.contains("01YE12345")).unwrap_or_default();
    assert!(row.contains("⚑ WANTED"), "{screen}");
}

#[test]
fn a_key_steps_through_the_sort_keys_and_the_title_says_which() {
    let ui = fixtures::ui("dark");
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Cases;
    let order = |c: &Console| -> Vec<String> {
        crate::console::views::case_rows(&c.state).iter().map(|(e, _)| e.reference.clone()).collect()
    };
    let screen = text(&draw(&c.state, &ui, 120, 30));
    assert!(screen.contains("Case status — sorted by urgency"), "{screen}");
    c.state.cases.rows.list.selected = Some("cs3".into());
    let mut seen = Vec::new();
    for _ in 0..4 {
        c.key(KeyCode::Char('S'));
        let screen = text(&draw(&c.state, &ui, 120, 30));
        let title = screen.lines().find(|l| l.contains("sorted by")).unwrap_or_default().to_string();
        seen.push((c.state.cases.sort.label(), order(&c)));
        assert!(title.contains(&format!("sorted by {}", c.state.cases.sort.label())), "{screen}");
        assert_eq!(c.state.cases.rows.list.selected.as_deref(), Some("cs3"), "the selection stays on its case");
    }
    let by = |label: &str| seen.iter().find(|(l, _)| *l == label).map(|(_, o)| o.clone()).unwrap();
    assert_eq!(by("URN"), vec!["01YE1234526", "01YE2222226", "01YE3333326"]);
    // The case with no hearing comes last by next hearing; by file due the earliest first.
    assert_eq!(by("next hearing").last().map(String::as_str), Some("01YE2222226"));
    assert_eq!(by("file due"), vec!["01YE1234526", "01YE2222226", "01YE3333326"]);
    assert_eq!(by("officer in case")[0], "01YE2222226", "DC Ames before DC Shah");
    c.key(KeyCode::Char('S'));
    assert_eq!(c.state.cases.sort, crate::console::state::CaseSort::Urgency, "round to the first again");
}
