//! The central API: axum routes under `/api/v1`, with authentication, role
//! checks, audit and validation. Every area has its own router; `app`
//! assembles them, and tests call it directly.

pub mod access;
mod asb;
mod audit;
pub mod auth;
mod bail;
mod case_watch;
mod cases;
mod charge;
pub mod checkpoints;
mod consulted;
mod crime_officers;
mod crimes;
pub mod custody;
mod custody_cells;
mod draft_reference;
mod error;
mod event_links;
mod events;
mod extract;
mod feed;
mod hash_pool;
mod health;
mod incidents;
mod index_build;
mod index_extras;
pub mod intel_index;
mod intel_search;
mod intelligence;
mod lifecycle;
mod linkage;
pub mod login_guard;
mod memory;
pub use memory::give_back_freed;
mod object_lookup;
mod object_profile;
mod objects;
mod openapi;
pub mod password;
mod persons;
mod place_lookup;
mod place_profile;
mod place_records;
mod places;
pub mod pole_index;
mod queue_more;
mod row_people;
mod safeguarding;
mod search;
mod search_objects;
mod security_headers;
mod sse;
mod subject_access;
pub mod subject_index;
mod timeline_page;
pub mod transport;
mod users;
mod warrant_custody;
mod warrant_officers;
mod warrant_order;
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
    /// How long a login lasts at most: a shift and a bit.
    pub token_ttl_secs: i64,
    /// A session unused this long ends.
    pub idle_timeout_secs: i64,
    /// Lockouts, attempt limits and the password workers.
    pub login: login_guard::LoginPolicy,
    /// Largest request body accepted.
    pub body_limit: usize,
    /// The weights of the warrant queue's priority score.
    pub warrant_priority: crate::domain::priority::PriorityRules,
    /// Incident references and attendance targets.
    pub incidents: crate::domain::incident::IncidentRules,
    /// URNs issued at charge and the custody time limit warning.
    pub cases: crate::domain::case_rules::CaseRules,
    /// The crime desk's tables and clocks.
    pub crimes: crate::domain::crime::CrimeRules,
    /// The safeguarding desk's agencies and clocks.
    pub safeguarding: crate::domain::safeguarding::SafeguardingRules,
    /// The ASB desk's repeat-victim and case review trigger numbers.
    pub asb: crate::domain::asb::AsbRules,
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
            idle_timeout_secs: 30 * 60,
            login: Default::default(),
            body_limit: 1024 * 1024,
            warrant_priority: Default::default(),
            incidents: Default::default(),
            cases: Default::default(),
            crimes: Default::default(),
            safeguarding: Default::default(),
            asb: Default::default(),
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
    /// Vehicles, phones and places for the same search box.
    pub pole: Arc<RwLock<crate::search::pole::PoleIndex>>,
    /// The store's local commit count when the vehicle, phone and place
    /// index was last known to hold every change (see `pole_index::caught_up`).
    pub pole_checked: Arc<std::sync::atomic::AtomicU64>,
    /// The words of intelligence text, for `GET /intelligence/search`.
    pub intel: Arc<RwLock<crate::search::intel::IntelIndex>>,
    pub feed: broadcast::Sender<Change>,
    /// Shared, not copied: every request clones the state, and the settings
    /// carry the desks' tables.
    pub config: Arc<ServerConfig>,
    /// The last change-log sequence this server has applied.
    pub applied: Arc<std::sync::atomic::AtomicI64>,
    /// Login attempts let through or refused, before any password is checked.
    pub logins: Arc<login_guard::LoginGuard>,
    /// Where passwords are checked, a few at a time.
    pub hashing: Arc<hash_pool::HashPool>,
    /// Set when the server begins to shut down: open event streams end
    /// then, so the shutdown is not held up by consoles still watching.
    pub closing: Arc<tokio::sync::watch::Sender<bool>>,
}

