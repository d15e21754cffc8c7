//! `bluelamp crime …`: the crime desk from the command line, each one call
//! to the crimes API with its fields as flags: record a crime, then every
//! step on it by its id (classify, allocate, log, review, propose, approve
//! or return an outcome, cancel, link a person), and the tables a crime is
//! classified and finalised from. A refusal names the field
//! (`action.code`) or the rule and changes nothing; the exit code says why.

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

use super::choice::{self, Choice};
use super::config::Settings;
use super::connect;
use super::failure::CliError;
use super::output::{self, Format, Printer};
use crate::domain::boroughs::BOROUGHS;
use crate::domain::crime::lifecycle::PERSON_ROLES;
use crate::domain::crime::{CancellationReason, CrimeAction, CrimeDetails, CrimeLogKind};
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::pace::london_time::format_london;

/// The reason recorded when a crime is read to learn its current version.
const VERSION_REASON: &str = "crime action from the command line";

#[derive(Debug, Subcommand)]
pub enum CrimeCommand {
    /// Record a crime report: open, unclassified and unallocated.
    #[command(
        after_help = "Example:\n  bluelamp crime record --offence 'Burglary' --summary 'Flat entered, laptop taken' \\\n    \
                      --committed-at 2026-11-02T08:00:00Z --borough Lambeth --victim 3f2a…"
    )]
    Record(Box<RecordArgs>),
    /// Classify to a counting-rules class (see `crime tables`); a reclassification needs --reason.
    #[command(after_help = "Example:\n  bluelamp crime classify 7c1e… --code 28E")]
    Classify {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        code: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Allocate to an officer in the case (by username) and a unit; a reallocation needs --reason.
    #[command(after_help = "Example:\n  bluelamp crime allocate 7c1e… --officer dc.shah --unit 'Lambeth CID'")]
    Allocate {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        officer: String,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// An investigation log entry: an action, an enquiry, victim contact or a note.
    #[command(
        after_help = "Example:\n  bluelamp crime log 7c1e… --kind enquiry --text 'CCTV requested from the council'"
    )]
    Log {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = log_kinds())]
        kind: CrimeLogKind,
        #[arg(long)]
        text: String,
    },
    /// A supervisor's review (inspectors and superintendents); the next falls due after the force's interval.
    #[command(after_help = "Example:\n  bluelamp crime review 7c1e… --note 'Enquiries proportionate; chase CCTV'")]
    Review {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        note: String,
    },
    /// Propose a Home Office outcome (its number, see `crime tables`) for a supervisor to approve.
    #[command(
        after_help = "Example:\n  bluelamp crime propose-outcome 7c1e… --outcome 18 --note 'No lines of enquiry left'"
    )]
    ProposeOutcome {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        outcome: u8,
        #[arg(long)]
        note: String,
    },
    /// Approve the proposed outcome (a supervisor other than its proposer): the crime is finalised.
    #[command(after_help = "Example:\n  bluelamp crime approve-outcome 7c1e…")]
    ApproveOutcome {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        note: Option<String>,
    },
    /// Return the proposed outcome to the investigation, with why (a supervisor).
    #[command(after_help = "Example:\n  bluelamp crime return-outcome 7c1e… --reason 'CCTV not yet viewed'")]
    ReturnOutcome {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        reason: String,
    },
    /// Cancel a recorded crime (the crime registrar), with the additional verifiable information.
    #[command(after_help = "Example:\n  bluelamp crime cancel 7c1e… --reason no_crime \\\n    \
                      --information 'Owner found the bicycle in her own garage and said so in writing'")]
    Cancel {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<CancellationReason>())]
        reason: CancellationReason,
        #[arg(long = "information")]
        additional_information: String,
    },
    /// Name a person on the one record on the crime: victim, suspect, witness or reporting person.
    #[command(after_help = "Example:\n  bluelamp crime link 7c1e… --person 3f2a… --role suspect")]
    Link {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        person: String,
        #[arg(long, value_parser = person_roles())]
        role: EventRole,
    },
    /// The counting-rules classes and Home Office outcome types this force uses.
    #[command(after_help = "Example:\n  bluelamp crime tables --format csv")]
    Tables,
}

/// The crime an action is on, and the version it is based on.
#[derive(Debug, Args)]
pub struct On {
    /// The crime's id.
    pub id: String,
    /// The version you saw: refused if someone changed the crime since.
    /// Left out, the crime's current version is read first.
    #[arg(long = "record-version")]
    pub version: Option<i64>,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The offence as reported, in words.
    #[arg(long)]
    pub offence: String,
    /// What happened, in a line.
    #[arg(long)]
    pub summary: String,
    /// When it was committed (RFC 3339).
    #[arg(long)]
    pub committed_at: DateTime<Utc>,
    /// The end of the time it may have been committed, when not known exactly.
    #[arg(long)]
    pub committed_until: Option<DateTime<Utc>>,
    /// When it was reported (RFC 3339); left out, now.
    #[arg(long)]
    pub reported_at: Option<DateTime<Utc>>,
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    #[arg(long)]
    pub modus_operandi: Option<String>,
    #[arg(long)]
    pub narrative: Option<String>,
    /// A victim's person id (repeat for more).
    #[arg(long = "victim")]
    pub victims: Vec<String>,
    /// A suspect's person id (repeat for more).
    #[arg(long = "suspect")]
    pub suspects: Vec<String>,
    /// A witness's person id (repeat for more).
    #[arg(long = "witness")]
    pub witnesses: Vec<String>,
    /// The reporting person's id.
    #[arg(long = "reporting-person")]
    pub reporting: Option<String>,
    /// Makes a retried record return the first crime instead of recording two.
    #[arg(long)]
    pub idempotency_key: Option<String>,
}

