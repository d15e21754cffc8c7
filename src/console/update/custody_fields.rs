//! What each custody form asks, and the line of context over it: the
//! inputs are named as the API names the action's fields, so a refusal
//! naming `action.court_date` lands on the court date.

use chrono_tz::Europe::London;

use super::custody_inputs::{CONDITIONS_HINT, RELEASE_HINT, RIGHT_HINT};
use super::warrant_form::TIME_FORMAT;
use crate::console::custody_view::status_at;
use crate::console::format;
use crate::console::state::{CustodyFormKind, FormField, State};
use crate::console::views;
use crate::domain::event::{CustodyDetails, Event};

const YES_NO: &str = "y or n";
const TIME_HINT: &str = "HH:MM today, or YYYY-MM-DD HH:MM (London)";

fn input(name: &'static str, label: &'static str) -> FormField {
    FormField { name, label, value: String::new(), required: true, hint: "" }
}

fn optional(name: &'static str, label: &'static str, hint: &'static str) -> FormField {
    FormField { name, label, value: String::new(), required: false, hint }
}

fn hinted(name: &'static str, label: &'static str, hint: &'static str) -> FormField {
    FormField { hint, ..input(name, label) }
}

/// The title, the line of context and the inputs of a form of `kind` on
/// the detainee of `event` (a booking in has none yet).
pub fn layout(
    state: &State,
    kind: CustodyFormKind,
    on: Option<(&Event, &CustodyDetails)>,
) -> (String, String, Vec<FormField>) {
    let name = on.map(|(e, _)| e.summary.clone()).unwrap_or_default();
    match (kind, on) {
        (CustodyFormKind::BookIn, _) => book_in(state),
        (CustodyFormKind::RiskAssessment, Some((_, d))) => (
            format!("Risk assessment — {name}"),
            format!(
                "Now at level {} observation; left empty, the level the warning markers call for.",
                d.observation_level
            ),
            vec![
                optional("observation_level", "Observation level", "1 general · 2 rousing · 3 constant · 4 close"),
                optional("intoxicated", "Intoxicated", YES_NO),
                input("notes", "Assessment notes"),
            ],
        ),
        (CustodyFormKind::Rights, Some((_, d))) => {
            let indictable =
                if d.indictable { "indictable offence" } else { "not indictable: no right may be delayed" };
            (
                format!("Rights — {name}"),
                format!(
                    "g: all three rights given; d: a right delayed on a superintendent's authority ({indictable})."
                ),
                vec![
                    hinted("given", "Given or delayed", "g given · d delayed"),
                    optional("right", "Right delayed", RIGHT_HINT),
                    optional("authorised_by", "Authorised by", "the superintendent"),
                    optional("grounds", "Grounds", ""),
                ],
            )
        }
        (CustodyFormKind::AppropriateAdult, Some(_)) => (
            format!("Appropriate adult — {name}"),
            "Who attends for the detainee, and who they are to them.".to_string(),
            vec![input("name", "Name"), hinted("relationship", "Relationship", "parent, guardian, social worker…")],
        ),
        (CustodyFormKind::Charge, Some((_, d))) => (
            format!("Charge — {name}"),
            "Charging opens the prosecution case (or joins the one for the same matter) with the first hearing."
                .to_string(),
            vec![
                FormField { value: d.offences.join("; "), ..hinted("offences", "Offences", "separated by ;") },
                input("court", "Court"),
                hinted("court_date", "First hearing", "YYYY-MM-DD"),
                hinted("remanded", "Remanded", "y remanded in custody · n bailed to court"),
                optional("crime", "Crime report", "its number, to link the case"),
                optional("urn", "URN", "an existing case to join"),
                optional("conditions", "Bail conditions", CONDITIONS_HINT),
                // Left empty, now; a charge written up afterwards says when it was.
                optional("at", "Charged at", TIME_HINT),
            ],
        ),
        (CustodyFormKind::Release, Some(_)) => (
            format!("Release — {name}"),
            "Pre-charge bail needs its return time; its place is this suite unless another is named.".to_string(),
            vec![
                hinted("outcome", "Outcome", RELEASE_HINT),
                input("reason", "Reason"),
                optional("return_at", "Bail return", TIME_HINT),
                optional("return_place", "Return place", "a custody suite"),
                optional("conditions", "Bail conditions", CONDITIONS_HINT),
            ],
        ),
        (CustodyFormKind::Visit, Some((_, d))) => visit(name, d),
        (CustodyFormKind::Review, Some((_, d))) => {
            let due = status_at(d, state.now)
                .next_review_due
                .map(|at| format!("Review due {} ({})", format::when(at, state.now), format::due(at, state.now)))
                .unwrap_or_else(|| "No review due".to_string());
            (
                format!("Review of detention — {name}"),
                format!("{due}; before charge only an inspector may review (PACE s.40)."),
                vec![input("outcome", "Outcome")],
            )
        }
        (CustodyFormKind::CellMove, Some((_, d))) => (
            format!("Cell move — {name}"),
            format!("Now in cell {}.", d.cell),
            vec![input("cell", "New cell"), input("reason", "Reason")],
        ),
        (_, None) => (String::new(), String::new(), Vec::new()),
    }
}

