//! Events of the seven areas that used to live in seven systems (crime
//! reports, intelligence, safeguarding, ASB cases, custody records,
//! prosecution cases and warrants) and the control room's incidents. One
//! shape on the outside (header, people, details), one details type per
//! area.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bail::Bail;
use super::boroughs;
use super::dates::check_happened;
use super::error::require_text;
use super::identifiers::{field, parse_urn};
use super::incident::{IncidentDetails, IncidentStatus};
use super::link::{EventPerson, EventRole, LinkedRecord};
use super::object_link::{validate_event_objects, EventObject};
use super::provenance::Provenance;
use super::{text, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Crime,
    Intelligence,
    Safeguarding,
    Asb,
    Custody,
    Case,
    Warrant,
    Incident,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::Crime,
        EventKind::Intelligence,
        EventKind::Safeguarding,
        EventKind::Asb,
        EventKind::Custody,
        EventKind::Case,
        EventKind::Warrant,
        EventKind::Incident,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Crime => "crime",
            EventKind::Intelligence => "intelligence",
            EventKind::Safeguarding => "safeguarding",
            EventKind::Asb => "asb",
            EventKind::Custody => "custody",
            EventKind::Case => "case",
            EventKind::Warrant => "warrant",
            EventKind::Incident => "incident",
        }
    }

    /// The collection name under `/api/v1/`, also the change-log topic.
    pub fn collection(self) -> &'static str {
        match self {
            EventKind::Crime => "crimes",
            EventKind::Intelligence => "intelligence",
            EventKind::Safeguarding => "safeguarding",
            EventKind::Asb => "asb",
            EventKind::Custody => "custody",
            EventKind::Case => "cases",
            EventKind::Warrant => "warrants",
            EventKind::Incident => "incidents",
        }
    }

    pub fn from_collection(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.collection() == name)
    }

    /// The prefix of references the system generates for this kind.
    pub fn reference_prefix(self) -> &'static str {
        match self {
            EventKind::Crime => "CR",
            EventKind::Intelligence => "IR",
            EventKind::Safeguarding => "SG",
            EventKind::Asb => "ASB",
            EventKind::Custody => "CU",
            EventKind::Case => "",
            EventKind::Warrant => "WT",
            EventKind::Incident => "CAD",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.collection() == s)
            .ok_or_else(|| format!("'{s}' is not a kind of record"))
    }
}

// ---- crime -------------------------------------------------------------

pub use super::crime::{CrimeDetails, CrimeStatus};

// ---- intelligence ------------------------------------------------------

pub use super::intelligence::{Grading, IntelligenceDetails, IntelligenceStatus, Priority};

// ---- safeguarding ------------------------------------------------------

pub use super::safeguarding::{RiskLevel, SafeguardingCategory, SafeguardingDetails, SafeguardingStatus, Sharing};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OpenClosed {
    Open,
    Closed,
}

// ---- anti-social behaviour ---------------------------------------------

pub use super::asb::{AsbCategory, AsbDetails};

// ---- custody -----------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustodyOutcome {
    ChargedBailed,
    ChargedRemanded,
    ReferredToCps,
    PreChargeBail,
    ReleasedUnderInvestigation,
    NoFurtherAction,
    SimpleCaution,
    ConditionalCaution,
    Transferred,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustodyEntry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustodyDetails {
    /// The custody suite's location id.
    pub suite_id: String,
    pub cell: String,
    pub arrested_at: DateTime<Utc>,
    /// When the detention clock starts (PACE s.41).
    pub relevant_time: DateTime<Utc>,
    pub detention_authorised_at: DateTime<Utc>,
    pub arrest_reason: String,
    pub offences: Vec<String>,
    #[serde(default)]
    pub indictable: bool,
    pub arresting_officer: String,
    /// 1 general, 2 intermittent with rousing, 3 constant, 4 close proximity.
    pub observation_level: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_visit_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_review_at: Option<DateTime<Utc>>,
    pub status: OpenClosed,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<CustodyOutcome>,
    #[serde(default)]
    pub entries: Vec<CustodyEntry>,
    /// The prosecution case the charge opened or joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<LinkedRecord>,
    /// The crime report the detainee was charged on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crime: Option<LinkedRecord>,
    /// The warrant whose execution opened the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warrant: Option<LinkedRecord>,
    /// The bail the outcome granted (pre-charge, to court, or released
    /// under investigation), written with the outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bail: Option<Box<Bail>>,
    /// Detention already spent for the same offence before pre-charge bail
    /// (PACE s.47(6)), which the clock and the reviews count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried: Option<super::custody::CarriedDetention>,
}

