//! Limits at the edge (layer: http): every bound on what one request may
//! cost (body size, time, requests in flight, open connections), set in one
//! place, [`Limits`], and the layers that enforce them in front of the
//! router. `startup::edge` stacks the layers; `http::serve` applies the
//! connection cap and the header-read timeout. docs/SECURITY.md, "Limits",
//! has the table.
//! What a refused caller gets is `http::refusal`.
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use tokio::sync::Semaphore;

use super::refusal::{Caller, Refusal};

/// Forms and server-function arguments. The largest valid form, the park
/// editor with its three descriptions at 4,000 characters of 4-byte
/// characters each, URL-encodes to about 145 KB (unit test below).
pub const BODY_BYTES: usize = 256 * 1024;
/// Routes that take a file (none yet: the import feature will). Only the
/// paths in [`Limits::upload_paths`] get it.
pub const UPLOAD_BODY_BYTES: usize = 16 * 1024 * 1024;
/// From the request's head to the response's head.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// A page render that has not produced its head after this is started
/// again, once, within the request timeout. Leptos 0.8's server rendering
/// can, rarely and only under concurrent load, miss the wake-up of a
/// resolved resource and never finish (upstream leptos#4578, #4673, #4851;
/// the API tests' fuzz, about 4,400 requests a run, met one such render in
/// 3 runs of 4 while the other tests ran beside it). Two thirds of the request timeout: a page here
/// renders in milliseconds, so a render still going by then is hung or
/// queued behind builds of past dates (about 8 s each at 10,000 parks),
/// and the second render has the last third. It shares any build the
/// first one started (a resource's task runs on when its render is
/// dropped); the dropped render's later server functions find no context
/// and log that they could not run.
pub const RENDER_STALL: Duration = Duration::from_secs(20);
/// From a connection's first byte (or the end of its last response) to the
/// end of the request's head; also how long an idle keep-alive connection
/// stays open.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Requests being handled at once; one more is refused at once (503).
pub const MAX_IN_FLIGHT: usize = 64;
/// Open connections; beyond it the server stops accepting until one closes
/// (the kernel's backlog holds the rest).
pub const MAX_CONNECTIONS: usize = 1024;
/// What a refused caller is told to wait, in seconds (`Retry-After`).
pub const RETRY_AFTER_S: u64 = 1;
/// Password hashes (argon2id, 19 MiB each) checked or made at once, by
/// default: one per core, at least 2. Sign-ins past it queue.
pub fn default_password_hashes() -> usize {
    std::thread::available_parallelism()
        .map_or(2, std::num::NonZeroUsize::get)
        .max(2)
}
/// Sign-ins waiting for a password-hash slot; one more is refused at once (503).
pub const PASSWORD_HASH_QUEUE: usize = 16;
/// How long a sign-in waits for a password-hash slot before a 503.
pub const PASSWORD_HASH_WAIT: Duration = Duration::from_secs(2);
/// Liveness for a load balancer: answered even at the in-flight cap.
pub const HEALTH_PATH: &str = "/health";

/// Every limit of the edge; [`Default`] gives the production values above,
/// tests shrink them.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The body limit of every route but the upload paths.
    pub body_bytes: usize,
    /// The body limit of the upload paths.
    pub upload_body_bytes: usize,
    /// The exact paths that take an upload (the hook for the import
    /// feature: add its path here and `DefaultBodyLimit::max(UPLOAD_BODY_BYTES)`
    /// on its route, since axum's extractors have their own 2 MB default).
    pub upload_paths: Vec<&'static str>,
    pub request_timeout: Duration,
    /// See [`RENDER_STALL`].
    pub render_stall: Duration,
    pub header_read_timeout: Duration,
    pub max_in_flight: usize,
    pub max_connections: usize,
    /// Password hashes run at once (`services::hashing`); memory is about
    /// 19 MiB times this.
    pub password_hashes: usize,
    /// Callers waiting for a password-hash slot, beyond which a 503.
    pub password_hash_queue: usize,
    /// The longest wait for a password-hash slot, then a 503.
    pub password_hash_wait: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: BODY_BYTES,
            upload_body_bytes: UPLOAD_BODY_BYTES,
            upload_paths: Vec::new(),
            request_timeout: REQUEST_TIMEOUT,
            render_stall: RENDER_STALL,
            header_read_timeout: HEADER_READ_TIMEOUT,
            max_in_flight: MAX_IN_FLIGHT,
            max_connections: MAX_CONNECTIONS,
            password_hashes: default_password_hashes(),
            password_hash_queue: PASSWORD_HASH_QUEUE,
            password_hash_wait: PASSWORD_HASH_WAIT,
        }
    }
}

