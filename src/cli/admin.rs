//! `bluelamp admin …`: users, seeding, backup and restore straight on the
//! database (before any server runs, or beside it), and the subject access
//! export through the server.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::config::Settings;
use super::failure::CliError;
use super::login::read_password_line;
use super::output::{self, Printer};
use super::{choice, connect, rows, seeding};
use crate::api::subject_access::Redaction;
use crate::client::private_file;
use crate::domain::role::{Role, Roles};
use crate::domain::text;
use crate::server::password;
use crate::store::{backup, read_erasure_log, Actor, Backend, DatabaseUrl, Store};

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Manage users.
    #[command(
        subcommand,
        after_help = "Example:\n  bluelamp admin user disable pc.adams --database sqlite://bluelamp.db"
    )]
    User(UserCommand),
    /// Fill the database with a synthetic London.
    #[command(after_help = "Example:\n  bluelamp admin seed --database sqlite://london.db --persons 100000 --seed 7")]
    Seed(SeedArgs),
    /// Copy a SQLite database while it serves (PostgreSQL: prints the pg_dump route).
    #[command(
        after_help = "Example:\n  bluelamp admin backup /backups/bluelamp-2026-11-25.db --database sqlite://bluelamp.db"
    )]
    Backup(PathArgs),
    /// Replace a stopped SQLite database with a backup, then make again the erasures made since it (PostgreSQL: prints the pg_restore route).
    #[command(
        after_help = "Example:\n  bluelamp admin restore /backups/bluelamp-2026-11-25.db --database sqlite://bluelamp.db"
    )]
    Restore(PathArgs),
    /// The erasure log: who was erased and when (ids only), and replaying it after a restore.
    #[command(
        subcommand,
        after_help = "Example:\n  bluelamp admin erasures replay --log /var/lib/bluelamp-erasures/erasures.jsonl --database postgres://…"
    )]
    Erasures(super::erasures::ErasuresCommand),
    /// Everything held on one person, as JSON, for a subject access request (a logged disclosure).
    #[command(
        after_help = "Example:\n  bluelamp admin export-person 3f2a… --reason 'SAR 2026/0142' --redact third_parties --output sar-0142.json"
    )]
    ExportPerson(ExportArgs),
    /// Import a legacy CSV export through a mapping file, linking each row to a person.
    #[command(
        after_help = "Example:\n  bluelamp admin import crime.csv --mapping mappings/crime.toml --source crime --database sqlite://bluelamp.db"
    )]
    Import(super::import::ImportArgs),
    /// Why the records of a person belong together: each imported row and its evidence.
    #[command(after_help = "Example:\n  bluelamp admin why 3f2a… --database sqlite://bluelamp.db")]
    Why(super::import::WhyArgs),
    /// Take a merged record back out of its person (undo a merge).
    #[command(
        after_help = "Example:\n  bluelamp admin split crime CR00000042 --reason 'different date of birth' --database sqlite://bluelamp.db"
    )]
    Split(super::import::SplitArgs),
    /// The review queue: possible matches between the thresholds.
    #[command(
        subcommand,
        after_help = "Example:\n  bluelamp admin review list --database sqlite://bluelamp.db\n  bluelamp admin review accept crime CR00000042 --reason 'same PNC photo' --database sqlite://bluelamp.db"
    )]
    Review(super::import::ReviewCommand),
    /// Linkage weights: estimate them for a file before importing it, or read those an import kept.
    #[command(
        subcommand,
        after_help = "Example:\n  bluelamp admin linkage estimate crime.csv --mapping mappings/crime.toml --database sqlite://bluelamp.db\n  bluelamp admin linkage weights 3 --database sqlite://bluelamp.db"
    )]
    Linkage(super::linkage::LinkageCommand),
    /// Every imported row: source, reference, person and match score.
    #[command(
        after_help = "Example:\n  bluelamp admin sources --source crime --format csv --database sqlite://bluelamp.db"
    )]
    Sources(super::import::SourcesArgs),
    /// The tamper-evident audit: the checkpoint signing key, checkpoints, and verifying the chain.
    #[command(
        subcommand,
        after_help = "Example:\n  bluelamp admin audit verify --database sqlite://bluelamp.db --key /etc/bluelamp/audit.key.pub"
    )]
    Audit(super::audit::AuditCommand),
    /// Bring the database's schema up to this version (run as the role that owns it).
    #[command(after_help = "Example:\n  bluelamp admin migrate --database postgres://bluelamp_owner@db/bluelamp")]
    Migrate(DatabaseArg),
    /// PostgreSQL: the rights a server's own role needs, with no UPDATE, DELETE or TRUNCATE on the audit.
    #[command(
        after_help = "Example:\n  bluelamp admin grants bluelamp_server --database postgres://bluelamp_owner@db/bluelamp --apply"
    )]
    Grants(GrantsArgs),
}

