//! The profile of a vehicle, a phone or a place a page of its timeline at
//! a time, or whole: scripts and exports want every linked record, the
//! console the newest first and the rest when asked.

use serde::de::DeserializeOwned;

use super::{Client, ClientError};
use crate::api::objects::ObjectProfile;
use crate::api::place_records::PlaceProfile;
use crate::api::timeline_page::ProfileQuery;

/// A profile whose timeline comes a page at a time.
pub trait PagedProfile: DeserializeOwned {
    /// `after` for the page that follows, taken out.
    fn take_next(&mut self) -> Option<String>;
    /// The records of the page that follows, added after these (the count
    /// as the later page has it).
    fn append(&mut self, page: Self);
}

/// Both profiles keep their timeline in the same three fields.
macro_rules! paged_profile {
    ($($profile:ty),*) => {$(
        impl PagedProfile for $profile {
            fn take_next(&mut self) -> Option<String> {
                self.timeline_next.take()
            }

            fn append(&mut self, page: Self) {
                self.timeline.extend(page.timeline);
                self.timeline_next = page.timeline_next;
                self.timeline_total = page.timeline_total;
            }
        }
    )*};
}

paged_profile!(ObjectProfile, PlaceProfile);

impl Client {
    /// `GET /api/v1/objects/{id}`: a vehicle's or phone's picture with the
    /// page of its timeline `query` asks for; the reason is recorded in the
    /// audit log with every record shown.
    pub async fn object_profile_page(&self, id: &str, query: &ProfileQuery) -> Result<ObjectProfile, ClientError> {
        self.get(&["objects", id], query).await
    }

    /// `GET /api/v1/places/{id}`, as `object_profile_page`.
    pub async fn place_profile_page(&self, id: &str, query: &ProfileQuery) -> Result<PlaceProfile, ClientError> {
        self.get(&["places", id], query).await
    }

    /// A vehicle's or phone's profile with every page of its timeline,
    /// read `page` records at a time (`TIMELINE_PAGE_MAX` for the fewest
    /// requests).
    pub async fn object_profile_whole(
        &self,
        id: &str,
        reason: &str,
        page: usize,
    ) -> Result<ObjectProfile, ClientError> {
        self.whole(&["objects", id], reason, page).await
    }

    /// A place's profile with every page of its timeline, as
    /// `object_profile_whole`.
    pub async fn place_profile_whole(&self, id: &str, reason: &str, page: usize) -> Result<PlaceProfile, ClientError> {
        self.whole(&["places", id], reason, page).await
    }

    async fn whole<P: PagedProfile>(&self, path: &[&str], reason: &str, page: usize) -> Result<P, ClientError> {
        let mut query = ProfileQuery { limit: Some(page), ..ProfileQuery::new(reason) };
        let mut profile: P = self.get(path, &query).await?;
        while let Some(after) = profile.take_next() {
            query.after = Some(after);
            let page: P = self.get(path, &query).await?;
            profile.append(page);
        }
        Ok(profile)
    }
}
