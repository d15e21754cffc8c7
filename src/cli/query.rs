//! `bluelamp query …`: read-only questions to the server, printed as a table,
//! JSON, JSON lines or CSV. Lists are fetched a page at a time and each page
//! is printed as it arrives.

use chrono::{DateTime, SecondsFormat, Utc};
use clap::{Args, Subcommand};
use serde_json::Value;

use super::choice;
use super::config::Settings;
use super::connect;
use super::custody_log;
use super::failure::CliError;
use super::output::{self, Format, Printer};
use super::rows;
use crate::client::{AuditQuery, Client, IncidentBoardQuery, ListQuery};
use crate::domain::boroughs::BOROUGHS;
use crate::domain::event::{Event, EventDetails, EventKind, WarrantKind, WarrantStatus};
use crate::domain::incident::{Grade, IncidentCategory};
use crate::domain::location::LocationKind;

/// Rows asked for per page: the server's largest.
const PAGE: usize = 1000;

#[derive(Debug, Subcommand)]
pub enum QueryCommand {
    /// Find people by name (and date of birth), ranked, with warning markers and flags.
    #[command(after_help = "Example:\n  bluelamp query subjects 'john smith' --dob 1985 --limit 5 --format json")]
    Subjects(SubjectsArgs),
    /// Everything linked to one person; the reason is recorded in the audit log.
    /// With --why: the imported records that make up the person and the evidence for each.
    #[command(
        after_help = "Example:\n  bluelamp query person 3f2a… --reason 'CAD 1234 welfare check'\n  bluelamp query person 3f2a… --why"
    )]
    Person(PersonArgs),
    /// Vehicles by number plate, whole or partial (? for one unknown character, * for any run);
    /// with --reason, each vehicle's profile: keepers and drivers, markers, linked records.
    #[command(after_help = "Example:\n  bluelamp query vehicle 'LB07 SEO' --reason 'ANPR hit, Brixton Road'\n  \
                      bluelamp query vehicle 'LB07?E*' --format json")]
    Vehicle(super::query_objects::VehicleArgs),
    /// Phones by number in any common form; with --reason, each phone's profile.
    #[command(after_help = "Example:\n  bluelamp query phone '+44 7700 900123' --reason 'CAD 1234 caller check'")]
    Phone(super::query_objects::PhoneArgs),
    /// One vehicle's or phone's profile by its id; the reason is recorded in the audit log.
    #[command(after_help = "Example:\n  bluelamp query object 7c1e… --reason 'ANPR hit, Brixton Road' --format csv")]
    Object(super::query_objects::ObjectArgs),
    /// One record by its collection and id, with the vehicles, phones and places linked to it and their parts.
    #[command(
        after_help = "Example:\n  bluelamp query event crimes 7c1e… --reason 'CAD 1234 attending' --format json"
    )]
    Event(super::query_event::EventArgs),
    /// One warrant as it is read: `query event warrants ID`.
    #[command(after_help = "Example:\n  bluelamp query warrant 5d1c… --reason 'enquiry at address' --format text")]
    Warrant(super::query_event::RecordArgs),
    /// One prosecution case as it is read: `query event cases ID`.
    #[command(after_help = "Example:\n  bluelamp query case 5d1c… --reason 'file review' --format text")]
    Case(super::query_event::RecordArgs),
    /// One crime as it is read: `query event crimes ID`.
    #[command(after_help = "Example:\n  bluelamp query crime 5d1c… --reason 'victim update' --format text")]
    Crime(super::query_event::RecordArgs),
    /// Open custody records with their PACE clock, reviews and visits.
    #[command(after_help = "Example:\n  bluelamp query custody --suite brixton --overdue --format csv")]
    Custody(CustodyArgs),
    /// One custody record with its full timed log (`--format text` for the printed record).
    #[command(after_help = "Example:\n  bluelamp query custody-record 7c1e… --format text")]
    CustodyRecord(CustodyRecordArgs),
    /// Warrants, streamed page by page.
    #[command(
        after_help = "Example:\n  bluelamp query warrants --status circulated --kind bench --borough Lambeth --format csv\n  \
                      bluelamp query warrants --sort oldest --limit 20"
    )]
    Warrants(WarrantArgs),
    /// Prosecution case files.
    #[command(after_help = "Example:\n  bluelamp query cases --officer 'DC Shah' --hearing-before 2026-12-01")]
    Cases(super::query_cases::CaseArgs),
    /// Incidents: the open ones most urgent first (--open), or every incident newest first.
    #[command(after_help = "Example:\n  bluelamp query incidents --open --grade I --format table")]
    Incidents(IncidentArgs),
    /// Crimes in a queue of the crime desk, each with its class, officer, age and what is due.
    #[command(after_help = "Example:\n  bluelamp query crimes --queue awaiting_classification --format table")]
    Crimes(super::query_crimes::CrimeArgs),
    /// Intelligence in a queue of the intelligence desk, or found by the words of its text, each report as your
    /// role may read it.
    #[command(after_help = "Example:\n  bluelamp query intelligence --queue evaluation --format table\n  \
                            bluelamp query intelligence --text blue golf brixton --limit 20")]
    Intelligence(super::query_intel::IntelArgs),
    /// Safeguarding reports in a queue of the desk, each with its category, risk, status, age and what is due.
    #[command(after_help = "Example:\n  bluelamp query safeguarding --queue sign_off_overdue --format table")]
    Safeguarding(super::query_safeguarding::SafeguardingArgs),
    /// ASB cases, open unless asked otherwise, each with its incidents, review trigger and flagged victims.
    #[command(after_help = "Example:\n  bluelamp query asb --trigger-met --borough lambeth --format table")]
    Asb(super::query_asb::AsbArgs),
    /// Places by postcode or address words, ranked, typos forgiven, with their warnings and why each matched.
    #[command(after_help = "Example:\n  bluelamp query location '12 acacia ave sw2' --format table")]
    Location(super::query_places::LocationArgs),
    /// One place: its warnings, the people linked to it and the records there, newest first.
    #[command(after_help = "Example:\n  bluelamp query place 5d1c… --reason 'CAD 1234 attending'")]
    Place(super::query_places::PlaceArgs),
    /// What came from where: every imported row with its person and match score.
    #[command(
        after_help = "Example:\n  bluelamp query sources --source crime --format csv > crime-reconciliation.csv"
    )]
    Sources(SourcesArgs),
    /// The audit log (admins only): who did what to which record, when and why.
    #[command(
        after_help = "Example:\n  bluelamp query audit --user pc.adams --since 2026-11-01T00:00:00Z --format jsonl\n  \
                      bluelamp query audit --person 3f2a… --format csv"
    )]
    Audit(AuditArgs),
}

