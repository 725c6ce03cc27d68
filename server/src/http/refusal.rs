//! What the edge answers a request it refuses or cuts (layer: http): the
//! 413, 503 and 500 of `http::limits`, shaped for the caller. A browser
//! navigation or a plain form post (it accepts `text/html`) gets a short
//! page in the language of its path (or, for a form posted to `/api/…`, of
//! the page in its Referer); everything else (the JSON API, server
//! functions called by the hydrated page, the CSV export, scripts) gets the
//! JSON error shape of `http::error`, `{"error": code, "message": text}`,
//! whose message names the limit.
use std::time::Duration;

use app::i18n::Locale;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::headers::X_FRAME_OPTIONS;
use super::limits::RETRY_AFTER_S;

/// Who is asking, as far as the shape of a refusal goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    /// A browser page or plain form post: it gets a page, not JSON.
    pub wants_html: bool,
    pub locale: Locale,
}

impl Caller {
    pub fn of(headers: &HeaderMap, path: &str) -> Self {
        let wants_html = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        // A form posts to /api/…: its page's language is in the Referer.
        let referer_path = headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| url::Url::parse(r).ok())
            .map(|u| u.path().to_string());
        let locale = locale_of(path)
            .or_else(|| referer_path.as_deref().and_then(locale_of))
            .unwrap_or(Locale::DEFAULT);
        Self { wants_html, locale }
    }
}

/// The language a path names in its first segment (`/ar/parks` -> Arabic).
fn locale_of(path: &str) -> Option<Locale> {
    let first = path.trim_start_matches('/').split('/').next()?;
    Locale::from_code(first)
}

/// Why the edge refused or cut a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 413: the body is over `limit_bytes`.
    TooLarge { limit_bytes: usize },
    /// 503 with Retry-After: the in-flight cap is reached.
    Overloaded,
    /// 503 with Retry-After: no response within the request timeout.
    TimedOut { after: Duration },
    /// 500: the handler panicked.
    Panicked,
}

impl Refusal {
    pub fn status(self) -> StatusCode {
        match self {
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Overloaded | Self::TimedOut { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Panicked => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The `error` code of the JSON shape.
    pub fn code(self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "payload_too_large",
            Self::Overloaded => "overloaded",
            Self::TimedOut { .. } => "timeout",
            Self::Panicked => "internal",
        }
    }

    /// The JSON `message`, naming the limit.
    pub fn message(self) -> String {
        match self {
            Self::TooLarge { limit_bytes } => {
                format!("the request body is over the limit of {limit_bytes} bytes")
            }
            Self::Overloaded => format!(
                "the server is at its limit of requests in flight: try again in {RETRY_AFTER_S} s"
            ),
            Self::TimedOut { after } => format!(
                "no answer within the request timeout of {} s: try again in {RETRY_AFTER_S} s",
                after.as_secs_f64()
            ),
            Self::Panicked => "internal error".to_string(),
        }
    }

    /// The answer, shaped for the caller. Never cached, never framed, never
    /// sniffed; the page has no script or style, so its policy allows none.
    pub fn respond(self, caller: Caller) -> Response {
        let mut res = if caller.wants_html {
            let t = caller.locale.t();
            let (lang, dir) = (caller.locale.code(), caller.locale.dir());
            let page = format!(
                "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
                 <title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>\
                 <p><a href=\"/{lang}\">{home}</a></p></body></html>",
                title = t.error_title,
                text = t.error_text,
                home = t.nav_home,
            );
            (
                self.status(),
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                page,
            )
                .into_response()
        } else {
            let mut body = serde_json::json!({ "error": self.code(), "message": self.message() });
            if let Self::TooLarge { limit_bytes } = self {
                body["limit_bytes"] = limit_bytes.into();
            }
            (self.status(), axum::Json(body)).into_response()
        };
        let h = res.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        h.insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static(X_FRAME_OPTIONS),
        );
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
        if matches!(self, Self::Overloaded | Self::TimedOut { .. }) {
            h.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_S));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_post_gets_a_page_in_its_language_and_a_script_gets_json() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_static("text/html,*/*"));
        h.insert(
            header::REFERER,
            HeaderValue::from_static("http://127.0.0.1:3000/ar/login?next=/ar/manage"),
        );
        assert_eq!(
            Caller::of(&h, "/api/account/login"),
            Caller {
                wants_html: true,
                locale: Locale::Ar
            }
        );
        let json = Caller::of(&HeaderMap::new(), "/en/parks");
        assert_eq!(
            json,
            Caller {
                wants_html: false,
                locale: Locale::En
            }
        );
        assert_eq!(
            Caller::of(&HeaderMap::new(), "/api/v1/parks").locale,
            Locale::DEFAULT
        );
    }
}
