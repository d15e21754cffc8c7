//! `bluelamp custody …`: the custody officer's actions from the command
//! line, each one call to the custody API with its fields as flags: book in,
//! then every later action on the record by its id. A refusal names the
//! field (`action.outcome`) and changes nothing; the exit code says why.

use chrono::{DateTime, NaiveDate, Utc};
use clap::builder::PossibleValue;
use clap::{Args, Subcommand};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::bail::BailArgs;
use super::choice::{self, Choice};
use super::config::Settings;
use super::connect;
use super::custody_log;
use super::failure::CliError;
use super::output::{self, Format};
use crate::client::Client;
use crate::domain::custody::{BookIn, CustodyAction, Meal, Right};
use crate::domain::event::{ChargingDecision, CustodyOutcome, Event, EventDetails, EventKind};
use crate::domain::pace::london_time::format_london;
use crate::domain::pace::Observation;
use crate::domain::person::{PersonDetails, Sex};
use crate::domain::wording::{sentence, words};

/// The reason recorded when a record is read to learn its current version.
const VERSION_REASON: &str = "custody action from the command line";

#[derive(Debug, Subcommand)]
pub enum CustodyCommand {
    /// Book a detainee in: someone on record (--person) or a new person once a search found nobody.
    #[command(after_help = "Example:\n  bluelamp custody book-in --person 3f2a… --suite brixton --cell C4 \\\n    \
                            --arrested-at 2026-11-25T09:40:00Z --relevant-time 2026-11-25T10:05:00Z \\\n    \
                            --reason 'Seen leaving the shop with unpaid goods' --offence 'Theft from a shop' \\\n    \
                            --officer 'PC 123 Okafor'")]
    BookIn(Box<BookInArgs>),
    /// Risk assessment: reads the warning markers and sets the observation level (1–4).
    #[command(
        after_help = "Example:\n  bluelamp custody risk-assessment 7c1e… --level 2 --notes 'Self-harm marker, low mood'"
    )]
    RiskAssessment {
        #[command(flatten)]
        on: On,
        /// Left out, the level the warning markers call for.
        #[arg(long, value_parser = observation_levels())]
        level: Option<u8>,
        #[arg(long)]
        intoxicated: bool,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Rights given (all three unless --right names some).
    #[command(after_help = "Example:\n  bluelamp custody rights 7c1e… --right legal_advice --right someone_informed")]
    Rights {
        #[command(flatten)]
        on: On,
        /// Repeat for more.
        #[arg(long = "right", value_parser = choice::api::<Right>())]
        rights: Vec<Right>,
    },
    /// A right delayed on a superintendent's authority (indictable offences only).
    #[command(
        after_help = "Example:\n  bluelamp custody rights-delayed 7c1e… --right someone_informed --authorised-by 'Supt Rowe' --grounds 'Would alert others involved'"
    )]
    RightsDelayed {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<Right>())]
        right: Right,
        #[arg(long)]
        authorised_by: String,
        #[arg(long)]
        grounds: String,
    },
    /// The appropriate adult for a juvenile or vulnerable adult.
    #[command(
        after_help = "Example:\n  bluelamp custody appropriate-adult 7c1e… --name 'Dawn Lomax' --relationship mother"
    )]
    AppropriateAdult {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        name: String,
        #[arg(long)]
        relationship: String,
    },
    /// A cell visit; --roused false records a failed rousing check.
    #[command(after_help = "Example:\n  bluelamp custody visit 7c1e… --roused true --notes 'Awake, talking'")]
    Visit {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        roused: Option<bool>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// A review of detention (by an inspector before charge).
    #[command(
        after_help = "Example:\n  bluelamp custody review 7c1e… --outcome 'Detention continues: interview pending'"
    )]
    Review {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        outcome: String,
    },
    /// A review postponed, with the reason (the schedule is kept).
    #[command(after_help = "Example:\n  bluelamp custody review-postponed 7c1e… --reason 'Detainee in interview'")]
    ReviewPostponed {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        reason: String,
    },
    /// A superintendent's extension to 36 hours (PACE s.42).
    #[command(
        after_help = "Example:\n  bluelamp custody extension 7c1e… --grounds 'Forensic results awaited' --representations 'Solicitor objects'"
    )]
    Extension {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        grounds: String,
        #[arg(long)]
        representations: String,
    },
    /// A magistrates' warrant of further detention (PACE ss.43–44).
    #[command(
        after_help = "Example:\n  bluelamp custody further-detention 7c1e… --hours 36 --court 'Camberwell Green MC'"
    )]
    FurtherDetention {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        hours: u32,
        #[arg(long)]
        court: String,
    },
    /// An interview.
    #[command(after_help = "Example:\n  bluelamp custody interview 7c1e… --officer 'DC Shah' --notes 'No comment'")]
    Interview {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        officer: String,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// A solicitor's attendance or call.
    #[command(after_help = "Example:\n  bluelamp custody solicitor 7c1e… --solicitor 'J. Mensah, duty solicitor'")]
    Solicitor {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        solicitor: String,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// A meal (light or main).
    #[command(after_help = "Example:\n  bluelamp custody meal 7c1e… --meal main --notes 'Vegetarian'")]
    Meal {
        #[command(flatten)]
        on: On,
        #[arg(long, value_parser = choice::api::<Meal>())]
        meal: Meal,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// A move to another cell of the suite.
    #[command(after_help = "Example:\n  bluelamp custody cell-move 7c1e… --cell C9 --reason 'Ligature point in C4'")]
    CellMove {
        #[command(flatten)]
        on: On,
        #[arg(long)]
        cell: String,
        #[arg(long)]
        reason: String,
        /// Why the detainee shares the cell with someone already in it (an occupied cell is refused without one).
        #[arg(long)]
        share_reason: Option<String>,
    },
    /// A transfer to another custody suite of the force (the record stays open).
    #[command(
        after_help = "Example:\n  bluelamp custody transfer 7c1e… --suite LW --cell C2 --reason 'Brixton at capacity'"
    )]
    Transfer {
        #[command(flatten)]
        on: On,
        /// The suite: its code, name or id.
        #[arg(long)]
        suite: String,
        #[arg(long)]
        cell: String,
        #[arg(long)]
        reason: String,
        /// Why the detainee shares the cell with someone already in it (an occupied cell is refused without one).
        #[arg(long)]
        share_reason: Option<String>,
    },
    /// Charged, then bailed to court or remanded: closes the record and
    /// opens the prosecution case (or joins the one for the same matter),
    /// listed for its first hearing. Prints the case's URN.
    #[command(
        after_help = "Example:\n  bluelamp custody charge 7c1e… --offence 'Theft from a shop' --court 'Camberwell Green MC' --court-date 2026-12-02 --crime CR/26/0000123"
    )]
    Charge {
        #[command(flatten)]
        on: On,
        /// Repeat for each offence charged.
        #[arg(long = "offence", required = true)]
        offences: Vec<String>,
        /// Remanded in custody to the first hearing (otherwise bailed to it).
        #[arg(long)]
        remanded: bool,
        /// The court of the first hearing.
        #[arg(long)]
        court: String,
        /// The day of the first hearing.
        #[arg(long)]
        court_date: NaiveDate,
        /// The case's URN: an existing case is joined; left out, the case on
        /// the crime report is joined or a new URN issued.
        #[arg(long)]
        urn: Option<String>,
        /// The crime report charged on, by crime number or id.
        #[arg(long)]
        crime: Option<String>,
        /// The officer in the case (the arresting officer when left out).
        #[arg(long)]
        officer_in_case: Option<String>,
        /// Who decided the charge.
        #[arg(long, value_parser = charge_decisions())]
        decision: Option<ChargingDecision>,
        /// Bail to court's conditions (not with --remanded).
        #[command(flatten)]
        bail: BailArgs,
    },
    /// Leaves custody without a charge, closing the record with the reason.
    #[command(
        after_help = "Example:\n  bluelamp custody release 7c1e… --outcome no_further_action --reason 'Victim withdrew support'"
    )]
    Release {
        #[command(flatten)]
        on: On,
        /// How the detention ends (a charge is recorded with `charge`).
        #[arg(long, value_parser = release_outcomes())]
        outcome: CustodyOutcome,
        #[arg(long)]
        reason: String,
        /// Pre-charge bail's end (three months when left out).
        #[arg(long)]
        bail_until: Option<NaiveDate>,
        /// Pre-charge bail's return date (required), place and conditions.
        #[command(flatten)]
        bail: BailArgs,
    },
}

