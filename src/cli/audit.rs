//! `bluelamp admin audit …`: the key that signs the audit's checkpoints,
//! signing for the head by hand, and walking the chain to find the first
//! broken link.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::admin::DatabaseArg;
use super::output::{self, Format};
use crate::domain::audit_checkpoint::key_id;
use crate::store::{audit_files, AuditVerification, Store};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Make a new Ed25519 key for signing checkpoints (FILE, mode 0600, and its public half FILE.pub).
    #[command(after_help = "Example:\n  bluelamp admin audit keygen /etc/bluelamp/audit.key")]
    Keygen(KeygenArgs),
    /// Sign for the head of the audit chain now (a server does this at intervals by itself).
    #[command(
        after_help = "Example:\n  bluelamp admin audit checkpoint --key /etc/bluelamp/audit.key --database sqlite://bluelamp.db"
    )]
    Checkpoint(CheckpointArgs),
    /// Walk the audit chain and its checkpoints; report the first broken link (exit 1 when broken).
    #[command(
        after_help = "Example:\n  bluelamp admin audit verify --database sqlite://bluelamp.db --key /etc/bluelamp/audit.key.pub \\\n      --checkpoints /etc/bluelamp/audit-checkpoints.jsonl"
    )]
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The private key file to create; refused if it exists.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// The signing key.
    #[arg(long, env = "BLUELAMP_AUDIT_KEY", value_name = "FILE")]
    pub key: PathBuf,
    /// The checkpoint log (default: audit-checkpoints.jsonl beside the key).
    #[arg(long, value_name = "FILE")]
    pub checkpoint_log: Option<PathBuf>,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A trusted public key (FILE.pub, or the private key file); repeat for rotated keys. Without, each
    /// checkpoint is checked against the key it names, and the key ids are reported to compare.
    #[arg(long = "key", value_name = "PUBKEY")]
    pub keys: Vec<PathBuf>,
    /// A checkpoint log kept outside the database; repeat for several. Each of its checkpoints must be in
    /// the database and match the chain.
    #[arg(long = "checkpoints", value_name = "FILE")]
    pub checkpoints: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DatabaseArg,
}

pub async fn run(cmd: AuditCommand, format: Format) -> anyhow::Result<()> {
    match cmd {
        AuditCommand::Keygen(args) => {
            let public = audit_files::generate_key(&args.file)?;
            eprintln!(
                "audit key {} written to {} (mode 0600), its public half to {}; checkpoints go to {}",
                key_id(&public),
                args.file.display(),
                audit_files::public_key_path(&args.file).display(),
                audit_files::default_checkpoint_log(&args.file).display()
            );
            Ok(())
        }
        AuditCommand::Checkpoint(args) => {
            let key = audit_files::load_signing_key(&args.key)?;
            let log = args.checkpoint_log.unwrap_or_else(|| audit_files::default_checkpoint_log(&args.key));
            let store = Store::open(&args.db.database).await?;
            match store.checkpoint_head(&key, &log).await? {
                Some(cp) => {
                    eprintln!("signed for entry {} with key {}; logged to {}", cp.seq, cp.key_id, log.display())
                }
                None => eprintln!("nothing to sign: the head is already signed for, or the log is empty"),
            }
            Ok(())
        }
        AuditCommand::Verify(args) => verify(args, format).await,
    }
}

async fn verify(args: VerifyArgs, format: Format) -> anyhow::Result<()> {
    let keys = args.keys.iter().map(|p| audit_files::load_public_key(p)).collect::<Result<Vec<_>, _>>()?;
    let mut external = Vec::new();
    for path in &args.checkpoints {
        if !path.is_file() {
            return Err(super::failure::CliError::NotFound(format!("no checkpoint log at {}", path.display())).into());
        }
        external.extend(audit_files::read_checkpoint_log(path)?);
    }
    let store = Store::open(&args.db.database).await?;
    let report = store.verify_audit(&keys, &external).await?;
    match format {
        Format::Json | Format::Jsonl => output::print_json(&report)?,
        _ => print!("{}", describe(&report)),
    }
    match report.breaks.first() {
        None => Ok(()),
        Some(first) => anyhow::bail!(
            "the audit log is broken: first at entry {}: {}{}",
            first.seq,
            first.message,
            match report.breaks.len() {
                1 => String::new(),
                n => format!(" ({} more breaks after it)", n - 1),
            }
        ),
    }
}

/// The report for a person to read.
fn describe(r: &AuditVerification) -> String {
    let mut out = format!(
        "audit log: {} entries, head {}\n",
        r.entries,
        match (&r.head_seq, &r.head_hash) {
            (Some(seq), Some(hash)) => format!("entry {seq} ({}…)", &hash[..16.min(hash.len())]),
            _ => "none".into(),
        }
    );
    match r.last_checkpoint {
        Some(last) => out.push_str(&format!(
            "checkpoints: {} verified (keys {}), the last for entry {last}; {} entries since are chained, not yet \
             signed for\n",
            r.checkpoints,
            r.signing_keys.join(", "),
            r.unsigned_tail
        )),
        None => out.push_str("checkpoints: none; the chain is checked, but nothing signs for its head\n"),
    }
    if r.redacted_fields > 0 {
        out.push_str(&format!(
            "redacted by erasures: {} reasons and details (their digests kept)\n",
            r.redacted_fields
        ));
    }
    out.push_str(&format!("walked in {:.2} s\n", r.elapsed.as_secs_f64()));
    if r.breaks.is_empty() {
        out.push_str("intact\n");
    }
    for (i, b) in r.breaks.iter().enumerate().take(20) {
        let lead = if i == 0 { "FIRST BREAK" } else { "also" };
        out.push_str(&format!("{lead}: entry {} ({}): {}\n", b.seq, b.kind.as_str(), b.message));
    }
    if r.breaks.len() > 20 {
        out.push_str(&format!("… and {} more\n", r.breaks.len() - 20));
    }
    out
}
