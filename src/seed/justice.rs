//! Prosecution cases (keyed by URN, with hearings at London courts) and
//! warrants (outstanding ones make people WANTED; executed ones end in custody).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::Rng;

use crate::domain::event::{
    CaseDetails, CaseStatus, Charge, ChargingDecision, EventDetails, EventKind, FileStage, Hearing, WarrantAttempt,
    WarrantClosure, WarrantDetails, WarrantExecution, WarrantKind, WarrantStatus,
};
use crate::domain::link::EventRole;

use super::cluster::{Cluster, EventSpec};
use super::custody;
use super::events::{borough_for, offence, Offence};
use super::pick::{chance, one, weighted};
use super::places::{self, crown_courts, magistrates, BOROUGHS_DATA, COURTS};

const OPEN_CASE: [(CaseStatus, u32); 10] = [
    (CaseStatus::UnderInvestigation, 10),
    (CaseStatus::EarlyAdvice, 4),
    (CaseStatus::AwaitingCps, 10),
    (CaseStatus::Charged, 6),
    (CaseStatus::FirstHearingListed, 20),
    (CaseStatus::PleaEntered, 10),
    (CaseStatus::PreTrialHearing, 10),
    (CaseStatus::TrialListed, 20),
    (CaseStatus::Result, 4),
    (CaseStatus::RejectedForQuality, 5),
];

const REJECTIONS: [&str; 4] = [
    "Case summary does not match the witness statements",
    "Key witness statement missing from the file",
    "CCTV not reviewed and exhibited",
    "Body-worn video not provided",
];

const RESULTS: [&str; 6] = [
    "Guilty: 18 months' imprisonment",
    "Guilty: community order with 150 hours' unpaid work",
    "Guilty: fine of £400 and costs",
    "Guilty: suspended sentence of 6 months",
    "Not guilty: acquitted",
    "Discontinued by the CPS",
];

fn court(rng: &mut impl Rng, crown: bool) -> String {
    let count = if crown { crown_courts().count() } else { magistrates().count() };
    let k = rng.gen_range(0..count);
    let court = if crown { crown_courts().nth(k) } else { magistrates().nth(k) };
    court.map(|c| c.name).unwrap_or(COURTS[0].name).to_string()
}

/// Ten o'clock on a day, the usual listing time.
fn listed(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(10, 0, 0).map(|t| t.and_utc()).unwrap_or_default()
}

