//! Allocating a warrant or a crime to someone from a list: the users of
//! the system who work them, as the server gives them, narrowed by what is
//! typed.

use super::common::{error_message, fail};
use crate::client::ClientError;
use crate::console::effect::Effect;
use crate::console::state::State;

/// The users a warrant may be allocated to, for the allocation form.
pub fn officers_loaded(state: &mut State, result: Result<Vec<String>, ClientError>) -> Vec<Effect> {
    match result {
        Ok(officers) => state.warrants.officers = officers,
        Err(e) => return fail(state, e, |s, text| s.message = Some(error_message(s, text))),
    }
    Vec::new()
}

/// The users whose names hold what is typed (all when nothing is).
pub fn officer_matches<'a>(officers: &'a [String], typed: &str) -> Vec<&'a String> {
    let lower = typed.trim().to_lowercase();
    officers.iter().filter(|o| o.to_lowercase().contains(&lower)).collect()
}

/// The user an allocation names: the one typed exactly, or the only one
/// whose name holds what is typed; `work` is what they work ("warrants").
pub fn officer(officers: &[String], typed: &str, work: &str) -> Result<String, String> {
    if officers.iter().any(|o| o == typed) {
        return Ok(typed.to_string());
    }
    match officer_matches(officers, typed).as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(format!("Officer: no user who works {work} is called '{typed}'")),
        many => Err(format!(
            "Officer: '{typed}' could be any of {}: type more of the name",
            many.iter().take(6).map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The list under the allocation form: the users left by what is typed.
pub fn choices(officers: &[String], typed: &str) -> String {
    if officers.is_empty() {
        return "Users: loading…".to_string();
    }
    let left = officer_matches(officers, typed);
    let shown: Vec<&str> = left.iter().take(8).map(|s| s.as_str()).collect();
    match left.len() {
        0 => "Users: none matches".to_string(),
        n if n > shown.len() => format!("Users: {} (+{} more)", shown.join(" · "), n - shown.len()),
        _ => format!("Users: {}", shown.join(" · ")),
    }
}
