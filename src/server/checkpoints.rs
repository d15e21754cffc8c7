//! Signing the audit chain's head at intervals: after so many entries or
//! so many seconds, whichever comes first, each server signs for the head
//! with the audit key and keeps the checkpoint in the database and in the
//! checkpoint log beside the key. Entries after the last checkpoint are
//! chained but not yet signed for: deleting them from the end would go
//! unseen, which the intervals bound.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;

use crate::store::{audit_files, Store};

/// How a server signs its audit checkpoints.
#[derive(Debug, Clone)]
pub struct AuditSigning {
    /// The Ed25519 key file (PKCS#8 PEM, mode 0600), outside the database.
    pub key: PathBuf,
    /// Where checkpoints are logged besides the database.
    pub log: PathBuf,
    /// Sign once this many entries were added since the last checkpoint…
    pub every_entries: i64,
    /// …or once this long has passed with any added.
    pub every: Duration,
}

impl AuditSigning {
    /// The defaults for a key file: its log beside it, every 1,000 entries
    /// or every minute.
    pub fn with_key(key: PathBuf) -> AuditSigning {
        let log = audit_files::default_checkpoint_log(&key);
        AuditSigning { key, log, every_entries: 1000, every: Duration::from_secs(60) }
    }

    /// Reads the key, so a server with an unreadable one does not start.
    pub fn load_key(&self) -> anyhow::Result<SigningKey> {
        Ok(audit_files::load_signing_key(&self.key)?)
    }
}

/// How often the head is looked at.
const POLL: Duration = Duration::from_secs(1);

pub fn spawn(store: Store, signing: AuditSigning, key: SigningKey) {
    tokio::spawn(async move {
        let mut last = match store.last_checkpoint_seq().await {
            Ok(seq) => seq.unwrap_or(0),
            Err(e) => {
                tracing::warn!(error = %e, "reading the last audit checkpoint failed; signing from the start");
                0
            }
        };
        let mut since = Instant::now();
        let mut tick = tokio::time::interval(POLL);
        loop {
            tick.tick().await;
            let head = match store.audit_head().await {
                Ok(head) => head.map_or(0, |(seq, _)| seq),
                Err(e) => {
                    tracing::warn!(error = %e, "reading the audit head failed");
                    continue;
                }
            };
            if head <= last || (head - last < signing.every_entries && since.elapsed() < signing.every) {
                continue;
            }
            match store.checkpoint_head(&key, &signing.log).await {
                Ok(Some(cp)) => tracing::debug!(seq = cp.seq, key = %cp.key_id, "audit checkpoint signed"),
                Ok(None) => {}
                Err(e) => {
                    tracing::error!(error = %e, "signing an audit checkpoint failed");
                    continue;
                }
            }
            last = head;
            since = Instant::now();
        }
    });
}
