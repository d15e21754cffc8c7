//! The real `bluelamp` binary against a real server: every query in every
//! format, the admin commands, login, config, exit codes, JSON shapes as
//! documented in docs/cli.md, and a backup taken while writes are running.

use crate::common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use bluelamp::domain::role::Role;
use bluelamp::server::{self, AppState, ServerConfig};
use bluelamp::store::{Actor, DatabaseUrl, Store};
use chrono::{Duration, SecondsFormat, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

pub(crate) struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Debug for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

/// A place to run the binary from: its own config dir and environment.
pub(crate) struct Cli {
    config: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Cli {
    fn new() -> Cli {
        Cli { config: tempfile::tempdir().unwrap(), env: Vec::new() }
    }

    pub(crate) fn for_server(s: &TestServer, token: &str) -> Cli {
        let mut cli = Cli::new();
        cli.env.push(("BLUELAMP_SERVER".into(), s.root()));
        cli.env.push(("BLUELAMP_TOKEN".into(), token.into()));
        cli
    }

    pub(crate) fn run(&self, args: &[&str]) -> Out {
        self.run_with_stdin(args, None)
    }

    fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Out {
        tokio::task::block_in_place(|| {
            let mut command = Command::new(env!("CARGO_BIN_EXE_bluelamp"));
            command.args(args);
            for (k, _) in std::env::vars() {
                if k.starts_with("BLUELAMP_") || k == "NO_COLOR" {
                    command.env_remove(k);
                }
            }
            command.env("BLUELAMP_CONFIG_DIR", self.config.path()).env("RUST_LOG", "error");
            for (k, v) in &self.env {
                command.env(k, v);
            }
            command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
            let mut child = command.spawn().expect("run bluelamp");
            let mut input = child.stdin.take().unwrap();
            if let Some(text) = stdin {
                input.write_all(text.as_bytes()).unwrap();
            }
            drop(input);
            let output = child.wait_with_output().unwrap();
            Out {
                code: output.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            }
        })
    }

    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.code, 0, "bluelamp {args:?}: {out:?}");
        out.stdout
    }

    pub(crate) fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let text = self.ok(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?} is not JSON ({e}): {text}"))
    }
}

fn db_arg(s: &TestServer) -> String {
    s.db.url.as_driver_url().to_string()
}

