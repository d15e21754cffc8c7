//! `bluelamp incident …`: the control room's work from the command line,
//! each one call to the incidents API with its fields as flags: open an
//! incident, then every later action on it by its id (log, regrade,
//! assign, en route, arrive, release, link a person, close, duplicate).
//! A refusal names the field (`action.call_sign`) and changes nothing; the
//! exit code says why.

use chrono::{DateTime, Utc};
use clap::builder::PossibleValue;
use clap::{Args, Subcommand};

use super::choice::{self, Choice};
use super::config::Settings;
use super::connect;
use super::failure::CliError;
use super::output::{self, Format};
use crate::domain::boroughs::BOROUGHS;
use crate::domain::event::{AsbCategory, Event, EventDetails, EventKind};
use crate::domain::incident::{
    all_subtypes, Caller, Clock, Grade, IncidentAction, IncidentCategory, IncidentLocation, IncidentResult,
    OpenIncident, PERSON_ROLES,
};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::location::Address;
use crate::domain::pace::london_time::format_london;

/// The reason recorded when an incident is read to learn its current version.
const VERSION_REASON: &str = "incident action from the command line";

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Record and grade a call: the caller, where, the category and sub-type, the grade.
    #[command(
        after_help = "Example:\n  bluelamp incident open --caller 'Maya Okafor' --phone '07700 900461' --callback \\\n    \
                      --place 'Outside 14 Acre Lane' --borough Lambeth --category crime --subtype burglary \\\n    \
                      --grade I --summary 'Two men forcing the door of the flat opposite'"
    )]
    Open(Box<OpenArgs>),
    /// A log entry (a closed incident still takes these).
    #[command(
        after_help = "Example:\n  bluelamp incident log 7c1e… --text 'Caller rang back: suspects gone towards Brixton Hill'"
    )]
    Log {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        text: String,
    },
    /// Regrade, with the reason; the attendance clock restarts under the new grade.
    #[command(
        after_help = "Example:\n  bluelamp incident grade 7c1e… --grade I --reason 'Caller now says a knife is out'"
    )]
    Grade {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<Grade>())]
        grade: Grade,
        #[arg(long)]
        reason: String,
        /// An E grade's appointment (RFC 3339).
        #[arg(long)]
        appointment: Option<DateTime<Utc>>,
    },
    /// Send a unit or officer, by call sign.
    #[command(after_help = "Example:\n  bluelamp incident assign 7c1e… --call-sign LX21")]
    Assign {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        call_sign: String,
    },
    /// An assigned resource on its way.
    #[command(after_help = "Example:\n  bluelamp incident en-route 7c1e… --call-sign LX21")]
    EnRoute {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        call_sign: String,
    },
    /// An assigned resource at the scene (stops the attendance clock).
    #[command(after_help = "Example:\n  bluelamp incident arrive 7c1e… --call-sign LX21")]
    Arrive {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        call_sign: String,
    },
    /// A resource released from the incident.
    #[command(after_help = "Example:\n  bluelamp incident release 7c1e… --call-sign LX21")]
    Release {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        call_sign: String,
    },
    /// Name a person on the one record on the incident, in their part.
    #[command(after_help = "Example:\n  bluelamp incident link 7c1e… --person 3f2a… --role suspect")]
    Link {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        person: String,
        #[arg(long, value_parser = person_roles())]
        role: EventRole,
    },
    /// Close with a result; crime_recorded opens a crime report (--offence), asb_recorded an ASB case (--asb-category).
    #[command(
        after_help = "Example:\n  bluelamp incident close 7c1e… --result crime_recorded --offence 'Burglary (dwelling)' \\\n    \
                      --note 'Door forced, television taken'"
    )]
    Close {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = results())]
        result: IncidentResult,
        /// What was found and done.
        #[arg(long)]
        note: String,
        #[arg(long)]
        offence: Option<String>,
        #[arg(long, value_parser = choice::api::<AsbCategory>())]
        asb_category: Option<AsbCategory>,
    },
    /// Close a repeat call as a duplicate of the incident it repeats.
    #[command(after_help = "Example:\n  bluelamp incident duplicate 9b2d… --of 7c1e…")]
    Duplicate {
        #[command(flatten)]
        on: On,
        /// The incident this call repeats (its id).
        #[arg(long)]
        of: String,
    },
}

/// The incident an action is on, and the version it is based on.
#[derive(Debug, Args)]
pub struct On {
    /// The incident's id.
    pub id: String,
    /// The version you saw: refused if someone changed the incident since.
    /// Left out, the incident's current version is read first.
    #[arg(long = "record-version")]
    pub version: Option<i64>,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The caller's name as given ("anonymous" when withheld).
    #[arg(long)]
    pub caller: String,
    #[arg(long)]
    pub phone: Option<String>,
    /// The caller may be called back.
    #[arg(long)]
    pub callback: bool,
    /// The caller's person id, when they are on record.
    #[arg(long)]
    pub caller_person: Option<String>,
    /// An address line (repeat for more; with --postcode).
    #[arg(long = "address-line", requires = "postcode")]
    pub address_lines: Vec<String>,
    #[arg(long, requires = "address_lines")]
    pub postcode: Option<String>,
    /// The place in words, when there is no address ("Junction of …").
    #[arg(long)]
    pub place: Option<String>,
    /// The borough (from the address, or with --place).
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    #[arg(long, value_parser = choice::api::<IncidentCategory>())]
    pub category: IncidentCategory,
    /// One of the category's sub-types, such as burglary.
    #[arg(long, value_parser = subtypes())]
    pub subtype: String,
    #[arg(long, value_parser = choice::api::<Grade>())]
    pub grade: Grade,
    /// An E grade's appointment (RFC 3339).
    #[arg(long)]
    pub appointment: Option<DateTime<Utc>>,
    /// What the call is about, in a line.
    #[arg(long)]
    pub summary: String,
    /// When the call came in (RFC 3339); left out, now.
    #[arg(long)]
    pub opened_at: Option<DateTime<Utc>>,
    /// A suspect's person id (repeat for more).
    #[arg(long = "suspect")]
    pub suspects: Vec<String>,
    /// A victim's person id (repeat for more).
    #[arg(long = "victim")]
    pub victims: Vec<String>,
    /// Makes a retried open return the first incident instead of opening two.
    #[arg(long)]
    pub idempotency_key: Option<String>,
}

