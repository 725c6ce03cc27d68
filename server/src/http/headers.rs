//! Security and caching headers on every response (layer: http).
//!
//! Every request gets a fresh random nonce. The page renderer puts it on
//! the scripts Leptos writes (hydration, streamed resources), and the
//! `Content-Security-Policy` header allows scripts with that nonce only, so
//! an injected `<script>` or `onclick=` never runs. The same layer adds
//! `X-Content-Type-Options`, `Referrer-Policy`, `X-Frame-Options`, HSTS with
//! `--secure-cookies`, and `Cache-Control: no-store` on everything that can
//! differ by viewer (see [`caching`]). All the policy values are here.
use app::api::request::session_from_headers;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;

/// `Strict-Transport-Security` with `--secure-cookies`: one year, subdomains.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";
/// Sends the origin only to other sites, and nothing over a downgrade.
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";
/// Old browsers' `frame-ancestors 'none'`.
pub const X_FRAME_OPTIONS: &str = "DENY";

/// The Content-Security-Policy for a response whose scripts carry `nonce`.
///
/// - scripts: the nonce'd inline scripts, the module files under `/pkg`
///   they import ('self'), and compiling the WASM ('wasm-unsafe-eval',
///   which Chromium requires for `WebAssembly.instantiateStreaming`);
///   never 'unsafe-inline';
/// - styles: the stylesheet files; `style=` attributes (bar widths in the
///   figures) are allowed, inline `<style>` elements are not;
/// - images: this site and `data:` URLs; the charts and maps are inline SVG;
/// - connections (server functions): this site only;
/// - no plugins, no `<base>`, forms post here only, no framing.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; \
         connect-src 'self'; \
         font-src 'self'; \
         object-src 'none'; \
         base-uri 'none'; \
         form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The nonce of this request, in its extensions for the page renderer.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

impl CspNonce {
    /// 16 bytes from the system's random source, base64: a fresh value per
    /// request that a page cannot guess from any earlier one.
    fn generate() -> Self {
        let mut bytes = [0u8; 16];
        if getrandom::fill(&mut bytes).is_err() {
            // No random source (never on a supported system): an empty
            // nonce matches no script, so pages stay server-rendered
            // rather than trusting a guessable value.
            return Self(String::new());
        }
        Self(base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}

/// How a response may be cached.
#[derive(Debug, PartialEq, Eq)]
pub enum Caching {
    /// Leave the handler's headers alone (static files under `/pkg`, the favicon).
    Asset,
    /// `Cache-Control: no-store`: it can differ by viewer or the request has a session.
    NoStore,
    /// The same for every anonymous caller; `Vary: Cookie` keeps a shared
    /// cache from serving it to a signed-in one.
    PublicVaryCookie,
}

/// Which caching a response gets (pure): assets keep theirs; any other
/// answer to a request with the session cookie, and every page, server
/// function and CSV export (they read the session), is `no-store`; the
/// JSON API and `/health` (no session) vary on the cookie.
pub fn caching(path: &str, has_session: bool) -> Caching {
    if path.starts_with("/pkg/") || path == "/favicon.ico" {
        return Caching::Asset;
    }
    if has_session {
        return Caching::NoStore;
    }
    if path.starts_with("/api/v1/") || path == "/api/v1" || path == "/health" {
        Caching::PublicVaryCookie
    } else {
        Caching::NoStore
    }
}

/// Header values that depend on how the registry is served.
#[derive(Clone, Copy, Debug)]
pub struct HeaderPolicy {
    /// `--secure-cookies`: served over HTTPS, so send HSTS and read the
    /// `__Host-` session cookie.
    pub secure: bool,
}

/// The layer: a nonce in, the headers out.
pub async fn security_headers(
    State(policy): State<HeaderPolicy>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = CspNonce::generate();
    let path = req.uri().path().to_string();
    let has_session = session_from_headers(req.headers(), policy.secure).is_some();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        &content_security_policy(&nonce.0),
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, REFERRER_POLICY);
    set(h, header::X_FRAME_OPTIONS, X_FRAME_OPTIONS);
    if policy.secure {
        set(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    match caching(&path, has_session) {
        Caching::Asset => {}
        Caching::NoStore => {
            set(h, header::CACHE_CONTROL, "no-store");
            h.append(header::VARY, HeaderValue::from_static("Cookie"));
        }
        Caching::PublicVaryCookie => {
            h.append(header::VARY, HeaderValue::from_static("Cookie"));
        }
    }
    res
}

fn set(h: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(name, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_the_nonce_and_never_inline_scripts() {
        let csp = content_security_policy("abc+/=");
        let script = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src "))
            .expect("a script-src");
        assert!(script.contains("'nonce-abc+/='"), "{script}");
        assert!(!script.contains("unsafe-inline"), "{script}");
        for d in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "default-src 'self'",
        ] {
            assert!(csp.contains(d), "{d} in {csp}");
        }
    }

    #[test]
    fn nonces_differ_per_request() {
        let (a, b) = (CspNonce::generate().0, CspNonce::generate().0);
        assert_eq!(a.len(), 24, "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn assets_keep_their_caching_and_sessions_are_never_stored() {
        assert_eq!(
            caching("/pkg/tech-valley-registry.wasm", true),
            Caching::Asset
        );
        assert_eq!(caching("/favicon.ico", false), Caching::Asset);
        assert_eq!(caching("/fr/parks", false), Caching::NoStore);
        assert_eq!(caching("/exports/quarterly.csv", false), Caching::NoStore);
        assert_eq!(caching("/api/account/login", false), Caching::NoStore);
        assert_eq!(caching("/api/v1/parks", false), Caching::PublicVaryCookie);
        assert_eq!(caching("/api/v1/parks", true), Caching::NoStore);
        assert_eq!(caching("/health", true), Caching::NoStore);
    }
}
