//! The typed API client, shared by the console and the command line: one
//! method per endpoint of `/api/v1`, errors in the server's own terms.

mod actions;
mod asb;
mod bail;
mod case_watch;
pub mod credentials;
mod crimes;
mod custody;
pub mod error;
mod export;
mod incidents;
mod intelligence;
mod linkage;
mod objects;
mod places;
pub mod private_file;
mod profile_pages;
mod queue;
mod safeguarding;
pub mod sse;
pub mod stream;

pub use profile_pages::PagedProfile;

use std::path::Path;
use std::time::Duration;

use reqwest::{Method, RequestBuilder, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::places::LocationQuery;
use crate::api::{
    AuditPage, Event, EventInput, EventKind, EventPage, EventRecord, EventUpdate, Health, Location, LocationKind,
    LoginRequest, LoginResponse, Me, Person, PersonDetails, PersonUpdate, Profile, ReadQuery, ReasonQuery, SearchQuery,
    SearchResponse,
};

pub use crate::api::incidents::IncidentBoardQuery;
pub use crate::api::warrants::QueueQuery;
pub use crate::api::{AuditQuery, ListQuery};
pub use actions::LifecycleAction;
pub use custody::Booking;
pub use error::ClientError;
pub use stream::{ConnectionState, EventStream, LIVE_WITHIN};

/// How long one ordinary request may take before it counts as a failure.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A connection to one server, optionally carrying a bearer token. Cheap to
/// clone: clones share the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    token: Option<String>,
}

impl Client {
    /// A client for the server at `server_url` (`http://host:port` or
    /// `https://…`, with or without a path prefix). HTTPS servers are
    /// trusted by the system's certificate authorities.
    pub fn new(server_url: &str) -> Result<Client, ClientError> {
        Self::trusting(server_url, None)
    }

