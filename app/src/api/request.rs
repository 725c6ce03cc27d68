//! What server functions read from the request (the session cookie, the
//! client address) and write to the response (status, cookie). Only with `ssr`.
use leptos::prelude::*;

use super::{AppError, ClientIp, Credentials};

/// Name of the session cookie over plain HTTP.
pub const SESSION_COOKIE: &str = "tvr_session";
/// Name of the session cookie with `--secure-cookies`: the `__Host-` prefix
/// makes the browser refuse it unless it is `Secure`, has `Path=/` and no
/// `Domain`, so a sibling subdomain or a plain-HTTP page cannot plant one.
pub const SECURE_SESSION_COOKIE: &str = "__Host-tvr_session";

/// The session cookie's name: `__Host-` prefixed when served over HTTPS.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// Whether this registry marks its cookies `Secure` (from the account services).
fn secure() -> bool {
    use_context::<super::Accounts>().is_some_and(|a| a.secure_cookies())
}

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The session cookie's value in these request headers, if any; `secure`
/// picks the cookie's name (see [`session_cookie_name`]).
pub fn session_from_headers(headers: &http::HeaderMap, secure: bool) -> Option<String> {
    let name = session_cookie_name(secure);
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty())
}

/// The session cookie's value, if the request sent one.
pub fn session_cookie() -> Option<String> {
    session_from_headers(&parts()?.headers, secure())
}

/// The credentials of this request: its session, and the CSRF token a form sent.
pub fn credentials(csrf: Option<String>) -> Credentials {
    Credentials {
        session: session_cookie(),
        csrf: csrf.filter(|t| !t.is_empty()),
    }
}

pub fn client_ip() -> Option<std::net::IpAddr> {
    parts()?.extensions.get::<ClientIp>().map(|ip| ip.0)
}

fn response() -> Option<leptos_axum::ResponseOptions> {
    use_context::<leptos_axum::ResponseOptions>()
}

/// Gives an error its HTTP status (and `Retry-After` when throttled or busy), so that
/// a form post or a script sees 401, 403, 409 or 429, not a generic 500.
///
/// A plain HTML form post (no JavaScript: it accepts text/html) keeps the
/// redirect back to its page that Leptos sets, with the error in the URL
/// for the page to show; a status would leave the browser on a JSON body.
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    let plain_form = parts().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if plain_form {
        return result;
    }
    if let (Err(e), Some(res)) = (&result, response()) {
        if let Ok(status) = http::StatusCode::from_u16(e.status()) {
            res.set_status(status);
        }
        if let Some(retry_after_s) = e.retry_after_s()
            && let Ok(v) = http::HeaderValue::from_str(&retry_after_s.to_string())
        {
            res.insert_header(http::header::RETRY_AFTER, v);
        }
    }
    result
}

/// Sets (or, with `None`, clears) the session cookie: HttpOnly, SameSite=Lax,
/// Path=/ and no Domain; Secure and `__Host-` named when the registry is
/// served over HTTPS.
pub fn set_session_cookie(token: Option<(&str, i64)>, secure: bool) {
    let Some(res) = response() else { return };
    let (value, max_age) = token.unwrap_or(("", 0));
    let name = session_cookie_name(secure);
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}");
    if secure {
        cookie.push_str("; Secure");
    }
    if let Ok(v) = http::HeaderValue::from_str(&cookie) {
        res.append_header(http::header::SET_COOKIE, v);
    }
}
