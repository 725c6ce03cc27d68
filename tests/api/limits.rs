//! Limits at the edge (issue 12, item 1): body size, header-read and
//! request timeouts, the in-flight cap, the connection cap and the panic
//! catcher. Tests that involve the database run on every backend; the ones
//! about a layer alone serve a tiny router behind the real edge
//! (`server::startup::edge`) and accept loop (`server::http::serve`).
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use server::http::limits::{BODY_BYTES, Limits};
use tests::fixture::Fixture;
use tests::raw::{RawConnection, serve_behind_edge};
use tests::{TEST_PASSWORD, TestApp, each_backend};
use tokio::sync::Semaphore;

const SIXTY_MB: usize = 60 * 1024 * 1024;

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test]
async fn a_60_mb_login_is_refused_with_413_before_its_body_is_sent() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let mut conn = RawConnection::open(app.addr()).await;
        // Only the head: a server that waits for the body never answers.
        let head = format!(
            "POST /api/account/login HTTP/1.1\r\nHost: localhost\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {SIXTY_MB}\r\n\r\n"
        );
        conn.patience = Duration::from_secs(5);
        let started = Instant::now();
        conn.send(head.as_bytes()).await.expect("head sent");
        let res = conn.response().await;
        assert_eq!(res.status, 413, "{backend:?}: {}", res.body);
        let body = json(&res.body);
        assert_eq!(body["error"], "payload_too_large", "{body}");
        assert_eq!(body["limit_bytes"], BODY_BYTES, "{body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains(&BODY_BYTES.to_string()),
            "{body}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert!(res.header("x-request-id").is_some(), "{:?}", res.headers);

        // A plain form post from a page gets a short page in its language.
        let mut conn = RawConnection::open(app.addr()).await;
        let head = format!(
            "POST /api/account/login HTTP/1.1\r\nHost: localhost\r\n\
             Accept: text/html\r\nReferer: http://localhost/ar/login\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {SIXTY_MB}\r\n\r\n"
        );
        conn.send(head.as_bytes()).await.expect("head sent");
        let page = conn.response().await;
        assert_eq!(page.status, 413);
        assert!(
            page.header("content-type")
                .unwrap()
                .starts_with("text/html"),
            "{:?}",
            page.headers
        );
        assert!(
            page.body.contains("lang=\"ar\" dir=\"rtl\""),
            "{}",
            page.body
        );
        assert_eq!(page.header("cache-control"), Some("no-store"));
    })
    .await;
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_to_a_server_function_is_refused_with_413() {
    each_backend(async |backend| {
        let limits = Limits {
            body_bytes: 4096,
            ..Limits::default()
        };
        let app = TestApp::spawn_with_limits(&backend, limits).await;
        app.add_user("admin@cdg.ma", "admin", &[], None).await;
        // No Content-Length: 16 chunks of 1 KiB, sent whole so the server
        // has them all (it stops reading at 4 KiB).
        let mut request = String::from(
            "POST /api/account/login HTTP/1.1\r\nHost: localhost\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Transfer-Encoding: chunked\r\n\r\n",
        );
        let first = format!("email=admin%40cdg.ma&password={}", "a".repeat(1024 - 30));
        request.push_str(&format!("{:x}\r\n{first}\r\n", first.len()));
        for _ in 1..16 {
            request.push_str(&format!("400\r\n{}\r\n", "a".repeat(1024)));
        }
        request.push_str("0\r\n\r\n");
        let mut conn = RawConnection::open(app.addr()).await;
        conn.send(request.as_bytes()).await.expect("request sent");
        let res = conn.response().await;
        assert_eq!(res.status, 413, "{backend:?}: {}", res.body);
        assert_eq!(json(&res.body)["limit_bytes"], 4096, "{}", res.body);

        // Under the limit, chunked or not, the login works.
        let mut request = String::from(
            "POST /api/account/login HTTP/1.1\r\nHost: localhost\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Transfer-Encoding: chunked\r\n\r\n",
        );
        let form = format!(
            "email=admin%40cdg.ma&password={}",
            TEST_PASSWORD.replace(' ', "+")
        );
        request.push_str(&format!("{:x}\r\n{form}\r\n0\r\n\r\n", form.len()));
        let mut conn = RawConnection::open(app.addr()).await;
        conn.send(request.as_bytes()).await.expect("request sent");
        let res = conn.response().await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert!(json(&res.body)["csrf_token"].is_string(), "{}", res.body);
    })
    .await;
}

