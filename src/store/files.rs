//! Files that hold personal data — the SQLite database and its write-ahead
//! log, backups, import rejects — are readable by their owner alone (mode
//! 0600), from the moment they exist.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Only the owner may read or write.
#[cfg(unix)]
const PRIVATE: u32 = 0o600;

/// Creates (or truncates) `path` for writing, readable by its owner alone.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    open_private(&mut options, path)
}

/// Creates `path`, which must not exist yet, empty and owner-only: a file
/// SQLite then writes into (`VACUUM INTO` keeps an empty file's mode).
pub fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    open_private(&mut options, path)
}

fn open_private(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(PRIVATE);
        let file = options.open(path)?;
        // A file that existed before keeps its mode through `open`.
        file.set_permissions(std::fs::Permissions::from_mode(PRIVATE))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// Before SQLite opens `database`: creates it owner-only if it is new (its
/// `-wal` and `-shm` files then take the same mode), and takes group and
/// other access away from a database, log or shared-memory file that has
/// it, saying so.
pub fn prepare_database(database: &Path) -> io::Result<()> {
    if !database.exists() {
        return match create_new_private(database) {
            Ok(_) => Ok(()),
            // Another process made it meanwhile: treat it as existing.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => restrict_existing(database),
            Err(e) => Err(e),
        };
    }
    restrict_existing(database)
}

fn restrict_existing(database: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let path = format!("{}{suffix}", database.display());
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                tracing::warn!(
                    path,
                    mode = format!("{mode:o}"),
                    "the database file was readable by others; made owner-only"
                );
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & 0o700))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = database;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_files_are_owner_only_and_old_ones_are_made_so() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        prepare_database(&db).unwrap();
        assert_eq!(mode(&db), 0o600);
        let old = dir.path().join("old.db");
        std::fs::write(&old, b"").unwrap();
        std::fs::write(dir.path().join("old.db-wal"), b"").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(dir.path().join("old.db-wal"), std::fs::Permissions::from_mode(0o666)).unwrap();
        prepare_database(&old).unwrap();
        assert_eq!((mode(&old), mode(&dir.path().join("old.db-wal"))), (0o600, 0o600));
        let rejects = dir.path().join("rejects.csv");
        std::fs::write(&rejects, b"old").unwrap();
        std::fs::set_permissions(&rejects, std::fs::Permissions::from_mode(0o644)).unwrap();
        create_private(&rejects).unwrap();
        assert_eq!(mode(&rejects), 0o600);
        assert!(create_new_private(&rejects).is_err(), "create_new refuses an existing file");
    }
}
