//! Lifecycle actions on custody records, warrants, cases, incidents, crimes,
//! intelligence and safeguarding reports and ASB cases: the only way
//! those records change, each transition checked by the server.

use reqwest::Method;

use super::{Client, ClientError};
use crate::api::asb::AsbActionRequest;
use crate::api::cases::CaseActionRequest;
use crate::api::crimes::CrimeActionRequest;
use crate::api::custody::ActionRequest;
use crate::api::incidents::IncidentActionRequest;
use crate::api::intelligence::IntelligenceActionRequest;
use crate::api::safeguarding::SafeguardingActionRequest;
use crate::api::warrants::WarrantActionRequest;
use crate::api::{
    AsbAction, CaseAction, CrimeAction, CustodyAction, Event, EventKind, IncidentAction, IntelligenceAction,
    SafeguardingAction, WarrantAction,
};

/// One lifecycle action, typed by the kind of record it acts on: the kind
/// picks the route, and the action goes in that route's request.
#[derive(Debug, Clone, PartialEq)]
pub enum LifecycleAction {
    Custody(CustodyAction),
    Warrant(WarrantAction),
    Case(CaseAction),
    Incident(IncidentAction),
    Crime(CrimeAction),
    Intelligence(IntelligenceAction),
    Safeguarding(SafeguardingAction),
    Asb(AsbAction),
}

impl LifecycleAction {
    /// The kind of record the action is for.
    pub fn kind(&self) -> EventKind {
        match self {
            LifecycleAction::Custody(_) => EventKind::Custody,
            LifecycleAction::Warrant(_) => EventKind::Warrant,
            LifecycleAction::Case(_) => EventKind::Case,
            LifecycleAction::Incident(_) => EventKind::Incident,
            LifecycleAction::Crime(_) => EventKind::Crime,
            LifecycleAction::Intelligence(_) => EventKind::Intelligence,
            LifecycleAction::Safeguarding(_) => EventKind::Safeguarding,
            LifecycleAction::Asb(_) => EventKind::Asb,
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

impl From<IncidentAction> for LifecycleAction {
    fn from(action: IncidentAction) -> Self {
        LifecycleAction::Incident(action)
    }
}

impl From<IntelligenceAction> for LifecycleAction {
    fn from(action: IntelligenceAction) -> Self {
        LifecycleAction::Intelligence(action)
    }
}

impl From<CrimeAction> for LifecycleAction {
    fn from(action: CrimeAction) -> Self {
        LifecycleAction::Crime(action)
    }
}

impl From<SafeguardingAction> for LifecycleAction {
    fn from(action: SafeguardingAction) -> Self {
        LifecycleAction::Safeguarding(action)
    }
}

impl From<AsbAction> for LifecycleAction {
    fn from(action: AsbAction) -> Self {
        LifecycleAction::Asb(action)
    }
}

impl Client {
    /// `POST /api/v1/{collection}/{id}/actions` with the version the action
    /// is based on, in the request the kind's route reads.
    pub async fn act(&self, id: &str, version: i64, action: &LifecycleAction) -> Result<Event, ClientError> {
        let request = self.request(Method::POST, &[action.kind().collection(), id, "actions"]);
        let request = match action.clone() {
            LifecycleAction::Custody(action) => request.json(&ActionRequest { version, action }),
            LifecycleAction::Warrant(action) => request.json(&WarrantActionRequest { version, action }),
            LifecycleAction::Case(action) => request.json(&CaseActionRequest { version, action }),
            LifecycleAction::Incident(action) => request.json(&IncidentActionRequest { version, action }),
            LifecycleAction::Crime(action) => request.json(&CrimeActionRequest { version, action }),
            LifecycleAction::Intelligence(action) => request.json(&IntelligenceActionRequest { version, action }),
            LifecycleAction::Safeguarding(action) => request.json(&SafeguardingActionRequest { version, action }),
            LifecycleAction::Asb(action) => request.json(&AsbActionRequest { version, action }),
        };
        Self::send(request).await
    }
}
