//! Request extractors whose failures name the field at fault: JSON bodies
//! (malformed, wrong types, unknown or missing fields, oversize), query
//! strings and path parameters, all answered with the one error shape.
//! Every text they hand on has passed the domain's text rule (no NUL, no
//! control or bidirectional override character but line breaks and tabs,
//! dates from 1900 to ten years ahead), so no handler sees text a
//! database cannot store or a screen would show in another order.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::domain::text;

/// The day dates in a request are checked against.
fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// A JSON body; a failure names the field path serde stopped at.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json_type = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json_type {
            return Err(ApiError::Invalid {
                field: None,
                message: "the body must be JSON, sent with Content-Type: application/json".into(),
            });
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::Invalid { field: None, message: format!("the body could not be read: {e}") }
            }
        })?;
        parse_json(&bytes).map(Json)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let document = serde_json::from_slice::<serde_json::Value>(bytes).map_err(|e| {
        let message = clean_serde_message(&e.to_string());
        ApiError::Invalid { field: None, message: format!("the body is not valid JSON: {message}") }
    })?;
    text::check_document(&document, today())?;
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let mut path = e.path().to_string();
        let message = clean_serde_message(&e.inner().to_string());
        if let Some(key) = field_holding_unknown_variant(bytes, e.path(), &message) {
            path = if path == "." { key } else { format!("{path}.{key}") };
        }
        let message = if message == "expected value" { "has the wrong type".to_string() } else { message };
        ApiError::Invalid { field: (path != ".").then_some(path), message }
    })
}

/// Inside an internally tagged value (an action: `{"type": "regrade",
/// "grade": "Q"}`) serde reports an unknown variant at the object, not at
/// its field: the one field of that object holding the unknown value is the
/// one to name.
fn field_holding_unknown_variant(bytes: &[u8], path: &serde_path_to_error::Path, message: &str) -> Option<String> {
    use serde_path_to_error::Segment;
    let unknown = message.strip_prefix("unknown variant `")?.split('`').next()?;
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    for segment in path.iter() {
        value = match segment {
            Segment::Map { key } => value.get_mut(key.as_str())?.take(),
            Segment::Seq { index } => value.get_mut(*index)?.take(),
            Segment::Enum { .. } | Segment::Unknown => return None,
        };
    }
    let mut holding = value.as_object()?.iter().filter(|(_, v)| v.as_str() == Some(unknown)).map(|(k, _)| k);
    match (holding.next(), holding.next()) {
        (Some(key), None) => Some(key.clone()),
        _ => None,
    }
}

/// serde's messages end with "at line L column C", which means nothing to a caller
/// once the field is named.
fn clean_serde_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Path parameters; one that cannot be read (not UTF-8 once decoded) is
/// answered in the one error shape, not axum's plain text.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let today = today();
        for (name, value) in axum::extract::RawPathParams::from_request_parts(parts, state).await.iter().flatten() {
            text::check_value(name, value, today)?;
        }
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(e) if e.status().is_server_error() => Err(ApiError::Internal(e.body_text())),
            Err(e) => Err(ApiError::Invalid { field: None, message: e.body_text() }),
        }
    }
}

/// A query string; a failure names the parameter.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let today = today();
        for (name, value) in form_urlencoded_parse(query) {
            text::check_value(&name, &name, today)?;
            text::check_value(&name, &value, today)?;
        }
        let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
        serde_path_to_error::deserialize(de).map(Query).map_err(|e| {
            let path = e.path().to_string();
            let message = e.into_inner().to_string();
            ApiError::Invalid { field: (path != ".").then_some(path), message }
        })
    }
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::incidents::IncidentActionRequest;
    use crate::api::OpenIncident;

    fn field_of<T: DeserializeOwned>(body: serde_json::Value) -> Option<String> {
        match parse_json::<T>(body.to_string().as_bytes()) {
            Err(ApiError::Invalid { field, .. }) => field,
            _ => panic!("not refused: {body}"),
        }
    }

    #[test]
    fn an_unknown_value_inside_an_action_names_its_field() {
        let action = |a: serde_json::Value| serde_json::json!({"version": 1, "action": a});
        let grade = action(serde_json::json!({"type": "regrade", "grade": "Q", "reason": "knife"}));
        assert_eq!(field_of::<IncidentActionRequest>(grade).as_deref(), Some("action.grade"));
        let kind = action(serde_json::json!({"type": "sing", "call_sign": "LX21"}));
        assert_eq!(field_of::<IncidentActionRequest>(kind).as_deref(), Some("action.type"));
        // Outside a tagged value the path already names it.
        let open = serde_json::json!({"caller": {"name": "A"}, "location": {}, "category": "weather",
                                      "subtype": "x", "grade": "I", "summary": "s"});
        assert_eq!(field_of::<OpenIncident>(open).as_deref(), Some("category"));
    }
}
