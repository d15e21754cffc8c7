//! The subject search box answers a number plate or a phone number with the
//! vehicles and phones themselves, beside the people who carry them: a
//! whole or partial plate (`LB07 SEO`, `LB0? SE?`, `*SEO`) finds vehicles by
//! their current or former marks, a UK number in any common form finds the
//! phone. Found in the vehicle, phone and place index (`search::pole`);
//! only the few records shown are read, by id.

use chrono::Utc;

use super::error::ApiResult;
use super::AppState;
use crate::api::objects::ObjectHit;
use crate::domain::handset::parse_phone_e164;
use crate::domain::object::Object;
use crate::domain::object_marker::current_labels;
use crate::domain::vrm_pattern::VrmQuery;

/// Vehicles and phones shown beside the people: at most this many.
const MOST: usize = 10;

/// The vehicles and phones `text` could name (none when it reads as neither).
pub(super) async fn matching(state: &AppState, text: &str) -> ApiResult<Vec<ObjectHit>> {
    let today = Utc::now().date_naive();
    let mut hits = Vec::new();
    if let Ok(query) = VrmQuery::parse(text) {
        for (object, key) in vehicles_found(state, &query, MOST).await? {
            let why = if object.details.key() == key {
                format!("vehicle: VRM {key} ({})", query.reading())
            } else {
                format!("vehicle: former VRM {key} ({})", query.reading())
            };
            hits.push(ObjectHit { markers: current_labels(object.details.markers(), today), object, why });
        }
    }
    if let Ok(number) = parse_phone_e164(text) {
        for (object, _) in phones_found(state, &number, MOST).await? {
            let why = format!("phone: number {number}");
            hits.push(ObjectHit { markers: current_labels(object.details.markers(), today), object, why });
        }
    }
    Ok(hits)
}

/// The vehicles `query` finds, each with the mark that matched (current or
/// former), by mark then id, at most `most`.
pub(super) async fn vehicles_found(
    state: &AppState,
    query: &VrmQuery,
    most: usize,
) -> ApiResult<Vec<(Object, String)>> {
    super::pole_index::caught_up(state).await?;
    let found = state.pole.read().await.vehicles(query, most);
    in_order(state, found).await
}

/// The phones with `number` (E.164), each with it, by id, at most `most`.
pub(super) async fn phones_found(state: &AppState, number: &str, most: usize) -> ApiResult<Vec<(Object, String)>> {
    super::pole_index::caught_up(state).await?;
    let found = state.pole.read().await.phones(number, most);
    in_order(state, found.into_iter().map(|id| (id, number.to_string())).collect()).await
}

/// The records of `found` (id, key), read by id, in the order found; one
/// erased since the index was read is left out.
async fn in_order(state: &AppState, found: Vec<(String, String)>) -> ApiResult<Vec<(Object, String)>> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = found.iter().map(|(id, _)| id.clone()).collect();
    let mut records = state.store.objects_by_ids(&ids).await?;
    Ok(found
        .into_iter()
        .filter_map(|(id, key)| {
            let at = records.iter().position(|o| o.id == id)?;
            Some((records.swap_remove(at), key))
        })
        .collect())
}
