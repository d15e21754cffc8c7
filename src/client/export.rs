//! The subject access export: everything held on one person, unredacted,
//! recorded by the server as a disclosure (admins only).

use super::{Client, ClientError};
use crate::api::{Profile, ReasonQuery};

impl Client {
    pub async fn export_person(&self, id: &str, reason: &str) -> Result<Profile, ClientError> {
        self.get(&["persons", id, "export"], &ReasonQuery::new(reason)).await
    }
}
