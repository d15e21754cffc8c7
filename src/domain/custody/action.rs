//! The custody actions as they arrive on the wire: tagged by `action`,
//! unknown fields refused. Every action may carry `at`, when it happened;
//! left out, it is the time the server receives it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::bail::BailTerms;
use crate::domain::event::{ChargingDecision, CustodyOutcome};

/// A right under PACE s.56, s.58 and Code C.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Right {
    /// To have someone informed of the arrest (s.56).
    SomeoneInformed,
    /// To free legal advice (s.58).
    LegalAdvice,
    /// To consult the Codes of Practice.
    ConsultCodes,
}

impl Right {
    pub fn label(self) -> &'static str {
        match self {
            Right::SomeoneInformed => "to have someone informed",
            Right::LegalAdvice => "to free legal advice",
            Right::ConsultCodes => "to consult the Codes of Practice",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Meal {
    Light,
    Main,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum CustodyAction {
    /// Reads the detainee's warning markers and sets the observation level:
    /// at least the level the markers call for (see `observation_floor`).
    RiskAssessment {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        /// 1–4; left out, the level the markers call for.
        #[serde(default)]
        observation_level: Option<u8>,
        #[serde(default)]
        intoxicated: bool,
        #[serde(default)]
        notes: String,
    },
    /// Rights given; all three when `rights` is left out.
    RightsGiven {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        #[serde(default)]
        rights: Vec<Right>,
    },
    /// A right delayed on a superintendent's authority (indictable offences only).
    RightsDelayed {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        right: Right,
        /// The superintendent who authorised the delay.
        authorised_by: String,
        grounds: String,
    },
    AppropriateAdult {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        name: String,
        /// Parent, guardian, social worker, volunteer…
        relationship: String,
    },
    /// A cell visit. `roused: false` is a failed rousing check: a healthcare
    /// professional is called and the board alerts until the next good visit.
    Visit {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        #[serde(default)]
        roused: Option<bool>,
        #[serde(default)]
        notes: String,
    },
    /// A review of detention: by an inspector before charge, by the custody
    /// officer (custody officer or sergeant) after.
    Review {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        outcome: String,
    },
    ReviewPostponed {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        reason: String,
    },
    /// A superintendent's extension to 36 h (s.42).
    Extension {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        grounds: String,
        /// Representations heard from the detainee or solicitor.
        representations: String,
    },
    /// A magistrates' court's warrant of further detention (ss.43–44).
    WarrantOfFurtherDetention {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        hours: u32,
        court: String,
    },
    Interview {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        officer: String,
        #[serde(default)]
        notes: String,
    },
    Solicitor {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        solicitor: String,
        #[serde(default)]
        notes: String,
    },
    Meal {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        meal: Meal,
        #[serde(default)]
        notes: String,
    },
    CellMove {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        cell: String,
        reason: String,
        /// Why the detainee shares the cell with someone already in it;
        /// an occupied cell is refused without one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        share_reason: Option<String>,
    },
    /// To another custody suite of the force; the record stays open.
    Transfer {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        /// The suite's location id, code or name.
        suite_id: String,
        cell: String,
        reason: String,
        /// Why the detainee shares the cell with someone already in it;
        /// an occupied cell is refused without one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        share_reason: Option<String>,
    },
    /// Charged, then bailed to court or remanded: closes the record, and
    /// opens the prosecution case (or joins the one for the same matter)
    /// with the first hearing at `court` on `court_date`.
    Charge {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        offences: Vec<String>,
        remanded: bool,
        court: String,
        /// The first hearing's day; required.
        #[serde(default)]
        court_date: Option<NaiveDate>,
        /// The case's URN: an existing case with it is joined; left out, a
        /// case for the same crime report is joined, or a new URN is issued.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        urn: Option<String>,
        /// The crime report charged on, by id or crime number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        crime: Option<String>,
        /// Left out: the arresting officer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        officer_in_case: Option<String>,
        /// Who decided the charge: the police (the default) or the CPS.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decision: Option<ChargingDecision>,
        /// Bailed to court (not remanded): its conditions; it is answered
        /// at the first hearing.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bail: Option<BailTerms>,
    },
    /// Leaves custody without a charge: CPS referral, pre-charge bail (3
    /// months unless `bail_until` says otherwise), released under
    /// investigation, no further action, a caution, or transfer to another
    /// force. Closes the record with the reason.
    Release {
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        outcome: CustodyOutcome,
        reason: String,
        #[serde(default)]
        bail_until: Option<NaiveDate>,
        /// Pre-charge bail's return date (required), place and conditions.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bail: Option<BailTerms>,
    },
}

impl CustodyAction {
    /// The action's name, as on the wire and in the audit log.
    pub fn name(&self) -> &'static str {
        match self {
            CustodyAction::RiskAssessment { .. } => "risk_assessment",
            CustodyAction::RightsGiven { .. } => "rights_given",
            CustodyAction::RightsDelayed { .. } => "rights_delayed",
            CustodyAction::AppropriateAdult { .. } => "appropriate_adult",
            CustodyAction::Visit { .. } => "visit",
            CustodyAction::Review { .. } => "review",
            CustodyAction::ReviewPostponed { .. } => "review_postponed",
            CustodyAction::Extension { .. } => "extension",
            CustodyAction::WarrantOfFurtherDetention { .. } => "warrant_of_further_detention",
            CustodyAction::Interview { .. } => "interview",
            CustodyAction::Solicitor { .. } => "solicitor",
            CustodyAction::Meal { .. } => "meal",
            CustodyAction::CellMove { .. } => "cell_move",
            CustodyAction::Transfer { .. } => "transfer",
            CustodyAction::Charge { .. } => "charge",
            CustodyAction::Release { .. } => "release",
        }
    }

    /// When the action happened, if the caller said.
    pub fn at(&self) -> Option<DateTime<Utc>> {
        match self {
            CustodyAction::RiskAssessment { at, .. }
            | CustodyAction::RightsGiven { at, .. }
            | CustodyAction::RightsDelayed { at, .. }
            | CustodyAction::AppropriateAdult { at, .. }
            | CustodyAction::Visit { at, .. }
            | CustodyAction::Review { at, .. }
            | CustodyAction::ReviewPostponed { at, .. }
            | CustodyAction::Extension { at, .. }
            | CustodyAction::WarrantOfFurtherDetention { at, .. }
            | CustodyAction::Interview { at, .. }
            | CustodyAction::Solicitor { at, .. }
            | CustodyAction::Meal { at, .. }
            | CustodyAction::CellMove { at, .. }
            | CustodyAction::Transfer { at, .. }
            | CustodyAction::Charge { at, .. }
            | CustodyAction::Release { at, .. } => *at,
        }
    }

    /// Whether the action puts the detainee in another cell (of this suite
    /// or another), which must be free unless they share it for a reason.
    pub fn moves_detainee(&self) -> bool {
        matches!(self, CustodyAction::CellMove { .. } | CustodyAction::Transfer { .. })
    }

    /// Why the detainee shares the cell they are put in, if the action says.
    pub fn share_reason(&self) -> Option<&str> {
        match self {
            CustodyAction::CellMove { share_reason, .. } | CustodyAction::Transfer { share_reason, .. } => {
                share_reason.as_deref()
            }
            _ => None,
        }
    }

    /// Whether the action needs the detainee's warning markers.
    pub fn reads_markers(&self) -> bool {
        matches!(self, CustodyAction::RiskAssessment { .. })
    }
}
