//! CHECK constraints: the database as a second line behind the typed forms
//! (areas, seats, headcounts, codes and versions a write path could get
//! wrong). Each constraint is named `ck_<table>_<what>` and says which column
//! it guards, so that a violation can be reported naming the field
//! (`server::db::db_error`). The code lists are those of the Rust enums of
//! `app::model` on the day of this migration; a unit test in the server
//! (`db::constraints`) compares them with the enums, so a new variant fails
//! the build's tests until a new migration widens the list.
//!
//! PostgreSQL: `ALTER TABLE … ADD CONSTRAINT … CHECK`, inside the migration's
//! transaction.
//!
//! SQLite cannot add a constraint to a table, so each table is rebuilt with
//! SQLite's documented procedure (lang_altertable.html#otheralter):
//! `PRAGMA foreign_keys = OFF` outside any transaction (a parent is dropped
//! and some children cascade on delete), then in one transaction: create
//! `new_<table>` from the table's own `CREATE TABLE` text (read from
//! `sqlite_master`) plus the checks, copy the rows, drop the table, rename,
//! recreate its indexes and triggers (the data-version triggers) and keep its
//! AUTOINCREMENT counter; `PRAGMA foreign_key_check` must return no row
//! before the commit; then `PRAGMA foreign_keys = ON`. `PRAGMA foreign_keys`
//! is per connection: this migration must run on a pool of ONE connection
//! (`server::db::open` runs the migrations on a dedicated one-connection
//! pool), and it refuses to run when foreign keys are still on inside its
//! transaction. sea-orm-migration runs SQLite migrations without a
//! transaction (so the pragma can change), and records this migration after
//! `up` returns: a table that already carries its checks is skipped, so a
//! crash between the commit and the record is harmless.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `parks.status`: `app::model::ParkStatus`.
pub const PARK_STATUSES: &[&str] = &["operating", "under_construction", "planned"];
/// `lease_events.kind`: `app::model::LeaseKind`.
pub const LEASE_KINDS: &[&str] = &["move_in", "resize", "move_out"];
/// `tenants.activity_line` and `job_report_lines.activity_line`: `app::model::ActivityLine`.
pub const ACTIVITY_LINES: &[&str] = &["ITO", "BPO", "CRM", "ESO", "KPO"];
/// `job_reports.status`: `app::model::ReportStatus` (no draft is ever stored).
pub const REPORT_STATUSES: &[&str] = &["submitted", "validated", "returned"];
/// `users.role`: `app::model::Role`.
pub const ROLES: &[&str] = &["admin", "park_manager", "tenant_rep"];

/// One CHECK constraint: its table, its name, the column (form field) it
/// guards and its SQL expression (the same text on both backends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub table: &'static str,
    pub name: &'static str,
    pub column: &'static str,
    pub expr: String,
}

fn one_of(column: &str, values: &[&str]) -> String {
    let list: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    format!("\"{column}\" IN ({})", list.join(", "))
}

