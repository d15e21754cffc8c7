//! `S` on the crime, safeguarding and ASB queues (`o` on the intelligence
//! queues, where `S` submits a draft) steps through the server's orders,
//! newest then oldest first: the queue is asked for again from its top in
//! the new order and the title says which. On the bail diary, read whole,
//! `S` orders the rows in the console and keeps the selection on its person.

use crossterm::event::KeyCode;

use super::asb::asb_state;
use super::bail::bail_state;
use super::crimes::crimes_state;
use super::fixtures;
use super::harness::Console;
use super::intelligence::intel_state;
use super::safeguarding::{awaiting, sg_state};
use super::snapshots::{draw, text};
use crate::api::crimes::CrimeQueue;
use crate::api::intelligence::IntelligenceQueue;
use crate::api::list_sort::ListSort;
use crate::api::safeguarding::SafeguardingQueue;
use crate::console::effect::Effect;
use crate::console::state::bail::BailSort;
use crate::console::state::State;
use crate::console::update::asb_reads::AsbRead;
use crate::console::update::crime_reads::CrimeRead;
use crate::console::update::intel_reads::IntelRead;
use crate::console::update::safeguarding_reads::SafeguardingRead;
use crate::domain::role::Role;

fn title(state: &State) -> String {
    let screen = text(&draw(state, &fixtures::ui("dark"), 160, 40));
    screen.lines().find(|l| l.contains('─')).unwrap_or_default().to_string()
}

/// The order the last first-page read asked for, if one was asked.
fn asked(effects: &[Effect]) -> Option<Option<ListSort>> {
    effects.iter().rev().find_map(|e| {
        if let Some(CrimeRead::CrimeQueue { query, append: false, .. }) = e.desk::<CrimeRead>() {
            return Some(query.sort);
        }
        if let Some(SafeguardingRead::SafeguardingQueue { query, append: false, .. }) = e.desk::<SafeguardingRead>() {
            return Some(query.sort);
        }
        if let Some(AsbRead::AsbCases { query, append: false, .. }) = e.desk::<AsbRead>() {
            return Some(query.sort);
        }
        if let Some(IntelRead::IntelQueue { sort, after: None, .. }) = e.desk::<IntelRead>() {
            return Some(*sort);
        }
        None
    })
}

/// `key` twice: oldest first, asked of the server from the top with no
/// rows of the old order left, then back to newest (the default, unsent).
fn steps(state: State, key: char, sort: impl Fn(&State) -> ListSort, rows: impl Fn(&State) -> usize) {
    let mut c = Console::new(state);
    assert!(title(&c.state).contains("· newest first"), "{}", title(&c.state));
    c.effects.clear();
    c.key(KeyCode::Char(key));
    assert_eq!(sort(&c.state), ListSort::Oldest);
    assert_eq!(asked(&c.effects), Some(Some(ListSort::Oldest)), "the queue read again oldest first");
    assert_eq!(rows(&c.state), 0, "the rows of the old order are not shown as the new");
    assert!(title(&c.state).contains("· oldest first"), "{}", title(&c.state));
    c.effects.clear();
    c.key(KeyCode::Char(key));
    assert_eq!(sort(&c.state), ListSort::Newest, "round to the default");
    assert_eq!(asked(&c.effects), Some(None), "the default is not sent");
}

#[test]
fn s_steps_the_crime_safeguarding_and_asb_queues_through_their_orders() {
    steps(crimes_state(), 'S', |s| s.crimes.sort, |s| s.crimes.rows.len());
    let sg = sg_state(vec![Role::SafeguardingSupervisor], SafeguardingQueue::AwaitingSignOff, awaiting());
    steps(sg, 'S', |s| s.safeguarding.sort, |s| s.safeguarding.rows.len());
    steps(asb_state(vec![Role::ControlRoom]), 'S', |s| s.asb.sort, |s| s.asb.rows.len());
}

/// The queue of reviews due opens the most overdue first, says so, and
/// `S` turns it to the latest due first, each order sent (the server's
/// default for it is the most overdue); another queue opens newest first.
#[test]
fn reviews_due_open_most_overdue_first_and_s_turns_them_round() {
    let mut c = Console::new(crimes_state());
    c.key(KeyCode::Char('c'));
    c.type_text("review");
    c.effects.clear();
    c.key(KeyCode::Enter);
    assert_eq!(c.state.crimes.queue, CrimeQueue::ReviewDue);
    assert_eq!(asked(&c.effects), Some(Some(ListSort::Oldest)));
    assert!(title(&c.state).contains("review due · most overdue first"), "{}", title(&c.state));
    c.effects.clear();
    c.key(KeyCode::Char('S'));
    assert_eq!(asked(&c.effects), Some(Some(ListSort::Newest)), "the latest due first, said");
    assert!(title(&c.state).contains("· latest due first"), "{}", title(&c.state));
    c.key(KeyCode::Char('c'));
    c.type_text("unalloc");
    c.effects.clear();
    c.key(KeyCode::Enter);
    assert_eq!(asked(&c.effects), Some(None), "another queue opens newest first");
    assert!(title(&c.state).contains("unallocated · newest first"), "{}", title(&c.state));
}

