//! Signed checkpoints of the audit chain's head. Anyone with write access
//! to the database could rebuild a hash chain after editing it; they cannot
//! sign for the new head without the Ed25519 key, which is kept outside the
//! database. A checkpoint says "the log reached entry `seq` with hash
//! `hash`", signed, and names the key by its id so keys can rotate.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// One signed statement about the head of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    /// The entry's hash, hex.
    pub hash: String,
    pub at: DateTime<Utc>,
    /// [`key_id`] of the signing key.
    pub key_id: String,
    /// The signing key's public half, hex (32 bytes).
    pub public_key: String,
    /// Ed25519 over [`Checkpoint::statement`], hex (64 bytes).
    pub signature: String,
}

/// Why a checkpoint cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointFault {
    #[error("signed by key {0}, which is not one of the trusted keys")]
    UntrustedKey(String),
    #[error("its public key does not match its key id {0}")]
    KeyMismatch(String),
    #[error("its signature does not verify")]
    BadSignature,
}

/// A key's short name: the first 16 hex digits of SHA-256 of the public key.
pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(key.as_bytes())[..8])
}

impl Checkpoint {
    /// The exact bytes signed.
    pub fn statement(seq: i64, hash: &str, at: DateTime<Utc>) -> String {
        format!(
            "bluelamp audit checkpoint v1\nseq {seq}\nhash {hash}\nat {}\n",
            at.to_rfc3339_opts(SecondsFormat::Micros, true)
        )
    }

    /// Signs for entry `seq`; the time is kept to the microsecond, as stored.
    pub fn sign(key: &SigningKey, seq: i64, hash: &str, at: DateTime<Utc>) -> Checkpoint {
        let at = at.trunc_subsecs(6);
        let public = key.verifying_key();
        let signature = key.sign(Self::statement(seq, hash, at).as_bytes());
        Checkpoint {
            seq,
            hash: hash.to_string(),
            at,
            key_id: key_id(&public),
            public_key: hex::encode(public.as_bytes()),
            signature: hex::encode(signature.to_bytes()),
        }
    }

    /// Checks the signature. With `trusted` keys, the checkpoint must be
    /// signed by one of them; without, by the key it names (which says the
    /// checkpoint is whole, but not who made it: compare the key id with
    /// the one the deployment keeps).
    pub fn check(&self, trusted: &[VerifyingKey]) -> Result<(), CheckpointFault> {
        let key = if trusted.is_empty() {
            let bytes: [u8; 32] = hex::decode(&self.public_key)
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| CheckpointFault::KeyMismatch(self.key_id.clone()))?;
            let key =
                VerifyingKey::from_bytes(&bytes).map_err(|_| CheckpointFault::KeyMismatch(self.key_id.clone()))?;
            if key_id(&key) != self.key_id {
                return Err(CheckpointFault::KeyMismatch(self.key_id.clone()));
            }
            key
        } else {
            *trusted
                .iter()
                .find(|k| key_id(k) == self.key_id)
                .ok_or_else(|| CheckpointFault::UntrustedKey(self.key_id.clone()))?
        };
        let bytes: [u8; 64] =
            hex::decode(&self.signature).ok().and_then(|b| b.try_into().ok()).ok_or(CheckpointFault::BadSignature)?;
        key.verify(Self::statement(self.seq, &self.hash, self.at).as_bytes(), &Signature::from_bytes(&bytes))
            .map_err(|_| CheckpointFault::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> SigningKey {
        SigningKey::from_bytes(&[n; 32])
    }

    #[test]
    fn a_signed_checkpoint_verifies_and_an_altered_one_does_not() {
        let at = DateTime::parse_from_rfc3339("2026-11-25T10:00:00.123456Z").unwrap().with_timezone(&Utc);
        let cp = Checkpoint::sign(&key(1), 42, &"ab".repeat(32), at);
        assert_eq!(cp.check(&[]), Ok(()));
        assert_eq!(cp.check(&[key(1).verifying_key()]), Ok(()));
        assert_eq!(cp.check(&[key(2).verifying_key()]), Err(CheckpointFault::UntrustedKey(cp.key_id.clone())));
        let mut moved = cp.clone();
        moved.seq = 41;
        assert_eq!(moved.check(&[]), Err(CheckpointFault::BadSignature));
        let mut other_head = cp.clone();
        other_head.hash = "cd".repeat(32);
        assert_eq!(other_head.check(&[key(1).verifying_key()]), Err(CheckpointFault::BadSignature));
        // Re-signed by another key under the first key's id: caught.
        let mut forged = Checkpoint::sign(&key(3), 42, &"ab".repeat(32), at);
        forged.key_id = cp.key_id.clone();
        assert_eq!(forged.check(&[]), Err(CheckpointFault::KeyMismatch(cp.key_id.clone())));
        assert_eq!(forged.check(&[key(1).verifying_key()]), Err(CheckpointFault::BadSignature));
    }

    #[test]
    fn key_ids_are_short_and_distinct() {
        let a = key_id(&key(1).verifying_key());
        assert_eq!(a.len(), 16);
        assert_ne!(a, key_id(&key(2).verifying_key()));
    }
}
