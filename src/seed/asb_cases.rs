//! A seeded ASB case: its incidents as the control room's own records (ASB
//! incidents closed with advice, in the case's category), linked to the
//! case, then taken by the desk's own actions as far as the seed chose —
//! open and building, open with its review trigger met (some with a review
//! requested, some held with a panel, a decision and a plan), tools used on
//! the subject, closed with a result. Victims who meet the trigger are
//! there because their incidents are.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;

use super::cluster::{Cluster, EventSpec};
use super::pick::{chance, one};
use super::places::{self, BOROUGHS_DATA};
use crate::domain::asb::lifecycle::{apply, Acting, AsbAction as A, AsbState};
use crate::domain::asb::{standing, AsbCategory, AsbDetails, AsbResult, AsbRisk, AsbRules, AsbTool, LinkedIncident};
use crate::domain::event::{EventDetails, EventKind};
use crate::domain::incident::{
    Caller, Grade, IncidentCategory, IncidentClosure, IncidentDetails, IncidentGrading, IncidentLocation,
    IncidentResult, IncidentRules, IncidentStatus, LogEntry, LogKind,
};
use crate::domain::link::{EventPerson, EventRole, LinkedRecord};

const ASB_INCIDENTS: [(AsbCategory, &str); 9] = [
    (AsbCategory::Personal, "Abuse shouted at the complainant from the landing"),
    (AsbCategory::Personal, "Complainant followed home and threatened"),
    (AsbCategory::Personal, "Eggs thrown at the complainant's door"),
    (AsbCategory::Nuisance, "Loud music from the flat until 3am"),
    (AsbCategory::Nuisance, "Group gathering in the stairwell, smoking cannabis"),
    (AsbCategory::Nuisance, "Motorbikes ridden across the estate at speed"),
    (AsbCategory::Environmental, "Rubbish dumped outside the block"),
    (AsbCategory::Environmental, "Graffiti sprayed on the garages"),
    (AsbCategory::Environmental, "Fly-tipping in the alley behind the shops"),
];

const PANELS: [&[&str]; 2] = [
    &["Council ASB team", "Housing provider", "Safer neighbourhoods team"],
    &["Council ASB team", "Adult social care", "Safer neighbourhoods team", "Victim support"],
];

/// An ASB case: repeated incidents, with a subject and a complainant.
pub(crate) fn asb(cl: &mut Cluster, i: usize, role: EventRole) {
    // Early enough for its first call to have been closed.
    let first = cl.when(i, 10, 6.0).min(cl.now() - Duration::hours(3));
    let category = *one(&mut cl.rng, &AsbCategory::ALL);
    let mut people = vec![(i, role)];
    let other_role = if role == EventRole::Subject { EventRole::Complainant } else { EventRole::Subject };
    let other = if other_role == EventRole::Subject { cl.other_offender(i) } else { cl.other(i) };
    if let Some(j) = other.filter(|_| chance(&mut cl.rng, 0.6)) {
        people.push((j, other_role));
    }
    // Where the complainant lives is where the trouble is.
    let complainant = people.iter().find(|(_, r)| *r == EventRole::Complainant).map(|(j, _)| *j);
    let subject = people.iter().find(|(_, r)| *r == EventRole::Subject).map(|(j, _)| *j);
    let borough = cl.people[complainant.unwrap_or(i)].borough;
    let street = places::street(&mut cl.rng, &BOROUGHS_DATA[borough]);

    let n = *one(&mut cl.rng, &[1, 1, 2, 3, 3, 4, 5, 6]);
    let mut linked = Vec::with_capacity(n);
    let mut at: DateTime<Utc> = first;
    for _ in 0..n {
        if at > cl.now() - Duration::hours(2) {
            break;
        }
        linked.push(incident(cl, at, category, borough, &street, complainant, subject));
        at += Duration::hours(cl.rng.gen_range(20..24 * 40));
    }
    let last = linked.last().map(|x: &LinkedIncident| x.at).unwrap_or(first);
    let open = (cl.now() - last).num_days() < 60 && chance(&mut cl.rng, 0.6);
    let case_people: Vec<EventPerson> =
        people.iter().map(|(j, r)| EventPerson { person_id: cl.people[*j].id.clone(), role: *r }).collect();
    let officer = cl.officer(&["PC", "PS"]);
    let details =
        workflow(cl, AsbDetails { incidents: linked, ..AsbDetails::new(category) }, case_people, &officer, last, open);
    let label = match category {
        AsbCategory::Personal => "Personal",
        AsbCategory::Nuisance => "Nuisance",
        AsbCategory::Environmental => "Environmental",
    };
    let reference = cl.reference(EventKind::Asb, first);
    let count = details.incidents.len();
    let updated = details.log.last().map(|e| e.at).unwrap_or(last);
    cl.push_event(EventSpec {
        reference,
        occurred_at: first,
        updated_at: updated,
        borough,
        summary: format!("{label} ASB - {street} ({})", plural(count, "incident")),
        people,
        details: EventDetails::Asb(details),
    });
}

