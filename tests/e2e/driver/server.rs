//! The server binary cargo-leptos built, started on port 0 with a fresh
//! embedded database; the port is the one it reports in its
//! "listening on http://…" log line.

use std::fs::File;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use super::process::{Guard, after, announced, wait_http};
use super::root;

/// The server binary: `TVR_SERVER_BIN`, else target/debug/server.
pub fn server_bin() -> PathBuf {
    std::env::var_os("TVR_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/debug/server"))
}

fn site_root() -> PathBuf {
    std::env::var_os("TVR_SITE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/site"))
}

/// A running server, its process killed and its directory removed on drop.
pub struct Server {
    pub base: String,
    /// The server's database, for the binary's other commands (`server user add`).
    pub database_url: String,
    _process: Guard,
    dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A directory of its own for one server: its database and log.
fn fresh_dir() -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("tvr-e2e-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Starts the cargo-leptos-built server on a fresh embedded database, with `TVR_DEMO=1` (so it fills it with demo data and accounts)
/// and without requiring a second factor (the journeys sign in with a password).
pub async fn start_server() -> Server {
    start_server_with(&[]).await
}

/// As `start_server`, with these environment variables set as well (they
/// win over the defaults, e.g. `TVR_REQUIRE_TWO_FACTOR=1`).
pub async fn start_server_with(env: &[(&str, &str)]) -> Server {
    let bin = server_bin();
    let wasm = site_root().join("pkg/tech-valley-registry.wasm");
    assert!(
        bin.exists() && wasm.exists(),
        "the browser tests need the binary and site built by cargo-leptos ({} and {}): run .ci/test",
        bin.display(),
        wasm.display()
    );
    let dir = fresh_dir();
    let log = File::create(dir.join("server.log")).expect("log file");
    let database_url = format!("sqlite://{}?mode=rwc", dir.join("registry.db").display());
    let mut child = Command::new(&bin)
        .current_dir(root())
        .env("DATABASE_URL", &database_url)
        .env("TVR_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", site_root())
        // demo data and accounts on the empty database (TVR_DEMO takes 1)
        .env("TVR_DEMO", "1")
        // off unless a journey turns it on: the others sign in with a password
        .env("TVR_REQUIRE_TWO_FACTOR", "0")
        .envs(env.iter().copied())
        // warnings, and the binary's own "listening on" line
        .env("TVR_LOG", "warn,server=info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(log.try_clone().expect("log"))
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take().expect("the server's stdout");
    let process = Guard(child);
    let addr = announced(
        stdout,
        log,
        |line| after(line, "listening on http://"),
        "the server",
    )
    .await;
    let server = Server {
        base: format!("http://{addr}"),
        database_url,
        _process: process,
        dir,
    };
    wait_http(&format!("{}/health", server.base), "the server").await;
    server
}

/// Adds a user with the real binary (`server user add`), as an operator would:
/// a park manager of `park`, or an admin without one.
pub fn add_user(server: &Server, email: &str, password: &str, park: Option<&str>) {
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
