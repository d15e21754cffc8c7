//! The profile pane's state: the person open, why, and their timeline.

use super::list::ListState;
use crate::api::Profile;

#[derive(Debug, Clone, Default)]
pub struct ProfileView {
    pub person_id: Option<String>,
    pub name: String,
    pub reason: Option<String>,
    pub profile: Option<Profile>,
    pub loading: bool,
    pub error: Option<String>,
    /// The timeline: selection by entry id.
    pub list: ListState,
    /// The list shows the person's places, vehicles and phones instead.
    pub linked: bool,
    /// The places, vehicles and phones: selection by place or object id.
    pub linked_list: ListState,
}