#[derive(Debug, Args)]
pub struct SubjectsArgs {
    /// Name as typed: forenames and surname, in any order.
    pub text: String,
    /// Date of birth: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    pub dob: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    pub id: String,
    /// Why the record is consulted (Data Protection Act 2018 s.62).
    #[arg(long, required_unless_present = "why")]
    pub reason: Option<String>,
    /// Why the person's records belong together: each imported record and its evidence.
    #[arg(long)]
    pub why: bool,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Only the rows of this legacy source.
    #[arg(long)]
    pub source: Option<String>,
}

#[derive(Debug, Args)]
pub struct CustodyArgs {
    /// A custody suite: its code ("BX"), name ("Brixton") or id.
    #[arg(long)]
    pub suite: Option<String>,
    /// Only records with something overdue.
    #[arg(long)]
    pub overdue: bool,
}

#[derive(Debug, Args)]
pub struct CustodyRecordArgs {
    pub id: String,
    /// Why the record is consulted.
    #[arg(long, default_value = "custody record consulted from the command line")]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct WarrantArgs {
    #[arg(long, value_parser = choice::api_name::<WarrantStatus>())]
    pub status: Option<String>,
    /// The outstanding warrants in the queue's order instead: by priority,
    /// oldest or newest issued first, or by the wanted person's surname.
    #[arg(long, value_enum, conflicts_with = "status")]
    pub sort: Option<super::query_warrant_queue::SortKey>,
    #[arg(long, value_parser = choice::api_name::<WarrantKind>())]
    pub kind: Option<String>,
    /// A London borough, in any case.
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    /// Stop after this many rows.
    #[arg(long)]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct IncidentArgs {
    /// Only open incidents, most urgent first, with the people named on them.
    #[arg(long)]
    pub open: bool,
    #[arg(long, value_parser = choice::api::<Grade>())]
    pub grade: Option<Grade>,
    /// A London borough, in any case.
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    #[arg(long, value_parser = choice::api::<IncidentCategory>())]
    pub category: Option<IncidentCategory>,
    /// Only open incidents with no resource assigned, en route or at the scene.
    #[arg(long, requires = "open")]
    pub unresourced: bool,
    /// Stop after this many rows.
    #[arg(long)]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[arg(long)]
    pub user: Option<String>,
    /// A record id: who consulted or changed that record.
    #[arg(long)]
    pub record: Option<String>,
    /// A person id: who looked at the person or at any record naming them.
    #[arg(long)]
    pub person: Option<String>,
    /// RFC 3339, such as 2026-11-01T00:00:00Z.
    #[arg(long)]
    pub since: Option<DateTime<Utc>>,
    #[arg(long, default_value_t = 1000)]
    pub limit: usize,
}

