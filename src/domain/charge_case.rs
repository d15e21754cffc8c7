//! The prosecution case a charge in custody opens, or the case for the same
//! matter it joins: the charges, the defendant, the officer in the case, the
//! first hearing (court, day, remand status) and the links back to the
//! custody record and the crime report. Pure: the server reads the record,
//! the case and the crime; the store writes them together.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;

use super::event::{CaseDetails, CaseStatus, Charge, ChargingDecision, FileStage, Hearing};
use super::link::{EventPerson, EventRole, LinkedRecord};
use super::FieldError;

/// First hearings are listed for the morning court unless the listing says otherwise.
const LISTED_AT: (u32, u32) = (10, 0);

/// What a charge puts on a case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargePlan {
    pub defendant: String,
    pub charges: Vec<Charge>,
    pub decision: ChargingDecision,
    pub officer_in_case: String,
    pub first_hearing: Hearing,
    pub custody: LinkedRecord,
    pub crime: Option<LinkedRecord>,
}

/// What the custody charge said, checked already by the custody rules.
pub struct Charged<'a> {
    pub offences: &'a [String],
    pub offence_date: NaiveDate,
    pub remanded: bool,
    pub court: &'a str,
    pub court_date: NaiveDate,
    pub officer_in_case: &'a str,
    pub decision: Option<ChargingDecision>,
}

/// The morning of `day` in London, as a UTC instant.
pub fn listed_at(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::from_hms_opt(LISTED_AT.0, LISTED_AT.1, 0).unwrap_or_default());
    // 10:00 is never in a clock change's gap or overlap.
    London.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)).unwrap_or_else(|| local.and_utc())
}

impl ChargePlan {
    pub fn new(defendant: &str, charged: &Charged<'_>, custody: LinkedRecord, crime: Option<LinkedRecord>) -> Self {
        ChargePlan {
            defendant: defendant.to_string(),
            charges: charged
                .offences
                .iter()
                .map(|o| Charge { offence: o.trim().to_string(), date: charged.offence_date })
                .collect(),
            decision: charged.decision.unwrap_or(ChargingDecision::PoliceCharge),
            officer_in_case: charged.officer_in_case.trim().to_string(),
            first_hearing: Hearing {
                court: charged.court.trim().to_string(),
                date: listed_at(charged.court_date),
                hearing_type: "first_hearing".into(),
                remanded_in_custody: charged.remanded,
                outcome: None,
            },
            custody,
            crime,
        }
    }

    /// A new case file: charged, the first hearing listed.
    pub fn open(&self) -> (CaseDetails, Vec<EventPerson>) {
        let details = CaseDetails {
            charges: self.charges.clone(),
            charging_decision: Some(self.decision),
            stage: self.stage(),
            status: CaseStatus::FirstHearingListed,
            hearings: vec![self.first_hearing.clone()],
            file_due: None,
            officer_in_case: self.officer_in_case.clone(),
            rejected_reason: None,
            custody_records: vec![self.custody.clone()],
            crimes: self.crime.iter().cloned().collect(),
            warrants: Vec::new(),
        };
        (details, vec![EventPerson { person_id: self.defendant.clone(), role: EventRole::Defendant }])
    }

    /// The case for the same matter with this charge added: its charges and
    /// defendant, the first hearing unless the file already lists one at
    /// that court that day, the links. A file still before charge becomes
    /// charged; one finished with, or rejected, is refused.
    pub fn join(
        &self,
        urn: &str,
        case: &CaseDetails,
        people: &[EventPerson],
    ) -> Result<(CaseDetails, Vec<EventPerson>), FieldError> {
        use CaseStatus::*;
        if matches!(case.status, Result | Finalised | RejectedForQuality) {
            let status = serde_json::to_value(case.status).ok().and_then(|v| v.as_str().map(str::to_string));
            return Err(FieldError::new(
                "action.urn",
                format!(
                    "case {urn} is {}: charge on a new case, or put the file right first",
                    status.unwrap_or_default().replace('_', " ")
                ),
            ));
        }
        let mut d = case.clone();
        for charge in &self.charges {
            if !d.charges.contains(charge) {
                d.charges.push(charge.clone());
            }
        }
        let h = &self.first_hearing;
        let listed = d.hearings.iter().any(|e| e.court == h.court && e.date.date_naive() == h.date.date_naive());
        if !listed {
            d.hearings.push(h.clone());
            d.hearings.sort_by_key(|e| e.date);
        }
        if matches!(d.status, UnderInvestigation | EarlyAdvice | AwaitingCps | Charged) {
            d.charging_decision = Some(self.decision);
            d.status = FirstHearingListed;
            d.stage = self.stage();
        }
        if h.remanded_in_custody {
            d.stage = FileStage::Remand;
        }
        push_once(&mut d.custody_records, &self.custody);
        if let Some(crime) = &self.crime {
            push_once(&mut d.crimes, crime);
        }
        let mut people = people.to_vec();
        let named = people.iter().any(|p| p.person_id == self.defendant && p.role == EventRole::Defendant);
        if !named {
            people.push(EventPerson { person_id: self.defendant.clone(), role: EventRole::Defendant });
        }
        Ok((d, people))
    }

