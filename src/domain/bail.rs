//! Bail as a record: pre-charge bail (3 months at first, extended by an
//! inspector to 6, a superintendent to 9, a magistrates' court beyond),
//! bail to court after charge, and release under investigation, each with
//! its conditions, return date and place and the authority that granted
//! it. It is written on the custody record whose outcome granted it, in the
//! same write, and runs until it is answered or ended. Pure.

use chrono::{DateTime, Months, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::require_text;
use super::role::{Role, Roles};
use super::FieldError;

/// Pre-charge bail's first period.
pub const INITIAL_MONTHS: u32 = 3;
/// How far an inspector may extend it, from the day it was granted.
pub const INSPECTOR_MONTHS: u32 = 6;
/// How far a superintendent may; beyond, only a magistrates' court.
pub const SUPERINTENDENT_MONTHS: u32 = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BailKind {
    /// Released on bail before charge, to answer it at a police station.
    PreCharge,
    /// Charged and bailed to appear at court.
    ToCourt,
    /// Released under investigation: no return date, no conditions.
    ReleasedUnderInvestigation,
}

impl BailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BailKind::PreCharge => "pre_charge",
            BailKind::ToCourt => "to_court",
            BailKind::ReleasedUnderInvestigation => "released_under_investigation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BailKind::PreCharge => "pre-charge bail",
            BailKind::ToCourt => "bail to court",
            BailKind::ReleasedUnderInvestigation => "released under investigation",
        }
    }
}

/// A condition of bail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum BailCondition {
    /// To live and sleep at an address.
    Residence { address: String },
    /// To stay indoors between two times (London), at the residence unless `address` says.
    Curfew {
        from: NaiveTime,
        until: NaiveTime,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<String>,
    },
    /// No contact, direct or indirect, with a named person.
    NoContact { person: String },
    /// To report at a police station on the days given.
    Reporting { station: String, days: String },
}

impl BailCondition {
    /// The condition in a line, as the profile and the diary show it.
    pub fn describe(&self) -> String {
        match self {
            BailCondition::Residence { address } => format!("reside at {address}"),
            BailCondition::Curfew { from, until, address } => {
                let at = address.as_deref().map(|a| format!(" at {a}")).unwrap_or_default();
                format!("curfew {}-{}{at}", from.format("%H:%M"), until.format("%H:%M"))
            }
            BailCondition::NoContact { person, .. } => format!("no contact with {person}"),
            BailCondition::Reporting { station, days } => format!("report at {station} {days}"),
        }
    }

    fn validate(&self, field: &str) -> Result<(), FieldError> {
        match self {
            BailCondition::Residence { address } => require_text(&format!("{field}.address"), address),
            BailCondition::Curfew { from, until, address } => {
                if from == until {
                    return Err(FieldError::new(format!("{field}.until"), "a curfew ends at another time"));
                }
                match address {
                    Some(a) => require_text(&format!("{field}.address"), a),
                    None => Ok(()),
                }
            }
            BailCondition::NoContact { person, .. } => require_text(&format!("{field}.person"), person),
            BailCondition::Reporting { station, days } => {
                require_text(&format!("{field}.station"), station)?;
                require_text(&format!("{field}.days"), days)
            }
        }
    }
}

/// What a release or a charge says of the bail it grants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BailTerms {
    /// When to answer bail: required for pre-charge bail; bail to court
    /// answers at the first hearing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_at: Option<DateTime<Utc>>,
    /// Where: for pre-charge bail a custody suite (left out, the suite
    /// that released); for bail to court, the court.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_place: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<BailCondition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BailStatus {
    Running,
    Answered,
    Ended,
}

/// Who granted or extended bail, with the role they held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BailAuthority {
    pub by: String,
    pub role: String,
}

/// Who may extend pre-charge bail, and how far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionAuthority {
    /// To 6 months from the grant.
    Inspector,
    /// To 9 months.
    Superintendent,
    /// Beyond 9 months; the court is named.
    MagistratesCourt,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BailExtension {
    pub at: DateTime<Utc>,
    pub by: String,
    pub authority: ExtensionAuthority,
    /// The court, for an extension by a magistrates' court.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<String>,
    pub until: NaiveDate,
    pub grounds: String,
}

