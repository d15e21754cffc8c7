//! A seeded safeguarding report's workflow as the desk would have left it:
//! drafts, reports waiting for sign-off (some past the force's hours),
//! signed off, shared for information, referred to the borough's agencies
//! (some responses overdue, some answered), closed with a result; missing
//! persons graded, with enquiries, some found with the return interview due.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;

use super::cluster::Cluster;
use super::pick::{chance, one, weighted};
use crate::domain::link::EventPerson;
use crate::domain::safeguarding::lifecycle::{apply, Acting, SafeguardingAction as A, SafeguardingState};
use crate::domain::safeguarding::{
    AgencyDecision, CheckSystem, ClosureResult, MissingGrade, SafeguardingCategory, SafeguardingDetails,
    SafeguardingRules, SafeguardingStatus,
};

const ENQUIRIES: [&str; 5] = [
    "Home address visited: not there, family not heard from them",
    "Friends' addresses visited and their phones called",
    "Hospitals and custody suites checked",
    "CCTV at the station where last seen requested",
    "Social media accounts checked with the family's consent",
];
const RESPONSES: [(AgencyDecision, &str); 4] = [
    (AgencyDecision::Accepted, "Strategy discussion held; section 47 enquiry opened"),
    (AgencyDecision::EarlyHelp, "Signposted to the early help team"),
    (AgencyDecision::NoFurtherAction, "Known to the service; no further action at this time"),
    (AgencyDecision::AlreadyOpen, "Open to a social worker, who has been told"),
];
const FOUND_PLACES: [&str; 4] =
    ["A friend's flat on the same estate", "The bus station", "A relative's address", "A park near home"];

/// The agency the report goes to: the borough's hub or social care.
fn agency_for(category: SafeguardingCategory, child: bool, borough: &str) -> String {
    let slug: String = borough
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    match (category, child) {
        (SafeguardingCategory::DomesticAbuse, _) | (_, true) => format!("{slug}-mash"),
        (_, false) => format!("{slug}-adults"),
    }
}

/// The report of `details`, written by `author` at `made`, taken by the
/// desk's own actions as far as the seed chose (`open` says it stays open).
#[allow(clippy::too_many_arguments)]
pub(crate) fn workflow(
    cl: &mut Cluster,
    details: SafeguardingDetails,
    people: Vec<EventPerson>,
    author: &str,
    made: DateTime<Utc>,
    open: bool,
    child: bool,
    borough: &str,
) -> SafeguardingDetails {
    let rules = SafeguardingRules::shipped();
    let now = cl.now();
    let category = details.category;
    let mut state = SafeguardingState { details, people };
    let mut at = made;
    // Each step is the desk's own action, so a seeded report is one the
    // desk could have made; a step the rules refuse is left out.
    let step = |state: &mut SafeguardingState, by: &str, at: DateTime<Utc>, action: A| {
        let acting = Acting { by, now: at.min(now), author, rules };
        if let Ok(next) = apply(state, &action, made, &acting) {
            *state = next;
        }
    };
    let supervisor = cl.officer(&["DS", "DI"]);
    let target = if open {
        weighted(
            &mut cl.rng,
            &[
                (SafeguardingStatus::Draft, 10),
                (SafeguardingStatus::Submitted, 20),
                (SafeguardingStatus::SignedOff, 10),
                (SafeguardingStatus::Shared, 15),
                (SafeguardingStatus::Referred, 45),
            ],
        )
    } else {
        SafeguardingStatus::Closed
    };
    let gap = |cl: &mut Cluster, hours: i64| Duration::minutes(cl.rng.gen_range(10..hours.max(1) * 60));
    let check = *one(&mut cl.rng, &[CheckSystem::Pnc, CheckSystem::LocalRecords, CheckSystem::PreviousReports]);
    at += gap(cl, 2);
    step(&mut state, author, at, A::RecordCheck { system: check, result: "Checked; see the report's summary".into() });
    if category == SafeguardingCategory::MissingPerson {
        for _ in 0..cl.rng.gen_range(1..=3) {
            at += gap(cl, 6);
            let text = (*one(&mut cl.rng, &ENQUIRIES)).to_string();
            step(&mut state, author, at, A::LogEnquiry { text });
        }
        if chance(&mut cl.rng, 0.3) {
            at += gap(cl, 6);
            let reason = "No contact and phone switched off since last seen".to_string();
            step(&mut state, &supervisor, at, A::GradeMissing { grade: MissingGrade::High, reason });
        }
        // Found: every closed report, and some open ones waiting for their return interview.
        if !open || chance(&mut cl.rng, 0.25) {
            at += gap(cl, 48);
            let place = (*one(&mut cl.rng, &FOUND_PLACES)).to_string();
            let found_at = at.min(now - Duration::minutes(5));
            step(&mut state, author, at, A::Found { at: found_at, place, note: None });
        }
    }
    if target == SafeguardingStatus::Draft {
        return state.details;
    }
    at += gap(cl, 8);
    step(&mut state, author, at, A::Submit);
    if target == SafeguardingStatus::Submitted {
        return state.details;
    }
    // Signed off within the hours, mostly; the submitted ones left waiting
    // have a wide spread, so some are overdue.
    at += gap(cl, 20);
    step(&mut state, &supervisor, at, A::SignOff { note: None });
    if target == SafeguardingStatus::SignedOff {
        return state.details;
    }
    let agency = agency_for(category, child, borough);
    at += gap(cl, 12);
    let refer =
        target != SafeguardingStatus::Shared && (target == SafeguardingStatus::Referred || chance(&mut cl.rng, 0.6));
    let recipient = if refer { "Duty and assessment team" } else { "Safeguarding lead" }.to_string();
    let action = if refer {
        A::Refer { agency, recipient, sent_at: Some(at.min(now)) }
    } else {
        A::Share { agency, recipient, sent_at: Some(at.min(now)) }
    };
    step(&mut state, author, at, action);
    let answered = !open || chance(&mut cl.rng, 0.5);
    if refer && answered {
        at += gap(cl, 60);
        let (decision, text) = *one(&mut cl.rng, &RESPONSES);
        step(
            &mut state,
            author,
            at,
            A::RecordResponse { referral: None, decision, text: text.into(), at: Some(at.min(now)) },
        );
    }
    if open {
        return state.details;
    }
    at += gap(cl, 24 * 10);
    let result = match category {
        SafeguardingCategory::MissingPerson => ClosureResult::FoundSafe,
        SafeguardingCategory::DomesticAbuse => {
            *one(&mut cl.rng, &[ClosureResult::MultiAgencyPlan, ClosureResult::CriminalInvestigation])
        }
        _ => *one(&mut cl.rng, &[ClosureResult::PartnerAgencyLead, ClosureResult::NoFurtherAction]),
    };
    step(&mut state, &supervisor, at, A::Close { result, note: "Risk now managed; nothing further for police".into() });
    state.details
}
