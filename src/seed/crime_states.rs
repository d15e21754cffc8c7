//! A seeded crime's workflow as a desk would have left it: classified (or
//! still waiting, some past the 24 hours), allocated with logs, reviewed
//! (some reviews overdue), with an outcome proposed or approved from the
//! Home Office table, or cancelled by the crime registrar.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;

use super::cluster::Cluster;
use super::pick::{chance, one};
use crate::domain::crime::clock::next_review;
use crate::domain::crime::lifecycle::{apply, Acting, CrimeAction, CrimeState};
use crate::domain::crime::{CancellationReason, CrimeDetails, CrimeLogKind, CrimeRules, CrimeStatus};

/// The counting-rules class of each offence the seed records.
fn class_of(offence: &str) -> &'static str {
    match offence {
        "Burglary - residential" => "28E",
        "Burglary - business and community" => "30C",
        "Theft of a motor vehicle" => "48",
        "Theft from a motor vehicle" => "45",
        "Shoplifting" => "46",
        "Theft from the person" => "39",
        "Robbery of personal property" => "34B",
        "Assault occasioning actual bodily harm" => "8N",
        "Common assault" | "Common assault (domestic)" => "105A",
        "Wounding with intent to cause grievous bodily harm" => "5D",
        "Possession with intent to supply a controlled drug (Class A)" => "92A",
        "Possession of a controlled drug (Class B)" => "92E",
        "Possession of a bladed article in a public place" => "10D",
        "Possession of an offensive weapon" => "10C",
        "Criminal damage" => "58D",
        "Harassment" => "8R",
        "Stalking" => "8Q",
        "Controlling or coercive behaviour" => "8U",
        "Breach of a non-molestation order" => "8M",
        "Fraud by false representation" => "814",
        "Handling stolen goods" => "54",
        "Public order offence - fear or provocation of violence" => "66",
        "Sexual assault" => "20A",
        "Arson" => "56B",
        _ => "NN",
    }
}

const UNITS: [&str; 5] = ["CID", "Burglary Squad", "Community Safety Unit", "Response Team", "Robbery Squad"];
const SUPERVISORS: [&str; 2] = ["DS", "Insp"];
const ENQUIRIES: [&str; 6] = [
    "House-to-house enquiries made in the street",
    "CCTV requested from the council and nearby shops",
    "Forensic examination of the scene requested",
    "Suspect's phone records applied for",
    "Witness statement taken",
    "Stolen property circulated on the national database",
];
const CONTACTS: [&str; 3] =
    ["Victim updated by phone on progress", "Victim visited and given a crime reference", "Victim Code letter sent"];
/// Outcomes by how often they are given (numbers from the Home Office table).
const OUTCOMES: [(u8, u32); 8] = [(18, 40), (14, 18), (16, 14), (1, 10), (15, 8), (8, 5), (3, 3), (21, 2)];

/// A crime of `offence` reported at `reported`, taken to `status` by the
/// desk's own actions; `status` as the seed chose it from the crime's age.
pub(crate) fn crime_workflow(
    cl: &mut Cluster,
    offence: &str,
    reported: DateTime<Utc>,
    status: CrimeStatus,
    details: CrimeDetails,
) -> CrimeDetails {
    let rules = CrimeRules::shipped();
    let now = cl.now();
    let mut state = CrimeState { details, people: Vec::new() };
    let mut at = reported;
    // Each step is the desk's own action, so a seeded crime is one the desk
    // could have made; a step the rules refuse is left out.
    let step = |_: &mut Cluster, state: &mut CrimeState, by: &str, at: DateTime<Utc>, action: CrimeAction| {
        if let Ok(next) = apply(state, &action, &Acting { by, now: at.min(now), rules }) {
            *state = next;
        }
    };
    let recorder = cl.officer(&["PC", "PS"]);
    // A report of the last day or so may still wait for its classification.
    let age = now - reported;
    if status == CrimeStatus::Open && age < Duration::hours(40) && chance(&mut cl.rng, 0.6) {
        return state.details;
    }
    at += Duration::minutes(cl.rng.gen_range(20..(20 * 60)));
    let code = class_of(offence);
    step(cl, &mut state, &recorder, at, CrimeAction::Classify { code: code.into(), reason: None });
    if status == CrimeStatus::Open {
        return state.details;
    }
    if status == CrimeStatus::Cancelled {
        at += Duration::days(cl.rng.gen_range(1..20));
        let registrar = format!("FCR {}", cl.officer(&["PS"]).split(' ').next_back().unwrap_or("Force"));
        let info = "Victim found the property at home and confirmed in writing that nothing was stolen";
        step(
            cl,
            &mut state,
            &registrar,
            at,
            CrimeAction::Cancel { reason: CancellationReason::NoCrime, additional_information: info.into() },
        );
        return state.details;
    }
    at += Duration::hours(cl.rng.gen_range(2..72));
    let oic = cl.officer(&["DC", "PC"]);
    let unit = (*one(&mut cl.rng, &UNITS)).to_string();
    step(cl, &mut state, &recorder, at, CrimeAction::Allocate { officer: oic.clone(), unit, reason: None });
    let supervisor = cl.officer(&SUPERVISORS);
    let entries = cl.rng.gen_range(1..6);
    let mut last_review = at;
    for _ in 0..entries {
        at += Duration::hours(cl.rng.gen_range(4..24 * 9));
        if at >= now {
            break;
        }
        let (kind, text) = if chance(&mut cl.rng, 0.35) {
            (CrimeLogKind::VictimContact, *one(&mut cl.rng, &CONTACTS))
        } else {
            (CrimeLogKind::Enquiry, *one(&mut cl.rng, &ENQUIRIES))
        };
        step(cl, &mut state, &oic, at, CrimeAction::Log { kind, text: text.into() });
        // Reviews kept to time, mostly: a live crime may be left overdue.
        if next_review(rules, last_review) <= at && chance(&mut cl.rng, 0.7) {
            step(
                cl,
                &mut state,
                &supervisor,
                at,
                CrimeAction::Review { note: "Enquiries proportionate; continue".into() },
            );
            last_review = at;
        }
    }
    if status == CrimeStatus::UnderInvestigation {
        return state.details;
    }
    at += Duration::days(cl.rng.gen_range(1..10));
    let total: u32 = OUTCOMES.iter().map(|(_, w)| w).sum();
    let mut x = cl.rng.gen_range(0..total);
    let mut outcome = 18;
    for (n, w) in OUTCOMES {
        if x < w {
            outcome = n;
            break;
        }
        x -= w;
    }
    let note = "All reasonable lines of enquiry completed".to_string();
    step(cl, &mut state, &oic, at, CrimeAction::ProposeOutcome { outcome, note });
    if status == CrimeStatus::OutcomeProposed {
        return state.details;
    }
    at += Duration::hours(cl.rng.gen_range(2..96));
    step(cl, &mut state, &supervisor, at, CrimeAction::ApproveOutcome { note: None });
    state.details
}