impl Limits {
    /// The body limit of a path (pure).
    pub fn body_limit_for(&self, path: &str) -> usize {
        if self.upload_paths.contains(&path) {
            self.upload_body_bytes
        } else {
            self.body_bytes
        }
    }
}

fn caller_of(req: &Request) -> Caller {
    Caller::of(req.headers(), req.uri().path())
}

/// The in-flight cap: a free slot or a 503 at once, never a queue. The slot
/// is held until the response's head is ready (a slow reader of a long body
/// then holds a connection, bounded by the connection cap, not a slot).
/// `/health` bypasses it, so that a load balancer tells a busy instance from
/// a dead one; it stays bounded by the connection cap and the timeout.
#[derive(Clone)]
pub struct InFlight(Arc<Semaphore>);

impl InFlight {
    pub fn new(max: usize) -> Self {
        Self(Arc::new(Semaphore::new(max)))
    }
}

pub async fn cap_in_flight(State(slots): State<InFlight>, req: Request, next: Next) -> Response {
    if req.uri().path() == HEALTH_PATH {
        return next.run(req).await;
    }
    let Ok(_slot) = slots.0.try_acquire() else {
        tracing::warn!("refused: requests in flight at the cap");
        return Refusal::Overloaded.respond(caller_of(&req));
    };
    next.run(req).await
}

/// The request timeout: no response head within the limit is a 503, and
/// the handler's future is dropped (a transaction in it rolls back).
pub async fn request_timeout(State(after): State<Duration>, req: Request, next: Next) -> Response {
    let caller = caller_of(&req);
    match tokio::time::timeout(after, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(timeout_s = after.as_secs_f64(), "request timed out");
            Refusal::TimedOut { after }.respond(caller)
        }
    }
}

/// A page (a GET or HEAD that Leptos renders) whose response head is not
/// ready after `stall` is rendered again, once, on a copy of the request
/// (same headers, so the same request id and CSP nonce); the first render
/// is dropped. The request timeout, outside this layer, still bounds both.
/// JSON, exports, server functions, static files and any other method run
/// once. See [`RENDER_STALL`].
pub async fn retry_stalled_render(
    State(stall): State<Duration>,
    req: Request,
    next: Next,
) -> Response {
    if !is_page_render(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    let again = copy_of(&req);
    match tokio::time::timeout(stall, next.clone().run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(
                stall_s = stall.as_secs_f64(),
                "page render stalled: rendering it again"
            );
            next.run(again).await
        }
    }
}

/// Whether a request is a page render (pure): GET or HEAD outside the API,
/// the exports, the health check and the static files.
fn is_page_render(method: &axum::http::Method, path: &str) -> bool {
    use axum::http::Method;
    const NOT_PAGES: [&str; 4] = ["/api/", "/exports/", "/pkg/", HEALTH_PATH];
    (method == Method::GET || method == Method::HEAD)
        && !NOT_PAGES.iter().any(|p| path.starts_with(p))
}

/// A bodiless copy of a page request (a page reads no body).
fn copy_of(req: &Request) -> Request {
    let mut copy = Request::new(Body::empty());
    *copy.method_mut() = req.method().clone();
    *copy.uri_mut() = req.uri().clone();
    *copy.version_mut() = req.version();
    *copy.headers_mut() = req.headers().clone();
    // the copy has no body, whatever the original said of its own
    copy.headers_mut().remove(header::CONTENT_LENGTH);
    copy.headers_mut().remove(header::TRANSFER_ENCODING);
    *copy.extensions_mut() = req.extensions().clone();
    copy
}

/// A panic in a handler or server function becomes a 500 (page or JSON),
/// logged once inside the request's span (so with its id); the connection
/// stays open for the client's next request.
pub async fn catch_panic(req: Request, next: Next) -> Response {
    let caller = caller_of(&req);
    let mut handler = std::pin::pin!(next.run(req));
    let outcome = std::future::poll_fn(|cx| {
        match std::panic::catch_unwind(AssertUnwindSafe(|| handler.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(res)) => Poll::Ready(Ok(res)),
            Err(payload) => Poll::Ready(Err(payload)),
        }
    })
    .await;
    match outcome {
        Ok(res) => res,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_string());
            tracing::error!(panic = %message, "handler panicked");
            Refusal::Panicked.respond(caller)
        }
    }
}