/// A prosecution case with the person as defendant: `open` ones are live,
/// most with a hearing still to come; the rest are finalised.
pub(crate) fn case(cl: &mut Cluster, i: usize, open: bool) {
    let now = cl.now();
    let today = cl.fixed.today;
    let offended = if open { now - Duration::days(cl.rng.gen_range(20..400)) } else { cl.when(i, 14, 12.0) };
    // A finalised case took months; a live one began at least a few weeks ago.
    let offended = offended.min(now - Duration::days(if open { 20 } else { 240 }));
    let status = if open { weighted(&mut cl.rng, &OPEN_CASE) } else { CaseStatus::Finalised };
    let count = *one(&mut cl.rng, &[1usize, 1, 1, 2, 3]);
    let offences: Vec<&Offence> = (0..count).map(|_| offence(&mut cl.rng)).collect();
    let indictable = offences.iter().any(|o| o.indictable);
    let pre_charge = matches!(
        status,
        CaseStatus::UnderInvestigation
            | CaseStatus::EarlyAdvice
            | CaseStatus::AwaitingCps
            | CaseStatus::RejectedForQuality
    );
    let charged_on = (offended + Duration::days(cl.rng.gen_range(1..15))).date_naive().min(today);
    let charges = if pre_charge {
        Vec::new()
    } else {
        offences.iter().map(|o| Charge { offence: o.name.to_string(), date: charged_on }).collect()
    };
    let remanded = !pre_charge && indictable && chance(&mut cl.rng, 0.15);
    let decision = if pre_charge {
        None
    } else if remanded {
        Some(ChargingDecision::CpsThresholdTest)
    } else if indictable {
        Some(ChargingDecision::CpsFullCodeTest)
    } else {
        Some(ChargingDecision::PoliceCharge)
    };

    // Hearings: past ones with their outcome, then the next one if the case is live.
    let mut hearings = Vec::new();
    let first_day = charged_on + Duration::days(cl.rng.gen_range(7..29));
    let past_steps: usize = match status {
        CaseStatus::FirstHearingListed | CaseStatus::Charged => 0,
        CaseStatus::PleaEntered => 1,
        CaseStatus::PreTrialHearing => 1,
        CaseStatus::TrialListed => 2,
        CaseStatus::Result | CaseStatus::Finalised => cl.rng.gen_range(1..=3),
        _ => 0,
    };
    let mut day = first_day.min(today - Duration::days(1));
    for step in 0..past_steps {
        let last = step + 1 == past_steps;
        let crown = indictable && step > 0;
        let (hearing_type, outcome) = match (step, last, status) {
            (0, _, CaseStatus::Finalised | CaseStatus::Result) if last => {
                ("first_hearing", (*one(&mut cl.rng, &RESULTS)).to_string())
            }
            (0, _, _) if indictable => {
                ("first_hearing", "Not guilty plea indicated; sent to the Crown Court".to_string())
            }
            (0, _, _) => ("first_hearing", "Not guilty plea entered; adjourned for trial".to_string()),
            (_, true, CaseStatus::Finalised | CaseStatus::Result) => {
                ("trial", (*one(&mut cl.rng, &RESULTS)).to_string())
            }
            _ => ("pre_trial", "Case management directions given".to_string()),
        };
        let court = court(&mut cl.rng, crown);
        hearings.push(Hearing {
            court,
            date: listed(day),
            hearing_type: hearing_type.to_string(),
            remanded_in_custody: remanded,
            outcome: Some(outcome),
        });
        let gap = if indictable { cl.rng.gen_range(28..180) } else { cl.rng.gen_range(14..70) };
        day = (day + Duration::days(gap)).min(today - Duration::days(1));
    }
    let upcoming = match status {
        CaseStatus::Charged | CaseStatus::FirstHearingListed => Some("first_hearing"),
        CaseStatus::PleaEntered | CaseStatus::PreTrialHearing => Some("pre_trial"),
        CaseStatus::TrialListed => Some("trial"),
        _ => None,
    };
    if let Some(hearing_type) = upcoming {
        let next = today + Duration::days(cl.rng.gen_range(1..120));
        let crown = indictable && hearing_type != "first_hearing";
        let court = court(&mut cl.rng, crown);
        hearings.push(Hearing {
            court,
            date: listed(next),
            hearing_type: hearing_type.to_string(),
            remanded_in_custody: remanded,
            outcome: None,
        });
    }
    let stage = match status {
        _ if pre_charge => FileStage::PreCharge,
        _ if remanded => FileStage::Remand,
        CaseStatus::Finalised | CaseStatus::Result if past_steps == 1 => FileStage::FirstHearingGuilty,
        CaseStatus::Charged | CaseStatus::FirstHearingListed => {
            if chance(&mut cl.rng, 0.6) {
                FileStage::FirstHearingGuilty
            } else {
                FileStage::FirstHearingNotGuilty
            }
        }
        _ => FileStage::Upgrade,
    };
    let file_due = open.then(|| today + Duration::days(cl.rng.gen_range(-5..28)));
    let borough = borough_for(cl, i);
    let reference = cl.run.counters.urn(&cl.fixed.units, borough, offended);
    let officer_in_case = cl.officer(&["DC", "PC"]);
    let mut people = vec![(i, EventRole::Defendant)];
    if chance(&mut cl.rng, 0.1) {
        if let Some(j) = cl.other_offender(i) {
            people.push((j, EventRole::Defendant));
            cl.link_people(i, j, "associate");
        }
    }
    let summary = format!("R v {} - {}", cl.people[i].surname.to_uppercase(), offences[0].name);
    let updated = hearings.iter().map(|h| h.date).filter(|d| *d <= now).max().unwrap_or(offended);
    let rejected_reason =
        (status == CaseStatus::RejectedForQuality).then(|| (*one(&mut cl.rng, &REJECTIONS)).to_string());
    cl.push_event(EventSpec {
        reference,
        occurred_at: offended,
        updated_at: updated,
        borough,
        summary,
        people,
        details: EventDetails::Case(CaseDetails {
            charges,
            charging_decision: decision,
            stage,
            status,
            hearings,
            file_due,
            officer_in_case,
            rejected_reason,
            custody_records: Vec::new(),
            crimes: Vec::new(),
            warrants: Vec::new(),
        }),
    });
}

const ATTEMPT_NOTES: [&str; 5] = [
    "No reply at the home address",
    "Occupant states the subject moved out last month",
    "Subject not at the work address",
    "Area search, not found",
    "Relative says the subject is staying with friends, address not known",
];

fn kind_label(kind: WarrantKind) -> &'static str {
    match kind {
        WarrantKind::ArrestWithBail => "Arrest warrant (backed for bail)",
        WarrantKind::ArrestWithoutBail => "Arrest warrant (not backed for bail)",
        WarrantKind::Bench => "Bench warrant",
        WarrantKind::Breach => "Breach warrant",
        WarrantKind::Commitment => "Commitment warrant",
        WarrantKind::Search => "Search warrant",
    }
}

