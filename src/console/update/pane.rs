//! What a pane is to the dispatcher. Each pane implements `Pane` in its own
//! file beside this one and is listed once in `registry.rs`; the dispatcher,
//! the renderer and the router ask the pane on screen (or every pane)
//! through these methods, and never match on which pane it is. Every method
//! but the first three has a default, so a pane writes only what it does.

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo, Edit, Scope};
use crate::console::effect::Effect;
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::{Event, EventKind};

/// A key for whatever input has the focus: a dialog, or the pane's own box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Edit(Edit),
    /// Up/Down/Tab inside a dialog.
    Pick(i32),
    Submit,
    Cancel,
}

/// Which keys are in force in a pane, in words for the status bar: over
/// its list the keymap's; in its box printable keys type and only Enter
/// and Esc act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    pub name: &'static str,
    /// What Enter does, when typing (the keymap is not in force then).
    pub enter: Option<&'static str>,
    pub esc: Option<&'static str>,
}

impl Mode {
    /// Whether printable keys type (and so the keymap's keys are not in force).
    pub fn typing(&self) -> bool {
        self.enter.is_some()
    }
}

/// A pane's answer to a result offered to it.
// The action is only handed on, never kept: its size costs a move, not memory.
#[allow(clippy::large_enum_variant)]
pub enum Reply {
    Done(Vec<Effect>),
    /// Not this pane's: offered to the next.
    NotMine(Action),
}

/// The server's answer to a save, as every pane hears it.
pub struct SaveReply<'a> {
    pub kind: EventKind,
    pub id: &'a str,
    pub result: &'a Result<Event, ClientError>,
}

/// What a pane is: its id, its title, its tab, its own commands (with
/// their keys in the default keymap) and the live topics it follows.
/// Its keymap table is named like it (`PaneId::name`).
pub struct About {
    pub id: PaneId,
    /// Its name on the tab bar and in help.
    pub title: &'static str,
    /// What its tab's key does, in help ("Case status"); None for a pane
    /// reached only from the others. The key is its place on the tab bar.
    pub tab: Option<&'static str>,
    /// Its own commands, in help order.
    pub commands: &'static [CommandInfo],
    /// The topics of the live stream it follows.
    pub topics: &'static [&'static str],
    /// Its words in the command palette, if it has any.
    pub palette: Option<PaletteWords>,
}

/// A pane's words in the command palette: the line help shows (its first
/// word is its name there, `warrants [BOROUGH]`), what it does, and the
/// other words that reach it. What the palette's argument does to it is
/// the pane's `palette` method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaletteWords {
    pub usage: &'static str,
    pub doc: &'static str,
    pub aliases: &'static [&'static str],
}

impl PaletteWords {
    /// Its name in the palette: the first word of its usage line.
    pub fn word(&self) -> &'static str {
        self.usage.split_whitespace().next().unwrap_or(self.usage)
    }

    /// Whether `word` (lower case) reaches it.
    pub fn names(&self, word: &str) -> bool {
        self.word() == word || self.aliases.contains(&word)
    }
}

impl About {
    /// A pane with no tab, no commands of its own and no topics.
    pub const fn new(id: PaneId, title: &'static str) -> About {
        About { id, title, tab: None, commands: &[], topics: &[], palette: None }
    }

    /// Its words in the palette: `usage` as help shows it, what it does,
    /// and other words for it.
    pub const fn palette(self, usage: &'static str, doc: &'static str, aliases: &'static [&'static str]) -> About {
        About { palette: Some(PaletteWords { usage, doc, aliases }), ..self }
    }

    pub const fn tab(self, doc: &'static str) -> About {
        About { tab: Some(doc), ..self }
    }

    pub const fn commands(self, commands: &'static [CommandInfo]) -> About {
        About { commands, ..self }
    }

    pub const fn topics(self, topics: &'static [&'static str]) -> About {
        About { topics, ..self }
    }
}

pub trait Pane: Sync {
    fn about(&self) -> &'static About;

