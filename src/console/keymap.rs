//! Keymaps: `keymaps/*.toml` built into the binary, user files in the
//! config dir on top. Every mistake is an error at start that names the
//! file, line and column.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::action::{Command, Scope};
use super::config_error::ConfigError;
use super::key::{parse_sequence, sequence_to_string, KeyChord};

/// The keymaps shipped with the binary.
pub const BUILTIN: &[(&str, &str)] =
    &[("default", include_str!("../../keymaps/default.toml")), ("vim", include_str!("../../keymaps/vim.toml"))];

/// What a key does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Command(Command),
    /// A palette command line, without the `:`.
    Palette(String),
}

impl Binding {
    pub fn describe(&self) -> String {
        match self {
            Binding::Command(c) => c.info().doc.to_string(),
            Binding::Palette(line) => format!(":{line}"),
        }
    }
}

/// Where a binding was written, to point at it in a later error.
#[derive(Debug, Clone)]
struct Origin {
    file: Arc<str>,
    source: Arc<str>,
    span: std::ops::Range<usize>,
}

impl Origin {
    fn error(&self, message: impl Into<String>) -> ConfigError {
        ConfigError::at(&self.file, &self.source, self.span.clone(), message)
    }
}

#[derive(Debug, Clone)]
struct Bound {
    binding: Binding,
    origin: Origin,
}

/// The outcome of looking a key sequence up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    Found(&'a Binding),
    /// The start of a longer sequence: wait for the next key.
    Prefix,
    None,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    pub name: String,
    tables: BTreeMap<Scope, BTreeMap<Vec<KeyChord>, Bound>>,
}

type Table = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    inherits: Option<Spanned<String>>,
    #[serde(default)]
    global: Table,
    #[serde(default)]
    lookup: Table,
    #[serde(default)]
    profile: Table,
    #[serde(default)]
    board: Table,
    #[serde(default)]
    warrants: Table,
    #[serde(default)]
    cases: Table,
    #[serde(default)]
    event: Table,
    #[serde(default)]
    review: Table,
}

impl KeymapFile {
    fn tables(self) -> [(Scope, Table); 8] {
        [
            (Scope::Global, self.global),
            (Scope::Lookup, self.lookup),
            (Scope::Profile, self.profile),
            (Scope::Board, self.board),
            (Scope::Warrants, self.warrants),
            (Scope::Cases, self.cases),
            (Scope::Event, self.event),
            (Scope::Review, self.review),
        ]
    }
}

/// Finds a named keymap: a user file `keymaps/NAME.toml` in the config dir
/// first, then the built-in one. Returns (file label, text).
fn find_source(name: &str, config_dir: Option<&Path>) -> Result<Option<(String, String)>, ConfigError> {
    if let Some(dir) = config_dir {
        let path = dir.join("keymaps").join(format!("{name}.toml"));
        if let Some(text) = read_optional(&path)? {
            return Ok(Some((path.display().to_string(), text)));
        }
    }
    Ok(BUILTIN.iter().find(|(n, _)| *n == name).map(|(n, text)| (format!("keymaps/{n}.toml"), text.to_string())))
}

pub(super) fn read_optional(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError::file(&path.display().to_string(), format!("cannot read: {e}"))),
    }
}

impl Keymap {
    /// The keymap `name` (built in, or from the config dir), with the
    /// user's `keymap.toml` from the config dir merged over it.
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Keymap, ConfigError> {
        let mut keymap = Keymap { name: name.to_string(), tables: BTreeMap::new() };
        keymap.apply_named(name, config_dir, 0, None)?;
        if let Some(dir) = config_dir {
            let path = dir.join("keymap.toml");
            if let Some(text) = read_optional(&path)? {
                keymap.apply(&path.display().to_string(), &text, config_dir, 0)?;
            }
        }
        keymap.check_prefixes()?;
        Ok(keymap)
    }

    /// A built-in keymap alone.
    pub fn builtin(name: &str) -> Result<Keymap, ConfigError> {
        Self::load(name, None)
    }

    /// Parses one file's text over nothing but what it inherits (for tests
    /// and for checking a file).
    pub fn from_text(file: &str, text: &str) -> Result<Keymap, ConfigError> {
        let mut keymap = Keymap { name: file.to_string(), tables: BTreeMap::new() };
        keymap.apply(file, text, None, 0)?;
        keymap.check_prefixes()?;
        Ok(keymap)
    }

