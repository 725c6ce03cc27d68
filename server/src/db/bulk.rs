//! Bulk writes for the synthetic seeder: rows gathered in memory with ids
//! assigned by the caller (so children can name their parents before
//! anything is written), written with multi-row INSERTs; the table locks
//! and identity-sequence fixes that explicit ids need on PostgreSQL.
use app::api::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait,
    QuerySelect,
};

use super::buildings::NewBuilding;
use super::entities::{buildings, job_reports, parks, tenants};
use super::failed;
use super::job_reports::{NewLine, NewReport};
use super::lease_events::NewLeaseEvent;
use super::parks::NewPark;
use super::tenants::NewTenant;

/// Rows per INSERT statement: well under SQLite's and PostgreSQL's bind-parameter limits.
const INSERT_BATCH_ROWS: usize = 500;

/// The tables given explicit ids, so that ids read at the start stay free
/// until the commit. PostgreSQL only: SQLite has one writer at a time anyway.
const ID_TABLES: [&str; 4] = ["parks", "buildings", "tenants", "job_reports"];

/// Rows waiting to be written, parents before children.
#[derive(Default)]
pub struct Rows {
    pub parks: Vec<NewPark>,
    pub buildings: Vec<NewBuilding>,
    pub tenants: Vec<NewTenant>,
    pub lease_events: Vec<NewLeaseEvent>,
    pub job_reports: Vec<NewReport>,
    pub job_report_lines: Vec<NewLine>,
}

impl Rows {
    /// Writes and empties every table's rows, parents first (foreign keys).
    pub async fn write(&mut self, txn: &DatabaseTransaction) -> Result<(), AppError> {
        let active = |v: &mut Vec<NewPark>| std::mem::take(v).into_iter().map(NewPark::active);
        insert_in_batches(txn, active(&mut self.parks)).await?;
        let b = std::mem::take(&mut self.buildings).into_iter();
        insert_in_batches(txn, b.map(NewBuilding::active)).await?;
        let t = std::mem::take(&mut self.tenants).into_iter();
        insert_in_batches(txn, t.map(NewTenant::active)).await?;
        let e = std::mem::take(&mut self.lease_events).into_iter();
        insert_in_batches(txn, e.map(NewLeaseEvent::active)).await?;
        let r = std::mem::take(&mut self.job_reports).into_iter();
        insert_in_batches(txn, r.map(NewReport::active)).await?;
        let l = std::mem::take(&mut self.job_report_lines).into_iter();
        insert_in_batches(txn, l.map(NewLine::active)).await
    }
}

async fn insert_in_batches<A>(
    txn: &DatabaseTransaction,
    rows: impl Iterator<Item = A>,
) -> Result<(), AppError>
where
    A: ActiveModelTrait + Send,
{
    let mut rest = rows;
    loop {
        let batch: Vec<A> = rest.by_ref().take(INSERT_BATCH_ROWS).collect();
        if batch.is_empty() {
            return Ok(());
        }
        A::Entity::insert_many(batch)
            .exec_without_returning(txn)
            .await
            .map_err(failed("writing rows in bulk"))?;
    }
}

/// The next id of each table whose rows are referred to by others.
pub struct NextIds {
    pub park: i32,
    pub building: i32,
    pub tenant: i32,
    pub report: i32,
}

impl NextIds {
    /// One past the largest id of each table, after locking them (PostgreSQL).
    pub async fn reserve(txn: &DatabaseTransaction) -> Result<Self, AppError> {
        lock_tables(txn).await?;
        Ok(Self {
            park: max_id::<parks::Entity>(txn, parks::Column::Id).await? + 1,
            building: max_id::<buildings::Entity>(txn, buildings::Column::Id).await? + 1,
            tenant: max_id::<tenants::Entity>(txn, tenants::Column::Id).await? + 1,
            report: max_id::<job_reports::Entity>(txn, job_reports::Column::Id).await? + 1,
        })
    }
}

/// Takes the next id from a counter.
pub fn take_id(next: &mut i32) -> i32 {
    let id = *next;
    *next += 1;
    id
}

async fn lock_tables(txn: &DatabaseTransaction) -> Result<(), AppError> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_unprepared(&format!(
            "LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE",
            ID_TABLES.join(", ")
        ))
        .await
        .map_err(failed("locking tables for explicit ids"))?;
    }
    Ok(())
}

/// On PostgreSQL, explicit ids do not advance the identity sequences: move
/// them past the largest id so that later inserts do not collide.
pub async fn resync_id_sequences(txn: &DatabaseTransaction) -> Result<(), AppError> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        for table in ID_TABLES {
            txn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .await
            .map_err(failed("moving an id sequence"))?;
        }
    }
    Ok(())
}

async fn max_id<E>(txn: &DatabaseTransaction, id: E::Column) -> Result<i32, AppError>
where
    E: EntityTrait,
{
    // scoped here: in module scope its `max`/`min` would shadow Ord's on integers
    use sea_orm::sea_query::ExprTrait;
    let max: Option<Option<i32>> = E::find()
        .select_only()
        .column_as(Expr::col(id).max(), "max_id")
        .into_tuple()
        .one(txn)
        .await
        .map_err(failed("reading the largest id"))?;
    Ok(max.flatten().unwrap_or(0))
}
