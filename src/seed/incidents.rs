//! The control room's shift: open incidents across the boroughs (a few I
//! and S calls with their clocks running, some already overdue, several E
//! calls waiting for appointments, some R), and incidents closed earlier
//! today. Callers, suspects and victims come from the cluster, linked in
//! their parts when they are on the one record.

use chrono::{DateTime, Duration, DurationRound, Utc};
use rand::Rng;

use crate::domain::event::EventDetails;
use crate::domain::incident::{
    Caller, Grade, IncidentCategory, IncidentClosure, IncidentDetails, IncidentGrading, IncidentLocation,
    IncidentResult, IncidentRules, IncidentStatus, LogEntry, LogKind, Resource, ResourceStatus,
};
use crate::domain::link::EventRole;
use IncidentCategory::{
    Administration as Admin, AntiSocialBehaviour as Asb, Crime, PublicSafetyAndWelfare as Psw, Transport,
};

use super::cluster::{Cluster, EventSpec};
use super::pick::{chance, one, weighted};
use super::places::{scene_address, BOROUGHS_DATA};

/// Most incidents open at once, force-wide: a busy control room's stack.
const OPEN_CAP: usize = 400;
/// Most incidents closed earlier in the day.
const CLOSED_CAP: usize = 300;

/// A kind of call: category, sub-type, the grades it usually gets, and
/// what callers say.
struct Call {
    category: IncidentCategory,
    subtype: &'static str,
    /// Weights of I, S, E, R.
    grades: [u32; 4],
    /// A suspect is named.
    suspect: bool,
    says: &'static [&'static str],
}

const fn call(
    category: IncidentCategory,
    subtype: &'static str,
    grades: [u32; 4],
    suspect: bool,
    says: &'static [&'static str],
) -> Call {
    Call { category, subtype, grades, suspect, says }
}

#[rustfmt::skip]
const CALLS: [(Call, u32); 16] = [
    (call(Crime, "burglary", [3, 5, 6, 0], false, &["Break-in in progress next door", "Came home to find the back door forced", "Two men trying door handles along the street"]), 10),
    (call(Crime, "violence", [6, 4, 1, 0], true, &["Fight outside the pub, one man on the ground", "Man assaulted at the bus stop", "Neighbour shouting threats and pushing"]), 12),
    (call(Crime, "theft", [0, 3, 8, 2], false, &["Phone snatched by a moped rider", "Shoplifter detained by security", "Bicycle stolen from outside the station"]), 10),
    (call(Crime, "vehicle_crime", [1, 3, 7, 1], false, &["Youths trying car doors", "Catalytic converter being cut off a car", "Van broken into overnight"]), 6),
    (call(Crime, "criminal_damage", [0, 3, 6, 2], true, &["Windows smashed at the parade of shops", "Graffiti on the school gates", "Car keyed in the car park"]), 5),
    (call(Crime, "weapons", [8, 2, 0, 0], true, &["Man seen with a knife in the park", "Report of a gun being shown outside the chicken shop"]), 3),
    (call(Crime, "robbery", [7, 3, 0, 0], true, &["Teenager robbed of his phone at knifepoint", "Shop worker threatened and the till emptied"]), 3),
    (call(Psw, "domestic_incident", [5, 5, 1, 0], true, &["Screaming from the flat upstairs, a child crying", "Ex-partner refusing to leave the address", "Woman says her partner has threatened her"]), 10),
    (call(Psw, "concern_for_safety", [4, 5, 2, 1], false, &["Elderly neighbour not seen for three days", "Man on the wrong side of the bridge railings", "Caller's brother sent a worrying message"]), 9),
    (call(Psw, "missing_person", [2, 6, 2, 0], false, &["Fourteen-year-old not home from school", "Care home resident walked out this afternoon"]), 5),
    (call(Psw, "suspicious_circumstances", [1, 4, 4, 2], false, &["Man looking into parked cars with a torch", "Bag left unattended at the bus station"]), 5),
    (call(Psw, "alarm", [0, 3, 3, 4], false, &["Intruder alarm sounding at the warehouse", "Panic alarm activated at the jeweller's"]), 4),
    (call(Transport, "collision_injury", [6, 4, 0, 0], false, &["Car and cyclist collision, cyclist injured", "Two cars collided at the junction, one driver trapped"]), 4),
    (call(Transport, "collision_damage_only", [0, 2, 5, 4], false, &["Minor bump, drivers arguing in the road", "Van reversed into a parked car and drove off"]), 4),
    (call(Asb, "nuisance", [0, 2, 6, 3], true, &["Group of youths kicking a ball at windows", "Loud music from the flat below every night", "Motorbikes racing round the estate"]), 8),
    (call(Admin, "abandoned_call", [0, 0, 2, 8], false, &["999 call abandoned, sounds of an argument before the line cut", "Silent 999 call from a mobile"]), 4),
];

/// Why a call was regraded, by the direction of the change.
const UPGRADES: [&str; 3] =
    ["Caller rang back: a weapon has been seen", "Suspects still at the address", "Caller now says someone is hurt"];
