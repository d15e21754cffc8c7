//! The audit's files outside the database: the Ed25519 key that signs
//! checkpoints (PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` also
//! writes it; mode 0600), its public half beside it (`FILE.pub`), and the
//! checkpoint log beside the key. Someone who can rewrite the database
//! cannot sign for a rewritten chain, nor reach this log.

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{SigningKey, VerifyingKey};

use super::outside_files::{append_line, read_lines};
use super::{Result, StoreError};
use crate::domain::audit_checkpoint::Checkpoint;

/// The checkpoint log's name, in the key's directory.
pub const CHECKPOINT_LOG: &str = "audit-checkpoints.jsonl";

fn unreadable(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("{}: {e}", path.display()))
}

/// The public half's file: the key's path with `.pub` added.
pub fn public_key_path(key: &Path) -> PathBuf {
    let mut name = key.as_os_str().to_owned();
    name.push(".pub");
    PathBuf::from(name)
}

/// Where the checkpoints signed with `key` are logged unless the
/// configuration says otherwise: beside the key.
pub fn default_checkpoint_log(key: &Path) -> PathBuf {
    key.parent().unwrap_or(Path::new(".")).join(CHECKPOINT_LOG)
}

/// Makes a new signing key at `path` (refused if it exists), mode 0600,
/// and its public half at `path.pub`.
pub fn generate_key(path: &Path) -> Result<VerifyingKey> {
    let key = SigningKey::from_bytes(&rand::random::<[u8; 32]>());
    let pem = key.to_pkcs8_pem(LineEnding::LF).map_err(|e| unreadable(path, e))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| unreadable(dir, e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            StoreError::Duplicate(format!("{} already exists; a key is never overwritten", path.display()))
        }
        _ => unreadable(path, e),
    })?;
    file.write_all(pem.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| unreadable(path, e))?;
    let public = key.verifying_key();
    let public_pem = public.to_public_key_pem(LineEnding::LF).map_err(|e| unreadable(path, e))?;
    let public_path = public_key_path(path);
    std::fs::write(&public_path, public_pem).map_err(|e| unreadable(&public_path, e))?;
    Ok(public)
}

/// Reads a signing key. Refused when others may read the file.
pub fn load_signing_key(path: &Path) -> Result<SigningKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_err(|e| unreadable(path, e))?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(unreadable(
                path,
                format!("the audit key is readable by others (mode {:o}); chmod 600 it", mode & 0o777),
            ));
        }
    }
    let text = std::fs::read_to_string(path).map_err(|e| unreadable(path, e))?;
    SigningKey::from_pkcs8_pem(&text).map_err(|e| unreadable(path, format!("not an Ed25519 private key: {e}")))
}

/// Reads a public key: a public key PEM, or a private key file's public half.
pub fn load_public_key(path: &Path) -> Result<VerifyingKey> {
    let text = std::fs::read_to_string(path).map_err(|e| unreadable(path, e))?;
    VerifyingKey::from_public_key_pem(&text)
        .or_else(|_| SigningKey::from_pkcs8_pem(&text).map(|k| k.verifying_key()))
        .map_err(|e| unreadable(path, format!("not an Ed25519 key: {e}")))
}

/// Appends a checkpoint to the log at `path`.
pub fn log_checkpoint(path: &Path, cp: &Checkpoint) -> Result<()> {
    append_line(path, cp)
}

/// The checkpoints of the log at `path` (none when it does not exist).
pub fn read_checkpoint_log(path: &Path) -> Result<Vec<Checkpoint>> {
    read_lines(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_private_its_public_half_beside_it_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/audit.key");
        let public = generate_key(&path).unwrap();
        assert_eq!(load_signing_key(&path).unwrap().verifying_key(), public);
        assert_eq!(load_public_key(&public_key_path(&path)).unwrap(), public);
        assert_eq!(load_public_key(&path).unwrap(), public);
        assert!(matches!(generate_key(&path), Err(StoreError::Duplicate(_))));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(load_signing_key(&path).unwrap_err().to_string().contains("chmod 600"));
        }
        assert_eq!(default_checkpoint_log(&path), dir.path().join("keys").join(CHECKPOINT_LOG));
    }
}