impl AppState {
    /// Builds the subject index and the vehicle, phone and place index from
    /// the store and starts following the
    /// change log; returns once the index is ready.
    pub async fn start(store: Store, config: ServerConfig) -> anyhow::Result<AppState> {
        let start = store.last_change().await?;
        // Both at once: the person index is busy parsing while the other reads.
        let (index, pole, intel) =
            tokio::join!(subject_index::build(&store), pole_index::build(&store), intel_index::build(&store));
        let (index, pole, intel) = (index?, pole?, intel?);
        memory::give_back_freed();
        let (feed, _) = broadcast::channel(4096);
        let state = AppState {
            store,
            index: Arc::new(RwLock::new(index)),
            pole: Arc::new(RwLock::new(pole)),
            pole_checked: Arc::new(std::sync::atomic::AtomicU64::new(u64::MAX)),
            intel: Arc::new(RwLock::new(intel)),
            feed,
            logins: Arc::new(login_guard::LoginGuard::new(config.login.clone())),
            hashing: Arc::new(hash_pool::HashPool::new(config.login.hash_workers, config.login.hash_queue)),
            config: Arc::new(config),
            applied: Arc::new(std::sync::atomic::AtomicI64::new(start)),
            closing: Arc::new(tokio::sync::watch::Sender::new(false)),
        };
        if let Some(signing) = &state.config.audit_signing {
            checkpoints::spawn(state.store.clone(), signing.clone(), signing.load_key()?);
        }
        state.store.spawn_wal_checkpoints();
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
        .merge(users::routes())
        .merge(search::routes())
        .merge(persons::routes())
        .merge(subject_access::routes())
        .merge(linkage::routes())
        .merge(places::routes())
        .merge(place_records::routes())
        .merge(place_lookup::routes())
        .merge(objects::routes())
        .merge(audit::routes())
        .merge(sse::routes())
        .merge(openapi::routes())
        .merge(warrants::routes(&state))
        .merge(warrant_officers::routes())
        .merge(cases::routes())
        .merge(case_watch::routes())
        .merge(custody::routes())
        .merge(bail::routes())
        .merge(incidents::routes())
        .merge(intel_search::routes())
        .merge(crimes::routes())
        .merge(crime_officers::routes())
        .merge(intelligence::routes())
        .merge(safeguarding::routes())
        .merge(asb::routes())
        .merge(events::routes());
    let router = Router::new().nest("/api/v1", api).fallback(not_found).layer(DefaultBodyLimit::max(limit));
    security_headers::add(router).layer(tower_http::trace::TraceLayer::new_for_http()).with_state(state)
}

fn auth_routes() -> Router<AppState> {
    use axum::routing::{get, post};
    Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/me", get(auth::me))
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route; see /api/v1/openapi.json".into())
}

/// Serves plain HTTP until `shutdown` resolves.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let addr: SocketAddr = listener.local_addr()?;
    tracing::info!(%addr, backend = state.store.backend.as_str(), tls = false, "serving");
    let shutdown = closing_streams(&state, shutdown);
    run(listener, app(state), shutdown).await
}

/// Serves HTTPS with `tls` until `shutdown` resolves; replies also tell
/// browsers to keep to HTTPS (`Strict-Transport-Security`).
pub async fn serve_tls(
    state: AppState,
    listener: tokio::net::TcpListener,
    tls: tokio_rustls::TlsAcceptor,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let addr: SocketAddr = listener.local_addr()?;
    tracing::info!(%addr, backend = state.store.backend.as_str(), tls = true, "serving");
    let shutdown = closing_streams(&state, shutdown);
    let router = security_headers::strict_transport(app(state));
    run(transport::TlsListener::new(listener, tls)?, router, shutdown).await
}

/// `shutdown`, after which every open event stream is told to end (a
/// graceful shutdown waits for open responses, and a stream never ends
/// by itself).
fn closing_streams(
    state: &AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> impl std::future::Future<Output = ()> + Send + 'static {
    let closing = state.closing.clone();
    async move {
        shutdown.await;
        tracing::info!("shutting down: closing event streams");
        closing.send_replace(true);
    }
}

async fn run<L>(
    listener: L,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()>
where
    L: axum::serve::Listener<Addr = SocketAddr>,
    transport::ClientAddr: for<'a> axum::extract::connect_info::Connected<axum::serve::IncomingStream<'a, L>>,
{
    let service = router.into_make_service_with_connect_info::<transport::ClientAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await?;
    Ok(())
}
