//! The ASB desk's reads, made by its pane and run by the runtime, each
//! with the reason the audit records, and their answers.

use crate::api::asb::{AsbCasesPage, AsbCasesQuery};
use crate::api::events::{EventPage, ListQuery};
use crate::client::{Client, ClientError};
use crate::console::desks::desk_read;
use crate::domain::event::EventKind;
use crate::domain::incident::IncidentCategory;

const ASB_CASES_REASON: &str = "ASB cases in the console";
const ASB_INCIDENTS_REASON: &str = "ASB incidents listed to link one to a case in the console";

/// How many of a borough's latest ASB incidents the link form offers.
const LINKABLE: usize = 30;

#[derive(Debug, Clone)]
pub enum AsbRead {
    /// A page of ASB cases.
    AsbCases { seq: u64, query: AsbCasesQuery, append: bool },
    /// The latest ASB incidents of a borough, to link one to case `case_id`.
    AsbIncidents { case_id: String, borough: Option<String> },
}

#[derive(Debug, Clone)]
pub enum AsbAnswer {
    AsbCases { seq: u64, append: bool, result: Result<AsbCasesPage, ClientError> },
    AsbIncidents { case_id: String, result: Result<EventPage, ClientError> },
}

impl AsbRead {
    async fn answer(self, client: Client) -> AsbAnswer {
        match self {
            AsbRead::AsbCases { seq, mut query, append } => {
                query.reason = Some(ASB_CASES_REASON.to_string());
                AsbAnswer::AsbCases { seq, append, result: client.asb_cases(&query).await }
            }
            AsbRead::AsbIncidents { case_id, borough } => {
                let query = ListQuery {
                    kind: Some(IncidentCategory::AntiSocialBehaviour.to_string()),
                    borough,
                    limit: Some(LINKABLE),
                    reason: Some(ASB_INCIDENTS_REASON.into()),
                    ..ListQuery::default()
                };
                AsbAnswer::AsbIncidents { case_id, result: client.list_events(EventKind::Incident, &query).await }
            }
        }
    }
}

desk_read!(AsbRead);