    /// How many list rows it shows in a body `body` rows high (to page by).
    fn list_rows(&self, body: u16) -> u16;

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect);

    fn id(&self) -> PaneId {
        self.about().id
    }

    fn title(&self) -> &'static str {
        self.about().title
    }

    /// Its keymap table.
    fn scope(&self) -> Scope {
        Scope::Pane(self.id())
    }

    /// Draws its own dialog, if one is open (over whatever pane is shown).
    fn render_dialog(&self, _state: &State, _ui: &Ui, _frame: &mut Frame, _area: Rect) {}

    // ---- its list ----

    /// The ids of the rows it shows, top to bottom.
    fn ids(&self, _state: &State) -> Vec<String> {
        Vec::new()
    }

    fn list<'a>(&self, _state: &'a State) -> Option<&'a ListState> {
        None
    }

    fn list_mut<'a>(&self, _state: &'a mut State) -> Option<&'a mut ListState> {
        None
    }

    /// The selected row's id (the nearest row's, if its record went away).
    fn selected(&self, state: &State) -> Option<String> {
        let ids = self.ids(state);
        views::selected_index(&ids, self.list(state)?).map(|i| ids[i].clone())
    }

    /// Moves the selection by `delta` rows, in a window `height` rows high.
    fn move_by(&self, state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
        let ids = self.ids(state);
        if let Some(list) = self.list_mut(state) {
            views::move_selection(list, &ids, delta, height);
        }
        Vec::new()
    }

    /// Whether typed keys go to its own input (its filter, a search box).
    fn typing(&self, state: &State) -> bool {
        self.list(state).is_some_and(|l| l.filter_editing)
    }

    /// The mode it is in, for the status bar: its name and what Enter and
    /// Esc do there (typing), or what Esc does over the list.
    fn mode(&self, state: &State) -> Mode {
        if self.typing(state) {
            return Mode { name: "FILTER", enter: Some("keep the filter"), esc: Some("clear the filter") };
        }
        let filtered = self.list(state).is_some_and(|l| !l.filter.is_empty());
        let esc = if filtered { Some("clear the filter") } else { self.back_doc(state) };
        Mode { name: if self.list(state).is_some() { "LIST" } else { "VIEW" }, enter: None, esc }
    }

    /// The command that enters its box, and what the box is for (hints).
    fn box_command(&self) -> (Command, &'static str) {
        (Command::Filter, "filter")
    }

    /// What Esc does over its list, when it goes back somewhere.
    fn back_doc(&self, _state: &State) -> Option<&'static str> {
        None
    }

    // ---- its work ----

    /// Loads what it shows if not loaded yet (always when `force`).
    fn load(&self, _state: &mut State, _force: bool) -> Vec<Effect> {
        Vec::new()
    }

    /// A command of its own, or a shared one it does its own way; None
    /// leaves it to the dispatcher.
    fn command(&self, _state: &mut State, _command: Command) -> Option<Vec<Effect>> {
        None
    }

    /// Its palette word was run with argument `arg` (trimmed, perhaps
    /// empty), and it is on screen now: `switched` is what switching to it
    /// asked for. What it asks for now (by default, only that).
    fn palette(&self, _state: &mut State, _arg: &str, switched: Vec<Effect>) -> Vec<Effect> {
        switched
    }

    /// Enter on row `id`.
    fn open(&self, _state: &mut State, _id: String) -> Vec<Effect> {
        Vec::new()
    }

    /// Esc, when there is no filter to clear.
    fn back(&self, _state: &mut State) -> Vec<Effect> {
        Vec::new()
    }

    /// Its typed filter changed (the selection has followed already).
    fn refine(&self, _state: &mut State) -> Vec<Effect> {
        Vec::new()
    }

    /// A value picked for its filter `filter` in a picker it opened (None:
    /// "all", the filter cleared).
    fn pick(&self, _state: &mut State, _filter: &'static str, _value: Option<&str>) -> Vec<Effect> {
        Vec::new()
    }

    /// Clears every filter of its own; its typed filter is cleared already,
    /// and what `refine` would ask of the server for that is asked here, in
    /// the one read that follows all its filters cleared.
    fn clear_filters(&self, state: &mut State) -> Vec<Effect> {
        self.refine(state)
    }

    /// A key for an input of its own when no dialog is open; None leaves
    /// it to its list's filter.
    fn input(&self, _state: &mut State, _key: &Key) -> Option<Vec<Effect>> {
        None
    }

    /// A key for its own dialog, if that is what is open.
    fn dialog(&self, _state: &mut State, _key: &Key) -> Option<Vec<Effect>> {
        None
    }

    /// A result addressed to it; any other is handed back.
    fn reply(&self, _state: &mut State, action: Action) -> Reply {
        Reply::NotMine(action)
    }

    // ---- the records it holds ----

    /// The version of record `id` it holds, if it holds it.
    fn held(&self, _state: &State, _kind: EventKind, _id: &str) -> Option<i64> {
        None
    }

    /// A record of `kind` changed on the server, newer than any held: what
    /// to read. (One re-read of a record is sent, however many ask.)
    fn follow_record(&self, _state: &mut State, _kind: EventKind, _change: &Change) -> Vec<Effect> {
        Vec::new()
    }

    /// What else a change on the live stream means to it (a person's
    /// picture, its queue). Asked of every change.
    fn follow(&self, _state: &mut State, _change: &Change) -> Vec<Effect> {
        Vec::new()
    }

    /// A record as it now stands: put it where it is shown.
    fn put(&self, _state: &mut State, _event: &Event) -> Vec<Effect> {
        Vec::new()
    }

    /// A record is gone (erased, or no longer readable).
    fn remove(&self, _state: &mut State, _kind: EventKind, _id: &str) {}

    /// The answer to a save: its forms close, or keep their input and say why.
    fn saved(&self, _state: &mut State, _save: &SaveReply) {}

    /// What quitting now would lose, in words for the quit question.
    fn unsaved_work(&self, _state: &State) -> Vec<&'static str> {
        Vec::new()
    }
}
