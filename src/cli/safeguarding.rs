//! `bluelamp safeguarding …`: the safeguarding desk from the command line,
//! each one call to the safeguarding API with its fields as flags: write a
//! report (a draft), then every step on it by its id (submit, sign off or
//! return, share or refer, record the agency's response, close; reassess
//! the risk, record a check, link a person; for a missing person regrade,
//! log an enquiry, record found), and the partner agencies. A refusal names
//! the field (`action.agency`) or the rule and changes nothing; the exit
//! code says why.

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

use super::choice::{self, Choice};
use super::config::Settings;
use super::connect;
use super::failure::CliError;
use super::output::{self, Format, Printer};
use super::safeguarding_record::{record_input, RecordArgs};
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::link::EventRole;
use crate::domain::pace::london_time::format_london;
use crate::domain::safeguarding::lifecycle::PERSON_ROLES;
use crate::domain::safeguarding::{
    AgencyDecision, CheckSystem, ClosureResult, MissingGrade, RiskLevel, SafeguardingAction,
};

/// The reason recorded when a report is read to learn its current version.
const VERSION_REASON: &str = "safeguarding action from the command line";

#[derive(Debug, Subcommand)]
pub enum SafeguardingCommand {
    /// Write a report, as a draft: category, risk and why, the person at risk and those around them.
    #[command(after_help = "Example:\n  bluelamp safeguarding record --category child_welfare --risk high \\\n    \
                      --risk-reasons 'Left alone overnight' --summary 'Child alone at home' \\\n    \
                      --occurred-at 2026-11-02T08:00:00Z --officer 'DS Khan' --subject 3f2a…")]
    Record(Box<RecordArgs>),
    /// Submit a draft for a supervisor's sign-off (it needs the risk's reasons and the checks done).
    #[command(after_help = "Example:\n  bluelamp safeguarding submit 7c1e…")]
    Submit {
        #[command(flatten)]
        on: On,
    },
    /// Sign off a submitted report (a safeguarding supervisor, never its author).
    #[command(after_help = "Example:\n  bluelamp safeguarding sign-off 7c1e… --note 'Refer to the MASH today'")]
    SignOff {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        note: Option<String>,
    },
    /// Return a submitted report to a draft, with why (a safeguarding supervisor).
    #[command(after_help = "Example:\n  bluelamp safeguarding return 7c1e… --reason 'Checks on the father missing'")]
    Return {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        reason: String,
    },
    /// Share a signed-off report with a partner agency for its information (see `safeguarding agencies`).
    #[command(
        after_help = "Example:\n  bluelamp safeguarding share 7c1e… --agency lambeth-education --recipient 'School DSL'"
    )]
    Share {
        #[command(flatten)]
        on: On,
        #[command(flatten)]
        to: To,
    },
    /// Refer a signed-off report formally to a partner agency; its response falls due after the force's hours.
    #[command(
        after_help = "Example:\n  bluelamp safeguarding refer 7c1e… --agency lambeth-mash --recipient 'Duty team'"
    )]
    Refer {
        #[command(flatten)]
        on: On,
        #[command(flatten)]
        to: To,
    },
    /// Record an agency's response to a referral (the oldest waiting unless --referral N).
    #[command(
        after_help = "Example:\n  bluelamp safeguarding respond 7c1e… --decision accepted --text 'Strategy discussion held'"
    )]
    Respond {
        #[command(flatten)]
        on: On,
        /// The referral's number in the report's list, from 1.
        #[arg(long)]
        referral: Option<usize>,
        #[arg(long, value_parser = choice::api::<AgencyDecision>())]
        decision: AgencyDecision,
        #[arg(long)]
        text: String,
        /// When the agency responded (RFC 3339); left out, now.
        #[arg(long)]
        at: Option<DateTime<Utc>>,
    },
    /// Close a shared or referred report with its result (every referral answered).
    #[command(
        after_help = "Example:\n  bluelamp safeguarding close 7c1e… --result partner_agency_lead --note 'Social care leads'"
    )]
    Close {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<ClosureResult>())]
        result: ClosureResult,
        #[arg(long)]
        note: String,
    },
    /// Reassess the risk, with the reasons.
    #[command(
        after_help = "Example:\n  bluelamp safeguarding assess-risk 7c1e… --risk medium --reasons 'Mother has moved out'"
    )]
    AssessRisk {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<RiskLevel>())]
        risk: RiskLevel,
        #[arg(long)]
        reasons: String,
    },
    /// Record a police check done and what it found.
    #[command(after_help = "Example:\n  bluelamp safeguarding check 7c1e… --system pnc --result 'No trace'")]
    Check {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<CheckSystem>())]
        system: CheckSystem,
        #[arg(long)]
        result: String,
    },
    /// Name a person on the one record on the report, with their part.
    #[command(after_help = "Example:\n  bluelamp safeguarding link 7c1e… --person 3f2a… --role carer")]
    Link {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        person: String,
        #[arg(long, value_parser = person_roles())]
        role: EventRole,
    },
    /// Regrade a missing person, with why.
    #[command(
        after_help = "Example:\n  bluelamp safeguarding grade 7c1e… --grade high --reason 'Seen with an older man'"
    )]
    Grade {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<MissingGrade>())]
        grade: MissingGrade,
        #[arg(long)]
        reason: String,
    },
    /// Log an enquiry made to find a missing person.
    #[command(after_help = "Example:\n  bluelamp safeguarding enquiry 7c1e… --text 'Hospitals checked'")]
    Enquiry {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        text: String,
    },
    /// Record a missing person found: when and where; the MISSING flag clears.
    #[command(
        after_help = "Example:\n  bluelamp safeguarding found 7c1e… --at 2026-11-03T07:30:00Z --place 'Croydon bus garage'"
    )]
    Found {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        at: DateTime<Utc>,
        #[arg(long)]
        place: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// The partner agencies a report may go to, and the force's clocks.
    #[command(after_help = "Example:\n  bluelamp safeguarding agencies --format csv")]
    Agencies,
}