const DOWNGRADES: [&str; 3] = [
    "Suspects have left; caller safe and happy to wait",
    "No one injured; caller at a friend's",
    "Resolved by the caller; advice only",
];

const RESULTS: [(IncidentResult, u32); 4] = [
    (IncidentResult::AdviceGiven, 40),
    (IncidentResult::NoTrace, 25),
    (IncidentResult::NoPoliceAction, 20),
    (IncidentResult::Transferred, 15),
];

/// This cluster's share of the shift: open incidents, and incidents
/// closed earlier today.
pub(crate) fn make(cl: &mut Cluster) {
    for _ in 0..2 {
        if chance(&mut cl.rng, 0.25) && cl.run.incidents_open < OPEN_CAP {
            cl.run.incidents_open += 1;
            incident(cl, false);
        }
        if chance(&mut cl.rng, 0.2) && cl.run.incidents_closed < CLOSED_CAP {
            cl.run.incidents_closed += 1;
            incident(cl, true);
        }
    }
}

fn grade_of(rng: &mut impl Rng, weights: [u32; 4]) -> Grade {
    weighted(rng, &[(Grade::I, weights[0]), (Grade::S, weights[1]), (Grade::E, weights[2]), (Grade::R, weights[3])])
}

/// How long ago a call of this grade came in, if it is still open now.
fn age(rng: &mut impl Rng, grade: Grade) -> i64 {
    match grade {
        Grade::I => rng.gen_range(2..26),
        Grade::S => rng.gen_range(5..110),
        Grade::E => rng.gen_range(30..600),
        Grade::R => rng.gen_range(10..240),
    }
}

