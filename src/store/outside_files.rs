//! Append-only logs kept outside the database, one JSON record a line: the
//! audit's checkpoint log and the erasure log. Created readable by their
//! owner only; each line reaches the disk before the append returns.

use std::io::{BufRead, Write};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{Result, StoreError};

fn unavailable(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("{}: {e}", path.display()))
}

/// Opens `path` for appending, creating it (mode 0600) and its directory.
pub(super) fn open_append(path: &Path) -> Result<std::fs::File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| unavailable(dir, e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| unavailable(path, e))
}

/// Appends one record as a line and syncs it.
pub fn append_line(path: &Path, record: &impl Serialize) -> Result<()> {
    let mut line = serde_json::to_string(record).map_err(StoreError::corrupt)?;
    line.push('\n');
    let mut file = open_append(path)?;
    file.write_all(line.as_bytes()).map_err(|e| unavailable(path, e))?;
    file.sync_data().map_err(|e| unavailable(path, e))
}

/// Every record of a log; none when the file does not exist. A line that
/// is not a record (a torn last write) is an error naming its number.
pub fn read_lines<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(unavailable(path, e)),
    };
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| unavailable(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).map_err(|e| unavailable(path, format!("line {}: {e}", i + 1)))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_append_and_read_back_and_the_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/log.jsonl");
        assert!(read_lines::<serde_json::Value>(&path).unwrap().is_empty());
        append_line(&path, &serde_json::json!({"a": 1})).unwrap();
        append_line(&path, &serde_json::json!({"a": 2})).unwrap();
        let back: Vec<serde_json::Value> = read_lines(&path).unwrap();
        assert_eq!(back, [serde_json::json!({"a": 1}), serde_json::json!({"a": 2})]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&path, "{\"a\": 1}\n{\"a\"\n").unwrap();
        let err = read_lines::<serde_json::Value>(&path).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
