//! Liveness and what this server holds.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use super::AppState;
use crate::api::Health;

pub fn routes() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

#[utoipa::path(get, path = "/api/v1/health", security(()), responses((status = 200, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    let persons_indexed = state.index.read().await.len();
    Json(Health {
        status: "ok".into(),
        backend: state.store.backend.as_str().into(),
        version: env!("CARGO_PKG_VERSION").into(),
        persons_indexed,
        last_change: state.applied.load(std::sync::atomic::Ordering::Relaxed),
    })
}