pub async fn run(cmd: IncidentCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    if format == Format::Text {
        return Err(CliError::Usage("--format text is only for query custody-record".into()).into());
    }
    let event = match cmd {
        IncidentCommand::Open(a) => {
            let key = a.idempotency_key.clone();
            client.open_incident(&open_request(*a), key.as_deref()).await?
        }
        other => {
            let (on, action) = action(other)?;
            let version = match on.version {
                Some(v) => v,
                None => client.get_event(EventKind::Incident, &on.id, Some(VERSION_REASON)).await?.version,
            };
            client.incident_action(&on.id, version, &action).await?
        }
    };
    print(&event, format)
}

fn open_request(a: OpenArgs) -> OpenIncident {
    let address = a.postcode.map(|postcode| Address {
        lines: a.address_lines,
        postcode,
        borough: a.borough.clone(),
        lat: None,
        lon: None,
    });
    let mut people: Vec<EventPerson> =
        a.suspects.into_iter().map(|person_id| EventPerson { person_id, role: EventRole::Suspect }).collect();
    people.extend(a.victims.into_iter().map(|person_id| EventPerson { person_id, role: EventRole::Victim }));
    OpenIncident {
        caller: Caller { name: a.caller, phone: a.phone, callback: a.callback },
        caller_person_id: a.caller_person,
        location: IncidentLocation { address, description: a.place, borough: a.borough },
        category: a.category,
        subtype: a.subtype,
        grade: a.grade,
        appointment: a.appointment,
        summary: a.summary,
        opened_at: a.opened_at,
        people,
    }
}

/// The incident an action is on, and the action.
fn action(cmd: IncidentCommand) -> anyhow::Result<(On, IncidentAction)> {
    Ok(match cmd {
        IncidentCommand::Open(_) => return Err(CliError::Usage("open is not an action on an incident".into()).into()),
        IncidentCommand::Log { on, text } => (on, IncidentAction::Log { text }),
        IncidentCommand::Grade { on, grade, reason, appointment } => {
            (on, IncidentAction::Regrade { grade, reason, appointment })
        }
        IncidentCommand::Assign { on, call_sign } => (on, IncidentAction::Assign { call_sign }),
        IncidentCommand::EnRoute { on, call_sign } => (on, IncidentAction::EnRoute { call_sign }),
        IncidentCommand::Arrive { on, call_sign } => (on, IncidentAction::Arrive { call_sign }),
        IncidentCommand::Release { on, call_sign } => (on, IncidentAction::Release { call_sign }),
        IncidentCommand::Link { on, person, role } => (on, IncidentAction::LinkPerson { person_id: person, role }),
        IncidentCommand::Close { on, result, note, offence, asb_category } => {
            (on, IncidentAction::Close { result, note, offence, asb_category })
        }
        IncidentCommand::Duplicate { on, of } => (on, IncidentAction::DuplicateOf { incident_id: of }),
    })
}

/// The parts people play on an incident.
fn person_roles() -> Choice<EventRole> {
    choice::api::<EventRole>().except(|r| !PERSON_ROLES.contains(r))
}

/// How an incident closes by `close`: every result but a duplicate's.
fn results() -> Choice<IncidentResult> {
    choice::api::<IncidentResult>().except(|r| *r == IncidentResult::Duplicate)
}

/// Every category's sub-types.
fn subtypes() -> Choice<String> {
    Choice::new(all_subtypes().into_iter().map(|s| (PossibleValue::new(s), s.to_string())))
}

/// The incident after the action: its key fields and the entry just
/// written (a table), or the whole record (JSON).
fn print(event: &Event, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => output::print_json(event)?,
        Format::Jsonl => println!("{}", serde_json::to_string(event)?),
        Format::Csv | Format::Table | Format::Text => {
            let EventDetails::Incident(d) = &event.details else {
                return Err(CliError::NotFound(format!("'{}' is not an incident", event.id)).into());
            };
            let last = d.log.last();
            let fields = [
                ("id", event.id.clone()),
                ("reference", event.reference.clone()),
                ("version", event.version.to_string()),
                ("status", event.status.clone()),
                ("grade", d.grade().to_string()),
                ("clock", Clock::of(d).words(Utc::now())),
                ("resources", d.resources_line()),
                (
                    "last entry",
                    last.map(|e| format!("{} by {}: {}", format_london(e.at), e.by, e.text)).unwrap_or_default(),
                ),
            ];
            output::print_record_fields(format, &fields)?;
        }
    }
    Ok(())
}
