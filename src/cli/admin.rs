//! `bluelamp admin …`: administration straight on the database, for the
//! first user before any server runs, and for seeding.

use std::io::BufRead;

use clap::{Args, Subcommand};

use super::seeding;
use crate::domain::role::{Role, Roles};
use crate::server::password;
use crate::store::{Actor, DatabaseUrl, Store};

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Fill the database with a synthetic London.
    #[command(after_help = "Example:\n  bluelamp admin seed --database sqlite://london.db --persons 100000 --seed 7")]
    Seed(SeedArgs),
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
    /// Every imported row: source, reference, person and match score.
    #[command(
        after_help = "Example:\n  bluelamp admin sources --source crime --format csv --database sqlite://bluelamp.db"
    )]
    Sources(super::import::SourcesArgs),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input.
    #[command(
        after_help = "Example:\n  echo 'a long passphrase' | bluelamp admin user add sgt.jones --role custody_sergeant --password-stdin --database sqlite://bluelamp.db"
    )]
    Add(UserAddArgs),
    /// List users and their roles.
    #[command(after_help = "Example:\n  bluelamp admin user list --database sqlite://bluelamp.db")]
    List(DatabaseArg),
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
    #[arg(long = "role", required = true)]
    pub roles: Vec<Role>,
    /// Read the password from the first line of standard input.
    #[arg(long, required = true)]
    pub password_stdin: bool,
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

pub async fn run(cmd: AdminCommand) -> anyhow::Result<()> {
    match cmd {
        AdminCommand::User(UserCommand::Add(args)) => add_user(args).await,
        AdminCommand::User(UserCommand::List(db)) => {
            let store = Store::open(&db.database).await?;
            for user in store.users().await? {
                let roles: Vec<&str> = user.roles.0.iter().map(|r| r.as_str()).collect();
                let state = if user.disabled { "disabled" } else { "active" };
                println!("{}\t{}\t{}", user.username, roles.join(","), state);
            }
            Ok(())
        }
        AdminCommand::Import(args) => super::import::run(args).await,
        AdminCommand::Why(args) => super::import::why(args).await,
        AdminCommand::Split(args) => super::import::split(args).await,
        AdminCommand::Review(cmd) => super::import::review(cmd).await,
        AdminCommand::Sources(args) => super::import::sources(args).await,
        AdminCommand::Seed(args) => {
            let store = Store::open(&args.db.database).await?;
            let report = seeding::seed(&store, args.persons, args.seed, true).await?;
            eprintln!("{report}");
            if let Some(dir) = args.legacy_exports {
                super::import::write_legacy(&dir, args.persons, args.seed)?;
            }
            Ok(())
        }
    }
}

fn read_password_line() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

async fn add_user(args: UserAddArgs) -> anyhow::Result<()> {
    let password = read_password_line()?;
    password::check_strength(&password)?;
    let store = Store::open(&args.db.database).await?;
    let hash = tokio::task::spawn_blocking(move || password::hash(&password))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))?;
    let mut roles = args.roles.clone();
    roles.sort();
    roles.dedup();
    let actor = Actor::new(format!("cli:{}", whoami()), "user added from the command line");
    store.create_user(&actor, &args.username, &hash, &Roles(roles)).await?;
    eprintln!("user '{}' added", args.username);
    Ok(())
}

/// The operating-system account running an offline admin command, for the audit log.
pub fn whoami() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
}
