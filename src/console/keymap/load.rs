//! Loading a keymap: `keymaps/*.toml` built into the binary, user files in
//! the config dir on top. The built-in default goes over the keys the panes
//! declare (each pane's own commands in its table, and in `[global]` the
//! key of each tab by its place), so a pane brings its keys with it. Every
//! mistake is an error at start that names the file, line and column.

use std::collections::BTreeMap;
use std::fmt::{self, Write};
use std::path::Path;
use std::sync::Arc;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::{read_optional, Binding, Bound, Keymap, Origin};
use crate::console::action::{Command, Scope};
use crate::console::config_error::ConfigError;
use crate::console::key::{parse_sequence, sequence_to_string, KeyChord};
use crate::console::state::PaneId;
use crate::console::update::registry;

/// The keymaps shipped with the binary.
pub const BUILTIN: &[(&str, &str)] =
    &[("default", include_str!("../../../keymaps/default.toml")), ("vim", include_str!("../../../keymaps/vim.toml"))];

/// The built-in keymap that goes over the keys the panes declare.
const OVER_PANE_KEYS: &str = "default";

/// How errors name the keys the panes declare (a mistake there is the code's).
const PANE_KEYS_FILE: &str = "the keys the panes declare";

type Table = BTreeMap<Spanned<String>, Spanned<String>>;

/// One keymap file: what it inherits, and its tables by name.
struct KeymapFile {
    inherits: Option<Spanned<String>>,
    tables: Vec<(Spanned<String>, Table)>,
    /// The first table whose name is neither `global` nor a pane's.
    unknown: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for KeymapFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Tables;
        impl<'de> Visitor<'de> for Tables {
            type Value = KeymapFile;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a keymap: `inherits` and tables of keys")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeymapFile, A::Error> {
                let mut file = KeymapFile { inherits: None, tables: Vec::new(), unknown: None };
                while let Some(name) = map.next_key::<Spanned<String>>()? {
                    if file.unknown.is_some() {
                        map.next_value::<IgnoredAny>()?;
                    } else if name.get_ref() == "inherits" {
                        file.inherits = Some(map.next_value()?);
                    } else if scope(name.get_ref()).is_some() {
                        file.tables.push((name, map.next_value()?));
                    } else {
                        map.next_value::<IgnoredAny>()?;
                        file.unknown = Some(name);
                    }
                }
                Ok(file)
            }
        }
        deserializer.deserialize_map(Tables)
    }
}

/// The table called `name`: `[global]`, or a pane's.
fn scope(name: &str) -> Option<Scope> {
    if name == "global" {
        return Some(Scope::Global);
    }
    PaneId::ALL.iter().find(|p| p.name() == name).map(|p| Scope::Pane(*p))
}

/// Whether `command` may be bound in `scope`: a pane's own command only in
/// its pane's table; every other anywhere.
fn allowed_in(command: Command, scope: Scope) -> bool {
    let owner = registry::all().find(|p| p.about().commands.iter().any(|i| i.command == command));
    owner.is_none_or(|pane| scope == Scope::Pane(pane.id()))
}

/// The keys the panes declare, as the text of a keymap file.
fn pane_keys() -> String {
    let mut text = String::from("[global]\n");
    let line = |text: &mut String, key: &str, command: Command| {
        let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
        let _ = writeln!(text, "{} = {}", quoted(key), quoted(&command.id()));
    };
    // A tab's key is its place: 1 to 9, and F1 to F12.
    for (n, pane) in (1..).zip(registry::tabs()) {
        let show = Command::Show(pane.id());
        if n <= 9 {
            line(&mut text, &n.to_string(), show);
        }
        if n <= 12 {
            line(&mut text, &format!("f{n}"), show);
        }
    }
    for pane in registry::all() {
        let _ = writeln!(text, "[{}]", pane.id().name());
        for info in pane.about().commands {
            for key in info.keys {
                line(&mut text, key, info.command);
            }
        }
    }
    text
}

/// Finds a named keymap: a user file `keymaps/NAME.toml` in the config dir
/// first, then the built-in one. Returns (file label, text, built in).
fn find_source(name: &str, config_dir: Option<&Path>) -> Result<Option<(String, String, bool)>, ConfigError> {
    if let Some(dir) = config_dir {
        let path = dir.join("keymaps").join(format!("{name}.toml"));
        if let Some(text) = read_optional(&path)? {
            return Ok(Some((path.display().to_string(), text, false)));
        }
    }
    Ok(BUILTIN.iter().find(|(n, _)| *n == name).map(|(n, text)| (format!("keymaps/{n}.toml"), text.to_string(), true)))
}

