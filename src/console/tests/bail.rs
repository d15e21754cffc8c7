//! The bail pane: the bail diary drawn at 80×24 and 160×48, overdue first,
//! read with a reason for the audit when the pane opens, filtered from the
//! palette, the custody record opened from a row, and read again when a
//! custody record changes.

use crossterm::event::KeyCode;

use super::fixtures::{self, t};
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::api::bail::{BailDiary, BailDiaryRow};
use crate::api::Change;
use crate::console::action::{Action, Live};
use crate::console::effect::Effect;
use crate::console::state::{PaneId, State};
use crate::console::update::bail::{BailAnswer, BailRead};
use crate::domain::bail::{Bail, BailAuthority, BailKind, BailStatus};
use crate::domain::event::EventKind;
use crate::domain::person::Flags;

fn row(
    id: &str,
    name: &str,
    kind: BailKind,
    return_at: Option<&str>,
    place: &str,
    conditions: &[&str],
) -> BailDiaryRow {
    let bail = Bail {
        kind,
        status: BailStatus::Running,
        granted_at: t("2026-10-28T18:00:00Z"),
        authority: BailAuthority { by: "ps.khan".into(), role: "custody_sergeant".into() },
        return_at: return_at.map(t),
        return_place: Some(place.into()),
        conditions: Vec::new(),
        limit_on: Some(t("2027-01-26T00:00:00Z").date_naive()),
        extensions: Vec::new(),
        closure: None,
    };
    BailDiaryRow {
        custody_id: id.into(),
        reference: format!("CU/26/{id}"),
        version: 3,
        person_id: Some(format!("p-{id}")),
        person_name: Some(name.into()),
        place: Some(place.into()),
        conditions: conditions.iter().map(|c| c.to_string()).collect(),
        flags: Flags { on_bail: true, ..Flags::default() },
        bail,
    }
}

fn diary() -> BailDiary {
    BailDiary {
        at: fixtures::now(),
        ending_days: 28,
        today: vec![row(
            "0000207",
            "Marcus Bellweather",
            BailKind::PreCharge,
            Some("2026-11-25T18:30:00Z"),
            "Brixton",
            &["To live and sleep at 14 Acre Lane, SW2", "Not to contact Dana Okafor"],
        )],
        overdue: vec![row(
            "0000188",
            "Tobias Wrenfield",
            BailKind::ToCourt,
            Some("2026-11-24T10:00:00Z"),
            "Camberwell Green Magistrates' Court",
            &["Curfew 21:00 to 06:00"],
        )],
        ending: vec![row("0000150", "Priya Nandakumar", BailKind::PreCharge, None, "Lewisham", &[])],
    }
}

/// The bail pane on screen with the diary loaded as the server sent it.
pub(super) fn bail_state() -> State {
    let mut c = Console::new(fixtures::state());
    c.act(Action::Run("bail".into()));
    let seq = read_asked(&c.effects).expect("the diary read when the pane opens");
    c.act(Action::desk(BailAnswer { seq, result: Ok(diary()) }));
    c.state
}

fn read_asked(effects: &[Effect]) -> Option<u64> {
    effects.iter().find_map(|e| e.desk::<BailRead>().map(|r| r.seq))
}

#[test]
fn the_diary_overdue_first_at_both_sizes() {
    let ui = fixtures::ui("dark");
    let state = bail_state();
    assert_eq!(state.pane, PaneId::Bail);
    let small = text(&draw(&state, &ui, 80, 24));
    insta::assert_snapshot!("bail_80x24", small);
    let large = text(&draw(&state, &ui, 160, 48));
    insta::assert_snapshot!("bail_160x48", large);
    let at = |name: &str| large.find(name).unwrap_or_else(|| panic!("{name} missing:\n{large}"));
    assert!(at("Tobias Wrenfield") < at("Marcus Bellweather"), "overdue first:\n{large}");
    assert!(at("Marcus Bellweather") < at("Priya Nandakumar"), "then today, then ending:\n{large}");
    let tobias = large.lines().find(|l| l.contains("Tobias Wrenfield")).unwrap();
    assert!(tobias.contains("✖ OVERDUE") && tobias.contains("overdue 1d 4h"), "{tobias}");
    assert!(tobias.contains("CU/26/0000188") && tobias.contains("ON BAIL"), "{tobias}");
    let priya = large.lines().find(|l| l.contains("Priya Nandakumar")).unwrap();
    assert!(priya.contains("ends 26/01/2027"), "{priya}");
    assert!(large.contains("3 on bail, 1 overdue"), "{large}");
    // The selected person's conditions in full under the list.
    assert!(large.contains("Conditions of Tobias Wrenfield") && large.contains("· Curfew 21:00 to 06:00"), "{large}");
}

#[test]
fn the_palette_filters_and_enter_opens_the_custody_record() {
    let mut c = Console::new(bail_state());
    c.act(Action::Run("bail acre lane".into()));
    let ids: Vec<String> = c.state.bail.visible().iter().map(|l| l.row.custody_id.clone()).collect();
    assert_eq!(ids, ["0000207"], "the conditions match the words");
    c.key(KeyCode::Enter);
    assert!(
        c.effects.iter().any(|e| matches!(e, Effect::OpenRecord { kind: EventKind::Custody, id } if id == "0000207")),
        "{:?}",
        c.effects
    );
}

#[test]
fn a_custody_change_reads_the_diary_again_and_an_older_answer_is_dropped() {
    let mut c = Console::new(bail_state());
    let change = Change {
        seq: 43,
        at: fixtures::now(),
        topic: "custody".into(),
        op: "updated".into(),
        record_id: "0000207".into(),
        version: 4,
        person_ids: Vec::new(),
        private_to: None,
    };
    c.act(Action::Live(Live::Change(change)));
    let seq = read_asked(&c.effects).expect("the diary read again");
    // An answer to the earlier read, arriving late, changes nothing.
    let mut stale = diary();
    stale.overdue.clear();
    c.act(Action::desk(BailAnswer { seq: seq - 1, result: Ok(stale) }));
    assert_eq!(c.state.bail.rows.len(), 3);
    let mut answered = diary();
    answered.today.clear();
    c.act(Action::desk(BailAnswer { seq, result: Ok(answered) }));
    assert_eq!(c.state.bail.rows.len(), 2, "Marcus answered his bail");
}
