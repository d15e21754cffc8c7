//! The prosecution case file lifecycle as typed actions: charging decision,
//! hearings, plea, trial, result, finalisation, and rejection for quality,
//! with the rules that keep the order (no trial before a plea, no result
//! before a hearing), plus the custody time limit countdown. Pure.
//!
//! A plea and a result are recorded as the outcome of the hearing at which
//! they happened (`plea: not guilty`, `result: …`), so the file's hearings
//! are its history.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::require_text;
use super::event::{CaseDetails, CaseStatus, Charge, ChargingDecision, FileStage, Hearing};
use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Plea {
    Guilty,
    NotGuilty,
    /// Guilty to some charges, not guilty to others.
    Mixed,
}

impl Plea {
    fn label(self) -> &'static str {
        match self {
            Plea::Guilty => "plea: guilty",
            Plea::NotGuilty => "plea: not guilty",
            Plea::Mixed => "plea: mixed",
        }
    }
}

const PLEA_PREFIX: &str = "plea: ";
/// The hearing outcome a failure to appear records.
pub const FAILED_TO_APPEAR: &str = "failed to appear — warrant issued";
const RESULT_PREFIX: &str = "result: ";

/// Something done to a case file. On the wire: `{"type": "enter_plea", "hearing": 0, "plea": "not_guilty"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseAction {
    /// Ask the CPS for early advice.
    SeekEarlyAdvice,
    /// Send the file for a charging decision.
    SubmitToCps,
    /// Police charge, CPS Full Code or Threshold Test (the case is charged),
    /// or no further action / caution (the case is finalised).
    ChargingDecision {
        decision: ChargingDecision,
        #[serde(default)]
        charges: Vec<Charge>,
    },
    ListFirstHearing {
        court: String,
        date: DateTime<Utc>,
    },
    /// At hearing number `hearing` (0-based), which must have taken place.
    EnterPlea {
        hearing: usize,
        plea: Plea,
    },
    ListPreTrial {
        court: String,
        date: DateTime<Utc>,
    },
    /// Refused before a plea.
    ListTrial {
        court: String,
        date: DateTime<Utc>,
    },
    /// What happened at a hearing, and whether the defendant was remanded in custody.
    HearingOutcome {
        hearing: usize,
        outcome: String,
        remanded_in_custody: bool,
    },
    /// The defendant did not attend hearing `hearing`, which took place,
    /// and the court issued a bench warrant: the warrant is written with
    /// the case. `defendant` (a person id) is needed only when the case has
    /// more than one.
    FailedToAppear {
        hearing: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        defendant: Option<String>,
    },
    /// The verdict or sentence at a hearing that took place; refused before any.
    RecordResult {
        hearing: usize,
        result: String,
    },
    Finalise,
    RejectForQuality {
        reason: String,
    },
    /// Back after a rejection, once the file is put right.
    Resubmit,
    SetFileDue {
        date: NaiveDate,
    },
    AssignOfficer {
        officer: String,
    },
}

impl CaseAction {
    pub fn name(&self) -> &'static str {
        match self {
            CaseAction::SeekEarlyAdvice => "seek early advice on",
            CaseAction::SubmitToCps => "submit to the CPS",
            CaseAction::ChargingDecision { .. } => "record a charging decision on",
            CaseAction::ListFirstHearing { .. } => "list a first hearing for",
            CaseAction::EnterPlea { .. } => "enter a plea on",
            CaseAction::ListPreTrial { .. } => "list a pre-trial hearing for",
            CaseAction::ListTrial { .. } => "list a trial for",
            CaseAction::HearingOutcome { .. } => "record a hearing outcome on",
            CaseAction::FailedToAppear { .. } => "record a failure to appear on",
            CaseAction::RecordResult { .. } => "record a result on",
            CaseAction::Finalise => "finalise",
            CaseAction::RejectForQuality { .. } => "reject for quality",
            CaseAction::Resubmit => "resubmit",
            CaseAction::SetFileDue { .. } => "set the file due date on",
            CaseAction::AssignOfficer { .. } => "assign the officer on",
        }
    }

    /// The statuses this action may be taken from.
    pub fn allowed_from(&self) -> &'static [CaseStatus] {
        use CaseStatus::*;
        match self {
            CaseAction::SeekEarlyAdvice => &[UnderInvestigation],
            CaseAction::SubmitToCps => &[UnderInvestigation, EarlyAdvice],
            CaseAction::ChargingDecision { .. } => &[UnderInvestigation, EarlyAdvice, AwaitingCps],
            CaseAction::ListFirstHearing { .. } => &[Charged],
            CaseAction::EnterPlea { .. } => &[FirstHearingListed, PreTrialHearing],
            CaseAction::ListPreTrial { .. } => &[PleaEntered],
            CaseAction::ListTrial { .. } => &[PleaEntered, PreTrialHearing],
            CaseAction::HearingOutcome { .. } => {
                &[FirstHearingListed, PleaEntered, PreTrialHearing, TrialListed, Result]
            }
            CaseAction::RecordResult { .. } | CaseAction::FailedToAppear { .. } => {
                &[FirstHearingListed, PleaEntered, PreTrialHearing, TrialListed]
            }
            CaseAction::Finalise => &[Result],
            CaseAction::RejectForQuality { .. } => &[AwaitingCps, Charged, FirstHearingListed, PleaEntered],
            CaseAction::Resubmit => &[RejectedForQuality],
            CaseAction::SetFileDue { .. } | CaseAction::AssignOfficer { .. } => &[
                UnderInvestigation,
                EarlyAdvice,
                AwaitingCps,
                Charged,
                FirstHearingListed,
                PleaEntered,
                PreTrialHearing,
                TrialListed,
                Result,
                RejectedForQuality,
            ],
        }
    }
}

