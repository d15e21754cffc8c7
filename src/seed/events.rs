//! Each person's history across the seven areas, and the crime,
//! intelligence, safeguarding and ASB records themselves (custody records
//! are in `custody`, cases and warrants in `justice`).

use chrono::{DateTime, Duration, Utc};
use rand::Rng;

use crate::domain::event::{
    CrimeDetails, CrimeStatus, EventDetails, EventKind, Grading, IntelligenceDetails, Priority, RiskLevel,
    SafeguardingCategory, SafeguardingDetails,
};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::safeguarding::{MissingGrade, MissingReport};

use super::cluster::{Cluster, EventSpec};
use super::people::Profile;
use super::pick::{chance, one, weighted};
use super::places::{self, BOROUGHS_DATA};
use super::{asb_cases, custody, justice};

/// An offence as records name it, with what drives priorities and custody.
pub(crate) struct Offence {
    pub name: &'static str,
    /// Either-way or indictable-only: a superintendent may extend detention.
    pub indictable: bool,
    pub violence: bool,
    pub domestic: bool,
    /// Has a victim who can be named (not possession or driving offences).
    pub victim: bool,
    weight: u32,
}

const fn o(name: &'static str, indictable: bool, violence: bool, domestic: bool, weight: u32) -> Offence {
    Offence { name, indictable, violence, domestic, victim: true, weight }
}

/// An offence without a personal victim.
const fn v(name: &'static str, indictable: bool, violence: bool, weight: u32) -> Offence {
    Offence { name, indictable, violence, domestic: false, victim: false, weight }
}

pub(crate) const OFFENCES: [Offence; 27] = [
    o("Burglary - residential", true, false, false, 10),
    o("Burglary - business and community", true, false, false, 4),
    o("Theft of a motor vehicle", true, false, false, 5),
    o("Theft from a motor vehicle", true, false, false, 6),
    o("Shoplifting", false, false, false, 10),
    o("Theft from the person", true, false, false, 6),
    o("Robbery of personal property", true, true, false, 6),
    o("Assault occasioning actual bodily harm", true, true, false, 8),
    o("Common assault", false, true, false, 8),
    o("Wounding with intent to cause grievous bodily harm", true, true, false, 3),
    v("Possession with intent to supply a controlled drug (Class A)", true, false, 6),
    v("Possession of a controlled drug (Class B)", false, false, 7),
    v("Possession of a bladed article in a public place", true, true, 5),
    v("Possession of an offensive weapon", true, true, 3),
    o("Criminal damage", false, false, false, 7),
    o("Harassment", false, false, false, 3),
    o("Stalking", true, false, true, 2),
    o("Controlling or coercive behaviour", true, true, true, 3),
    o("Common assault (domestic)", false, true, true, 4),
    o("Breach of a non-molestation order", true, false, true, 2),
    o("Fraud by false representation", true, false, false, 4),
    o("Handling stolen goods", true, false, false, 2),
    v("Driving while disqualified", false, false, 3),
    v("Driving with excess alcohol", false, false, 3),
    o("Public order offence - fear or provocation of violence", false, true, false, 3),
    o("Sexual assault", true, true, false, 2),
    o("Arson", true, false, false, 1),
];

/// An offence, weighted by how often it is recorded.
pub(crate) fn offence(rng: &mut impl Rng) -> &'static Offence {
    let total: u32 = OFFENCES.iter().map(|o| o.weight).sum();
    let mut x = rng.gen_range(0..total);
    for o in &OFFENCES {
        if x < o.weight {
            return o;
        }
        x -= o.weight;
    }
    &OFFENCES[0]
}

/// What happens in a person's history, by how they come to police notice.
#[derive(Debug, Clone, Copy)]
enum Kind {
    CrimeSuspect,
    CrimeVictim,
    CrimeWitness,
    Intelligence,
    Safeguarding,
    AsbSubject,
    AsbComplainant,
    Custody,
    Case,
    Warrant,
}

const OFFENDER_HISTORY: [(Kind, u32); 7] = [
    (Kind::CrimeSuspect, 34),
    (Kind::Custody, 22),
    (Kind::Case, 14),
    (Kind::Intelligence, 14),
    (Kind::AsbSubject, 7),
    (Kind::Warrant, 5),
    (Kind::CrimeVictim, 4),
];

const OTHER_HISTORY: [(Kind, u32); 5] = [
    (Kind::CrimeVictim, 48),
    (Kind::CrimeWitness, 14),
    (Kind::AsbComplainant, 14),
    (Kind::Safeguarding, 20),
    (Kind::Intelligence, 4),
];

