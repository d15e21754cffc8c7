//! `bluelamp intel …`: the intelligence desk from the command line, each one
//! call to the intelligence API with its fields as flags: record a report
//! (a draft, or submitted at once), then every step on it by its id
//! (revise, submit, return, evaluate, sanitise, disseminate, review for
//! retention). A refusal names the field (`action.rationale`) or the rule
//! and changes nothing; the exit code says why.

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};

use super::choice::{self, Choice};
use super::config::Settings;
use super::connect;
use super::failure::CliError;
use super::output::{self, Format};
use crate::domain::boroughs::BOROUGHS;
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::intelligence::{
    Grading, IntelligenceAction, IntelligenceDetails, IntelligenceStatus, Priority, RetentionDecision,
};
use crate::domain::link::{EventPerson, EventRole};

/// The reason recorded when a report is read to learn its current version.
const VERSION_REASON: &str = "intelligence action from the command line";

#[derive(Debug, Subcommand)]
pub enum IntelCommand {
    /// Record a report as a draft (or --submit it at once), graded 3x5x2 by its author.
    #[command(
        after_help = "Example:\n  bluelamp intel record --summary 'Dealing from a car' --source 2 --intelligence B \\\n    \
                      --handling P --priority medium --sanitised-text 'Subject deals from a blue Golf' \\\n    \
                      --unsanitised-text 'Source X saw it from flat 4' --subject 3f2a… --submit"
    )]
    Record(Box<RecordArgs>),
    /// Change a draft: only the fields given (a role that may not read the unsanitised text may not replace it).
    #[command(after_help = "Example:\n  bluelamp intel revise 7c1e… --priority high")]
    Revise {
        #[command(flatten)]
        on: On,
        #[command(flatten)]
        grading: OptionalGrading,
        #[arg(long, value_parser = choice::api::<Priority>())]
        priority: Option<Priority>,
        #[arg(long)]
        sanitised_text: Option<String>,
        #[arg(long)]
        unsanitised_text: Option<String>,
    },
    /// Submit a draft to the intelligence unit for evaluation.
    #[command(after_help = "Example:\n  bluelamp intel submit 7c1e…")]
    Submit {
        #[command(flatten)]
        on: On,
    },
    /// Send a submitted report back to its author, with why (an intelligence officer).
    #[command(after_help = "Example:\n  bluelamp intel return 7c1e… --reason 'Say where the source saw it'")]
    Return {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        reason: String,
    },
    /// Grade a submitted report 3x5x2 (an intelligence officer other than its submitter);
    /// a source or intelligence grade other than the submitter's needs --rationale.
    #[command(
        after_help = "Example:\n  bluelamp intel evaluate 7c1e… --source 1 --intelligence B --handling P \\\n    \
                      --rationale 'Source has proved reliable twice this year'"
    )]
    Evaluate {
        #[command(flatten)]
        on: On,
        #[command(flatten)]
        grading: GradingArgs,
        #[arg(long, value_parser = choice::api::<Priority>())]
        priority: Option<Priority>,
        #[arg(long)]
        rationale: Option<String>,
    },
    /// Approve the sanitised text (the one given, or the report's own) for dissemination.
    #[command(
        after_help = "Example:\n  bluelamp intel sanitise 7c1e… --text 'Subject believed to deal from a blue Golf'"
    )]
    Sanitise {
        #[command(flatten)]
        on: On,
        #[arg(long = "text")]
        sanitised_text: Option<String>,
    },
    /// Disseminate a sanitised report: each recipient (a person or a unit) is recorded as a disclosure.
    #[command(after_help = "Example:\n  bluelamp intel disseminate 7c1e… --to 'Lambeth CID' --to 'DS Khan' \\\n    \
                      --purpose 'Drugs supply enquiry'")]
    Disseminate {
        #[command(flatten)]
        on: On,
        #[arg(long = "to", required = true)]
        recipients: Vec<String>,
        #[arg(long)]
        purpose: String,
    },
    /// Open a report as your role may read it; a handling code C report
    /// prints its conditions and opens only with --acknowledge (audited).
    #[command(
        after_help = "Example:\n  bluelamp intel show 7c1e… --reason 'Briefing for the drugs operation' --acknowledge"
    )]
    Show {
        /// The report's id.
        id: String,
        /// Why you read it (recorded in the audit).
        #[arg(long)]
        reason: String,
        /// You have read its handling conditions and acknowledge them.
        #[arg(long)]
        acknowledge: bool,
    },
    /// Review for retention: retain (with --next-review) or dispose.
    #[command(after_help = "Example:\n  bluelamp intel review 7c1e… --decision retain --note 'Live enquiry' \\\n    \
                      --next-review 2027-12-01")]
    Review {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<RetentionDecision>())]
        decision: RetentionDecision,
        #[arg(long)]
        note: String,
        #[arg(long)]
        next_review: Option<NaiveDate>,
    },
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
    /// You have read the handling conditions of a handling code C report
    /// and acknowledge them (recorded in the audit when the report is read).
    #[arg(long)]
    pub acknowledge: bool,
}

