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
    /// The server's database, for the binary's other commands (`server user add`).
    database_url: String,
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
    let database_url = format!("sqlite://{}?mode=rwc", dir.join("registry.db").display());
    let child = Command::new(&bin)
        .current_dir(root())
        .env("DATABASE_URL", &database_url)
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
        database_url,
        _process: Guard(child),
        dir,
    };
    wait_http(&format!("{}/health", server.base), "the server").await;
    server
}

/// Adds a user with the real binary (`server user add`), as an operator would:
/// a park manager of `park`, or an admin without one.
fn add_user(server: &Server, email: &str, password: &str, park: Option<&str>) {
    let role = if park.is_some() {
        "park_manager"
    } else {
        "admin"
    };
    let out = Command::new(server_bin())
        .current_dir(root())
        .args([
            "user",
            "add",
            "--email",
            email,
            "--name",
            "Test user",
            "--role",
            role,
        ])
        .args(park.into_iter().flat_map(|p| ["--park", p]))
        .env("DATABASE_URL", &server.database_url)
        .env("TVR_PASSWORD", password)
        .env("TVR_LOG", "warn")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "server user add failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
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

/// A screenshot of the whole page at the window's width (for reviewing layouts).
async fn screenshot_full(c: &Client, name: &str) -> Res<()> {
    let (width, height) = c.get_window_size().await?;
    let page_height = c
        .execute("return document.documentElement.scrollHeight", vec![])
        .await?
        .as_u64()
        .unwrap_or(height);
    c.set_window_size(
        width as u32,
        (page_height.clamp(height, 12_000) + 120) as u32,
    )
    .await?;
    let shot = screenshot(c, name).await;
    c.set_window_size(width as u32, height as u32).await?;
    shot
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

/// Fails when the page is wider than the window (a phone must never scroll sideways).
async fn no_sideways_scroll(c: &Client, what: &str) -> Res<()> {
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            vec![],
        )
        .await?;
    if overflow.as_i64().unwrap_or(999) > 0 {
        return Err(format!("{what} scrolls sideways by {overflow} px").into());
    }
    Ok(())
}

/// The text of every element matching `css`, read in one script (a list that
/// re-renders meanwhile cannot leave a stale element behind).
async fn texts(c: &Client, css: &str) -> Res<Vec<String>> {
    let v = c
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)",
            vec![json!(css)],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Waits until the URL has this path.
async fn wait_path(c: &Client, path: &str) -> Res<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = c.current_url().await?;
        if url.path() == path {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("expected {path}, still at {url}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
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

#[tokio::test]
async fn a_park_manager_on_a_phone_records_a_move_in_and_the_public_page_shows_the_new_tenant() {
    let server = start_server().await;
    let base = server.base.clone();
    let json = |path: String| {
        let base = base.clone();
        async move {
            reqwest::get(format!("{base}{path}"))
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    // a park with a delivered building that has room for 150 m² and 15 seats
    let list = json("/api/v1/parks?sort=free_area".into()).await;
    let mut chosen = None;
    for park in list["parks"].as_array().unwrap() {
        let slug = park["slug"].as_str().unwrap().to_string();
        let detail = json(format!("/api/v1/parks/{slug}")).await;
        let building = detail["buildings"].as_array().unwrap().iter().find(|b| {
            b["delivered"] == json!(true)
                && b["available_m2"].as_i64().unwrap_or(0) >= 150
                && b["available_seats"].as_i64().unwrap_or(0) >= 15
        });
        if let Some(b) = building {
            let name = b["name"].as_str().unwrap().to_string();
            let occupied = detail["summary"]["occupied_m2"].as_i64().unwrap();
            chosen = Some((slug, name, occupied));
            break;
        }
    }
    let (slug, building, occupied_before) =
        chosen.expect("the demo data has a building with free space");
    const PASSWORD: &str = "a long enough test password";
    add_user(&server, "manager@test.ma", PASSWORD, Some(&slug));
    const COMPANY: &str = "Phone Test Offshoring SARL";

    let (park, name, site) = (slug.clone(), building.clone(), base.clone());
    with_browser(|c| async move {
        let base = site;
        let outcome: Res<()> = async {
            c.set_window_size(360, 740).await?;
            // the header leads managers to the sign-in page
            c.goto(&format!("{base}/fr")).await?;
            page_ok(&c, "home").await?;
            c.find(Locator::Css("a[data-testid='nav-manage']"))
                .await?
                .click()
                .await?;
            c.find(Locator::Css("a[data-testid='sign-in-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/fr/login").await?;
            page_ok(&c, "login").await?;
            accessible(&c, "login").await?;
            no_sideways_scroll(&c, "login").await?;

            // a wrong password is announced, and nothing else happens
            c.find(Locator::Css("input[data-testid='login-email']"))
                .await?
                .send_keys("manager@test.ma")
                .await?;
            c.find(Locator::Css("input[data-testid='login-password']"))
                .await?
                .send_keys("not the password")
                .await?;
            c.find(Locator::Css("button[data-testid='login-submit']"))
                .await?
                .click()
                .await?;
            let wrong = text_of(&c, "[data-testid='login-error'] .form-error").await?;
            assert!(wrong.contains("incorrect"), "{wrong}");
            assert_eq!(c.current_url().await?.path(), "/fr/login");

            // signing in goes back to the managers' page
            let password = c
                .find(Locator::Css("input[data-testid='login-password']"))
                .await?;
            password.clear().await?;
            password.send_keys(PASSWORD).await?;
            c.find(Locator::Css("button[data-testid='login-submit']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/fr/manage").await?;
            let card = text_of(
                &c,
                &format!("li[data-testid='managed-park'][data-slug='{park}']"),
            )
            .await?;
            assert!(card.contains("au "), "figures are dated: {card}");
            page_ok(&c, "my parks").await?;
            no_sideways_scroll(&c, "my parks").await?;
            screenshot_full(&c, "phone-my-parks-fr").await?;

            // the park editor
            c.find(Locator::Css(&format!(
                "a[data-testid='edit-park'][data-slug='{park}']"
            )))
            .await?
            .click()
            .await?;
            wait_path(&c, &format!("/fr/manage/parks/{park}")).await?;
            text_of(&c, "h1[data-testid='editor-title']").await?;
            page_ok(&c, "park editor").await?;
            accessible(&c, "park editor").await?;
            no_sideways_scroll(&c, "park editor").await?;
            screenshot(&c, "phone-park-editor-top-fr").await?;

            // a click on the map moves the park's coordinates (saved only with the form)
            let lat = c.find(Locator::Css("input[data-testid='park-lat']")).await?;
            let lat_before = lat.prop("value").await?.unwrap_or_default();
            c.find(Locator::Css("[data-testid='location-picker']")).await?.click().await?;
            let lat_after = lat.prop("value").await?.unwrap_or_default();
            let lon_after = c
                .find(Locator::Css("input[data-testid='park-lon']"))
                .await?
                .prop("value")
                .await?
                .unwrap_or_default();
            let (la, lo): (f64, f64) = (lat_after.parse()?, lon_after.parse()?);
            assert!(
                lat_after != lat_before && (20.0..36.5).contains(&la) && (-17.5..-0.5).contains(&lo),
                "a click in the middle of the map gives a point in Morocco: {la}, {lo} (was {lat_before})"
            );
            // saving says which region the server derived, and the editor shows it
            let version: u32 = c
                .find(Locator::Css("section#park"))
                .await?
                .attr("data-version")
                .await?
                .unwrap_or_default()
                .parse()?;
            c.find(Locator::Css("button[data-testid='park-save']"))
                .await?
                .click()
                .await?;
            // the editor reloads with the saved version: wait for it, or the
            // forms found below could be replaced while in use
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::Css(&format!(
                    "section#park[data-version='{}']",
                    version + 1
                )))
                .await?;
            let saved = text_of(&c, "[data-testid='park-status'] .form-ok").await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let region = texts(&c, "[data-testid='park-region']").await?.concat();
                if saved.ends_with(&region) {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!("saved \"{saved}\" but the editor shows {region}").into());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }

            // record a move-in of a new company
            let picked = c
                .execute(
                    "const s = document.querySelector(\"select[data-testid='lease-building']\");
                     const o = [...s.options].find(o => o.dataset.name === arguments[0]);
                     if (!o) return false;
                     s.value = o.value;
                     s.dispatchEvent(new Event('change', { bubbles: true }));
                     return true;",
                    vec![json!(name)],
                )
                .await?;
            assert_eq!(picked, json!(true), "the building {name} is in the form");
            c.find(Locator::Css("select[data-testid='lease-tenant']"))
                .await?
                .select_by_value("new")
                .await?;
            assert!(
                c.find(Locator::Css("fieldset[data-testid='new-company']"))
                    .await?
                    .is_displayed()
                    .await?,
                "choosing a new company shows its fields"
            );
            c.find(Locator::Css("input[data-testid='lease-company']"))
                .await?
                .send_keys(COMPANY)
                .await?;
            let country = c
                .find(Locator::Css("input[data-testid='lease-country']"))
                .await?;
            country.clear().await?;
            country.send_keys("MA").await?;
            c.find(Locator::Css("select[data-testid='lease-line']"))
                .await?
                .select_by_value("ITO")
                .await?;
            c.find(Locator::Css("select[data-testid='lease-kind']"))
                .await?
                .select_by_value("move_in")
                .await?;
            c.find(Locator::Css("input[data-testid='lease-area']"))
                .await?
                .send_keys("150")
                .await?;
            c.find(Locator::Css("input[data-testid='lease-seats']"))
                .await?
                .send_keys("15")
                .await?;
            c.find(Locator::Css("button[data-testid='lease-submit']"))
                .await?
                .click()
                .await?;
            let recorded = text_of(&c, "[data-testid='lease-status'] .form-ok").await?;
            assert!(
                recorded.starts_with("Enregistré") && recorded.contains(&name),
                "the confirmation names the building and what is left: {recorded}"
            );
            // the editor was reloaded with the new event
            let deadline = Instant::now() + Duration::from_secs(20);
            while !texts(&c, "[data-testid='editor-events']")
                .await?
                .concat()
                .contains(COMPANY)
            {
                if Instant::now() > deadline {
                    return Err("the new lease event is not listed in the editor".into());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            let area_left = c
                .find(Locator::Css("input[data-testid='lease-area']"))
                .await?
                .prop("value")
                .await?;
            assert_eq!(area_left.as_deref(), Some(""), "the recorded form is emptied");
            page_ok(&c, "after recording").await?;
            no_sideways_scroll(&c, "park editor after recording").await?;
            screenshot_full(&c, "phone-park-editor-fr").await?;

            // the editor in Arabic, right to left, still fits the phone
            c.goto(&format!("{base}/ar/manage/parks/{park}")).await?;
            page_ok(&c, "park editor in Arabic").await?;
            no_sideways_scroll(&c, "park editor in Arabic").await?;
            screenshot_full(&c, "phone-park-editor-ar").await?;

            // and on a desktop screen (for reviewing the layout)
            c.set_window_size(1280, 900).await?;
            c.goto(&format!("{base}/fr/manage/parks/{park}")).await?;
            page_ok(&c, "park editor on a desktop").await?;
            screenshot_full(&c, "desktop-park-editor-fr").await?;

            // the public page lists the new tenant
            c.goto(&format!("{base}/fr/parks/{park}")).await?;
            page_ok(&c, "public park page").await?;
            let tenants = text_of(&c, "[data-testid='tenants-table']").await?;
            assert!(
                tenants.contains(COMPANY),
                "the new tenant is public: {tenants}"
            );
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;

    let detail = json(format!("/api/v1/parks/{slug}")).await;
    assert_eq!(
        detail["summary"]["occupied_m2"].as_i64().unwrap(),
        occupied_before + 150,
        "the occupied area grew by the move-in"
    );
}

#[tokio::test]
async fn an_admin_adds_a_park_manager_and_finds_it_in_the_audit_log() {
    let server = start_server().await;
    let base = server.base.clone();
    const PASSWORD: &str = "an admin's long password";
    add_user(&server, "admin@test.ma", PASSWORD, None);
    with_browser(|c| async move {
        let outcome: Res<()> = async {
            c.set_window_size(360, 740).await?;
            // the managers' page asks to sign in, and comes back after
            c.goto(&format!("{base}/en/manage/users")).await?;
            page_ok(&c, "users, signed out").await?;
            c.find(Locator::Css("a[data-testid='sign-in-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/login").await?;
            page_ok(&c, "login").await?;
            c.find(Locator::Css("input[data-testid='login-email']"))
                .await?
                .send_keys("admin@test.ma")
                .await?;
            c.find(Locator::Css("input[data-testid='login-password']"))
                .await?
                .send_keys(PASSWORD)
                .await?;
            c.find(Locator::Css("button[data-testid='login-submit']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/manage/users").await?;
            text_of(&c, "table[data-testid='users-table']").await?;
            page_ok(&c, "users").await?;
            accessible(&c, "users").await?;
            no_sideways_scroll(&c, "users").await?;

            // add a park manager
            let form = c
                .find(Locator::Css(
                    "section[aria-labelledby='add-user-heading'] form",
                ))
                .await?;
            form.find(Locator::Css("input[name='email']"))
                .await?
                .send_keys("new.manager@test.ma")
                .await?;
            form.find(Locator::Css("input[name='display_name']"))
                .await?
                .send_keys("New Manager")
                .await?;
            form.find(Locator::Css("select[name='role']"))
                .await?
                .select_by_value("park_manager")
                .await?;
            form.find(Locator::Css("input[name='parks']"))
                .await?
                .send_keys("casanearshore")
                .await?;
            form.find(Locator::Css("input[name='password']"))
                .await?
                .send_keys("a new long password")
                .await?;
            form.find(Locator::Css("button[type='submit']"))
                .await?
                .click()
                .await?;
            let saved = text_of(&c, "[data-testid='users-status'] .form-ok").await?;
            assert!(saved.contains("new.manager@test.ma"), "{saved}");
            let deadline = Instant::now() + Duration::from_secs(20);
            while !texts(&c, "table[data-testid='users-table']")
                .await?
                .concat()
                .contains("new.manager@test.ma")
            {
                if Instant::now() > deadline {
                    return Err("the new user is not listed".into());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            page_ok(&c, "users after adding").await?;
            screenshot_full(&c, "phone-users-en").await?;

            // the audit log, filtered to users: the filters are in the URL
            c.find(Locator::Css("a[data-testid='audit-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/manage/audit").await?;
            text_of(&c, "[data-testid='audit-count']").await?;
            page_ok(&c, "audit log").await?;
            c.find(Locator::Css("select[name='entity']"))
                .await?
                .select_by_value("user")
                .await?;
            c.find(Locator::Css("button[data-testid='audit-filter']"))
                .await?
                .click()
                .await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            while !c
                .current_url()
                .await?
                .query()
                .unwrap_or_default()
                .contains("entity=user")
            {
                if Instant::now() > deadline {
                    return Err("the filter did not reach the URL".into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let rows = texts(&c, "tr[data-testid='audit-row']").await?;
                if !rows.is_empty()
                    && rows.iter().all(|t| t.contains("User"))
                    && rows.iter().any(|t| t.contains("admin@test.ma"))
                {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(
                        format!("expected user entries by admin@test.ma, saw {rows:?}").into(),
                    );
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            page_ok(&c, "filtered audit log").await?;
            accessible(&c, "audit log").await?;
            no_sideways_scroll(&c, "audit log").await?;
            screenshot_full(&c, "phone-audit-en").await?;
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}

/// Issue 5 in one journey, on a phone: the public balance is dated and drawn
/// without JavaScript; a park manager corrects a validated declaration (a new
/// revision, the original kept and marked), validates it, and the national
/// figure follows; the park page's incentive link opens the estimate for its region.
#[tokio::test]
async fn a_manager_corrects_and_validates_a_declaration_and_the_regional_balance_follows() {
    let server = start_server().await;
    const PASSWORD: &str = "a long enough test password";
    const PARK: &str = "fes-shore";
    add_user(&server, "jobs@test.ma", PASSWORD, Some(PARK));
    let site = server.base.clone();
    with_browser(|c| async move {
        let base = site;
        let outcome: Res<()> = async {
            c.set_window_size(360, 740).await?;
            // the public balance: dated, charts with a text alternative, no sideways scroll
            c.goto(&format!("{base}/en")).await?;
            page_ok(&c, "home").await?;
            c.find(Locator::Css("a[data-testid='nav-balance']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/balance").await?;
            page_ok(&c, "balance").await?;
            accessible(&c, "balance").await?;
            no_sideways_scroll(&c, "balance").await?;
            let dated = text_of(&c, "[data-testid='balance-dated']").await?;
            assert!(dated.contains("as of"), "{dated}");
            for chart in ["progress-chart", "hhi-chart", "per10k-chart"] {
                let label = c
                    .find(Locator::Css(&format!("svg[data-testid='{chart}'][role='img']")))
                    .await?
                    .attr("aria-label")
                    .await?
                    .unwrap_or_default();
                assert!(!label.is_empty(), "{chart} has a text alternative");
            }
            let jobs_before: i64 =
                digits(&text_of(&c, "[data-testid='national-jobs'] .stat-value").await?).parse()?;

            // sign in and open the park's declarations (last complete quarter by default)
            c.goto(&format!("{base}/en/login?next=/en/manage/jobs/{PARK}")).await?;
            page_ok(&c, "login").await?;
            c.find(Locator::Css("input[data-testid='login-email']"))
                .await?
                .send_keys("jobs@test.ma")
                .await?;
            c.find(Locator::Css("input[data-testid='login-password']"))
                .await?
                .send_keys(PASSWORD)
                .await?;
            c.find(Locator::Css("button[data-testid='login-submit']"))
                .await?
                .click()
                .await?;
            wait_path(&c, &format!("/en/manage/jobs/{PARK}")).await?;
            page_ok(&c, "declarations").await?;
            accessible(&c, "declarations").await?;
            no_sideways_scroll(&c, "declarations").await?;

            // the first tenant's validated figures are in the form: add one job and send
            let mode = text_of(&c, "[data-testid='declare-mode']").await?;
            assert!(mode.contains("validated"), "a correction: {mode}");
            let field = c
                .execute(
                    "const i = [...document.querySelectorAll('#declare input[name$=\"_full\"]')].find(i => i.value !== '');
                     return i ? i.name : null",
                    vec![],
                )
                .await?;
            let field = field.as_str().ok_or("a line is declared")?.to_string();
            let input = c.find(Locator::Css(&format!("input[name='{field}']"))).await?;
            let value: i64 = input.prop("value").await?.unwrap_or_default().parse()?;
            input.clear().await?;
            input.send_keys(&(value + 1).to_string()).await?;
            c.find(Locator::Css("textarea[data-testid='declare-comment']"))
                .await?
                .send_keys("one more hire")
                .await?;
            c.find(Locator::Css("button[data-testid='declare-submit']"))
                .await?
                .click()
                .await?;
            let status = text_of(&c, "[data-testid='declare-status'] .form-ok").await?;
            assert!(status.contains("revision 2"), "{status}");
            text_of(&c, "tr[data-status='submitted']").await?;
            let original = text_of(&c, "[data-testid='superseded']").await?;
            assert!(original.contains("corrected by revision 2"), "{original}");

            // validate it: no submitted declaration is left
            c.find(Locator::Css("tr[data-status='submitted'] button[data-testid='validate']"))
                .await?
                .click()
                .await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            while !texts(&c, "tr[data-status='submitted']").await?.is_empty() {
                if Instant::now() > deadline {
                    return Err("the declaration stayed submitted".into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            page_ok(&c, "declarations after review").await?;

            // the national figure counts the correction, not the original
            c.goto(&format!("{base}/en/balance")).await?;
            page_ok(&c, "balance again").await?;
            let jobs_after: i64 =
                digits(&text_of(&c, "[data-testid='national-jobs'] .stat-value").await?).parse()?;
            assert_eq!(jobs_after, jobs_before + 1);

            // the printable report has the parks
            c.find(Locator::Css("a[data-testid='report-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/report").await?;
            page_ok(&c, "report").await?;
            text_of(&c, "[data-testid='report-parks']").await?;

            // the park page links to the estimate for its region (Fès-Meknès: no quantified top-up)
            c.goto(&format!("{base}/en/parks/{PARK}")).await?;
            page_ok(&c, "park").await?;
            c.find(Locator::Css("a[data-testid='incentives-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/incentives").await?;
            page_ok(&c, "incentives").await?;
            // after a client-side navigation the form appears once the regions have loaded
            let region = c
                .wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css("select[data-testid='incentive-region']"))
                .await?
                .prop("value")
                .await?;
            assert_eq!(region.as_deref(), Some("03"));
            c.find(Locator::Css("input[data-testid='incentive-recruits']"))
                .await?
                .send_keys("10")
                .await?;
            c.find(Locator::Css("input[data-testid='incentive-pay']"))
                .await?
                .send_keys("120000")
                .await?;
            c.find(Locator::Css("button[data-testid='incentive-submit']"))
                .await?
                .click()
                .await?;
            // 3.5% of 120,000 MAD × 10 recruits × 5 years
            let total = text_of(&c, "[data-testid='estimate-total']").await?;
            assert_eq!(digits(&total), "210000", "{total}");
            text_of(&c, "[data-testid='indicative']").await?;
            accessible(&c, "incentives").await?;
            no_sideways_scroll(&c, "incentives").await?;
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
