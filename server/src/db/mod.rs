//! Storage (layer: db): every sea-orm query of the server. sea-orm entities
//! in `entities/`; one module per table or aggregate with its queries and
//! the conversion of its rows to and from domain and DTO types; the unit of
//! work every change runs in; `snapshot` for the read side's bulk loads.
//! Knows nothing of HTTP or Leptos.

pub mod audit;
pub mod buildings;
pub mod bulk;
pub mod commitments;
pub mod entities;
pub mod job_reports;
pub mod lease_events;
pub mod parks;
pub mod snapshot;
pub mod tenants;
pub mod unit_of_work;
pub mod users;

use std::path::Path;
use std::time::Duration;

use app::api::AppError;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, SqlErr,
};

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

/// Connects (creating the SQLite file and its folder if needed) and runs the migrations.
pub async fn open(url: &str) -> Result<DatabaseConnection, OpenError> {
    let shown = redact(url);
    if let Some(rest) = url.strip_prefix("sqlite://") {
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
    } else if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(OpenError::Scheme(shown));
    }
    let mut options = ConnectOptions::new(url.to_string());
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // One writer at a time in SQLite: a small pool, WAL for concurrent readers.
        options.max_connections(8);
    }
    let db = Database::connect(options)
        .await
        .map_err(|e| OpenError::Connect {
            url: shown.clone(),
            reason: short(&e),
        })?;
    if db.get_database_backend() == DbBackend::Sqlite {
        for pragma in [
            "PRAGMA journal_mode = WAL",
            "PRAGMA busy_timeout = 5000",
            "PRAGMA foreign_keys = ON",
        ] {
            db.execute_unprepared(pragma)
                .await
                .map_err(|e| OpenError::Connect {
                    url: shown.clone(),
                    reason: short(&e),
                })?;
        }
    }
    Migrator::up(&db, None)
        .await
        .map_err(|e| OpenError::Migrate {
            url: shown,
            reason: short(&e),
        })?;
    Ok(db)
}

fn short(e: &DbErr) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

/// The one place where storage errors become `AppError`: constraint
/// violations are the caller's (logged at info), anything else is internal
/// (logged once, with its context, through `errors::internal`).
pub fn db_error(context: &'static str, err: DbErr) -> AppError {
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
