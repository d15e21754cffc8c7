//! `bluelamp case …`: a hearing's result on a prosecution case file from
//! the command line, each one call to the cases API: what happened at a
//! hearing, the result, and a failure to appear, which writes the court's
//! bench warrant against the defendant with the case. Hearings are counted
//! from 1 as they stand on the file; left out, the latest one held. A
//! refusal names the field (`action.defendant`) and changes nothing.

use chrono::Utc;
use clap::{Args, Subcommand};

use super::config::Settings;
use super::connect;
use super::failure::CliError;
use super::output::{self, Format};
use crate::client::LifecycleAction;
use crate::domain::case_lifecycle::CaseAction;
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::pace::london_time::format_london;

/// The reason recorded when a case is read to learn its version and hearings.
const VERSION_REASON: &str = "case action from the command line";

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// The defendant failed to appear and the court issued a bench warrant: the warrant is
    /// received against them (with the court and the offences charged) and enters the warrant queue.
    #[command(after_help = "Example:\n  bluelamp case failed-to-appear 7c1e… --hearing 1")]
    FailedToAppear {
        #[command(flatten)]
        at: AtHearing,
        /// The defendant's person id; needed only when the case has more than one.
        #[arg(long)]
        defendant: Option<String>,
    },
    /// What happened at a hearing, such as 'adjourned', and whether the defendant was remanded in custody.
    #[command(
        after_help = "Example:\n  bluelamp case hearing-outcome 7c1e… --outcome 'Adjourned for reports' --remanded"
    )]
    HearingOutcome {
        #[command(flatten)]
        at: AtHearing,
        #[arg(long)]
        outcome: String,
        #[arg(long)]
        remanded: bool,
    },
    /// The verdict or sentence at a hearing.
    #[command(after_help = "Example:\n  bluelamp case result 7c1e… --result 'Guilty; 12 months community order'")]
    Result {
        #[command(flatten)]
        at: AtHearing,
        #[arg(long)]
        result: String,
    },
}

/// The case and the hearing an action is about.
#[derive(Debug, Args)]
pub struct AtHearing {
    /// The case's id.
    pub id: String,
    /// The hearing, counted from 1 on the file; left out, the latest that has taken place.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub hearing: Option<u32>,
    /// The version you saw: refused if someone changed the case since. Left out, the current one.
    #[arg(long = "record-version")]
    pub version: Option<i64>,
}

pub async fn run(cmd: CaseCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    if format == Format::Text {
        return Err(CliError::Usage("--format text is only for query custody-record".into()).into());
    }
    let at = match &cmd {
        CaseCommand::FailedToAppear { at, .. }
        | CaseCommand::HearingOutcome { at, .. }
        | CaseCommand::Result { at, .. } => at,
    };
    let case = client.get_event(EventKind::Case, &at.id, Some(VERSION_REASON)).await?;
    let hearing = hearing_index(&case, at.hearing)?;
    let version = at.version.unwrap_or(case.version);
    let id = at.id.clone();
    let action = match cmd {
        CaseCommand::FailedToAppear { defendant, .. } => CaseAction::FailedToAppear { hearing, defendant },
        CaseCommand::HearingOutcome { outcome, remanded, .. } => {
            CaseAction::HearingOutcome { hearing, outcome, remanded_in_custody: remanded }
        }
        CaseCommand::Result { result, .. } => CaseAction::RecordResult { hearing, result },
    };
    let written = client.act(&id, version, &LifecycleAction::Case(action)).await?;
    print(&written, hearing, format)
}

/// The 0-based hearing the API takes: the one given (from 1), or the
/// latest that has taken place.
fn hearing_index(case: &Event, given: Option<u32>) -> anyhow::Result<usize> {
    let EventDetails::Case(d) = &case.details else {
        return Err(CliError::NotFound(format!("'{}' is not a case", case.id)).into());
    };
    if let Some(n) = given {
        return Ok(n as usize - 1);
    }
    let now = Utc::now();
    let held = d.hearings.iter().enumerate().filter(|(_, h)| h.date <= now).max_by_key(|(_, h)| h.date);
    held.map(|(i, _)| i).ok_or_else(|| {
        CliError::Usage(format!("case {} has no hearing that has taken place yet: give --hearing", case.reference))
            .into()
    })
}

/// The case after the action: the hearing and what it now records, and
/// the bench warrant when one was issued (a table), or the whole case (JSON).
fn print(event: &Event, hearing: usize, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => output::print_json(event)?,
        Format::Jsonl => println!("{}", serde_json::to_string(event)?),
        Format::Csv | Format::Table | Format::Text => {
            let EventDetails::Case(d) = &event.details else {
                return Err(CliError::NotFound(format!("'{}' is not a case", event.id)).into());
            };
            let h = d.hearings.get(hearing);
            let fields = [
                ("id", event.id.clone()),
                ("urn", event.reference.clone()),
                ("version", event.version.to_string()),
                ("status", event.status.clone()),
                ("hearing", h.map(|h| format!("{} at {}", format_london(h.date), h.court)).unwrap_or_default()),
                ("outcome", h.and_then(|h| h.outcome.clone()).unwrap_or_default()),
                ("bench warrants", d.warrants.iter().map(|w| w.reference.as_str()).collect::<Vec<_>>().join(", ")),
            ];
            output::print_record_fields(format, &fields)?;
        }
    }
    Ok(())
}
