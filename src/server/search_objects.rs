//! The subject search box answers a number plate or a phone number with the
//! vehicles and phones themselves, beside the people who carry them: a
//! whole or partial plate (`LB07 SEO`, `LB0? SE?`, `*SEO`) finds vehicles by
//! their current or former marks, a UK number in any common form finds the
//! phone. Read from the store's keys, so the subject index stays as it is.

use chrono::Utc;

use super::error::ApiResult;
use super::AppState;
use crate::api::objects::ObjectHit;
use crate::domain::handset::parse_phone_e164;
use crate::domain::object_marker::current_labels;
use crate::domain::vrm_pattern::VrmQuery;

/// Vehicles and phones shown beside the people: at most this many.
const MOST: i64 = 10;

/// The vehicles and phones `text` could name (none when it reads as neither).
pub(super) async fn matching(state: &AppState, text: &str) -> ApiResult<Vec<ObjectHit>> {
    let today = Utc::now().date_naive();
    let mut hits = Vec::new();
    if let Ok(query) = VrmQuery::parse(text) {
        for (object, key) in state.store.objects_by_key("vehicle", &query.like(), MOST).await? {
            if !query.matches(&key) {
                continue;
            }
            let why = if object.details.key() == key {
                format!("vehicle: VRM {key} ({})", query.reading())
            } else {
                format!("vehicle: former VRM {key} ({})", query.reading())
            };
            hits.push(ObjectHit { markers: current_labels(object.details.markers(), today), object, why });
        }
    }
    if let Ok(number) = parse_phone_e164(text) {
        for (object, _) in state.store.objects_by_key("phone", &number, MOST).await? {
            let why = format!("phone: number {number}");
            hits.push(ObjectHit { markers: current_labels(object.details.markers(), today), object, why });
        }
    }
    Ok(hits)
}
