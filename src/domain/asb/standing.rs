//! What a case's linked incidents say as of now: whether the case review
//! trigger is met (enough incidents inside its window), and each victim's
//! count, repeat and vulnerable flags. Derived on every read, never stored:
//! an incident unlinked, or one aging out of the window, changes the answer.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{AsbCategory, AsbDetails, AsbRisk, AsbRules};
use crate::domain::link::EventRole;

/// The case review trigger as of `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewTrigger {
    pub met: bool,
    /// Linked incidents that happened inside the window.
    pub incidents_in_window: usize,
    pub threshold: u32,
    pub window_days: u32,
    /// The window's start (it ends now).
    pub since: DateTime<Utc>,
    /// The references of the incidents counted.
    pub counted: Vec<String>,
}

/// One victim (a victim or complainant on a linked incident).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VictimStanding {
    pub person_id: String,
    /// Linked incidents naming them inside the repeat-victim window.
    pub incidents_in_window: usize,
    pub repeat: bool,
    /// Assessed at high risk, or a repeat victim of personal ASB (aimed
    /// at them, not at the area).
    pub vulnerable: bool,
    /// Their latest risk assessment on the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<AsbRisk>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AsbStanding {
    pub at: DateTime<Utc>,
    pub trigger: ReviewTrigger,
    pub victims: Vec<VictimStanding>,
    /// A review asked for and not yet held.
    pub review_pending: bool,
}

/// The parts on a linked incident that make someone a victim of it.
pub fn is_victim_role(role: EventRole) -> bool {
    matches!(role, EventRole::Victim | EventRole::Complainant)
}

pub fn standing(d: &AsbDetails, rules: &AsbRules, now: DateTime<Utc>) -> AsbStanding {
    let since = now - Duration::days(i64::from(rules.review_trigger_days));
    let counted: Vec<String> =
        d.incidents.iter().filter(|i| i.at > since && i.at <= now).map(|i| i.record.reference.clone()).collect();
    let trigger = ReviewTrigger {
        met: counted.len() >= rules.review_trigger_incidents as usize,
        incidents_in_window: counted.len(),
        threshold: rules.review_trigger_incidents,
        window_days: rules.review_trigger_days,
        since,
        counted,
    };
    let repeat_since = now - Duration::days(i64::from(rules.repeat_victim_days));
    let mut victims: Vec<VictimStanding> = Vec::new();
    for incident in &d.incidents {
        for p in incident.people.iter().filter(|p| is_victim_role(p.role)) {
            if victims.iter().any(|v| v.person_id == p.person_id) {
                continue;
            }
            let theirs = d
                .incidents
                .iter()
                .filter(|i| i.at > repeat_since && i.at <= now)
                .filter(|i| i.people.iter().any(|q| q.person_id == p.person_id && is_victim_role(q.role)));
            let (count, personal) = theirs
                .fold((0, 0), |(n, personal), i| (n + 1, personal + usize::from(i.category == AsbCategory::Personal)));
            let repeat = count >= rules.repeat_victim_incidents as usize;
            let risk = d.risk_assessments.iter().rev().find(|r| r.person_id == p.person_id).map(|r| r.risk);
            let vulnerable = risk == Some(AsbRisk::High) || personal >= rules.repeat_victim_incidents as usize;
            victims.push(VictimStanding {
                person_id: p.person_id.clone(),
                incidents_in_window: count,
                repeat,
                vulnerable,
                risk,
            });
        }
    }
    AsbStanding { at: now, trigger, victims, review_pending: d.pending_review().is_some() }
}