    fn apply_named(
        &mut self,
        name: &str,
        config_dir: Option<&Path>,
        depth: usize,
        at: Option<&Origin>,
    ) -> Result<(), ConfigError> {
        let not_found = |message: String| match at {
            Some(origin) => origin.error(message),
            None => ConfigError::file("keymap", message),
        };
        if depth > 8 {
            return Err(not_found(format!("keymap '{name}' inherits in a loop")));
        }
        let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        let (file, text) = find_source(name, config_dir)?
            .ok_or_else(|| not_found(format!("no keymap named '{name}' (built in: {})", names.join(", "))))?;
        self.apply(&file, &text, config_dir, depth)
    }

    /// Applies one file over what is there: its parent first, then its own
    /// bindings key by key (`"none"` unbinds).
    fn apply(&mut self, file: &str, text: &str, config_dir: Option<&Path>, depth: usize) -> Result<(), ConfigError> {
        let parsed: KeymapFile = toml::from_str(text).map_err(|e| ConfigError::from_toml(file, text, &e))?;
        let file: Arc<str> = Arc::from(file);
        let source: Arc<str> = Arc::from(text);
        let origin = |span: std::ops::Range<usize>| Origin { file: file.clone(), source: source.clone(), span };
        if let Some(parent) = &parsed.inherits {
            self.apply_named(parent.get_ref(), config_dir, depth + 1, Some(&origin(parent.span())))?;
        }
        for (scope, table) in parsed.tables() {
            let mut seen: BTreeMap<Vec<KeyChord>, Spanned<String>> = BTreeMap::new();
            for (key, value) in table {
                let key_origin = origin(key.span());
                let keys = parse_sequence(key.get_ref())
                    .map_err(|e| key_origin.error(format!("bad key name in [{}]: {e}", scope.name())))?;
                if let Some(earlier) = seen.get(&keys) {
                    let line = ConfigError::at(&file, &source, earlier.span(), "").line;
                    return Err(key_origin.error(format!(
                        "key clash in [{}]: '{}' is the same key as '{}' on line {line}",
                        scope.name(),
                        key.get_ref(),
                        earlier.get_ref()
                    )));
                }
                seen.insert(keys.clone(), key.clone());
                let value_origin = origin(value.span());
                let text = value.get_ref().trim();
                let table = self.tables.entry(scope).or_default();
                if text == "none" {
                    table.remove(&keys);
                    continue;
                }
                let binding = if let Some(line) = text.strip_prefix(':') {
                    if line.trim().is_empty() {
                        return Err(value_origin.error("an empty palette command"));
                    }
                    Binding::Palette(line.trim().to_string())
                } else {
                    let command =
                        Command::from_id(text).ok_or_else(|| value_origin.error(format!("unknown action '{text}'")))?;
                    if !command.allowed_in(scope) {
                        return Err(value_origin.error(format!(
                            "action '{text}' belongs to another pane and cannot be bound in [{}]",
                            scope.name()
                        )));
                    }
                    Binding::Command(command)
                };
                table.insert(keys, Bound { binding, origin: key_origin });
            }
        }
        Ok(())
    }