/// Person `i`'s open records now and their history.
pub(crate) fn for_person(cl: &mut Cluster, i: usize) {
    let profile = cl.people[i].profile;
    let age = cl.people[i].age(cl.fixed.today);
    let rates = cl.run.rates;
    // Offenders carry most of the open records; the factors keep the overall rates.
    let (bias, rest) = if profile.offends() { (3.0, 0.0) } else { (0.33, 1.0) };
    if age >= 14 && chance(&mut cl.rng, rates.custody_open * bias) && !cl.run.custody_full() {
        custody::open(cl, i);
    }
    if age >= 14 && chance(&mut cl.rng, rates.warrant_open * (bias * 1.05)) {
        justice::warrant(cl, i, true);
    }
    if profile.offends() && chance(&mut cl.rng, rates.case_open * 4.0) {
        justice::case(cl, i, true);
    }
    let young = if age < 18 { 4.0 } else { 0.8 };
    if chance(&mut cl.rng, rates.missing_open * young * (0.5 + rest)) {
        safeguarding(cl, i, Some(SafeguardingCategory::MissingPerson));
    }
    if chance(&mut cl.rng, rates.at_risk_open * (0.5 + rest)) {
        let category = if age < 18 {
            *one(&mut cl.rng, &[SafeguardingCategory::ChildSexualExploitation, SafeguardingCategory::ChildWelfare])
        } else {
            *one(&mut cl.rng, &[SafeguardingCategory::DomesticAbuse, SafeguardingCategory::AdultAtRisk])
        };
        safeguarding(cl, i, Some(category));
    }

    let count = match profile {
        Profile::Prolific => cl.rng.gen_range(10..=40),
        Profile::Offender => *one(&mut cl.rng, &[1, 1, 2, 2, 3]),
        Profile::Other => {
            if chance(&mut cl.rng, 0.72) {
                1
            } else {
                2
            }
        }
    };
    for _ in 0..count {
        let kind = match profile {
            _ if age < 14 => *one(&mut cl.rng, &[Kind::Safeguarding, Kind::Safeguarding, Kind::CrimeVictim]),
            Profile::Other => weighted(&mut cl.rng, &OTHER_HISTORY),
            _ => weighted(&mut cl.rng, &OFFENDER_HISTORY),
        };
        match kind {
            Kind::CrimeSuspect => crime(cl, i, EventRole::Suspect),
            Kind::CrimeVictim => crime(cl, i, EventRole::Victim),
            Kind::CrimeWitness => crime(cl, i, EventRole::Witness),
            Kind::Intelligence => intelligence(cl, i),
            Kind::Safeguarding => safeguarding(cl, i, None),
            Kind::AsbSubject => asb_cases::asb(cl, i, EventRole::Subject),
            Kind::AsbComplainant => asb_cases::asb(cl, i, EventRole::Complainant),
            Kind::Custody => {
                let at = cl.when(i, 14, 12.0);
                custody::closed(cl, i, at, None);
            }
            Kind::Case => justice::case(cl, i, false),
            Kind::Warrant => justice::warrant(cl, i, false),
        }
    }
}

/// The scene of something in the borough, as the summary names it.
fn scene(cl: &mut Cluster, borough: usize) -> crate::domain::location::Address {
    places::scene_address(&mut cl.rng, &BOROUGHS_DATA[borough])
}

/// Mostly where the person lives; sometimes anywhere in London.
pub(crate) fn borough_for(cl: &mut Cluster, i: usize) -> usize {
    if chance(&mut cl.rng, 0.7) {
        cl.people[i].borough
    } else {
        cl.fixed.boroughs.pick(&mut cl.rng)
    }
}

/// A crime report naming the person as suspect, victim or witness, often with others of the cluster.
fn crime(cl: &mut Cluster, i: usize, role: EventRole) {
    let min_age = if role == EventRole::Suspect { 10 } else { 0 };
    let at = cl.when(i, min_age, 10.0);
    let mut offence = offence(&mut cl.rng);
    while role == EventRole::Victim && !offence.victim {
        offence = self::offence(&mut cl.rng);
    }
    crime_report(cl, i, role, at, offence, None);
}