/// Every constraint this migration adds, grouped by table.
pub fn checks() -> Vec<Check> {
    let c = |table, name, column, expr: String| Check {
        table,
        name,
        column,
        expr,
    };
    let at_least = |column: &str, min: i64| format!("\"{column}\" >= {min}");
    vec![
        c("parks", "ck_parks_status", "status", one_of("status", PARK_STATUSES)),
        c("parks", "ck_parks_lat", "lat", "\"lat\" BETWEEN -90 AND 90".into()),
        c("parks", "ck_parks_lon", "lon", "\"lon\" BETWEEN -180 AND 180".into()),
        // The park form accepts 0 ha and a rent of 0: the second line is never
        // stricter than the first, or a valid form would fail in the database.
        c(
            "parks",
            "ck_parks_land_ha",
            "land_ha",
            "\"land_ha\" IS NULL OR \"land_ha\" >= 0".into(),
        ),
        c(
            "parks",
            "ck_parks_rent",
            "rent_centimes_per_m2_month",
            "\"rent_centimes_per_m2_month\" IS NULL OR \"rent_centimes_per_m2_month\" >= 0".into(),
        ),
        c(
            "parks",
            "ck_parks_press_office_floor_m2",
            "press_office_floor_m2",
            "\"press_office_floor_m2\" IS NULL OR \"press_office_floor_m2\" > 0".into(),
        ),
        c(
            "parks",
            "ck_parks_press_reported_jobs",
            "press_reported_jobs",
            "\"press_reported_jobs\" IS NULL OR \"press_reported_jobs\" >= 0".into(),
        ),
        c("parks", "ck_parks_version", "version", at_least("version", 1)),
        c(
            "buildings",
            "ck_buildings_floor_area_m2",
            "floor_area_m2",
            "\"floor_area_m2\" > 0".into(),
        ),
        c("buildings", "ck_buildings_seats", "seats", at_least("seats", 0)),
        c("buildings", "ck_buildings_version", "version", at_least("version", 1)),
        c(
            "tenants",
            "ck_tenants_activity_line",
            "activity_line",
            one_of("activity_line", ACTIVITY_LINES),
        ),
        c(
            "tenants",
            "ck_tenants_country",
            "country",
            "length(\"country\") = 2".into(),
        ),
        c("tenants", "ck_tenants_version", "version", at_least("version", 1)),
        c(
            "lease_events",
            "ck_lease_events_kind",
            "kind",
            one_of("kind", LEASE_KINDS),
        ),
        // Area and seats are the tenant's totals from the date on: none after a
        // move-out, some area otherwise.
        c(
            "lease_events",
            "ck_lease_events_area_m2",
            "area_m2",
            "(\"kind\" = 'move_out' AND \"area_m2\" = 0) OR (\"kind\" <> 'move_out' AND \"area_m2\" > 0)"
                .into(),
        ),
        c(
            "lease_events",
            "ck_lease_events_seats",
            "seats",
            "\"seats\" >= 0 AND (\"kind\" <> 'move_out' OR \"seats\" = 0)".into(),
        ),
        c(
            "job_reports",
            "ck_job_reports_status",
            "status",
            one_of("status", REPORT_STATUSES),
        ),
        c(
            "job_reports",
            "ck_job_reports_quarter",
            "quarter",
            "\"quarter\" BETWEEN 1 AND 4".into(),
        ),
        c(
            "job_reports",
            "ck_job_reports_revision",
            "revision",
            at_least("revision", 1),
        ),
        c(
            "job_reports",
            "ck_job_reports_new_moroccan_recruits",
            "new_moroccan_recruits",
            at_least("new_moroccan_recruits", 0),
        ),
        c("job_reports", "ck_job_reports_version", "version", at_least("version", 1)),
        c(
            "job_report_lines",
            "ck_job_report_lines_activity_line",
            "activity_line",
            one_of("activity_line", ACTIVITY_LINES),
        ),
        c(
            "job_report_lines",
            "ck_job_report_lines_full_time",
            "full_time",
            at_least("full_time", 0),
        ),
        c(
            "job_report_lines",
            "ck_job_report_lines_part_time",
            "part_time",
            at_least("part_time", 0),
        ),
        c("users", "ck_users_role", "role", one_of("role", ROLES)),
        c("users", "ck_users_version", "version", at_least("version", 1)),
        c("commitments", "ck_commitments_jobs", "jobs", at_least("jobs", 0)),
        c("commitments", "ck_commitments_version", "version", at_least("version", 1)),
    ]
}

/// The constraint called `name`, if this migration adds it.
pub fn check_named(name: &str) -> Option<Check> {
    checks().into_iter().find(|c| c.name == name)
}

/// The tables that get constraints, in the order of `checks`.
fn tables() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in checks() {
        if !out.contains(&c.table) {
            out.push(c.table);
        }
    }
    out
}

/// The table clauses added to a SQLite `CREATE TABLE`: `, CONSTRAINT "…" CHECK (…)`.
fn clauses(table: &str) -> String {
    checks()
        .into_iter()
        .filter(|c| c.table == table)
        .map(|c| format!(", CONSTRAINT \"{}\" CHECK ({})", c.name, c.expr))
        .collect()
}