fn rfc3339(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The keys docs/cli.md lists, in order, for the rows of `command`.
fn documented_keys(command: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/cli.md")).unwrap();
    let start =
        doc.find(&format!("\n`{command}`\n")).unwrap_or_else(|| panic!("docs/cli.md has no `{command}` section"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('|').nth(1).unwrap().trim().trim_matches('`').to_string())
        .collect()
}

/// Checks a query's CSV header and JSON lines against the documented keys, in order.
pub(crate) fn check_documented_shape(cli: &Cli, command: &str, args: &[&str]) {
    let keys = documented_keys(command);
    assert!(!keys.is_empty());
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let csv = cli.ok(&csv_args);
    assert_eq!(csv.lines().next().unwrap(), keys.join(","), "{command}: CSV header");
    let mut jsonl_args = args.to_vec();
    jsonl_args.extend(["--format", "jsonl"]);
    let jsonl = cli.ok(&jsonl_args);
    assert!(jsonl.lines().count() > 0, "{command}: no rows to check");
    for line in jsonl.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let mut found: Vec<String> = row.as_object().unwrap().keys().cloned().collect();
        let mut expected = keys.clone();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{command}: JSON keys");
        let positions: Vec<usize> = keys.iter().map(|k| line.find(&format!("\"{k}\":")).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{command}: key order in {line}");
    }
}

fn warrant_json(person: &str, kind: &str, status: &str, borough: &str) -> Value {
    json!({
        "occurred_at": "2026-11-01T10:00:00Z",
        "borough": borough,
        "summary": "Failed to appear",
        "people": [{"person_id": person, "role": "wanted_person"}],
        "details": {"kind": "warrant", "warrant_kind": kind, "status": status,
                    "issuing_court": "Highbury Corner Magistrates' Court", "issued_on": "2026-11-01",
                    "offence": "Burglary"}
    })
}

fn custody_json(person: &str, suite: &str, hours_ago: i64) -> Value {
    let t = rfc3339(Utc::now() - Duration::hours(hours_ago));
    json!({
        "occurred_at": t,
        "summary": "Arrested for burglary",
        "people": [{"person_id": person, "role": "detainee"}],
        "details": {"kind": "custody", "suite_id": suite, "cell": "C4", "arrested_at": t, "relevant_time": t,
                    "detention_authorised_at": t, "arrest_reason": "Caught in the act", "offences": ["Burglary"],
                    "arresting_officer": "PC 123 Adams", "observation_level": 1, "status": "open",
                    "entries": [{"at": t, "by": "PS Jones", "kind": "note", "text": "Booked in, rights given"}]}
    })
}

fn case_json(person: &str, urn: &str, officer: &str, hearing_days: i64) -> Value {
    json!({
        "reference": urn,
        "occurred_at": "2026-11-01T10:00:00Z",
        "summary": "Assault",
        "people": [{"person_id": person, "role": "defendant"}],
        "details": {"kind": "case", "charges": [{"offence": "Common assault", "date": "2026-11-01"}],
                    "stage": "first_hearing_not_guilty", "status": "first_hearing_listed", "officer_in_case": officer,
                    "hearings": [{"court": "Camberwell Green", "date": rfc3339(Utc::now() + Duration::days(hearing_days)),
                                  "hearing_type": "first_hearing"}]}
    })
}

struct Fixture {
    person: String,
    overdue_custody: String,
}

async fn fixture(s: &TestServer) -> Fixture {
    let writer = s.login_as("writer", &[Role::Investigator, Role::ControlRoom, Role::CustodySergeant]).await;
    let person = s.person(&writer, "Darren", "Cole", "1990-04-01").await;
    let other = s.person(&writer, "Maria", "Lopez", "1985-02-11").await;
    // Records in every state, loaded as an import would bring them.
    let mut records = Vec::new();
    for (p, kind, status, borough) in [
        (&person, "bench", "circulated", "Lambeth"),
        (&other, "breach", "received", "Camden"),
        (&other, "bench", "executed", "Lambeth"),
    ] {
        records.push(warrant_json(p, kind, status, borough));
    }
    records.push(custody_json(&person, "suite-brixton", 30));
    records.push(custody_json(&other, "suite-camden", 0));
    s.add_brixton_suite().await;
    s.add_suite("suite-camden", "Camden Custody Suite", None).await;
    for (urn, officer, days) in [("01YE1234526", "DC Shah", 3), ("01YE7654326", "DC Okafor", 40)] {
        records.push(case_json(&person, urn, officer, days));
    }
    let ids = common::load_records(s, &records).await;
    let overdue_custody = ids[3].clone();
    s.settle().await;
    Fixture { person, overdue_custody }
}

async fn queries_in_every_format(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let f = fixture(&s).await;
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let cli = Cli::for_server(&s, &token);

    // Warrants: JSON is an array of objects of exactly the documented shape.
    let rows = cli.json(&["query", "warrants"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for row in rows {
        let keys: Vec<String> = row.as_object().unwrap().keys().cloned().collect();
        let mut expected = documented_keys("query warrants");
        expected.sort();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        assert_eq!(keys_sorted, expected);
        assert!(row["attempts"].is_u64());
        chrono::DateTime::parse_from_rfc3339(row["updated_at"].as_str().unwrap()).unwrap();
    }
    let wanted = cli.json(&["query", "warrants", "--status", "circulated", "--kind", "bench", "--borough", "lambeth"]);
    assert_eq!(wanted.as_array().unwrap().len(), 1);
    assert_eq!(wanted[0]["person_id"], f.person.as_str());
    assert_eq!(wanted[0]["warrant_kind"], "bench");
    assert_eq!(wanted[0]["borough"], "Lambeth");

    // CSV has a header row; JSON lines has one object per line; table has a header.
    let csv = cli.ok(&["query", "warrants", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert_eq!(lines[0], documented_keys("query warrants").join(","));
    let jsonl = cli.ok(&["query", "warrants", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 3);
    for line in jsonl.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        assert!(row["reference"].as_str().unwrap().starts_with("WT"));
    }
    let table = cli.ok(&["query", "warrants", "--format", "table", "--kind", "breach"]);
    assert!(table.starts_with("ID "), "{table}");
    assert!(table.contains("Camden"), "{table}");
    // People by name in JSON beside their id, and only by name in a table.
    assert_eq!(wanted[0]["wanted_person"], "Darren Cole");
    assert!(table.contains("WANTED_PERSON") && table.contains("Maria Lopez"), "{table}");
    assert!(!table.contains("PERSON_ID") && !table.contains(&f.person), "{table}");
    // Piped output without --format is JSON.
    let piped: Value = serde_json::from_str(&cli.ok(&["query", "warrants", "--limit", "1"])).unwrap();
    assert_eq!(piped.as_array().unwrap().len(), 1);

    // Every list's shape is the one docs/cli.md documents.
    check_documented_shape(&cli, "query warrants", &["query", "warrants"]);
    check_documented_shape(&cli, "query cases", &["query", "cases"]);
    check_documented_shape(&cli, "query custody", &["query", "custody"]);
    check_documented_shape(&cli, "query subjects", &["query", "subjects", "darren cole"]);

    // Subjects.
    let hits = cli.json(&["query", "subjects", "darren cole", "--dob", "1990"]);
    assert_eq!(hits[0]["person_id"], f.person.as_str());
    assert_eq!(hits[0]["flags"], json!(["wanted", "in_custody"]));
    assert!(cli.ok(&["query", "subjects", "cole", "--format", "csv"]).starts_with("person_id,name,"));
    assert_eq!(cli.ok(&["query", "subjects", "maria lopez", "--format", "jsonl"]).lines().count(), 1);

    // A person: the profile as JSON, its timeline as CSV, a summary as a table.
    let reason = ["--reason", "CAD 1234 welfare check"];
    let profile = cli.json(&["query", "person", &f.person, reason[0], reason[1]]);
    assert_eq!(profile["person"]["id"], f.person.as_str());
    assert_eq!(profile["flags"]["wanted"], true);
    let timeline = cli.ok(&["query", "person", &f.person, reason[0], reason[1], "--format", "csv"]);
    assert!(timeline.starts_with("id,kind,occurred_at,role,withheld,reference,status,summary\n"));
    assert_eq!(timeline.lines().count(), 1 + 4, "{timeline}");
    let table = cli.ok(&["query", "person", &f.person, reason[0], reason[1], "--format", "table"]);
    assert!(table.contains("⚑ WANTED, ▣ IN CUSTODY"), "{table}");

    // Custody: the board with the PACE clock, and only the overdue.
    let board = cli.json(&["query", "custody"]);
    assert_eq!(board.as_array().unwrap().len(), 2);
    assert_eq!(board[0]["id"], f.overdue_custody.as_str(), "soonest due first");
    assert_eq!(board[0]["worst"], "overdue");
    assert!(board[0]["remaining_seconds"].as_i64().unwrap() < 0);
    assert!(board[0]["alerts"].as_array().unwrap().iter().any(|a| a == "CLOCK EXPIRED"));
    let overdue = cli.json(&["query", "custody", "--overdue"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    let camden = cli.json(&["query", "custody", "--suite", "suite-camden"]);
    assert_eq!(camden[0]["suite_id"], "suite-camden");
    assert_eq!(
        (camden[0]["suite"].as_str(), camden[0]["detainee"].as_str()),
        (Some("Camden Custody Suite"), Some("Maria Lopez"))
    );
    let table = cli.ok(&["query", "custody", "--format", "table"]);
    assert!(
        table.contains("DETAINEE") && table.contains("Darren Cole") && table.contains("Camden Custody Suite"),
        "{table}"
    );
    assert!(!table.contains("SUITE_ID") && !table.contains("PERSON_ID") && !table.contains("suite-camden"), "{table}");
    assert_eq!(cli.ok(&["query", "custody", "--format", "csv"]).lines().count(), 3);
    assert_eq!(cli.ok(&["query", "custody", "--format", "jsonl"]).lines().count(), 2);

    // One custody record: the printed log in London time, and its JSON.
    let text = cli.ok(&["query", "custody-record", &f.overdue_custody, "--format", "text"]);
    assert!(text.contains("Custody log (1 entry, oldest first)"), "{text}");
    assert!(text.contains("Booked in, rights given"));
    assert!(text.contains(" GMT") || text.contains(" BST"), "{text}");
    assert!(text.contains("CLOCK EXPIRED"), "{text}");
    // Named, not given by id.
    assert!(text.contains("Suite           Brixton Custody Suite, cell C4"), "{text}");
    assert!(text.contains("Detainee        Darren Cole"), "{text}");
    // Codes in the words of the wording table, the status said once.
    assert!(text.contains("Status          Open") && text.matches("Status").count() == 1, "{text}");
    assert!(!text.contains("suite-brixton") && !text.contains(&f.person), "{text}");
    let record = cli.json(&["query", "custody-record", &f.overdue_custody]);
    assert_eq!(record["record"]["id"], f.overdue_custody.as_str());
    assert!(record["pace"]["alerts"].as_array().unwrap().iter().any(|a| a["kind"] == "clock_expired"));
    let entries = cli.ok(&["query", "custody-record", &f.overdue_custody, "--format", "csv"]);
    assert!(entries.starts_with("at,by,kind,text\n"));
    assert!(cli.ok(&["query", "custody-record", &f.overdue_custody, "--format", "table"]).contains("PS Jones"));

    // Cases, with the next hearing and the hearing filter.
    let cases = cli.json(&["query", "cases"]);
    assert_eq!(cases.as_array().unwrap().len(), 2);
    let soon = (Utc::now() + Duration::days(10)).date_naive().to_string();
    let before = cli.json(&["query", "cases", "--hearing-before", &soon]);
    assert_eq!(before.as_array().unwrap().len(), 1);
    assert_eq!(before[0]["urn"], "01YE1234526");
    assert_eq!(before[0]["charges"], json!(["Common assault"]));
    let by_officer = cli.json(&["query", "cases", "--officer", "DC Okafor"]);
    assert_eq!(by_officer[0]["officer_in_case"], "DC Okafor");
    assert_eq!(cli.ok(&["query", "cases", "--format", "csv"]).lines().count(), 3);
    assert_eq!(cli.ok(&["query", "cases", "--format", "jsonl"]).lines().count(), 2);
    let table = cli.ok(&["query", "cases", "--format", "table"]);
    assert!(table.contains("01YE7654326") && table.contains("DEFENDANT") && table.contains("Darren Cole"), "{table}");
    assert!(!table.contains(&f.person), "{table}");
    assert_eq!(cases[0]["defendant"], "Darren Cole");

    // The audit log, for admins: the consultations above are on it.
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let admin_cli = Cli::for_server(&s, &admin);

    // Every query in every format: it succeeds and the output is well formed.
    let queries: Vec<(&Cli, Vec<&str>)> = vec![
        (&cli, vec!["query", "subjects", "darren cole"]),
        (&cli, vec!["query", "person", &f.person, "--reason", "CLI output check"]),
        (&cli, vec!["query", "custody"]),
        (&cli, vec!["query", "custody-record", &f.overdue_custody]),
        (&cli, vec!["query", "warrants"]),
        (&cli, vec!["query", "cases"]),
        (&admin_cli, vec!["query", "audit"]),
        (&admin_cli, vec!["query", "audit", "--person", &f.person]),
    ];
    for (runner, args) in &queries {
        for format in ["table", "json", "jsonl", "csv"] {
            let mut all = args.clone();
            all.extend(["--format", format]);
            let out = runner.ok(&all);
            assert!(!out.trim().is_empty(), "{all:?} printed nothing");
            match format {
                "json" => {
                    serde_json::from_str::<Value>(&out).unwrap_or_else(|e| panic!("{all:?}: {e}"));
                }
                "jsonl" => {
                    for line in out.lines() {
                        serde_json::from_str::<Value>(line).unwrap_or_else(|e| panic!("{all:?}: {e}: {line}"));
                    }
                }
                "csv" => assert!(out.lines().next().unwrap().contains(','), "{all:?}: {out}"),
                _ => assert!(out.contains("  ") && out.chars().any(char::is_uppercase), "{all:?}: {out}"),
            }
        }
    }
    check_documented_shape(&admin_cli, "query audit", &["query", "audit"]);
    let audit = admin_cli.json(&["query", "audit", "--user", "pc.adams"]);
    assert!(audit.as_array().unwrap().iter().any(|e| e["reason"] == "CAD 1234 welfare check"));
    // Who looked at this person, when and why.
    let audit = admin_cli.json(&["query", "audit", "--person", &f.person]);
    assert!(audit.as_array().unwrap().iter().any(|e| e["username"] == "pc.adams"
        && e["record_kind"] == "person"
        && e["reason"] == "CAD 1234 welfare check"));
    assert!(admin_cli.ok(&["query", "audit", "--format", "csv"]).starts_with("seq,at,username,action,"));
    let since = rfc3339(Utc::now() - Duration::hours(1));
    let lines = admin_cli.ok(&["query", "audit", "--since", &since, "--record", &f.person, "--format", "jsonl"]);
    assert!(lines.lines().count() >= 1);
    assert!(admin_cli.ok(&["query", "audit", "--format", "table", "--limit", "5"]).starts_with("SEQ"));

    // Subject access export: everything, unredacted, and logged as a disclosure.
    let export = admin_cli.ok(&["admin", "export-person", &f.person, "--reason", "SAR 2026/0142"]);
    let export: Value = serde_json::from_str(&export).unwrap();
    assert_eq!(export["person"]["id"], f.person.as_str());
    assert_eq!(export["timeline"].as_array().unwrap().len(), 4);
    let audit = admin_cli.json(&["query", "audit", "--record", &f.person]);
    assert!(audit.as_array().unwrap().iter().any(|e| e["action"] == "disclosure" && e["reason"] == "SAR 2026/0142"));
}

async fn exit_codes(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let cli = Cli::for_server(&s, &token);

    // 3: not found.
    let out = cli.run(&["query", "person", "no-such-person", "--reason", "record check"]);
    assert_eq!(out.code, 3, "{out:?}");
    assert_eq!(out.stderr.lines().count(), 1, "one line: {out:?}");
    assert!(out.stderr.starts_with("error: "), "{out:?}");
    assert_eq!(cli.run(&["query", "custody-record", "nope"]).code, 3);
    // As JSON with --format json.
    let out = cli.run(&["query", "person", "no-such-person", "--reason", "record check", "--format", "json"]);
    assert_eq!(out.code, 3);
    let error: Value = serde_json::from_str(out.stderr.trim()).unwrap();
    assert_eq!(error["error"]["code"], "not_found");
    assert_eq!(error["error"]["exit"], 3);
    assert!(error["error"]["message"].as_str().unwrap().contains("no-such-person"));

    // 4: not allowed, not logged in, or a refused token.
    assert_eq!(cli.run(&["query", "audit"]).code, 4);
    assert_eq!(cli.run(&["admin", "export-person", "x", "--reason", "SAR 1"]).code, 4);
    let anonymous = Cli::new();
    let out = anonymous.run(&["query", "warrants", "--server", &s.root()]);
    assert_eq!(out.code, 4, "{out:?}");
    assert!(out.stderr.contains("bluelamp login"), "{out:?}");
    let bad = Cli::for_server(&s, "not-a-token");
    assert_eq!(bad.run(&["query", "warrants"]).code, 4);

    // 5: conflict (a user that already exists).
    let db = db_arg(&s);
    let add = ["admin", "user", "add", "pc.adams", "--role", "control_room", "--password-stdin", "--database", &db];
    let out = cli.run_with_stdin(&add, Some("a long enough passphrase\n"));
    assert_eq!(out.code, 5, "{out:?}");

    // 2: usage.
    assert_eq!(cli.run(&["query", "person", "x"]).code, 2, "--reason is required");
    assert_eq!(cli.run(&["query", "warrants", "--format", "xml"]).code, 2);
    assert_eq!(cli.run(&["query", "warrants", "--format", "text"]).code, 2);
    assert_eq!(cli.run(&["query", "subjects", "smith", "--dob", "1990-13-01"]).code, 2);
    assert_eq!(cli.run(&["query", "nothing"]).code, 2);
    assert_eq!(Cli::new().run(&["query", "warrants"]).code, 2, "no server at all");
    // 1: a server that is not there.
    let gone = Cli::new();
    assert_eq!(gone.run(&["query", "warrants", "--server", "http://127.0.0.1:9", "--format", "csv"]).code, 4);
    let mut gone = Cli::new();
    gone.env.push(("BLUELAMP_TOKEN".into(), "t".into()));
    assert_eq!(gone.run(&["query", "warrants", "--server", "http://127.0.0.1:9"]).code, 1);
}

async fn login_config_and_users(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let db = db_arg(&s);
    let cli = Cli::new();
    let pw = "a long enough passphrase\n";

    // Users, offline on the database.
    let add =
        ["admin", "user", "add", "sgt.jones", "--role", "custody_sergeant", "--password-stdin", "--database", &db];
    let out = cli.run_with_stdin(&add, Some(pw));
    assert_eq!(out.code, 0, "{out:?}");
    let out = cli.run_with_stdin(
        &["admin", "user", "add", "weak", "--role", "admin", "--password-stdin", "--database", &db],
        Some("short\n"),
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("password: must be at least 12 characters"), "{out:?}");
    let out = cli.run_with_stdin(
        &["admin", "user", "add", "weak", "--role", "admin", "--password-stdin", "--database", &db],
        Some("Password1234\n"),
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("common and breached passwords"), "{out:?}");
    cli.ok(&["admin", "user", "grant", "sgt.jones", "--role", "inspector", "--database", &db]);
    let users = cli.json(&["admin", "user", "list", "--database", &db]);
    let jones = users.as_array().unwrap().iter().find(|u| u["username"] == "sgt.jones").unwrap().clone();
    assert_eq!(jones["roles"], json!(["custody_sergeant", "inspector"]));
    assert_eq!(jones["state"], "active");
    assert!(cli
        .ok(&["admin", "user", "list", "--database", &db, "--format", "csv"])
        .starts_with("username,roles,state,created_at\n"));
    cli.ok(&["admin", "user", "revoke", "sgt.jones", "--role", "inspector", "--database", &db]);
    assert_eq!(
        cli.run(&["admin", "user", "revoke", "sgt.jones", "--role", "custody_sergeant", "--database", &db]).code,
        2
    );
    assert_eq!(cli.run(&["admin", "user", "grant", "nobody", "--role", "admin", "--database", &db]).code, 3);
    assert_eq!(cli.run(&["admin", "user", "disable", "nobody", "--database", &db]).code, 3);

    // Login saves the token, private to the user; later commands use it.
    let url = s.root();
    let out = cli.run_with_stdin(&["login", "--server", &url, "--user", "sgt.jones", "--password-stdin"], Some(pw));
    assert_eq!(out.code, 0, "{out:?}");
    let saved = cli.config.path().join("credentials.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&saved).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(cli.json(&["query", "warrants"]), json!([]));
    let bare = url.trim_start_matches("http://");
    assert_eq!(cli.ok(&["query", "warrants", "--server", bare, "--format", "jsonl"]), "", "same server without scheme");
    let wrong = cli.run_with_stdin(
        &["login", "--server", &url, "--user", "sgt.jones", "--password-stdin"],
        Some("wrong password here\n"),
    );
    assert_eq!(wrong.code, 4);
    // Never prompts without a terminal.
    assert_eq!(cli.run(&["login", "--server", &url, "--user", "sgt.jones"]).code, 2);

    // config show: each value and where it came from.
    let shown = cli.json(&["config", "show"]);
    assert_eq!(shown["server"]["value"], url.as_str());
    assert_eq!(shown["server"]["source"], "saved login");
    assert_eq!(shown["format"]["source"], "flag");
    std::fs::write(cli.config.path().join("config.toml"), format!("server = '{url}'\nformat = 'csv'\n")).unwrap();
    let table = cli.ok(&["config", "show"]);
    assert!(table.contains("config file"), "{table}");
    assert!(table.starts_with("setting,value,source\n") || table.starts_with("SETTING"), "{table}");
    assert!(cli.ok(&["query", "warrants"]).starts_with("id,reference,"), "the file's format applies");
    let mut env_cli = Cli { config: tempfile::tempdir().unwrap(), env: vec![] };
    std::fs::copy(cli.config.path().join("config.toml"), env_cli.config.path().join("config.toml")).unwrap();
    env_cli.env.push(("BLUELAMP_FORMAT".into(), "jsonl".into()));
    env_cli.env.push(("BLUELAMP_SERVER".into(), "http://elsewhere:1".into()));
    let shown = env_cli.ok(&["config", "show", "--format", "json"]);
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["server"]["source"], "environment (BLUELAMP_SERVER)");
    assert_eq!(shown["format"]["value"], "json");
    let shown: Value = serde_json::from_str(&env_cli.ok(&["config", "show"])).unwrap();
    assert_eq!(shown["format"]["source"], "environment (BLUELAMP_FORMAT)");
    let out = env_cli.run(&["query", "person", "x", "--reason", "r", "--server", "http://127.0.0.1:9"]);
    assert!(out.stderr.starts_with("{\"error\":"), "JSON lines asked for in the environment: {out:?}");
    std::fs::write(env_cli.config.path().join("config.toml"), "colour = 'red'\n").unwrap();
    assert_ne!(env_cli.run(&["config", "show"]).code, 0);

    // Disabling ends the saved session; a reset password works for a new login.
    cli.ok(&["admin", "user", "disable", "sgt.jones", "--database", &db]);
    assert_eq!(cli.run(&["query", "warrants"]).code, 4);
    cli.ok(&["admin", "user", "enable", "sgt.jones", "--database", &db]);
    let new_pw = "a brand new passphrase\n";
    let out = cli.run_with_stdin(
        &["admin", "user", "reset-password", "sgt.jones", "--password-stdin", "--database", &db],
        Some(new_pw),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        cli.run_with_stdin(&["login", "--server", &url, "--user", "sgt.jones", "--password-stdin"], Some(pw)).code,
        4
    );
    assert_eq!(
        cli.run_with_stdin(&["login", "--server", &url, "--user", "sgt.jones", "--password-stdin"], Some(new_pw)).code,
        0
    );

    // Five wrong passwords lock the account; unlocking it is an admin's act.
    let login = ["login", "--server", &url, "--user", "sgt.jones", "--password-stdin"];
    for _ in 0..5 {
        assert_eq!(cli.run_with_stdin(&login, Some("not my passphrase\n")).code, 4);
    }
    let out = cli.run_with_stdin(&login, Some(new_pw));
    assert_eq!(out.code, 4, "{out:?}");
    assert!(out.stderr.contains("locked"), "{out:?}");
    let users = cli.json(&["admin", "user", "list", "--database", &db]);
    let jones = users.as_array().unwrap().iter().find(|u| u["username"] == "sgt.jones").unwrap().clone();
    assert!(jones["state"].as_str().unwrap().starts_with("locked until "), "{jones}");
    assert_eq!(cli.run(&["admin", "user", "unlock", "nobody", "--database", &db]).code, 3);
    cli.ok(&["admin", "user", "unlock", "sgt.jones", "--database", &db]);
    assert_eq!(cli.run_with_stdin(&login, Some(new_pw)).code, 0);
    let filter = bluelamp::store::AuditFilter { record_id: Some("sgt.jones".into()), limit: 100, ..Default::default() };
    let audit = s.state.store.audit_entries(&filter).await.unwrap();
    let unlock = audit.into_iter().find(|e| e.action == "unlock").expect("the unlock is audited");
    assert!(unlock.username.starts_with("cli:"), "{unlock:?}");

    // Logging out ends the session on the server and forgets the saved token.
    let token = serde_json::from_str::<Value>(&std::fs::read_to_string(&saved).unwrap()).unwrap()["token"].clone();
    cli.ok(&["logout"]);
    assert!(!saved.exists());
    assert_eq!(cli.run(&["query", "warrants", "--server", &url]).code, 4);
    let stolen = Cli {
        config: tempfile::tempdir().unwrap(),
        env: vec![("BLUELAMP_TOKEN".into(), token.as_str().unwrap().into())],
    };
    assert_eq!(stolen.run(&["query", "warrants", "--server", &url]).code, 4, "the token was revoked");

    // PostgreSQL is backed up with its own tools.
    if b == Backend::Postgres {
        let out = cli.run(&["admin", "backup", "/tmp/x.dump", "--database", &db]);
        assert_eq!(out.code, 2);
        assert!(out.stderr.contains("pg_dump"), "{out:?}");
        let out = cli.run(&["admin", "restore", "/tmp/x.dump", "--database", &db]);
        assert_eq!(out.code, 2);
        assert!(out.stderr.contains("pg_restore"), "{out:?}");
    }
}

/// Lists longer than one page stream through every page.
async fn lists_page_through(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let warrant = json!({
        "status": "circulated", "borough": "Lambeth", "summary": "bench warrant",
        "details": {"kind": "warrant", "warrant_kind": "bench", "status": "circulated",
                    "issuing_court": "Camberwell Green", "issued_on": "2026-11-01", "offence": "Theft"}
    });
    common::bulk::load_events(&s, 2_345, Utc::now(), &warrant).await;
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let cli = Cli::for_server(&s, &token);
    let csv = cli.ok(&["query", "warrants", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 2_346);
    let ids: std::collections::BTreeSet<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids.len(), 2_345, "no row twice, none missing");
    assert_eq!(cli.ok(&["query", "warrants", "--format", "jsonl", "--limit", "1500"]).lines().count(), 1_500);
    let all: Value = serde_json::from_str(&cli.ok(&["query", "warrants", "--format", "json"])).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2_345);

    // A reader that stops early (`| head -1`) is not a failure.
    let code = tokio::task::block_in_place(|| {
        use std::io::Read;
        let mut child = Command::new(env!("CARGO_BIN_EXE_bluelamp"))
            .args(["query", "warrants", "--format", "csv"])
            .envs(cli.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("BLUELAMP_CONFIG_DIR", cli.config.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
        output.status.code()
    });
    assert_eq!(code, Some(0));
}

/// `bluelamp custody …`: a detention from book-in to release through the
/// binary, and each kind of refusal naming its field with its exit code.
async fn custody_actions(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    s.add_brixton_suite().await;
    let sergeant = Cli::for_server(&s, &s.login_as("ps.patel", &[Role::CustodySergeant]).await);
    let inspector = Cli::for_server(&s, &s.login_as("insp.hughes", &[Role::Inspector]).await);
    let arrested = rfc3339(Utc::now() - Duration::hours(2));
    let relevant = rfc3339(Utc::now() - Duration::minutes(90));
    let dob = (Utc::now() - Duration::days(15 * 365 + 100)).date_naive().to_string();
    let book_in = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "custody",
            "book-in",
            "--suite",
            "suite-brixton",
            "--cell",
            "C4",
            "--arrested-at",
            &arrested,
            "--relevant-time",
            &relevant,
            "--reason",
            "Seen leaving the shop with unpaid goods",
            "--offence",
            "Theft from a shop",
            "--officer",
            "PC 123 Okafor",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    // A sex the person shape does not know is refused, naming the flag.
    let args = book_in(&["--forenames", "Keira", "--surname", "Lomax", "--dob", &dob, "--sex", "f"]);
    let out = sergeant.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--sex"), "{out:?}");
    let args = book_in(&["--forenames", "Keira", "--surname", "Lomax", "--dob", &dob, "--sex", "Female"]);
    let record = sergeant.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let id = record["id"].as_str().unwrap().to_string();
    let kinds: Vec<&str> =
        record["details"]["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["booked_in", "authorisation", "appropriate_adult_required"]);
    let person = record["people"][0]["person_id"].as_str().unwrap().to_string();
    assert_eq!(s.state.store.person(&person).await.unwrap().details.sex, Some(bluelamp::domain::person::Sex::Female));

    // Already in custody: a second booking is a conflict.
    let args = book_in(&["--person", &person]);
    let out = sergeant.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 5, "{out:?}");
    assert!(out.stderr.contains("already in custody"), "{out:?}");

    let table = sergeant.ok(&[
        "custody",
        "appropriate-adult",
        &id,
        "--name",
        "Dawn Lomax",
        "--relationship",
        "mother",
        "--format",
        "table",
    ]);
    // The entry's kind in words, from the wording table.
    assert!(table.contains("version:") && table.contains("Appropriate adult present"), "{table}");
    assert!(!table.contains("appropriate_adult"), "{table}");
    // The record after an action names the detainee and the suite, not their ids.
    assert!(table.contains("Keira Lomax") && table.contains("Brixton Custody Suite / C4"), "{table}");
    assert!(!table.contains("suite-brixton") && !table.contains(&person), "{table}");
    sergeant.ok(&["custody", "risk-assessment", &id, "--notes", "Self-harm marker"]);
    sergeant.ok(&["custody", "rights", &id]);
    sergeant.ok(&["custody", "visit", &id, "--roused", "true", "--notes", "Awake, talking"]);

    // Refusals name the field (or the rule) and change nothing.
    let out = sergeant.run(&["custody", "review", &id, "--outcome", "Continue"]);
    assert_eq!(out.code, 4, "{out:?}");
    assert!(out.stderr.contains("only an inspector"), "{out:?}");
    let out = sergeant.run(&["custody", "cell-move", &id, "--cell", "C4", "--reason", "x"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("field action.cell"), "{out:?}");
    let future = rfc3339(Utc::now() + Duration::hours(1));
    let out = sergeant.run(&["custody", "visit", &id, "--at", &future]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("future"), "{out:?}");
    let out = sergeant.run(&["custody", "visit", &id, "--record-version", "1"]);
    assert_eq!(out.code, 5, "a stale version is a conflict: {out:?}");
    let out = sergeant.run(&["custody", "release", &id, "--outcome", "sent_home", "--reason", "x"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("invalid value 'sent_home' for '--outcome <OUTCOME>'"), "{out:?}");
    let out = sergeant.run(&["custody", "review", &id]);
    assert_eq!(out.code, 2, "clap names the missing flag: {out:?}");
    assert!(out.stderr.contains("--outcome"), "{out:?}");

    let version = sergeant.json(&["query", "custody-record", &id])["record"]["version"].as_i64().unwrap();
    let reviewed = inspector.json(&[
        "custody",
        "review",
        &id,
        "--record-version",
        &version.to_string(),
        "--outcome",
        "Detention continues: interview pending",
    ]);
    assert_eq!(reviewed["version"].as_i64().unwrap(), version + 1);
    let csv =
        sergeant.ok(&["custody", "cell-move", &id, "--cell", "C9", "--reason", "Ligature point", "--format", "csv"]);
    assert!(csv.starts_with("id,reference,version,status,detainee,suite / cell"), "{csv}");
    assert!(csv.contains("Keira Lomax,Brixton Custody Suite / C9"), "{csv}");
    let released = sergeant.json(&[
        "custody",
        "release",
        &id,
        "--outcome",
        "released_under_investigation",
        "--reason",
        "Phone download awaited",
    ]);
    assert_eq!(released["status"], "closed");
    assert_eq!(released["details"]["outcome"], "released_under_investigation");
    let out = sergeant.run(&["custody", "release", &id, "--outcome", "no_further_action", "--reason", "again"]);
    assert_ne!(out.code, 0, "a release of someone already released is refused: {out:?}");

    // A charge opens the case and prints its URN.
    let args = book_in(&["--person", &person]);
    let record = sergeant.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let id = record["id"].as_str().unwrap().to_string();
    let court_date = (Utc::now() + Duration::days(2)).date_naive().to_string();
    let charge = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = ["custody", "charge", &id, "--offence", "Theft from a shop", "--court"]
            .iter()
            .map(|a| a.to_string())
            .collect();
        args.push("Camberwell Green Magistrates' Court".into());
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    let out = sergeant.run(&charge(&[]).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2, "the first hearing's date is required: {out:?}");
    assert!(out.stderr.contains("--court-date"), "{out:?}");
    let out = sergeant.run(
        &charge(&["--court-date", &court_date, "--decision", "caution"]).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(out.code, 2, "{out:?}");
    let table = sergeant.ok(&charge(&["--court-date", &court_date, "--format", "table"])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    assert!(table.contains("case:") && table.contains("01CU"), "{table}");
}

async fn incident_actions(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let token = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let op = Cli::for_server(&s, &token);
    let supervisor = Cli::for_server(&s, &s.login_as("ps.amos", &[Role::ControlRoomSupervisor]).await);
    let out = supervisor.run(&["incident", "log", "nothing", "--record-version", "1", "--text", "a note"]);
    assert_eq!(out.code, 3, "{out:?}");
    let open = |grade: &str, subtype: &str| -> Vec<String> {
        [
            "incident",
            "open",
            "--caller",
            "Maya Okafor",
            "--phone",
            "07700 900461",
            "--callback",
            "--place",
            "Outside 14 Acre Lane",
            "--borough",
            "lambeth",
            "--category",
            "crime",
            "--subtype",
            subtype,
            "--grade",
            grade,
            "--summary",
            "Two men forcing the door of the flat opposite",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect()
    };
    let args = open("X", "burglary");
    let out = op.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("[possible values: I, S, E, R]"), "{out:?}");
    let args = open("I", "collision_injury");
    let out = op.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2, "a sub-type of another category: {out:?}");
    assert!(out.stderr.contains("field subtype"), "{out:?}");
    let args = open("I", "burglary");
    let incident = op.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let id = incident["id"].as_str().unwrap().to_string();
    assert!(incident["reference"].as_str().unwrap().starts_with("CAD "), "{incident}");

    let out = op.run(&["incident", "arrive", &id, "--call-sign", "LX21"]);
    assert_eq!(out.code, 2, "an arrival before assignment: {out:?}");
    assert!(out.stderr.contains("field action.call_sign"), "{out:?}");
    let table = op.ok(&["incident", "assign", &id, "--call-sign", "LX21", "--format", "table"]);
    assert!(table.contains("status:") && table.contains("resourced") && table.contains("LX21 assigned"), "{table}");
    let out = op.run(&["incident", "grade", &id, "--grade", "S"]);
    assert_eq!(out.code, 2, "clap names the missing reason: {out:?}");
    assert!(out.stderr.contains("--reason"), "{out:?}");
    let out = op.run(&["incident", "grade", &id, "--grade", "E", "--reason", "Suspects gone"]);
    assert_eq!(out.code, 4, "only a supervisor downgrades an I: {out:?}");
    let out = op.run(&["incident", "log", &id, "--record-version", "1", "--text", "stale"]);
    assert_eq!(out.code, 5, "a stale version is a conflict: {out:?}");
    op.ok(&["incident", "en-route", &id, "--call-sign", "LX21"]);
    let csv = op.ok(&["incident", "arrive", &id, "--call-sign", "lx21", "--format", "csv"]);
    assert!(csv.starts_with("id,reference,version,status,grade,clock,resources,last entry"), "{csv}");
    assert!(csv.contains("at_scene") && csv.contains("attended"), "{csv}");

    // A second call: S, open, unresourced; the board lists I first.
    let args = open("S", "theft");
    let second = op.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    check_documented_shape(&op, "query incidents", &["query", "incidents", "--open"]);
    let board = op.json(&["query", "incidents", "--open"]);
    let refs: Vec<&str> = board.as_array().unwrap().iter().map(|r| r["reference"].as_str().unwrap()).collect();
    assert_eq!(refs, [incident["reference"].as_str().unwrap(), second["reference"].as_str().unwrap()]);
    assert_eq!(board[0]["clock"], "attended");
    assert_eq!(board[1]["clock"].as_str().unwrap().split(' ').nth(1), Some("left"), "{board}");
    let only = op.json(&["query", "incidents", "--open", "--grade", "s", "--unresourced"]);
    assert_eq!(only.as_array().unwrap().len(), 1, "{only}");
    let table = op.ok(&["query", "incidents", "--open", "--format", "table"]);
    assert!(table.contains("REFERENCE") && table.contains("LX21 at scene"), "{table}");

    let repeat = op.json(&["incident", "duplicate", second["id"].as_str().unwrap(), "--of", &id]);
    assert_eq!(repeat["details"]["closure"]["result"], "duplicate");
    let out = op.run(&["incident", "close", &id, "--result", "crime_recorded", "--note", "Door forced"]);
    assert_eq!(out.code, 2, "a crime recorded needs its offence: {out:?}");
    assert!(out.stderr.contains("field action.offence"), "{out:?}");
    let out = op.run(&["incident", "close", &id, "--result", "duplicate", "--note", "x"]);
    assert_eq!(out.code, 2, "{out:?}");
    let closed = op.json(&[
        "incident",
        "close",
        &id,
        "--result",
        "crime_recorded",
        "--offence",
        "Burglary (dwelling)",
        "--note",
        "Door forced, television taken",
    ]);
    assert_eq!(closed["details"]["closure"]["record"]["kind"], "crime");
    let out = op.run(&["incident", "close", &id, "--result", "no_trace", "--note", "again"]);
    assert_eq!(out.code, 2, "closing a closed incident is refused: {out:?}");
    let all = op.json(&["query", "incidents", "--grade", "I"]);
    assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
    assert_eq!(op.json(&["query", "incidents", "--open"]), json!([]));
}

/// Two custody rows of one man and an event file about them, imported on
/// the server's own database; returns the merged person's id.
async fn imported_fixture(s: &TestServer) -> String {
    use bluelamp::import::{import_file, linker_for, ImportOptions, LoadedMapping};
    let dir = tempfile::tempdir().unwrap();
    let store = &s.state.store;
    let mut opts = ImportOptions {
        source: "custody".into(),
        strict: false,
        rejects: None,
        linkage: bluelamp::linkage::LinkageConfig::default(),
        username: "import".into(),
    };
    let mappings = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings");
    let file = dir.path().join("custody.csv");
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Smyth,Jon,,01/02/1980,M,1 High St,,,E1 6AN,,,\n",
    )
    .unwrap();
    let mapping = LoadedMapping::read(&mappings.join("custody.toml")).unwrap();
    let mut linker = linker_for(store, opts.linkage.clone()).await.unwrap();
    let report = import_file(store, &mut linker, &file, &mapping, &opts, |_| {}).await.unwrap();
    assert_eq!(report.merged, 1, "{report:?}");
    let events = dir.path().join("arrests.csv");
    std::fs::write(&events, "ARREST,CUSTODY_NO,AT,OFFENCE\nA1,C2,2025-06-01 22:15,Theft\n").unwrap();
    let event_mapping = dir.path().join("arrests.toml");
    std::fs::write(
        &event_mapping,
        "reference = [\"ARREST\"]\n[event]\nkind = \"crime\"\noccurred_at = { column = \"AT\", format = \"%Y-%m-%d %H:%M\" }\n\
         summary = \"OFFENCE\"\n[event.nominal]\ncolumn = \"CUSTODY_NO\"\nsource = \"custody\"\nrole = { value = \"suspect\" }\n\
         [event.details]\noffence = \"OFFENCE\"\nstatus = { value = \"open\" }\n",
    )
    .unwrap();
    opts.source = "arrests".into();
    let mapping = LoadedMapping::read(&event_mapping).unwrap();
    let report = import_file(store, &mut linker, &events, &mapping, &opts, |_| {}).await.unwrap();
    assert_eq!(report.events, 1, "{report:?}");
    store.import_row("custody", "C1").await.unwrap().person_id
}

async fn imports_explained_and_reconciled(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let id = imported_fixture(&s).await;
    let token = s.login_as("dc.migration", &[Role::Investigator]).await;
    let cli = Cli::for_server(&s, &token);

    // Why: the issue's form, through the server, in every format.
    let table = cli.ok(&["query", "person", &id, "--why", "--format", "table"]);
    assert!(table.starts_with(&format!("{id} John Smith")), "{table}");
    assert!(table.contains("custody C2: merged (score"), "{table}");
    assert!(table.contains("date_of_birth") && table.contains("swapped"), "{table}");
    let json = cli.json(&["query", "person", &id, "--why"]);
    assert_eq!(json["person_id"], id.as_str());
    assert_eq!(json["records"].as_array().unwrap().len(), 2);
    let csv = cli.ok(&["query", "person", &id, "--why", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), "source,source_ref,outcome,score,field,level,weight,detail");
    assert!(lines.any(|l| l.starts_with("custody,C2,merged,") && l.contains(",date_of_birth,swapped,")), "{csv}");
    // The consultation was audited with the default reason.
    let filter = bluelamp::store::AuditFilter { record_id: Some(id.clone()), limit: 100, ..Default::default() };
    let audit = s.state.store.audit_entries(&filter).await.unwrap();
    assert!(audit.iter().any(|a| a.detail == "linkage evidence"), "{audit:?}");
    // Without --why a reason is still required.
    assert_eq!(cli.run(&["query", "person", &id]).code, 2);
    // The offline admin form prints the same, in every format, and is
    // audited with its reason too.
    let db = db_arg(&s);
    let admin = Cli::new().ok(&["admin", "why", &id, "--format", "table", "--database", &db]);
    assert_eq!(admin, table);
    let admin =
        Cli::new().ok(&["admin", "why", &id, "--format", "csv", "--reason", "migration check", "--database", &db]);
    assert_eq!(admin, csv);
    let audit = s.state.store.audit_entries(&filter).await.unwrap();
    let offline = audit.iter().find(|a| a.reason == "migration check").expect("the offline reading is audited");
    assert!(offline.username.starts_with("cli:") && offline.detail == "linkage evidence", "{offline:?}");
    // A blank reason is refused, naming the flag, as the server refuses one; nothing is read or written.
    let out = Cli::new().run(&["admin", "why", &id, "--reason", "  ", "--database", &db]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--reason") && out.stderr.contains("is required"), "{out:?}");
    let out = Cli::new().run(&["admin", "split", "custody", "C2", "--reason", "", "--database", &db]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(s.state.store.import_row("custody", "C2").await.unwrap().person_id, id);
    assert_eq!(s.state.store.audit_entries(&filter).await.unwrap().len(), audit.len());

    // Sources: every imported row, nominal and event, with its person now.
    check_documented_shape(&cli, "query sources", &["query", "sources"]);
    let csv = cli.ok(&["query", "sources", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[1].starts_with(&format!("arrests,A1,{id},,event:crime")), "{csv}");
    assert_eq!(rows[2], format!("custody,C1,{id},,new,"));
    assert!(rows[3].starts_with(&format!("custody,C2,{id},")) && rows[3].ends_with(",merged,"), "{csv}");
    let jsonl = cli.ok(&["query", "sources", "--source", "custody", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 2, "{jsonl}");
    let admin =
        Cli::new().ok(&["admin", "sources", "--source", "custody", "--format", "jsonl", "--database", &db_arg(&s)]);
    assert_eq!(admin, jsonl);
    // The review queue prints in the global format too (nothing open here).
    let review = Cli::new().ok(&["admin", "review", "list", "--format", "csv", "--database", &db_arg(&s)]);
    assert_eq!(review.trim_end(), "source,source_ref,score,person_id,candidate_id");

    // A split through the API moves the event along with its nominal.
    let (status, body) = s.post(&token, "/imports/custody/C2/split", &json!({"reason": "not the same man"})).await;
    assert_eq!(status, 200, "{body}");
    let separated = body["separated"]["id"].as_str().unwrap().to_string();
    let csv = cli.ok(&["query", "sources", "--format", "csv"]);
    assert!(csv.contains(&format!("arrests,A1,{separated},,event:crime")), "{csv}");
    assert!(csv.contains(&format!("custody,C2,{separated},")), "{csv}");

    // An event file through the binary: imported once, skipped the second time.
    let dir = tempfile::tempdir().unwrap();
    // A warrant file of one bench warrant for nominal C1.
    let warrant_file = |name: &str, reference: &str, issued: &str| {
        let file = dir.path().join(name);
        std::fs::write(
            &file,
            format!(
                "WARRANT_REF,SUBJECT_NO,WARRANT_TYPE,ISSUING_COURT,DATE_ISSUED,OFFENCE,STATE\n\
                 {reference},C1,BENCH,Thames Magistrates' Court,{issued},Burglary,OUTSTANDING\n"
            ),
        )
        .unwrap();
        file
    };
    let file = warrant_file("warrant_records.csv", "WR1", "03/04/2025");
    let mapping = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/warrant_records.toml"))
        .unwrap()
        .replace("source = \"warrants\"", "source = \"custody\"");
    let mapping_path = dir.path().join("warrants.toml");
    std::fs::write(&mapping_path, &mapping).unwrap();
    let file_arg = file.display().to_string();
    let mapping_arg = mapping_path.display().to_string();
    let db = db_arg(&s);
    let args = ["admin", "import", &file_arg, "--mapping", &mapping_arg, "--source", "wr", "--database", &db];
    let out = Cli::new().run(&args);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("1 rows: 1 events imported, 0 already imported, 0 rejected"), "{out:?}");
    let out = Cli::new().run(&args);
    assert!(out.stderr.contains("0 events imported, 1 already imported"), "{out:?}");
    let profile = s.state.store.events_for_person(&id).await.unwrap();
    assert!(profile.iter().any(|(e, _)| e.reference == "WR1"), "{profile:?}");
    // The outstanding warrant makes them WANTED, and the rows they own say so.
    let csv = cli.ok(&["query", "sources", "--source", "custody", "--format", "csv"]);
    let c1 = csv.lines().find(|l| l.starts_with("custody,C1,")).unwrap_or_default();
    assert!(c1.ends_with(",wanted"), "{csv}");
    // A mapping naming a column the file lacks is refused with its line.
    std::fs::write(&mapping_path, mapping.replace("\"ISSUING_COURT\"", "\"COURT\"")).unwrap();
    let out = Cli::new().run(&args);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("mapping line") && out.stderr.contains("COURT"), "{out:?}");
    // A misspelt linkage weight is refused, naming it, before anything is read.
    std::fs::write(&mapping_path, &mapping).unwrap();
    let linkage = dir.path().join("linkage.toml");
    std::fs::write(&linkage, "upper = 6.0\nlower = -4.0\n[weights]\n\"postcode.exact_othr_surname\" = 8.0\n").unwrap();
    let linkage_arg = linkage.display().to_string();
    let later = warrant_file("later_warrants.csv", "WR2", "05/04/2025");
    let later_arg = later.display().to_string();
    let args = ["admin", "import", &later_arg, "--mapping", &mapping_arg, "--source", "wr", "--database", &db];
    let out = Cli::new().run(&[&args[..], &["--linkage", &linkage_arg]].concat());
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("weights.\"postcode.exact_othr_surname\": is not a linkage weight"), "{out:?}");
    let profile = s.state.store.events_for_person(&id).await.unwrap();
    assert!(!profile.iter().any(|(e, _)| e.reference == "WR2"), "{profile:?}");
    // A value of the wrong type is refused with its place in the file.
    std::fs::write(&linkage, "upper = \"high\"\n").unwrap();
    let out = Cli::new().run(&[&args[..], &["--linkage", &linkage_arg]].concat());
    assert!(out.stderr.contains(&format!("{linkage_arg}:1:9: ")), "{out:?}");
    assert!(out.stderr.contains("(not a valid linkage settings file)"), "{out:?}");
    // A file that is not there is named, and no database is made for it.
    let fresh = format!("sqlite://{}", dir.path().join("fresh.db").display());
    let missing = dir.path().join("missing.csv").display().to_string();
    let out = Cli::new().run(&[
        "admin",
        "import",
        &missing,
        "--mapping",
        &mapping_arg,
        "--source",
        "wr",
        "--database",
        &fresh,
    ]);
    assert!(out.stderr.contains(&format!("cannot read {missing}")), "{out:?}");
    assert!(!dir.path().join("fresh.db").exists());
    // The same file without the misspelt weight goes in.
    assert_eq!(Cli::new().run(&args).code, 0);
    let profile = s.state.store.events_for_person(&id).await.unwrap();
    assert!(profile.iter().any(|(e, _)| e.reference == "WR2"), "{profile:?}");
}

/// A suite is named by its code or name in any case, and an unknown one is
/// a usage error that lists the suites by name.
async fn suites_by_code_or_name(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    s.add_suite("suite-brixton", "Brixton Custody Suite", Some(("BX", 5))).await;
    s.add_suite("suite-bromley", "Bromley Custody Suite", Some(("BR", 5))).await;
    s.add_suite("suite-bethnal-green", "Bethnal Green Custody Suite", Some(("BG", 5))).await;
    let token = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let person = s.person(&token, "Darren", "Cole", "1990-04-01").await;
    let sergeant = Cli::for_server(&s, &token);
    let arrested = rfc3339(Utc::now() - Duration::hours(2));
    let relevant = rfc3339(Utc::now() - Duration::minutes(90));
    let book_in = |suite: &str| {
        sergeant.run(&[
            "custody",
            "book-in",
            "--person",
            &person,
            "--suite",
            suite,
            "--cell",
            "C2",
            "--arrested-at",
            &arrested,
            "--relevant-time",
            &relevant,
            "--reason",
            "Seen leaving the shop",
            "--offence",
            "Theft from a shop",
            "--officer",
            "PC 123 Okafor",
            "--format",
            "json",
        ])
    };

    // An unknown suite: exit 2, naming every suite by name and code, no ids.
    for out in [book_in("Brixtn"), sergeant.run(&["query", "custody", "--suite", "suite-brixtn"])] {
        assert_eq!(out.code, 2, "{out:?}");
        for name in ["Brixton Custody Suite (BX)", "Bromley Custody Suite (BR)", "Bethnal Green Custody Suite (BG)"] {
            assert!(out.stderr.contains(name), "{out:?}");
        }
        assert!(!out.stderr.contains("suite-bromley"), "{out:?}");
    }

    let out = book_in("bethnal green");
    assert_eq!(out.code, 0, "{out:?}");
    let record: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(record["details"]["suite_id"], "suite-bethnal-green");
    s.settle().await;
    for typed in ["BG", "bg", "Bethnal Green", "bethnal green custody suite", "suite-bethnal-green"] {
        let rows = sergeant.json(&["query", "custody", "--suite", typed]);
        assert_eq!(rows.as_array().map(Vec::len), Some(1), "{typed}: {rows}");
        assert_eq!(rows[0]["id"], record["id"], "{typed}");
    }
    for typed in ["BR", "Bromley", "brixton"] {
        assert_eq!(sergeant.json(&["query", "custody", "--suite", typed]), json!([]), "{typed}: a known suite, empty");
    }
}

/// The safeguarding desk from the command line: a report written, submitted,
/// refused sign-off by its author, signed off by another supervisor and
/// referred; the queue in the documented shape; bad values exit 2.
async fn safeguarding_actions(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let officer = Cli::for_server(&s, &s.login_as("ds.khan", &[Role::SafeguardingSupervisor]).await);
    let supervisor = Cli::for_server(&s, &s.login_as("di.patel", &[Role::SafeguardingSupervisor]).await);
    let control = Cli::for_server(&s, &s.login_as("op.adams", &[Role::ControlRoom]).await);
    let person = s.person(&s.login_as("pc.lee", &[Role::Safeguarding]).await, "Amara", "Bello", "2020-05-01").await;
    let at = rfc3339(Utc::now() - Duration::hours(1));
    let record = |risk: &str| -> Vec<String> {
        [
            "safeguarding",
            "record",
            "--category",
            "child_welfare",
            "--risk",
            risk,
            "--risk-reasons",
            "Left alone overnight",
            "--summary",
            "Child alone at home",
            "--occurred-at",
            &at,
            "--officer",
            "DS Khan",
            "--police-checks",
            "PNC: no trace",
            "--subject",
            &person,
            "--borough",
            "lambeth",
        ]
        .into_iter()
        .map(String::from)
        .collect()
    };
    let args = record("severe");
    let out = officer.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("[possible values: high, medium, low]"), "{out:?}");
    let args = record("high");
    let report = officer.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let id = report["id"].as_str().unwrap().to_string();
    assert_eq!(report["status"], "draft");
    let table = officer.ok(&["safeguarding", "submit", &id, "--format", "table"]);
    assert!(table.contains("submitted for sign-off"), "{table}");
    let out = officer.run(&["safeguarding", "sign-off", &id]);
    assert_eq!(out.code, 2, "the author may not sign off: {out:?}");
    assert!(out.stderr.contains("other than its author"), "{out:?}");
    assert_eq!(control.run(&["safeguarding", "sign-off", &id]).code, 4, "a role that may not read it");
    supervisor.ok(&["safeguarding", "sign-off", &id, "--note", "Refer today"]);
    let out = officer.run(&["safeguarding", "refer", &id, "--agency", "narnia", "--recipient", "Duty"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("field action.agency"), "{out:?}");
    let referred = officer.json(&["safeguarding", "refer", &id, "--agency", "lambeth-mash", "--recipient", "Duty"]);
    assert_eq!(referred["status"], "referred");
    check_documented_shape(
        &supervisor,
        "query safeguarding",
        &["query", "safeguarding", "--queue", "awaiting_response"],
    );
    let rows = supervisor.json(&["query", "safeguarding", "--queue", "awaiting_response"]);
    assert!(rows[0]["due"].as_str().unwrap().starts_with("response by"), "{rows}");
    assert_eq!(supervisor.json(&["query", "safeguarding", "--queue", "missing"]), json!([]));
    assert_eq!(control.run(&["query", "safeguarding"]).code, 4);
    let agencies = officer.ok(&["safeguarding", "agencies", "--format", "csv"]);
    assert!(agencies.contains("lambeth-mash,Lambeth multi-agency safeguarding hub,mash"), "{agencies}");
    officer.ok(&["safeguarding", "respond", &id, "--decision", "accepted", "--text", "Strategy meeting"]);
    let closed =
        officer.json(&["safeguarding", "close", &id, "--result", "partner_agency_lead", "--note", "Social care leads"]);
    assert_eq!(closed["status"], "closed");
}

/// `bluelamp case failed-to-appear`: the bench warrant written with the
/// case, a case with no defendant refused naming the rule, nothing written.
async fn case_actions(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let token = s.login_as("dc.shah", &[Role::Investigator]).await;
    let dc = Cli::for_server(&s, &token);
    let person = s.person(&token, "Tariq", "Hollins", "1991-08-04").await;
    // Charged and heard yesterday, through the case's own actions.
    let heard = |urn: &str, people: Value| {
        let mut case = case_json(&person, urn, "DC Shah", -1);
        case["people"] = people;
        case["details"]["status"] = json!("under_investigation");
        case["details"]["stage"] = json!("pre_charge");
        case["details"]["hearings"] = json!([]);
        case
    };
    let mut ids = Vec::new();
    for (urn, people) in
        [("01YE0033326", json!([{"person_id": person, "role": "defendant"}])), ("01YE0033426", json!([]))]
    {
        let (status, case) = s.post(&token, "/cases", &heard(urn, people)).await;
        assert_eq!(status, 201, "{case}");
        let id = case["id"].as_str().unwrap().to_string();
        let decided = json!({"version": 1, "action": {"type": "charging_decision", "decision": "police_charge"}});
        let (status, body) = s.post(&token, &format!("/cases/{id}/actions"), &decided).await;
        assert_eq!(status, 200, "{body}");
        let listed = json!({"version": 2, "action": {"type": "list_first_hearing", "court": "Camberwell Green",
            "date": rfc3339(Utc::now() - Duration::days(1))}});
        let (status, body) = s.post(&token, &format!("/cases/{id}/actions"), &listed).await;
        assert_eq!(status, 200, "{body}");
        ids.push(id);
    }
    let (id, bare) = (ids[0].clone(), json!({"id": ids[1]}));

    let out = dc.run(&["case", "failed-to-appear", bare["id"].as_str().unwrap()]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("action.defendant") && out.stderr.contains("names none"), "{out:?}");
    let out = dc.run(&["case", "failed-to-appear", &id, "--hearing", "0"]);
    assert_eq!(out.code, 2, "hearings count from 1: {out:?}");
    let (status, page) = s.get(&token, "/warrants?reason=case%20file%20check").await;
    assert_eq!(status, 200, "{page}");
    assert!(page["items"].as_array().unwrap().is_empty(), "{page}");

    let table = dc.ok(&["case", "failed-to-appear", &id, "--format", "table"]);
    assert!(table.contains("failed to appear — warrant issued") && table.contains("WT/"), "{table}");
    let warrants = dc.json(&["query", "warrants", "--kind", "bench"]);
    let rows = warrants.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{warrants}");
    assert_eq!((rows[0]["status"].as_str(), rows[0]["person_id"].as_str()), (Some("received"), Some(person.as_str())));
}

/// Pre-charge bail from the command line: refused without its return date,
/// granted with conditions, shown as ON BAIL with its conditions on the
/// person, in the diary, and answered.
async fn bail_commands(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    s.add_brixton_suite().await;
    let token = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let sergeant = Cli::for_server(&s, &token);
    let person = s.person(&token, "Rory", "Quaye", "1993-03-21").await;
    let at = rfc3339(Utc::now() - Duration::hours(3));
    let body = json!({"person_id": person, "suite_id": "suite-brixton", "cell": "C1", "arrested_at": at,
        "relevant_time": at, "detention_authorised_at": at, "arrest_reason": "Named by the victim",
        "offences": ["Harassment"], "arresting_officer": "PC 123 Okafor"});
    let (status, record) = s.post(&token, "/custody/book-in", &body).await;
    assert_eq!(status, 201, "{record}");
    let id = record["id"].as_str().unwrap().to_string();
    let ends = (Utc::now() + Duration::days(3)).date_naive().to_string();
    let back = rfc3339(Utc::now() + Duration::days(2));
    let release = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "custody",
            "release",
            &id,
            "--outcome",
            "pre_charge_bail",
            "--reason",
            "Phone download",
            "--bail-until",
            &ends,
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    let args = release(&[]);
    let out = sergeant.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("action.bail.return_at"), "{out:?}");
    let out =
        sergeant.run(&["custody", "release", &id, "--outcome", "pre_charge_bail", "--reason", "x", "--curfew", "9pm"]);
    assert_eq!(out.code, 2, "{out:?}");

    let args = release(&["--return-at", &back, "--no-contact", "Dana Reid", "--curfew", "21:00-07:00"]);
    let record = sergeant.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(record["details"]["bail"]["kind"], "pre_charge", "{record}");
    s.settle().await;
    let profile = sergeant.ok(&["query", "person", &person, "--reason", "bail check", "--format", "table"]);
    assert!(
        profile.contains("ON BAIL") && profile.contains("curfew 21:00-07:00; no contact with Dana Reid"),
        "{profile}"
    );

    let diary = sergeant.json(&["bail", "diary", "--station", "Brixton"]);
    assert_eq!(diary["ending"][0]["custody_id"], id.as_str(), "{diary}");
    let table = sergeant.ok(&["bail", "diary", "--format", "csv"]);
    assert!(
        table.starts_with("list,custody_id") && table.contains("ending,") && table.contains("Rory Quaye"),
        "{table}"
    );

    let answered = sergeant.ok(&["bail", "answer", &id, "--note", "Answered; NFA", "--format", "table"]);
    assert!(answered.contains("answered"), "{answered}");
    let out = sergeant.run(&["bail", "extend", &id, "--until", "2099-01-01", "--grounds", "x"]);
    assert_eq!(out.code, 2, "answered bail is done with: {out:?}");
}

both_backends!(
    safeguarding_actions,
    queries_in_every_format,
    exit_codes,
    login_config_and_users,
    lists_page_through,
    imports_explained_and_reconciled,
    custody_actions,
    suites_by_code_or_name,
    incident_actions,
    intel_actions,
    case_actions,
    bail_commands,
    place_queries,
    event_query,
    vehicle_and_phone_queries
);

/// `query location` finds a place written another way, in every format and
/// in the documented shape; `query place` gives its profile; an unknown
/// place exits 3, a lookup of nothing exits 2.
async fn place_queries(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let cli = Cli::for_server(&s, &token);
    let person = s.person(&token, "Darren", "Cole", "1990-04-01").await;
    let place = json!({"address": {"lines": ["12 Acre Lane", "Brixton"], "postcode": "SW2 5SG", "borough": "Lambeth"},
                       "warnings": [{"category": "dog", "recorded_on": "2026-01-05", "source": "PC 12 Shah"}]});
    let (status, reply) = s.post(&token, "/places", &place).await;
    assert_eq!(status, 200, "the person's stored address made the place already: {reply}");
    let id = reply["id"].as_str().unwrap().to_string();

    let hits = cli.json(&["query", "location", "12 ACRE LN sw25sg"]);
    assert_eq!(hits[0]["place_id"], id.as_str(), "{hits}");
    assert_eq!(hits[0]["warnings"], "dog at address");
    check_documented_shape(&cli, "query location", &["query", "location", "acre lane"]);
    let table = cli.ok(&["query", "location", "12 acre lne", "--format", "table"]);
    assert!(table.starts_with("PLACE_ID ") && table.contains("12 Acre Lane, SW2 5SG"), "{table}");

    let profile = cli.json(&["query", "place", &id, "--reason", "attending a call"]);
    assert_eq!(profile["people"][0]["person_id"], person.as_str(), "{profile}");
    assert_eq!(profile["people"][0]["role"], "lives_at");
    let table = cli.ok(&["query", "place", &id, "--reason", "attending a call", "--format", "table"]);
    assert!(table.contains("dog at address") && table.contains("Darren Cole") && table.contains("lives at"), "{table}");
    let csv = cli.ok(&["query", "place", &id, "--reason", "attending a call", "--format", "csv"]);
    assert_eq!(csv.lines().next(), Some("occurred_at,kind,reference,role,status,summary"), "{csv}");
    assert_eq!(cli.run(&["query", "place", "nowhere", "--reason", "attending a call"]).code, 3);
    assert_eq!(cli.run(&["query", "location", ","]).code, 2);
    assert_eq!(cli.run(&["query", "place", &id]).code, 2, "a reason is required");
}

/// `query event` reads one record with its vehicles, phones and places and
/// their parts, in every format; a collection not on the list exits 2.
async fn event_query(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let cli = Cli::for_server(&s, &token);
    let victim = s.person(&token, "Darren", "Cole", "1990-04-01").await;
    let crime = json!({"occurred_at": "2026-10-01T22:00:00Z", "borough": "Lambeth", "summary": "Car taken",
        "people": [{"person_id": victim, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Theft of a motor vehicle", "status": "open",
                    "location": {"lines": ["40 Acre Lane"], "postcode": "SW2 5SG"}},
        "objects": [{"kind": "vehicle", "vrm": "LB07SEO", "role": "stolen_vehicle"}]});
    let (status, made) = s.post(&token, "/crimes", &crime).await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_str().unwrap();
    let why = ["--reason", "attending the scene"];
    let record = cli.json(&[&["query", "event", "crimes", id][..], &why].concat());
    assert_eq!(record["vehicles"][0]["role"], "stolen_vehicle", "{record}");
    assert_eq!(record["places"][0]["role"], "crime_scene", "{record}");
    let table = cli.ok(&[&["query", "event", "crimes", id][..], &why, &["--format", "table"]].concat());
    assert!(table.contains("1 vehicles, 0 phones, 1 places") && table.contains("stolen vehicle"), "{table}");
    assert!(table.contains("crime scene") && table.contains("40 Acre Lane, SW2 5SG"), "{table}");
    let csv = cli.ok(&[&["query", "event", "crimes", id][..], &why, &["--format", "csv"]].concat());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "what,id,label,role,warnings", "{csv}");
    assert!(lines[1].starts_with("vehicle,") && lines[1].contains(",LB07SEO,stolen vehicle,STOLEN"), "{csv}");
    assert!(lines[2].starts_with("place,") && lines[2].contains("crime scene"), "{csv}");
    let jsonl = cli.ok(&[&["query", "event", "crimes", id][..], &why, &["--format", "jsonl"]].concat());
    assert_eq!(jsonl.lines().count(), 1, "{jsonl}");
    assert_eq!(cli.run(&[&["query", "event", "parking", id][..], &why].concat()).code, 2);
    assert_eq!(cli.run(&["query", "event", "crimes", id]).code, 2, "a reason is required");
}

/// The intelligence desk from the command line: a report submitted,
/// evaluated, sanitised and disseminated; the evaluation queue; values
/// outside a flag's list exit 2; a handling code C report opens only with
/// --acknowledge.
async fn intel_actions(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let dc = Cli::for_server(&s, &s.login_as("dc.shah", &[Role::Investigator]).await);
    let analyst = Cli::for_server(&s, &s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await);
    let person = s.person(&s.login_as("op.adams", &[Role::ControlRoom]).await, "Darren", "Cole", "1990-04-01").await;
    let record = |handling: &str, extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "intel",
            "record",
            "--summary",
            "Dealing from a car",
            "--source",
            "2",
            "--intelligence",
            "B",
            "--handling",
            handling,
            "--priority",
            "high",
            "--sanitised-text",
            "Subject deals from a blue Golf",
            "--unsanitised-text",
            "Source X saw it from flat 4",
            "--subject",
            &person,
            "--submit",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    let args = record("P", &[]);
    let report = dc.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let id = report["id"].as_str().unwrap().to_string();
    assert_eq!(report["status"], "submitted");
    let queue = analyst.ok(&["query", "intelligence", "--queue", "evaluation", "--format", "csv"]);
    assert!(queue.lines().nth(1).is_some_and(|l| l.starts_with(&format!("{id},"))), "{queue}");
    assert_eq!(analyst.run(&["query", "intelligence", "--queue", "everything"]).code, 2);
    // Found by the words of its text as each role may see it: the source's
    // words by the analyst alone.
    let found = analyst.ok(&["query", "intelligence", "--text", "flat", "golf", "--format", "csv"]);
    assert!(found.starts_with("words,id,"), "{found}");
    assert!(found.lines().nth(1).is_some_and(|l| l.starts_with(&format!("2,{id},"))), "{found}");
    let found = dc.json(&["query", "intelligence", "--text", "flat"]);
    assert_eq!(found, serde_json::json!([]), "the unsanitised text is not searched for an investigator");
    assert_eq!(dc.run(&["query", "intelligence", "--text", "the"]).code, 2, "no word to search for");
    assert_eq!(dc.run(&["query", "intelligence"]).code, 2, "a queue or words");
    assert_eq!(
        analyst.run(&["intel", "evaluate", &id, "--source", "2", "--intelligence", "Z", "--handling", "P"]).code,
        2
    );
    let out = analyst.run(&["intel", "evaluate", &id, "--source", "1", "--intelligence", "B", "--handling", "P"]);
    assert_eq!(out.code, 2, "a new source grade needs its rationale: {out:?}");
    assert!(out.stderr.contains("action.rationale"), "{out:?}");
    let out = dc.run(&["intel", "evaluate", &id, "--source", "2", "--intelligence", "B", "--handling", "P"]);
    assert_eq!(out.code, 4, "an investigator does not evaluate: {out:?}");
    analyst.ok(&[
        "intel",
        "evaluate",
        &id,
        "--source",
        "1",
        "--intelligence",
        "B",
        "--handling",
        "P",
        "--rationale",
        "Proved reliable",
    ]);
    let out = analyst.run(&["intel", "disseminate", &id, "--to", "Lambeth CID", "--purpose", "Enquiry"]);
    assert_eq!(out.code, 2, "not yet sanitised: {out:?}");
    analyst.ok(&["intel", "sanitise", &id]);
    let sent =
        analyst.json(&["intel", "disseminate", &id, "--to", "Lambeth CID", "--to", "DS Khan", "--purpose", "Enquiry"]);
    assert_eq!(sent["details"]["disseminations"][0]["recipients"], serde_json::json!(["Lambeth CID", "DS Khan"]));

    let args = record("C", &["--conditions", "Share with children's services only"]);
    let c = dc.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let c_id = c["id"].as_str().unwrap();
    let out = dc.run(&["intel", "show", c_id, "--reason", "Briefing for the operation"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("Share with children's services only"), "{out:?}");
    let shown = dc.ok(&["intel", "show", c_id, "--reason", "Briefing for the operation", "--acknowledge"]);
    assert!(shown.contains("Subject deals from a blue Golf") && !shown.contains("flat 4"), "{shown}");
}

/// Every command's --help has an example; completions and the manual page generate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_completions_and_man() {
    use clap::CommandFactory;
    fn leaves(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        let subs: Vec<_> = cmd.get_subcommands().filter(|c| c.get_name() != "help").collect();
        out.push(path.clone());
        for sub in subs {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            leaves(sub, p, out);
        }
    }
    let mut paths = Vec::new();
    leaves(&bluelamp::cli::Cli::command(), Vec::new(), &mut paths);
    assert!(paths.len() > 20, "{paths:?}");
    let cli = Cli::new();
    for path in &paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = cli.ok(&args);
        let example = help.split("Example:\n").nth(1).and_then(|rest| rest.lines().next()).unwrap_or_default();
        assert!(example.contains("bluelamp "), "{path:?} --help has no example:\n{help}");
    }
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(cli.ok(&["completions", shell]).contains("bluelamp"));
    }
    assert_eq!(cli.run(&["completions", "tcsh"]).code, 2);
    // The benchmark runs end to end and prints its figures.
    let bench = cli.ok(&["bench", "csv", "--warrants", "30"]);
    assert!(bench.contains("30 warrants, 31 lines"), "{bench}");
    assert!(bench.contains("peak memory") && !bench.contains("unknown") || !cfg!(target_os = "linux"), "{bench}");
    // The import benchmark links a small London and prints its accuracy; it
    // refuses mappings it cannot find before writing any export.
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    let bench = cli.ok(&["bench", "import", "--nominals", "300", "--link-only", "--dir", small.to_str().unwrap()]);
    assert!(bench.contains("pairwise precision"), "{bench}");
    let elsewhere = dir.path().join("elsewhere");
    let out = cli.run(&[
        "bench",
        "import",
        "--nominals",
        "300",
        "--dir",
        elsewhere.to_str().unwrap(),
        "--mappings",
        dir.path().join("nowhere").to_str().unwrap(),
    ]);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("--mappings DIR"), "{out:?}");
    assert!(!elsewhere.join("exports").exists(), "exports written before the mappings were read");
    // Seeding runs (offline, on the database).
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("seed.db").display());
    cli.ok(&["admin", "seed", "--database", &db, "--persons", "10"]);
    let man = cli.ok(&["man"]);
    assert!(man.starts_with(".ie") || man.contains(".TH bluelamp"), "{}", &man[..200.min(man.len())]);
}

/// Starts a server over `url` on loopback; dropping the sender stops it.
async fn serve(url: &DatabaseUrl) -> (String, tokio::sync::oneshot::Sender<()>, AppState) {
    let store = Store::open(url).await.unwrap();
    let state = AppState::start(store, ServerConfig::default()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server::serve(state.clone(), listener, async move {
        let _ = rx.await;
    }));
    (base, tx, state)
}

/// A backup taken while writes are running holds every write acknowledged
/// before it began, and restores to a server that answers the read checks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_writing_restores() {
    let s = TestServer::start(Backend::Sqlite).await.unwrap();
    let writer = s.login_as("writer", &[Role::ControlRoom]).await;
    let person = s.person(&writer, "Darren", "Cole", "1990-04-01").await;
    // One circulated warrant (WANTED), brought in as an import would.
    common::load_records(&s, &[warrant_json(&person, "bench", "circulated", "Lambeth")]).await;
    let db = db_arg(&s);
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writes = {
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        let (http, base, token, person) = (s.http.clone(), s.base.clone(), writer.clone(), person.clone());
        tokio::spawn(async move {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let res = http
                    .post(format!("{base}/warrants"))
                    .bearer_auth(&token)
                    .json(&warrant_json(&person, "bench", "received", "Lambeth"))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201);
                let body: Value = res.json().await.unwrap();
                acknowledged.lock().unwrap().push(body["id"].as_str().unwrap().to_string());
            }
        })
    };
    while acknowledged.lock().unwrap().len() < 30 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.db");
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let cli = Cli::new();
    let out = cli.run(&["admin", "backup", backup.to_str().unwrap(), "--database", &db]);
    assert_eq!(out.code, 0, "{out:?}");
    let after_count = acknowledged.lock().unwrap().len();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writes.await.unwrap();
    assert!(after_count > before.len() || acknowledged.lock().unwrap().len() > before.len(), "writes kept running");
    // A second backup to the same file is refused, not overwritten.
    assert_eq!(cli.run(&["admin", "backup", backup.to_str().unwrap(), "--database", &db]).code, 5);

    // Restore refuses a database in use, and a file that is not ours.
    let out = cli.run(&["admin", "restore", backup.to_str().unwrap(), "--database", &db]);
    assert_eq!(out.code, 5, "{out:?}");
    assert!(out.stderr.contains("in use"), "{out:?}");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database at all").unwrap();
    let target = dir.path().join("restored.db");
    let target_url = format!("sqlite://{}", target.display());
    assert_eq!(cli.run(&["admin", "restore", junk.to_str().unwrap(), "--database", &target_url]).code, 2);
    assert_eq!(cli.run(&["admin", "restore", "/no/such/file.db", "--database", &target_url]).code, 3);
    assert!(!target.exists());

    // Restore onto a stopped database (an old copy in place), then serve it.
    std::fs::copy(&backup, &target).unwrap();
    // Opened once by another process, which has exited: stopped, with its write-ahead log.
    cli.ok(&["admin", "user", "list", "--database", &target_url]);
    let out = cli.run(&["admin", "restore", backup.to_str().unwrap(), "--database", &target_url]);
    assert_eq!(out.code, 0, "{out:?}");
    let url = DatabaseUrl::sqlite(&target);
    let (base, _stop, state) = serve(&url).await;
    let hash = bluelamp::server::password::hash("a long test passphrase").unwrap();
    state
        .store
        .create_user(
            &Actor::new("test", "setup"),
            "reader",
            &hash,
            &bluelamp::domain::role::Roles(vec![Role::ControlRoom]),
        )
        .await
        .unwrap();
    let out = cli.run_with_stdin(
        &["login", "--server", &base, "--user", "reader", "--password-stdin"],
        Some("a long test passphrase\n"),
    );
    assert_eq!(out.code, 0, "{out:?}");
    let rows = cli.ok(&["query", "warrants", "--format", "jsonl"]);
    let restored: std::collections::HashSet<String> =
        rows.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string()).collect();
    for id in &before {
        assert!(restored.contains(id), "acknowledged write {id} is missing from the backup");
    }
    // The read checks: search, profile, lists.
    let hits = cli.json(&["query", "subjects", "darren cole"]);
    assert_eq!(hits[0]["person_id"], person.as_str());
    let profile = cli.json(&["query", "person", &person, "--reason", "restore check"]);
    assert_eq!(profile["flags"]["wanted"], true);
    assert_eq!(cli.json(&["query", "custody"]), json!([]));
    assert!(Path::new(&target).exists());
}

/// An import keeps every row (a bad field is a finding), says how its
/// weights were estimated, and the findings and weights can be read back.
#[test]
fn imports_keep_every_row_and_learn_their_weights() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("b.db").display());
    let file = dir.path().join("custody.csv");
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Jones,Ann,,31/02/1980,F,,,,,,,\n",
    )
    .unwrap();
    let mapping = concat!(env!("CARGO_MANIFEST_DIR"), "/mappings/custody.toml");
    let file_arg = file.display().to_string();
    // A threshold that is not a probability is refused, naming it, before anything is read.
    let linkage = dir.path().join("linkage.toml");
    std::fs::write(&linkage, "upper = 6.0\nlower = 0.05\n").unwrap();
    let linkage_arg = linkage.display().to_string();
    let import = ["admin", "import", &file_arg, "--mapping", mapping, "--source", "custody", "--database", &db];
    let out = Cli::new().run(&[&import[..], &["--linkage", &linkage_arg]].concat());
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("upper: is a match probability, between 0 and 1"), "{out:?}");

    let out = Cli::new().run(&import);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("2 imported") && out.stderr.contains("1 with a field left out"), "{out:?}");
    // Two rows are too few to learn from: the defaults stand, and it says so.
    assert!(out.stderr.contains("warning: linkage weights: 0 candidate pairs are too few"), "{out:?}");
    let quality = Cli::new().ok(&["admin", "sources", "--quality", "--format", "csv", "--database", &db]);
    assert!(quality.contains("custody,C2,imported,date_of_birth,31/02/1980,"), "{quality}");
    let table = Cli::new().ok(&["admin", "linkage", "estimate", &file_arg, "--mapping", mapping, "--database", &db]);
    assert!(table.contains("surname.exact") && table.contains("other.close"), "{table}");
    let out = Cli::new().run(&["admin", "linkage", "weights", "1", "--database", &db]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("address.same_house"), "{out:?}");
}