    fn stage(&self) -> FileStage {
        if self.first_hearing.remanded_in_custody {
            FileStage::Remand
        } else {
            FileStage::FirstHearingNotGuilty
        }
    }
}

/// Adds a link unless the record is already linked.
pub fn push_once(links: &mut Vec<LinkedRecord>, link: &LinkedRecord) {
    if !links.iter().any(|l| l.id == link.id) {
        links.push(link.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::EventKind;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn plan(remanded: bool) -> ChargePlan {
        let offences = vec!["Burglary".to_string(), " Theft ".to_string()];
        let charged = Charged {
            offences: &offences,
            offence_date: day("2026-11-30"),
            remanded,
            court: "Highbury Corner Magistrates' Court",
            court_date: day("2026-12-03"),
            officer_in_case: "DC Shah",
            decision: None,
        };
        let custody = LinkedRecord { kind: EventKind::Custody, id: "cu".into(), reference: "CU/26/0000001".into() };
        let crime = LinkedRecord { kind: EventKind::Crime, id: "cr".into(), reference: "CR/26/0000009".into() };
        ChargePlan::new("p1", &charged, custody, Some(crime))
    }

    #[test]
    fn a_charge_opens_a_case_listed_for_its_first_hearing() {
        let (d, people) = plan(true).open();
        assert_eq!(d.status, CaseStatus::FirstHearingListed);
        assert_eq!(d.stage, FileStage::Remand);
        assert_eq!(d.charging_decision, Some(ChargingDecision::PoliceCharge));
        assert_eq!(d.charges[1].offence, "Theft");
        assert_eq!(d.hearings[0].date, Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap());
        assert!(d.hearings[0].remanded_in_custody);
        assert_eq!((d.custody_records[0].id.as_str(), d.crimes[0].id.as_str()), ("cu", "cr"));
        assert_eq!(people, vec![EventPerson { person_id: "p1".into(), role: EventRole::Defendant }]);
        // Summer hearings are listed at 10:00 BST.
        assert_eq!(listed_at(day("2026-07-01")), Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap());
    }

    #[test]
    fn a_second_defendant_joins_the_case_for_the_same_matter() {
        let (first, people) = plan(false).open();
        let mut second = plan(false);
        second.defendant = "p2".into();
        second.custody.id = "cu2".into();
        let (d, people) = second.join("01YE0000126", &first, &people).unwrap();
        assert_eq!(d.charges.len(), 2, "the same charges are not repeated");
        assert_eq!(d.hearings.len(), 1, "the same listing is not repeated");
        assert_eq!(d.custody_records.len(), 2);
        assert_eq!(d.crimes.len(), 1);
        assert_eq!(people.len(), 2);
        // A pre-charge file becomes charged.
        let pre = CaseDetails { status: CaseStatus::AwaitingCps, hearings: vec![], ..first.clone() };
        assert_eq!(second.join("01YE0000126", &pre, &[]).unwrap().0.status, CaseStatus::FirstHearingListed);
        // A finished file is not joined.
        let done = CaseDetails { status: CaseStatus::Finalised, ..first };
        let err = second.join("01YE0000126", &done, &people).unwrap_err();
        assert_eq!(err.field, "action.urn");
        assert!(err.message.contains("finalised"), "{}", err.message);
    }
}
