//! Storage (layer: db). sea-orm entities in `entities/`, hand-written queries
//! beside them. Knows nothing of HTTP or Leptos.

pub mod entities;
pub mod snapshot;

use std::path::Path;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};

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

/// True when the connection is SQLite (the embedded default).
pub fn is_embedded(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DbBackend::Sqlite
}
