//! Response headers (issue 12, item 4): the CSP with a per-request nonce on
//! the scripts, the other security headers on every kind of answer, HSTS and
//! the `__Host-` session cookie with secure cookies, and `no-store` on
//! everything that depends on a session.

use reqwest::header::HeaderMap;
use serde_json::Value;
use tests::{Session, TestApp, each_backend};

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name)
        .unwrap_or_else(|| panic!("{name} missing in {h:?}"))
        .to_str()
        .expect("ASCII header")
}

/// The nonce the CSP allows, after checking the policy's directives.
fn checked_csp(h: &HeaderMap, what: &str) -> String {
    let csp = header(h, "content-security-policy");
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for d in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(directives.contains(&d), "{what}: {d} in {csp}");
    }
    let script = directives
        .iter()
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_else(|| panic!("{what}: a script-src in {csp}"));
    assert!(!script.contains("'unsafe-inline'"), "{what}: {script}");
    script
        .split_whitespace()
        .find_map(|s| s.strip_prefix("'nonce-"))
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or_else(|| panic!("{what}: a nonce in {script}"))
        .to_string()
}

fn checked_security_headers(h: &HeaderMap, what: &str) -> String {
    assert_eq!(header(h, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(
        header(h, "referrer-policy"),
        "strict-origin-when-cross-origin",
        "{what}"
    );
    assert_eq!(header(h, "x-frame-options"), "DENY", "{what}");
    checked_csp(h, what)
}

fn no_store(h: &HeaderMap) -> bool {
    h.get("cache-control")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"))
}

async fn page(app: &TestApp, path: &str, session: Option<&Session>) -> (HeaderMap, String) {
    let mut req = app.client.get(app.url(path));
    if let Some(s) = session {
        req = req.header("cookie", format!("{}={}", app.session_cookie, s.cookie));
    }
    let resp = req.send().await.expect("request sent");
    assert_eq!(resp.status().as_u16(), 200, "GET {path}");
    let headers = resp.headers().clone();
    (headers, resp.text().await.expect("body"))
}

#[tokio::test]
async fn pages_json_csv_and_server_functions_carry_the_security_headers_and_scripts_the_nonce() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;

        let (h, html) = page(&app, "/fr", None).await;
        let nonce = checked_security_headers(&h, "home page");
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert!(!scripts.is_empty(), "the page has its hydration script");
        for s in &scripts {
            let tag = &s[..s.find('>').expect("a closed tag")];
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "every script carries the header's nonce: <script{tag}>"
            );
        }
        let (again, _) = page(&app, "/fr", None).await;
        assert_ne!(
            checked_csp(&again, "home page again"),
            nonce,
            "a fresh nonce per request"
        );
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );

        let (h, _) = page(&app, "/en/parks/casanearshore", None).await;
        checked_security_headers(&h, "park page");
        let (h, _) = page(&app, "/api/v1/parks", None).await;
        checked_security_headers(&h, "JSON API");
        let (h, _) = page(&app, "/exports/quarterly.csv?quarter=2026Q2", None).await;
        checked_security_headers(&h, "CSV export");
        let answer = app.post_form("/api/account/current_user", None, &[]).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        checked_security_headers(&answer.headers, "server function");
        let missing = app.get("/fr/no-such-page").await;
        assert_eq!(missing.status().as_u16(), 404);
        checked_security_headers(missing.headers(), "404 page");
    })
    .await;
}

#[tokio::test]
async fn with_secure_cookies_the_session_cookie_is_host_prefixed_and_hsts_is_sent() {
    each_backend(async |backend| {
        let app = TestApp::spawn_secure(&backend).await;
        app.seed_reference().await;
        app.add_user("admin@cdg.ma", "admin", &[], None).await;

        let ok = app.try_login("admin@cdg.ma", tests::TEST_PASSWORD).await;
        assert_eq!(ok.status, 200, "{}", ok.body);
        let cookie = header(&ok.headers, "set-cookie");
        assert!(cookie.starts_with("__Host-tvr_session="), "{cookie}");
        for attr in ["Secure", "Path=/", "HttpOnly", "SameSite=Lax"] {
            assert!(cookie.contains(attr), "{attr} in {cookie}");
        }
        assert!(!cookie.to_ascii_lowercase().contains("domain="), "{cookie}");
        let home = app.get("/fr").await;
        for h in [&ok.headers, home.headers()] {
            assert_eq!(
                header(h, "strict-transport-security"),
                "max-age=31536000; includeSubDomains"
            );
        }

        let session = app.login("admin@cdg.ma").await;
        let me = app
            .post_form("/api/account/current_user", Some(&session), &[])
            .await;
        assert_eq!(
            me.json()["email"],
            "admin@cdg.ma",
            "the __Host- cookie signs in"
        );
        let unprefixed = app
            .client
            .post(app.url("/api/account/current_user"))
            .header("cookie", format!("tvr_session={}", session.cookie))
            .send()
            .await
            .unwrap();
        assert_eq!(
            unprefixed.json::<Value>().await.unwrap(),
            Value::Null,
            "a cookie without the prefix (plantable over HTTP) is not a session"
        );
    })
    .await;
}

#[tokio::test]
async fn answers_that_depend_on_a_session_are_never_stored_by_a_cache() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;
        app.add_user("admin@cdg.ma", "admin", &[], None).await;

        let (h, _) = page(&app, "/fr/balance", None).await;
        assert!(no_store(&h), "a page can differ by viewer: {h:?}");
        let (h, _) = page(&app, "/exports/quarterly.csv?quarter=2026Q2", None).await;
        assert!(no_store(&h), "the CSV reads the session: {h:?}");
        let (h, _) = page(&app, "/api/v1/parks", None).await;
        assert!(!no_store(&h), "the public JSON may be cached: {h:?}");
        assert!(
            header(&h, "vary").to_ascii_lowercase().contains("cookie"),
            "but not served to a signed-in caller"
        );

        let session = app.login("admin@cdg.ma").await;
        for path in [
            "/fr",
            "/fr/balance",
            "/fr/manage",
            "/api/v1/parks",
            "/exports/quarterly.csv?quarter=2026Q2",
        ] {
            let (h, _) = page(&app, path, Some(&session)).await;
            assert!(no_store(&h), "signed in, {path}: {h:?}");
        }
        let me = app
            .post_form("/api/account/current_user", Some(&session), &[])
            .await;
        assert_eq!(me.json()["email"], "admin@cdg.ma");
        assert!(no_store(&me.headers), "{:?}", me.headers);
    })
    .await;
}
