//! How the runtime reads a vehicle's, phone's or place's profile: the
//! server audits the read, and each person and record shown, with the reason.

use super::state::{EntityKind, EntityProfile, EntityTarget};
use crate::client::{Client, ClientError};

pub async fn load(client: &Client, target: &EntityTarget, reason: &str) -> Result<EntityProfile, ClientError> {
    match target.kind {
        EntityKind::Object => client.object_profile(&target.id, reason).await.map(EntityProfile::Object),
        EntityKind::Place => client.place_profile(&target.id, reason).await.map(EntityProfile::Place),
    }
}