pub async fn run(cmd: QueryCommand, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let format = settings.format();
    let one_record = matches!(
        cmd,
        QueryCommand::CustodyRecord(_)
            | QueryCommand::Event(_)
            | QueryCommand::Warrant(_)
            | QueryCommand::Case(_)
            | QueryCommand::Crime(_)
    );
    if format == Format::Text && !one_record {
        return Err(CliError::Usage(
            "--format text is for one record: custody-record, event, warrant, case or crime".into(),
        )
        .into());
    }
    match cmd {
        QueryCommand::Subjects(a) => subjects(&client, a, format).await,
        QueryCommand::Person(a) => person(&client, a, format).await,
        QueryCommand::Vehicle(a) => super::query_objects::vehicle(&client, a, format).await,
        QueryCommand::Phone(a) => super::query_objects::phone(&client, a, format).await,
        QueryCommand::Object(a) => super::query_objects::object(&client, a, format).await,
        QueryCommand::Event(a) => super::query_event::event(&client, a, format).await,
        QueryCommand::Warrant(a) => super::query_event::show(&client, EventKind::Warrant, a, format).await,
        QueryCommand::Case(a) => super::query_event::show(&client, EventKind::Case, a, format).await,
        QueryCommand::Crime(a) => super::query_event::show(&client, EventKind::Crime, a, format).await,
        QueryCommand::Custody(a) => custody(&client, a, format).await,
        QueryCommand::CustodyRecord(a) => custody_record(&client, a, format).await,
        QueryCommand::Warrants(a) => warrants(&client, a, format).await,
        QueryCommand::Cases(a) => super::query_cases::cases(&client, a, format).await,
        QueryCommand::Incidents(a) => incidents(&client, a, format).await,
        QueryCommand::Crimes(a) => super::query_crimes::crimes(&client, a, format).await,
        QueryCommand::Intelligence(a) => super::query_intel::intelligence(&client, a, format).await,
        QueryCommand::Safeguarding(a) => super::query_safeguarding::safeguarding(&client, a, format).await,
        QueryCommand::Asb(a) => super::query_asb::asb(&client, a, format).await,
        QueryCommand::Location(a) => super::query_places::location(&client, a, format).await,
        QueryCommand::Place(a) => super::query_places::place(&client, a, format).await,
        QueryCommand::Sources(a) => sources(&client, a, format).await,
        QueryCommand::Audit(a) => audit(&client, a, format).await,
    }
}

async fn subjects(client: &Client, a: SubjectsArgs, format: Format) -> anyhow::Result<()> {
    let reply = client.search_subjects(&a.text, a.dob.as_deref(), a.limit).await?;
    let mut printer = Printer::new(format, rows::SUBJECT_COLUMNS)?;
    for hit in &reply.hits {
        printer.row(rows::subject(hit))?;
    }
    printer.finish()?;
    Ok(())
}

async fn person(client: &Client, a: PersonArgs, format: Format) -> anyhow::Result<()> {
    if a.why {
        return why(client, a, format).await;
    }
    let reason = a.reason.unwrap_or_default();
    let profile = client.profile(&a.id, &reason).await?;
    match format {
        Format::Json => output::print_json(&profile)?,
        Format::Jsonl => println!("{}", serde_json::to_string(&profile)?),
        Format::Csv => {
            let mut printer = Printer::new(format, rows::TIMELINE_COLUMNS)?;
            for entry in &profile.timeline {
                printer.row(rows::timeline(entry))?;
            }
            printer.finish()?;
        }
        Format::Table | Format::Text => {
            let p = &profile.person;
            let flags = profile.flags.labels();
            let mut fields = vec![
                ("id", p.id.clone()),
                ("name", p.display_name()),
                ("flags", if flags.is_empty() { "none".into() } else { flags.join(", ") }),
                ("linked", linked(&profile)),
            ];
            for bail in &profile.bail_conditions {
                fields.push(("bail conditions", bail.clone()));
            }
            output::print_fields(&fields)?;
            println!();
            super::person_linked::print(&profile)?;
            let mut printer = Printer::new(Format::Table, rows::TIMELINE_COLUMNS)?;
            for entry in &profile.timeline {
                printer.row(rows::timeline(entry))?;
            }
            printer.finish()?;
        }
    }
    Ok(())
}

