//! A single counter that every change to the registry's facts increments, in
//! the same transaction, through triggers. Readers cache derived figures
//! keyed by it: a cache is exactly as fresh as the database, whichever
//! process or instance wrote.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows the derived figures read.
const TRACKED: [&str; 6] = [
    "parks",
    "buildings",
    "tenants",
    "lease_events",
    "job_reports",
    "job_report_lines",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE IF NOT EXISTS data_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO data_version (id, version) VALUES (1, 0)")
            .await?;
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for table in TRACKED {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER IF NOT EXISTS data_version_{table}_{op} AFTER {op} ON {table} \
                             BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END",
                            op = op,
                            table = table
                        ))
                        .await?;
                    }
                }
            }
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger AS $$ \
                     BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; RETURN NULL; END; \
                     $$ LANGUAGE plpgsql",
                )
                .await?;
                for table in TRACKED {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER data_version_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
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
                for table in TRACKED {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS data_version_{table}_{op}"
                        ))
                        .await?;
                    }
                }
            }
            _ => {
                db.execute_unprepared("DROP FUNCTION IF EXISTS bump_data_version() CASCADE")
                    .await?;
            }
        }
        db.execute_unprepared("DROP TABLE IF EXISTS data_version")
            .await?;
        Ok(())
    }
}