/// The record an action is on, the version it is based on, and when it happened.
#[derive(Debug, Args)]
pub struct On {
    /// The custody record's id.
    pub id: String,
    /// The version you saw: refused if someone changed the record since.
    /// Left out, the record's current version is read first.
    #[arg(long = "record-version")]
    pub version: Option<i64>,
    /// When it happened (RFC 3339); left out, when the server receives it.
    #[arg(long)]
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Args)]
pub struct BookInArgs {
    /// The detainee's existing person id.
    #[arg(long, conflicts_with_all = ["new_person", "forenames"])]
    pub person: Option<String>,
    /// A new person as JSON (the person shape of the API), or @FILE.
    #[arg(long, conflicts_with = "forenames")]
    pub new_person: Option<String>,
    /// A new person's forenames (with --surname and, ideally, --dob).
    #[arg(long, requires = "surname")]
    pub forenames: Option<String>,
    #[arg(long, requires = "forenames")]
    pub surname: Option<String>,
    /// A new person's date of birth: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, requires = "forenames")]
    pub dob: Option<String>,
    /// A new person's sex.
    #[arg(long, requires = "forenames", value_parser = choice::api::<Sex>())]
    pub sex: Option<Sex>,
    /// Book the new person in although a close match exists (you checked them).
    #[arg(long)]
    pub confirm_no_match: bool,
    /// The custody suite: its code ("BX"), name ("Brixton") or id.
    #[arg(long)]
    pub suite: String,
    #[arg(long)]
    pub cell: String,
    /// Why the detainee shares the cell with someone already in it (an occupied cell is refused without one).
    #[arg(long)]
    pub share_reason: Option<String>,
    /// When arrested (RFC 3339).
    #[arg(long)]
    pub arrested_at: DateTime<Utc>,
    /// When the detention clock starts (PACE s.41; RFC 3339).
    #[arg(long)]
    pub relevant_time: DateTime<Utc>,
    /// When detention was authorised; left out, now.
    #[arg(long)]
    pub authorised_at: Option<DateTime<Utc>>,
    /// The reason for the arrest.
    #[arg(long)]
    pub reason: String,
    /// Repeat for each offence.
    #[arg(long = "offence", required = true)]
    pub offences: Vec<String>,
    #[arg(long)]
    pub indictable: bool,
    /// The arresting officer.
    #[arg(long)]
    pub officer: String,
    /// The custody officer suspects a vulnerable adult.
    #[arg(long)]
    pub vulnerable: bool,
    /// An appropriate adult already present: who.
    #[arg(long)]
    pub appropriate_adult: Option<String>,
    /// Makes a retried book-in return the first record instead of booking twice.
    #[arg(long)]
    pub idempotency_key: Option<String>,
}

