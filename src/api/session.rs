//! Logging in, who is logged in, and whether the server is up.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::role::Role;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    pub token: String,
    /// The session ends then at the latest…
    pub expires_at: DateTime<Utc>,
    pub username: String,
    pub roles: Vec<Role>,
    /// …or after this many seconds without a request.
    pub idle_timeout_secs: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub roles: Vec<Role>,
    pub expires_at: DateTime<Utc>,
    /// The session ends after this many seconds without a request.
    pub idle_timeout_secs: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub backend: String,
    pub version: String,
    pub persons_indexed: usize,
    pub last_change: i64,
}
