//! `GET /api/v1/openapi.json`, generated from the route annotations.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Bluelamp API", description = "Integrated policing: one record per person, one search."),
    paths(
        super::health::health,
        super::auth::login,
        super::auth::me,
        super::search::search_subjects,
        super::persons::profile,
        super::persons::create,
        super::persons::update,
        super::persons::erase,
        super::persons::link,
        super::persons::export,
        super::linkage::why,
        super::linkage::split,
        super::linkage::review_queue,
        super::linkage::review_count,
        super::linkage::accept,
        super::linkage::reject,
        super::linkage::sources,
        super::events::list,
        super::events::read,
        super::events::create,
        super::events::update,
        super::places::locations,
        super::places::create_object,
        super::audit::audit,
        super::sse::events,
        super::custody::book_in,
        super::custody::act,
        super::custody::status,
        super::custody::board,
        super::warrants::act,
        super::warrants::queue,
        super::warrants::resolution,
        super::cases::act,
        super::cases::custody_time_limit,
    ),
    components(schemas(crate::api::Change, crate::api::AuditEntry))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
