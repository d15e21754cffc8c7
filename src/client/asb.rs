//! The ASB desk's endpoints: the cases with their standing, one case's
//! standing, and typed case actions.

use super::{Client, ClientError, LifecycleAction};
use crate::api::asb::{AsbCaseView, AsbCasesPage, AsbCasesQuery};
use crate::api::{AsbAction, Event, ReasonQuery};

impl Client {
    /// `GET /api/v1/asb/cases`: one page of cases, each with its standing.
    pub async fn asb_cases(&self, query: &AsbCasesQuery) -> Result<AsbCasesPage, ClientError> {
        self.get(&["asb", "cases"], query).await
    }

    /// `GET /api/v1/asb/{id}/standing`: a case and its standing as of now.
    pub async fn asb_standing(&self, id: &str, reason: &str) -> Result<AsbCaseView, ClientError> {
        self.get(&["asb", id, "standing"], &ReasonQuery { reason: Some(reason.to_string()) }).await
    }

    /// One ASB case action, based on the case's `version`.
    pub async fn asb_action(&self, id: &str, version: i64, action: &AsbAction) -> Result<Event, ClientError> {
        self.act(id, version, &LifecycleAction::Asb(action.clone())).await
    }
}