impl Keymap {
    /// An empty keymap that knows every command (from the registry).
    fn empty(name: &str) -> Keymap {
        Keymap {
            name: name.to_string(),
            changed_by: None,
            tables: BTreeMap::new(),
            commands: registry::commands().into(),
        }
    }

    /// The keymap `name` (built in, or from the config dir), with the
    /// user's `keymap.toml` from the config dir merged over it.
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Keymap, ConfigError> {
        let mut keymap = Keymap::empty(name);
        keymap.apply_named(name, config_dir, 0, None)?;
        if let Some(dir) = config_dir {
            let path = dir.join("keymap.toml");
            if let Some(text) = read_optional(&path)? {
                keymap.apply(&path.display().to_string(), &text, config_dir, 0)?;
                keymap.changed_by = Some("keymap.toml".to_string());
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
        let mut keymap = Keymap::empty(file);
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
        let (file, text, builtin) = find_source(name, config_dir)?
            .ok_or_else(|| not_found(format!("no keymap named '{name}' (built in: {})", names.join(", "))))?;
        if builtin && name == OVER_PANE_KEYS {
            self.apply(PANE_KEYS_FILE, &pane_keys(), None, depth)?;
        }
        self.apply(&file, &text, config_dir, depth)
    }

    /// Applies one file over what is there: its parent first, then its own
    /// bindings key by key (`"none"` unbinds).
    fn apply(&mut self, file: &str, text: &str, config_dir: Option<&Path>, depth: usize) -> Result<(), ConfigError> {
        let parsed: KeymapFile = toml::from_str(text).map_err(|e| ConfigError::from_toml(file, text, &e))?;
        let file: Arc<str> = Arc::from(file);
        let source: Arc<str> = Arc::from(text);
        let origin = |span: std::ops::Range<usize>| Origin { file: file.clone(), source: source.clone(), span };
        if let Some(name) = &parsed.unknown {
            let known: Vec<String> = ["inherits", "global"]
                .into_iter()
                .chain(PaneId::ALL.iter().map(|p| p.name()))
                .map(|n| format!("`{n}`"))
                .collect();
            let message = format!("unknown field `{}`, expected one of {}", name.get_ref(), known.join(", "));
            let names = ["inherits", "global"].into_iter().chain(PaneId::ALL.iter().map(|p| p.name()));
            return Err(origin(name.span()).error(message).suggesting(name.get_ref(), names));
        }
        if let Some(parent) = &parsed.inherits {
            self.apply_named(parent.get_ref(), config_dir, depth + 1, Some(&origin(parent.span())))?;
        }
        for (name, table) in parsed.tables {
            let Some(scope) = scope(name.get_ref()) else { continue };
            let mut seen: BTreeMap<Vec<KeyChord>, Spanned<String>> = BTreeMap::new();
            for (key, value) in table {
                let key_origin = origin(key.span());
                let keys = parse_sequence(key.get_ref()).map_err(|e| {
                    let error = key_origin.error(format!("bad key name in [{}]: {e}", scope.name()));
                    ConfigError { suggestion: crate::console::key::nearest_key(key.get_ref()), ..error }
                })?;
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
                if text == "none" {
                    self.tables.entry(scope).or_default().remove(&keys);
                    continue;
                }
                let binding = if let Some(line) = text.strip_prefix(':') {
                    if line.trim().is_empty() {
                        return Err(value_origin.error("an empty palette command"));
                    }
                    Binding::Palette(line.trim().to_string())
                } else {
                    let command =
                        self.commands.iter().map(|i| i.command).find(|c| c.id() == text).ok_or_else(|| {
                            let known = self.commands.iter().map(|i| i.command).filter(|c| allowed_in(*c, scope));
                            let known: Vec<String> = known.map(|c| c.id().into_owned()).collect();
                            let error = value_origin.error(format!("unknown action '{text}'"));
                            error.suggesting(text, known.iter().map(String::as_str))
                        })?;
                    if !allowed_in(command, scope) {
                        return Err(value_origin.error(format!(
                            "action '{text}' belongs to another pane and cannot be bound in [{}]",
                            scope.name()
                        )));
                    }
                    Binding::Command(command)
                };
                self.tables.entry(scope).or_default().insert(keys, Bound { binding, origin: key_origin });
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
                            self.describe(&bound.binding)
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}
