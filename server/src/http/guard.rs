//! Request guards for the whole router (layer: http).
//!
//! - `client_ip` records the peer address for login throttling.
//! - `canonical_paths` answers a path that is not spelled canonically (a
//!   trailing slash, an empty, `.` or `..` segment, a backslash: see
//!   `domain::canonical`) with a 308 to its canonical spelling (query kept),
//!   instead of a page that is not found or that the page router would
//!   match differently.
//! - `same_origin_writes` refuses any state-changing request (every method
//!   but GET, HEAD and OPTIONS) that a browser says comes from another site:
//!   `Sec-Fetch-Site` other than same-origin/none, or an `Origin` that is not
//!   this host. Leptos server functions check neither by themselves. Requests
//!   without either header (scripts, old browsers) are still held to the
//!   session's CSRF token, which the services check on every change.
use std::net::SocketAddr;

use app::api::{AppError, ClientIp};
use axum::extract::{ConnectInfo, Request};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

pub async fn canonical_paths(req: Request, next: Next) -> Response {
    let uri = req.uri();
    match crate::domain::canonical::canonical_target(uri.path(), uri.query()) {
        Some(target) => axum::response::Redirect::permanent(&target).into_response(),
        None => next.run(req).await,
    }
}

pub async fn client_ip(mut req: Request, next: Next) -> Response {
    if let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        req.extensions_mut().insert(ClientIp(addr.ip()));
    }
    next.run(req).await
}

/// Whether a request's browser headers say it comes from this site (pure).
pub fn cross_site(
    method: &Method,
    sec_fetch_site: Option<&str>,
    origin: Option<&str>,
    host: Option<&str>,
) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = sec_fetch_site {
        return !matches!(site, "same-origin" | "none");
    }
    match (origin, host) {
        (None, _) => false,
        (Some(origin), Some(host)) => {
            let authority = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            authority != Some(host)
        }
        (Some(_), None) => true,
    }
}

pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    let h = req.headers();
    let text = |name: &str| h.get(name).and_then(|v| v.to_str().ok());
    if cross_site(
        req.method(),
        text("sec-fetch-site"),
        text(header::ORIGIN.as_str()),
        text(header::HOST.as_str()),
    ) {
        tracing::info!(
            method = %req.method(),
            path = %req.uri().path(),
            origin = text(header::ORIGIN.as_str()).unwrap_or("-"),
            "cross-site write refused"
        );
        return ApiError(AppError::Forbidden).into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_always_pass_and_writes_from_other_sites_do_not() {
        let host = Some("registry.ma");
        assert!(!cross_site(
            &Method::GET,
            Some("cross-site"),
            Some("https://evil.example"),
            host
        ));
        assert!(cross_site(&Method::POST, Some("cross-site"), None, host));
        assert!(cross_site(&Method::POST, Some("same-site"), None, host));
        assert!(!cross_site(&Method::POST, Some("same-origin"), None, host));
        assert!(!cross_site(
            &Method::POST,
            None,
            Some("https://registry.ma"),
            host
        ));
        assert!(cross_site(
            &Method::POST,
            None,
            Some("https://evil.example"),
            host
        ));
        assert!(cross_site(&Method::POST, None, Some("null"), host));
        // No browser headers at all: left to the CSRF token.
        assert!(!cross_site(&Method::POST, None, None, host));
    }
}
