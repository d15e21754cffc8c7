//! The custody time limits on watch.

use super::{Client, ClientError};
use crate::api::cases::{CtlWatch, CtlWatchQuery};

impl Client {
    /// `GET /api/v1/cases/custody-time-limits`.
    pub async fn custody_time_limits(&self, query: &CtlWatchQuery) -> Result<CtlWatch, ClientError> {
        self.get(&["cases", "custody-time-limits"], query).await
    }
}
