//! Custody records: detainees held now, with their PACE clocks, cells,
//! observation levels, visits and reviews; and closed detentions of the past.

use chrono::{DateTime, Duration, Months, Utc};
use rand::Rng;

use crate::domain::bail::{Bail, BailAuthority, BailClosure, BailKind, BailStatus, INITIAL_MONTHS};
use crate::domain::event::{CrimeStatus, CustodyDetails, CustodyEntry, CustodyOutcome, EventDetails, OpenClosed};
use crate::domain::link::EventRole;
use crate::domain::person::marker_label;

use super::cluster::{Cluster, EventSpec};
use super::events::{crime_report, offence, Offence};
use super::pick::{chance, weighted};
use super::places::SUITES;

const OUTCOMES: [(CustodyOutcome, u32); 9] = [
    (CustodyOutcome::ChargedBailed, 14),
    (CustodyOutcome::ChargedRemanded, 6),
    (CustodyOutcome::ReferredToCps, 4),
    (CustodyOutcome::PreChargeBail, 8),
    (CustodyOutcome::ReleasedUnderInvestigation, 30),
    (CustodyOutcome::NoFurtherAction, 20),
    (CustodyOutcome::SimpleCaution, 8),
    (CustodyOutcome::ConditionalCaution, 5),
    (CustodyOutcome::Transferred, 5),
];

fn outcome_text(outcome: CustodyOutcome) -> &'static str {
    match outcome {
        CustodyOutcome::ChargedBailed => "Charged and bailed to appear at court",
        CustodyOutcome::ChargedRemanded => "Charged and remanded to appear at court",
        CustodyOutcome::ReferredToCps => "Referred to the CPS for a charging decision",
        CustodyOutcome::PreChargeBail => "Released on pre-charge bail for 3 months",
        CustodyOutcome::ReleasedUnderInvestigation => "Released under investigation",
        CustodyOutcome::NoFurtherAction => "Released: no further action",
        CustodyOutcome::SimpleCaution => "Simple caution administered",
        CustodyOutcome::ConditionalCaution => "Conditional caution administered",
        CustodyOutcome::Transferred => "Transferred to another force",
    }
}

/// Minutes between visits at an observation level (3 and 4 are watched throughout).
fn visit_interval(level: u8) -> i64 {
    match level {
        1 => 60,
        2 => 30,
        _ => 15,
    }
}

struct Clock {
    arrested_at: DateTime<Utc>,
    relevant_time: DateTime<Utc>,
    authorised_at: DateTime<Utc>,
}

fn entry(at: DateTime<Utc>, by: &str, kind: &str, text: String) -> CustodyEntry {
    CustodyEntry { at, by: by.to_string(), kind: kind.to_string(), text }
}

/// Entries every detention starts with: arrival, authorisation, rights, risk assessment.
fn opening_entries(cl: &mut Cluster, i: usize, clock: &Clock, reason: &str, level: u8) -> Vec<CustodyEntry> {
    let sergeant = cl.officer(&["PS"]);
    let mut out = vec![
        entry(clock.relevant_time, &sergeant, "arrival", "Detained person arrived at the custody suite".to_string()),
        entry(clock.authorised_at, &sergeant, "authorisation", format!("Detention authorised. {reason}")),
        entry(
            clock.authorised_at + Duration::minutes(3),
            &sergeant,
            "rights",
            "Rights given: to have someone informed, to free legal advice, to consult the Codes of Practice"
                .to_string(),
        ),
    ];
    let markers: Vec<&str> = cl.persons[i].details.markers.iter().map(|m| marker_label(&m.category)).collect();
    let checked = if markers.is_empty() { "none".to_string() } else { markers.join(", ") };
    out.push(entry(
        clock.authorised_at + Duration::minutes(8),
        &sergeant,
        "risk_assessment",
        format!("Risk assessment completed; warning markers checked: {checked}. Observation level {level}"),
    ));
    let at_time = cl.people[i].age(clock.relevant_time.date_naive());
    if at_time < 18 {
        out.push(entry(
            clock.authorised_at + Duration::minutes(15),
            &sergeant,
            "appropriate_adult",
            "Appropriate adult called: parent informed and attending".to_string(),
        ));
    }
    out
}

fn clock_from(cl: &mut Cluster, relevant_time: DateTime<Utc>) -> Clock {
    let arrested_at = relevant_time - Duration::minutes(cl.rng.gen_range(15..120));
    let authorised_at = (relevant_time + Duration::minutes(cl.rng.gen_range(5..40))).min(cl.now());
    Clock { arrested_at, relevant_time, authorised_at: authorised_at.max(relevant_time) }
}

