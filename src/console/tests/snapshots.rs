//! Every pane drawn into a test terminal, in the normal, stale, empty and
//! narrow states: plain text for the default theme (meaning without
//! colour), text with style runs for the high-contrast theme.

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

use super::fixtures;
use crate::console::render::render;
use crate::console::state::{PaneId, State};
use crate::console::ui::Ui;

pub fn draw(state: &State, ui: &Ui, width: u16, height: u16) -> Buffer {
    let mut state = state.clone();
    state.size = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(&state, ui, frame)).unwrap();
    terminal.backend().buffer().clone()
}

pub fn text(buffer: &Buffer) -> String {
    let width = buffer.area.width as usize;
    let symbols: Vec<&str> = buffer.content.iter().map(|c| c.symbol()).collect();
    symbols.chunks(width).map(|row| row.concat().trim_end().to_string()).collect::<Vec<_>>().join("\n")
}

/// The text, then each row's runs of one style: `row: from-to style`.
pub fn styled(buffer: &Buffer) -> String {
    let mut out = text(buffer);
    out.push_str("\n\n-- styles --");
    let width = buffer.area.width as usize;
    for (y, row) in buffer.content.chunks(width).enumerate() {
        let mut start = 0;
        for x in 1..=row.len() {
            if x == row.len() || row[x].style() != row[start].style() {
                let style = row[start].style();
                if style != ratatui::style::Style::default() {
                    out.push_str(&format!(
                        "\n{y}: {start}-{} {:?} {:?} {:?}",
                        x - 1,
                        style.fg,
                        style.bg,
                        style.add_modifier
                    ));
                }
                start = x;
            }
        }
    }
    out
}

const PANES: [(PaneId, &str); 5] = [
    (PaneId::Lookup, "lookup"),
    (PaneId::Profile, "profile"),
    (PaneId::Board, "board"),
    (PaneId::Warrants, "warrants"),
    (PaneId::Cases, "cases"),
];

fn on(mut state: State, pane: PaneId) -> State {
    state.pane = pane;
    state
}

#[test]
fn panes_normal() {
    let ui = fixtures::ui("dark");
    for (pane, name) in PANES {
        insta::assert_snapshot!(format!("{name}_normal"), text(&draw(&on(fixtures::state(), pane), &ui, 120, 30)));
    }
}

/// Every pane at the three sizes an operator's terminal is likely to be:
/// references uncut, dates with their day or year, `…` where text gives way.
#[test]
fn panes_at_every_size() {
    let ui = fixtures::ui("dark");
    for (width, height) in [(80, 24), (160, 48), (250, 60)] {
        for (pane, name) in PANES {
            let screen = text(&draw(&on(fixtures::state(), pane), &ui, width, height));
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
        }
        let profile = text(&draw(&on(fixtures::state(), PaneId::Profile), &ui, width, height));
        for whole in ["CU/26/0000101", "WT/26/0006281", "08/12/2025 11:58"] {
            assert!(profile.contains(whole), "{width}x{height}: {whole} cut or missing:\n{profile}");
        }
        // The person's flags are never cut: the other columns give way.
        let queue = text(&draw(&on(fixtures::state(), PaneId::Warrants), &ui, width, height));
        let row = queue.lines().find(|l| l.contains("WT/26") || l.contains("HIGH  91")).unwrap_or_default();
        assert!(row.contains("▣ IN CUSTODY"), "{width}x{height}: IN CUSTODY cut:\n{queue}");
        let board = text(&draw(&on(fixtures::state(), PaneId::Board), &ui, width, height));
        assert!(
            board.contains("overdue") || board.contains("in "),
            "{width}x{height}: due times say how long:\n{board}"
        );
    }
}

#[test]
fn panes_narrow() {
    let ui = fixtures::ui("dark");
    for (pane, name) in PANES {
        insta::assert_snapshot!(format!("{name}_narrow"), text(&draw(&on(fixtures::state(), pane), &ui, 80, 24)));
    }
}

#[test]
fn panes_stale() {
    let ui = fixtures::ui("dark");
    for (pane, name) in PANES {
        insta::assert_snapshot!(format!("{name}_stale"), text(&draw(&on(fixtures::stale(), pane), &ui, 80, 24)));
    }
}

#[test]
fn panes_empty() {
    let ui = fixtures::ui("dark");
    for (pane, name) in PANES {
        insta::assert_snapshot!(format!("{name}_empty"), text(&draw(&on(fixtures::empty(), pane), &ui, 80, 24)));
    }
}

#[test]
fn panes_high_contrast() {
    let ui = fixtures::ui("high-contrast");
    for (pane, name) in PANES {
        insta::assert_snapshot!(
            format!("{name}_high_contrast"),
            styled(&draw(&on(fixtures::state(), pane), &ui, 80, 24))
        );
    }
}

