//! chromedriver started on port 0 (it prints the port it chose), a headless
//! Chromium session that records every browser error (CSP violations included), and `with_browser`,
//! which runs a journey's steps and always closes the session.

use std::process::{Command, Stdio};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use super::Res;
use super::process::{Guard, after, announced, wait_http};

/// Starts chromedriver on the port it picks and opens a Chromium session on it.
async fn start_browser() -> (Guard, Client) {
    // Both rustls back ends are in the dependency graph: pick one for the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut driver = Command::new("chromedriver")
        .arg("--port=0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "chromedriver (Debian's chromium-driver) is installed: run .ci/bootstrap --browser",
        );
    let stdout = driver.stdout.take().expect("chromedriver's stdout");
    let driver = Guard(driver);
    // "ChromeDriver was started successfully on port 38869."
    let port = announced(
        stdout,
        std::io::sink(),
        |line| after(line, "started successfully on port "),
        "chromedriver",
    )
    .await;
    wait_http(&format!("http://127.0.0.1:{port}/status"), "chromedriver").await;
    let profile = std::env::temp_dir().join(format!("tvr-chromium-{}-{port}", std::process::id()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let client = ClientBuilder::rustls()
        .expect("TLS setup")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session");
    // Record console errors, uncaught exceptions, failed loads and CSP
    // violations on every document.
    client
        .issue_cmd(Cdp::new(ERROR_CAPTURE))
        .await
        .expect("error capture installed");
    (driver, client)
}

const ERROR_CAPTURE: &str = r#"
window.__tvrErrors = [];
const push = (m) => window.__tvrErrors.push(String(m));
const original = console.error.bind(console);
console.error = (...args) => { push(args.map(String).join(' ')); original(...args); };
window.addEventListener('error', (e) => push('error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || e.type)), true);
window.addEventListener('unhandledrejection', (e) => push('unhandled rejection: ' + e.reason));
document.addEventListener('securitypolicyviolation', (e) => push('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
"#;

/// chromedriver's Chrome DevTools passthrough: adds a script to every new document.
#[derive(Debug)]
struct Cdp {
    body: Value,
}

impl Cdp {
    fn new(source: &str) -> Self {
        Self {
            body: json!({ "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": { "source": source } }),
        }
    }
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Runs `steps` with a fresh browser, always closing it, then reports.
pub async fn with_browser<F, Fut>(steps: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = (Client, Res<()>)>,
{
    let (_driver, client) = start_browser().await;
    let (client, outcome) = steps(client).await;
    let _ = client.close().await;
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