/// Whether a plea has been entered at any hearing.
pub fn plea_entered(d: &CaseDetails) -> bool {
    d.hearings.iter().any(|h| h.outcome.as_deref().is_some_and(|o| o.contains(PLEA_PREFIX)))
}

/// The result, once recorded.
pub fn result(d: &CaseDetails) -> Option<&str> {
    d.hearings.iter().rev().find_map(|h| h.outcome.as_deref().and_then(|o| o.split(RESULT_PREFIX).nth(1)))
}

fn status_name(s: CaseStatus) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn refuse(action: &CaseAction, status: CaseStatus) -> FieldError {
    let allowed: Vec<String> = action.allowed_from().iter().map(|s| status_name(*s)).collect();
    FieldError::new(
        "action.type",
        format!(
            "cannot {} a case that is {}; allowed only when {}",
            action.name(),
            status_name(status),
            allowed.join(" or ")
        ),
    )
}

/// Where a file goes back to after a rejection for quality, read from what it holds.
fn resumed_status(d: &CaseDetails) -> CaseStatus {
    let charged = matches!(
        d.charging_decision,
        Some(ChargingDecision::PoliceCharge | ChargingDecision::CpsFullCodeTest | ChargingDecision::CpsThresholdTest)
    );
    if !charged {
        CaseStatus::AwaitingCps
    } else if plea_entered(d) {
        CaseStatus::PleaEntered
    } else if d.hearings.is_empty() {
        CaseStatus::Charged
    } else {
        CaseStatus::FirstHearingListed
    }
}

fn held_hearing(d: &mut CaseDetails, index: usize, now: DateTime<Utc>) -> Result<&mut Hearing, FieldError> {
    let count = d.hearings.len();
    let hearing = d.hearings.get_mut(index).ok_or_else(|| {
        FieldError::new("action.hearing", format!("there is no hearing {index}; the case has {count}"))
    })?;
    if hearing.date > now {
        return Err(FieldError::new("action.hearing", "that hearing has not taken place yet"));
    }
    Ok(hearing)
}

fn add_outcome(hearing: &mut Hearing, text: String) {
    hearing.outcome = Some(match hearing.outcome.take() {
        Some(before) if !before.trim().is_empty() => format!("{before}; {text}"),
        _ => text,
    });
}

fn list(d: &mut CaseDetails, court: &str, date: DateTime<Utc>, hearing_type: &str) -> Result<(), FieldError> {
    require_text("action.court", court)?;
    if let Some(last) = d.hearings.iter().map(|h| h.date).max() {
        if date < last {
            return Err(FieldError::new("action.date", "is before a hearing already on the file"));
        }
    }
    d.hearings.push(Hearing {
        court: court.trim().to_string(),
        date,
        hearing_type: hearing_type.to_string(),
        remanded_in_custody: false,
        outcome: None,
    });
    Ok(())
}

