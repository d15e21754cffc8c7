//! `bluelamp bail …`: the bail diary (who answers bail today at each
//! station, who is overdue, whose pre-charge bail ends soon) and what is
//! done to bail once granted (extended, answered, ended), by the custody
//! record that granted it; and the bail flags `custody release` and
//! `custody charge` take. A refusal names the field and changes nothing.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use clap::{Args, Subcommand};

use super::choice;
use super::config::Settings;
use super::connect;
use super::failure::CliError;
use super::output::{self, Format, Printer};
use crate::api::bail::{BailDiaryQuery, BailDiaryRow};
use crate::domain::bail::{BailCondition, BailTerms, ExtensionAuthority};
use crate::domain::bail_actions::{BailAction, Rearrest};
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::pace::london_time::format_london;

/// The reason recorded when a record is read to learn its current version.
const VERSION_REASON: &str = "bail action from the command line";

#[derive(Debug, Subcommand)]
pub enum BailCommand {
    /// Who answers bail today (at each station), who is overdue, whose pre-charge bail ends soon.
    #[command(after_help = "Example:\n  bluelamp bail diary --station BX --days 7")]
    Diary {
        /// One station: a custody suite's code, name or id (bail to court is then left out).
        #[arg(long)]
        station: Option<String>,
        /// Pre-charge bail ending within this many days (0–90; 7 when left out).
        #[arg(long)]
        days: Option<i64>,
        /// Why the diary is read (audited).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Extend pre-charge bail: an inspector to 6 months from the grant, a superintendent to 9, a court beyond.
    #[command(
        after_help = "Example:\n  bluelamp bail extend 7c1e… --until 2027-03-01 --authority inspector --grounds 'Phone download pending'"
    )]
    Extend {
        #[command(flatten)]
        on: On,
        /// The new last day of bail.
        #[arg(long)]
        until: NaiveDate,
        /// Whose authority: yours (inspector, superintendent) or a magistrates' court's (with --court).
        #[arg(long, value_parser = choice::api::<ExtensionAuthority>())]
        authority: Option<ExtensionAuthority>,
        #[arg(long)]
        court: Option<String>,
        #[arg(long)]
        grounds: String,
        /// A new time to answer bail (RFC 3339).
        #[arg(long)]
        return_at: Option<DateTime<Utc>>,
    },
    /// The person answered bail.
    #[command(after_help = "Example:\n  bluelamp bail answer 7c1e… --note 'Answered; further interview'")]
    Answer {
        #[command(flatten)]
        on: On,
        /// When (RFC 3339); left out, now.
        #[arg(long)]
        at: Option<DateTime<Utc>>,
        #[arg(long, default_value = "")]
        note: String,
        /// Arrested again on answering: why. Opens a custody record in the
        /// same write, in --suite and --cell.
        #[arg(long, requires_all = ["suite", "cell"])]
        arrest_reason: Option<String>,
        /// The custody suite the person is held in when arrested again.
        #[arg(long, requires = "arrest_reason")]
        suite: Option<String>,
        #[arg(long, requires = "arrest_reason")]
        cell: Option<String>,
        /// The offences of the new arrest (repeat the flag); those bail was granted for when left out.
        #[arg(long = "offence", requires = "arrest_reason")]
        offences: Vec<String>,
    },
    /// Bail ended without being answered: no further action, charged by post, cancelled.
    #[command(after_help = "Example:\n  bluelamp bail end 7c1e… --reason 'No further action: CPS advice'")]
    End {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        reason: String,
    },
}

/// The custody record whose bail it is, and the version it is based on.
#[derive(Debug, Args)]
pub struct On {
    /// The custody record's id.
    pub id: String,
    /// The version you saw: refused if someone changed the record since. Left out, the current one.
    #[arg(long = "record-version")]
    pub version: Option<i64>,
}

/// Bail's terms on a release or a charge.
#[derive(Debug, Args, Default)]
pub struct BailArgs {
    /// When to answer pre-charge bail (RFC 3339); required with --outcome pre_charge_bail.
    #[arg(long)]
    pub return_at: Option<DateTime<Utc>>,
    /// Where: a custody suite for pre-charge bail (the releasing one when left out).
    #[arg(long)]
    pub return_place: Option<String>,
    /// Condition: to live and sleep at this address.
    #[arg(long)]
    pub reside: Option<String>,
    /// Condition: a curfew, FROM-UNTIL in London time, such as 21:00-07:00.
    #[arg(long, value_parser = curfew)]
    pub curfew: Option<(NaiveTime, NaiveTime)>,
    /// Condition: no contact with this person, by name (repeat for more).
    #[arg(long = "no-contact")]
    pub no_contact: Vec<String>,
    /// Condition: report at a station on given days, STATION:DAYS, such as 'Brixton:Mon and Thu'.
    #[arg(long, value_parser = reporting)]
    pub report: Option<(String, String)>,
}