/// The body limit. A declared `Content-Length` over the limit is a 413
/// before a byte of the body is read; a body without a length (chunked) is
/// read up to the limit and no further, and whoever reads it (a server
/// function, an extractor) sees an error there, which becomes the same 413
/// whatever that reader made of the error.
pub async fn limit_body(State(limits): State<Arc<Limits>>, req: Request, next: Next) -> Response {
    let limit = limits.body_limit_for(req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let caller = caller_of(&req);
    let refusal = Refusal::TooLarge { limit_bytes: limit };
    if declared.is_some_and(|n| n > limit as u64) {
        return refusal.respond(caller);
    }
    let over = Arc::new(AtomicBool::new(false));
    let req = req.map(|inner| {
        Body::new(Capped {
            inner,
            remaining: limit,
            over: over.clone(),
        })
    });
    let res = next.run(req).await;
    if over.load(Ordering::Relaxed) {
        return refusal.respond(caller);
    }
    res
}

/// A body that ends in an error once more than `remaining` bytes came.
struct Capped {
    inner: Body,
    remaining: usize,
    over: Arc<AtomicBool>,
}

#[derive(Debug, thiserror::Error)]
#[error("length limit exceeded")]
struct OverLimit;

impl http_body::Body for Capped {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if this.over.load(Ordering::Relaxed) {
            return Poll::Ready(Some(Err(axum::Error::new(OverLimit))));
        }
        let frame = match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => frame,
            other => return other,
        };
        if let Some(data) = frame.data_ref() {
            if data.len() > this.remaining {
                this.over.store(true, Ordering::Relaxed);
                return Poll::Ready(Some(Err(axum::Error::new(OverLimit))));
            }
            this.remaining -= data.len();
        }
        Poll::Ready(Some(Ok(frame)))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{NAME_MAX, ParkForm, TEXT_MAX};

    #[test]
    fn the_largest_valid_park_form_fits_the_form_limit_with_room() {
        let name = "😀".repeat(NAME_MAX);
        let text = "😀".repeat(TEXT_MAX);
        let form = ParkForm {
            slug: "x".repeat(NAME_MAX),
            version: "2147483647".into(),
            name: name.clone(),
            city: name.clone(),
            operator: name,
            status: "operating".into(),
            lat: "-33.123456789".into(),
            lon: "-7.123456789".into(),
            land_ha: Some("99999.99".into()),
            delivery_date: Some("2100-12-31".into()),
            rent_mad: Some("9999.99".into()),
            description_fr: Some(text.clone()),
            description_en: Some(text.clone()),
            description_ar: Some(text),
        };
        form.parse().expect("the worst case is a valid form");
        let fields = serde_json::to_value(&form).expect("a form serializes");
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in fields.as_object().expect("an object") {
            if let Some(v) = v.as_str() {
                body.append_pair(k, v);
            }
        }
        body.append_pair("csrf", &"f".repeat(64));
        let len = body.finish().len();
        assert!(len > 100_000, "the worst case is large: {len}");
        assert!(
            len * 3 / 2 < BODY_BYTES,
            "{len} bytes leave less than half again as much room under {BODY_BYTES}"
        );
    }

    #[test]
    fn only_page_renders_are_rendered_again_after_a_stall() {
        use axum::http::Method;
        for page in [
            "/fr",
            "/ar/parks/technopark-rabat",
            "/en/report",
            "/nowhere",
        ] {
            assert!(is_page_render(&Method::GET, page), "{page}");
            assert!(is_page_render(&Method::HEAD, page), "{page}");
            assert!(!is_page_render(&Method::POST, page), "a POST to {page}");
        }
        for other in [
            "/api/v1/parks",
            "/api/account/login",
            "/exports/quarterly.csv",
            "/pkg/tech-valley-registry.wasm",
            "/health",
        ] {
            assert!(!is_page_render(&Method::GET, other), "{other}");
        }
    }

    #[test]
    fn only_the_upload_paths_get_the_upload_limit() {
        let mut limits = Limits::default();
        assert_eq!(limits.body_limit_for("/api/account/login"), BODY_BYTES);
        limits.upload_paths.push("/api/manage/import");
        assert_eq!(
            limits.body_limit_for("/api/manage/import"),
            UPLOAD_BODY_BYTES
        );
        assert_eq!(limits.body_limit_for("/api/manage/import/x"), BODY_BYTES);
    }
}