#[derive(Debug, Args)]
pub struct GrantsArgs {
    /// The role the servers connect as.
    pub role: String,
    /// Run the statements (as the owner) instead of printing them.
    #[arg(long)]
    pub apply: bool,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input.
    #[command(
        after_help = "Example:\n  echo 'a long passphrase' | bluelamp admin user add sgt.jones --role custody_sergeant --password-stdin --database sqlite://bluelamp.db"
    )]
    Add(UserAddArgs),
    /// List users and their roles.
    #[command(after_help = "Example:\n  bluelamp admin user list --database sqlite://bluelamp.db --format csv")]
    List(DatabaseArg),
    /// Disable a user and end their sessions.
    #[command(after_help = "Example:\n  bluelamp admin user disable pc.adams --database sqlite://bluelamp.db")]
    Disable(UserArgs),
    /// Enable a disabled user again.
    #[command(after_help = "Example:\n  bluelamp admin user enable pc.adams --database sqlite://bluelamp.db")]
    Enable(UserArgs),
    /// End a lockout after failed logins before its time, and clear the count (audited).
    #[command(after_help = "Example:\n  bluelamp admin user unlock pc.adams --database sqlite://bluelamp.db")]
    Unlock(UserArgs),
    /// Set a new password (read from standard input) and end the user's sessions.
    #[command(
        after_help = "Example:\n  echo 'a new long passphrase' | bluelamp admin user reset-password pc.adams --password-stdin --database sqlite://bluelamp.db"
    )]
    ResetPassword(ResetArgs),
    /// Give a user more roles.
    #[command(
        after_help = "Example:\n  bluelamp admin user grant pc.adams --role investigator --database sqlite://bluelamp.db"
    )]
    Grant(RoleArgs),
    /// Take roles away (a user keeps at least one; disable instead).
    #[command(
        after_help = "Example:\n  bluelamp admin user revoke pc.adams --role investigator --database sqlite://bluelamp.db"
    )]
    Revoke(RoleArgs),
}

#[derive(Debug, Args)]
pub struct DatabaseArg {
    /// sqlite://PATH or postgres://…
    #[arg(long, env = "BLUELAMP_DATABASE")]
    pub database: DatabaseUrl,
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    pub username: String,
    /// A role to grant; repeat for several.
    #[arg(long = "role", value_name = "ROLE", required = true, value_parser = choice::api::<Role>())]
    pub roles: Vec<Role>,
    /// Read the password from the first line of standard input.
    #[arg(long, required = true)]
    pub password_stdin: bool,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Args)]
pub struct UserArgs {
    pub username: String,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Args)]
pub struct ResetArgs {
    pub username: String,
    /// Read the new password from the first line of standard input.
    #[arg(long, required = true)]
    pub password_stdin: bool,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Args)]