/// A crime report of `offence` at `at`; `status` left out follows from its age.
pub(crate) fn crime_report(
    cl: &mut Cluster,
    i: usize,
    role: EventRole,
    at: DateTime<Utc>,
    offence: &Offence,
    status: Option<CrimeStatus>,
) {
    let borough = borough_for(cl, i);
    let mut people = vec![(i, role)];
    match role {
        EventRole::Suspect => {
            if offence.victim && chance(&mut cl.rng, 0.45) {
                if let Some(v) = cl.other(i) {
                    people.push((v, EventRole::Victim));
                }
            }
            if chance(&mut cl.rng, 0.12) {
                if let Some(s) = cl.other_offender(i) {
                    people.push((s, EventRole::Suspect));
                    cl.link_people(i, s, "associate");
                }
            }
        }
        _ => {
            if chance(&mut cl.rng, 0.25) {
                if let Some(s) = cl.other_offender(i) {
                    people.push((s, EventRole::Suspect));
                }
            }
        }
    }
    if chance(&mut cl.rng, 0.1) {
        if let Some(w) = cl.other(i) {
            people.push((w, EventRole::Witness));
        }
    }
    let age_days = (cl.now() - at).num_days();
    let status = status.unwrap_or_else(|| match age_days {
        d if d < 30 && chance(&mut cl.rng, 0.6) => CrimeStatus::Open,
        _ if chance(&mut cl.rng, 0.01) => CrimeStatus::Cancelled,
        d if d < 60 && chance(&mut cl.rng, 0.15) => CrimeStatus::OutcomeProposed,
        d if d < 200 && chance(&mut cl.rng, 0.5) => CrimeStatus::UnderInvestigation,
        _ => CrimeStatus::Closed,
    });
    // A home burglary or a domestic crime happens where the victim lives:
    // the place then has its household and the crime on its timeline.
    let at_home = role == EventRole::Victim && (offence.name == "Burglary - residential" || offence.domestic);
    let home = cl.persons.get(i).and_then(|p| p.details.current_address().cloned()).filter(|_| at_home);
    let location = home.unwrap_or_else(|| scene(cl, borough));
    let summary = format!("{} - {}, {}", offence.name, location.lines[0], location.lines.get(1).map_or("", |l| l));
    let updated = cl.between_now(at).min(at + Duration::days(120));
    let reference = cl.reference(EventKind::Crime, at);
    let location = chance(&mut cl.rng, 0.85).then_some(location);
    // Reported within the day, mostly within the hour.
    let reported = (at + Duration::minutes(cl.rng.gen_range(5..24 * 60))).min(cl.now());
    let details = super::crime_states::crime_workflow(
        cl,
        offence.name,
        reported,
        status,
        CrimeDetails::reported(offence.name.to_string(), location, reported),
    );
    let updated = details.log.last().map_or(updated, |e| e.at.max(at));
    cl.push_event(EventSpec {
        reference,
        occurred_at: at,
        updated_at: updated,
        borough,
        summary,
        people,
        details: EventDetails::Crime(Box::new(details)),
    });
}

const INTEL: [(&str, Priority); 8] = [
    ("is believed to be supplying Class A drugs in the {place} area", Priority::Medium),
    ("is reported to carry a knife when in {place}", Priority::High),
    ("is believed to be storing stolen property at an address in {place}", Priority::Low),
    ("is associating with members of a street gang active in {place}", Priority::Low),
    ("is believed to travel to {place} to commit burglaries", Priority::Low),
    ("is reported to have access to a firearm kept near {place}", Priority::High),
    ("is believed to be using younger people to run a drugs line from {place}", Priority::Medium),
    ("is reported to be selling counterfeit goods from a car in {place}", Priority::Low),
];

const SOURCES: [&str; 5] = [
    "A covert human intelligence source",
    "A member of the public who asked not to be named",
    "A neighbour",
    "A prison source",
    "A partner agency worker",
];

const CONDITIONS: [&str; 3] = [
    "Not to be disseminated outside the force without reference to the originator",
    "Share with children's services only",
    "Do not action without the agreement of the intelligence unit",
];