#[test]
fn the_board_one_hour_later() {
    // The same detentions an hour on: more is overdue, clocks have moved.
    let ui = fixtures::ui("dark");
    let mut state = on(fixtures::state(), PaneId::Board);
    state.now += chrono::Duration::hours(1);
    state.live.updated_at = Some(state.now);
    insta::assert_snapshot!("board_overdue", text(&draw(&state, &ui, 80, 24)));
}

#[test]
fn dialogs_and_screens() {
    let ui = fixtures::ui("dark");
    let mut state = on(fixtures::state(), PaneId::Board);
    state.overlay = crate::console::state::Overlay::Help;
    insta::assert_snapshot!("help_board", text(&draw(&state, &ui, 80, 30)));

    let mut state = on(fixtures::state(), PaneId::Lookup);
    state.overlay = crate::console::state::Overlay::Reason(crate::console::state::ReasonPrompt {
        person_id: "p-smith".into(),
        name: "John SMITH".into(),
        input: String::new(),
        entity: None,
        pick: None,
    });
    insta::assert_snapshot!("reason_prompt", text(&draw(&state, &ui, 80, 24)));

    let mut state = fixtures::state();
    state.screen = crate::console::state::Screen::Login;
    state.login.username = "ps.khan".into();
    state.login.password = "secret".into();
    state.login.field = crate::console::state::LoginField::Password;
    state.login.notice = Some("Your session has expired: log in again.".into());
    insta::assert_snapshot!("login", text(&draw(&state, &ui, 80, 24)));

    let mut state = on(fixtures::state(), PaneId::Board);
    let record = crate::api::EventRecord::bare(fixtures::detainees().remove(1));
    state.event = Some(crate::console::state::EventView::new(record, PaneId::Board));
    state.pane = PaneId::Event;
    insta::assert_snapshot!("event_custody", text(&draw(&state, &ui, 80, 40)));

    insta::assert_snapshot!("too_small", text(&draw(&fixtures::state(), &ui, 79, 24)));
}

#[test]
fn mono_theme_keeps_the_meaning() {
    // With NO_COLOR's theme the words and symbols are all still there.
    let mono = fixtures::ui("mono");
    let dark = fixtures::ui("dark");
    let state = on(fixtures::state(), PaneId::Board);
    assert_eq!(text(&draw(&state, &mono, 80, 24)), text(&draw(&state, &dark, 80, 24)));
}

#[test]
fn no_size_and_no_pane_panics() {
    let ui = fixtures::ui("dark");
    for state in [fixtures::state(), fixtures::stale(), fixtures::empty()] {
        for pane in [PaneId::Lookup, PaneId::Profile, PaneId::Board, PaneId::Warrants, PaneId::Cases] {
            for (width, height) in [(1, 1), (10, 3), (79, 24), (80, 23), (80, 24), (81, 25), (200, 60), (400, 10)] {
                draw(&on(state.clone(), pane), &ui, width, height);
            }
        }
    }
}

#[test]
fn help_comes_from_the_active_keymap() {
    let ui = Ui::new(
        crate::console::theme::Theme::builtin("dark").unwrap(),
        crate::console::keymap::Keymap::builtin("vim").unwrap(),
        true,
    );
    let mut state = on(fixtures::state(), PaneId::Board);
    state.overlay = crate::console::state::Overlay::Help;
    let screen = text(&draw(&state, &ui, 80, 24));
    assert!(screen.contains("g g home  Go to the first row"), "{screen}");
    insta::assert_snapshot!("help_board_vim", screen);
}

#[test]
fn a_bad_user_keymap_stops_the_start_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keymap.toml"), "[board]\nv = \"record_visit\"\nx = \"vanish\"\n").unwrap();
    let options = crate::console::ConsoleOptions { server: "http://x".into(), ..Default::default() };
    let error = crate::console::load_ui(&options, Some(dir.path())).err().unwrap().to_string();
    let path = dir.path().join("keymap.toml").display().to_string();
    assert!(error.starts_with(&format!("{path}:3:5: unknown action 'vanish'")), "{error}");
    std::fs::write(dir.path().join("keymap.toml"), "").unwrap();
    std::fs::write(dir.path().join("config.toml"), "theme = \"sepia\"\n").unwrap();
    let error = crate::console::load_ui(&options, Some(dir.path())).err().unwrap().to_string();
    assert!(error.contains("no theme named 'sepia'"), "{error}");
}

// ---- custody board forms ----