pub async fn run(cmd: CustodyCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    if format == Format::Text {
        return Err(CliError::Usage("--format text is only for query custody-record".into()).into());
    }
    let event = match cmd {
        CustodyCommand::BookIn(a) => {
            let request = book_in_request(&a)?;
            client.book_in(&request, a.idempotency_key.as_deref()).await?
        }
        other => {
            let (on, action) = action(other)?;
            let version = match on.version {
                Some(v) => v,
                None => client.get_event(EventKind::Custody, &on.id, Some(VERSION_REASON)).await?.version,
            };
            client.custody_action(&on.id, version, &action).await?
        }
    };
    print(&client, &event, format).await
}

fn book_in_request(a: &BookInArgs) -> anyhow::Result<BookIn> {
    let new_person = match (&a.new_person, &a.forenames) {
        (Some(text), _) => {
            let text = match text.strip_prefix('@') {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| CliError::Usage(format!("--new-person: cannot read {path}: {e}")))?,
                None => text.clone(),
            };
            Some(from_json::<PersonDetails>(
                "--new-person",
                serde_json::from_str(&text).map_err(|e| CliError::Usage(format!("--new-person: not JSON: {e}")))?,
            )?)
        }
        (None, Some(forenames)) => {
            let mut person = json!({"names": [{"forenames": forenames, "surname": a.surname}]});
            if let Some(sex) = a.sex {
                person["sex"] = json!(sex);
            }
            if let Some(dob) = &a.dob {
                person["date_of_birth"] = json!(dob);
            }
            // Names and sex are checked: only the date can be wrong here.
            Some(from_json::<PersonDetails>("--dob", person)?)
        }
        (None, None) => None,
    };
    if a.person.is_none() && new_person.is_none() {
        return Err(CliError::Usage(
            "name the detainee: --person ID, or --forenames/--surname (or --new-person) once a search found nobody"
                .into(),
        )
        .into());
    }
    Ok(BookIn {
        person_id: a.person.clone(),
        new_person,
        confirm_no_match: a.confirm_no_match,
        suite_id: a.suite.clone(),
        cell: a.cell.clone(),
        share_reason: a.share_reason.clone(),
        arrested_at: a.arrested_at,
        relevant_time: a.relevant_time,
        detention_authorised_at: a.authorised_at,
        arrest_reason: a.reason.clone(),
        offences: a.offences.clone(),
        indictable: a.indictable,
        arresting_officer: a.officer.clone(),
        vulnerable: a.vulnerable,
        appropriate_adult: a.appropriate_adult.clone(),
    })
}

