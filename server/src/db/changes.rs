//! The change log (migration 13): which parks the changes after a point
//! touched, the log's head, and its pruning. Rows are written by triggers in
//! the same transaction as the change, so reading them is all an instance
//! needs to know what it must derive again, whoever wrote.
use std::collections::BTreeSet;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, Statement};

/// Changes after this many parks are treated as "every park": one full load
/// costs less than this many park-by-park loads.
pub const MAX_PARKS: usize = 500;

/// Rows kept when pruning: an instance that falls further behind than this
/// loads everything again (it cannot tell which parks it missed).
pub const KEEP_ROWS: i64 = 100_000;

/// What changed after a point of the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    /// The highest `seq` read (the point the caller is at once it applies this).
    pub head: i64,
    /// The parks touched, when not everything.
    pub parks: BTreeSet<i32>,
    /// Every park must be loaded again: a change without one park (an
    /// account's role), too many parks, or rows pruned that the caller never read.
    pub everything: bool,
    /// Whether a change can alter what the small-cell rule hides (reports,
    /// report lines, tenants' consent, parks' regions): lease events and
    /// buildings cannot.
    pub disclosure: bool,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.parks.is_empty() && !self.everything
    }
}

#[derive(Debug, FromQueryResult)]
struct Group {
    park_id: Option<i32>,
    source: String,
    seq: i64,
}

#[derive(Debug, FromQueryResult)]
struct Bounds {
    low: Option<i64>,
    high: Option<i64>,
}

fn statement(db: &impl ConnectionTrait, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => sql.replace('?', "$1"),
        _ => sql.to_string(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The log's lowest and highest `seq` (0 and 0 when it is empty).
async fn bounds(db: &impl ConnectionTrait) -> Result<(i64, i64), DbErr> {
    let b = Bounds::find_by_statement(statement(
        db,
        "SELECT MIN(seq) AS low, MAX(seq) AS high FROM change_log",
        vec![],
    ))
    .one(db)
    .await?;
    Ok(b.map_or((0, 0), |b| (b.low.unwrap_or(0), b.high.unwrap_or(0))))
}

/// The log's head: the `seq` of the newest change (0 before any).
pub async fn head(db: &DatabaseConnection) -> Result<i64, DbErr> {
    Ok(bounds(db).await?.1)
}

/// What changed after `after` (a head read earlier; 0 for "from the start",
/// which callers only use after a full load).
pub async fn since(db: &DatabaseConnection, after: i64) -> Result<Pending, DbErr> {
    let (low, high) = bounds(db).await?;
    if high <= after {
        return Ok(Pending {
            head: after,
            ..Pending::default()
        });
    }
    let groups = Group::find_by_statement(statement(
        db,
        "SELECT park_id, source, MAX(seq) AS seq FROM change_log WHERE seq > ? GROUP BY park_id, source",
        vec![after.into()],
    ))
    .all(db)
    .await?;
    let mut p = Pending {
        // rows below `low` are gone: if the caller had not read them all, it
        // cannot know what they touched
        everything: low > after + 1,
        head: groups
            .iter()
            .map(|g| g.seq)
            .max()
            .unwrap_or(after)
            .max(after),
        ..Pending::default()
    };
    for g in groups {
        match g.park_id {
            Some(id) => {
                p.parks.insert(id);
            }
            None => p.everything = true,
        }
        if !matches!(g.source.as_str(), "lease_events" | "buildings") {
            p.disclosure = true;
        }
    }
    if p.parks.len() > MAX_PARKS {
        p.everything = true;
    }
    if p.everything {
        p.parks.clear();
        p.disclosure = true;
    }
    Ok(p)
}

/// Deletes all but the newest `KEEP_ROWS` rows; returns how many went.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let (_, high) = bounds(db).await?;
    let cut = high - KEEP_ROWS;
    if cut <= 0 {
        return Ok(0);
    }
    let done = db
        .execute_raw(statement(
            db,
            "DELETE FROM change_log WHERE seq <= ?",
            vec![cut.into()],
        ))
        .await?;
    Ok(done.rows_affected())
}
