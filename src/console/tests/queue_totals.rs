//! Each paged queue says in its title how many there are in all, as the
//! server counted them: "3 of 312" while pages remain to be read, "all 3"
//! once every one is loaded; a page that arrives brings the count with it,
//! and the count above the list says as many.

use super::asb::asb_state;
use super::crimes::crimes_state;
use super::fixtures;
use super::harness::Console;
use super::intelligence::intel_state;
use super::safeguarding::{awaiting, sg_state};
use super::snapshots::{draw, text};
use crate::api::crimes::CrimeQueuePage;
use crate::api::safeguarding::SafeguardingQueue;
use crate::console::action::Action;
use crate::console::state::State;
use crate::console::update::crime_reads::CrimeAnswer;
use crate::domain::role::Role;

fn title(state: &State) -> String {
    let screen = text(&draw(state, &fixtures::ui("dark"), 160, 40));
    screen.lines().find(|l| l.contains('─')).unwrap_or_default().to_string()
}

#[test]
fn a_queue_with_more_on_the_server_says_how_many_in_all() {
    let mut crimes = crimes_state();
    crimes.crimes.more = 309;
    assert!(title(&crimes).contains("Crimes — my unit · newest first · 3 of 312"), "{}", title(&crimes));
    crimes.crimes.more = 0;
    assert!(title(&crimes).contains("Crimes — my unit · newest first · all 3"), "{}", title(&crimes));

    let intel = intel_state(vec![Role::IntelligenceAnalyst]);
    let loaded = intel.intelligence.rows.len();
    assert!(title(&intel).contains(&format!("{loaded} of {}", loaded + 12)), "{}", title(&intel));

    let mut safeguarding = sg_state(vec![Role::SafeguardingSupervisor], SafeguardingQueue::AwaitingSignOff, awaiting());
    let loaded = safeguarding.safeguarding.rows.len();
    safeguarding.safeguarding.more = 40;
    assert!(title(&safeguarding).contains(&format!("{loaded} of {}", loaded + 40)), "{}", title(&safeguarding));

    let mut asb = asb_state(vec![Role::ControlRoom]);
    let loaded = asb.asb.rows.len();
    asb.asb.more = 7;
    assert!(
        title(&asb).contains(&format!("ASB cases — all boroughs · newest first · {loaded} of {}", loaded + 7)),
        "{}",
        title(&asb)
    );

    let mut warrants = fixtures::state();
    warrants.pane = crate::console::state::PaneId::Warrants;
    let loaded = warrants.warrants.rows.items.len();
    warrants.warrants.rows.total = 50_000;
    assert!(
        title(&warrants).contains(&format!("Warrant queue — by priority · {loaded} of 50000")),
        "{}",
        title(&warrants)
    );
}

#[test]
fn a_page_brings_the_count_of_what_is_left() {
    let mut c = Console::new(crimes_state());
    let seq = c.state.crimes.seq;
    let rows = c.state.crimes.rows.clone();
    let page = CrimeQueuePage { at: fixtures::now(), rows, more: 97, more_at_least: false, next: Some("next".into()) };
    c.act(Action::desk(CrimeAnswer::CrimeQueue { seq, append: false, result: Ok(page) }));
    assert_eq!(c.state.crimes.more, 97);
    assert!(title(&c.state).contains("3 of 100"), "{}", title(&c.state));
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 160, 40));
    assert!(screen.contains("3 shown, 97 more below"), "the count under the title agrees:\n{screen}");
}

#[test]
fn a_queue_the_server_stopped_counting_says_at_least() {
    let mut c = Console::new(crimes_state());
    let seq = c.state.crimes.seq;
    let rows = c.state.crimes.rows.clone();
    let page =
        CrimeQueuePage { at: fixtures::now(), rows, more: 1_000, more_at_least: true, next: Some("next".into()) };
    c.act(Action::desk(CrimeAnswer::CrimeQueue { seq, append: false, result: Ok(page) }));
    assert!(title(&c.state).contains("3 of 1003+"), "{}", title(&c.state));
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 160, 40));
    assert!(screen.contains("3 shown, 1000+ more below"), "{screen}");
}