/// How bail came to an end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BailClosure {
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: String,
    /// The custody record opened when the person was arrested again on
    /// answering bail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custody_record_id: Option<String>,
}

/// Bail on a custody record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Bail {
    pub kind: BailKind,
    pub status: BailStatus,
    pub granted_at: DateTime<Utc>,
    pub authority: BailAuthority,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_place: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<BailCondition>,
    /// The last day pre-charge bail may run, as extended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<BailExtension>,
    /// Answered or ended: when, by whom, what happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<BailClosure>,
}

/// The role named as bail's authority: the most senior the caller holds.
pub fn authority_role(roles: &Roles) -> &'static str {
    [Role::Superintendent, Role::Inspector, Role::CustodySergeant, Role::CustodyOfficer]
        .into_iter()
        .find(|r| roles.has(*r))
        .map(|r| r.as_str())
        .unwrap_or("none")
}

impl Bail {
    /// Bail granted at `at` by `authority`: `terms` checked for `kind`;
    /// `suite` is the releasing suite (pre-charge bail's default return
    /// place); `limit_on` the last day of pre-charge bail (left out, 3
    /// months on); `court` the first hearing for bail to court.
    pub fn grant(
        kind: BailKind,
        terms: &BailTerms,
        suite: &str,
        at: DateTime<Utc>,
        authority: BailAuthority,
        limit_on: Option<NaiveDate>,
        court: Option<(&str, DateTime<Utc>)>,
    ) -> Result<Bail, FieldError> {
        for (i, c) in terms.conditions.iter().enumerate() {
            c.validate(&format!("bail.conditions[{i}]"))?;
        }
        if let Some(place) = &terms.return_place {
            require_text("bail.return_place", place)?;
        }
        let place = terms.return_place.as_deref().map(str::trim);
        let (return_at, return_place, limit) = match kind {
            BailKind::PreCharge => {
                let back = terms.return_at.ok_or_else(|| {
                    FieldError::new("bail.return_at", "pre-charge bail needs the date and time to answer it")
                })?;
                if back <= at {
                    return Err(FieldError::new("bail.return_at", "must be after the release"));
                }
                let limit = match limit_on {
                    Some(day) => day,
                    None => at
                        .date_naive()
                        .checked_add_months(Months::new(INITIAL_MONTHS))
                        .ok_or_else(|| FieldError::new("bail_until", "cannot be worked out from the date"))?,
                };
                if back.date_naive() > limit {
                    return Err(FieldError::new("bail.return_at", format!("is after the bail ends on {limit}")));
                }
                (Some(back), Some(place.unwrap_or(suite).to_string()), Some(limit))
            }
            BailKind::ToCourt => {
                let (court, hearing) =
                    court.ok_or_else(|| FieldError::new("bail", "bail to court needs the hearing"))?;
                (Some(hearing), Some(place.unwrap_or(court).to_string()), None)
            }
            BailKind::ReleasedUnderInvestigation => {
                if terms.return_at.is_some() || !terms.conditions.is_empty() {
                    return Err(FieldError::new(
                        "bail",
                        "release under investigation has no return date and no conditions: use pre-charge bail",
                    ));
                }
                (None, None, None)
            }
        };
        Ok(Bail {
            kind,
            status: BailStatus::Running,
            granted_at: at,
            authority,
            return_at,
            return_place,
            conditions: terms.conditions.clone(),
            limit_on: limit,
            extensions: Vec::new(),
            closure: None,
        })
    }

    /// Its free text, where a name or an address may be written (erasure
    /// redacts it).
    pub fn free_text(&mut self) -> Vec<&mut String> {
        let mut out = Vec::new();
        for c in &mut self.conditions {
            match c {
                BailCondition::Residence { address } => out.push(address),
                BailCondition::Curfew { address, .. } => out.extend(address.as_mut()),
                BailCondition::NoContact { person } => out.push(person),
                BailCondition::Reporting { station, days } => out.extend([station, days]),
            }
        }
        out.extend(self.extensions.iter_mut().map(|e| &mut e.grounds));
        out.extend(self.closure.as_mut().map(|c| &mut c.note));
        out
    }

    /// Whether it puts ON BAIL on the person: bail (not a release under
    /// investigation) still running.
    pub fn on_bail(&self) -> bool {
        self.status == BailStatus::Running && self.kind != BailKind::ReleasedUnderInvestigation
    }
}
