//! Browser tests: the server binary and site built by cargo-leptos, driven in
//! Debian's Chromium through chromedriver. Every page is checked for console
//! errors and for hydration. `.ci/test` builds what these tests need.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn server_bin() -> PathBuf {
    std::env::var_os("TVR_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/debug/server"))
}

fn site_root() -> PathBuf {
    std::env::var_os("TVR_SITE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/site"))
}

/// A child process killed when dropped, so that a failing test leaves nothing running.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Server {
    base: String,
    _process: Guard,
    dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn wait_http(url: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::get(url).await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what} did not answer at {url} within 60 s");
}

/// Starts the cargo-leptos-built server on a fresh embedded database (which it fills with demo data).
async fn start_server() -> Server {
    let bin = server_bin();
    let wasm = site_root().join("pkg/tech-valley-registry.wasm");
    assert!(
        bin.exists() && wasm.exists(),
        "the browser tests need the binary and site built by cargo-leptos ({} and {}): run .ci/test",
        bin.display(),
        wasm.display()
    );
    let dir = std::env::temp_dir().join(format!("tvr-e2e-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let addr = format!("127.0.0.1:{}", free_port());
    let log = std::fs::File::create(dir.join("server.log")).expect("log file");
    let child = Command::new(&bin)
        .current_dir(root())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("registry.db").display()),
        )
        .env("TVR_ADDR", &addr)
        .env("LEPTOS_SITE_ADDR", &addr)
        .env("LEPTOS_SITE_ROOT", site_root())
        .env("TVR_LOG", "warn")
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .expect("the server starts");
    let server = Server {
        base: format!("http://{addr}"),
        _process: Guard(child),
        dir,
    };
    wait_http(&format!("{}/health", server.base), "the server").await;
    server
}

async fn start_browser() -> (Guard, Client) {
    // Both rustls back ends are in the dependency graph: pick one for the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let port = free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "chromedriver (Debian's chromium-driver) is installed: run .ci/bootstrap --browser",
        );
    let driver = Guard(driver);
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
    // Record console errors, uncaught exceptions and failed loads on every document.
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

/// Waits until the page has hydrated, then fails on any recorded browser error.
async fn page_ok(c: &Client, what: &str) -> Res<()> {
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("body[data-hydrated='true']"))
        .await
        .map_err(|e| format!("{what}: the page did not hydrate ({e})"))?;
    let errors = c
        .execute(
            "return window.__tvrErrors || ['error capture missing']",
            vec![],
        )
        .await?;
    if errors.as_array().is_some_and(|a| !a.is_empty()) {
        return Err(format!("{what}: browser errors: {errors}").into());
    }
    Ok(())
}

async fn screenshot(c: &Client, name: &str) -> Res<()> {
    let dir = root().join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await?)?;
    Ok(())
}

/// Runs axe-core in the page and fails on any serious or critical violation.
async fn accessible(c: &Client, what: &str) -> Res<()> {
    let axe = std::fs::read_to_string(root().join("tests/e2e/node_modules/axe-core/axe.min.js"))
        .map_err(|e| format!("axe-core is installed by .ci/bootstrap --browser: {e}"))?;
    c.execute(&axe, vec![]).await?;
    let report = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ['violations'] })
                 .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }))))
                 .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: 0 }]));"#,
            vec![],
        )
        .await?;
    let bad: Vec<&Value> = report
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
                .collect()
        })
        .unwrap_or_default();
    if !bad.is_empty() {
        return Err(format!(
            "{what}: accessibility violations: {}",
            Value::from(bad.into_iter().cloned().collect::<Vec<_>>())
        )
        .into());
    }
    Ok(())
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

async fn text_of(c: &Client, css: &str) -> Res<String> {
    Ok(c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await?
        .text()
        .await?)
}

/// Runs `steps` with a fresh browser, always closing it, then reports.
async fn with_browser<F, Fut>(steps: F)
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