/// A detainee held now, if a suite has a free cell: relevant time up to 30 h ago.
pub(crate) fn open(cl: &mut Cluster, i: usize) {
    let start = cl.rng.gen_range(0..SUITES.len());
    let Some(suite) =
        (0..SUITES.len()).map(|k| (start + k) % SUITES.len()).find(|&s| cl.run.cells[s].iter().any(|taken| !taken))
    else {
        return;
    };
    let free: Vec<usize> = (0..cl.run.cells[suite].len()).filter(|&c| !cl.run.cells[suite][c]).collect();
    let cell = free[cl.rng.gen_range(0..free.len())];
    cl.run.cells[suite][cell] = true;
    cl.run.open_custody += 1;

    let now = cl.now();
    let held = Duration::minutes(cl.rng.gen_range(5..30 * 60));
    let clock = clock_from(cl, now - held);
    // Beyond 24 h only with a superintendent's extension, so only for an indictable offence.
    let mut off: &Offence = offence(&mut cl.rng);
    while held > Duration::hours(23) && !off.indictable {
        off = offence(&mut cl.rng);
    }
    // The crime the detainee was arrested for, reported shortly before.
    let reported = clock.arrested_at - Duration::minutes(cl.rng.gen_range(10..360));
    crime_report(cl, i, EventRole::Suspect, reported, off, Some(CrimeStatus::UnderInvestigation));
    let level = weighted(&mut cl.rng, &[(1u8, 60), (2, 30), (3, 8), (4, 2)]);
    let reason = format!("Arrested on suspicion of {}", off.name.to_lowercase());
    let mut entries = opening_entries(cl, i, &clock, "Necessary to secure and preserve evidence", level);

    // Reviews: 6 h after authorisation, then every 9 h; done a little early, now and then overdue.
    let mut last_review = None;
    let mut due = clock.authorised_at + Duration::hours(6);
    while due <= now {
        let missed_latest = due + Duration::hours(9) > now && chance(&mut cl.rng, 0.07);
        if !missed_latest {
            let at = due - Duration::minutes(cl.rng.gen_range(0..45));
            let inspector = cl.officer(&["Insp"]);
            entries.push(entry(at, &inspector, "review", "Review: continued detention authorised".to_string()));
            last_review = Some(at);
        }
        due += Duration::hours(9);
    }
    if held > Duration::hours(24) {
        let at = clock.relevant_time + Duration::hours(cl.rng.gen_range(20..24));
        let superintendent = cl.officer(&["Supt"]);
        entries.push(entry(
            at,
            &superintendent,
            "extension",
            "Detention extended to 36 hours (s.42): indictable offence, enquiries continuing".to_string(),
        ));
    }
    let interval = visit_interval(level);
    let since =
        if chance(&mut cl.rng, 0.08) { interval + cl.rng.gen_range(5..60) } else { cl.rng.gen_range(1..interval) };
    let last_visit = (now - Duration::minutes(since)).max(clock.authorised_at);
    let jailer = cl.officer(&["DDO"]);
    let roused = if level == 2 { " and roused" } else { "" };
    entries.push(entry(last_visit, &jailer, "visit", format!("Detainee visited{roused}: no concerns")));
    entries.sort_by_key(|e| e.at);

    let code = SUITES[suite].code;
    let reference = cl.run.counters.custody_reference(code, clock.relevant_time);
    let arresting_officer = cl.officer(&["PC"]);
    let summary = format!("{} - {}", cl.people[i].name(), off.name);
    let suite_id = cl.fixed.suite_ids[suite].clone();
    cl.push_event(EventSpec {
        reference,
        occurred_at: clock.arrested_at,
        updated_at: last_visit.max(last_review.unwrap_or(last_visit)),
        borough: SUITES[suite].borough,
        summary,
        people: vec![(i, EventRole::Detainee)],
        details: EventDetails::Custody(CustodyDetails {
            suite_id,
            cell: format!("C{}", cell + 1),
            arrested_at: clock.arrested_at,
            relevant_time: clock.relevant_time,
            detention_authorised_at: clock.authorised_at,
            arrest_reason: reason,
            offences: vec![off.name.to_string()],
            indictable: off.indictable,
            arresting_officer,
            observation_level: level,
            last_visit_at: Some(last_visit),
            last_review_at: last_review,
            status: OpenClosed::Open,
            outcome: None,
            entries,
            case: None,
            crime: None,
            warrant: None,
            bail: None,
            carried: None,
        }),
    });
}

