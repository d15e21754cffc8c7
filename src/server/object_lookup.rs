//! `GET /objects/lookup`: vehicles by number plate (whole, or partial with
//! `?` and `*` as a witness remembers it) and phones by number in any
//! common form. The lookup and each object shown are on the audit.

use axum::extract::State;
use axum::Json;
use chrono::Utc;

use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::extract::Query;
use super::AppState;
use crate::api::errors;
use crate::api::objects::{ObjectHit, ObjectLookup, ObjectLookupQuery};
use crate::domain::handset::parse_phone_e164;
use crate::domain::object::Object;
use crate::domain::object_marker::current_labels;
use crate::domain::vrm_pattern::VrmQuery;

#[utoipa::path(get, path = "/api/v1/objects/lookup", operation_id = "lookup_objects",
    params(ObjectLookupQuery),
    responses((status = 200, body = ObjectLookup), errors::Standard, errors::Forbidden, errors::Invalid))]
pub async fn lookup(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ObjectLookupQuery>,
) -> ApiResult<Json<ObjectLookup>> {
    caller.require(caller.roles.may_read_people(), "looking up vehicles and phones")?;
    let reason = super::objects::lookup_reason(&q)?;
    let limit = q.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 100"));
    }
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let (reading, found, asked) = match (given(&q.vrm), given(&q.phone)) {
        (Some(vrm), None) => {
            let query = VrmQuery::parse(&vrm).map_err(|m| ApiError::invalid("vrm", m))?;
            let found = super::search_objects::vehicles_found(&state, &query, limit).await?;
            (query.reading(), found, format!("vrm={vrm}"))
        }
        (None, Some(phone)) => {
            let number = parse_phone_e164(&phone).map_err(|m| ApiError::invalid("phone", m))?;
            let found = super::search_objects::phones_found(&state, &number, limit).await?;
            (format!("the number {number}"), found, format!("phone={phone}"))
        }
        (Some(_), Some(_)) => return Err(ApiError::invalid("phone", "give a vrm or a phone, not both")),
        (None, None) => return Err(ApiError::invalid("vrm", "give a vrm or a phone to look up")),
    };
    let today = Utc::now().date_naive();
    let hits: Vec<ObjectHit> = found.into_iter().map(|(object, key)| hit(object, &key, today)).collect();
    let mut consulted = Consulted::new();
    consulted.query("object lookup", asked);
    for h in &hits {
        consulted.object(&h.object.id, format!("lookup hit: {}", h.why));
    }
    consulted.record(&state, &caller, &reason).await?;
    Ok(Json(ObjectLookup { reading, hits }))
}

fn hit(object: Object, key: &str, today: chrono::NaiveDate) -> ObjectHit {
    let why = match object.details.kind_name() {
        "vehicle" if object.details.key() == key => format!("VRM {key}"),
        "vehicle" => format!("former VRM {key}"),
        _ => format!("phone number {key}"),
    };
    ObjectHit { markers: current_labels(object.details.markers(), today), object, why }
}