impl BailArgs {
    /// The terms, or none when no bail flag was given.
    pub fn terms(self) -> Option<BailTerms> {
        let mut conditions = Vec::new();
        if let Some(address) = self.reside {
            conditions.push(BailCondition::Residence { address });
        }
        if let Some((from, until)) = self.curfew {
            conditions.push(BailCondition::Curfew { from, until, address: None });
        }
        for person in self.no_contact {
            conditions.push(BailCondition::NoContact { person });
        }
        if let Some((station, days)) = self.report {
            conditions.push(BailCondition::Reporting { station, days });
        }
        let terms = BailTerms { return_at: self.return_at, return_place: self.return_place, conditions };
        (terms != BailTerms::default()).then_some(terms)
    }
}

fn curfew(s: &str) -> Result<(NaiveTime, NaiveTime), String> {
    let (from, until) = s.split_once('-').ok_or("is FROM-UNTIL, such as 21:00-07:00")?;
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| format!("'{t}' is not HH:MM"));
    Ok((time(from)?, time(until)?))
}

fn reporting(s: &str) -> Result<(String, String), String> {
    let (station, days) = s.split_once(':').ok_or("is STATION:DAYS, such as 'Brixton:Mon and Thu'")?;
    if station.trim().is_empty() || days.trim().is_empty() {
        return Err("names the station and the days".into());
    }
    Ok((station.trim().to_string(), days.trim().to_string()))
}

pub async fn run(cmd: BailCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    if format == Format::Text {
        return Err(CliError::Usage("--format text is only for query custody-record".into()).into());
    }
    let (on, action) = match cmd {
        BailCommand::Diary { station, days, reason } => {
            let diary = client.bail_diary(&BailDiaryQuery { station, days, reason }).await?;
            if matches!(format, Format::Json) {
                return Ok(output::print_json(&diary)?);
            }
            let mut printer = Printer::new(format, DIARY_COLUMNS)?;
            for (list, rows) in [("overdue", &diary.overdue), ("today", &diary.today), ("ending", &diary.ending)] {
                for row in rows {
                    printer.row(diary_row(list, row))?;
                }
            }
            printer.finish()?;
            return Ok(());
        }
        BailCommand::Extend { on, until, authority, court, grounds, return_at } => {
            (on, BailAction::Extend { until, authority, court, grounds, return_at })
        }
        BailCommand::Answer { on, at, note, arrest_reason, suite, cell, offences } => {
            let rearrest = arrest_reason.map(|reason| Rearrest {
                suite_id: suite.unwrap_or_default(),
                cell: cell.unwrap_or_default(),
                share_reason: None,
                reason,
                offences,
                officer: None,
            });
            (on, BailAction::Answer { at, note, rearrest })
        }
        BailCommand::End { on, reason } => (on, BailAction::End { reason }),
    };
    let version = match on.version {
        Some(v) => v,
        None => client.get_event(EventKind::Custody, &on.id, Some(VERSION_REASON)).await?.version,
    };
    let event = client.bail_action(&on.id, version, &action).await?;
    print(&event, format)
}

const DIARY_COLUMNS: &[&str] =
    &["list", "custody_id", "reference", "person", "kind", "return_at", "place", "bail_ends", "conditions", "flags"];

fn diary_row(list: &str, row: &BailDiaryRow) -> Vec<serde_json::Value> {
    let b = &row.bail;
    vec![
        list.into(),
        row.custody_id.clone().into(),
        row.reference.clone().into(),
        row.person_name.clone().or(row.person_id.clone()).unwrap_or_default().into(),
        b.kind.label().into(),
        b.return_at.map(format_london).unwrap_or_default().into(),
        row.place.clone().unwrap_or_default().into(),
        b.limit_on.map(|d| d.to_string()).unwrap_or_default().into(),
        row.conditions.join("; ").into(),
        super::rows::flag_codes(row.flags),
    ]
}

/// The record's bail after the action (a table), or the whole record (JSON).
fn print(event: &Event, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => output::print_json(event)?,
        Format::Jsonl => println!("{}", serde_json::to_string(event)?),
        Format::Csv | Format::Table | Format::Text => {
            let EventDetails::Custody(d) = &event.details else {
                return Err(CliError::NotFound(format!("'{}' is not a custody record", event.id)).into());
            };
            let Some(b) = &d.bail else {
                return Err(CliError::NotFound(format!("custody record {} granted no bail", event.reference)).into());
            };
            let status = serde_json::to_value(b.status).ok().and_then(|v| v.as_str().map(str::to_string));
            let fields = [
                ("id", event.id.clone()),
                ("reference", event.reference.clone()),
                ("version", event.version.to_string()),
                ("bail", b.kind.label().to_string()),
                ("status", status.unwrap_or_default()),
                ("return", b.return_at.map(format_london).unwrap_or_default()),
                ("bail ends", b.limit_on.map(|d| d.to_string()).unwrap_or_default()),
                ("conditions", b.conditions.iter().map(BailCondition::describe).collect::<Vec<_>>().join("; ")),
            ];
            output::print_record_fields(format, &fields)?;
        }
    }
    Ok(())
}