pub struct RoleArgs {
    pub username: String,
    /// A role; repeat for several.
    #[arg(long = "role", value_name = "ROLE", required = true, value_parser = choice::api::<Role>())]
    pub roles: Vec<Role>,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub db: DatabaseArg,
    /// How many persons to create.
    #[arg(long, default_value_t = 20_000)]
    pub persons: usize,
    /// The same seed gives the same London.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also write what the seven legacy systems would have exported, and the truth, into this directory.
    #[arg(long, value_name = "DIR")]
    pub legacy_exports: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct PathArgs {
    /// The backup file.
    pub path: PathBuf,
    /// The erasure log kept outside the database (SQLite: PATH-erasures.jsonl beside it when absent).
    #[arg(long, env = "BLUELAMP_ERASURE_LOG", value_name = "FILE")]
    pub erasure_log: Option<PathBuf>,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub id: String,
    /// The subject access request reference, or another lawful reason.
    #[arg(long)]
    pub reason: String,
    /// What to leave out: third parties, unsanitised intelligence, whole intelligence reports; repeat for several.
    #[arg(long = "redact", value_name = "WHAT", value_parser = choice::api::<Redaction>())]
    pub redactions: Vec<Redaction>,
    /// Write the export to FILE, readable by you alone (mode 0600), instead of to standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub async fn run(cmd: AdminCommand, settings: &Settings) -> anyhow::Result<()> {
    match cmd {
        AdminCommand::User(cmd) => user(cmd, settings).await,
        AdminCommand::Import(args) => super::import::run(args).await,
        AdminCommand::Why(args) => super::import::why(args, settings.format()).await,
        AdminCommand::Split(args) => super::import::split(args).await,
        AdminCommand::Review(cmd) => super::import::review(cmd, settings.format()).await,
        AdminCommand::Sources(args) => super::import::sources(args, settings.format()).await,
        AdminCommand::Linkage(cmd) => super::linkage::run(cmd).await,
        AdminCommand::Audit(cmd) => super::audit::run(cmd, settings.format()).await,
        AdminCommand::Erasures(cmd) => super::erasures::run(cmd, settings.format()).await,
        AdminCommand::Migrate(db) => {
            Store::open(&db.database).await?;
            eprintln!("the schema is up to date");
            Ok(())
        }
        AdminCommand::Grants(args) => {
            let store = Store::open(&args.db.database).await?;
            let statements = if args.apply {
                store.grant_server_role(&args.role).await?
            } else {
                store.server_role_grants(&args.role).await?
            };
            for sql in &statements {
                println!("{sql};");
            }
            if args.apply {
                eprintln!("granted to {}", args.role);
            }
            Ok(())
        }
        AdminCommand::Seed(args) => {
            let store = Store::open(&args.db.database).await?;
            let report = seeding::seed(&store, args.persons, args.seed, true).await?;
            eprintln!("{report}");
            if let Some(dir) = args.legacy_exports {
                super::import::write_legacy(&dir, args.persons, args.seed)?;
            }
            Ok(())
        }
        AdminCommand::Backup(args) => backup(args).await,
        AdminCommand::Restore(args) => restore(args).await,
        AdminCommand::ExportPerson(args) => export_person(args, settings).await,
    }
}

async fn export_person(args: ExportArgs, settings: &Settings) -> anyhow::Result<()> {
    let client = connect::connect(settings)?;
    let export = client.export_person(&args.id, &args.reason, &args.redactions).await?;
    let Some(path) = args.output else {
        output::print_json(&export)?;
        return Ok(());
    };
    let mut text = serde_json::to_vec_pretty(&export)?;
    text.push(b'\n');
    private_file::write(&path, &text).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    eprintln!("subject access export of {} written to {} (readable by you alone)", args.id, path.display());
    Ok(())
}

fn actor(what: &str) -> Actor {
    Actor::new(format!("cli:{}", whoami()), what)
}

async fn hash_from_stdin() -> anyhow::Result<String> {
    let password = read_password_line()?;
    // A weak password is bad input, as a bad flag is: the usage exit code.
    password::check_strength(&password).map_err(|e| CliError::Usage(format!("{}: {}", e.field, e.message)))?;
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))
}

async fn user(cmd: UserCommand, settings: &Settings) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add(args) => {
            text::identity("username", &args.username).map_err(|e| CliError::Usage(e.to_string()))?;
            let hash = hash_from_stdin().await?;
            let store = Store::open(&args.db.database).await?;
            let mut roles = args.roles.clone();
            roles.sort();
            roles.dedup();
            store.create_user(&actor("user added from the command line"), &args.username, &hash, &Roles(roles)).await?;
            eprintln!("user '{}' added", args.username);
        }
        UserCommand::List(db) => {
            let store = Store::open(&db.database).await?;
            let mut printer = Printer::new(settings.format(), rows::USER_COLUMNS)?;
            let now = chrono::Utc::now();
            for user in store.users().await? {
                let roles: Vec<&str> = user.roles.0.iter().map(|r| r.as_str()).collect();
                let state = match (user.disabled, user.locked_at(now)) {
                    (true, _) => "disabled".to_string(),
                    (false, Some(until)) => format!("locked until {}", rows::rfc3339(until)),
                    (false, None) => "active".to_string(),
                };
                printer.row(vec![user.username.into(), roles.into(), state.into(), rows::time(user.created_at)])?;
            }
            printer.finish()?;
        }
        UserCommand::Disable(args) => {
            let store = Store::open(&args.db.database).await?;
            store
                .update_user(&actor("user disabled from the command line"), &args.username, None, None, Some(true))
                .await?;
            eprintln!("user '{}' disabled; their sessions are ended", args.username);
        }
        UserCommand::Enable(args) => {
            let store = Store::open(&args.db.database).await?;
            store
                .update_user(&actor("user enabled from the command line"), &args.username, None, None, Some(false))
                .await?;
            eprintln!("user '{}' enabled", args.username);
        }
        UserCommand::Unlock(args) => {
            let store = Store::open(&args.db.database).await?;
            store.unlock_user(&actor("account unlocked from the command line"), &args.username).await?;
            eprintln!("user '{}' unlocked", args.username);
        }
        UserCommand::ResetPassword(args) => {
            let hash = hash_from_stdin().await?;
            let store = Store::open(&args.db.database).await?;
            store
                .update_user(&actor("password reset from the command line"), &args.username, None, Some(&hash), None)
                .await?;
            eprintln!("password of '{}' reset; their sessions are ended", args.username);
        }
        UserCommand::Grant(args) => change_roles(args, true).await?,
        UserCommand::Revoke(args) => change_roles(args, false).await?,
    }
    Ok(())
}