/// An intelligence report on the person; old ones keep their 5x5x5 grading.
fn intelligence(cl: &mut Cluster, i: usize) {
    let at = cl.when(i, 14, 12.0);
    let borough = borough_for(cl, i);
    let (template, mut priority) = *one(&mut cl.rng, &INTEL);
    let (_, locality) = *one(&mut cl.rng, BOROUGHS_DATA[borough].districts);
    let mut text = format!("Subject {}", template.replace("{place}", locality));
    if let Some(vehicle) = cl.people[i].vehicle.clone().filter(|_| chance(&mut cl.rng, 0.4)) {
        text.push_str(&format!(", using a {vehicle}"));
    }
    text.push('.');
    let years_ago = (cl.now() - at).num_days() / 365;
    let grading = if years_ago >= 9 && chance(&mut cl.rng, 0.8) {
        Grading::FiveFiveFive {
            source: weighted(&mut cl.rng, &[('A', 10), ('B', 45), ('C', 35), ('D', 8), ('E', 2)]),
            intelligence: weighted(&mut cl.rng, &[(1, 15), (2, 45), (3, 30), (4, 8), (5, 2)]),
            handling: weighted(&mut cl.rng, &[(1, 40), (2, 10), (3, 25), (4, 15), (5, 10)]),
        }
    } else {
        let handling = if chance(&mut cl.rng, 0.8) { 'P' } else { 'C' };
        Grading::ThreeFiveTwo {
            source: weighted(&mut cl.rng, &[(1, 35), (2, 50), (3, 15)]),
            intelligence: weighted(&mut cl.rng, &[('A', 20), ('B', 40), ('C', 30), ('D', 8), ('E', 2)]),
            handling,
            conditions: (handling == 'C').then(|| (*one(&mut cl.rng, &CONDITIONS)).to_string()),
        }
    };
    if years_ago >= 2 && priority == Priority::High {
        priority = Priority::Medium;
    }
    let unsanitised = chance(&mut cl.rng, 0.6).then(|| {
        let street = places::street(&mut cl.rng, &BOROUGHS_DATA[borough]);
        format!(
            "{} reports that {} {} and was seen on {street} on {}.",
            one(&mut cl.rng, &SOURCES),
            cl.people[i].name(),
            template.replace("{place}", locality),
            at.format("%d %B %Y")
        )
    });
    let mut people = vec![(i, EventRole::Subject)];
    if chance(&mut cl.rng, 0.3) {
        if let Some(j) = cl.other_offender(i) {
            people.push((j, EventRole::Subject));
            cl.link_people(i, j, "associate");
        }
    }
    let reference = cl.reference(EventKind::Intelligence, at);
    let summary = format!("{}: {}", cl.people[i].name(), text.trim_end_matches('.'));
    let updated = at + Duration::hours(cl.rng.gen_range(1..72));
    let details = super::intel_states::intelligence_workflow(
        cl,
        at,
        IntelligenceDetails::draft(grading, priority, text, unsanitised),
    );
    cl.push_event(EventSpec {
        reference,
        occurred_at: at,
        updated_at: updated,
        borough,
        summary,
        people,
        details: EventDetails::Intelligence(details),
    });
}

const CHECKS: [&str; 5] = [
    "PNC and local checks completed: no trace",
    "Previous reports at the address in the last 12 months",
    "Known to children's services",
    "Subject has a current warning marker for self-harm",
    "Checks with the GP and the school requested",
];

