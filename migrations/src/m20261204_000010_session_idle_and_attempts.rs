//! Sessions and login attempts for issue 13: `sessions.last_seen_at` (the
//! idle timeout: a session unused for 30 minutes is dead), and
//! `login_attempts.pending` (an attempt is reserved, as a failure, before
//! its password is checked, so parallel guesses cannot pass the limit;
//! `server::db::login_attempts`). An index on `login_attempts.at` keeps the
//! pruning of old attempts one indexed delete.
//!
//! Both columns are NOT NULL with a constant default (SQLite adds a NOT NULL
//! column only with one); the sessions open at the upgrade get their
//! creation time as their last use, so nobody is signed out by it.
use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("sessions")
                    .add_column(
                        ColumnDef::new("last_seen_at")
                            .timestamp_with_time_zone()
                            .not_null()
                            .default("1970-01-01 00:00:00+00:00"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("UPDATE sessions SET last_seen_at = created_at")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("login_attempts")
                    .add_column(
                        ColumnDef::new("pending")
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("login_attempts", "idx_login_attempts_at", &["at"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_login_attempts_at")
                    .table("login_attempts")
                    .to_owned(),
            )
            .await?;
        for (table, column) in [("login_attempts", "pending"), ("sessions", "last_seen_at")] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
