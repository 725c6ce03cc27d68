//! The fingerprint of everything a write could change: every row of every
//! table, each rendered as text and sorted, so that two fingerprints taken on
//! the same database are equal exactly when no row was added, removed or
//! changed. A refused write must leave it equal; an allowed one must change it.
//!
//! Tables are read from the schema (on SQLite and PostgreSQL), so a table a
//! later migration adds is covered without a change here. Left out, by name:
//! the sign-in's own bookkeeping, which a request may change without being
//! a write (`sessions`, `login_attempts`), the migration table, and the
//! `regions` reference data, which no server function writes and whose
//! boundaries weigh megabytes.
use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// Tables a fingerprint does not cover (see the module's comment).
pub const NOT_COVERED: [&str; 4] = ["sessions", "login_attempts", "seaql_migrations", "regions"];

/// Every covered table's rows, as sorted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    tables: BTreeMap<String, Vec<String>>,
}

impl Fingerprint {
    /// Reads every row of every covered table.
    pub async fn of(db: &DatabaseConnection) -> Self {
        let mut tables = BTreeMap::new();
        for table in table_names(db).await {
            if NOT_COVERED.contains(&table.as_str()) {
                continue;
            }
            let columns = column_names(db, &table).await;
            let row = columns
                .iter()
                .map(|c| format!("'{c}=' || COALESCE(CAST(\"{c}\" AS TEXT), 'NULL')"))
                .collect::<Vec<_>>()
                .join(" || ' | ' || ");
            let mut rows = texts(db, &format!("SELECT {row} FROM \"{table}\"")).await;
            rows.sort_unstable();
            tables.insert(table, rows);
        }
        assert!(
            tables.contains_key("audit_log") && tables.contains_key("lease_events"),
            "the fingerprint sees the registry's tables: {:?}",
            tables.keys()
        );
        Self { tables }
    }

    /// The tables whose rows differ between the two fingerprints.
    pub fn changed_tables(&self, after: &Self) -> Vec<String> {
        let mut names: Vec<&String> = self.tables.keys().chain(after.tables.keys()).collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .filter(|t| self.tables.get(*t) != after.tables.get(*t))
            .cloned()
            .collect()
    }

    /// What changed, row by row (`table: - row` removed, `table: + row` added),
    /// at most `limit` lines: for an assertion's message.
    pub fn changes(&self, after: &Self, limit: usize) -> Vec<String> {
        let empty = Vec::new();
        let mut out = Vec::new();
        for table in self.changed_tables(after) {
            let old = self.tables.get(&table).unwrap_or(&empty);
            let new = after.tables.get(&table).unwrap_or(&empty);
            out.extend(
                old.iter()
                    .filter(|r| !new.contains(r))
                    .map(|r| format!("{table}: - {r}")),
            );
            out.extend(
                new.iter()
                    .filter(|r| !old.contains(r))
                    .map(|r| format!("{table}: + {r}")),
            );
        }
        out.truncate(limit);
        out
    }

    /// The rows of one table (sorted), to assert on what a write kept.
    pub fn rows(&self, table: &str) -> &[String] {
        self.tables.get(table).map_or(&[], Vec::as_slice)
    }
}

async fn texts(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).expect("a text column"))
        .collect()
}

async fn table_names(db: &DatabaseConnection) -> Vec<String> {
    texts(
        db,
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            _ => {
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            }
        },
    )
    .await
}

async fn column_names(db: &DatabaseConnection, table: &str) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
        _ => format!(
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}' \
             ORDER BY ordinal_position"
        ),
    };
    let columns = texts(db, &sql).await;
    assert!(!columns.is_empty(), "{table} has columns");
    columns
}
