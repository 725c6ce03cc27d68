//! Test harness (test-only package): starts the real application on port 0
//! with a fresh database, SQLite by default and PostgreSQL too when
//! `TEST_DATABASE_URL` is set, and gives helpers to record facts through the
//! real storage layer.

pub mod fixture;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::services::clock::Clock;
use server::startup::{Application, Config};

/// The fixed "today" of the API tests, so that dates in assertions are stable.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid date")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    /// The server URL of a PostgreSQL cluster, e.g. postgres://postgres@127.0.0.1:5432/postgres
    Postgres(String),
}

/// SQLite always; PostgreSQL as well when `TEST_DATABASE_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    if let Ok(url) = std::env::var("TEST_DATABASE_URL")
        && !url.trim().is_empty()
    {
        out.push(Backend::Postgres(url));
    }
    out
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
    server: tokio::task::JoinHandle<()>,
    // dropped last: the database outlives the server
    _database: TestDatabase,
}

impl TestApp {
    /// Starts the real application on 127.0.0.1:0 with a fresh, migrated, empty database.
    pub async fn spawn(backend: &Backend) -> Self {
        let (database, url) = TestDatabase::create(backend).await;
        let app = Application::build(Config {
            database_url: url,
            addr: Some("127.0.0.1:0".parse().expect("addr")),
            clock: Clock::Fixed(today()),
            demo_on_empty_embedded: false,
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
            server,
            _database: database,
        }
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

    /// GET that must answer `status`; returns the JSON body.
    pub async fn get_json(&self, path: &str, status: u16) -> serde_json::Value {
        let resp = self.get(path).await;
        let got = resp.status().as_u16();
        let body = resp.text().await.expect("body");
        assert_eq!(got, status, "GET {path} on {:?}: {body}", self.backend);
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }

    pub async fn seed_reference(&self) -> usize {
        server::services::seed::seed_reference(&self.db)
            .await
            .expect("reference parks load")
    }

    pub async fn seed_demo(&self) {
        self.seed_reference().await;
        server::services::seed::seed_demo(&self.db, today())
            .await
            .expect("demo data loads");
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}