/// The conditions a visit finds a detainee in, as the custody log words
/// them; the form takes the number or words of one.
pub const CONDITIONS: [&str; 6] = [
    "Awake and talking",
    "Asleep, breathing normally",
    "Roused and responding",
    "Drowsy or slow to respond",
    "Unwell: health care professional called",
    "Unresponsive: emergency",
];
pub const CONDITION_HINT: &str = "1 awake · 2 asleep, breathing · 3 roused · 4 drowsy · 5 unwell · 6 unresponsive";

fn visit(name: String, d: &CustodyDetails) -> (String, String, Vec<FormField>) {
    let level = d.observation_level;
    let rousing = crate::domain::pace::Observation::from_level(level).needs_rousing();
    let mut fields = Vec::new();
    if rousing {
        fields.push(input("roused", "Roused (y/n)"));
    }
    fields.push(hinted("condition", "Condition", CONDITION_HINT));
    fields.push(input("notes", "Notes"));
    let ask = if rousing { "whether the detainee was roused, " } else { "" };
    (
        format!("Visit — {name} in cell {}", d.cell),
        format!("Level {level} observation: say {ask}their condition and what you saw."),
        fields,
    )
}

/// A booking in: the person (named by the lookup, or typed as new), the
/// arrest and where they are held. The times start at now; the suite at
/// the one the board shows.
fn book_in(state: &State) -> (String, String, Vec<FormField>) {
    let now = state.now.with_timezone(&London).format(TIME_FORMAT).to_string();
    let suite = state.board.suite.as_deref().map(|id| views::suite_name(state, id).to_string()).unwrap_or_default();
    let fields = vec![
        FormField { value: now.clone(), ..hinted("arrested_at", "Arrested at", TIME_HINT) },
        FormField { value: now, ..hinted("relevant_time", "Arrived (relevant time)", TIME_HINT) },
        input("arresting_officer", "Arresting officer"),
        input("arrest_reason", "Reason for arrest"),
        hinted("offences", "Offences", "separated by ;"),
        optional("indictable", "Indictable", YES_NO),
        FormField { value: suite, ..hinted("suite_id", "Suite", "its name or code") },
        input("cell", "Cell"),
        optional("vulnerable", "Vulnerable adult", YES_NO),
        // Left empty, when saved; a booking written up afterwards says when it was.
        optional("detention_authorised_at", "Detention authorised", TIME_HINT),
    ];
    ("Book in".to_string(), String::new(), fields)
}

/// The inputs a new person adds at the top of a booking in: the name the
/// lookup was searched for, split into forenames and surname.
pub fn new_person_fields(searched: &str) -> Vec<FormField> {
    let words: Vec<&str> = searched.split_whitespace().filter(|w| !w.chars().any(|c| c.is_ascii_digit())).collect();
    let (forenames, surname) = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => (rest.join(" "), last.to_string()),
        Some((last, _)) => (String::new(), last.to_string()),
        None => (String::new(), String::new()),
    };
    vec![
        FormField { value: forenames, ..input("forenames", "Forenames") },
        FormField { value: surname, ..input("surname", "Surname") },
        optional("date_of_birth", "Date of birth", "YYYY-MM-DD, YYYY-MM or YYYY"),
    ]
}

/// The input a possible match adds: which of the people shown it is, or
/// that it is someone new.
pub fn match_field() -> FormField {
    hinted("match", "Same person?", "the number of the match, or n: someone new")
}
