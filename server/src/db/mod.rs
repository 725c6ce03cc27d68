//! Storage (layer: db): every sea-orm query of the server. sea-orm entities
//! in `entities/`; one module per table or aggregate with its queries and
//! the conversion of its rows to and from domain and DTO types; the unit of
//! work every change runs in; `snapshot` for the read side's bulk loads.
//! Knows nothing of HTTP or Leptos.

pub mod audit;
pub mod buildings;
pub mod bulk;
pub mod changes;
pub mod commitments;
pub mod constraints;
pub mod entities;
pub mod job_reports;
pub mod lease_events;
pub mod login_attempts;
pub mod parks;
pub mod snapshot;
pub mod tenants;
pub mod two_factor;
pub mod unit_of_work;
pub mod users;

use std::path::Path;
use std::time::Duration;

use app::api::AppError;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlErr};

/// The connection types the services pass through (they build no queries).
pub use sea_orm::{ConnectionTrait as ConnectionLike, DatabaseConnection as Connection};

/// Why the database could not be opened; each says which setting to fix.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got '{0}')")]
    Scheme(String),
    #[error("DATABASE_URL: cannot create the folder {path} for the SQLite file: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("DATABASE_URL: cannot connect to {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("migrations failed on {url}: {reason}")]
    Migrate { url: String, reason: String },
}

/// The URL with any password replaced, safe for logs and error messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// How long a SQLite connection waits for another writer's lock before it
/// gives up with "database is locked".
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections of the SQLite pool: one writer at a time, WAL for concurrent readers.
const SQLITE_POOL: u32 = 8;

/// The pragmas every SQLite connection runs when it opens (sqlx applies them
/// to each new pooled connection, not just the first):
/// - `journal_mode = WAL`: readers never wait for the writer; kept in the file;
/// - `synchronous = FULL`: a commit returns after the WAL is synced to disk,
///   so a write the registry acknowledged survives a power loss, not only a
///   process crash (NORMAL could lose the last commits on power loss). Writes
///   are a manager's form posts, a few a minute: one fsync each costs nothing;
/// - `foreign_keys = ON`: SQLite's default is off, per connection;
/// - `busy_timeout = 5 s`: a writer waits for the lock instead of failing.
pub fn sqlite_pragmas(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
}

fn connect_options(url: &str, max_connections: Option<u32>) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(sqlite_pragmas);
    if let Some(n) = max_connections {
        options.max_connections(n);
    }
    options
}

/// Connects (creating the SQLite file and its folder if needed) and runs the
/// migrations. The migrations run on a pool of their own with ONE connection,
/// closed before the application's pool opens: migration 9 rebuilds SQLite
/// tables with foreign keys turned off, a per-connection setting that must
/// hold on the connection its transaction then uses.
pub async fn open(url: &str) -> Result<DatabaseConnection, OpenError> {
    let shown = redact(url);
    let sqlite = if let Some(rest) = url.strip_prefix("sqlite://") {
        let file = rest.split('?').next().unwrap_or_default();
        if let Some(dir) = Path::new(file)
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && file != ":memory:")
        {
            std::fs::create_dir_all(dir).map_err(|source| OpenError::Folder {
                path: dir.display().to_string(),
                source,
            })?;
        }
        true
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        false
    } else {
        return Err(OpenError::Scheme(shown));
    };
    let connect = async |max| {
        Database::connect(connect_options(url, max))
            .await
            .map_err(|e| OpenError::Connect {
                url: shown.clone(),
                reason: short(&e),
            })
    };
    let migrator = connect(Some(1)).await?;
    let migrated = Migrator::up(&migrator, None).await;
    let _ = migrator.close().await;
    migrated.map_err(|e| OpenError::Migrate {
        url: shown.clone(),
        reason: short(&e),
    })?;
    connect(sqlite.then_some(SQLITE_POOL)).await
}

fn short(e: &DbErr) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

/// The one place where storage errors become `AppError`: constraint
/// violations are the caller's (logged at info), anything else is internal
/// (logged once, with its context, through `errors::internal`). A CHECK
/// violation is an `Invalid` naming the column, logged at warn: the forms
/// should have refused the value before it reached the database.
pub fn db_error(context: &'static str, err: DbErr) -> AppError {
    if let Some(constraint) = constraints::check_violation(&err) {
        let field = constraints::field_of(&constraint);
        tracing::warn!(context, %constraint, %field, "check constraint violated: a validation upstream let the value through");
        return AppError::invalid(field, "the value is outside what the registry stores");
    }
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(detail)) => {
            tracing::info!(context, %detail, "unique constraint violated");
            AppError::Conflict("a record with the same key already exists".into())
        }
        Some(SqlErr::ForeignKeyConstraintViolation(detail)) => {
            tracing::info!(context, %detail, "foreign key violated");
            AppError::invalid(
                "reference",
                "the record refers to something that does not exist",
            )
        }
        _ => crate::errors::internal(context, err),
    }
}

/// `map_err` for a query: `.map_err(failed("reading parks"))`.
pub(crate) fn failed(context: &'static str) -> impl Fn(DbErr) -> AppError {
    move |e| db_error(context, e)
}
