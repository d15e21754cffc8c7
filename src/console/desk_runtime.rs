//! How the runtime makes the crime, intelligence, safeguarding and ASB desks' requests
//! (`desks.rs`): each read goes with the reason the audit records for it,
//! and its answer comes back as `Action::Desk`.

use tokio::sync::mpsc::UnboundedSender;

use super::action::Action;
use super::desks::{DeskEffect, DeskReply};
use crate::api::cases::CtlWatchQuery;
use crate::api::events::ListQuery;
use crate::api::intelligence::{IntelligenceQueuePage, IntelligenceQueueQuery, IntelligenceSearchQuery};
use crate::client::Client;
use crate::domain::event::EventKind;
use crate::domain::incident::IncidentCategory;

/// The reasons recorded in the audit for the desks' reads.
const CRIME_QUEUE_REASON: &str = "Crime queue in the console";
const INTEL_QUEUE_REASON: &str = "Intelligence queue in the console";
const INTEL_SEARCH_REASON: &str = "Intelligence search in the console";
const INTEL_READ_REASON: &str = "Intelligence report read in the console's intelligence pane";
const SAFEGUARDING_QUEUE_REASON: &str = "Safeguarding queue in the console";
const ASB_CASES_REASON: &str = "ASB cases in the console";
const ASB_INCIDENTS_REASON: &str = "ASB incidents listed to link one to a case in the console";

/// How many of a borough's latest ASB incidents the link form offers.
const LINKABLE: usize = 30;
const CTL_REASON: &str = "Custody time limits on the console's case status pane";

/// Starts `effect`; its answer comes back on `tx`.
pub fn run(client: Client, tx: UnboundedSender<Action>, effect: DeskEffect) {
    tokio::spawn(async move {
        let reply = match effect {
            DeskEffect::CrimeQueue { seq, mut query, append } => {
                query.reason = Some(CRIME_QUEUE_REASON.to_string());
                DeskReply::CrimeQueue { seq, append, result: client.crime_queue(&query).await }
            }
            DeskEffect::CrimeRow { mut query } => {
                query.reason = Some(CRIME_QUEUE_REASON.to_string());
                let result = client.crime_queue(&query).await;
                DeskReply::CrimeRow { query, result }
            }
            DeskEffect::CrimeTables => DeskReply::CrimeTables(client.crime_tables().await),
            DeskEffect::CrimeOfficers => DeskReply::CrimeOfficers(client.crime_officers().await),
            DeskEffect::IntelQueue { seq, text: Some(q), after, limit, .. } => {
                let append = after.is_some();
                let query = IntelligenceSearchQuery {
                    q,
                    limit: Some(limit.min(100)),
                    after,
                    reason: Some(INTEL_SEARCH_REASON.into()),
                };
                let result = client.intelligence_search(&query).await.map(|page| IntelligenceQueuePage {
                    at: chrono::Utc::now(),
                    items: page.items.into_iter().map(|hit| hit.event).collect(),
                    more: page.more,
                    next: page.next,
                });
                DeskReply::IntelQueue { seq, append, result }
            }
            DeskEffect::IntelQueue { seq, queue, after, limit, text: None } => {
                let append = after.is_some();
                let query = IntelligenceQueueQuery {
                    queue,
                    limit: Some(limit),
                    after,
                    reason: Some(INTEL_QUEUE_REASON.into()),
                };
                DeskReply::IntelQueue { seq, append, result: client.intelligence_queue(&query).await }
            }
            DeskEffect::ReadIntel { id, acknowledge } => {
                let kind = EventKind::Intelligence;
                let result = if acknowledge {
                    client.open_event_acknowledged(kind, &id, INTEL_READ_REASON).await
                } else {
                    client.get_event(kind, &id, Some(INTEL_READ_REASON)).await
                };
                DeskReply::IntelRead { id, result }
            }
            DeskEffect::SafeguardingQueue { seq, mut query, append } => {
                query.reason = Some(SAFEGUARDING_QUEUE_REASON.to_string());
                DeskReply::SafeguardingQueue { seq, append, result: client.safeguarding_queue(&query).await }
            }
            DeskEffect::SafeguardingAgencies => DeskReply::SafeguardingAgencies(client.safeguarding_agencies().await),
            DeskEffect::AsbCases { seq, mut query, append } => {
                query.reason = Some(ASB_CASES_REASON.to_string());
                DeskReply::AsbCases { seq, append, result: client.asb_cases(&query).await }
            }
            DeskEffect::AsbIncidents { case_id, borough } => {
                let query = ListQuery {
                    kind: Some(IncidentCategory::AntiSocialBehaviour.to_string()),
                    borough,
                    limit: Some(LINKABLE),
                    reason: Some(ASB_INCIDENTS_REASON.into()),
                    ..ListQuery::default()
                };
                DeskReply::AsbIncidents { case_id, result: client.list_events(EventKind::Incident, &query).await }
            }
            DeskEffect::CtlWatch => {
                let query = CtlWatchQuery { due: Some(true), reason: Some(CTL_REASON.into()) };
                DeskReply::CtlWatch(client.custody_time_limits(&query).await)
            }
        };
        let _ = tx.send(Action::Desk(reply));
    });
}
