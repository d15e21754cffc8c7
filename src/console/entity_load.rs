//! How the runtime reads a vehicle's, phone's or place's profile, a page
//! of its timeline at a time: the server audits the read, and each person
//! and record shown, with the reason.

use super::state::{EntityKind, EntityProfile, EntityTarget};
use crate::api::timeline_page::ProfileQuery;
use crate::client::{Client, ClientError};

pub async fn load(
    client: &Client,
    target: &EntityTarget,
    reason: &str,
    after: Option<&str>,
) -> Result<EntityProfile, ClientError> {
    let query = match after {
        Some(after) => ProfileQuery::after(reason, after),
        None => ProfileQuery::new(reason),
    };
    match target.kind {
        EntityKind::Object => client.object_profile_page(&target.id, &query).await.map(EntityProfile::Object),
        EntityKind::Place => client.place_profile_page(&target.id, &query).await.map(EntityProfile::Place),
    }
}
