//! Places: the lookup, the profile, recording, updating and linking.

use reqwest::Method;

use super::{Client, ClientError};
use crate::api::place_records::{
    NewPlaceLink, Place, PlaceDetails, PlaceLink, PlaceLookup, PlaceLookupQuery, PlaceProfile, PlaceUpdate,
};
use crate::api::timeline_page::ProfileQuery;

impl Client {
    /// `GET /api/v1/places/lookup`: places by postcode or address words, best first.
    pub async fn lookup_places(&self, query: &PlaceLookupQuery) -> Result<PlaceLookup, ClientError> {
        self.get(&["places", "lookup"], query).await
    }

    /// One place's picture with the newest page of its timeline
    /// (`place_profile_page` and `place_profile_whole` for more); the
    /// reason is recorded in the audit log.
    pub async fn place_profile(&self, id: &str, reason: &str) -> Result<PlaceProfile, ClientError> {
        self.place_profile_page(id, &ProfileQuery::new(reason)).await
    }

    /// Records a place, or gives back the one already at its address.
    pub async fn record_place(&self, details: &PlaceDetails) -> Result<Place, ClientError> {
        Self::send(self.request(Method::POST, &["places"]).json(details)).await
    }

    pub async fn update_place(&self, id: &str, update: &PlaceUpdate) -> Result<Place, ClientError> {
        Self::send(self.request(Method::PUT, &["places", id]).json(update)).await
    }

    pub async fn link_place(&self, id: &str, link: &NewPlaceLink) -> Result<PlaceLink, ClientError> {
        Self::send(self.request(Method::POST, &["places", id, "links"]).json(link)).await
    }
}
