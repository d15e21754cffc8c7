//! Headers on every reply, errors and unknown routes included: personal
//! data is never cached (`Cache-Control: no-store`), and a browser that
//! opens a reply treats it as inert data (no sniffing, framing, referrer
//! or active content). Over TLS, browsers are also told to keep to HTTPS.

use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

const EVERY_REPLY: [(HeaderName, &str); 5] = [
    (CACHE_CONTROL, "no-store"),
    (X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (X_FRAME_OPTIONS, "DENY"),
    (REFERRER_POLICY, "no-referrer"),
    (CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'"),
];

/// One year, as browsers' preload lists expect.
const HSTS: &str = "max-age=31536000";

pub fn add<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    EVERY_REPLY.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)))
    })
}

pub fn strict_transport(router: Router) -> Router {
    router.layer(SetResponseHeaderLayer::overriding(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS)))
}