/// One ASB call about the trouble, closed with advice: a record of its own,
/// as the case links it.
fn incident(
    cl: &mut Cluster,
    at: DateTime<Utc>,
    category: AsbCategory,
    borough: usize,
    street: &str,
    complainant: Option<usize>,
    subject: Option<usize>,
) -> LinkedIncident {
    let matching: Vec<&str> = ASB_INCIDENTS.iter().filter(|(c, _)| *c == category).map(|(_, d)| *d).collect();
    let says = (*one(&mut cl.rng, &matching)).to_string();
    let operator = cl.officer(&["PC", "PS"]);
    let grade = if chance(&mut cl.rng, 0.7) { Grade::E } else { Grade::R };
    let closed_at = (at + Duration::minutes(cl.rng.gen_range(30..180))).min(cl.now() - Duration::minutes(1));
    let caller = match complainant {
        Some(j) => Caller { name: cl.people[j].name(), phone: None, callback: true },
        None => Caller { name: "Anonymous".into(), phone: None, callback: false },
    };
    let note = "Words of advice given; passed to the neighbourhood team's ASB case";
    let place = format!("Outside {street}");
    let details = IncidentDetails {
        status: IncidentStatus::Closed,
        category: IncidentCategory::AntiSocialBehaviour,
        subtype: category.as_str().into(),
        caller,
        location: IncidentLocation {
            address: None,
            description: Some(place.clone()),
            borough: Some(BOROUGHS_DATA[borough].name.into()),
        },
        grading: vec![IncidentGrading {
            at,
            by: operator.clone(),
            grade,
            reason: None,
            due: IncidentRules::default().due(grade, at, None),
            appointment: None,
        }],
        resources: Vec::new(),
        log: vec![
            LogEntry {
                at,
                by: operator.clone(),
                kind: LogKind::Opened,
                text: format!("Opened as Anti-social behaviour / {}, grade {grade}: {says}", category.as_str()),
            },
            LogEntry {
                at: closed_at,
                by: operator.clone(),
                kind: LogKind::Closed,
                text: format!("Closed: {}. {note}", IncidentResult::AdviceGiven.label()),
            },
        ],
        duplicate_of: None,
        duplicates: Vec::new(),
        closure: Some(IncidentClosure {
            at: closed_at,
            by: operator.clone(),
            result: IncidentResult::AdviceGiven,
            note: note.into(),
            record: None,
        }),
    };
    let mut people = Vec::new();
    if let Some(j) = complainant {
        people.push((j, EventRole::Victim));
    }
    if let Some(j) = subject.filter(|_| chance(&mut cl.rng, 0.7)) {
        people.push((j, EventRole::Suspect));
    }
    let linked_people: Vec<EventPerson> =
        people.iter().map(|(j, r)| EventPerson { person_id: cl.people[*j].id.clone(), role: *r }).collect();
    let reference = cl.run.counters.incident_reference(at);
    let id = cl.push_event(EventSpec {
        reference: reference.clone(),
        occurred_at: at,
        updated_at: closed_at,
        borough,
        summary: format!("{says} ({place})"),
        people,
        details: EventDetails::Incident(Box::new(details)),
    });
    LinkedIncident {
        record: LinkedRecord { kind: EventKind::Incident, id, reference },
        at,
        category,
        place: Some(place),
        people: linked_people,
        linked_at: closed_at,
        linked_by: operator,
    }
}

