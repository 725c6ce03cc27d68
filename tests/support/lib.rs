//! Test harness (test-only package): starts the real application on port 0
//! with a fresh database, SQLite by default and PostgreSQL too when
//! `TEST_DATABASE_URL` is set (see `backends`), and gives helpers to record
//! facts through the real storage layer.

pub mod backends;
pub mod fingerprint;
pub mod fixture;
pub mod raw;

pub use backends::{Backend, backends, each_backend};
pub use fingerprint::Fingerprint;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::http::limits::Limits;
use server::services::clock::Clock;
use server::startup::{Application, Config, EmptyStart};

/// The fixed "today" of the API tests, so that dates in assertions are stable.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid date")
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "tvr_test_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// With `TVR_TEST_LOG` set to a tracing filter (`info`, `info,server=debug`),
/// the servers the tests start log to stderr, every line with its request's
/// id: the way to read what a server did in a failed test. Unset, nothing is
/// logged (tests that check a log line capture it themselves).
fn log_if_asked() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(filter) = std::env::var("TVR_TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
                .with_writer(std::io::stderr)
                .with_ansi(false)
                .with_thread_ids(true)
                .try_init();
        }
    });
}

/// A database that exists for one test and is removed after it.
pub enum TestDatabase {
    Sqlite { dir: PathBuf },
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    pub async fn create(backend: &Backend) -> (Self, String) {
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(unique_name());
                std::fs::create_dir_all(&dir).expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.join("registry.db").display());
                (Self::Sqlite { dir }, url)
            }
            Backend::Postgres(admin_url) => {
                let name = unique_name();
                let admin = Database::connect(admin_url.as_str())
                    .await
                    .expect("TEST_DATABASE_URL reachable");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let mut url = url::Url::parse(admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&format!("/{name}"));
                (
                    Self::Postgres {
                        admin_url: admin_url.clone(),
                        name,
                    },
                    url.to_string(),
                )
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match self {
            Self::Sqlite { dir } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Self::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime: use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(admin_url.as_str()).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// The running application and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub backend: Backend,
    /// The session cookie's name (`__Host-` prefixed with secure cookies).
    pub session_cookie: &'static str,
    server: tokio::task::JoinHandle<()>,
    // dropped last: the database outlives the server
    _database: TestDatabase,
}

/// How a test starts the application; `Default` is `spawn`'s.
#[derive(Default)]
pub struct Start {
    pub on_empty: EmptyStart,
    pub secure_cookies: bool,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `--require-two-factor`: off in the tests unless one turns it on.
    pub require_two_factor: bool,
    pub limits: Limits,
}

impl TestApp {
    /// Starts the real application on 127.0.0.1:0 with a fresh, migrated, empty database.
    pub async fn spawn(backend: &Backend) -> Self {
        Self::start(backend, Start::default()).await
    }

    /// Starts it as `--trusted-proxy` would: these peers' `X-Forwarded-For` names the client.
    pub async fn spawn_behind_proxy(backend: &Backend, proxies: &[&str]) -> Self {
        let trusted_proxies = proxies
            .iter()
            .map(|p| p.parse().expect("a proxy address"))
            .collect();
        Self::start(
            backend,
            Start {
                trusted_proxies,
                ..Start::default()
            },
        )
        .await
    }

    /// As `spawn`, with other limits (small ones, to reach them in a test).
    pub async fn spawn_with_limits(backend: &Backend, limits: Limits) -> Self {
        Self::start(
            backend,
            Start {
                limits,
                ..Start::default()
            },
        )
        .await
    }

    /// Starts it as `--secure-cookies` would (served over HTTPS behind a proxy).
    pub async fn spawn_secure(backend: &Backend) -> Self {
        Self::start(
            backend,
            Start {
                secure_cookies: true,
                ..Start::default()
            },
        )
        .await
    }

    /// As `spawn`, with what the start loads into the empty database (as `serve` does).
    pub async fn spawn_with(backend: &Backend, on_empty: EmptyStart) -> Self {
        Self::start(
            backend,
            Start {
                on_empty,
                ..Start::default()
            },
        )
        .await
    }

    pub async fn start(backend: &Backend, start: Start) -> Self {
        let Start {
            on_empty,
            secure_cookies,
            trusted_proxies,
            require_two_factor,
            limits,
        } = start;
        log_if_asked();
        let (database, url) = TestDatabase::create(backend).await;
        let app = Application::build(Config {
            database_url: url,
            addr: Some("127.0.0.1:0".parse().expect("addr")),
            clock: Clock::Fixed(today()),
            on_empty,
            secure_cookies,
            trusted_proxies,
            require_two_factor,
            limits,
        })
        .await
        .unwrap_or_else(|e| panic!("the application starts on {backend:?}: {e}"));
        let base = format!("http://{}", app.addr);
        let db = app.db.clone();
        let server = tokio::spawn(async move {
            app.run().await.expect("server runs");
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            base,
            client,
            db,
            backend: backend.clone(),
            session_cookie: app::api::request::session_cookie_name(secure_cookies),
            server,
            _database: database,
        }
    }

    /// The address the application listens on, for raw connections.
    pub fn addr(&self) -> std::net::SocketAddr {
        self.base
            .trim_start_matches("http://")
            .parse()
            .expect("an address")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// GET `target` sent byte for byte (no normalisation of the path); the
    /// whole answer must arrive.
    pub async fn get_raw(&self, target: &str) -> raw::RawAnswer {
        raw::get(&self.addr().to_string(), target, None)
            .await
            .unwrap_or_else(|e| panic!("GET {target} on {:?}: {e}", self.backend))
    }

    /// GET that must answer `status`; returns the JSON body.
    pub async fn get_json(&self, path: &str, status: u16) -> serde_json::Value {
        let resp = self.get(path).await;
        let got = resp.status().as_u16();
        let body = resp.text().await.expect("body");
        assert_eq!(got, status, "GET {path} on {:?}: {body}", self.backend);
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }

    pub async fn seed_reference(&self) -> usize {
        server::seed::reference::seed_reference(&self.db)
            .await
            .expect("reference parks load")
    }

    pub async fn seed_demo(&self) {
        self.seed_reference().await;
        server::seed::demo::seed_demo(&self.db, today())
            .await
            .expect("demo data loads");
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The password every test user gets.
pub const TEST_PASSWORD: &str = "correct horse battery staple";

/// A signed-in test client: its session cookie and CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// What a server function answered.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl TestApp {
    /// One integer from a query on the test's database (cast to BIGINT:
    /// PostgreSQL sums are NUMERIC).
    pub async fn count(&self, sql: &str) -> i64 {
        let sql = format!("SELECT CAST(({sql}) AS BIGINT)");
        self.db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql.clone(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .unwrap_or_else(|| panic!("{sql}: no row"))
            .try_get_by_index::<i64>(0)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Adds a user through the same code as `server user add`.
    pub async fn add_user(
        &self,
        email: &str,
        role: &str,
        parks: &[&str],
        tenant_id: Option<i32>,
    ) -> i32 {
        server::services::users::add_user_from_cli(
            &self.db,
            email,
            &format!("Test {role}"),
            role,
            parks.iter().map(|s| s.to_string()).collect(),
            tenant_id,
            TEST_PASSWORD.to_string(),
        )
        .await
        .unwrap_or_else(|e| panic!("user {email} added: {e}"))
    }

    /// POSTs a form to a server function, as a signed-in user or as the public.
    pub async fn post_form(
        &self,
        path: &str,
        session: Option<&Session>,
        form: &[(&str, &str)],
    ) -> Answer {
        let mut req = self.client.post(self.url(path)).form(form);
        if let Some(s) = session {
            req = req.header(
                reqwest::header::COOKIE,
                format!("{}={}", self.session_cookie, s.cookie),
            );
        }
        let resp = req.send().await.expect("request sent");
        Answer {
            status: resp.status().as_u16(),
            headers: resp.headers().clone(),
            body: resp.text().await.expect("body"),
        }
    }

    /// Calls a manager server function (`/api/manage/<name>`), adding the
    /// session's CSRF token to the form.
    pub async fn manage(
        &self,
        name: &str,
        session: Option<&Session>,
        form: &[(&str, &str)],
    ) -> Answer {
        let mut form = form.to_vec();
        let csrf = session.map(|s| s.csrf.clone()).unwrap_or_default();
        form.push(("csrf", &csrf));
        self.post_form(&format!("/api/manage/{name}"), session, &form)
            .await
    }

    /// Logs in with the test password; returns the answer without asserting.
    pub async fn try_login(&self, email: &str, password: &str) -> Answer {
        self.post_form(
            "/api/account/login",
            None,
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// Logs in (must succeed) and returns the session.
    pub async fn login(&self, email: &str) -> Session {
        let answer = self.try_login(email, TEST_PASSWORD).await;
        assert_eq!(answer.status, 200, "login of {email}: {}", answer.body);
        let cookie = answer
            .headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix(&format!("{}=", self.session_cookie)))
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_string();
        let csrf = answer.json()["csrf_token"]
            .as_str()
            .expect("csrf token")
            .to_string();
        Session { cookie, csrf }
    }
}