#[tokio::test]
async fn the_largest_real_form_and_a_normal_login_pass_the_body_limit() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        f.park("large", "06", "planned").await;
        app.add_user("admin@cdg.ma", "admin", &[], None).await;
        let admin = app.login("admin@cdg.ma").await;
        // Three descriptions at their maximum length in Arabic: 72 KB
        // URL-encoded, more than a 64 KiB limit would let through.
        let text = "م".repeat(4000);
        let form = [
            ("slug", "large"),
            ("version", "1"),
            ("name", "Large park"),
            ("city", "Casablanca"),
            ("operator", "Test operator"),
            ("status", "planned"),
            ("lat", "33.55"),
            ("lon", "-7.6"),
            ("description_fr", text.as_str()),
            ("description_en", text.as_str()),
            ("description_ar", text.as_str()),
        ];
        let saved = app.manage("update_park", Some(&admin), &form).await;
        assert_eq!(saved.status, 200, "{backend:?}: {}", saved.body);
        let editor = app
            .manage("park_editor", Some(&admin), &[("slug", "large")])
            .await
            .json();
        assert_eq!(editor["park"]["description_ar"], text.as_str());
    })
    .await;
}

#[tokio::test]
async fn a_connection_that_sends_half_a_request_line_is_closed_by_the_header_timeout() {
    each_backend(async |backend| {
        let limits = Limits {
            header_read_timeout: Duration::from_millis(300),
            ..Limits::default()
        };
        let app = TestApp::spawn_with_limits(&backend, limits).await;
        let mut slow = RawConnection::open(app.addr()).await;
        slow.send(b"GET /health HT")
            .await
            .expect("half a line sent");
        slow.patience = Duration::from_secs(10);
        let rest = slow.closed_by_server().await;
        assert!(
            rest.is_some(),
            "{backend:?}: still open after 10 s with a 300 ms header timeout"
        );
        // An idle connection that sent nothing is closed too.
        let mut idle = RawConnection::open(app.addr()).await;
        assert!(idle.closed_by_server().await.is_some(), "{backend:?}");
        // Others are served all along.
        assert_eq!(app.get("/health").await.status(), 200);
    })
    .await;
}

/// Records every log line written while it is the thread's subscriber (the
/// API tests' runtime is single-threaded, so the server logs here too).
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).to_string()
    }

    /// Asserts that a line says `what` inside the span of request `id`.
    fn assert_logged(&self, what: &str, id: &str) {
        let text = self.text();
        let span = format!("id=\"{id}\"");
        assert!(
            text.lines().any(|l| l.contains(what) && l.contains(&span)),
            "no line with {what:?} for request {id}:\n{text}"
        );
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() -> (Logs, tracing::subscriber::DefaultGuard) {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    (logs, tracing::subscriber::set_default(subscriber))
}

async fn boom() -> &'static str {
    panic!("boom in a handler")
}

#[tokio::test]
async fn a_panic_is_a_500_with_the_request_id_logged_and_the_connection_serves_the_next_request() {
    let (logs, _guard) = capture_logs();
    let router = Router::new()
        .route("/api/v1/boom", get(boom))
        .route("/en/boom", get(boom))
        .route("/ok", get(|| async { "ok" }));
    let (addr, server) = serve_behind_edge(router, Limits::default()).await;
    let mut conn = RawConnection::open(addr).await;

    let res = conn.get("/api/v1/boom", "application/json").await;
    assert_eq!(res.status, 500, "{}", res.body);
    assert_eq!(
        json(&res.body),
        serde_json::json!({ "error": "internal", "message": "internal error" })
    );
    let id = res
        .header("x-request-id")
        .expect("a request id")
        .to_string();
    let line = logs
        .text()
        .lines()
        .find(|l| l.contains("handler panicked"))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("the panic is logged: {}", logs.text()));
    assert!(line.contains(&format!("id=\"{id}\"")), "{line}");
    assert!(line.contains("boom in a handler"), "{line}");
    assert_eq!(
        logs.text().matches("handler panicked").count(),
        1,
        "logged once"
    );

    // The same connection serves the next request.
    let next = conn.get("/ok", "*/*").await;
    assert_eq!((next.status, next.body.as_str()), (200, "ok"));

    // A page gets an error page in its language, on the same connection still.
    let page = conn.get("/en/boom", "text/html").await;
    assert_eq!(page.status, 500);
    assert!(
        page.body.contains("<h1>Something went wrong</h1>"),
        "{}",
        page.body
    );
    assert_eq!(conn.get("/ok", "*/*").await.status, 200);
    server.abort();
}

#[tokio::test]
async fn a_request_over_the_timeout_is_a_503_and_is_logged() {
    let (logs, _guard) = capture_logs();
    let limits = Limits {
        request_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let router = Router::new().route(
        "/api/v1/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            "late"
        }),
    );
    let (addr, server) = serve_behind_edge(router, limits).await;
    let mut conn = RawConnection::open(addr).await;
    conn.patience = Duration::from_secs(10);
    let res = conn.get("/api/v1/slow", "application/json").await;
    assert_eq!(res.status, 503, "{}", res.body);
    assert_eq!(json(&res.body)["error"], "timeout", "{}", res.body);
    assert_eq!(res.header("retry-after"), Some("1"));
    let id = res.header("x-request-id").expect("a request id");
    logs.assert_logged("request timed out", id);
    server.abort();
}