pub async fn run(cmd: CrimeCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    if format == Format::Text {
        return Err(CliError::Usage("--format text is only for query custody-record".into()).into());
    }
    let event = match cmd {
        CrimeCommand::Tables => {
            let tables = client.crime_tables().await?;
            if format == Format::Json {
                return Ok(output::print_json(&tables)?);
            }
            let mut printer = Printer::new(format, &["table", "code", "name"])?;
            for c in &tables.classes {
                printer.row(vec!["class".into(), c.code.clone().into(), c.name.clone().into()])?;
            }
            for o in &tables.outcomes {
                printer.row(vec!["outcome".into(), o.number.to_string().into(), o.name.clone().into()])?;
            }
            printer.finish()?;
            return Ok(());
        }
        CrimeCommand::Record(a) => {
            let key = a.idempotency_key.clone();
            client.create_event(EventKind::Crime, &record_input(*a), key.as_deref()).await?
        }
        other => {
            let (on, action) = action(other)?;
            let version = match on.version {
                Some(v) => v,
                None => client.get_event(EventKind::Crime, &on.id, Some(VERSION_REASON)).await?.version,
            };
            client.crime_action(&on.id, version, &action).await?
        }
    };
    print(&event, format)
}

fn record_input(a: RecordArgs) -> EventInput {
    let mut people = Vec::new();
    let mut add =
        |ids: Vec<String>, role| people.extend(ids.into_iter().map(|person_id| EventPerson { person_id, role }));
    add(a.victims, EventRole::Victim);
    add(a.suspects, EventRole::Suspect);
    add(a.witnesses, EventRole::Witness);
    add(a.reporting.into_iter().collect(), EventRole::ReportingPerson);
    let mut details = CrimeDetails::reported(a.offence, None, a.reported_at.unwrap_or_else(Utc::now));
    details.reported_at = a.reported_at;
    details.committed_until = a.committed_until;
    details.modus_operandi = a.modus_operandi;
    details.narrative = a.narrative;
    EventInput {
        objects: Vec::new(),
        reference: None,
        occurred_at: a.committed_at,
        borough: a.borough,
        summary: a.summary,
        people,
        details: EventDetails::Crime(Box::new(details)),
    }
}

/// The crime an action is on, and the action.
fn action(cmd: CrimeCommand) -> anyhow::Result<(On, CrimeAction)> {
    Ok(match cmd {
        CrimeCommand::Record(_) | CrimeCommand::Tables => {
            return Err(CliError::Usage("not an action on a crime".into()).into())
        }
        CrimeCommand::Classify { on, code, reason } => (on, CrimeAction::Classify { code, reason }),
        CrimeCommand::Allocate { on, officer, unit, reason } => (on, CrimeAction::Allocate { officer, unit, reason }),
        CrimeCommand::Log { on, kind, text } => (on, CrimeAction::Log { kind, text }),
        CrimeCommand::Review { on, note } => (on, CrimeAction::Review { note }),
        CrimeCommand::ProposeOutcome { on, outcome, note } => (on, CrimeAction::ProposeOutcome { outcome, note }),
        CrimeCommand::ApproveOutcome { on, note } => (on, CrimeAction::ApproveOutcome { note }),
        CrimeCommand::ReturnOutcome { on, reason } => (on, CrimeAction::ReturnOutcome { reason }),
        CrimeCommand::Cancel { on, reason, additional_information } => {
            (on, CrimeAction::Cancel { reason, additional_information })
        }
        CrimeCommand::Link { on, person, role } => (on, CrimeAction::LinkPerson { person_id: person, role }),
    })
}

/// The parts people play on a crime.
fn person_roles() -> Choice<EventRole> {
    choice::api::<EventRole>().except(|r| !PERSON_ROLES.contains(r))
}

/// The entries a person writes (decisions are the desk's own).
fn log_kinds() -> Choice<CrimeLogKind> {
    choice::api::<CrimeLogKind>().except(|k| *k == CrimeLogKind::Decision)
}

/// The crime after the action: its key fields and the entry just written
/// (a table), or the whole record (JSON).
fn print(event: &Event, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => output::print_json(event)?,
        Format::Jsonl => println!("{}", serde_json::to_string(event)?),
        Format::Csv | Format::Table | Format::Text => {
            let EventDetails::Crime(d) = &event.details else {
                return Err(CliError::NotFound(format!("'{}' is not a crime", event.id)).into());
            };
            let last = d.log.last();
            let fields = [
                ("id", event.id.clone()),
                ("reference", event.reference.clone()),
                ("version", event.version.to_string()),
                ("status", event.status.clone()),
                ("class", d.class().map(|c| format!("{} {}", c.code, c.name)).unwrap_or_default()),
                ("officer", d.allocation().map(|a| format!("{} ({})", a.officer, a.unit)).unwrap_or_default()),
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
