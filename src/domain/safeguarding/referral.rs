//! A report going to a partner agency — for its information, or as a formal
//! referral awaiting its response — and the report's close with a result.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{AgencyKind, Sharing};

/// What the agency decided on a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgencyDecision {
    /// Taken on for assessment or a strategy discussion.
    Accepted,
    /// Signposted to early help or universal services.
    EarlyHelp,
    /// No further action by the agency.
    NoFurtherAction,
    /// The agency asks for more before it decides.
    MoreInformationRequested,
    /// Already known to the agency and allocated there.
    AlreadyOpen,
}

/// The agency's response, recorded against the referral when it comes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgencyResponse {
    pub decision: AgencyDecision,
    pub text: String,
    /// When the agency responded.
    pub at: DateTime<Utc>,
    pub recorded_by: String,
}

/// The report sent to one partner agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    pub route: Sharing,
    /// The agency's code in the force's agency table.
    pub agency: String,
    /// The agency by name, such as "Lambeth children's social care".
    pub agency_name: String,
    pub agency_kind: AgencyKind,
    /// The person or team it went to.
    pub recipient: String,
    pub sent_at: DateTime<Utc>,
    pub sent_by: String,
    /// A formal referral's response falls due by then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_due: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<AgencyResponse>,
}

impl Referral {
    /// A formal referral still waiting for the agency's response.
    pub fn awaits_response(&self) -> bool {
        self.route == Sharing::FormalReferral && self.response.is_none()
    }
}

/// How a report ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClosureResult {
    /// No further police action: the risk is managed or gone.
    NoFurtherAction,
    /// A partner agency leads (assessment, plan or early help).
    PartnerAgencyLead,
    /// Handed to a multi-agency plan or conference (MARAC, child protection).
    MultiAgencyPlan,
    /// A crime recorded and investigated.
    CriminalInvestigation,
    /// A missing person found safe and the return interview done.
    FoundSafe,
    /// Moved to another force's area.
    Transferred,
}

/// The close of a report with its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    pub result: ClosureResult,
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
}
