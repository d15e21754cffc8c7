//! `bluelamp asb …`: the ASB desk from the command line, each one call to
//! the API with its fields as flags: open a case, then every step on it by
//! its id (link or unlink an incident or crime report, assess a victim's
//! risk, request a case review and record it, record a tool, close), and a
//! case with its standing. After a step the case is shown with the review
//! trigger as it now stands. A refusal names the field or the rule and
//! changes nothing; the exit code says why.

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};

use super::asb_words;
use super::choice;
use super::config::Settings;
use super::connect;
use super::failure::CliError;
use super::output::{self, Format};
use crate::api::asb::AsbCaseView;
use crate::client::Client;
use crate::domain::asb::{AsbAction, AsbCategory, AsbDetails, AsbResult, AsbRisk, AsbTool};
use crate::domain::boroughs::BOROUGHS;
use crate::domain::event::{EventDetails, EventInput, EventKind};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::pace::london_time::format_london;

/// The reason recorded when a case is read around an action.
const ACTION_REASON: &str = "ASB action from the command line";

#[derive(Debug, Subcommand)]
pub enum AsbCommand {
    /// Open a case: its category, where, the complainant and the subject; incidents are linked after.
    #[command(after_help = "Example:\n  bluelamp asb open --category nuisance --borough lambeth \\\n    \
                      --summary 'Noise from flat 12, Block C' --complainant 3f2a… --subject 9b1c…")]
    Open(Box<OpenArgs>),
    /// Link an ASB incident or a crime report to a case (never one already linked).
    #[command(after_help = "Example:\n  bluelamp asb link 7c1e… --record 5d4f…")]
    Link {
        #[command(flatten)]
        on: On,
        /// The incident's or crime report's id.
        #[arg(long)]
        record: String,
        /// A crime report's ASB category (the case's when left out; an incident has its own).
        #[arg(long, value_parser = choice::api::<AsbCategory>())]
        category: Option<AsbCategory>,
    },
    /// Unlink an incident or crime report linked in error, with why.
    #[command(after_help = "Example:\n  bluelamp asb unlink 7c1e… --record 5d4f… --reason 'Another block'")]
    Unlink {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        record: String,
        #[arg(long)]
        reason: String,
    },
    /// Assess a victim's risk, with why.
    #[command(
        after_help = "Example:\n  bluelamp asb assess-risk 7c1e… --person 3f2a… --risk high --reasons 'Lives alone'"
    )]
    AssessRisk {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        person: String,
        #[arg(long, value_parser = choice::api::<AsbRisk>())]
        risk: AsbRisk,
        #[arg(long)]
        reasons: String,
    },
    /// Request an ASB case review: once the trigger is met, or before by a supervisor with --override-reason.
    #[command(after_help = "Example:\n  bluelamp asb request-review 7c1e…")]
    RequestReview {
        #[command(flatten)]
        on: On,
        /// A supervisor's reason for a review before the trigger is met.
        #[arg(long)]
        override_reason: Option<String>,
    },
    /// Record the case review held: its panel, decision and action plan.
    #[command(after_help = "Example:\n  bluelamp asb record-review 7c1e… --panel 'Council ASB team' \\\n    \
                      --panel 'Housing provider' --decision 'Injunction sought' --action-plan 'Apply within 14 days'")]
    RecordReview {
        #[command(flatten)]
        on: On,
        /// Who sat on the panel (repeat for each).
        #[arg(long = "panel", required = true)]
        panel: Vec<String>,
        #[arg(long)]
        decision: String,
        #[arg(long)]
        action_plan: String,
    },
    /// Record a tool used: a warning letter, acceptable behaviour contract, injunction, closure order…
    #[command(after_help = "Example:\n  bluelamp asb tool 7c1e… --tool acceptable_behaviour_contract \\\n    \
                      --person 9b1c… --from 2026-11-02 --until 2027-05-02")]
    Tool {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<AsbTool>())]
        tool: AsbTool,
        /// The person it is served on or made against.
        #[arg(long)]
        person: Option<String>,
        /// Served, signed or made on (YYYY-MM-DD).
        #[arg(long)]
        from: NaiveDate,
        /// In force until (YYYY-MM-DD).
        #[arg(long)]
        until: Option<NaiveDate>,
        /// The court for an order; the terms in short.
        #[arg(long)]
        note: Option<String>,
    },
    /// Close a case with its result.
    #[command(after_help = "Example:\n  bluelamp asb close 7c1e… --result resolved --note 'Quiet for two months'")]
    Close {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<AsbResult>())]
        result: AsbResult,
        #[arg(long)]
        note: String,
    },
    /// A case with its standing now: the review trigger, repeat and vulnerable victims.
    #[command(after_help = "Example:\n  bluelamp asb show 7c1e… --reason 'Case review panel'")]
    Show {
        id: String,
        /// Why you read it, for the audit log.
        #[arg(long)]
        reason: String,
    },
}