/// A past detention, released or charged; `on_warrant` names the warrant it followed.
pub(crate) fn closed(cl: &mut Cluster, i: usize, at: DateTime<Utc>, on_warrant: Option<&str>) -> String {
    let now = cl.now();
    let relevant_time = at.min(now - Duration::hours(26));
    let clock = clock_from(cl, relevant_time);
    let suite = cl.rng.gen_range(0..SUITES.len());
    let off = offence(&mut cl.rng);
    let level = weighted(&mut cl.rng, &[(1u8, 70), (2, 25), (3, 4), (4, 1)]);
    let reason = match on_warrant {
        Some(w) => format!("Arrested on warrant {w}"),
        None => format!("Arrested on suspicion of {}", off.name.to_lowercase()),
    };
    let outcome = match on_warrant {
        Some(_) => CustodyOutcome::ChargedRemanded,
        None => weighted(&mut cl.rng, &OUTCOMES),
    };
    let mut entries = opening_entries(cl, i, &clock, "Necessary to obtain evidence by questioning", level);
    let released = clock.authorised_at + Duration::minutes(cl.rng.gen_range(120..22 * 60));
    let last_review = (released > clock.authorised_at + Duration::hours(6))
        .then(|| clock.authorised_at + Duration::hours(6) - Duration::minutes(cl.rng.gen_range(0..30)));
    let last_visit = released - Duration::minutes(cl.rng.gen_range(1..visit_interval(level)));
    if let Some(at) = last_review {
        let inspector = cl.officer(&["Insp"]);
        entries.push(entry(at, &inspector, "review", "Review: continued detention authorised".to_string()));
    }
    let jailer = cl.officer(&["DDO"]);
    entries.push(entry(last_visit, &jailer, "visit", "Detainee visited: no concerns".to_string()));
    let sergeant = cl.officer(&["PS"]);
    entries.push(entry(released, &sergeant, "outcome", outcome_text(outcome).to_string()));
    let code = SUITES[suite].code;
    let reference = cl.run.counters.custody_reference(code, clock.relevant_time);
    let arresting_officer = cl.officer(&["PC", "DC"]);
    let summary = format!("{} - {}", cl.people[i].name(), on_warrant.map(|_| "arrest on warrant").unwrap_or(off.name));
    let suite_id = cl.fixed.suite_ids[suite].clone();
    let cell = format!("C{}", cl.rng.gen_range(1..=SUITES[suite].cells));
    let bail = (outcome == CustodyOutcome::PreChargeBail)
        .then(|| Box::new(pre_charge_bail(released, now, &sergeant, &suite_id)));
    cl.push_event(EventSpec {
        reference,
        occurred_at: clock.arrested_at,
        updated_at: released,
        borough: SUITES[suite].borough,
        summary,
        people: vec![(i, EventRole::Detainee)],
        details: EventDetails::Custody(CustodyDetails {
            suite_id,
            cell,
            arrested_at: clock.arrested_at,
            relevant_time: clock.relevant_time,
            detention_authorised_at: clock.authorised_at,
            arrest_reason: reason,
            offences: vec![off.name.to_string()],
            indictable: off.indictable,
            arresting_officer,
            observation_level: level,
            last_visit_at: Some(last_visit),
            last_review_at: last_review,
            status: OpenClosed::Closed,
            outcome: Some(outcome),
            entries,
            case: None,
            crime: None,
            warrant: None,
            bail,
            carried: None,
        }),
    })
}

/// Pre-charge bail from `released`: answered four weeks on at the releasing
/// suite, and still running where that is no more than a day ago (so the
/// bail diary has people answering today, overdue and ending).
fn pre_charge_bail(released: DateTime<Utc>, now: DateTime<Utc>, sergeant: &str, suite_id: &str) -> Bail {
    let back = released + Duration::days(28);
    let limit_on = released.date_naive().checked_add_months(Months::new(INITIAL_MONTHS));
    let running = back >= now - Duration::days(1);
    Bail {
        kind: BailKind::PreCharge,
        status: if running { BailStatus::Running } else { BailStatus::Answered },
        granted_at: released,
        authority: BailAuthority { by: sergeant.to_string(), role: "custody_sergeant".into() },
        return_at: Some(back),
        return_place: Some(suite_id.to_string()),
        conditions: Vec::new(),
        limit_on,
        extensions: Vec::new(),
        closure: (!running).then(|| BailClosure {
            at: back,
            by: sergeant.to_string(),
            note: "Answered bail".into(),
            custody_record_id: None,
        }),
    }
}
