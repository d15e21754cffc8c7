//! `GET /api/v1/openapi.json`, generated from the route annotations: every
//! operation with its parameters, its body, and every status it can answer
//! with (the error replies are in `api::errors`). `tests/openapi/` holds
//! the server's real replies to it.

use std::collections::BTreeMap;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::schema::{AllOf, ArrayItems, Object, Schema};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::RefOr;
use utoipa::{Modify, OpenApi};

use super::AppState;
use super::{
    asb, audit, auth, bail, case_watch, cases, crime_officers, crimes, custody, events, health, incidents,
    intel_search, intelligence, linkage, object_lookup, objects, persons, place_lookup, place_profile, place_records,
    places, safeguarding, search, sse, subject_access, users, warrant_officers, warrants,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Bluelamp API", description = "Integrated policing: one record per person, one search."),
    paths(
        health::health,
        openapi,
        auth::login,
        auth::logout,
        auth::me,
        users::unlock,
        search::search_subjects,
        persons::profile,
        persons::create,
        persons::update,
        persons::erase,
        persons::link,
        subject_access::export,
        linkage::why,
        linkage::split,
        linkage::review_queue,
        linkage::review_count,
        linkage::accept,
        linkage::reject,
        linkage::sources,
        linkage::findings,
        events::list,
        events::read,
        events::create,
        events::update,
        places::locations,
        places::create_object,
        place_records::create,
        place_records::update,
        place_records::link,
        place_profile::profile,
        place_lookup::lookup,
        objects::profile,
        objects::update,
        objects::link_event,
        object_lookup::lookup,
        audit::audit,
        sse::events,
        custody::book_in,
        custody::act,
        custody::status,
        custody::board,
        bail::act,
        bail::diary,
        warrants::act,
        warrants::queue,
        warrants::resolution,
        warrant_officers::officers,
        cases::act,
        cases::custody_time_limit,
        case_watch::watch,
        incidents::open,
        incidents::act,
        incidents::board,
        crimes::act,
        crimes::queue,
        crimes::tables,
        crime_officers::officers,
        intelligence::act,
        intelligence::queue,
        intel_search::search,
        safeguarding::act,
        safeguarding::queue,
        safeguarding::agencies,
        asb::act,
        asb::read_standing,
        asb::cases,
    ),
    components(schemas(crate::api::ErrorBody, crate::api::Change, crate::api::AuditEntry)),
    modifiers(&BearerToken, &MergeAllOf),
    security(("bearer" = []))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi))
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document of this API.", body = Object)))]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Every route but `health`, `auth/login` and this document takes the token
/// from `POST /api/v1/auth/login` as `Authorization: Bearer TOKEN`.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// utoipa writes serde's `flatten` (a `Person` is its `PersonDetails` plus
/// id, version…) and each struct variant of an internally tagged enum (an
/// event's `details`, tagged by `kind`) as an `allOf` of the part's `$ref`
/// and an object of the other properties. A part that refuses unknown
/// fields (`additionalProperties: false`, from `deny_unknown_fields`) then
/// refuses the other part's properties, so nothing matches. This writes
/// each such `allOf` as the one object serde reads and writes.
struct MergeAllOf;

impl Modify for MergeAllOf {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else { return };
        let named = components.schemas.clone();
        for schema in components.schemas.values_mut() {
            merge_all_of(schema, &named);
        }
    }
}

fn merge_all_of(schema: &mut RefOr<Schema>, named: &BTreeMap<String, RefOr<Schema>>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::AllOf(all) => {
            if let Some(object) = merged(all, named) {
                *schema = Schema::Object(object);
            }
        }
        Schema::OneOf(one) => one.items.iter_mut().for_each(|item| merge_all_of(item, named)),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(|item| merge_all_of(item, named)),
        Schema::Object(object) => object.properties.values_mut().for_each(|p| merge_all_of(p, named)),
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                merge_all_of(items, named);
            }
        }
        _ => {}
    }
}

/// The parts of `all` as one object, when every part is an object schema
/// (or names one): their properties and required fields together, closed
/// to others if a part was.
fn merged(all: &AllOf, named: &BTreeMap<String, RefOr<Schema>>) -> Option<Object> {
    let mut parts = all.items.iter().map(|part| match part {
        RefOr::Ref(r) => match named.get(r.ref_location.strip_prefix("#/components/schemas/")?)? {
            RefOr::T(Schema::Object(object)) => Some(object.clone()),
            _ => None,
        },
        RefOr::T(Schema::Object(object)) => Some(object.clone()),
        RefOr::T(_) => None,
    });
    let mut into = parts.next()??;
    for part in parts {
        let part = part?;
        into.properties.extend(part.properties);
        into.required.extend(part.required);
        into.additional_properties = into.additional_properties.or(part.additional_properties);
    }
    if all.description.is_some() {
        into.description.clone_from(&all.description);
    }
    Some(into)
}