/// A 3x5x2 grading.
#[derive(Debug, Args)]
pub struct GradingArgs {
    /// 1 reliable, 2 untested, 3 not reliable.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub source: u8,
    /// A known directly … E suspected false or malicious.
    #[arg(long, value_parser = letters(&["A", "B", "C", "D", "E"]))]
    pub intelligence: char,
    /// P lawful sharing permitted; C sharing with conditions (give --conditions).
    #[arg(long, value_parser = letters(&["P", "C"]))]
    pub handling: char,
    #[arg(long)]
    pub conditions: Option<String>,
}

impl GradingArgs {
    fn grading(self) -> Grading {
        Grading::ThreeFiveTwo {
            source: self.source,
            intelligence: self.intelligence,
            handling: self.handling,
            conditions: self.conditions,
        }
    }
}

/// A 3x5x2 grading a revision may leave out (all or none of it).
#[derive(Debug, Args)]
pub struct OptionalGrading {
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3), requires_all = ["intelligence", "handling"])]
    pub source: Option<u8>,
    #[arg(long, value_parser = letters(&["A", "B", "C", "D", "E"]), requires = "source")]
    pub intelligence: Option<char>,
    #[arg(long, value_parser = letters(&["P", "C"]), requires = "source")]
    pub handling: Option<char>,
    #[arg(long, requires = "source")]
    pub conditions: Option<String>,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// What the report is about, in a line.
    #[arg(long)]
    pub summary: String,
    /// When the information was obtained (RFC 3339); left out, now.
    #[arg(long)]
    pub occurred_at: Option<DateTime<Utc>>,
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    #[command(flatten)]
    pub grading: GradingArgs,
    #[arg(long, value_parser = choice::api::<Priority>())]
    pub priority: Priority,
    /// Safe to disseminate: nothing that identifies a source.
    #[arg(long)]
    pub sanitised_text: String,
    /// What only intelligence roles read.
    #[arg(long)]
    pub unsanitised_text: Option<String>,
    /// A subject's person id (repeat for more).
    #[arg(long = "subject")]
    pub subjects: Vec<String>,
    /// Submit for evaluation at once instead of keeping a draft.
    #[arg(long)]
    pub submit: bool,
    /// Makes a retried record return the first report instead of recording two.
    #[arg(long)]
    pub idempotency_key: Option<String>,
}