#[test]
fn custody_forms_on_the_board() {
    use crate::console::action::{Action, Edit};
    use crate::console::update::{board, update};
    let ui = fixtures::ui("dark");
    let type_in = |state: &mut State, text: &str| {
        for c in text.chars() {
            update(state, Action::Edit(Edit::Insert(c)));
        }
    };

    let mut state = on(fixtures::state(), PaneId::Board);
    update(&mut state, Action::Command(board::RECORD_REVIEW));
    type_in(&mut state, "Detention continues: interview pending");
    insta::assert_snapshot!("form_review", text(&draw(&state, &ui, 80, 24)));

    // A visit at level 2 asks whether the detainee was roused.
    let mut state = on(fixtures::state(), PaneId::Board);
    update(&mut state, Action::Command(board::RECORD_VISIT));
    type_in(&mut state, "y");
    update(&mut state, Action::Pick(1));
    type_in(&mut state, "1");
    update(&mut state, Action::Pick(1));
    type_in(&mut state, "Talking to the detention officer");
    insta::assert_snapshot!("form_visit", text(&draw(&state, &ui, 80, 24)));

    // Refused by the server: the input stays, the named input is marked.
    let mut state = on(fixtures::state(), PaneId::Board);
    update(&mut state, Action::Command(board::MOVE_CELL));
    type_in(&mut state, "C9");
    update(&mut state, Action::Pick(1));
    type_in(&mut state, "Ligature point in C2");
    let effects = update(&mut state, Action::Submit);
    assert!(matches!(effects.last(), Some(crate::console::effect::Effect::Save { .. })), "no save");
    let save = super::harness::last_save(&effects).unwrap();
    insta::assert_snapshot!("form_cell_move_saving", text(&draw(&state, &ui, 80, 24)));
    let refusal = crate::client::ClientError::Api {
        status: 422,
        code: "invalid".into(),
        message: "cell C9 is out of use".into(),
        field: Some("action.cell".into()),
    };
    update(&mut state, save.answer(Err(refusal)));
    insta::assert_snapshot!("form_cell_move_refused", text(&draw(&state, &ui, 80, 24)));
    insta::assert_snapshot!("form_cell_move_refused_wide", text(&draw(&state, &ui, 120, 30)));
    insta::assert_snapshot!(
        "form_cell_move_refused_high_contrast",
        styled(&draw(&state, &fixtures::ui("high-contrast"), 80, 24))
    );
}

#[test]
fn detention_carried_from_before_bail_shows_beside_its_start_on_the_board() {
    use crate::domain::custody::CarriedDetention;
    use crate::domain::event::{EventDetails, EventKind};
    use crate::domain::link::LinkedRecord;
    let ui = fixtures::ui("dark");
    let mut state = on(fixtures::state(), PaneId::Board);
    let plain = text(&draw(&state, &ui, 160, 48));
    let begum = state.board.rows.items.iter_mut().find(|e| e.id == "cu2").unwrap();
    let EventDetails::Custody(d) = &mut begum.details else { panic!("cu2 is custody") };
    let from = LinkedRecord { kind: EventKind::Custody, id: "cu0".into(), reference: "CU/26/0000090".into() };
    d.carried = Some(CarriedDetention { from, seconds: 6 * 3600 + 600 });
    let carried = text(&draw(&state, &ui, 160, 48));
    let row = |screen: &str| screen.lines().find(|l| l.contains("BEGUM")).unwrap().to_string();
    assert!(row(&carried).contains("carried 6h 10m from CU/26/0000090"), "{carried}");
    assert!(!row(&plain).contains("carried"), "{plain}");
    // The clock counts the time carried: 6 h 10 m less left than without it.
    assert_ne!(row(&plain), row(&carried));
    assert!(row(&plain).contains("20:00:00") && row(&carried).contains("13:50:00"), "{plain}\n{carried}");
}

#[test]
fn help_at_80x24_wraps_its_lines_and_turns_its_pages() {
    use crossterm::event::KeyCode;
    let ui = fixtures::ui("dark");
    let mut c = super::harness::Console::new(on(fixtures::state(), PaneId::Warrants));
    c.key(KeyCode::Char('?'));
    let first = text(&draw(&c.state, &ui, 80, 24));
    insta::assert_snapshot!("help_warrants_80x24_page_1", first);
    c.key(KeyCode::Down);
    let second = text(&draw(&c.state, &ui, 80, 24));
    insta::assert_snapshot!("help_warrants_80x24_page_2", second);
    assert!(first.contains("page 1 of 2") && second.contains("page 2 of 2"), "{first}\n{second}");
    // Every description is there whole, across its lines and pages.
    let words = |screen: &str| -> String {
        screen.lines().map(|l| l.replace(['│', '┌', '┐', '└', '┘', '─'], " ")).collect::<Vec<_>>().join(" ")
    };
    let all: String = [words(&first), words(&second)].join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
    for doc in ["Open the wanted person's profile", "Quit (asks if unsaved)", "Quit at once", ":quit"] {
        assert!(all.contains(doc), "{doc} cut or missing:\n{first}\n{second}");
    }
    // Round from the last page to the first; any other key closes.
    c.key(KeyCode::Down);
    assert!(text(&draw(&c.state, &ui, 80, 24)).contains("page 1 of 2"));
    c.key(KeyCode::Up);
    assert!(text(&draw(&c.state, &ui, 80, 24)).contains("page 2 of 2"));
    c.key(KeyCode::Char('x'));
    assert_eq!(c.state.overlay, crate::console::state::Overlay::None);
    // Opened again, from its first page.
    c.key(KeyCode::Char('?'));
    assert!(text(&draw(&c.state, &ui, 80, 24)).contains("page 1 of 2"));
}