    /// As [`Client::new`], also trusting the certificate authorities in the
    /// PEM file `ca_cert` (a force's own, or a self-signed server's).
    pub fn trusting(server_url: &str, ca_cert: Option<&Path>) -> Result<Client, ClientError> {
        let trimmed = server_url.trim();
        let with_scheme = if trimmed.contains("://") { trimmed.to_string() } else { format!("http://{trimmed}") };
        let mut base = Url::parse(&with_scheme)
            .map_err(|e| ClientError::Config(format!("'{server_url}' is not a server address: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(ClientError::Config(format!("'{server_url}' is not a server address: use http://host:port")));
        }
        base.set_query(None);
        base.set_fragment(None);
        let mut builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("bluelamp/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = ca_cert {
            for authority in certificate_authorities(path)? {
                builder = builder.add_root_certificate(authority);
            }
        }
        let http = builder.build().map_err(|e| ClientError::Config(format!("cannot start the HTTP client: {e}")))?;
        Ok(Client { http, base, token: None })
    }

    pub fn with_token(mut self, token: String) -> Self {
        self.token = Some(token);
        self
    }

    /// The server address as given (normalised).
    pub fn server(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// `/api/v1/` followed by `segments`, each percent-encoded as one segment.
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(["api", "v1"]).extend(segments);
        }
        url
    }

    fn request(&self, method: Method, segments: &[&str]) -> RequestBuilder {
        let builder = self.http.request(method, self.url(segments));
        match &self.token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    /// Sends, and turns a non-success reply into the server's error.
    async fn send<T: DeserializeOwned>(builder: RequestBuilder) -> Result<T, ClientError> {
        let reply = builder.timeout(REQUEST_TIMEOUT).send().await?;
        let status = reply.status();
        let body = reply.bytes().await?;
        if !status.is_success() {
            return Err(ClientError::from_reply(status, &body));
        }
        serde_json::from_slice(&body).map_err(|e| ClientError::Decode(e.to_string()))
    }

    async fn get<T: DeserializeOwned>(&self, segments: &[&str], query: &impl Serialize) -> Result<T, ClientError> {
        Self::send(self.request(Method::GET, segments).query(query)).await
    }

    // ---- auth and health ------------------------------------------------

    pub async fn login(&self, request: &LoginRequest) -> Result<LoginResponse, ClientError> {
        Self::send(self.request(Method::POST, &["auth", "login"]).json(request)).await
    }

    /// Ends this session on the server: the token is refused from now on.
    pub async fn logout(&self) -> Result<(), ClientError> {
        let reply = self.request(Method::POST, &["auth", "logout"]).timeout(REQUEST_TIMEOUT).send().await?;
        let status = reply.status();
        if status.is_success() {
            return Ok(());
        }
        Err(ClientError::from_reply(status, &reply.bytes().await?))
    }

    pub async fn me(&self) -> Result<Me, ClientError> {
        self.get(&["auth", "me"], &()).await
    }

    pub async fn health(&self) -> Result<Health, ClientError> {
        self.get(&["health"], &()).await
    }

    // ---- persons ----------------------------------------------------------

    pub async fn search_subjects(
        &self,
        q: &str,
        dob: Option<&str>,
        limit: usize,
    ) -> Result<SearchResponse, ClientError> {
        let query = SearchQuery { q: q.to_string(), dob: dob.map(str::to_string), limit: Some(limit), reason: None };
        self.get(&["search", "subjects"], &query).await
    }

    /// One person's whole picture; the reason is recorded in the audit log.
    pub async fn profile(&self, id: &str, reason: &str) -> Result<Profile, ClientError> {
        self.get(&["persons", id], &ReasonQuery::new(reason)).await
    }

    pub async fn create_person(&self, person: &PersonDetails) -> Result<Person, ClientError> {
        Self::send(self.request(Method::POST, &["persons"]).json(person)).await
    }

    pub async fn update_person(&self, id: &str, update: &PersonUpdate) -> Result<Person, ClientError> {
        Self::send(self.request(Method::PUT, &["persons", id]).json(update)).await
    }

    // ---- events -----------------------------------------------------------

    pub async fn list_events(&self, kind: EventKind, query: &ListQuery) -> Result<EventPage, ClientError> {
        self.get(&[kind.collection()], query).await
    }

    /// One record alone: its links are neither listed nor consulted (a
    /// read for its version, or a live view's re-read of its fields).
    pub async fn get_event(&self, kind: EventKind, id: &str, reason: Option<&str>) -> Result<Event, ClientError> {
        let query = ReadQuery { reason: reason.map(str::to_string), acknowledge: None, links: Some(false) };
        self.get(&[kind.collection(), id], &query).await
    }

    /// One record with the vehicles, phones and places linked to it.
    pub async fn event_record(&self, kind: EventKind, id: &str, reason: &str) -> Result<EventRecord, ClientError> {
        self.get(&[kind.collection(), id], &ReasonQuery { reason: Some(reason.to_string()) }).await
    }

    /// `GET /api/v1/{collection}/{id}?acknowledge=true`: a record opened by
    /// a reader who has been shown its handling conditions and acknowledges
    /// them (handling code C intelligence; audited).
    pub async fn open_event_acknowledged(&self, kind: EventKind, id: &str, reason: &str) -> Result<Event, ClientError> {
        let query = ReadQuery { reason: Some(reason.to_string()), acknowledge: Some(true), links: Some(false) };
        self.get(&[kind.collection(), id], &query).await
    }

    /// Creates an event; the same `idempotency_key` sent twice creates it once.
    pub async fn create_event(
        &self,
        kind: EventKind,
        input: &EventInput,
        idempotency_key: Option<&str>,
    ) -> Result<Event, ClientError> {
        let mut builder = self.request(Method::POST, &[kind.collection()]).json(input);
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        Self::send(builder).await
    }

    pub async fn update_event(&self, kind: EventKind, id: &str, update: &EventUpdate) -> Result<Event, ClientError> {
        Self::send(self.request(Method::PUT, &[kind.collection(), id]).json(update)).await
    }

    // ---- reference data and audit ----------------------------------------

    pub async fn locations(&self, kind: Option<LocationKind>) -> Result<Vec<Location>, ClientError> {
        let kind = kind.map(|k| match k {
            LocationKind::Address => "address",
            LocationKind::CustodySuite => "custody_suite",
            LocationKind::Court => "court",
        });
        self.get(&["locations"], &LocationQuery { kind: kind.map(str::to_string) }).await
    }

    pub async fn audit(&self, query: &AuditQuery) -> Result<AuditPage, ClientError> {
        self.get(&["audit"], query).await
    }

    // ---- live -------------------------------------------------------------

    /// The server's change stream for `topics`, resumed after
    /// `last_event_id`; reconnects by itself until dropped.
    pub fn events(&self, topics: &[&str], last_event_id: Option<i64>) -> EventStream {
        let url = self.url(&["events"]);
        EventStream::start(self.http.clone(), url, self.token.clone(), topics, last_event_id)
    }
}

/// The certificates in a PEM file, to trust as authorities.
fn certificate_authorities(path: &Path) -> Result<Vec<reqwest::Certificate>, ClientError> {
    let pem = std::fs::read(path)
        .map_err(|e| ClientError::Config(format!("cannot read the CA certificate {}: {e}", path.display())))?;
    let authorities = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| ClientError::Config(format!("{} is not a PEM certificate: {e}", path.display())))?;
    if authorities.is_empty() {
        return Err(ClientError::Config(format!("{} holds no PEM certificate", path.display())));
    }
    Ok(authorities)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_encode_each_segment_and_keep_a_prefix() {
        let client = Client::new("http://127.0.0.1:8080/").unwrap();
        assert_eq!(client.url(&["persons", "a/b c"]).as_str(), "http://127.0.0.1:8080/api/v1/persons/a%2Fb%20c");
        let client = Client::new("localhost:9000/bl").unwrap();
        assert_eq!(client.url(&["health"]).as_str(), "http://localhost:9000/bl/api/v1/health");
        assert_eq!(client.server(), "http://localhost:9000/bl");
    }

    #[test]
    fn bad_addresses_are_refused() {
        assert!(matches!(Client::new("ftp://x"), Err(ClientError::Config(_))));
        assert!(matches!(Client::new("http://"), Err(ClientError::Config(_))));
    }

    #[test]
    fn a_ca_file_that_is_missing_or_not_pem_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.pem");
        let err = Client::trusting("https://a:1", Some(&missing)).unwrap_err();
        assert!(err.to_string().contains("cannot read the CA certificate"), "{err}");
        let junk = dir.path().join("junk.pem");
        std::fs::write(&junk, "not a certificate").unwrap();
        let err = Client::trusting("https://a:1", Some(&junk)).unwrap_err();
        assert!(err.to_string().contains("no PEM certificate"), "{err}");
    }
}
