//! Record views as a person reads them: labelled sections, codes in words,
//! each status once, the custody log one line per entry with the whole
//! entry on Enter, and scrolling that stops at the last line; drawn at the
//! three sizes an operator's terminal is likely to be.

use crossterm::event::KeyCode;

use super::fixtures::{self, t};
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::console::state::{EventView, PaneId, State};
use crate::domain::event::{CustodyEntry, Event, EventDetails, WarrantClosure, WarrantStatus};

const SIZES: [(u16, u16); 3] = [(80, 24), (160, 48), (250, 60)];

fn entry(at: &str, by: &str, kind: &str, text: &str) -> CustodyEntry {
    CustodyEntry { at: t(at), by: by.into(), kind: kind.into(), text: text.into() }
}

/// Aisha Begum's detention with a log long enough to scroll at 80×24.
fn custody_record() -> Event {
    let mut event = fixtures::detainees().remove(1);
    let EventDetails::Custody(d) = &mut event.details else { panic!("cu2 is custody") };
    d.entries = vec![
        entry("2026-11-25T10:05:00Z", "PS 4410 Khan", "booked_in", "Booked in from Brixton Road"),
        entry(
            "2026-11-25T10:10:00Z",
            "PS 4410 Khan",
            "authorisation",
            "Detention authorised: to secure evidence by questioning",
        ),
        entry(
            "2026-11-25T10:12:00Z",
            "PS 4410 Khan",
            "risk_assessment",
            "Level 2, roused every 30 minutes. Says she drank a bottle of wine before the arrest; no injuries seen; \
             asked for her inhaler, which is in her property and was given to the nurse.\nNurse to see her at 11:00.",
        ),
        entry("2026-11-25T10:15:00Z", "PS 4410 Khan", "rights", "Rights given: solicitor, someone informed, codes"),
        entry("2026-11-25T11:00:00Z", "Nurse Patel", "note", "Seen by the nurse; fit to detain and interview"),
        entry("2026-11-25T12:20:00Z", "DO 77 Grant", "visit", "Roused, responded, asked for water"),
        entry("2026-11-25T12:50:00Z", "DO 77 Grant", "visit", "Roused, responded"),
        entry("2026-11-25T13:20:00Z", "DO 77 Grant", "visit", "Roused, responded, asleep again"),
    ];
    event
}

fn warrant_record() -> Event {
    let mut event = fixtures::warrants().remove(0);
    let EventDetails::Warrant(d) = &mut event.details else { panic!("wt1 is a warrant") };
    d.status = WarrantStatus::Withdrawn;
    event.status = "withdrawn".into();
    d.closure = Some(WarrantClosure {
        at: t("2026-11-25T12:00:00Z"),
        by: "PS 9 Dunn".into(),
        reason: "Court recalled the warrant: the defendant surrendered to Highbury Corner".into(),
    });
    event
}

fn crime_record() -> Event {
    let profile = fixtures::profile();
    let crime = profile.timeline.iter().filter_map(|t| t.event.clone()).find(|e| e.id == "cr2");
    crime.expect("the profile's crime")
}

/// The names the fixtures' people go by, as a record's read brings them.
const NAMES: [(&str, &str); 4] =
    [("p-brown", "Kyle BROWN"), ("p-jones", "Sara JONES"), ("p-price", "Dean PRICE"), ("p-begum", "Aisha BEGUM")];

/// `event` opened as the server answers its read: with its people's names.
fn read(event: Event) -> crate::api::EventRecord {
    let mut record = crate::api::EventRecord::bare(event);
    for p in &record.event.people {
        if let Some((_, name)) = NAMES.iter().find(|(id, _)| *id == p.person_id) {
            record.names.insert(p.person_id.clone(), name.to_string());
        }
    }
    record
}

fn viewing(event: Event) -> State {
    let mut state = fixtures::state();
    state.event = Some(EventView::new(read(event), PaneId::Board));
    state.pane = PaneId::Event;
    state
}