/// The case an action is on, and the version it is based on.
#[derive(Debug, Args)]
pub struct On {
    /// The case's id.
    pub id: String,
    /// The version you saw: refused if someone changed the case since.
    /// Left out, the case's current version is read first.
    #[arg(long = "record-version")]
    pub version: Option<i64>,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    #[arg(long, value_parser = choice::api::<AsbCategory>())]
    pub category: AsbCategory,
    /// What the trouble is, in a line.
    #[arg(long)]
    pub summary: String,
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    /// When it began (RFC 3339); left out, now.
    #[arg(long)]
    pub occurred_at: Option<DateTime<Utc>>,
    /// A complainant's person id (repeat for more).
    #[arg(long = "complainant")]
    pub complainants: Vec<String>,
    /// A subject's (the perpetrator's) person id (repeat for more).
    #[arg(long = "subject")]
    pub subjects: Vec<String>,
    /// Makes a retried open return the first case instead of writing two.
    #[arg(long)]
    pub idempotency_key: Option<String>,
}

fn open_input(a: OpenArgs) -> EventInput {
    let mut people: Vec<EventPerson> =
        a.complainants.into_iter().map(|person_id| EventPerson { person_id, role: EventRole::Complainant }).collect();
    people.extend(a.subjects.into_iter().map(|person_id| EventPerson { person_id, role: EventRole::Subject }));
    EventInput {
        reference: None,
        occurred_at: a.occurred_at.unwrap_or_else(Utc::now),
        borough: a.borough,
        summary: a.summary,
        people,
        objects: Vec::new(),
        details: EventDetails::Asb(AsbDetails::new(a.category)),
    }
}

pub async fn run(cmd: AsbCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    if format == Format::Text {
        return Err(CliError::Usage("--format text is only for query custody-record".into()).into());
    }
    let id = match cmd {
        AsbCommand::Show { id, reason } => return print(&client.asb_standing(&id, &reason).await?, format),
        AsbCommand::Open(a) => {
            let key = a.idempotency_key.clone();
            client.create_event(EventKind::Asb, &open_input(*a), key.as_deref()).await?.id
        }
        other => act(&client, other).await?,
    };
    print(&client.asb_standing(&id, ACTION_REASON).await?, format)
}

/// Takes the action the command names; the case's id.
async fn act(client: &Client, cmd: AsbCommand) -> anyhow::Result<String> {
    use AsbAction as A;
    use AsbCommand as C;
    let (on, action) = match cmd {
        C::Open(_) | C::Show { .. } => return Err(CliError::Usage("not an action on a case".into()).into()),
        C::Link { on, record, category } => (on, A::LinkIncident { record_id: record, category }),
        C::Unlink { on, record, reason } => (on, A::UnlinkIncident { record_id: record, reason }),
        C::AssessRisk { on, person, risk, reasons } => (on, A::AssessRisk { person_id: person, risk, reasons }),
        C::RequestReview { on, override_reason } => (on, A::RequestReview { override_reason }),
        C::RecordReview { on, panel, decision, action_plan } => (on, A::RecordReview { panel, decision, action_plan }),
        C::Tool { on, tool, person, from, until, note } => {
            (on, A::RecordTool { tool, person_id: person, from, until, note })
        }
        C::Close { on, result, note } => (on, A::Close { result, note }),
    };
    let version = match on.version {
        Some(v) => v,
        None => client.get_event(EventKind::Asb, &on.id, Some(ACTION_REASON)).await?.version,
    };
    Ok(client.asb_action(&on.id, version, &action).await?.id)
}

/// The case with its standing: key fields (a table), or the whole view (JSON).
fn print(view: &AsbCaseView, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => output::print_json(view)?,
        Format::Jsonl => println!("{}", serde_json::to_string(view)?),
        Format::Csv | Format::Table | Format::Text => {
            let event = &view.event;
            let EventDetails::Asb(d) = &event.details else {
                return Err(CliError::NotFound(format!("'{}' is not an ASB case", event.id)).into());
            };
            let incidents: Vec<String> = d
                .incidents
                .iter()
                .map(|i| format!("{} {} ({})", i.record.reference, format_london(i.at), i.category.as_str()))
                .collect();
            let last = d.log.last();
            let fields = [
                ("id", event.id.clone()),
                ("reference", event.reference.clone()),
                ("version", event.version.to_string()),
                ("status", event.status.clone()),
                ("category", d.category.as_str().to_string()),
                ("borough", event.borough.clone().unwrap_or_default()),
                ("incidents", incidents.join("; ")),
                ("trigger", asb_words::trigger(&view.standing)),
                ("victims", asb_words::victims(&view.standing)),
                ("review", asb_words::review(d)),
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
