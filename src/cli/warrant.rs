//! `bluelamp warrant …`: a warrant readied for the street from the command
//! line, each one call to the warrants API — validated (matched to one
//! person record) and then circulated, which makes the person WANTED
//! everywhere. A bench warrant a failure to appear issued arrives received
//! and is readied this way.

use clap::Subcommand;

use super::config::Settings;
use super::connect;
use super::failure::CliError;
use super::output::{self, Format};
use crate::client::LifecycleAction;
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::warrant_lifecycle::WarrantAction;

/// The reason recorded when a warrant is read to learn its version.
const VERSION_REASON: &str = "warrant action from the command line";

#[derive(Debug, Subcommand)]
pub enum WarrantCommand {
    /// Match the warrant to exactly one person record (the one it names, or --person).
    #[command(after_help = "Example:\n  bluelamp warrant validate 7c1e…")]
    Validate {
        /// The warrant's id.
        id: String,
        /// The person's id, for a warrant that arrived matched to no one.
        #[arg(long)]
        person: Option<String>,
        /// The version you saw: refused if someone changed the warrant since. Left out, the current one.
        #[arg(long = "record-version")]
        version: Option<i64>,
    },
    /// Circulate a validated warrant: the person shows WANTED everywhere.
    #[command(after_help = "Example:\n  bluelamp warrant circulate 7c1e…")]
    Circulate {
        /// The warrant's id.
        id: String,
        /// The version you saw: refused if someone changed the warrant since. Left out, the current one.
        #[arg(long = "record-version")]
        version: Option<i64>,
    },
}

pub async fn run(cmd: WarrantCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    if format == Format::Text {
        return Err(CliError::Usage("--format text is only for query custody-record".into()).into());
    }
    let (id, version, action) = match cmd {
        WarrantCommand::Validate { id, person, version } => {
            (id, version, WarrantAction::Validate { person_id: person })
        }
        WarrantCommand::Circulate { id, version } => (id, version, WarrantAction::Circulate),
    };
    let version = match version {
        Some(v) => v,
        None => client.get_event(EventKind::Warrant, &id, Some(VERSION_REASON)).await?.version,
    };
    let written = client.act(&id, version, &LifecycleAction::Warrant(action)).await?;
    print(&written, format)
}

/// The warrant after the action: its id, reference, version and status, and
/// the court (a table), or the whole warrant (JSON).
fn print(event: &Event, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => output::print_json(event)?,
        Format::Jsonl => println!("{}", serde_json::to_string(event)?),
        Format::Csv | Format::Table | Format::Text => {
            let EventDetails::Warrant(d) = &event.details else {
                return Err(CliError::NotFound(format!("'{}' is not a warrant", event.id)).into());
            };
            let fields = [
                ("id", event.id.clone()),
                ("reference", event.reference.clone()),
                ("version", event.version.to_string()),
                ("status", event.status.clone()),
                ("court", d.issuing_court.clone()),
            ];
            output::print_record_fields(format, &fields)?;
        }
    }
    Ok(())
}
