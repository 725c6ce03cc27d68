//! Two-factor sign-in (TOTP, RFC 6238): a user's factor (the secret, a
//! pending one until confirmed, the last step accepted), their recovery
//! codes (SHA-256 only), the pending logins between password and code
//! (SHA-256 of the token only), and which sessions may reach nothing but
//! enrolment.
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn to_user(table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_user"))
        .from(table, "user_id")
        .to("users", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("two_factor")
                    .if_not_exists()
                    .col(integer("user_id").primary_key())
                    // base32 of 20 random bytes; null until an enrolment is confirmed
                    .col(string_len_null("secret", 32))
                    .col(timestamp_with_time_zone_null("enabled_at"))
                    // the last TOTP step accepted: a code of that step or earlier is a replay
                    .col(big_integer_null("last_used_step"))
                    // an enrolment started and not yet confirmed (replaces `secret` when it is)
                    .col(string_len_null("pending_secret", 32))
                    .col(timestamp_with_time_zone_null("pending_since"))
                    .foreign_key(&mut to_user("two_factor"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("two_factor_recovery_codes")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    // SHA-256 of the normalized code, hex
                    .col(string_len("code_hash", 64))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .foreign_key(&mut to_user("two_factor_recovery_codes"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "two_factor_recovery_codes",
                "idx_two_factor_recovery_codes_user",
                &["user_id", "code_hash"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("pending_logins")
                    .if_not_exists()
                    // SHA-256 of the token, hex: the database never holds a usable one
                    .col(string_len("token_hash", 64).primary_key())
                    .col(integer("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .foreign_key(&mut to_user("pending_logins"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("sessions")
                    .add_column(boolean("enrolment_only").default(false))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("sessions")
                    .drop_column("enrolment_only")
                    .to_owned(),
            )
            .await?;
        for t in ["pending_logins", "two_factor_recovery_codes", "two_factor"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