#[tokio::test]
async fn an_investor_browses_the_directory_filters_opens_a_park_and_reads_it_in_arabic() {
    let server = start_server().await;
    let base = server.base.clone();
    let api: Value = reqwest::get(format!("{base}/api/v1/parks"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let casa: Value = reqwest::get(format!("{base}/api/v1/parks?region=06"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let detail: Value = reqwest::get(format!("{base}/api/v1/parks/casanearshore"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    with_browser(|c| async move {
        let outcome: Res<()> = async {
            // the directory, in French by default
            c.goto(&format!("{base}/")).await?;
            page_ok(&c, "home").await?;
            let lang = c
                .execute(
                    "return [document.documentElement.lang, document.documentElement.dir]",
                    vec![],
                )
                .await?;
            assert_eq!(lang, json!(["fr", "ltr"]));
            assert!(
                text_of(&c, "[data-testid='demo-notice']")
                    .await?
                    .contains("démonstration")
            );
            screenshot(&c, "home-fr").await?;

            c.goto(&format!("{base}/fr/parks")).await?;
            page_ok(&c, "directory").await?;
            let rows = c
                .find_all(Locator::Css("tr[data-testid='park-row']"))
                .await?;
            assert_eq!(
                rows.len() as u64,
                api["count"].as_u64().unwrap(),
                "one row per park"
            );

            // filter by region: a GET form, so the filter is in the URL
            c.find(Locator::Css("input[data-testid='region-06']"))
                .await?
                .click()
                .await?;
            c.find(Locator::Css("button[data-testid='apply-filters']"))
                .await?
                .click()
                .await?;
            let expected = casa["count"].as_u64().unwrap() as usize;
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let rows = c
                    .find_all(Locator::Css("tr[data-testid='park-row']"))
                    .await?;
                let url = c.current_url().await?;
                if rows.len() == expected
                    && url.query_pairs().any(|(k, v)| k == "region" && v == "06")
                {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!(
                        "expected {expected} Casablanca-Settat parks, saw {} at {url}",
                        rows.len()
                    )
                    .into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            page_ok(&c, "filtered directory").await?;
            screenshot(&c, "directory-fr-casablanca").await?;

            // open a park: client-side navigation after hydration
            c.find(Locator::Css("tr[data-slug='casanearshore'] a.park-link"))
                .await?
                .click()
                .await?;
            let name = text_of(&c, "h1[data-testid='park-name']").await?;
            assert_eq!(name, "Casanearshore");
            assert_eq!(c.current_url().await?.path(), "/fr/parks/casanearshore");
            let available = text_of(&c, "[data-testid='park-available'] .stat-value").await?;
            assert_eq!(
                digits(&available),
                detail["summary"]["available_m2"].to_string(),
                "the page shows the API's figure"
            );
            assert!(
                text_of(&c, "[data-testid='park-available'] .stat-note")
                    .await?
                    .starts_with("au "),
                "dated"
            );
            page_ok(&c, "park page").await?;

            // switch to Arabic from the park page
            c.find(Locator::Css("a[data-lang='ar']"))
                .await?
                .click()
                .await?;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_url(&url::Url::parse(&format!("{base}/ar/parks/casanearshore"))?)
                .await?;
            page_ok(&c, "park page in Arabic").await?;
            let lang = c
                .execute(
                    "return [document.documentElement.lang, document.documentElement.dir]",
                    vec![],
                )
                .await?;
            assert_eq!(lang, json!(["ar", "rtl"]));
            assert_eq!(
                text_of(&c, "h1[data-testid='park-name']").await?,
                "Casanearshore"
            );
            assert!(
                text_of(&c, "main").await?.contains("المساحة المتاحة"),
                "the interface is in Arabic"
            );
            screenshot(&c, "park-ar").await?;
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}

#[tokio::test]
async fn on_a_phone_sized_window_no_page_scrolls_sideways() {
    let server = start_server().await;
    let base = server.base.clone();
    with_browser(|c| async move {
        let outcome: Res<()> = async {
            c.set_window_size(360, 780).await?;
            for path in ["/fr", "/ar/parks", "/en/parks/technopolis-rabat-sale"] {
                c.goto(&format!("{base}{path}")).await?;
                page_ok(&c, path).await?;
                let overflow = c
                    .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
                    .await?;
                assert!(overflow.as_i64().unwrap_or(999) <= 0, "{path} overflows by {overflow} px at 360 px");
            }
            screenshot(&c, "phone-park-en").await?;
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}

#[tokio::test]
async fn the_error_capture_sees_console_errors() {
    // The browser checks above are only as good as the capture: prove it fails when it should.
    let server = start_server().await;
    let base = server.base.clone();
    with_browser(|c| async move {
        let outcome: Res<()> = async {
            c.goto(&format!("{base}/fr")).await?;
            page_ok(&c, "home").await?;
            c.execute("console.error('probe')", vec![]).await?;
            let err = page_ok(&c, "after a console error")
                .await
                .expect_err("a console error fails the page");
            assert!(err.to_string().contains("probe"), "{err}");
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}

#[test]
fn a_bad_database_url_stops_the_binary_with_one_line_naming_the_setting() {
    let bin = server_bin();
    assert!(bin.exists(), "{} is built by .ci/test", bin.display());
    for url in [
        "postgres://postgres@127.0.0.1:1/nowhere",
        "mysql://localhost/registry",
    ] {
        let out = Command::new(&bin)
            .current_dir(root())
            .env("DATABASE_URL", url)
            .env("TVR_ADDR", format!("127.0.0.1:{}", free_port()))
            .env("TVR_LOG", "off")
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(2), "{url}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line: {stderr}");
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains("DATABASE_URL"),
            "{stderr}"
        );
    }
}

#[tokio::test]
async fn an_investor_clicks_a_region_filters_by_free_area_opens_a_park_and_compares_two() {
    let server = start_server().await;
    let base = server.base.clone();
    let get = |q: String| {
        let base = base.clone();
        async move {
            reqwest::get(format!("{base}/api/v1/parks?{q}"))
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let casa = get("region=06".into()).await;
    let casa_free = get("region=06&min_free_m2=1000".into()).await;
    assert!(
        casa_free["count"].as_u64().unwrap() >= 2,
        "the demo has at least two Casablanca parks with 1,000 m² free"
    );
    let base = server.base.clone();
    with_browser(|c| async move {
        let outcome: Res<()> = async {
            c.goto(&format!("{base}/fr/map")).await?;
            page_ok(&c, "map").await?;
            accessible(&c, "map").await?;
            screenshot(&c, "map-fr").await?;
            // a region is a link to the search, filtered to it
            c.execute(
                "document.querySelector(\"a[data-region='06']\").dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }))",
                vec![],
            )
            .await?;
            c.wait().at_most(Duration::from_secs(20)).for_url(&url::Url::parse(&format!("{base}/fr/parks?region=06"))?).await?;
            page_ok(&c, "search from the map").await?;
            let rows = c.find_all(Locator::Css("tr[data-testid='park-row']")).await?;
            assert_eq!(rows.len() as u64, casa["count"].as_u64().unwrap());
            accessible(&c, "search").await?;

            // filter by free area: the hydrated form navigates without reloading the page
            c.execute("window.__sameDocument = true", vec![]).await?;
            c.find(Locator::Css("input[data-testid='min-free-m2']")).await?.send_keys("1000").await?;
            c.find(Locator::Css("button[data-testid='apply-filters']")).await?.click().await?;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::Css("p[data-testid='result-count']"))
                .await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            while !c.current_url().await?.query().unwrap_or_default().contains("min_free_m2=1000") {
                if Instant::now() > deadline {
                    return Err("the filter did not reach the URL".into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let expected = casa_free["count"].as_u64().unwrap() as usize;
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let rows = c.find_all(Locator::Css("tr[data-testid='park-row']")).await?;
                if rows.len() == expected {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!("expected {expected} rows after filtering, saw {}", rows.len()).into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let same = c.execute("return window.__sameDocument === true", vec![]).await?;
            assert_eq!(same, json!(true), "filtering after hydration does not reload the page");
            page_ok(&c, "filtered search").await?;
            let url_after_filter = c.current_url().await?;

            // open a park
            c.find(Locator::Css("tr[data-testid='park-row'] a.park-link")).await?.click().await?;
            text_of(&c, "h1[data-testid='park-name']").await?;
            page_ok(&c, "park page").await?;
            assert!(text_of(&c, "[data-testid='nearest-airport']").await?.contains("km"));
            accessible(&c, "park page").await?;
            screenshot(&c, "park-fr").await?;

            // back to the results, tick two parks, compare
            c.goto(url_after_filter.as_str()).await?;
            page_ok(&c, "search again").await?;
            let boxes = c.find_all(Locator::Css("tr[data-testid='park-row'] input[type='checkbox']")).await?;
            boxes[0].click().await?;
            boxes[1].click().await?;
            c.find(Locator::Css("button[data-testid='compare-selected']")).await?.click().await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            while c.current_url().await?.path() != "/fr/compare" {
                if Instant::now() > deadline {
                    return Err("compare did not open".into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            page_ok(&c, "compare").await?;
            assert_eq!(c.find_all(Locator::Css("th[data-testid='compare-park']")).await?.len(), 2);
            let compare_url = c.current_url().await?;
            assert_eq!(compare_url.query_pairs().filter(|(k, _)| k == "park").count(), 2, "the selection is in the URL");
            screenshot(&c, "compare-fr").await?;

            // the compare link is shareable: reload it
            c.refresh().await?;
            page_ok(&c, "compare reloaded").await?;
            assert_eq!(c.find_all(Locator::Css("th[data-testid='compare-park']")).await?.len(), 2);
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
