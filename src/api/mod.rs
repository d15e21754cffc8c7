//! The wire contract of `/api/v1`: every type that crosses HTTP, with its
//! OpenAPI schema — what the server sends and reads, and what the client
//! builds and reads. One file per area. The domain's records and actions
//! cross as they are; they are named here too, so that this module is the
//! whole contract a client needs. `errors` names the error replies each
//! route documents, all in the one error shape of `error`.

pub mod asb;
pub mod audit;
pub mod bail;
pub mod cases;
pub mod changes;
pub mod crimes;
pub mod custody;
mod error;
pub mod errors;
pub mod event_record;
pub mod events;
pub mod incidents;
pub mod intelligence;
pub mod linkage;
pub mod list_sort;
pub mod objects;
pub mod persons;
pub mod place_records;
pub mod places;
mod reason;
pub mod safeguarding;
mod session;
pub mod subject_access;
pub mod timeline_page;
pub mod warrants;

pub use audit::{AuditPage, AuditQuery};
pub use changes::StreamQuery;
pub use error::{ErrorBody, ErrorDetail};
pub use event_record::{EventRecord, LinkedObject, LinkedPlace};
pub use events::{EventPage, EventUpdate, ListQuery, ReadQuery};
pub use persons::{Associate, PersonUpdate, Profile, SearchQuery, SearchResponse, SubjectHit, TimelineEntry};
pub use reason::ReasonQuery;
pub use session::{Health, LoginRequest, LoginResponse, Me};

// The domain's own types on the wire.
pub use crate::domain::asb::AsbAction;
pub use crate::domain::audit::AuditEntry;
pub use crate::domain::bail_actions::BailAction;
pub use crate::domain::case_lifecycle::CaseAction;
pub use crate::domain::change::Change;
pub use crate::domain::crime::CrimeAction;
pub use crate::domain::custody::{BookIn, CustodyAction};
pub use crate::domain::event::{Event, EventInput, EventKind};
pub use crate::domain::incident::{IncidentAction, OpenIncident};
pub use crate::domain::intelligence::IntelligenceAction;
pub use crate::domain::location::{Location, LocationKind};
pub use crate::domain::pace::CustodyStatus;
pub use crate::domain::person::{Person, PersonDetails};
pub use crate::domain::safeguarding::SafeguardingAction;
pub use crate::domain::warrant_lifecycle::WarrantAction;