/// The definition of `new_name` made from a table's stored `CREATE TABLE`
/// text, with `extra` inserted before its closing parenthesis.
pub fn rename_and_extend(create_sql: &str, new_name: &str, extra: &str) -> Result<String, DbErr> {
    let bad = || DbErr::Migration(format!("unexpected table definition: {create_sql}"));
    if !create_sql
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("CREATE TABLE")
    {
        return Err(bad());
    }
    let open = create_sql.find('(').ok_or_else(bad)?;
    let close = create_sql
        .rfind(')')
        .filter(|&c| c > open)
        .ok_or_else(bad)?;
    Ok(format!(
        "CREATE TABLE \"{new_name}\" {}{extra})",
        &create_sql[open..close]
    ))
}

/// The stored definition without the clauses `clauses` added (for `down`).
pub fn without_checks(create_sql: &str, new_name: &str) -> Result<String, DbErr> {
    let cut = create_sql
        .find(", CONSTRAINT \"ck_")
        .ok_or_else(|| DbErr::Migration(format!("no check constraint in {create_sql}")))?;
    rename_and_extend(&format!("{})", &create_sql[..cut]), new_name, "")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                let db = manager.get_connection();
                for c in checks() {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE \"{}\" ADD CONSTRAINT \"{}\" CHECK ({})",
                        c.table, c.name, c.expr
                    ))
                    .await?;
                }
                Ok(())
            }
            DbBackend::Sqlite => rebuild_sqlite(manager, Direction::Add).await,
            other => Err(DbErr::Migration(format!(
                "unsupported database backend {other:?}"
            ))),
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                let db = manager.get_connection();
                for c in checks() {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE \"{}\" DROP CONSTRAINT IF EXISTS \"{}\"",
                        c.table, c.name
                    ))
                    .await?;
                }
                Ok(())
            }
            DbBackend::Sqlite => rebuild_sqlite(manager, Direction::Remove).await,
            other => Err(DbErr::Migration(format!(
                "unsupported database backend {other:?}"
            ))),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Add,
    Remove,
}

/// Foreign keys off on the (only) connection, every table rebuilt in one
/// transaction, foreign keys back on whatever happened.
async fn rebuild_sqlite(manager: &SchemaManager<'_>, direction: Direction) -> Result<(), DbErr> {
    let db = manager.get_connection();
    db.execute_unprepared("PRAGMA foreign_keys = OFF").await?;
    let rebuilt = rebuild_tables(manager, direction).await;
    let restored = db.execute_unprepared("PRAGMA foreign_keys = ON").await;
    rebuilt?;
    restored.map(|_| ())
}

async fn rebuild_tables(manager: &SchemaManager<'_>, direction: Direction) -> Result<(), DbErr> {
    let txn = manager.begin().await?;
    let conn = txn.get_connection();
    if scalar_i64(conn, "PRAGMA foreign_keys").await? != Some(0) {
        return Err(DbErr::Migration(
            "foreign keys are still on in the migration's transaction: the SQLite migrations \
             must run on a pool of one connection (server::db::open does)"
                .into(),
        ));
    }
    for table in tables() {
        rebuild_table(conn, table, direction).await?;
    }
    let broken = conn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA foreign_key_check",
        ))
        .await?;
    if !broken.is_empty() {
        let first = &broken[0];
        let table: String = first.try_get_by_index(0).unwrap_or_default();
        return Err(DbErr::Migration(format!(
            "foreign_key_check found {} broken reference(s), the first in {table}",
            broken.len()
        )));
    }
    txn.commit().await
}

