//! Keymaps: which key does what in each pane, as loaded (`load.rs` reads
//! the files and the keys each pane declares), looked up by the router and
//! read back for help and hints.

mod load;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::action::{Command, CommandInfo, Scope};
use super::config_error::ConfigError;
use super::key::{sequence_to_string, KeyChord};
use crate::domain::event::EventKind;

/// What a key does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Command(Command),
    /// A palette command line, without the `:`.
    Palette(String),
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
    /// The user's `keymap.toml` merged over the named keymap, if any: the
    /// keys in force are then no longer the named keymap's alone.
    pub changed_by: Option<String>,
    tables: BTreeMap<Scope, BTreeMap<Vec<KeyChord>, Bound>>,
    /// Every command there is, in help order, as the panes described them
    /// when the keymap was loaded.
    commands: Arc<[CommandInfo]>,
}

/// A config file's text, or None when there is no such file.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError::file(&path.display().to_string(), format!("cannot read: {e}"))),
    }
}

impl Keymap {
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
            Binding::Command(c) => self.commands.iter().position(|i| i.command == *c).unwrap_or(0),
            Binding::Palette(_) => usize::MAX,
        };
        // The registry's order; palette lines after the commands, by their
        // text. Hints ask for this on every frame: each key is made once.
        out.sort_by_cached_key(|(b, _)| (order(b), self.describe(b)));
        out
    }

    /// Which keys are in force, for help's title: "default keys", or
    /// "default keys changed by keymap.toml" once a user file changed them.
    pub fn in_force(&self) -> String {
        match &self.changed_by {
            Some(file) => format!("{} keys changed by {file}", self.name),
            None => format!("{} keys", self.name),
        }
    }

    /// The first key bound to `command` in `scope`, for hints.
    pub fn key_for(&self, scope: Scope, command: Command) -> Option<String> {
        self.bindings(scope, false)
            .into_iter()
            .find(|(b, _)| *b == Binding::Command(command))
            .and_then(|(_, keys)| keys.into_iter().next())
    }

    fn info(&self, command: Command) -> Option<&CommandInfo> {
        self.commands.iter().find(|i| i.command == command)
    }

    /// What a binding does, in words: its help line, or its palette line.
    pub fn describe(&self, binding: &Binding) -> String {
        match binding {
            Binding::Command(c) => self.info(*c).map(|i| i.doc.to_string()).unwrap_or_else(|| c.id().into_owned()),
            Binding::Palette(line) => format!(":{line}"),
        }
    }

    /// The record kind `command` writes, if any.
    pub fn writes(&self, command: Command) -> Option<EventKind> {
        self.info(command).and_then(|i| i.writes)
    }
}
