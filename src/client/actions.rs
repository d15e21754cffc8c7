//! Lifecycle actions on custody records, warrants and cases: the only way
//! those records change, each transition checked by the server.

use reqwest::Method;
use serde::Serialize;

use super::{Client, ClientError};
use crate::domain::case_lifecycle::CaseAction;
use crate::domain::custody::CustodyAction;
use crate::domain::event::{Event, EventKind};
use crate::domain::warrant_lifecycle::WarrantAction;

/// One lifecycle action, typed by the kind of record it acts on. It is
/// sent as the action's own JSON (`{"type": "allocate", …}`), so the kind
/// goes in the path, not the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum LifecycleAction {
    Custody(CustodyAction),
    Warrant(WarrantAction),
    Case(CaseAction),
}

impl LifecycleAction {
    /// The kind of record the action is for.
    pub fn kind(&self) -> EventKind {
        match self {
            LifecycleAction::Custody(_) => EventKind::Custody,
            LifecycleAction::Warrant(_) => EventKind::Warrant,
            LifecycleAction::Case(_) => EventKind::Case,
        }
    }
}

impl From<CustodyAction> for LifecycleAction {
    fn from(action: CustodyAction) -> Self {
        LifecycleAction::Custody(action)
    }
}

impl From<WarrantAction> for LifecycleAction {
    fn from(action: WarrantAction) -> Self {
        LifecycleAction::Warrant(action)
    }
}

impl From<CaseAction> for LifecycleAction {
    fn from(action: CaseAction) -> Self {
        LifecycleAction::Case(action)
    }
}

/// The body of `POST /{collection}/{id}/actions`.
#[derive(Serialize)]
struct ActionBody<'a> {
    version: i64,
    action: &'a LifecycleAction,
}

impl Client {
    /// `POST /api/v1/{collection}/{id}/actions` with the version the action is based on.
    pub async fn act(&self, id: &str, version: i64, action: &LifecycleAction) -> Result<Event, ClientError> {
        let body = ActionBody { version, action };
        Self::send(self.request(Method::POST, &[action.kind().collection(), id, "actions"]).json(&body)).await
    }
}
