//! The subject access export: everything held on one person, redacted as
//! asked, recorded by the server as a disclosure (admins only).

use super::{Client, ClientError};
use crate::api::subject_access::{ExportQuery, Redaction, SubjectAccessExport};

impl Client {
    pub async fn export_person(
        &self,
        id: &str,
        reason: &str,
        redactions: &[Redaction],
    ) -> Result<SubjectAccessExport, ClientError> {
        let redact =
            (!redactions.is_empty()).then(|| redactions.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","));
        self.get(&["persons", id, "export"], &ExportQuery { reason: Some(reason.to_string()), redact }).await
    }
}