#[test]
fn record_views_at_every_size() {
    let ui = fixtures::ui("dark");
    let records = [
        ("custody", custody_record()),
        ("warrant", warrant_record()),
        ("case", fixtures::cases().remove(2)),
        ("event", crime_record()),
    ];
    for (name, record) in records {
        for (width, height) in SIZES {
            let screen = text(&draw(&viewing(record.clone()), &ui, width, height));
            insta::assert_snapshot!(format!("record_{name}_{width}x{height}"), screen);
            assert_eq!(screen.matches("Status").count(), 1, "{name} {width}x{height}: status once:\n{screen}");
            assert!(!screen.contains('_'), "{name} {width}x{height}: a code not in words:\n{screen}");
            assert!(!screen.contains("(name "), "{name} {width}x{height}: a person unnamed:\n{screen}");
        }
    }
}

#[test]
fn a_case_names_its_defendant_from_its_own_read() {
    let ui = fixtures::ui("dark");
    let case = fixtures::cases().remove(2);
    let state = viewing(case.clone());
    assert!(!state.names.contains_key("p-price"), "no list has named the defendant");
    let screen = text(&draw(&state, &ui, 160, 48));
    assert!(screen.contains("Dean PRICE"), "{screen}");
    // A read that names no one (a role not told of people) says so, not "not loaded".
    let mut state = fixtures::state();
    state.event = Some(EventView::new(crate::api::EventRecord::bare(case), PaneId::Cases));
    state.pane = PaneId::Event;
    let screen = text(&draw(&state, &ui, 160, 48));
    assert!(screen.contains("(name withheld)") && !screen.contains("not loaded"), "{screen}");
}

#[test]
fn a_case_opened_from_a_list_names_its_defendant_when_its_read_arrives() {
    let ui = fixtures::ui("dark");
    let case = fixtures::cases().remove(2);
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Cases;
    let effects = crate::console::update::event::show(&mut c.state, case.clone());
    assert!(!effects.is_empty(), "the record is read again");
    // Until the read is in, the view says the name is coming, not that it is withheld.
    let screen = text(&draw(&c.state, &ui, 160, 48));
    assert!(screen.contains("(reading the name…)") && !screen.contains("withheld"), "{screen}");
    c.act(crate::console::action::Action::EventLoaded(Ok(read(case))));
    let screen = text(&draw(&c.state, &ui, 160, 48));
    assert!(screen.contains("Dean PRICE") && !screen.contains("(reading"), "{screen}");
}

#[test]
fn a_read_that_fails_says_the_name_is_not_coming() {
    let ui = fixtures::ui("dark");
    let case = fixtures::cases().remove(2);
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Cases;
    crate::console::update::event::show(&mut c.state, case.clone());
    let refused = crate::client::ClientError::Network("connection refused".into());
    c.act(crate::console::action::Action::EventLoaded(Err(refused)));
    let screen = text(&draw(&c.state, &ui, 160, 48));
    assert!(screen.contains("(name not read: the record could not be read)"), "{screen}");
    assert!(!screen.contains("(reading the name"), "no longer said to be on its way:\n{screen}");
    // Read again, it names them.
    c.act(crate::console::action::Action::EventLoaded(Ok(read(case))));
    let screen = text(&draw(&c.state, &ui, 160, 48));
    assert!(screen.contains("Dean PRICE") && !screen.contains("not read"), "{screen}");
}

#[test]
fn codes_read_in_the_wording_tables_words() {
    let ui = fixtures::ui("dark");
    let case = text(&draw(&viewing(fixtures::cases().remove(2)), &ui, 160, 48));
    assert!(case.contains("CPS: full code test met") && case.contains("Trial listed"), "{case}");
    let warrant = text(&draw(&viewing(warrant_record()), &ui, 160, 48));
    assert!(warrant.contains("Bench warrant") && warrant.contains("Wanted person"), "{warrant}");
    let custody = text(&draw(&viewing(custody_record()), &ui, 250, 60));
    assert!(custody.contains("Risk assessment") && custody.contains("Cell visit"), "{custody}");
}