/// A warrant against the person: `outstanding` ones are live (most circulated,
/// so the person shows as WANTED); the rest were executed, withdrawn or lapsed.
pub(crate) fn warrant(cl: &mut Cluster, i: usize, outstanding: bool) {
    let now = cl.now();
    let today = cl.fixed.today;
    let kinds: &[(WarrantKind, u32)] = &[
        (WarrantKind::Bench, 35),
        (WarrantKind::ArrestWithoutBail, 20),
        (WarrantKind::ArrestWithBail, 15),
        (WarrantKind::Breach, 15),
        (WarrantKind::Commitment, 10),
        (WarrantKind::Search, if outstanding { 0 } else { 5 }),
    ];
    let kind = weighted(&mut cl.rng, kinds);
    let base = offence(&mut cl.rng);
    let offence_text = match kind {
        WarrantKind::Bench => format!("Failed to appear: {}", base.name),
        WarrantKind::Breach => {
            (*one(&mut cl.rng, &["Breach of a community order", "Breach of licence: recall to prison"])).to_string()
        }
        WarrantKind::Commitment => "Non-payment of a fine".to_string(),
        _ => base.name.to_string(),
    };
    let crown = matches!(kind, WarrantKind::Bench) && base.indictable && chance(&mut cl.rng, 0.4);
    let issuing_court = court(&mut cl.rng, crown);
    let issued_day = if outstanding {
        today - Duration::days(cl.rng.gen_range(1..400))
    } else {
        cl.when(i, 14, 10.0).min(now - Duration::days(30)).date_naive()
    };
    // Issued in court hours.
    let issued_at = issued_day
        .and_hms_opt(cl.rng.gen_range(10..16), cl.rng.gen_range(0..60), 0)
        .map(|t| t.and_utc())
        .unwrap_or(now)
        .min(now);
    let issued_on = issued_at.date_naive().min(today);
    let status = if outstanding {
        weighted(
            &mut cl.rng,
            &[
                (WarrantStatus::Received, 10),
                (WarrantStatus::Validated, 15),
                (WarrantStatus::Circulated, 45),
                (WarrantStatus::Allocated, 30),
            ],
        )
    } else if kind == WarrantKind::Search {
        if chance(&mut cl.rng, 0.8) {
            WarrantStatus::Executed
        } else {
            WarrantStatus::Expired
        }
    } else {
        weighted(
            &mut cl.rng,
            &[
                (WarrantStatus::Executed, 60),
                (WarrantStatus::Withdrawn, 15),
                (WarrantStatus::Cancelled, 10),
                (WarrantStatus::Returned, 15),
            ],
        )
    };
    let allocated_to = matches!(status, WarrantStatus::Allocated | WarrantStatus::Executed | WarrantStatus::Returned)
        .then(|| cl.officer(&["PC", "PS", "DC"]));
    let mut attempts = Vec::new();
    if matches!(status, WarrantStatus::Allocated | WarrantStatus::Circulated | WarrantStatus::Returned) {
        for _ in 0..cl.rng.gen_range(0..4) {
            let at = cl.between_now(issued_at);
            let by = cl.officer(&["PC"]);
            attempts.push(WarrantAttempt { at, by, note: (*one(&mut cl.rng, &ATTEMPT_NOTES)).to_string() });
        }
        attempts.sort_by_key(|a| a.at);
    }
    let reference = cl.reference(EventKind::Warrant, issued_at);
    let execution = if status == WarrantStatus::Executed {
        let after = Duration::days(cl.rng.gen_range(1..90)) + Duration::minutes(cl.rng.gen_range(-300..600));
        let at = (issued_at + after).min(now - Duration::days(2));
        let custody_record_id =
            (kind != WarrantKind::Search).then(|| custody::closed(cl, i, at, Some(reference.as_str())));
        let borough = cl.people[i].borough;
        let place =
            format!("{}, {}", places::street(&mut cl.rng, &BOROUGHS_DATA[borough]), BOROUGHS_DATA[borough].name);
        let officer = cl.officer(&["PC", "DC"]);
        Some(WarrantExecution { at, place, officer, custody_record_id })
    } else {
        None
    };
    // No random draw here, so the rest of the seed stays as it was.
    let closure = match status {
        WarrantStatus::Withdrawn => Some("Complainant no longer supports the prosecution"),
        WarrantStatus::Cancelled => Some("Defendant attended court voluntarily"),
        WarrantStatus::Returned => Some("Not found at any known address within the period"),
        _ => None,
    }
    .map(|reason| WarrantClosure {
        at: (issued_at + Duration::days(45)).min(now - Duration::days(1)),
        by: "warrants.office".to_string(),
        reason: reason.to_string(),
    });
    let updated = execution.as_ref().map(|e| e.at).or_else(|| attempts.last().map(|a| a.at)).unwrap_or(issued_at);
    let role = if kind == WarrantKind::Search { EventRole::Subject } else { EventRole::WantedPerson };
    let summary = format!("{}: {} - {}", kind_label(kind), cl.people[i].name(), offence_text);
    let borough = cl.people[i].borough;
    let safeguarding_concern = base.domestic && chance(&mut cl.rng, 0.5);
    cl.push_event(EventSpec {
        reference,
        occurred_at: issued_at,
        updated_at: updated,
        borough,
        summary,
        people: vec![(i, role)],
        details: EventDetails::Warrant(WarrantDetails {
            warrant_kind: kind,
            status,
            issuing_court,
            issued_on,
            offence: offence_text,
            violence: base.violence && kind != WarrantKind::Commitment,
            domestic_abuse: base.domestic && kind != WarrantKind::Commitment,
            safeguarding_concern,
            allocated_to,
            attempts,
            execution,
            closure,
            case: None,
        }),
    });
}