/// Applies `action` at `now`, giving the case's new details.
pub fn apply(current: &CaseDetails, action: &CaseAction, now: DateTime<Utc>) -> Result<CaseDetails, FieldError> {
    let status = current.status;
    // Said plainly: these two are the refusals officers meet most.
    match action {
        CaseAction::ListTrial { .. } if !plea_entered(current) => {
            return Err(FieldError::new("action.type", "no trial can be listed before a plea is entered"));
        }
        CaseAction::RecordResult { .. } if current.hearings.iter().all(|h| h.date > now) => {
            return Err(FieldError::new("action.type", "no result can be recorded before a hearing has taken place"));
        }
        _ => {}
    }
    if !action.allowed_from().contains(&status) {
        return Err(refuse(action, status));
    }
    let mut d = current.clone();
    match action {
        CaseAction::SeekEarlyAdvice => d.status = CaseStatus::EarlyAdvice,
        CaseAction::SubmitToCps => {
            d.status = CaseStatus::AwaitingCps;
            d.stage = FileStage::PreCharge;
        }
        CaseAction::ChargingDecision { decision, charges } => {
            let cps = matches!(decision, ChargingDecision::CpsFullCodeTest | ChargingDecision::CpsThresholdTest);
            if cps && status != CaseStatus::AwaitingCps {
                return Err(FieldError::new("action.decision", "a CPS decision needs the file submitted to the CPS"));
            }
            for (i, c) in charges.iter().enumerate() {
                require_text(&format!("action.charges[{i}].offence"), &c.offence)?;
                if c.date > now.date_naive() {
                    return Err(FieldError::new(format!("action.charges[{i}].date"), "is in the future"));
                }
            }
            d.charges.extend(charges.iter().cloned());
            d.charging_decision = Some(*decision);
            match decision {
                ChargingDecision::NoFurtherAction | ChargingDecision::Caution => d.status = CaseStatus::Finalised,
                _ => {
                    if d.charges.is_empty() {
                        return Err(FieldError::new("action.charges", "a charge decision needs at least one charge"));
                    }
                    d.status = CaseStatus::Charged;
                }
            }
        }
        CaseAction::ListFirstHearing { court, date } => {
            list(&mut d, court, *date, "first_hearing")?;
            d.status = CaseStatus::FirstHearingListed;
        }
        CaseAction::EnterPlea { hearing, plea } => {
            let h = held_hearing(&mut d, *hearing, now)?;
            add_outcome(h, plea.label().to_string());
            d.stage = match plea {
                Plea::Guilty => FileStage::FirstHearingGuilty,
                Plea::NotGuilty | Plea::Mixed => FileStage::Upgrade,
            };
            d.status = CaseStatus::PleaEntered;
        }
        CaseAction::ListPreTrial { court, date } => {
            list(&mut d, court, *date, "pre_trial")?;
            d.status = CaseStatus::PreTrialHearing;
        }
        CaseAction::ListTrial { court, date } => {
            list(&mut d, court, *date, "trial")?;
            d.status = CaseStatus::TrialListed;
        }
        CaseAction::HearingOutcome { hearing, outcome, remanded_in_custody } => {
            require_text("action.outcome", outcome)?;
            let h = held_hearing(&mut d, *hearing, now)?;
            add_outcome(h, outcome.trim().to_string());
            h.remanded_in_custody = *remanded_in_custody;
            if *remanded_in_custody {
                d.stage = FileStage::Remand;
            }
        }
        CaseAction::FailedToAppear { hearing, .. } => {
            let h = held_hearing(&mut d, *hearing, now)?;
            add_outcome(h, FAILED_TO_APPEAR.to_string());
            // Not remanded by the court: wanted on its warrant.
            h.remanded_in_custody = false;
        }
        CaseAction::RecordResult { hearing, result } => {
            require_text("action.result", result)?;
            let h = held_hearing(&mut d, *hearing, now)?;
            add_outcome(h, format!("{RESULT_PREFIX}{}", result.trim()));
            h.remanded_in_custody = false;
            d.status = CaseStatus::Result;
        }
        CaseAction::Finalise => d.status = CaseStatus::Finalised,
        CaseAction::RejectForQuality { reason } => {
            require_text("action.reason", reason)?;
            d.rejected_reason = Some(reason.trim().to_string());
            d.status = CaseStatus::RejectedForQuality;
        }
        CaseAction::Resubmit => {
            d.status = resumed_status(&d);
            d.rejected_reason = None;
        }
        CaseAction::SetFileDue { date } => d.file_due = Some(*date),
        CaseAction::AssignOfficer { officer } => {
            require_text("action.officer", officer)?;
            d.officer_in_case = officer.trim().to_string();
        }
    }
    Ok(d)
}

