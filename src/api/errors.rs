//! The error replies a route documents, each in the one error shape
//! (`ErrorBody`). A route lists by name the replies it can give besides its
//! success, so the OpenAPI document says every status a client can meet:
//!
//! ```ignore
//! #[utoipa::path(get, path = "/api/v1/persons/{id}", …,
//!     responses((status = 200, body = Profile), errors::Standard, errors::ReasonRequired,
//!               errors::Forbidden, errors::NotFound, errors::Invalid))]
//! ```

use std::collections::BTreeMap;

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};
use utoipa::{IntoResponses, ToSchema};

use super::ErrorBody;

/// Declares a type whose documentation is the error replies listed, each a
/// status and what it means.
macro_rules! error_replies {
    ($($(#[$meta:meta])* $name:ident = [$($status:literal: $what:literal),+ $(,)?];)+) => {$(
        $(#[$meta])*
        pub struct $name;

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                BTreeMap::from([$(($status.to_string(), reply($what))),+])
            }
        }
    )+};
}

error_replies! {
    /// What any route behind a login may answer.
    Standard = [
        401: "Not logged in: no bearer token, or an unknown or expired one (`unauthenticated`).",
        500: "Something went wrong on the server; it has been logged (`internal`).",
        503: "The database is unavailable; try again shortly (`unavailable`).",
    ];
    /// What a route that needs no login may answer when the server fails.
    Faults = [
        500: "Something went wrong on the server; it has been logged (`internal`).",
        503: "The database is unavailable; try again shortly (`unavailable`).",
    ];
    /// A route that consults personal data and was given no reason.
    ReasonRequired = [400: "A reason for access is required (`reason_required`, field `reason`)."];
    /// The caller's roles do not allow the route, or this use of it.
    Forbidden = [403: "The caller's roles do not allow this (`forbidden`)."];
    /// A record (or collection) named in the path that does not exist.
    NotFound = [404: "No such record (`not_found`)."];
    /// A write based on a stale version, or of something that exists already.
    Conflict = [409: "Someone changed the record since the version sent, or it exists already (`conflict`)."];
    /// A query parameter or header that is not valid.
    Invalid = [422: "A parameter is not valid (`invalid`); `field` names it."];
    /// What a route that reads a JSON body may answer about the body.
    Body = [
        413: "The body is larger than the server accepts (`too_large`).",
        422: "The body or a parameter is not valid (`invalid`); `field` names the field, as `action.cell`.",
    ];
}

/// A login refused before its password is checked, with `Retry-After`.
pub struct TooManyAttempts;

impl IntoResponses for TooManyAttempts {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let what = "Too many login attempts from this address or at this account, the account locked after \
                    failed logins, or every password check busy (`too_many_attempts`); `Retry-After` gives the \
                    seconds to wait.";
        let seconds = HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)))
            .description(Some("Seconds to wait before trying again."))
            .build();
        let reply = builder(what).header("Retry-After", seconds).build();
        BTreeMap::from([("429".to_string(), reply.into())])
    }
}

/// One error reply: what it means, with the error body.
fn reply(what: &str) -> RefOr<Response> {
    builder(what).build().into()
}

fn builder(what: &str) -> ResponseBuilder {
    let body = ContentBuilder::new().schema(Some(Ref::from_schema_name(ErrorBody::name()))).build();
    ResponseBuilder::new().description(what).content("application/json", body)
}
