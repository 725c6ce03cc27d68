//! The unit of work every change runs in. `UnitOfWork::begin` opens the
//! write transaction and takes the registry's write lock first (SQLite:
//! `BEGIN IMMEDIATE`; PostgreSQL: a row lock on the `data_version` row,
//! which every write updates anyway), so writers queue instead of
//! deadlocking. The caller then authenticates and authorizes with
//! `conn()`, re-reads, writes, and records what it did with `audit`;
//! `commit` is the only way to keep anything, and refuses a change that
//! wrote no audit row. Dropping the unit of work rolls everything back.
use app::api::AppError;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

use super::audit::{self, Entry};
use super::failed;

/// Units of work committed by this process, all databases together: a
/// request during which it moved may have changed the registry, so the
/// HTTP layer catches the index up before answering (`http::catch_up_after_commits`).
static COMMITS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many units of work this process has committed.
pub fn commits() -> u64 {
    COMMITS.load(std::sync::atomic::Ordering::Acquire)
}

pub struct UnitOfWork {
    txn: DatabaseTransaction,
    audited: bool,
}

impl UnitOfWork {
    /// Starts a write transaction holding the registry's write lock.
    pub async fn begin(db: &DatabaseConnection) -> Result<Self, AppError> {
        let txn = db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
            .map_err(failed("starting a write"))?;
        if txn.get_database_backend() == DbBackend::Postgres {
            txn.execute_unprepared("SELECT version FROM data_version WHERE id = 1 FOR UPDATE")
                .await
                .map_err(failed("taking the write lock"))?;
        }
        Ok(Self {
            txn,
            audited: false,
        })
    }

    /// The transaction, for the reads and writes of this change.
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Appends the change's audit row (through the one audit function).
    pub async fn audit(&mut self, entry: Entry<'_>) -> Result<(), AppError> {
        audit::append(&self.txn, entry).await?;
        self.audited = true;
        Ok(())
    }

    /// Keeps the change; `what` names it in the log if the commit fails.
    pub async fn commit(self, what: &'static str) -> Result<(), AppError> {
        if !self.audited {
            return Err(crate::errors::internal(
                what,
                "a change reached its commit without an audit row; nothing was saved",
            ));
        }
        self.txn.commit().await.map_err(failed(what))?;
        COMMITS.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        Ok(())
    }
}
