//! A filter's picker at work: a pane opens it with its values, typing
//! narrows them, Enter hands the one chosen back to the pane (or "all",
//! which clears the filter), Delete clears the filter at once and Esc
//! leaves it as it was.

use super::common::edit_text;
use super::pane::Key;
use crate::console::action::Edit;
use crate::console::effect::Effect;
use crate::console::state::{Overlay, Picked, Picker, State};
use crate::domain::boroughs::BOROUGHS;

/// Opens a picker over the pane on screen for its filter `filter`: `values` are its
/// values (not "all"), `current` the one in force, `label` how each reads.
pub fn open<T: PartialEq>(
    state: &mut State,
    (filter, title): (&'static str, &'static str),
    values: &[T],
    current: Option<&T>,
    label: impl Fn(&T) -> String,
) -> Vec<Effect> {
    let options = values.iter().map(&label).collect();
    let current = current.map(label);
    state.overlay = Overlay::Picker(Picker::new(filter, title, options).with_current(current));
    Vec::new()
}

/// As `open`, for a list whose first line is its default rather than no
/// filter at all (`all` says which: "my crimes (the default)").
pub fn open_with_default<T: PartialEq>(
    state: &mut State,
    on: (&'static str, &'static str),
    all: &'static str,
    values: &[T],
    current: Option<&T>,
    label: impl Fn(&T) -> String,
) -> Vec<Effect> {
    let effects = open(state, on, values, current, label);
    if let Overlay::Picker(picker) = &mut state.overlay {
        picker.all = all;
    }
    effects
}

/// The value a picker handed back, among `values` as `label` reads them:
/// None for "all", or for a value no longer there.
pub fn value<T: Clone>(values: &[T], label: impl Fn(&T) -> String, picked: Option<&str>) -> Option<T> {
    let picked = picked?;
    values.iter().find(|v| label(v) == picked).cloned()
}

/// The boroughs a list can be filtered to.
pub fn boroughs() -> Vec<String> {
    BOROUGHS.iter().map(|b| b.to_string()).collect()
}

/// A key for the open picker: the filter and value chosen (None: "all")
/// once the picker closes on a choice, for the pane to apply.
pub fn key(state: &mut State, key: &Key) -> Option<(&'static str, Option<String>)> {
    let Overlay::Picker(picker) = &mut state.overlay else {
        return None;
    };
    let picked = match key {
        Key::Edit(Edit::Delete) => Picked::Clear,
        Key::Edit(edit) => {
            edit_text(&mut picker.typed, edit);
            picker.narrowed();
            return None;
        }
        Key::Pick(delta) => {
            picker.step(*delta);
            return None;
        }
        Key::Cancel => {
            state.overlay = Overlay::None;
            return None;
        }
        Key::Submit => picker.picked(),
    };
    let filter = picker.filter;
    state.overlay = Overlay::None;
    Some(match picked {
        Picked::Clear => (filter, None),
        Picked::Value(v) => (filter, Some(v)),
    })
}
