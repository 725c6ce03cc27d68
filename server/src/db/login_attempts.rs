//! The `login_attempts` table: the reservation that makes throttling hold
//! under parallel guesses, the outcome of an attempt, and the pruning.
//!
//! An attempt is reserved before its password is checked, in one short
//! transaction serialized per account: read the failures that bear on it
//! (pending ones count as failures), ask the rule, and insert a pending row
//! only if the rule lets it through. N guesses sent at once are therefore
//! checked at most as many times as the limit allows; the rest are refused
//! without any hash. Serialization:
//! - SQLite: the transaction is `BEGIN IMMEDIATE`, which takes the
//!   database's one write lock, so reservations (and every other write)
//!   run one at a time;
//! - PostgreSQL: `pg_advisory_xact_lock` on the hash of the email (class
//!   1), then on the hash of the address (class 2), always in that order
//!   (no deadlock), released at the commit. Reservations of one account, or
//!   from one address, queue; others run side by side, and registry writes
//!   (which lock `data_version`) are not held up by sign-ins. Two emails
//!   whose hashes collide merely queue together.
use app::api::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend,
    EntityTrait, QueryFilter, QuerySelect, Set, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait,
};

use super::entities::login_attempts;
use super::failed;
use crate::domain::auth::RecentFailures;

/// A reserved attempt, to be finished with its outcome (or released).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reserved(i64);

/// What a reservation gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// The attempt may be checked; it counts as a failure until finished.
    Reserved(Reserved),
    /// Refused by the rule: nothing was written.
    Refused { retry_after_s: u64 },
}

/// Reserves an attempt for `email` from `ip`, unless `wait` (the throttle
/// rule, given the failures of the last `window` and the time) says to
/// wait. The time is read once the lock is held, so an attempt reserved
/// while this one waited is never in its future.
pub async fn reserve(
    db: &DatabaseConnection,
    email: &str,
    ip: &str,
    window: Duration,
    wait: impl FnOnce(&RecentFailures, DateTime<Utc>) -> Option<u64>,
) -> Result<Reservation, AppError> {
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
        .map_err(failed("starting a login attempt"))?;
    if txn.get_database_backend() == DbBackend::Postgres {
        for (class, key) in [(1_i32, email), (2_i32, ip)] {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock($1, hashtext($2))",
                [class.into(), key.into()],
            ))
            .await
            .map_err(failed("locking a login attempt"))?;
        }
    }
    let now = Utc::now();
    let since = now - window;
    let rows: Vec<(DateTime<Utc>, String, String)> = login_attempts::Entity::find()
        .select_only()
        .column(login_attempts::Column::At)
        .column(login_attempts::Column::Email)
        .column(login_attempts::Column::Ip)
        .filter(login_attempts::Column::Succeeded.eq(false))
        .filter(login_attempts::Column::At.gt(since))
        .filter(
            Condition::any()
                .add(login_attempts::Column::Email.eq(email))
                .add(login_attempts::Column::Ip.eq(ip)),
        )
        .into_tuple()
        .all(&txn)
        .await
        .map_err(failed("reading login attempts"))?;
    let mut failures = RecentFailures::default();
    for (at, e, i) in rows {
        if e == email && i == ip {
            failures.pair.push(at);
        }
        if e == email {
            failures.account.push(at);
        }
        if i == ip {
            failures.address.push(at);
        }
    }
    if let Some(retry_after_s) = wait(&failures, now) {
        // nothing was written: dropping the transaction rolls it back
        return Ok(Reservation::Refused { retry_after_s });
    }
    let row = login_attempts::ActiveModel {
        at: Set(now),
        email: Set(email.to_string()),
        ip: Set(ip.to_string()),
        succeeded: Set(false),
        pending: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(failed("reserving a login attempt"))?;
    txn.commit()
        .await
        .map_err(failed("committing a login attempt"))?;
    Ok(Reservation::Reserved(Reserved(row.id)))
}

/// Records how a reserved attempt ended: a success stops counting, a failure keeps counting.
pub async fn finish<C: ConnectionTrait>(
    conn: &C,
    attempt: Reserved,
    succeeded: bool,
) -> Result<(), AppError> {
    login_attempts::Entity::update_many()
        .col_expr(login_attempts::Column::Pending, Expr::value(false))
        .col_expr(login_attempts::Column::Succeeded, Expr::value(succeeded))
        .filter(login_attempts::Column::Id.eq(attempt.0))
        .exec(conn)
        .await
        .map_err(failed("recording a login attempt"))?;
    Ok(())
}

/// Forgets a reserved attempt whose password was never checked (the server
/// was too busy to check it): it must not count against anyone.
pub async fn release<C: ConnectionTrait>(conn: &C, attempt: Reserved) -> Result<(), AppError> {
    login_attempts::Entity::delete_by_id(attempt.0)
        .exec(conn)
        .await
        .map_err(failed("releasing a login attempt"))?;
    Ok(())
}

/// Deletes, in one statement, the attempts made before `before`; returns how many.
pub async fn remove_older_than<C: ConnectionTrait>(
    conn: &C,
    before: DateTime<Utc>,
) -> Result<u64, AppError> {
    let done = login_attempts::Entity::delete_many()
        .filter(login_attempts::Column::At.lte(before))
        .exec(conn)
        .await
        .map_err(failed("removing old login attempts"))?;
    Ok(done.rows_affected)
}