async fn rebuild_table<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    direction: Direction,
) -> Result<(), DbErr> {
    let sql = scalar_text(
        conn,
        &format!("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'"),
    )
    .await?
    .ok_or_else(|| DbErr::Migration(format!("no table {table}")))?;
    let has_checks = sql.contains(", CONSTRAINT \"ck_");
    let new_name = format!("new_{table}");
    let create = match direction {
        Direction::Add if has_checks => return Ok(()),
        Direction::Remove if !has_checks => return Ok(()),
        Direction::Add => rename_and_extend(&sql, &new_name, &clauses(table))?,
        Direction::Remove => without_checks(&sql, &new_name)?,
    };
    // Indexes (not the automatic ones of UNIQUE/PRIMARY KEY) and triggers go with the table.
    let dependents: Vec<String> = conn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!(
                "SELECT sql FROM sqlite_master WHERE tbl_name = '{table}' \
                 AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"
            ),
        ))
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<String>(0))
        .collect::<Result<_, _>>()?;
    let sequence = scalar_i64(
        conn,
        &format!("SELECT seq FROM sqlite_sequence WHERE name = '{table}'"),
    )
    .await
    .unwrap_or(None);
    let columns: Vec<String> = conn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
        ))
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<String>(0))
        .collect::<Result<_, _>>()?;
    let columns = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");

    conn.execute_unprepared(&create).await?;
    conn.execute_unprepared(&format!(
        "INSERT INTO \"{new_name}\" ({columns}) SELECT {columns} FROM \"{table}\""
    ))
    .await?;
    conn.execute_unprepared(&format!("DROP TABLE \"{table}\""))
        .await?;
    conn.execute_unprepared(&format!("ALTER TABLE \"{new_name}\" RENAME TO \"{table}\""))
        .await?;
    for sql in &dependents {
        conn.execute_unprepared(sql).await?;
    }
    // The copy sets the counter to the highest id kept; ids of rows deleted at
    // the end must stay used, as AUTOINCREMENT promises.
    // An empty table had no counter; the copy (even of no row) made one at 0.
    if sequence.is_none() {
        conn.execute_unprepared(&format!(
            "DELETE FROM sqlite_sequence WHERE name = '{table}' AND seq = 0"
        ))
        .await?;
    }
    if let Some(seq) = sequence {
        conn.execute_unprepared(&format!(
            "UPDATE sqlite_sequence SET seq = MAX(seq, {seq}) WHERE name = '{table}'"
        ))
        .await?;
        if scalar_i64(
            conn,
            &format!("SELECT COUNT(*) FROM sqlite_sequence WHERE name = '{table}'"),
        )
        .await?
            == Some(0)
        {
            conn.execute_unprepared(&format!(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('{table}', {seq})"
            ))
            .await?;
        }
    }
    Ok(())
}

async fn scalar_i64<C: ConnectionTrait>(conn: &C, sql: &str) -> Result<Option<i64>, DbErr> {
    let row = conn
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await?;
    row.map(|r| r.try_get_by_index::<i64>(0)).transpose()
}

async fn scalar_text<C: ConnectionTrait>(conn: &C, sql: &str) -> Result<Option<String>, DbErr> {
    let row = conn
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await?;
    row.map(|r| r.try_get_by_index::<String>(0)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARKS: &str = "CREATE TABLE \"parks\" ( \"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"status\" varchar(24) NOT NULL, FOREIGN KEY (\"region_code\") REFERENCES \"regions\" (\"code\") ON DELETE RESTRICT )";

    #[test]
    fn the_checks_go_before_the_closing_parenthesis_of_a_renamed_table() {
        let sql = rename_and_extend(PARKS, "new_parks", &clauses("parks")).unwrap();
        assert!(
            sql.starts_with("CREATE TABLE \"new_parks\" ( \"id\" integer"),
            "{sql}"
        );
        assert!(
            sql.contains(
                "ON DELETE RESTRICT , CONSTRAINT \"ck_parks_status\" CHECK (\"status\" IN ('operating', 'under_construction', 'planned'))"
            ),
            "{sql}"
        );
        assert!(sql.ends_with("CHECK (\"version\" >= 1))"), "{sql}");
        // and `down` gives the original definition back
        let stored = sql.replacen("\"new_parks\"", "\"parks\"", 1);
        let back = without_checks(&stored, "parks").unwrap();
        assert_eq!(back, PARKS);
    }

    #[test]
    fn a_definition_that_is_not_a_table_is_refused() {
        assert!(rename_and_extend("CREATE VIEW v AS SELECT 1", "new_v", "").is_err());
        assert!(rename_and_extend("CREATE TABLE t", "new_t", "").is_err());
    }

    #[test]
    fn every_constraint_has_a_unique_name_that_names_its_table() {
        let all = checks();
        for c in &all {
            assert!(
                c.name.starts_with(&format!("ck_{}_", c.table)),
                "{}",
                c.name
            );
            assert!(c.expr.contains(&format!("\"{}\"", c.column)), "{}", c.name);
            assert_eq!(all.iter().filter(|o| o.name == c.name).count(), 1);
        }
        assert_eq!(check_named("ck_users_role").unwrap().column, "role");
        assert!(check_named("ck_nothing").is_none());
    }
}
