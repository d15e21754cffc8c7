//! What the crime and intelligence forms share: a key typed into one
//! (typing goes to the focused input, Up/Down/Tab move, Enter moves on and
//! on the last input sends, Esc closes it), reading its inputs, and a
//! refusal — the console's own or the server's — kept on the input it
//! names, with the form's input left as it was.

use super::common::{edit_text, not_saved, refusal_text, refused_input, step};
use super::pane::{Key, SaveReply};
use crate::client::ClientError;
use crate::console::state::desk_form::DeskForm;

/// An input refused: its name and why.
pub type Refusal = (&'static str, String);

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// The form stays open as it is.
    Stay,
    /// Enter on the last input: send it.
    Send,
    /// Esc: close it (its input kept as a draft if typed in).
    Close,
}

pub fn key<K>(form: &mut DeskForm<K>, key: &Key) -> FormKey {
    match key {
        Key::Edit(edit) => {
            if let Some(f) = form.fields.get_mut(form.focus).filter(|_| !form.saving) {
                edit_text(&mut f.value, edit);
                form.touched = true;
                if form.error_field.as_deref() == Some(f.name) {
                    form.error_field = None;
                    form.error = None;
                }
            }
            FormKey::Stay
        }
        Key::Pick(delta) => {
            form.focus = step(form.focus, form.fields.len(), *delta > 0);
            FormKey::Stay
        }
        Key::Submit if form.saving => FormKey::Stay,
        Key::Submit if form.focus + 1 < form.fields.len() => {
            form.focus += 1;
            FormKey::Stay
        }
        Key::Submit => FormKey::Send,
        Key::Cancel => FormKey::Close,
    }
}

/// The input's text, refused by its label when empty.
pub fn required<K>(form: &DeskForm<K>, name: &'static str) -> Result<String, Refusal> {
    let value = form.value(name).trim().to_string();
    if value.is_empty() {
        let label = form.fields.iter().find(|f| f.name == name).map(|f| f.label).unwrap_or(name);
        return Err((name, format!("{label} must not be empty")));
    }
    Ok(value)
}

/// The input's text, None when left empty.
pub fn optional<K>(form: &DeskForm<K>, name: &str) -> Option<String> {
    Some(form.value(name).trim().to_string()).filter(|v| !v.is_empty())
}

/// Refused before sending: the focus goes to the input named.
pub fn refuse<K>(form: &mut DeskForm<K>, (name, message): Refusal) {
    if let Some(i) = form.fields.iter().position(|f| f.name == name) {
        form.focus = i;
    }
    form.saving = false;
    form.error = Some(message);
    form.error_field = (!name.is_empty()).then(|| name.to_string());
}

/// Refused by the server: why, on the input the refusal names.
pub fn refused<K>(form: &mut DeskForm<K>, error: &ClientError) {
    form.saving = false;
    let at = refused_input(error, &form.fields);
    if let Some(i) = at {
        form.focus = i;
    }
    form.error = Some(not_saved(&refusal_text(error), at.map(|i| &form.fields[i])));
    form.error_field = at.map(|i| form.fields[i].name.to_string());
}

/// The server's answer to an action on record `save.id`: a draft kept for
/// it is done with once saved, and the form waiting on it (`open`) is to
/// close (true), or keeps its input and says why, on the input named.
pub fn answered<K>(open: Option<&mut DeskForm<K>>, draft: &mut Option<DeskForm<K>>, save: &SaveReply) -> bool {
    let waiting = open.filter(|f| f.saving && f.record_id == save.id);
    match save.result {
        Ok(_) => {
            if draft.as_ref().is_some_and(|d| d.record_id == save.id) {
                *draft = None;
            }
            waiting.is_some()
        }
        Err(e) => {
            if let Some(form) = waiting {
                refused(form, e);
            }
            false
        }
    }
}

/// Sending: the refusal shown before is gone.
pub fn sending<K>(form: &mut DeskForm<K>) {
    form.saving = true;
    form.error = None;
    form.error_field = None;
}

/// The one of `values` that what was typed names: its words in full, or
/// the start of one of them (three letters at least), if only one fits.
pub fn pick<T: Clone>(typed: &str, values: &[T], words: impl Fn(&T) -> Vec<String>) -> Option<T> {
    let typed = typed.trim().to_lowercase().replace(['-', '_'], " ");
    if typed.is_empty() {
        return None;
    }
    let norm = |w: &String| w.to_lowercase().replace(['-', '_'], " ");
    if let Some(v) = values.iter().find(|v| words(*v).iter().any(|w| norm(w) == typed)) {
        return Some(v.clone());
    }
    let mut fits = values.iter().filter(|v| typed.len() >= 3 && words(*v).iter().any(|w| norm(w).starts_with(&typed)));
    match (fits.next(), fits.next()) {
        (Some(one), None) => Some(one.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_picked_by_its_words_or_a_start_that_fits_one() {
        let values = ["victim contact", "enquiry", "action", "note"];
        let words = |v: &&str| vec![v.to_string()];
        assert_eq!(pick("Enquiry", &values, words), Some("enquiry"));
        assert_eq!(pick("victim", &values, words), Some("victim contact"));
        assert_eq!(pick("victim_contact", &values, words), Some("victim contact"));
        assert_eq!(pick("no", &values, words), None, "too short to tell");
        assert_eq!(pick("", &values, words), None);
        assert_eq!(pick("arrest", &values, words), None);
    }
}