/// The safeguarding desk's overdue referrals open the most overdue first,
/// as reviews due do; back on the sign-off queue, newest first again.
#[test]
fn overdue_referrals_open_most_overdue_first_and_s_turns_them_round() {
    let sg = sg_state(vec![Role::SafeguardingSupervisor], SafeguardingQueue::AwaitingSignOff, awaiting());
    let mut c = Console::new(sg);
    c.key(KeyCode::Char('v'));
    c.type_text("overdue");
    c.effects.clear();
    c.key(KeyCode::Enter);
    assert_eq!(c.state.safeguarding.queue, Some(SafeguardingQueue::ResponseOverdue));
    assert_eq!(asked(&c.effects), Some(Some(ListSort::Oldest)));
    assert!(title(&c.state).contains("referral response overdue · most overdue first"), "{}", title(&c.state));
    c.effects.clear();
    c.key(KeyCode::Char('S'));
    assert_eq!(asked(&c.effects), Some(Some(ListSort::Newest)), "the latest due first, said");
    assert!(title(&c.state).contains("· latest due first"), "{}", title(&c.state));
    c.key(KeyCode::Char('v'));
    c.type_text("sign-off");
    c.effects.clear();
    c.key(KeyCode::Enter);
    assert_eq!(c.state.safeguarding.queue, Some(SafeguardingQueue::AwaitingSignOff));
    assert_eq!(asked(&c.effects), Some(None), "another queue opens newest first");
    assert!(title(&c.state).contains("· newest first"), "{}", title(&c.state));
}

/// Retention reviews due open the most overdue first; `o` turns them to
/// the latest due first, each order sent.
#[test]
fn retention_reviews_open_most_overdue_first_and_o_turns_them_round() {
    let mut c = Console::new(intel_state(vec![Role::IntelligenceAnalyst]));
    c.key(KeyCode::Char('v'));
    c.type_text("retention");
    c.effects.clear();
    c.key(KeyCode::Enter);
    assert_eq!(c.state.intelligence.queue, IntelligenceQueue::RetentionDue);
    assert_eq!(asked(&c.effects), Some(Some(ListSort::Oldest)));
    assert!(title(&c.state).contains("most overdue first"), "{}", title(&c.state));
    c.effects.clear();
    c.key(KeyCode::Char('o'));
    assert_eq!(asked(&c.effects), Some(Some(ListSort::Newest)), "the latest due first, said");
    assert!(title(&c.state).contains("latest due first"), "{}", title(&c.state));
}

#[test]
fn o_orders_an_intelligence_queue_but_the_evaluation_queue_keeps_its_own() {
    let mut c = Console::new(intel_state(vec![Role::IntelligenceAnalyst]));
    assert!(title(&c.state).contains("evaluation · by priority"), "{}", title(&c.state));
    c.effects.clear();
    c.key(KeyCode::Char('o'));
    assert_eq!(c.state.intelligence.sort, ListSort::Newest, "the evaluation queue is not reordered");
    assert_eq!(asked(&c.effects), None, "nothing asked");
    assert!(c.state.message.as_ref().is_some_and(|m| m.text.contains("its own order")));
    c.key(KeyCode::Char('v'));
    c.key(KeyCode::Down);
    c.key(KeyCode::Enter);
    assert_eq!(c.state.intelligence.queue, IntelligenceQueue::Sanitisation);
    let state = c.state.clone();
    steps(state, 'o', |s| s.intelligence.sort, |s| s.intelligence.rows.len());
}

#[test]
fn s_orders_the_bail_diary_in_the_console_and_keeps_the_person_selected() {
    let mut c = Console::new(bail_state());
    assert!(title(&c.state).contains("Bail diary — most urgent first"), "{}", title(&c.state));
    let names = |c: &Console| -> Vec<String> {
        c.state.bail.visible().iter().map(|l| l.row.person_name.clone().unwrap_or_default()).collect()
    };
    assert_eq!(names(&c), ["Tobias Wrenfield", "Marcus Bellweather", "Priya Nandakumar"]);
    let selected = c.state.bail.list.selected.clone();
    c.effects.clear();
    c.key(KeyCode::Char('S'));
    assert_eq!(c.state.bail.sort, BailSort::Name);
    assert!(c.effects.is_empty(), "the diary is whole: nothing asked of the server");
    assert_eq!(names(&c), ["Marcus Bellweather", "Priya Nandakumar", "Tobias Wrenfield"], "by surname");
    assert!(title(&c.state).contains("Bail diary — by name"), "{}", title(&c.state));
    assert_eq!(c.state.bail.list.selected, selected, "the selection stays on its person");
    c.key(KeyCode::Char('S'));
    assert_eq!(names(&c), ["Marcus Bellweather", "Tobias Wrenfield", "Priya Nandakumar"], "by where answered");
    c.key(KeyCode::Char('S'));
    assert_eq!(c.state.bail.sort, BailSort::Due, "round to the default");
}
