//! Vehicles and phones: record, look up by mark or number, read a profile,
//! update, and link an event.

use reqwest::Method;

use super::{Client, ClientError};
use crate::api::objects::{
    Object, ObjectDetails, ObjectEventLink, ObjectEventRequest, ObjectLookup, ObjectLookupQuery, ObjectProfile,
    ObjectUpdate,
};
use crate::api::timeline_page::ProfileQuery;

impl Client {
    pub async fn create_object(&self, details: &ObjectDetails) -> Result<Object, ClientError> {
        Self::send(self.request(Method::POST, &["objects"]).json(details)).await
    }

    /// `GET /api/v1/objects/lookup`: vehicles by a whole or partial mark, or
    /// phones by number (give one of the two).
    pub async fn lookup_objects(&self, query: &ObjectLookupQuery) -> Result<ObjectLookup, ClientError> {
        self.get(&["objects", "lookup"], query).await
    }

    /// A vehicle's or phone's picture with the newest page of its timeline
    /// (`object_profile_page` and `object_profile_whole` for more); the
    /// reason is recorded in the audit log.
    pub async fn object_profile(&self, id: &str, reason: &str) -> Result<ObjectProfile, ClientError> {
        self.object_profile_page(id, &ProfileQuery::new(reason)).await
    }

    pub async fn update_object(&self, id: &str, update: &ObjectUpdate) -> Result<Object, ClientError> {
        Self::send(self.request(Method::PUT, &["objects", id]).json(update)).await
    }

    pub async fn link_object_event(
        &self,
        id: &str,
        request: &ObjectEventRequest,
    ) -> Result<ObjectEventLink, ClientError> {
        Self::send(self.request(Method::POST, &["objects", id, "events"]).json(request)).await
    }
}