/// One of a few capital letters, as a char; anything else exits 2.
fn letters(names: &[&'static str]) -> Choice<char> {
    Choice::new(names.iter().map(|n| (clap::builder::PossibleValue::new(*n), n.chars().next().unwrap_or('?'))))
}

pub async fn run(cmd: IntelCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    if format == Format::Text {
        return Err(CliError::Usage("--format text is only for query custody-record".into()).into());
    }
    let event = match cmd {
        IntelCommand::Record(a) => {
            let key = a.idempotency_key.clone();
            client.create_event(EventKind::Intelligence, &record_input(*a), key.as_deref()).await?
        }
        IntelCommand::Show { id, reason, acknowledge: true } => {
            client.open_event_acknowledged(EventKind::Intelligence, &id, &reason).await?
        }
        IntelCommand::Show { id, reason, acknowledge: false } => {
            client.get_event(EventKind::Intelligence, &id, Some(&reason)).await?
        }
        other => {
            let (on, action) = action(other)?;
            let version = match (on.version, on.acknowledge) {
                (Some(v), _) => v,
                (None, true) => {
                    client.open_event_acknowledged(EventKind::Intelligence, &on.id, VERSION_REASON).await?.version
                }
                (None, false) => client.get_event(EventKind::Intelligence, &on.id, Some(VERSION_REASON)).await?.version,
            };
            client.intelligence_action(&on.id, version, &action).await?
        }
    };
    print(&event, format)
}

fn record_input(a: RecordArgs) -> EventInput {
    let mut details = IntelligenceDetails::draft(a.grading.grading(), a.priority, a.sanitised_text, a.unsanitised_text);
    if a.submit {
        details.status = IntelligenceStatus::Submitted;
    }
    EventInput {
        objects: Vec::new(),
        reference: None,
        occurred_at: a.occurred_at.unwrap_or_else(Utc::now),
        borough: a.borough,
        summary: a.summary,
        people: a.subjects.into_iter().map(|person_id| EventPerson { person_id, role: EventRole::Subject }).collect(),
        details: EventDetails::Intelligence(details),
    }
}

/// The report an action is on, and the action.
fn action(cmd: IntelCommand) -> anyhow::Result<(On, IntelligenceAction)> {
    Ok(match cmd {
        IntelCommand::Record(_) | IntelCommand::Show { .. } => {
            return Err(CliError::Usage("not an action on a report".into()).into())
        }
        IntelCommand::Revise { on, grading, priority, sanitised_text, unsanitised_text } => {
            let grading = match (grading.source, grading.intelligence, grading.handling) {
                (Some(source), Some(intelligence), Some(handling)) => {
                    Some(Grading::ThreeFiveTwo { source, intelligence, handling, conditions: grading.conditions })
                }
                _ => None,
            };
            (on, IntelligenceAction::Revise { grading, priority, sanitised_text, unsanitised_text })
        }
        IntelCommand::Submit { on } => (on, IntelligenceAction::Submit {}),
        IntelCommand::Return { on, reason } => (on, IntelligenceAction::Return { reason }),
        IntelCommand::Evaluate { on, grading, priority, rationale } => {
            (on, IntelligenceAction::Evaluate { grading: grading.grading(), priority, rationale })
        }
        IntelCommand::Sanitise { on, sanitised_text } => (on, IntelligenceAction::Sanitise { sanitised_text }),
        IntelCommand::Disseminate { on, recipients, purpose } => {
            (on, IntelligenceAction::Disseminate { recipients, purpose })
        }
        IntelCommand::Review { on, decision, note, next_review } => {
            (on, IntelligenceAction::ReviewRetention { decision, note, next_review })
        }
    })
}

/// The report after the action: its key fields (a table), or the whole
/// record as the caller may see it (JSON).
fn print(event: &Event, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => output::print_json(event)?,
        Format::Jsonl => println!("{}", serde_json::to_string(event)?),
        Format::Csv | Format::Table | Format::Text => {
            let EventDetails::Intelligence(d) = &event.details else {
                return Err(CliError::NotFound(format!("'{}' is not an intelligence report", event.id)).into());
            };
            let fields = [
                ("id", event.id.clone()),
                ("reference", event.reference.clone()),
                ("version", event.version.to_string()),
                ("status", event.status.clone()),
                ("grading", d.grading.code()),
                ("conditions", d.conditions().unwrap_or_default().to_string()),
                ("priority", format!("{:?}", d.priority).to_lowercase()),
                ("text", d.sanitised_text.clone()),
                ("unsanitised text", d.unsanitised_text.clone().unwrap_or_default()),
                ("sanitised by", d.sanitisation.as_ref().map(|s| s.approved_by.clone()).unwrap_or_default()),
                (
                    "disseminated to",
                    d.disseminations.iter().flat_map(|s| s.recipients.iter().cloned()).collect::<Vec<_>>().join(", "),
                ),
            ];
            output::print_record_fields(format, &fields)?;
        }
    }
    Ok(())
}