/// The report an action is on, and the version it is based on.
#[derive(Debug, Args)]
pub struct On {
    /// The report's id.
    pub id: String,
    /// The version you saw: refused if someone changed the report since.
    /// Left out, the report's current version is read first.
    #[arg(long = "record-version")]
    pub version: Option<i64>,
}

/// Where a report goes.
#[derive(Debug, Args)]
pub struct To {
    /// The agency's code (see `safeguarding agencies`).
    #[arg(long)]
    pub agency: String,
    /// The person or team it goes to.
    #[arg(long)]
    pub recipient: String,
    /// When it was sent (RFC 3339); left out, now.
    #[arg(long)]
    pub sent_at: Option<DateTime<Utc>>,
}

pub async fn run(cmd: SafeguardingCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    if format == Format::Text {
        return Err(CliError::Usage("--format text is only for query custody-record".into()).into());
    }
    let event = match cmd {
        SafeguardingCommand::Agencies => {
            let view = client.safeguarding_agencies().await?;
            if format == Format::Json {
                return Ok(output::print_json(&view)?);
            }
            let mut printer = Printer::new(format, &["code", "name", "kind"])?;
            for a in &view.agencies {
                let kind = serde_json::to_value(a.kind)?;
                printer.row(vec![a.code.clone().into(), a.name.clone().into(), kind])?;
            }
            printer.finish()?;
            return Ok(());
        }
        SafeguardingCommand::Record(a) => {
            let key = a.idempotency_key.clone();
            client.create_event(EventKind::Safeguarding, &record_input(*a), key.as_deref()).await?
        }
        other => {
            let (on, action) = action(other)?;
            let version = match on.version {
                Some(v) => v,
                None => client.get_event(EventKind::Safeguarding, &on.id, Some(VERSION_REASON)).await?.version,
            };
            client.safeguarding_action(&on.id, version, &action).await?
        }
    };
    print(&event, format)
}

/// The report an action is on, and the action.
fn action(cmd: SafeguardingCommand) -> anyhow::Result<(On, SafeguardingAction)> {
    use SafeguardingAction as A;
    use SafeguardingCommand as C;
    Ok(match cmd {
        C::Record(_) | C::Agencies => return Err(CliError::Usage("not an action on a report".into()).into()),
        C::Submit { on } => (on, A::Submit),
        C::SignOff { on, note } => (on, A::SignOff { note }),
        C::Return { on, reason } => (on, A::Return { reason }),
        C::Share { on, to } => (on, A::Share { agency: to.agency, recipient: to.recipient, sent_at: to.sent_at }),
        C::Refer { on, to } => (on, A::Refer { agency: to.agency, recipient: to.recipient, sent_at: to.sent_at }),
        C::Respond { on, referral, decision, text, at } => (on, A::RecordResponse { referral, decision, text, at }),
        C::Close { on, result, note } => (on, A::Close { result, note }),
        C::AssessRisk { on, risk, reasons } => (on, A::AssessRisk { risk, reasons }),
        C::Check { on, system, result } => (on, A::RecordCheck { system, result }),
        C::Link { on, person, role } => (on, A::LinkPerson { person_id: person, role }),
        C::Grade { on, grade, reason } => (on, A::GradeMissing { grade, reason }),
        C::Enquiry { on, text } => (on, A::LogEnquiry { text }),
        C::Found { on, at, place, note } => (on, A::Found { at, place, note }),
    })
}

/// The parts people play on a report.
pub(super) fn person_roles() -> Choice<EventRole> {
    choice::api::<EventRole>().except(|r| !PERSON_ROLES.contains(r))
}

/// The report after the action: its key fields and the entry just written
/// (a table), or the whole record (JSON).
fn print(event: &Event, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => output::print_json(event)?,
        Format::Jsonl => println!("{}", serde_json::to_string(event)?),
        Format::Csv | Format::Table | Format::Text => {
            let EventDetails::Safeguarding(d) = &event.details else {
                return Err(CliError::NotFound(format!("'{}' is not a safeguarding report", event.id)).into());
            };
            let last = d.log.last();
            let missing = d.missing.as_ref().map(|m| match &m.found {
                Some(f) => format!("found {} at {}", format_london(f.at), f.place),
                None => {
                    format!("MISSING since {} (graded {})", format_london(m.last_seen_at), m.current_grade().label())
                }
            });
            let fields = [
                ("id", event.id.clone()),
                ("reference", event.reference.clone()),
                ("version", event.version.to_string()),
                ("status", event.status.clone()),
                ("category", d.category.label().to_string()),
                ("risk", serde_json::to_value(d.risk)?.as_str().unwrap_or_default().to_string()),
                ("missing", missing.unwrap_or_default()),
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
