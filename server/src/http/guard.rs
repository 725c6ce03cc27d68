//! Request guards for the whole router (layer: http).
//!
//! - `client_ip` records the client's address for login throttling: the
//!   peer's, or, when the peer is a trusted proxy (`--trusted-proxy`), the
//!   last address in `X-Forwarded-For` that is not a trusted proxy itself.
//!   A client can write any `X-Forwarded-For` it likes, so the header is
//!   ignored unless the connection comes from a proxy named at start.
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
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::api::{AppError, ClientIp};
use axum::extract::{ConnectInfo, Request, State};
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

/// The proxies whose `X-Forwarded-For` is believed (empty: none).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Arc<Vec<IpAddr>>);

pub async fn client_ip(
    State(trusted): State<TrustedProxies>,
    mut req: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let forwarded: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let ip = client_address(addr.ip(), &forwarded.join(","), &trusted.0);
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

/// The client's address (pure): the peer, unless the peer is a trusted
/// proxy; then the right-most `X-Forwarded-For` entry that is not a trusted
/// proxy (entries left of it were written by the client and prove nothing).
/// A malformed entry stops the walk at the last trusted hop.
pub fn client_address(peer: IpAddr, forwarded_for: &str, trusted: &[IpAddr]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.contains(&canonical(*ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for entry in forwarded_for
        .rsplit(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        match entry.parse::<IpAddr>() {
            Ok(ip) => {
                client = canonical(ip);
                if !is_trusted(&client) {
                    return client;
                }
            }
            Err(_) => return client,
        }
    }
    client
}

/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) as the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
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

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let proxy = [ip("10.0.0.2")];
        // No trusted proxy: the header is the client's word, ignored.
        assert_eq!(
            client_address(ip("198.51.100.4"), "203.0.113.7", &[]),
            ip("198.51.100.4")
        );
        // A peer that is not the proxy cannot pick its address either.
        assert_eq!(
            client_address(ip("198.51.100.4"), "203.0.113.7", &proxy),
            ip("198.51.100.4")
        );
        // Through the proxy: the address the proxy saw.
        assert_eq!(
            client_address(ip("10.0.0.2"), "203.0.113.7", &proxy),
            ip("203.0.113.7")
        );
        // A client that sends its own header gets the proxy's appended entry, not its own.
        assert_eq!(
            client_address(ip("10.0.0.2"), "1.2.3.4, 203.0.113.7", &proxy),
            ip("203.0.113.7")
        );
        // Two trusted hops are skipped; mapped IPv6 counts as IPv4.
        let two = [ip("10.0.0.2"), ip("10.0.0.3")];
        assert_eq!(
            client_address(ip("::ffff:10.0.0.2"), "203.0.113.7, 10.0.0.3", &two),
            ip("203.0.113.7")
        );
        // Garbage or nothing after the proxy: the last trusted hop.
        assert_eq!(
            client_address(ip("10.0.0.2"), "not-an-ip", &proxy),
            ip("10.0.0.2")
        );
        assert_eq!(client_address(ip("10.0.0.2"), "", &proxy), ip("10.0.0.2"));
    }

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
