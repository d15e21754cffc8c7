//! A seeded intelligence report's workflow as the intelligence unit would
//! have left it: recent reports still drafts or waiting for evaluation,
//! most evaluated, sanitised and disseminated within weeks, older ones
//! reviewed for retention (some reviews now due). Historic 5x5x5 reports
//! stand as evaluated before the lifecycle, and go on from there.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;

use super::cluster::Cluster;
use super::pick::{chance, one, weighted};
use crate::domain::intelligence::lifecycle::{apply, Acting, IntelligenceAction};
use crate::domain::intelligence::{Grading, IntelligenceDetails, IntelligenceStatus, RetentionDecision};

const RECIPIENTS: [&str; 6] = [
    "Lambeth CID",
    "Gangs Unit",
    "Neighbourhood Team",
    "Drugs Squad",
    "Children's services",
    "Borough Intelligence Unit",
];
const PURPOSES: [&str; 4] =
    ["Ongoing enquiry", "Tasking for patrols", "Safeguarding referral", "Briefing for the local policing team"];

/// Where a report of this age has got to.
fn target(cl: &mut Cluster, age: Duration) -> IntelligenceStatus {
    use IntelligenceStatus::*;
    let choices: &[(IntelligenceStatus, u32)] = if age < Duration::days(3) {
        &[(Draft, 20), (Submitted, 50), (Evaluated, 20), (Sanitised, 10)]
    } else if age < Duration::days(60) {
        &[(Submitted, 8), (Evaluated, 15), (Sanitised, 12), (Disseminated, 65)]
    } else {
        &[(Evaluated, 5), (Disseminated, 55), (Reviewed, 40)]
    };
    weighted(&mut cl.rng, choices)
}

/// `details`, drafted at `at`, taken by the desk's own actions as far as
/// its age makes likely; a step the rules refuse is left out.
pub(crate) fn intelligence_workflow(
    cl: &mut Cluster,
    at: DateTime<Utc>,
    details: IntelligenceDetails,
) -> IntelligenceDetails {
    let now = cl.now();
    let goal = target(cl, now - at);
    let mut d = details;
    let mut when = at;
    let mut step = |cl: &mut Cluster, d: &mut IntelligenceDetails, by: &str, hours: (i64, i64), action| {
        when = (when + Duration::hours(cl.rng.gen_range(hours.0..hours.1))).min(now);
        if let Ok(next) = apply(d, &action, &Acting { by, now: when, reads_unsanitised: true }) {
            *d = next;
        }
    };
    if goal == IntelligenceStatus::Draft {
        return d;
    }
    let author = cl.officer(&["PC", "DC"]);
    let analyst = format!("Analyst {}", cl.officer(&["PC"]).split(' ').next_back().unwrap_or("Reid"));
    if matches!(d.grading, Grading::FiveFiveFive { .. }) {
        // Recorded before the lifecycle: it stands as evaluated.
        d.status = IntelligenceStatus::Evaluated;
    } else {
        step(cl, &mut d, &author, (0, 4), IntelligenceAction::Submit {});
        if goal == IntelligenceStatus::Submitted {
            return d;
        }
        let grading = d.grading.clone();
        step(cl, &mut d, &analyst, (2, 48), IntelligenceAction::Evaluate { grading, priority: None, rationale: None });
    }
    if goal == IntelligenceStatus::Evaluated {
        return d;
    }
    step(cl, &mut d, &analyst, (1, 24), IntelligenceAction::Sanitise { sanitised_text: None });
    if goal == IntelligenceStatus::Sanitised {
        return d;
    }
    let mut recipients = vec![(*one(&mut cl.rng, &RECIPIENTS)).to_string()];
    if chance(&mut cl.rng, 0.3) {
        recipients.push((*one(&mut cl.rng, &RECIPIENTS)).to_string());
    }
    let purpose = (*one(&mut cl.rng, &PURPOSES)).to_string();
    step(cl, &mut d, &analyst, (1, 72), IntelligenceAction::Disseminate { recipients, purpose });
    if goal == IntelligenceStatus::Disseminated {
        return d;
    }
    // Reviewed a year or more on; most kept, for another year or two, some
    // of those reviews now due.
    let reviewed = (when + Duration::days(cl.rng.gen_range(365..900))).min(now - Duration::days(1));
    let action = if chance(&mut cl.rng, 0.8) {
        let next = reviewed + Duration::days(cl.rng.gen_range(365..730));
        let next = if next <= now && chance(&mut cl.rng, 0.5) {
            now + Duration::days(cl.rng.gen_range(30..365))
        } else {
            next
        };
        IntelligenceAction::ReviewRetention {
            decision: RetentionDecision::Retain,
            note: "Still relevant to a policing purpose".into(),
            next_review: Some(next.date_naive().max(reviewed.date_naive() + Duration::days(1))),
        }
    } else {
        IntelligenceAction::ReviewRetention {
            decision: RetentionDecision::Dispose,
            note: "No longer necessary for a policing purpose".into(),
            next_review: None,
        }
    };
    if let Ok(next) = apply(&d, &action, &Acting { by: &analyst, now: reviewed, reads_unsanitised: true }) {
        d = next;
    }
    d
}