    /// A key that is also the start of a longer sequence in the same pane
    /// could never reach the longer one.
    fn check_prefixes(&self) -> Result<(), ConfigError> {
        for (scope, table) in &self.tables {
            for (keys, bound) in table {
                for (longer, other) in table.range(keys.clone()..) {
                    if longer.len() > keys.len() && longer.starts_with(keys) {
                        return Err(other.origin.error(format!(
                            "key clash in [{}]: '{}' starts with '{}', which is already bound to '{}'",
                            scope.name(),
                            sequence_to_string(longer),
                            sequence_to_string(keys),
                            bound.binding.describe()
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// The binding of `keys` in `scope`, falling back to `[global]`.
    pub fn lookup(&self, scope: Scope, keys: &[KeyChord]) -> Lookup<'_> {
        for table in [scope, Scope::Global].iter().filter_map(|s| self.tables.get(s)) {
            if let Some(bound) = table.get(keys) {
                return Lookup::Found(&bound.binding);
            }
            if table.range(keys.to_vec()..).next().is_some_and(|(k, _)| k.starts_with(keys)) {
                return Lookup::Prefix;
            }
        }
        Lookup::None
    }

    /// The bindings in force in `scope`, reversed to binding → keys, in the
    /// registry's order; `pane_only` leaves out what comes from `[global]`.
    pub fn bindings(&self, scope: Scope, pane_only: bool) -> Vec<(Binding, Vec<String>)> {
        let mut out: Vec<(Binding, Vec<String>)> = Vec::new();
        let mut add = |binding: &Binding, keys: &[KeyChord]| {
            let text = sequence_to_string(keys);
            match out.iter_mut().find(|(b, _)| b == binding) {
                Some((_, list)) => list.push(text),
                None => out.push((binding.clone(), vec![text])),
            }
        };
        let pane = self.tables.get(&scope);
        if let Some(table) = pane {
            for (keys, bound) in table {
                add(&bound.binding, keys);
            }
        }
        if !pane_only && scope != Scope::Global {
            if let Some(global) = self.tables.get(&Scope::Global) {
                for (keys, bound) in global {
                    let shadowed = pane.is_some_and(|p| p.contains_key(keys));
                    if !shadowed {
                        add(&bound.binding, keys);
                    }
                }
            }
        }
        let order = |b: &Binding| match b {
            Binding::Command(c) => super::action::REGISTRY.iter().position(|i| i.command == *c).unwrap_or(0),
            Binding::Palette(_) => usize::MAX,
        };
        out.sort_by_key(|(b, _)| order(b));
        out
    }

    /// The first key bound to `command` in `scope`, for hints.
    pub fn key_for(&self, scope: Scope, command: Command) -> Option<String> {
        self.bindings(scope, false)
            .into_iter()
            .find(|(b, _)| *b == Binding::Command(command))
            .and_then(|(_, keys)| keys.into_iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chord(text: &str) -> Vec<KeyChord> {
        parse_sequence(text).unwrap()
    }

    #[test]
    fn every_builtin_keymap_parses() {
        for (name, _) in BUILTIN {
            let keymap = Keymap::builtin(name).unwrap_or_else(|e| panic!("{e}"));
            assert!(keymap.lookup(Scope::Board, &chord("q")) == Lookup::Found(&Binding::Command(Command::Quit)));
        }
    }

    #[test]
    fn vim_inherits_and_adds_sequences() {
        let vim = Keymap::builtin("vim").unwrap();
        assert_eq!(vim.lookup(Scope::Cases, &chord("g")), Lookup::Prefix);
        assert_eq!(vim.lookup(Scope::Cases, &chord("g g")), Lookup::Found(&Binding::Command(Command::FirstRow)));
        assert_eq!(vim.lookup(Scope::Board, &chord("l")), Lookup::Found(&Binding::Command(Command::NextSuite)));
        assert_eq!(vim.lookup(Scope::Board, &chord("down")), Lookup::Found(&Binding::Command(Command::Down)));
    }

    #[test]
    fn a_user_file_overrides_single_bindings_and_unbinds() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("keymap.toml"),
            "[board]\nx = \"record_visit\"\nv = \"none\"\n[global]\nF = \":warrants\"\n",
        )
        .unwrap();
        let keymap = Keymap::load("default", Some(dir.path())).unwrap();
        assert_eq!(keymap.lookup(Scope::Board, &chord("x")), Lookup::Found(&Binding::Command(Command::RecordVisit)));
        assert_eq!(keymap.lookup(Scope::Board, &chord("v")), Lookup::None);
        assert_eq!(keymap.lookup(Scope::Board, &chord("up")), Lookup::Found(&Binding::Command(Command::Up)));
        assert_eq!(keymap.lookup(Scope::Cases, &chord("F")), Lookup::Found(&Binding::Palette("warrants".into())));
        assert_eq!(keymap.key_for(Scope::Board, Command::RecordVisit).as_deref(), Some("x"));
    }

    #[test]
    fn bindings_are_reversed_for_help() {
        let keymap = Keymap::builtin("default").unwrap();
        let board = keymap.bindings(Scope::Board, false);
        let (_, keys) = board.iter().find(|(b, _)| *b == Binding::Command(Command::PaneBoard)).unwrap();
        assert_eq!(keys, &vec!["3".to_string(), "f3".to_string()]);
    }

    /// Each bad file in tests/invalid_configs/ sits beside the exact error
    /// it must produce.
    #[test]
    fn invalid_keymaps_give_their_exact_errors() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_configs");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !(name.starts_with("keymap_") && name.ends_with(".toml")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let error = Keymap::from_text(&name, &text).unwrap_err();
            // BLESS=1 rewrites the expectations, to be reviewed in the diff.
            if std::env::var_os("BLESS").is_some() {
                std::fs::write(path.with_extension("expected"), format!("{error}\n")).unwrap();
            }
            let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
            assert_eq!(error.to_string(), expected.trim_end(), "{name}");
            checked += 1;
        }
        assert!(checked >= 4);
    }
}
