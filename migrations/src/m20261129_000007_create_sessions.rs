//! Sessions stored in the database (so that several app instances share
//! them) and login attempts (for throttling, shared the same way).
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .if_not_exists()
                    // SHA-256 of the cookie value, hex: the database never holds a usable token
                    .col(string_len("id_hash", 64).primary_key())
                    .col(integer("user_id"))
                    .col(string_len("csrf_token", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from("sessions", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("sessions", "idx_sessions_user", &["user_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("login_attempts")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(timestamp_with_time_zone("at"))
                    // lower-cased as typed, whether or not such an account exists
                    .col(string("email"))
                    .col(string_len("ip", 64))
                    .col(boolean("succeeded"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "login_attempts",
                "idx_login_attempts_email",
                &["email", "at"],
            ))
            .await?;
        manager
            .create_index(index(
                "login_attempts",
                "idx_login_attempts_ip",
                &["ip", "at"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["login_attempts", "sessions"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
