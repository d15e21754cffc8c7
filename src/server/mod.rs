//! The central API: axum routes under `/api/v1`, with authentication, role
//! checks, audit and validation. Every area has its own router; `app`
//! assembles them, and tests call it directly.

pub mod access;
mod audit;
pub mod auth;
mod cases;
pub mod checkpoints;
mod consulted;
pub mod custody;
mod error;
mod events;
mod extract;
mod feed;
mod health;
mod incidents;
mod index_build;
mod index_extras;
mod lifecycle;
mod linkage;
mod openapi;
pub mod password;
mod persons;
mod places;
mod search;
mod sse;
mod subject_access;
pub mod subject_index;
pub mod warrants;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use tokio::sync::{broadcast, RwLock};

pub use error::{ApiError, ApiResult};

use crate::api::Change;
use crate::search::SubjectIndex;
use crate::store::Store;

#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// How long a login lasts: a shift and a bit.
    pub token_ttl_secs: i64,
    /// Largest request body accepted.
    pub body_limit: usize,
    /// The weights of the warrant queue's priority score.
    pub warrant_priority: crate::domain::priority::PriorityRules,
    /// Incident references and attendance targets.
    pub incidents: crate::domain::incident::IncidentRules,
    /// The key and intervals of the audit's signed checkpoints; without, the
    /// audit is chained but not signed.
    pub audit_signing: Option<checkpoints::AuditSigning>,
    /// Where each erasure is also logged, outside the database, so that a
    /// restore can make it again.
    pub erasure_log: Option<std::path::PathBuf>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            token_ttl_secs: 12 * 3600,
            body_limit: 1024 * 1024,
            warrant_priority: Default::default(),
            incidents: Default::default(),
            audit_signing: None,
            erasure_log: None,
        }
    }
}

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub index: Arc<RwLock<SubjectIndex>>,
    pub feed: broadcast::Sender<Change>,
    pub config: ServerConfig,
    /// The last change-log sequence this server has applied.
    pub applied: Arc<std::sync::atomic::AtomicI64>,
}

impl AppState {
    /// Builds the subject index from the store and starts following the
    /// change log; returns once the index is ready.
    pub async fn start(store: Store, config: ServerConfig) -> anyhow::Result<AppState> {
        let start = store.last_change().await?;
        let index = subject_index::build(&store).await?;
        let (feed, _) = broadcast::channel(4096);
        let state = AppState {
            store,
            index: Arc::new(RwLock::new(index)),
            feed,
            config,
            applied: Arc::new(std::sync::atomic::AtomicI64::new(start)),
        };
        if let Some(signing) = &state.config.audit_signing {
            checkpoints::spawn(state.store.clone(), signing.clone(), signing.load_key()?);
        }
        feed::spawn(state.clone(), start).await?;
        warrants::spawn_expiry_sweep(state.clone());
        Ok(state)
    }
}

pub fn app(state: AppState) -> Router {
    let limit = state.config.body_limit;
    let api = Router::new()
        .merge(health::routes())
        .merge(auth_routes())
        .merge(search::routes())
        .merge(persons::routes())
        .merge(subject_access::routes())
        .merge(linkage::routes())
        .merge(places::routes())
        .merge(audit::routes())
        .merge(sse::routes())
        .merge(openapi::routes())
        .merge(warrants::routes(&state))
        .merge(cases::routes())
        .merge(custody::routes())
        .merge(incidents::routes())
        .merge(events::routes());
    Router::new()
        .nest("/api/v1", api)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

fn auth_routes() -> Router<AppState> {
    use axum::routing::{get, post};
    Router::new().route("/auth/login", post(auth::login)).route("/auth/me", get(auth::me))
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route; see /api/v1/openapi.json".into())
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let addr: SocketAddr = listener.local_addr()?;
    tracing::info!(%addr, backend = state.store.backend.as_str(), "serving");
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await?;
    Ok(())
}
