//! Properties over many generated custody logs: an up-to-date record never
//! shows anything due before its last action, and no detention limit ever
//! passes 96 h from the relevant time (36 h without a warrant).

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use super::entries::*;
use super::fixtures::{entry, record, t0};
use super::{PaceRules, Severity};
use crate::domain::event::CustodyDetails;

#[derive(Debug, Clone)]
enum Action {
    Visit,
    RousingFailed,
    Review,
    Postpone,
    Extension,
    Warrant(u32),
    Charge,
    AppropriateAdult,
}

impl Action {
    fn kind_and_text(&self) -> (&'static str, String) {
        match self {
            Action::Visit => (VISIT, "roused, responded".into()),
            Action::RousingFailed => (ROUSING_FAILED, "no response; nurse called".into()),
            Action::Review => (REVIEW, "detention continues".into()),
            Action::Postpone => (REVIEW_POSTPONED, "in interview".into()),
            Action::Extension => (EXTENSION, "evidence outstanding; solicitor heard".into()),
            Action::Warrant(h) => (WARRANT_OF_FURTHER_DETENTION, format!("{h}h Magistrates' Court")),
            Action::Charge => (CHARGED, "burglary".into()),
            Action::AppropriateAdult => (APPROPRIATE_ADULT, "social worker".into()),
        }
    }
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => Just(Action::Visit),
        1 => Just(Action::RousingFailed),
        3 => Just(Action::Review),
        1 => Just(Action::Postpone),
        2 => Just(Action::Extension),
        2 => (1u32..=40).prop_map(Action::Warrant),
        1 => Just(Action::Charge),
        1 => Just(Action::AppropriateAdult),
    ]
}

/// The earliest thing due on the record: an up-to-date record acts before it.
fn horizon(rules: &PaceRules, r: &CustodyDetails) -> DateTime<Utc> {
    let clock = (!is_charged(r)).then(|| rules.detention_limit(r));
    [rules.next_review_due(r), rules.next_visit_due(r), clock].into_iter().flatten().min().unwrap_or(r.relevant_time)
}

fn limits_hold(rules: &PaceRules, r: &CustodyDetails) -> Result<(), TestCaseError> {
    let limit = rules.detention_limit(r);
    prop_assert!(limit >= r.relevant_time + Duration::hours(24));
    prop_assert!(limit <= r.relevant_time + Duration::hours(96), "limit {limit}");
    if !rules.has_warrant(r) {
        prop_assert!(limit <= r.relevant_time + Duration::hours(36), "limit {limit} without a warrant");
    }
    Ok(())
}

proptest! {
    #[test]
    fn an_up_to_date_record_never_shows_anything_due_before_its_last_action(
        level in 1u8..=4,
        indictable in any::<bool>(),
        steps in prop::collection::vec((action(), 0u32..=1000), 1..60),
    ) {
        let rules = PaceRules::default();
        let mut r = record();
        r.observation_level = level;
        r.indictable = indictable;
        let mut now = r.detention_authorised_at;
        let mut limit = rules.detention_limit(&r);
        for (action, fraction) in steps {
            // Somewhere between the last action and the first thing falling due.
            let room = (horizon(&rules, &r) - now).max(Duration::zero());
            let t = now + room * i32::try_from(fraction).unwrap() / 1000;
            let (kind, text) = action.kind_and_text();
            let e = entry(t, kind, &text);
            if rules.validate_entry(&r, &e, t).is_err() {
                continue;
            }
            r.entries.push(e);
            now = t;
            if let Some(due) = rules.next_review_due(&r) {
                prop_assert!(due >= t, "review due {due} before the last action {t}");
            }
            if let Some(due) = rules.next_visit_due(&r) {
                prop_assert!(due >= t, "visit due {due} before the last action {t}");
            }
            let new_limit = rules.detention_limit(&r);
            prop_assert!(new_limit >= limit, "the limit went back from {limit} to {new_limit}");
            limit = new_limit;
            limits_hold(&rules, &r)?;
            if !is_charged(&r) {
                prop_assert!(t <= new_limit, "acted after the clock ran out");
            }
        }
    }

    #[test]
    fn no_log_whatever_its_content_passes_the_maximum(
        indictable in any::<bool>(),
        level in any::<u8>(),
        log in prop::collection::vec(
            (
                prop::sample::select(RULE_KINDS.iter().copied().chain(["note", "Review", ""]).collect::<Vec<_>>()),
                -600i64..6000,
                prop_oneof!["[0-9]{1,3}h( .*)?", ".*"],
            ),
            0..40,
        ),
        now_minutes in -600i64..7000,
    ) {
        let rules = PaceRules::default();
        let mut r = record();
        r.indictable = indictable;
        r.observation_level = level;
        for (kind, minutes, text) in log {
            r.entries.push(entry(t0() + Duration::minutes(minutes), kind, &text));
        }
        limits_hold(&rules, &r)?;
        let now = t0() + Duration::minutes(now_minutes);
        let status = rules.status_at(&r, now);
        for pair in status.alerts.windows(2) {
            prop_assert!((std::cmp::Reverse(pair[0].severity), pair[0].due) <= (std::cmp::Reverse(pair[1].severity), pair[1].due));
        }
        let all_past = r.entries.iter().all(|e| e.at <= now);
        if all_past && status.alerts.iter().any(|a| a.severity == Severity::Overdue) {
            prop_assert!(status.sort_key() <= now);
        }
        for kind in RULE_KINDS {
            let _ = rules.validate_entry(&r, &entry(now, kind, "7h"), now);
        }
    }

    #[test]
    fn the_order_entries_were_recorded_in_does_not_matter(
        level in 1u8..=4,
        gaps in prop::collection::vec((action(), 1i64..600), 0..30),
        seed in any::<u64>(),
    ) {
        let rules = PaceRules::default();
        let mut r = record();
        r.observation_level = level;
        let mut t = r.detention_authorised_at;
        for (action, gap) in &gaps {
            t += Duration::minutes(*gap);
            let (kind, text) = action.kind_and_text();
            r.entries.push(entry(t, kind, &text));
        }
        let mut shuffled = r.clone();
        // A cheap deterministic shuffle; distinct times make the order unique.
        let n = shuffled.entries.len();
        for i in (1..n).rev() {
            let j = usize::try_from(seed.wrapping_mul(i as u64 + 7) % (i as u64 + 1)).unwrap();
            shuffled.entries.swap(i, j);
        }
        prop_assert_eq!(rules.detention_limit(&r), rules.detention_limit(&shuffled));
        prop_assert_eq!(rules.next_review_due(&r), rules.next_review_due(&shuffled));
        prop_assert_eq!(rules.next_visit_due(&r), rules.next_visit_due(&shuffled));
        prop_assert_eq!(rules.status_at(&r, t), rules.status_at(&shuffled, t));
    }
}