/// A handler that never answers its first call and answers every later one,
/// counting its calls: a render that stalls once.
fn stalls_once(calls: &Arc<std::sync::atomic::AtomicUsize>) -> axum::routing::MethodRouter {
    let calls = calls.clone();
    get(move || {
        let calls = calls.clone();
        async move {
            if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                std::future::pending::<()>().await;
            }
            "rendered"
        }
    })
}

#[tokio::test]
async fn a_page_whose_render_stalls_is_rendered_again_once_and_an_api_call_is_not() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (logs, _guard) = capture_logs();
    let limits = Limits {
        render_stall: Duration::from_millis(200),
        request_timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    let (page, api) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let router = Router::new()
        .route("/en/stalls", stalls_once(&page))
        .route("/api/v1/stalls", stalls_once(&api));
    let (addr, server) = serve_behind_edge(router, limits).await;
    let mut conn = RawConnection::open(addr).await;

    let started = Instant::now();
    let res = conn.get("/en/stalls", "text/html").await;
    assert_eq!((res.status, res.body.as_str()), (200, "rendered"));
    assert_eq!(page.load(Ordering::SeqCst), 2, "rendered twice");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "within the timeout"
    );
    let id = res.header("x-request-id").expect("a request id");
    logs.assert_logged("page render stalled", id);

    // JSON is not rendered again: it times out like any slow request.
    let res = conn.get("/api/v1/stalls", "application/json").await;
    assert_eq!(res.status, 503, "{}", res.body);
    assert_eq!(api.load(Ordering::SeqCst), 1, "called once");
    server.abort();
}

#[tokio::test]
async fn beyond_the_in_flight_cap_a_request_is_refused_503_at_once_and_health_still_answers() {
    let limits = Limits {
        max_in_flight: 2,
        ..Limits::default()
    };
    // The slow route holds its slot until the test adds permits to `release`.
    let entered = Arc::new(Semaphore::new(0));
    let release = Arc::new(Semaphore::new(0));
    let (e, r) = (entered.clone(), release.clone());
    let router = Router::new()
        .route(
            "/api/v1/slow",
            get(move || {
                let (e, r) = (e.clone(), r.clone());
                async move {
                    e.add_permits(1);
                    let _ = r.acquire().await;
                    "done"
                }
            }),
        )
        .route("/api/v1/fast", get(|| async { "fast" }))
        .route("/health", get(|| async { "alive" }));
    let (addr, server) = serve_behind_edge(router, limits).await;
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut conn = RawConnection::open(addr).await;
        conn.send(b"GET /api/v1/slow HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .expect("sent");
        slow.push(conn);
    }
    let both = tokio::time::timeout(Duration::from_secs(10), entered.acquire_many(2)).await;
    assert!(both.is_ok(), "both slow requests are in flight");

    let mut third = RawConnection::open(addr).await;
    let refused = third.get("/api/v1/fast", "application/json").await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(json(&refused.body)["error"], "overloaded");
    assert_eq!(refused.header("retry-after"), Some("1"));
    let health = third.get("/health", "*/*").await;
    assert_eq!((health.status, health.body.as_str()), (200, "alive"));

    release.add_permits(2);
    for conn in &mut slow {
        assert_eq!(conn.response().await.status, 200);
    }
    assert_eq!(third.get("/api/v1/fast", "*/*").await.status, 200);
    server.abort();
}

#[tokio::test]
async fn beyond_the_connection_cap_a_new_connection_waits_until_one_closes() {
    let limits = Limits {
        max_connections: 2,
        ..Limits::default()
    };
    let router = Router::new().route("/ok", get(|| async { "ok" }));
    let (addr, server) = serve_behind_edge(router, limits).await;
    let mut first = RawConnection::open(addr).await;
    let mut second = RawConnection::open(addr).await;
    assert_eq!(first.get("/ok", "*/*").await.status, 200);
    assert_eq!(second.get("/ok", "*/*").await.status, 200);
    // Both stay open (keep-alive): a third is not served meanwhile.
    let mut third = RawConnection::open(addr).await;
    third
        .send(b"GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .expect("sent");
    third.patience = Duration::from_secs(10);
    let waited = tokio::time::timeout(Duration::from_millis(500), third.response()).await;
    assert!(waited.is_err(), "served beyond the cap: {waited:?}");
    drop(first);
    assert_eq!(third.response().await.status, 200);
    server.abort();
}