/// A flag's value read as the API's own type, or a usage error naming the flag.
fn from_json<T: DeserializeOwned>(flag: &str, value: Value) -> Result<T, CliError> {
    serde_json::from_value(value).map_err(|e| CliError::Usage(format!("{flag}: {e}")))
}

/// The record an action is on, and the action.
fn action(cmd: CustodyCommand) -> anyhow::Result<(On, CustodyAction)> {
    Ok(match cmd {
        CustodyCommand::BookIn(_) => return Err(CliError::Usage("book-in is not an action on a record".into()).into()),
        CustodyCommand::RiskAssessment { on, level, intoxicated, notes } => {
            let at = on.at;
            (on, CustodyAction::RiskAssessment { at, observation_level: level, intoxicated, notes })
        }
        CustodyCommand::Rights { on, rights } => {
            let at = on.at;
            (on, CustodyAction::RightsGiven { at, rights })
        }
        CustodyCommand::RightsDelayed { on, right, authorised_by, grounds } => {
            let at = on.at;
            (on, CustodyAction::RightsDelayed { at, right, authorised_by, grounds })
        }
        CustodyCommand::AppropriateAdult { on, name, relationship } => {
            let at = on.at;
            (on, CustodyAction::AppropriateAdult { at, name, relationship })
        }
        CustodyCommand::Visit { on, roused, notes } => {
            let at = on.at;
            (on, CustodyAction::Visit { at, roused, notes })
        }
        CustodyCommand::Review { on, outcome } => {
            let at = on.at;
            (on, CustodyAction::Review { at, outcome })
        }
        CustodyCommand::ReviewPostponed { on, reason } => {
            let at = on.at;
            (on, CustodyAction::ReviewPostponed { at, reason })
        }
        CustodyCommand::Extension { on, grounds, representations } => {
            let at = on.at;
            (on, CustodyAction::Extension { at, grounds, representations })
        }
        CustodyCommand::FurtherDetention { on, hours, court } => {
            let at = on.at;
            (on, CustodyAction::WarrantOfFurtherDetention { at, hours, court })
        }
        CustodyCommand::Interview { on, officer, notes } => {
            let at = on.at;
            (on, CustodyAction::Interview { at, officer, notes })
        }
        CustodyCommand::Solicitor { on, solicitor, notes } => {
            let at = on.at;
            (on, CustodyAction::Solicitor { at, solicitor, notes })
        }
        CustodyCommand::Meal { on, meal, notes } => {
            let at = on.at;
            (on, CustodyAction::Meal { at, meal, notes })
        }
        CustodyCommand::CellMove { on, cell, reason, share_reason } => {
            let at = on.at;
            (on, CustodyAction::CellMove { at, cell, reason, share_reason })
        }
        CustodyCommand::Transfer { on, suite, cell, reason, share_reason } => {
            let at = on.at;
            (on, CustodyAction::Transfer { at, suite_id: suite, cell, reason, share_reason })
        }
        CustodyCommand::Charge {
            on,
            offences,
            remanded,
            court,
            court_date,
            urn,
            crime,
            officer_in_case,
            decision,
            bail,
        } => {
            let at = on.at;
            let court_date = Some(court_date);
            (
                on,
                CustodyAction::Charge {
                    at,
                    offences,
                    remanded,
                    court,
                    court_date,
                    urn,
                    crime,
                    officer_in_case,
                    decision,
                    bail: bail.terms(),
                },
            )
        }
        CustodyCommand::Release { on, outcome, reason, bail_until, bail } => {
            let at = on.at;
            (on, CustodyAction::Release { at, outcome, reason, bail_until, bail: bail.terms() })
        }
    })
}

