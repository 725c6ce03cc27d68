//! The change log: one row per park a change touched, written by triggers in
//! the same transaction as the change, whoever makes it (the server, the CLI,
//! another instance). Every instance reads the rows after the last one it
//! applied and derives again only the parks they name (issue 14), instead of
//! the one `data_version` counter of migration 6, which said only "something
//! changed" and so made every instance derive every park again.
//!
//! - `park_id` NULL means "every park": a change whose reach is not one park
//!   (an account's role or email, which decides who "the registry" is on
//!   every page; a TRUNCATE; a report line whose report is gone).
//! - `seq` order is commit order: on SQLite one writer at a time; on
//!   PostgreSQL each trigger first takes the `data_version` row lock that
//!   every unit of work takes, so no transaction can get a lower `seq` and
//!   commit after one with a higher `seq` (a reader that has seen `seq` n
//!   never misses a row below n).
//! - PostgreSQL also sends `NOTIFY tvr_changes` (delivered at commit), so
//!   instances learn of a change without asking.
//! - The `data_version` table stays (PostgreSQL's write lock row) but its
//!   counter triggers go.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// For each table the derived figures read: the SQL that names the parks
/// touched by the rows of `{rows}` (SQLite: `NEW`/`OLD` as a one-row source
/// through the row trigger; PostgreSQL: a transition table).
const TRACKED: [(&str, &str); 6] = [
    ("parks", "SELECT r.id FROM {rows} r"),
    ("buildings", "SELECT r.park_id FROM {rows} r"),
    (
        "lease_events",
        "SELECT b.park_id FROM {rows} r JOIN buildings b ON b.id = r.building_id",
    ),
    ("job_reports", "SELECT r.park_id FROM {rows} r"),
    (
        "job_report_lines",
        "SELECT j.park_id FROM {rows} r LEFT JOIN job_reports j ON j.id = r.report_id",
    ),
    (
        "tenants",
        "SELECT b.park_id FROM {rows} r JOIN lease_events e ON e.tenant_id = r.id JOIN buildings b ON b.id = e.building_id",
    ),
];

/// SQLite's row triggers see `NEW`/`OLD` as values, not tables: the row as a one-row select.
fn sqlite_rows(table: &str, which: &str) -> String {
    let column = match table {
        "parks" | "tenants" => "id",
        "buildings" | "job_reports" => "park_id",
        "lease_events" => "building_id",
        "job_report_lines" => "report_id",
        _ => unreachable!("not a tracked table"),
    };
    format!("(SELECT {which}.{column} AS {column})")
}

