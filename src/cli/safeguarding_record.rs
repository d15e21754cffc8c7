//! `bluelamp safeguarding record`: a report as first written, a draft, with
//! the person at risk and the people around them; a missing-person report
//! with its grade and last sighting.

use chrono::{DateTime, Utc};
use clap::Args;

use super::choice;
use crate::domain::boroughs::BOROUGHS;
use crate::domain::event::{EventDetails, EventInput};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::safeguarding::{MissingGrade, MissingReport, RiskLevel, SafeguardingCategory, SafeguardingDetails};

#[derive(Debug, Args)]
pub struct RecordArgs {
    #[arg(long, value_parser = choice::api::<SafeguardingCategory>())]
    pub category: SafeguardingCategory,
    #[arg(long, value_parser = choice::api::<RiskLevel>())]
    pub risk: RiskLevel,
    /// Why the risk is what it is (needed before the report is submitted).
    #[arg(long)]
    pub risk_reasons: Option<String>,
    /// What happened, in a line.
    #[arg(long)]
    pub summary: String,
    /// When it came to notice (RFC 3339).
    #[arg(long)]
    pub occurred_at: DateTime<Utc>,
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    /// The officer in charge, as the report names them.
    #[arg(long)]
    pub officer: String,
    /// The results of police checks, in words (each check may also be recorded with `safeguarding check`).
    #[arg(long)]
    pub police_checks: Option<String>,
    /// The child or adult at risk: their person id.
    #[arg(long)]
    pub subject: String,
    /// A parent or carer's person id (repeat for more).
    #[arg(long = "carer")]
    pub carers: Vec<String>,
    /// A household member's person id (repeat for more).
    #[arg(long = "household-member")]
    pub household: Vec<String>,
    /// A suspected perpetrator's person id (repeat for more).
    #[arg(long = "suspect")]
    pub suspects: Vec<String>,
    /// The reporting person's id.
    #[arg(long = "reporting-person")]
    pub reporting: Option<String>,
    /// Missing person: when last seen (RFC 3339).
    #[arg(long)]
    pub last_seen_at: Option<DateTime<Utc>>,
    /// Missing person: where last seen.
    #[arg(long)]
    pub last_seen_place: Option<String>,
    /// Missing person: the risk grading.
    #[arg(long, value_parser = choice::api::<MissingGrade>())]
    pub grade: Option<MissingGrade>,
    /// Missing person: why so graded.
    #[arg(long)]
    pub grade_reason: Option<String>,
    /// Makes a retried record return the first report instead of writing two.
    #[arg(long)]
    pub idempotency_key: Option<String>,
}

/// The report the flags describe. Missing-person flags left out leave the
/// server to say what a missing-person report needs.
pub fn record_input(a: RecordArgs) -> EventInput {
    let mut people = vec![EventPerson { person_id: a.subject, role: EventRole::Subject }];
    let mut add =
        |ids: Vec<String>, role| people.extend(ids.into_iter().map(|person_id| EventPerson { person_id, role }));
    add(a.carers, EventRole::Carer);
    add(a.household, EventRole::HouseholdMember);
    add(a.suspects, EventRole::Suspect);
    add(a.reporting.into_iter().collect(), EventRole::ReportingPerson);
    let mut details = SafeguardingDetails::draft(a.category, a.risk, a.officer);
    details.risk_reasons = a.risk_reasons.unwrap_or_default();
    details.police_checks = a.police_checks.unwrap_or_default();
    if let (Some(last_seen_at), Some(grade)) = (a.last_seen_at, a.grade) {
        details.missing = Some(MissingReport {
            last_seen_at,
            last_seen_place: a.last_seen_place.unwrap_or_default(),
            grade,
            grade_reason: a.grade_reason.unwrap_or_default(),
            regrades: Vec::new(),
            enquiries: Vec::new(),
            found: None,
        });
    }
    EventInput {
        objects: Vec::new(),
        reference: None,
        occurred_at: a.occurred_at,
        borough: a.borough,
        summary: a.summary,
        people,
        details: EventDetails::Safeguarding(Box::new(details)),
    }
}