/// How many records and associates a profile links, and how many records
/// are withheld when the caller may be told.
fn linked(profile: &crate::api::Profile) -> String {
    let mut text = format!(
        "{} records, {} associates, {} places, vehicles and phones",
        profile.timeline.len(),
        profile.associates.len(),
        super::person_linked::rows(profile).len()
    );
    if profile.restricted > 0 {
        text.push_str(&format!(", {} restricted records withheld", profile.restricted));
    }
    text
}

/// Calls `each` for every event of the list, a page at a time, until it
/// returns `false` or the list ends. The next page is fetched while this one
/// is printed, so at most two pages are held at once.
pub(super) async fn each_event(
    client: &Client,
    kind: EventKind,
    mut filter: ListQuery,
    mut each: impl FnMut(Event, &rows::Names) -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    filter.limit = Some(PAGE);
    let fetch = |filter: ListQuery| {
        let client = client.clone();
        tokio::spawn(async move { client.list_events(kind, &filter).await })
    };
    let mut pending = Some(fetch(filter.clone()));
    while let Some(request) = pending.take() {
        let page = request.await??;
        if let Some(next) = page.next {
            pending = Some(fetch(ListQuery { after: Some(next), ..filter.clone() }));
        }
        let names = rows::Names { names: page.names, flags: page.flags, held_at: page.held_at };
        for event in page.items {
            if !each(event, &names)? {
                if let Some(request) = pending {
                    request.abort();
                }
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Prints rows until `limit`, if any.
pub(super) fn limited(
    printer: &mut Printer,
    limit: Option<usize>,
    printed: &mut usize,
    row: Vec<Value>,
) -> anyhow::Result<bool> {
    printer.row(row)?;
    *printed += 1;
    Ok(limit.is_none_or(|l| *printed < l))
}

async fn warrants(client: &Client, a: WarrantArgs, format: Format) -> anyhow::Result<()> {
    if let Some(sort) = a.sort {
        return super::query_warrant_queue::queue(client, sort, a.kind, a.borough, a.limit, format).await;
    }
    let filter = ListQuery { status: a.status, kind: a.kind, borough: a.borough, ..ListQuery::default() };
    let mut printer = Printer::new(format, rows::WARRANT_COLUMNS)?.naming(rows::WARRANT_NAMES);
    if a.limit == Some(0) {
        printer.finish()?;
        return Ok(());
    }
    let mut printed = 0;
    each_event(client, EventKind::Warrant, filter, |event, names| match rows::warrant(&event, names) {
        Some(row) => limited(&mut printer, a.limit, &mut printed, row),
        None => Ok(true),
    })
    .await?;
    printer.finish()?;
    Ok(())
}

async fn custody(client: &Client, a: CustodyArgs, format: Format) -> anyhow::Result<()> {
    let filter = ListQuery { suite: a.suite, open: Some(true), ..ListQuery::default() };
    let now = Utc::now();
    // The board's order (soonest due first) needs every open record; a
    // suite's open detentions are few.
    let suites = client.locations(Some(LocationKind::CustodySuite)).await?;
    let mut board = Vec::new();
    each_event(client, EventKind::Custody, filter, |event, names| {
        if let EventDetails::Custody(d) = &event.details {
            let key = crate::domain::pace::status_at(d, now).sort_key();
            let suite = custody_log::suite_label(&suites, &d.suite_id);
            if let Some((row, overdue)) = rows::custody(&event, names, &suite, now) {
                if overdue || !a.overdue {
                    board.push((key, row));
                }
            }
        }
        Ok(true)
    })
    .await?;
    board.sort_by_key(|(key, _)| *key);
    let mut printer = Printer::new(format, rows::CUSTODY_COLUMNS)?.naming(rows::CUSTODY_NAMES);
    for (_, row) in board {
        printer.row(row)?;
    }
    printer.finish()?;
    Ok(())
}

async fn incidents(client: &Client, a: IncidentArgs, format: Format) -> anyhow::Result<()> {
    let now = Utc::now();
    let mut printer = Printer::new(format, rows::INCIDENT_COLUMNS)?;
    let mut printed = 0;
    if a.limit == Some(0) {
        printer.finish()?;
        return Ok(());
    }
    if a.open {
        let query = IncidentBoardQuery {
            grade: a.grade,
            borough: a.borough,
            category: a.category,
            unresourced: a.unresourced.then_some(true),
            ..IncidentBoardQuery::default()
        };
        for row in client.incident_board(&query).await?.rows {
            if let Some(values) = rows::incident(&row.event, Some(&row.people), &rows::Names::new(), now) {
                if !limited(&mut printer, a.limit, &mut printed, values)? {
                    break;
                }
            }
        }
        printer.finish()?;
        return Ok(());
    }
    let filter = ListQuery { borough: a.borough, kind: a.category.map(|c| c.to_string()), ..ListQuery::default() };
    each_event(client, EventKind::Incident, filter, |event, names| {
        let graded = |g: Grade| matches!(&event.details, EventDetails::Incident(d) if d.grade() == g);
        if a.grade.is_some_and(|g| !graded(g)) {
            return Ok(true);
        }
        match rows::incident(&event, None, names, now) {
            Some(values) => limited(&mut printer, a.limit, &mut printed, values),
            None => Ok(true),
        }
    })
    .await?;
    printer.finish()?;
    Ok(())
}

async fn custody_record(client: &Client, a: CustodyRecordArgs, format: Format) -> anyhow::Result<()> {
    let event = client.get_event(EventKind::Custody, &a.id, Some(&a.reason)).await?;
    let EventDetails::Custody(d) = &event.details else {
        return Err(CliError::NotFound(format!("'{}' is not a custody record", a.id)).into());
    };
    let status = crate::domain::pace::status_at(d, Utc::now());
    match format {
        Format::Text => {
            let named = custody_log::Named::look_up(client, &event, d, &a.reason).await?;
            print!("{}", custody_log::render(&event, d, &status, &named));
        }
        Format::Json => output::print_json(&serde_json::json!({"record": event, "pace": status}))?,
        Format::Jsonl => println!("{}", serde_json::json!({"record": event, "pace": status})),
        Format::Csv | Format::Table => {
            let mut printer = Printer::new(format, rows::CUSTODY_ENTRY_COLUMNS)?;
            for e in &d.entries {
                printer.row(vec![
                    rows::time(e.at),
                    e.by.clone().into(),
                    e.kind.clone().into(),
                    e.text.clone().into(),
                ])?;
            }
            if format == Format::Table {
                let named = custody_log::Named::look_up(client, &event, d, &a.reason).await?;
                output::print_fields(&[
                    ("record", event.reference.clone()),
                    ("status", event.status.clone()),
                    ("detainee", named.detainee.clone().unwrap_or_else(|| "-".into())),
                    ("suite / cell", format!("{} / {}", named.suite, d.cell)),
                ])?;
                println!();
            }
            printer.finish()?;
        }
    }
    Ok(())
}

async fn audit(client: &Client, a: AuditArgs, format: Format) -> anyhow::Result<()> {
    let since = a.since.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    let filter = AuditQuery { user: a.user, record: a.record, person: a.person, since, limit: Some(a.limit) };
    let page = client.audit(&filter).await?;
    let mut printer = Printer::new(format, rows::AUDIT_COLUMNS)?;
    for entry in &page.items {
        printer.row(rows::audit(entry))?;
    }
    printer.finish()?;
    Ok(())
}

async fn why(client: &Client, a: PersonArgs, format: Format) -> anyhow::Result<()> {
    let reason = a.reason.unwrap_or_else(|| "linkage evidence consulted from the command line".into());
    let reply = client.why(&a.id, &reason).await?;
    let name = async {
        match client.profile(&a.id, &reason).await {
            Ok(p) => p.person.display_name(),
            Err(_) => String::new(),
        }
    };
    super::why::print(&reply, format, name).await
}

async fn sources(client: &Client, a: SourcesArgs, format: Format) -> anyhow::Result<()> {
    let mut printer = Printer::new(format, rows::SOURCE_COLUMNS)?;
    let mut after: Option<String> = None;
    loop {
        let page = client.sources(a.source.as_deref(), after.as_deref(), PAGE * 10).await?;
        for r in &page.items {
            printer.row(rows::source(r, page.flags.get(&r.person_id).copied().unwrap_or_default()))?;
        }
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    printer.finish()?;
    Ok(())
}