fn old_triggers_sqlite() -> Vec<String> {
    let mut out = Vec::new();
    for (table, _) in TRACKED {
        for op in ["INSERT", "UPDATE", "DELETE"] {
            out.push(format!("data_version_{table}_{op}"));
        }
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE TABLE change_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, park_id INTEGER NULL, source TEXT NOT NULL)",
                )
                .await?;
                for name in old_triggers_sqlite() {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}"))
                        .await?;
                }
                for (table, parks) in TRACKED {
                    for (op, sides) in [
                        ("INSERT", &["NEW"][..]),
                        ("UPDATE", &["OLD", "NEW"][..]),
                        ("DELETE", &["OLD"][..]),
                    ] {
                        let select = sides
                            .iter()
                            .map(|side| parks.replace("{rows}", &sqlite_rows(table, side)))
                            .collect::<Vec<_>>()
                            .join(" UNION ");
                        let keep = if table == "job_report_lines" {
                            "1"
                        } else {
                            "p IS NOT NULL"
                        };
                        let body = format!(
                            "INSERT INTO change_log (park_id, source) SELECT DISTINCT p, '{table}' FROM ({select_as}) WHERE {keep};",
                            select_as = as_p(&select),
                        );
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER change_log_{table}_{op} AFTER {op} ON {table} BEGIN {body} END"
                        ))
                        .await?;
                    }
                }
                for (op, when) in [
                    ("INSERT ON users", ""),
                    ("DELETE ON users", ""),
                    (
                        "UPDATE OF role, email ON users",
                        "WHEN OLD.role IS NOT NEW.role OR OLD.email IS NOT NEW.email",
                    ),
                ] {
                    let name = op.split_whitespace().next().unwrap_or_default();
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER change_log_users_{name} AFTER {op} FOR EACH ROW {when} \
                         BEGIN INSERT INTO change_log (park_id, source) VALUES (NULL, 'users'); END"
                    ))
                    .await?;
                }
            }
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE TABLE change_log (seq BIGSERIAL PRIMARY KEY, park_id INTEGER NULL, source TEXT NOT NULL)",
                )
                .await?;
                db.execute_unprepared("DROP FUNCTION IF EXISTS bump_data_version() CASCADE")
                    .await?;
                for (table, parks) in TRACKED {
                    for (op, side, rows) in [
                        ("INSERT", "NEW TABLE AS new_rows", "new_rows"),
                        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", ""),
                        ("DELETE", "OLD TABLE AS old_rows", "old_rows"),
                    ] {
                        let select = if rows.is_empty() {
                            format!(
                                "{} UNION {}",
                                parks.replace("{rows}", "old_rows"),
                                parks.replace("{rows}", "new_rows")
                            )
                        } else {
                            parks.replace("{rows}", rows)
                        };
                        let keep = if table == "job_report_lines" {
                            "TRUE"
                        } else {
                            "p IS NOT NULL"
                        };
                        let function = format!("change_log_{table}_{}", op.to_lowercase());
                        db.execute_unprepared(&format!(
                            "CREATE FUNCTION {function}() RETURNS trigger AS $$ BEGIN \
                             PERFORM 1 FROM data_version WHERE id = 1 FOR UPDATE; \
                             INSERT INTO change_log (park_id, source) SELECT DISTINCT p, '{table}' FROM ({select_as}) t WHERE {keep}; \
                             PERFORM pg_notify('tvr_changes', ''); \
                             RETURN NULL; END; $$ LANGUAGE plpgsql",
                            select_as = as_p(&select),
                        ))
                        .await?;
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {function} AFTER {op} ON {table} REFERENCING {side} \
                             FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                        ))
                        .await?;
                    }
                }
                db.execute_unprepared(
                    "CREATE FUNCTION change_log_everything() RETURNS trigger AS $$ BEGIN \
                     PERFORM 1 FROM data_version WHERE id = 1 FOR UPDATE; \
                     INSERT INTO change_log (park_id, source) VALUES (NULL, TG_TABLE_NAME); \
                     PERFORM pg_notify('tvr_changes', ''); \
                     RETURN NULL; END; $$ LANGUAGE plpgsql",
                )
                .await?;
                for (table, _) in TRACKED {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER change_log_{table}_truncate AFTER TRUNCATE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION change_log_everything()"
                    ))
                    .await?;
                }
                for (name, op, when) in [
                    ("insert", "INSERT", ""),
                    ("delete", "DELETE", ""),
                    (
                        "update",
                        "UPDATE OF role, email",
                        "WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.email IS DISTINCT FROM NEW.email)",
                    ),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER change_log_users_{name} AFTER {op} ON users FOR EACH ROW {when} \
                         EXECUTE FUNCTION change_log_everything()"
                    ))
                    .await?;
                }
            }
            other => {
                return Err(DbErr::Migration(format!(
                    "unsupported database backend {other:?}"
                )));
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for (table, _) in TRACKED {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS change_log_{table}_{op}"
                        ))
                        .await?;
                        // migration 6's counter, as it was
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER IF NOT EXISTS data_version_{table}_{op} AFTER {op} ON {table} \
                             BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END"
                        ))
                        .await?;
                    }
                }
                for name in ["INSERT", "DELETE", "UPDATE"] {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS change_log_users_{name}"
                    ))
                    .await?;
                }
            }
            _ => {
                for (table, _) in TRACKED {
                    for op in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!(
                            "DROP FUNCTION IF EXISTS change_log_{table}_{op}() CASCADE"
                        ))
                        .await?;
                    }
                }
                db.execute_unprepared("DROP FUNCTION IF EXISTS change_log_everything() CASCADE")
                    .await?;
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger AS $$ \
                     BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; RETURN NULL; END; \
                     $$ LANGUAGE plpgsql",
                )
                .await?;
                for (table, _) in TRACKED {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER data_version_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
                    ))
                    .await?;
                }
            }
        }
        db.execute_unprepared("DROP TABLE IF EXISTS change_log")
            .await?;
        Ok(())
    }
}

/// `select` with its one column named `p`.
fn as_p(select: &str) -> String {
    // every select in TRACKED starts "SELECT <expr> FROM": name the expression
    match select.split_once(" UNION ") {
        Some((a, b)) => format!("{} UNION {}", as_p(a), as_p(b)),
        None => {
            let rest = select.trim_start_matches("SELECT ");
            let (expr, from) = rest.split_once(" FROM ").unwrap_or((rest, ""));
            format!("SELECT {expr} AS p FROM {from}")
        }
    }
}