/// Custody time limits (Prosecution of Offences (Custody Time Limits)
/// Regulations 1987): days from the first remand in custody to the start
/// of trial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CtlRules {
    pub crown_court_days: i64,
    pub magistrates_days: i64,
}

impl Default for CtlRules {
    fn default() -> Self {
        Self { crown_court_days: 182, magistrates_days: 56 }
    }
}

/// A running custody time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CustodyTimeLimit {
    pub remanded_since: NaiveDate,
    pub expires_on: NaiveDate,
    /// Negative once the limit has passed.
    pub days_remaining: i64,
    pub crown_court: bool,
}

/// The custody time limit for a defendant remanded in custody: counted from
/// the first hearing of the current unbroken run of custody remands, to the
/// Crown Court limit if any hearing is in a Crown Court (read from the
/// court's name), else the magistrates' limit. None when the defendant is
/// not remanded in custody, or once a result is recorded.
pub fn custody_time_limit(d: &CaseDetails, rules: &CtlRules, now: DateTime<Utc>) -> Option<CustodyTimeLimit> {
    if matches!(d.status, CaseStatus::Result | CaseStatus::Finalised) {
        return None;
    }
    let mut held: Vec<&Hearing> = d.hearings.iter().filter(|h| h.date <= now && h.outcome.is_some()).collect();
    held.sort_by_key(|h| h.date);
    if !held.last().is_some_and(|h| h.remanded_in_custody) {
        return None;
    }
    let run_start = held.iter().rev().take_while(|h| h.remanded_in_custody).last()?;
    let since = run_start.date.date_naive();
    let crown_court = d.hearings.iter().any(|h| h.court.to_lowercase().contains("crown court"));
    let limit = if crown_court { rules.crown_court_days } else { rules.magistrates_days };
    let expires_on = since + Duration::days(limit);
    Some(CustodyTimeLimit {
        remanded_since: since,
        expires_on,
        days_remaining: (expires_on - now.date_naive()).num_days(),
        crown_court,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, m, d, 10, 0, 0).unwrap()
    }

    fn case() -> CaseDetails {
        CaseDetails {
            charges: vec![],
            charging_decision: None,
            stage: FileStage::PreCharge,
            status: CaseStatus::UnderInvestigation,
            hearings: vec![],
            file_due: None,
            officer_in_case: "DC Shah".into(),
            rejected_reason: None,
            custody_records: Vec::new(),
            crimes: Vec::new(),
            warrants: Vec::new(),
        }
    }

    fn charge() -> Charge {
        Charge { offence: "Robbery".into(), date: NaiveDate::from_ymd_opt(2026, 1, 3).unwrap() }
    }

    fn step(d: &CaseDetails, action: CaseAction, now: DateTime<Utc>) -> CaseDetails {
        apply(d, &action, now).unwrap_or_else(|e| panic!("{action:?}: {e}"))
    }

    #[test]
    fn a_case_walks_from_charging_decision_to_finalised() {
        let mut d = step(&case(), CaseAction::SubmitToCps, at(1, 5));
        d = step(
            &d,
            CaseAction::ChargingDecision { decision: ChargingDecision::CpsFullCodeTest, charges: vec![charge()] },
            at(1, 6),
        );
        assert_eq!(d.status, CaseStatus::Charged);
        let crown = "Inner London Crown Court".to_string();
        d = step(
            &d,
            CaseAction::ListFirstHearing { court: "Camberwell Green Magistrates' Court".into(), date: at(1, 20) },
            at(1, 6),
        );
        d = step(&d, CaseAction::EnterPlea { hearing: 0, plea: Plea::NotGuilty }, at(1, 21));
        assert_eq!(d.stage, FileStage::Upgrade);
        d = step(&d, CaseAction::ListPreTrial { court: crown.clone(), date: at(2, 10) }, at(1, 21));
        d = step(&d, CaseAction::ListTrial { court: crown, date: at(5, 1) }, at(2, 11));
        assert_eq!(d.status, CaseStatus::TrialListed);
        d = step(&d, CaseAction::RecordResult { hearing: 2, result: "Guilty; 4 years".into() }, at(5, 8));
        assert_eq!(result(&d), Some("Guilty; 4 years"));
        d = step(&d, CaseAction::Finalise, at(5, 9));
        assert_eq!(d.status, CaseStatus::Finalised);
    }

    #[test]
    fn no_trial_before_a_plea() {
        let d = CaseDetails { status: CaseStatus::PreTrialHearing, ..case() };
        let err = apply(&d, &CaseAction::ListTrial { court: "X".into(), date: at(3, 1) }, at(1, 1)).unwrap_err();
        assert_eq!(err.field, "action.type");
        assert!(err.message.contains("before a plea"));
    }

    #[test]
    fn no_result_before_a_hearing() {
        let mut d = CaseDetails { status: CaseStatus::Charged, charges: vec![charge()], ..case() };
        let err = apply(&d, &CaseAction::RecordResult { hearing: 0, result: "Guilty".into() }, at(1, 6)).unwrap_err();
        assert!(err.message.contains("before a hearing"), "{}", err.message);
        d = step(&d, CaseAction::ListFirstHearing { court: "C".into(), date: at(2, 1) }, at(1, 6));
        // Listed but not yet held.
        assert!(apply(&d, &CaseAction::RecordResult { hearing: 0, result: "Guilty".into() }, at(1, 7)).is_err());
        assert!(apply(&d, &CaseAction::RecordResult { hearing: 0, result: "Guilty".into() }, at(2, 2)).is_ok());
    }

    #[test]
    fn a_cps_decision_needs_a_submission_and_a_charge_needs_charges() {
        let d = case();
        let fct =
            CaseAction::ChargingDecision { decision: ChargingDecision::CpsThresholdTest, charges: vec![charge()] };
        assert_eq!(apply(&d, &fct, at(1, 6)).unwrap_err().field, "action.decision");
        let bare = CaseAction::ChargingDecision { decision: ChargingDecision::PoliceCharge, charges: vec![] };
        assert_eq!(apply(&d, &bare, at(1, 6)).unwrap_err().field, "action.charges");
        let nfa = CaseAction::ChargingDecision { decision: ChargingDecision::NoFurtherAction, charges: vec![] };
        assert_eq!(step(&d, nfa, at(1, 6)).status, CaseStatus::Finalised);
    }

    #[test]
    fn a_rejected_file_needs_a_reason_and_resumes_where_it_was() {
        let d = CaseDetails { status: CaseStatus::Charged, charges: vec![charge()], ..case() };
        let d = CaseDetails { charging_decision: Some(ChargingDecision::PoliceCharge), ..d };
        assert_eq!(
            apply(&d, &CaseAction::RejectForQuality { reason: "".into() }, at(1, 6)).unwrap_err().field,
            "action.reason"
        );
        let r = step(&d, CaseAction::RejectForQuality { reason: "No MG5".into() }, at(1, 6));
        assert_eq!(r.rejected_reason.as_deref(), Some("No MG5"));
        let back = step(&r, CaseAction::Resubmit, at(1, 7));
        assert_eq!(back.status, CaseStatus::Charged);
        assert_eq!(back.rejected_reason, None);
    }

    #[test]
    fn custody_time_limit_counts_down_from_the_first_remand() {
        let mut d = CaseDetails { status: CaseStatus::PleaEntered, ..case() };
        d.hearings = vec![
            Hearing {
                court: "Westminster Magistrates' Court".into(),
                date: at(1, 10),
                hearing_type: "first_hearing".into(),
                remanded_in_custody: true,
                outcome: Some("plea: not guilty; sent to Crown Court".into()),
            },
            Hearing {
                court: "Southwark Crown Court".into(),
                date: at(2, 7),
                hearing_type: "pre_trial".into(),
                remanded_in_custody: true,
                outcome: Some("remanded".into()),
            },
        ];
        let ctl = custody_time_limit(&d, &CtlRules::default(), at(3, 1)).unwrap();
        assert!(ctl.crown_court);
        assert_eq!(ctl.remanded_since, NaiveDate::from_ymd_opt(2026, 1, 10).unwrap());
        assert_eq!(ctl.expires_on, NaiveDate::from_ymd_opt(2026, 7, 11).unwrap());
        assert_eq!(ctl.days_remaining, 132);
        // Magistrates only: the shorter, configurable limit.
        d.hearings.truncate(1);
        let rules = CtlRules { magistrates_days: 70, ..CtlRules::default() };
        assert_eq!(custody_time_limit(&d, &rules, at(1, 11)).unwrap().days_remaining, 69);
        // Bailed at the last hearing: no limit running.
        d.hearings[0].remanded_in_custody = false;
        assert_eq!(custody_time_limit(&d, &CtlRules::default(), at(3, 1)), None);
    }
}