fn incident(cl: &mut Cluster, closed: bool) {
    let now = cl.now();
    let rules = IncidentRules::default();
    let weights: Vec<(usize, u32)> = CALLS.iter().enumerate().map(|(i, (_, w))| (i, *w)).collect();
    let kind = &CALLS[weighted(&mut cl.rng, &weights)].0;
    let mut grade = grade_of(&mut cl.rng, kind.grades);
    let opened = if closed {
        now - Duration::minutes(cl.rng.gen_range(90..12 * 60))
    } else {
        now - Duration::minutes(age(&mut cl.rng, grade))
    };
    let borough = cl.fixed.boroughs.pick(&mut cl.rng);
    let place = &BOROUGHS_DATA[borough];
    let (location, where_) = if chance(&mut cl.rng, 0.6) {
        let address = scene_address(&mut cl.rng, place);
        let line = address.lines[0].clone();
        (IncidentLocation { address: Some(address), description: None, borough: Some(place.name.into()) }, line)
    } else {
        let spot = *one(
            &mut cl.rng,
            &["Outside the station on", "Bus stop on", "Junction of", "Car park behind", "Park gates on"],
        );
        let street = super::places::street(&mut cl.rng, place);
        let text = format!("{spot} {street}");
        (IncidentLocation { address: None, description: Some(text.clone()), borough: Some(place.name.into()) }, text)
    };
    let summary = format!("{} ({where_})", one(&mut cl.rng, kind.says));
    let operator = cl.officer(&["PC", "PS"]);

    // The caller: someone of the cluster, on the one record more often than not.
    let mut people = Vec::new();
    let caller_at = cl.rng.gen_range(0..cl.people.len());
    let caller = if chance(&mut cl.rng, 0.15) {
        Caller { name: "Anonymous".into(), phone: None, callback: false }
    } else {
        let name = cl.people[caller_at].name();
        if chance(&mut cl.rng, 0.6) {
            people.push((caller_at, EventRole::ReportingPerson));
        }
        let phone = format!("07700 900{:03}", cl.rng.gen_range(0..1000));
        Caller { name, phone: Some(phone), callback: chance(&mut cl.rng, 0.8) }
    };
    if kind.suspect && chance(&mut cl.rng, 0.35) {
        if let Some(suspect) = cl.other_offender(caller_at) {
            people.push((suspect, EventRole::Suspect));
        }
    }

    let mut log = vec![LogEntry {
        at: opened,
        by: operator.clone(),
        kind: LogKind::Opened,
        text: format!(
            "Opened as {} / {}, grade {grade}: {summary}",
            kind.category.label(),
            kind.subtype.replace('_', " ")
        ),
    }];
    let appointment = |rng: &mut rand_chacha::ChaCha8Rng, from: DateTime<Utc>| {
        let at = from + Duration::minutes(rng.gen_range(90..30 * 60));
        at.duration_trunc(Duration::minutes(30)).unwrap_or(at)
    };
    let first_appt = (grade == Grade::E && chance(&mut cl.rng, 0.8)).then(|| appointment(&mut cl.rng, opened));
    let mut grading = vec![IncidentGrading {
        at: opened,
        by: operator.clone(),
        grade,
        reason: None,
        due: rules.due(grade, opened, first_appt),
        appointment: first_appt,
    }];
    // Some calls change grade as more is learnt.
    let mut clock_from = opened;
    if chance(&mut cl.rng, 0.12) && now - opened > Duration::minutes(6) {
        let at = opened + Duration::minutes(cl.rng.gen_range(2..=((now - opened).num_minutes() / 2).clamp(3, 60)));
        let (to, why) = match grade {
            Grade::S | Grade::E => (Grade::I, *one(&mut cl.rng, &UPGRADES)),
            _ => (Grade::E, *one(&mut cl.rng, &DOWNGRADES)),
        };
        let appt = (to == Grade::E).then(|| appointment(&mut cl.rng, at));
        log.push(LogEntry {
            at,
            by: operator.clone(),
            kind: LogKind::Grade,
            text: format!("Regraded {grade} to {to}: {why}"),
        });
        grading.push(IncidentGrading {
            at,
            by: operator.clone(),
            grade: to,
            reason: Some(why.into()),
            due: rules.due(to, at, appt),
            appointment: appt,
        });
        grade = to;
        clock_from = at;
    }

    // Resources: most I calls have a unit, fewer of the rest.
    let mut resources = Vec::new();
    let sent = match grade {
        Grade::I => 0.8,
        Grade::S => 0.5,
        Grade::E => {
            if closed {
                0.7
            } else {
                0.1
            }
        }
        Grade::R => 0.0,
    };
    if closed || chance(&mut cl.rng, sent) {
        let units = if grade == Grade::I && chance(&mut cl.rng, 0.4) { 2 } else { 1 };
        for _ in 0..units {
            let sign = format!("{}{}", place.unit, cl.rng.gen_range(10..99));
            if resources.iter().any(|r: &Resource| r.call_sign == sign) {
                continue;
            }
            let assigned = clock_from + Duration::minutes(cl.rng.gen_range(1..4));
            if assigned >= now {
                continue;
            }
            let mut r = Resource {
                call_sign: sign.clone(),
                status: ResourceStatus::Assigned,
                assigned_at: assigned,
                en_route_at: None,
                at_scene_at: None,
                released_at: None,
            };
            log.push(LogEntry {
                at: assigned,
                by: operator.clone(),
                kind: LogKind::Resource,
                text: format!("{sign} assigned"),
            });
            let en_route = assigned + Duration::minutes(1);
            if en_route < now && chance(&mut cl.rng, 0.85) {
                r.status = ResourceStatus::EnRoute;
                r.en_route_at = Some(en_route);
                log.push(LogEntry {
                    at: en_route,
                    by: sign.clone(),
                    kind: LogKind::Resource,
                    text: format!("{sign} en route"),
                });
                let travel = match grade {
                    Grade::I => cl.rng.gen_range(5..22),
                    _ => cl.rng.gen_range(10..70),
                };
                let arrived = en_route + Duration::minutes(travel);
                if arrived < now && (closed || chance(&mut cl.rng, 0.7)) {
                    r.status = ResourceStatus::AtScene;
                    r.at_scene_at = Some(arrived);
                    log.push(LogEntry {
                        at: arrived,
                        by: sign.clone(),
                        kind: LogKind::Resource,
                        text: format!("{sign} at scene"),
                    });
                }
            }
            resources.push(r);
        }
    }

    let mut closure = None;
    if closed {
        let last = log.iter().map(|e| e.at).max().unwrap_or(opened);
        let at = (last + Duration::minutes(cl.rng.gen_range(10..60))).min(now - Duration::minutes(1));
        let result = weighted(&mut cl.rng, &RESULTS);
        for r in &mut resources {
            r.status = ResourceStatus::Released;
            r.released_at = Some(at);
        }
        let note = match result {
            IncidentResult::AdviceGiven => "Words of advice given to all parties",
            IncidentResult::NoTrace => "Area searched, no trace of those described",
            IncidentResult::NoPoliceAction => "No offences disclosed; no police action needed",
            _ => "Passed to the local authority out-of-hours team",
        };
        log.push(LogEntry {
            at,
            by: operator.clone(),
            kind: LogKind::Closed,
            text: format!("Closed: {}. {note}", result.label()),
        });
        closure = Some(IncidentClosure { at, by: operator.clone(), result, note: note.into(), record: None });
    }
    log.sort_by_key(|e| e.at);
    let updated = log.last().map(|e| e.at).unwrap_or(opened);
    let mut details = IncidentDetails {
        status: IncidentStatus::Open,
        category: kind.category,
        subtype: kind.subtype.into(),
        caller,
        location,
        grading,
        resources,
        log,
        duplicate_of: None,
        duplicates: Vec::new(),
        closure,
    };
    details.status = details.status_from_resources();
    let reference = cl.run.counters.incident_reference(opened);
    cl.push_event(EventSpec {
        reference,
        occurred_at: opened,
        updated_at: updated,
        borough,
        summary,
        people,
        details: EventDetails::Incident(Box::new(details)),
    });
}