/// The case taken by the desk's own actions from `last` (its latest
/// incident) on; a step the rules refuse is left out.
fn workflow(
    cl: &mut Cluster,
    details: AsbDetails,
    people: Vec<EventPerson>,
    officer: &str,
    last: DateTime<Utc>,
    open: bool,
) -> AsbDetails {
    let rules = AsbRules::default();
    let now = cl.now();
    let mut state = AsbState { details, people };
    let step = |state: &mut AsbState, by: &str, at: DateTime<Utc>, action: A| {
        let acting = Acting { by, now: at.min(now), rules: &rules, linking: None };
        if let Ok(next) = apply(state, &action, &acting) {
            *state = next;
        }
    };
    let mut at = last;
    let later = |cl: &mut Cluster, at: &mut DateTime<Utc>, hours: i64| {
        *at = (*at + Duration::minutes(cl.rng.gen_range(30..hours.max(1) * 60))).min(now - Duration::minutes(5));
        *at
    };
    let victim = state.people.iter().find(|p| p.role == EventRole::Complainant).map(|p| p.person_id.clone());
    let subject = state.people.iter().find(|p| p.role == EventRole::Subject).map(|p| p.person_id.clone());
    if let Some(v) = victim.clone().filter(|_| chance(&mut cl.rng, 0.7)) {
        let risk = *one(&mut cl.rng, &[AsbRisk::Standard, AsbRisk::Standard, AsbRisk::Medium, AsbRisk::High]);
        let reasons = match risk {
            AsbRisk::High => "Lives alone, mental health concerns, targeted repeatedly",
            AsbRisk::Medium => "Affected at home; sleep and work disturbed",
            AsbRisk::Standard => "Affected but well supported",
        };
        let t = later(cl, &mut at, 24);
        step(&mut state, officer, t, A::AssessRisk { person_id: v, risk, reasons: reasons.into() });
    }
    if let Some(s) = subject.clone().filter(|_| state.details.incidents.len() >= 2 && chance(&mut cl.rng, 0.6)) {
        let t = later(cl, &mut at, 72);
        step(
            &mut state,
            officer,
            t,
            A::RecordTool {
                tool: AsbTool::WarningLetter,
                person_id: Some(s.clone()),
                from: t.date_naive(),
                until: None,
                note: None,
            },
        );
        if chance(&mut cl.rng, 0.4) {
            let t = later(cl, &mut at, 24 * 14);
            step(
                &mut state,
                officer,
                t,
                A::RecordTool {
                    tool: AsbTool::AcceptableBehaviourContract,
                    person_id: Some(s),
                    from: t.date_naive(),
                    until: Some(t.date_naive() + Duration::days(180)),
                    note: Some("No entry to Block C; no contact with the complainant".into()),
                },
            );
        }
    }
    // A victim whose incidents meet the trigger asks for a review more often than not.
    if standing(&state.details, &rules, at).trigger.met && chance(&mut cl.rng, if open { 0.5 } else { 0.8 }) {
        let t = later(cl, &mut at, 48);
        step(&mut state, officer, t, A::RequestReview { override_reason: None });
        if !open || chance(&mut cl.rng, 0.5) {
            let t = later(cl, &mut at, 24 * 20);
            let panel = one(&mut cl.rng, &PANELS).iter().map(|p| p.to_string()).collect();
            step(
                &mut state,
                "Insp Okafor",
                t,
                A::RecordReview {
                    panel,
                    decision: "The response so far was not enough: a partnership problem-solving plan is agreed".into(),
                    action_plan:
                        "Housing to visit the subject within 7 days; patrols at night for 4 weeks; review in 6 weeks"
                            .into(),
                },
            );
        }
    }
    if !open {
        let t = later(cl, &mut at, 24 * 30);
        let result = *one(
            &mut cl.rng,
            &[AsbResult::Resolved, AsbResult::ResolvedByTool, AsbResult::PartnerLead, AsbResult::NoFurtherAction],
        );
        let note = match result {
            AsbResult::Resolved => "No further reports for two months",
            AsbResult::ResolvedByTool => "Quiet since the contract was signed",
            AsbResult::PartnerLead => "The housing provider leads under its tenancy terms",
            AsbResult::NoFurtherAction => "The complainant no longer wishes to take part",
        };
        step(&mut state, officer, t, A::Close { result, note: note.into() });
    }
    state.details
}

/// "1 incident", "3 incidents".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