#[test]
fn the_log_is_one_line_an_entry_and_enter_shows_one_whole() {
    let ui = fixtures::ui("dark");
    let mut c = Console::new(viewing(custody_record()));
    c.state.size = (160, 48);
    let screen = text(&draw(&c.state, &ui, 160, 48));
    assert!(screen.contains("Custody log (8 entries, oldest first)"), "{screen}");
    assert!(!screen.contains("Nurse to see her"), "the long entry in one line:\n{screen}");
    let risk = screen.lines().find(|l| l.contains("Risk assessment")).unwrap();
    assert!(risk.trim_end_matches('│').trim_end().ends_with('…'), "cut with …: {risk}");
    // Down reaches the log (in sight at this size) and chooses entries.
    c.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Down);
    assert_eq!(c.state.event.as_ref().unwrap().entry, Some(2));
    c.key(KeyCode::Enter);
    let screen = text(&draw(&c.state, &ui, 160, 48));
    assert!(screen.contains("Nurse to see her at 11:00."), "Enter shows it whole:\n{screen}");
    assert!(screen.contains("▶"), "the chosen entry is marked:\n{screen}");
    c.key(KeyCode::Enter);
    let screen = text(&draw(&c.state, &ui, 160, 48));
    assert!(!screen.contains("Nurse to see her"), "Enter again folds it:\n{screen}");
}

#[test]
fn end_shows_the_last_lines_never_a_blank_view() {
    let ui = fixtures::ui("dark");
    for (width, height) in SIZES {
        let mut c = Console::new(viewing(custody_record()));
        c.state.size = (width, height);
        c.key(KeyCode::End);
        let screen = text(&draw(&c.state, &ui, width, height));
        let rows: Vec<&str> = screen.lines().collect();
        // The log's last entry is in sight, and below it only what is left
        // of a view the record does not fill.
        let last = rows.iter().position(|r| r.contains("asleep again"));
        let last = last.unwrap_or_else(|| panic!("{width}x{height}: End shows the end:\n{screen}"));
        let blank = |r: &&str| r.trim_matches(|c| c == '│' || c == ' ').is_empty();
        assert!(rows[last + 1..rows.len() - 2].iter().all(blank), "{width}x{height}:\n{screen}");
        if height == 24 {
            assert_eq!(last, rows.len() - 3, "a view the record overfills ends on its last line:\n{screen}");
        }
        // Up from the end moves at once (the position was not left past the end).
        c.key(KeyCode::PageUp);
        let after = text(&draw(&c.state, &ui, width, height));
        if height == 24 {
            assert_ne!(after, screen, "{width}x{height}: PageUp after End moves");
        }
        c.key(KeyCode::Home);
        let top = text(&draw(&c.state, &ui, width, height));
        assert!(top.contains("Record") && top.contains("Status"), "{top}");
    }
}

#[test]
fn arrows_scroll_to_the_log_then_choose_its_entries() {
    let mut c = Console::new(viewing(custody_record()));
    c.state.size = (80, 24);
    // The log is below the fold at 80×24: Down scrolls first.
    c.key(KeyCode::Down);
    let view = c.state.event.as_ref().unwrap();
    assert_eq!((view.scroll, view.entry), (1, None));
    for _ in 0..40 {
        c.key(KeyCode::Down);
    }
    let view = c.state.event.as_ref().unwrap();
    assert_eq!(view.entry, Some(7), "the last entry chosen");
    let scroll = view.scroll;
    c.key(KeyCode::Down);
    assert_eq!(c.state.event.as_ref().unwrap().scroll, scroll, "the view stops at its last line");
    c.key(KeyCode::Up);
    assert_eq!(c.state.event.as_ref().unwrap().entry, Some(6));
}