/// A coming-to-notice report with the person as its subject. `open`
/// forces an open report of that category (missing, or high risk).
fn safeguarding(cl: &mut Cluster, i: usize, open: Option<SafeguardingCategory>) {
    let age = cl.people[i].age(cl.fixed.today);
    let category = open.unwrap_or_else(|| {
        if age < 18 {
            weighted(
                &mut cl.rng,
                &[
                    (SafeguardingCategory::ChildWelfare, 40),
                    (SafeguardingCategory::MissingPerson, 25),
                    (SafeguardingCategory::ChildSexualExploitation, 12),
                    (SafeguardingCategory::DomesticAbuse, 18),
                    (SafeguardingCategory::ForcedMarriage, if age >= 15 { 5 } else { 0 }),
                ],
            )
        } else {
            weighted(
                &mut cl.rng,
                &[
                    (SafeguardingCategory::DomesticAbuse, 45),
                    (SafeguardingCategory::AdultAtRisk, 25),
                    (SafeguardingCategory::MissingPerson, 22),
                    (SafeguardingCategory::ForcedMarriage, if age <= 30 { 8 } else { 0 }),
                ],
            )
        }
    });
    let now = cl.now();
    let at = match open {
        Some(SafeguardingCategory::MissingPerson) => now - Duration::minutes(cl.rng.gen_range(60..14 * 24 * 60)),
        Some(_) => now - Duration::minutes(cl.rng.gen_range(60..30 * 24 * 60)),
        None => cl.when(i, 0, 8.0),
    };
    let risk = match open {
        Some(SafeguardingCategory::MissingPerson) if chance(&mut cl.rng, 0.5) => RiskLevel::Low,
        Some(_) => RiskLevel::High,
        None if chance(&mut cl.rng, 0.2) => RiskLevel::High,
        None => RiskLevel::Low,
    };
    let age = cl.people[i].age(at.date_naive());
    let borough = cl.people[i].borough;
    let (_, locality) = *one(&mut cl.rng, BOROUGHS_DATA[borough].districts);
    let name = cl.people[i].name();
    let summary = match category {
        SafeguardingCategory::MissingPerson => {
            format!("Missing: {name}, {age}, last seen in {locality}")
        }
        SafeguardingCategory::ChildWelfare => format!("Child welfare concern for {name}, {age}"),
        SafeguardingCategory::DomesticAbuse => {
            format!("Domestic abuse: {name} at risk at home in {locality}")
        }
        SafeguardingCategory::ChildSexualExploitation => {
            format!("Concern that {name}, {age}, is being exploited")
        }
        SafeguardingCategory::ForcedMarriage => {
            format!("Forced marriage concern for {name}, {age}")
        }
        SafeguardingCategory::AdultAtRisk => format!("Adult at risk: {name}, {age}, {locality}"),
    };
    let mut people = vec![(i, EventRole::Subject)];
    let household = cl.people[i].household;
    let relative = (0..cl.people.len()).find(|&j| j != i && cl.people[j].household == household);
    if chance(&mut cl.rng, 0.5) {
        if let Some(r) = relative.or_else(|| cl.other(i)) {
            people.push((r, EventRole::ReportingPerson));
        }
    }
    if category == SafeguardingCategory::DomesticAbuse && chance(&mut cl.rng, 0.5) {
        if let Some(s) = cl.other_offender(i) {
            people.push((s, EventRole::Suspect));
        }
    }
    let officer = cl.officer(&["PC", "DC", "PS"]);
    let reference = cl.reference(EventKind::Safeguarding, at);
    let police_checks = (*one(&mut cl.rng, &CHECKS)).to_string();
    let mut details = SafeguardingDetails::draft(category, risk, officer.clone());
    details.police_checks = police_checks;
    details.risk_reasons = risk_reasons(category, risk).to_string();
    if category == SafeguardingCategory::MissingPerson {
        let grade = if risk == RiskLevel::High { MissingGrade::High } else { MissingGrade::Medium };
        details.missing = Some(MissingReport {
            last_seen_at: at - Duration::minutes(cl.rng.gen_range(30..12 * 60)),
            last_seen_place: locality.to_string(),
            grade,
            grade_reason: format!("Aged {age}; not known to go missing before"),
            regrades: Vec::new(),
            enquiries: Vec::new(),
            found: None,
        });
    }
    // The people on the record, as the workflow's checks read them.
    let on_record: Vec<EventPerson> =
        people.iter().map(|(j, role)| EventPerson { person_id: cl.people[*j].id.clone(), role: *role }).collect();
    let details = super::safeguarding_states::workflow(
        cl,
        details,
        on_record,
        &officer,
        at,
        open.is_some(),
        age < 18,
        BOROUGHS_DATA[borough].name,
    );
    let last = details.log.last().map(|e| e.at);
    let updated = match last {
        Some(t) => t.max(at),
        None if open.is_some() => cl.between_now(at),
        None => at + Duration::hours(cl.rng.gen_range(2..24 * 60)),
    };
    cl.push_event(EventSpec {
        reference,
        occurred_at: at,
        updated_at: updated,
        borough,
        summary,
        people,
        details: EventDetails::Safeguarding(Box::new(details)),
    });
}

/// Why a report has its risk, in the words a report would use.
fn risk_reasons(category: SafeguardingCategory, risk: RiskLevel) -> &'static str {
    match (category, risk) {
        (SafeguardingCategory::MissingPerson, RiskLevel::High) => "Young, vulnerable and out overnight with no contact",
        (SafeguardingCategory::MissingPerson, _) => "Has gone missing before and returned unharmed",
        (SafeguardingCategory::DomesticAbuse, RiskLevel::High) => "DASH assessment high: threats to kill, escalating",
        (SafeguardingCategory::DomesticAbuse, _) => "DASH assessment standard: verbal argument, no injury",
        (_, RiskLevel::High) => "Immediate risk of significant harm identified",
        (_, RiskLevel::Medium) => "Risk of harm identified; protective factors in place",
        (_, RiskLevel::Low) => "Concern noted; protective factors in place",
    }
}