/// Vehicles and phones from the command line: a partial plate's hits in
/// the documented shape, the profile in every format with its people and
/// records, a phone found however it is written, a plate that cannot be
/// one exits 2, and the keeper's profile lists the car.
async fn vehicle_and_phone_queries(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let cli = Cli::for_server(&s, &token);
    let person = s.person(&token, "Darren", "Cole", "1990-04-01").await;
    let (status, car) = s
        .post(
            &token,
            "/objects",
            &json!({"kind": "vehicle", "vrm": "LB07 SEO", "make": "Ford",
        "model": "Focus", "colour": "Blue"}),
        )
        .await;
    assert_eq!(status, 201, "{car}");
    let car = car["id"].as_str().unwrap().to_string();
    let link = json!({"target": "object", "target_id": car, "relationship": "keeper", "from": "2024-01-01"});
    assert_eq!(s.post(&token, &format!("/persons/{person}/links"), &link).await.0, 201);
    let crime = json!({"occurred_at": "2026-10-01T22:00:00Z", "summary": "Car taken overnight",
        "people": [{"person_id": person, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Theft of a motor vehicle", "status": "open"},
        "objects": [{"kind": "vehicle", "vrm": "lb07seo", "role": "stolen_vehicle"},
                    {"kind": "phone", "number": "07700 900123", "role": "phone_used"}]});
    assert_eq!(s.post(&token, "/crimes", &crime).await.0, 201);

    check_documented_shape(&cli, "query vehicle", &["query", "vehicle", "LB0? SE?"]);
    let hits = cli.json(&["query", "vehicle", "LB07*"]);
    assert_eq!(hits[0]["key"], "LB07 SEO", "{hits}");
    assert_eq!(hits[0]["markers"], json!(["STOLEN"]));
    let profile = cli.json(&["query", "vehicle", "lb07 seo", "--reason", "ANPR hit on Acre Lane"]);
    assert_eq!(profile["people"][0]["name"], "Darren Cole", "{profile}");
    assert_eq!(profile["timeline"][0]["role"], "stolen_vehicle");
    let table = cli.ok(&["query", "object", &car, "--reason", "ANPR hit on Acre Lane", "--format", "table"]);
    assert!(table.contains("LB07 SEO") && table.contains("STOLEN") && table.contains("keeper"), "{table}");
    let csv = cli.ok(&["query", "object", &car, "--reason", "ANPR hit on Acre Lane", "--format", "csv"]);
    assert!(csv.starts_with("object_id,key,id,kind,occurred_at,role,"), "{csv}");
    assert!(csv.contains("stolen_vehicle"), "{csv}");
    for written in ["07700 900123", "+44 7700 900123", "0044 7700-900123"] {
        let phones = cli.json(&["query", "phone", written]);
        assert_eq!(phones[0]["key"], "07700 900123", "{written}: {phones}");
    }
    let out = cli.run(&["query", "vehicle", "!!"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("vrm"), "{out:?}");

    // The keeper's profile lists their home and the car with their part in
    // each, each id opening with `query place` or `query object`.
    let table = cli.ok(&["query", "person", &person, "--reason", "ANPR hit on Acre Lane", "--format", "table"]);
    assert!(table.contains("2 places, vehicles and phones"), "{table}");
    assert!(
        table.lines().any(|l| l.starts_with("place ") && l.contains("12 Acre Lane, SW2 5SG") && l.contains("lives at")),
        "{table}"
    );
    let row = table.lines().find(|l| l.starts_with("vehicle ")).unwrap_or_else(|| panic!("no vehicle row: {table}"));
    for said in [car.as_str(), "LB07SEO Blue Ford Focus", "keeper", "2024-01-01", "STOLEN"] {
        assert!(row.contains(said), "{said}: {table}");
    }
}