// ---- prosecution case --------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChargingDecision {
    PoliceCharge,
    CpsFullCodeTest,
    CpsThresholdTest,
    NoFurtherAction,
    Caution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileStage {
    PreCharge,
    FirstHearingGuilty,
    FirstHearingNotGuilty,
    Upgrade,
    Remand,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    UnderInvestigation,
    EarlyAdvice,
    AwaitingCps,
    Charged,
    FirstHearingListed,
    PleaEntered,
    PreTrialHearing,
    TrialListed,
    Result,
    Finalised,
    RejectedForQuality,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Charge {
    pub offence: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Hearing {
    pub court: String,
    pub date: DateTime<Utc>,
    /// first_hearing, pre_trial, trial, sentence…
    pub hearing_type: String,
    #[serde(default)]
    pub remanded_in_custody: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseDetails {
    pub charges: Vec<Charge>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charging_decision: Option<ChargingDecision>,
    pub stage: FileStage,
    pub status: CaseStatus,
    #[serde(default)]
    pub hearings: Vec<Hearing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_due: Option<NaiveDate>,
    pub officer_in_case: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_reason: Option<String>,
    /// The custody records whose charges opened or joined the case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custody_records: Vec<LinkedRecord>,
    /// The crime reports the case prosecutes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crimes: Vec<LinkedRecord>,
    /// The bench warrants issued when a defendant failed to appear.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warrants: Vec<LinkedRecord>,
}

impl CaseDetails {
    /// The first hearing still to come.
    pub fn next_hearing(&self, now: DateTime<Utc>) -> Option<&Hearing> {
        self.hearings.iter().filter(|h| h.date >= now).min_by_key(|h| h.date)
    }
}

// ---- warrant -----------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarrantKind {
    ArrestWithBail,
    ArrestWithoutBail,
    Bench,
    Breach,
    Commitment,
    Search,
}

impl WarrantKind {
    pub const ALL: [WarrantKind; 6] = [
        WarrantKind::ArrestWithBail,
        WarrantKind::ArrestWithoutBail,
        WarrantKind::Bench,
        WarrantKind::Breach,
        WarrantKind::Commitment,
        WarrantKind::Search,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarrantStatus {
    Received,
    Validated,
    Circulated,
    Allocated,
    Executed,
    Withdrawn,
    Cancelled,
    Returned,
    Expired,
}

impl WarrantStatus {
    /// Still to be executed.
    pub fn is_outstanding(self) -> bool {
        matches!(self, Self::Received | Self::Validated | Self::Circulated | Self::Allocated)
    }

    /// Makes the person WANTED everywhere.
    pub fn makes_wanted(self) -> bool {
        matches!(self, Self::Circulated | Self::Allocated)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarrantAttempt {
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarrantExecution {
    pub at: DateTime<Utc>,
    pub place: String,
    pub officer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custody_record_id: Option<String>,
}

/// How a warrant ended without execution: withdrawn, cancelled by the
/// court or returned (the status says which), with the reason given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarrantClosure {
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarrantDetails {
    pub warrant_kind: WarrantKind,
    pub status: WarrantStatus,
    pub issuing_court: String,
    pub issued_on: NaiveDate,
    pub offence: String,
    #[serde(default)]
    pub violence: bool,
    #[serde(default)]
    pub domestic_abuse: bool,
    #[serde(default)]
    pub safeguarding_concern: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocated_to: Option<String>,
    #[serde(default)]
    pub attempts: Vec<WarrantAttempt>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<WarrantExecution>,
    /// Why, when and by whom it was withdrawn, cancelled or returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<WarrantClosure>,
    /// The prosecution case a bench warrant was issued on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<LinkedRecord>,
}

/// A derived flag an open record puts on a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Wanted,
    InCustody,
    Missing,
    AtRisk,
    /// Bail (not a release under investigation) still running.
    OnBail,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Wanted => "wanted",
            Flag::InCustody => "in_custody",
            Flag::Missing => "missing",
            Flag::AtRisk => "at_risk",
            Flag::OnBail => "on_bail",
        }
    }

    pub fn parse(s: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub const ALL: [Flag; 5] = [Flag::Wanted, Flag::InCustody, Flag::Missing, Flag::AtRisk, Flag::OnBail];

    /// The kind of record the flag is derived from: a role that may not
    /// read that kind is not told the flag either.
    pub fn source(self) -> EventKind {
        match self {
            Flag::Wanted => EventKind::Warrant,
            Flag::InCustody | Flag::OnBail => EventKind::Custody,
            Flag::Missing | Flag::AtRisk => EventKind::Safeguarding,
        }
    }
}

// ---- the common shape --------------------------------------------------

/// The area-specific part of an event, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventDetails {
    Crime(Box<CrimeDetails>),
    Intelligence(IntelligenceDetails),
    Safeguarding(Box<SafeguardingDetails>),
    Asb(AsbDetails),
    Custody(CustodyDetails),
    Case(CaseDetails),
    Warrant(WarrantDetails),
    Incident(Box<IncidentDetails>),
}

impl EventDetails {
    pub fn kind(&self) -> EventKind {
        match self {
            EventDetails::Crime(_) => EventKind::Crime,
            EventDetails::Intelligence(_) => EventKind::Intelligence,
            EventDetails::Safeguarding(_) => EventKind::Safeguarding,
            EventDetails::Asb(_) => EventKind::Asb,
            EventDetails::Custody(_) => EventKind::Custody,
            EventDetails::Case(_) => EventKind::Case,
            EventDetails::Warrant(_) => EventKind::Warrant,
            EventDetails::Incident(_) => EventKind::Incident,
        }
    }

    /// The status column that queues filter on.
    pub fn status(&self) -> String {
        let value = match self {
            EventDetails::Crime(d) => serde_json::to_value(d.status),
            EventDetails::Intelligence(d) => Ok(serde_json::Value::from(d.status.as_str())),
            EventDetails::Safeguarding(d) => serde_json::to_value(d.status),
            EventDetails::Asb(d) => serde_json::to_value(d.status),
            EventDetails::Custody(d) => serde_json::to_value(d.status),
            EventDetails::Case(d) => serde_json::to_value(d.status),
            EventDetails::Warrant(d) => serde_json::to_value(d.status),
            EventDetails::Incident(d) => serde_json::to_value(d.status),
        };
        value.ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    /// Whether the record is still live (drives the derived flags and queues).
    pub fn is_open(&self) -> bool {
        match self {
            EventDetails::Crime(d) => d.status.is_live(),
            EventDetails::Intelligence(_) => true,
            EventDetails::Safeguarding(d) => d.is_open(),
            EventDetails::Asb(d) => d.status == OpenClosed::Open,
            EventDetails::Custody(d) => d.status == OpenClosed::Open,
            EventDetails::Case(d) => !matches!(d.status, CaseStatus::Finalised),
            EventDetails::Warrant(d) => d.status.is_outstanding(),
            EventDetails::Incident(d) => d.status != IncidentStatus::Closed,
        }
    }

    /// The flag this record puts on a person in `role` while it stays open.
    pub fn flag_for(&self, role: EventRole) -> Option<Flag> {
        match self {
            EventDetails::Warrant(d) if role == EventRole::WantedPerson && d.status.makes_wanted() => {
                Some(Flag::Wanted)
            }
            EventDetails::Custody(d) if role == EventRole::Detainee && d.status == OpenClosed::Open => {
                Some(Flag::InCustody)
            }
            EventDetails::Custody(d) if role == EventRole::Detainee && d.bail.as_ref().is_some_and(|b| b.on_bail()) => {
                Some(Flag::OnBail)
            }
            // Missing until found; at risk while a high-risk report is open.
            EventDetails::Safeguarding(d) if d.is_open() && role == EventRole::Subject => {
                if d.is_missing() {
                    Some(Flag::Missing)
                } else if d.risk == RiskLevel::High {
                    Some(Flag::AtRisk)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn validate(&mut self, today: NaiveDate) -> Result<(), FieldError> {
        match self {
            EventDetails::Crime(d) => d.validate()?,
            EventDetails::Intelligence(d) => d.validate()?,
            EventDetails::Safeguarding(d) => d.validate()?,
            EventDetails::Asb(d) => d.validate()?,
            EventDetails::Custody(d) => {
                require_text("suite_id", &d.suite_id)?;
                require_text("cell", &d.cell)?;
                require_text("arrest_reason", &d.arrest_reason)?;
                require_text("arresting_officer", &d.arresting_officer)?;
                if d.offences.is_empty() {
                    return Err(FieldError::new("offences", "at least one offence is required"));
                }
                if !(1..=4).contains(&d.observation_level) {
                    return Err(FieldError::new("observation_level", "must be 1, 2, 3 or 4"));
                }
                if d.relevant_time < d.arrested_at {
                    return Err(FieldError::new("relevant_time", "is before the arrest"));
                }
                if d.detention_authorised_at < d.relevant_time - chrono::Duration::hours(24) {
                    return Err(FieldError::new("detention_authorised_at", "is long before the relevant time"));
                }
            }
            EventDetails::Case(d) => {
                require_text("officer_in_case", &d.officer_in_case)?;
                for (i, charge) in d.charges.iter().enumerate() {
                    require_text(&format!("charges[{i}].offence"), &charge.offence)?;
                    if charge.date > today {
                        return Err(FieldError::new(format!("charges[{i}].date"), "is in the future"));
                    }
                }
                if d.status == CaseStatus::RejectedForQuality
                    && d.rejected_reason.as_deref().is_none_or(|r| r.trim().is_empty())
                {
                    return Err(FieldError::new("rejected_reason", "a file rejected for quality needs the reason"));
                }
            }
            EventDetails::Warrant(d) => {
                require_text("issuing_court", &d.issuing_court)?;
                require_text("offence", &d.offence)?;
                if d.issued_on > today {
                    return Err(FieldError::new("issued_on", "is in the future"));
                }
            }
            EventDetails::Incident(d) => d.validate()?,
        }
        Ok(())
    }
}

/// What a create or update of an event carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    /// Crime number, URN, custody record number, warrant number. Generated
    /// when left out, except for prosecution cases, which are keyed by URN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub occurred_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    pub summary: String,
    #[serde(default)]
    pub people: Vec<EventPerson>,
    pub details: EventDetails,
    /// Vehicles and phones the record names, by mark or number: each links
    /// to the vehicle or phone on record, or makes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<EventObject>,
}

impl EventInput {
    /// The first version of the record this input creates.
    pub fn into_event(self, id: String, reference: String, now: DateTime<Utc>, provenance: Provenance) -> Event {
        let kind = self.details.kind();
        Event {
            id,
            kind,
            reference,
            version: 1,
            status: self.details.status(),
            occurred_at: self.occurred_at,
            borough: self.borough,
            summary: self.summary,
            people: self.people,
            details: self.details,
            created_at: now,
            updated_at: now,
            provenance,
        }
    }

    /// Checks the input against the rules for its kind; `kind` is the
    /// collection it was sent to.
    pub fn validate(&mut self, kind: EventKind, now: DateTime<Utc>) -> Result<(), FieldError> {
        if self.details.kind() != kind {
            return Err(FieldError::new(
                "details.kind",
                format!("is '{}' but this is the {} collection", self.details.kind(), kind.collection()),
            ));
        }
        text::check_all(self, now.date_naive())?;
        require_text("summary", &self.summary)?;
        check_happened("occurred_at", self.occurred_at, now)?;
        if let Some(b) = &self.borough {
            let canonical = boroughs::canonical(b)
                .ok_or_else(|| FieldError::new("borough", format!("'{b}' is not a London borough")))?;
            self.borough = Some(canonical.to_string());
        }
        if let Some(reference) = &self.reference {
            text::identity("reference", reference)?;
            require_text("reference", reference)?;
            if reference.len() > 40 {
                return Err(FieldError::new("reference", "is longer than 40 characters"));
            }
        }
        if kind == EventKind::Case {
            let urn = self.reference.as_deref().ok_or_else(|| FieldError::new("reference", "a case needs its URN"))?;
            self.reference = Some(field("reference", parse_urn(urn))?);
        }
        for (i, person) in self.people.iter().enumerate() {
            require_text(&format!("people[{i}].person_id"), &person.person_id)?;
        }
        if kind == EventKind::Warrant && self.people.iter().filter(|p| p.role == EventRole::WantedPerson).count() > 1 {
            return Err(FieldError::new("people", "a warrant names exactly one wanted person"));
        }
        validate_event_objects(&mut self.objects)?;
        self.details.validate(now.date_naive()).map_err(|e| e.within("details"))
    }
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
    pub reference: String,
    pub version: i64,
    pub status: String,
    pub occurred_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    pub summary: String,
    pub people: Vec<EventPerson>,
    pub details: EventDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub provenance: Provenance,
}

impl Event {
    /// The record as an update would send it back, to change a part of it.
    pub fn as_input(&self) -> EventInput {
        EventInput {
            objects: Vec::new(),
            reference: Some(self.reference.clone()),
            occurred_at: self.occurred_at,
            borough: self.borough.clone(),
            summary: self.summary.clone(),
            people: self.people.clone(),
            details: self.details.clone(),
        }
    }
}

impl LinkedRecord {
    /// A link to `event`, named by its reference.
    pub fn to(event: &Event) -> Self {
        LinkedRecord { kind: event.kind, id: event.id.clone(), reference: event.reference.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warrant_json() -> serde_json::Value {
        serde_json::json!({
            "occurred_at": "2026-11-01T10:00:00Z",
            "summary": "Failed to appear",
            "people": [{"person_id": "p1", "role": "wanted_person"}],
            "details": {
                "kind": "warrant", "warrant_kind": "bench", "status": "received",
                "issuing_court": "Highbury Corner Magistrates' Court", "issued_on": "2026-11-01",
                "offence": "Burglary"
            }
        })
    }

    #[test]
    fn a_warrant_parses_and_validates() {
        let mut input: EventInput = serde_json::from_value(warrant_json()).unwrap();
        input.validate(EventKind::Warrant, Utc::now()).unwrap();
        assert_eq!(input.details.status(), "received");
        assert!(input.details.is_open());
    }

    #[test]
    fn text_and_dates_are_checked_in_every_field() {
        let mut input: EventInput = serde_json::from_value(warrant_json()).unwrap();
        input.occurred_at = "-262143-01-01T00:00:00Z".parse().unwrap();
        let err = input.validate(EventKind::Warrant, Utc::now()).unwrap_err();
        assert_eq!(err.field, "occurred_at");
        let mut input: EventInput = serde_json::from_value(warrant_json()).unwrap();
        input.reference = Some("WA\u{200B}/1".into());
        assert_eq!(input.validate(EventKind::Warrant, Utc::now()).unwrap_err().field, "reference");
        let mut json = warrant_json();
        json["details"]["issuing_court"] = "Highbury \u{202E}Corner".into();
        let mut input: EventInput = serde_json::from_value(json).unwrap();
        assert_eq!(input.validate(EventKind::Warrant, Utc::now()).unwrap_err().field, "details.issuing_court");
        let mut json = warrant_json();
        json["details"]["issued_on"] = "1066-10-14".into();
        let mut input: EventInput = serde_json::from_value(json).unwrap();
        assert_eq!(input.validate(EventKind::Warrant, Utc::now()).unwrap_err().field, "details.issued_on");
    }

    #[test]
    fn details_of_another_kind_are_refused() {
        let mut input: EventInput = serde_json::from_value(warrant_json()).unwrap();
        assert_eq!(input.validate(EventKind::Crime, Utc::now()).unwrap_err().field, "details.kind");
    }

    #[test]
    fn unknown_fields_inside_details_are_refused() {
        let mut json = warrant_json();
        json["details"]["colour"] = "red".into();
        assert!(serde_json::from_value::<EventInput>(json).is_err());
    }

    #[test]
    fn grading_c_needs_conditions() {
        let g = Grading::ThreeFiveTwo { source: 1, intelligence: 'B', handling: 'C', conditions: None };
        assert_eq!(g.validate().unwrap_err().field, "conditions");
        let g = Grading::ThreeFiveTwo { source: 4, intelligence: 'B', handling: 'P', conditions: None };
        assert_eq!(g.validate().unwrap_err().field, "source");
    }

    #[test]
    fn a_case_needs_a_valid_urn() {
        let mut input: EventInput = serde_json::from_value(serde_json::json!({
            "reference": "01YE12345",
            "occurred_at": "2026-11-01T10:00:00Z",
            "summary": "Assault",
            "details": {"kind": "case", "charges": [], "stage": "pre_charge",
                        "status": "under_investigation", "officer_in_case": "DC Shah"}
        }))
        .unwrap();
        assert_eq!(input.validate(EventKind::Case, Utc::now()).unwrap_err().field, "reference");
    }
}