/// Code C's observation levels, 1 to 4, each with what it means.
fn observation_levels() -> Choice<u8> {
    let levels = [Observation::General, Observation::Intermittent, Observation::Constant, Observation::CloseProximity];
    Choice::new(levels.map(|o| (PossibleValue::new(o.level().to_string()).help(o.label()), o.level())))
}

/// Who may decide a charge: the police, or the CPS by either test.
fn charge_decisions() -> Choice<ChargingDecision> {
    choice::api::<ChargingDecision>()
        .except(|d| matches!(d, ChargingDecision::NoFurtherAction | ChargingDecision::Caution))
}

/// How a release ends a detention: every outcome but a charge's.
fn release_outcomes() -> Choice<CustodyOutcome> {
    choice::api::<CustodyOutcome>()
        .except(|o| matches!(o, CustodyOutcome::ChargedBailed | CustodyOutcome::ChargedRemanded))
}

/// Why the detainee's record is read to name them after an action.
const NAMING_REASON: &str = "naming the detainee on the custody record just updated from the command line";

/// The record after the action: its key fields, the suite and detainee by
/// name, and the entry just written (a table), or the whole record (JSON).
async fn print(client: &Client, event: &Event, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => output::print_json(event)?,
        Format::Jsonl => println!("{}", serde_json::to_string(event)?),
        Format::Csv | Format::Table | Format::Text => {
            let EventDetails::Custody(d) = &event.details else {
                return Err(CliError::NotFound(format!("'{}' is not a custody record", event.id)).into());
            };
            let last = d.entries.iter().max_by_key(|e| e.at);
            let named = custody_log::Named::look_up(client, event, d, NAMING_REASON).await?;
            let mut fields = vec![
                ("id", event.id.clone()),
                ("reference", event.reference.clone()),
                ("version", event.version.to_string()),
                ("status", words(&event.status)),
                ("detainee", named.detainee.unwrap_or_else(|| "(name not readable)".into())),
                ("suite / cell", format!("{} / {}", named.suite, d.cell)),
                ("observation", format!("level {}", d.observation_level)),
                (
                    "last entry",
                    last.map(|e| {
                        format!("{} {} by {}: {}", sentence(&words(&e.kind)), format_london(e.at), e.by, e.text)
                    })
                    .unwrap_or_default(),
                ),
            ];
            if let Some(case) = &d.case {
                fields.push(("case", case.reference.clone()));
            }
            if let Some(crime) = &d.crime {
                fields.push(("crime", crime.reference.clone()));
            }
            output::print_record_fields(format, &fields)?;
        }
    }
    Ok(())
}
