//! Which page of a profile's timeline to read: a vehicle's, phone's or
//! place's profile brings its newest linked records a page at a time, so
//! a car seen at a thousand crimes opens as fast as one seen at ten.

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// Records on a page when the caller does not say.
pub const TIMELINE_PAGE: usize = 100;
/// The most records one page may bring.
pub const TIMELINE_PAGE_MAX: usize = 500;

/// `GET /objects/{id}` and `GET /places/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProfileQuery {
    /// Why the record is consulted (required); logged with every record shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(min_length = 8, max_length = 500)]
    pub reason: Option<String>,
    /// Records of the timeline on this page: 1 to 500; 100 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<usize>,
    /// The `timeline_next` of the page before: the records that follow it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 200)]
    pub after: Option<String>,
}

impl ProfileQuery {
    /// The first page, of the usual size.
    pub fn new(reason: &str) -> Self {
        Self { reason: Some(reason.to_string()), limit: None, after: None }
    }

    /// The page after the one whose `timeline_next` was `after`.
    pub fn after(reason: &str, after: &str) -> Self {
        Self { after: Some(after.to_string()), ..Self::new(reason) }
    }
}
