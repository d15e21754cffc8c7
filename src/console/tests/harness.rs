//! A console driven by real key events through the router the binary
//! uses, then `update`; the effects it asks for are kept for the test.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::client::{ClientError, LifecycleAction};
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::keymap::Keymap;
use crate::console::router::Router;
use crate::console::state::State;
use crate::console::update::update;
use crate::domain::event::{Event, EventKind};

pub struct Console {
    pub state: State,
    pub router: Router,
    pub effects: Vec<Effect>,
}

impl Console {
    /// With the default keys.
    pub fn new(state: State) -> Self {
        Self::with_keymap(state, "default")
    }

    pub fn with_keymap(state: State, keymap: &str) -> Self {
        Self { state, router: Router::new(Keymap::builtin(keymap).unwrap()), effects: Vec::new() }
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.key_with(code, KeyModifiers::NONE)
    }

    pub fn key_with(&mut self, code: KeyCode, modifiers: KeyModifiers) -> &mut Self {
        if let Some(action) = self.router.route(&self.state, KeyEvent::new(code, modifiers)) {
            self.effects.extend(update(&mut self.state, action));
        }
        self
    }

    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    pub fn act(&mut self, action: Action) -> &mut Self {
        self.effects.extend(update(&mut self.state, action));
        self
    }
}

/// A lifecycle action the console asked to save, with the action as the
/// JSON the server is sent.
pub struct SaveAsked {
    pub what: String,
    pub kind: EventKind,
    pub id: String,
    pub version: i64,
    pub action: serde_json::Value,
}

impl SaveAsked {
    /// The server's answer to it.
    pub fn answer(&self, result: Result<Event, ClientError>) -> Action {
        Action::Saved { kind: self.kind, id: self.id.clone(), what: self.what.clone(), result }
    }
}

/// The last save among `effects`.
pub fn last_save(effects: &[Effect]) -> Option<SaveAsked> {
    effects.iter().rev().find_map(|e| match e {
        Effect::Save { what, id, version, action } => Some(SaveAsked {
            what: what.clone(),
            kind: action.kind(),
            id: id.clone(),
            version: *version,
            action: action_json(action),
        }),
        _ => None,
    })
}

/// The action as it goes in the request's `action` field.
fn action_json(action: &LifecycleAction) -> serde_json::Value {
    let json = match action {
        LifecycleAction::Custody(action) => serde_json::to_value(action),
        LifecycleAction::Warrant(action) => serde_json::to_value(action),
        LifecycleAction::Case(action) => serde_json::to_value(action),
        LifecycleAction::Incident(action) => serde_json::to_value(action),
        LifecycleAction::Crime(action) => serde_json::to_value(action),
        LifecycleAction::Intelligence(action) => serde_json::to_value(action),
        LifecycleAction::Safeguarding(action) => serde_json::to_value(action),
        LifecycleAction::Asb(action) => serde_json::to_value(action),
    };
    json.expect("an action serialises")
}
