//! What a caller must bring and may see: the reason for access (required
//! and bounded), a write's idempotency key, and what a role is shown of a
//! record. Every route asks here.

use axum::http::HeaderMap;

use super::error::{ApiError, ApiResult};
use crate::domain::event::{Event, EventDetails};
use crate::domain::role::Roles;

/// The reason for access, required and bounded.
pub fn required_reason(reason: Option<String>) -> ApiResult<String> {
    let reason = reason.as_deref().and_then(crate::domain::reason::trimmed).ok_or(ApiError::ReasonRequired)?;
    Ok(crate::domain::reason::checked(&reason)?)
}

/// The `Idempotency-Key` header of a write, if sent: the same key makes a
/// retried write happen once.
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    match headers.get("idempotency-key") {
        None => Ok(None),
        Some(v) => {
            let key = v.to_str().map_err(|_| ApiError::invalid("Idempotency-Key", "must be plain text"))?.trim();
            if key.is_empty() || key.len() > 200 {
                return Err(ApiError::invalid("Idempotency-Key", "must be 1 to 200 characters"));
            }
            Ok(Some(key.to_string()))
        }
    }
}

/// What a role may see of an event: intelligence loses its unsanitised text
/// for everyone but intelligence roles.
pub fn redact(mut event: Event, roles: &Roles) -> Event {
    if let EventDetails::Intelligence(d) = &mut event.details {
        if !roles.may_read_unsanitised() && d.unsanitised_text.is_some() {
            d.unsanitised_text = Some("[withheld: intelligence roles only]".into());
        }
    }
    event
}