async fn change_roles(args: RoleArgs, grant: bool) -> anyhow::Result<()> {
    let store = Store::open(&args.db.database).await?;
    let user = store.user(&args.username).await?;
    let mut roles = user.roles.0.clone();
    if grant {
        roles.extend(args.roles.iter().copied());
    } else {
        roles.retain(|r| !args.roles.contains(r));
    }
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(CliError::Usage(format!(
            "'{}' would be left with no role; use admin user disable instead",
            args.username
        ))
        .into());
    }
    let what = if grant { "roles granted from the command line" } else { "roles revoked from the command line" };
    store.update_user(&actor(what), &args.username, Some(&Roles(roles.clone())), None, None).await?;
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    eprintln!("'{}' now has roles {}", args.username, names.join(", "));
    Ok(())
}

/// PostgreSQL is backed up and restored with its own tools.
fn postgres_route(action: &str, path: &std::path::Path) -> anyhow::Error {
    let p = path.display();
    let how = if action == "backup" {
        format!("pg_dump --format=custom --file={p} \"$DATABASE_URL\"")
    } else {
        format!(
            "pg_restore --clean --if-exists --no-owner --dbname=\"$DATABASE_URL\" {p}, then make again the \
             erasures made since: bluelamp admin erasures replay --log ERASURE_LOG --database \"$DATABASE_URL\""
        )
    };
    CliError::Usage(format!("{action} of PostgreSQL is done with its own tools: {how}")).into()
}

/// The erasure log of a command: the one given, or the one beside a SQLite file.
fn erasure_log(args: &PathArgs) -> Option<PathBuf> {
    args.erasure_log.clone().or_else(|| args.db.database.default_erasure_log())
}

async fn backup(args: PathArgs) -> anyhow::Result<()> {
    if args.db.database.backend == Backend::Postgres {
        return Err(postgres_route("backup", &args.path));
    }
    let store = Store::open(&args.db.database).await?;
    let started = std::time::Instant::now();
    store.backup_to(&args.path).await?;
    eprintln!("backup written to {} in {:.1} s", args.path.display(), started.elapsed().as_secs_f64());
    if let Some(log) = erasure_log(&args) {
        eprintln!(
            "erasures made after it are logged in {} (keep that file apart from the backups); admin restore makes \
             them again",
            log.display()
        );
    }
    Ok(())
}

async fn restore(args: PathArgs) -> anyhow::Result<()> {
    if args.db.database.backend == Backend::Postgres {
        return Err(postgres_route("restore", &args.path));
    }
    let target = args
        .db
        .database
        .sqlite_path()
        .map(PathBuf::from)
        .ok_or_else(|| CliError::Usage("restore needs a sqlite://PATH database".into()))?;
    backup::check_backup(&args.path).await?;
    // The erasures made since the backup: those the database being replaced
    // recorded, and those of the log outside it (all there is when the
    // database was lost).
    let mut erased = match backup::erasures_in(&target).await {
        Ok(list) => list,
        Err(e) => {
            eprintln!(
                "warning: the erasures recorded in {} cannot be read ({e}); replaying the log's",
                target.display()
            );
            Vec::new()
        }
    };
    let log = erasure_log(&args);
    if let Some(log) = &log {
        erased.extend(read_erasure_log(log)?);
    }
    backup::restore_sqlite(&args.path, &target).await?;
    let store = Store::open(&args.db.database).await?;
    let why = format!("erasure replayed after a restore from {}", args.path.display());
    let replayed = super::erasures::replay(&store, &erased, log.as_deref(), &why).await?;
    store.close().await;
    eprintln!(
        "{} restored from {}; {replayed} erasures made since the backup were made again",
        target.display(),
        args.path.display()
    );
    Ok(())
}

/// The operating-system account running an offline admin command, for the audit log.
pub fn whoami() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
}
