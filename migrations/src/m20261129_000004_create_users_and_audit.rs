//! Users and roles (schema only: login comes with the accounts issue) and the
//! append-only audit log, protected by triggers on both backends.
use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_AUDIT_GUARDS: &[&str] = &[
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
];

const POSTGRES_AUDIT_GUARDS: &[&str] = &[
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ \
     BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log \
     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log \
     FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(string_uniq("email"))
                    .col(string("display_name"))
                    // argon2id PHC string; null until a password is set
                    .col(string_null("password_hash"))
                    // admin | park_manager | tenant_rep
                    .col(string_len("role", 16))
                    .col(integer_null("tenant_id"))
                    .col(boolean("disabled").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(integer("version").default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_tenant")
                            .from("users", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("user_parks")
                    .if_not_exists()
                    .col(integer("user_id"))
                    .col(integer("park_id"))
                    .primary_key(Index::create().col("user_id").col("park_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_parks_user")
                            .from("user_parks", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_parks_park")
                            .from("user_parks", "park_id")
                            .to("parks", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("user_parks", "idx_user_parks_park", &["park_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_log")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(string("actor"))
                    .col(string("action"))
                    .col(string("entity"))
                    .col(string_null("entity_id"))
                    .col(text_null("before_json"))
                    .col(text_null("after_json"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "audit_log",
                "idx_audit_log_entity",
                &["entity", "entity_id"],
            ))
            .await?;
        manager
            .create_index(index("audit_log", "idx_audit_log_at", &["at"]))
            .await?;

        let db = manager.get_connection();
        let guards = match manager.get_database_backend() {
            DbBackend::Sqlite => SQLITE_AUDIT_GUARDS,
            DbBackend::Postgres => POSTGRES_AUDIT_GUARDS,
            other => {
                return Err(DbErr::Migration(format!(
                    "unsupported database backend {other:?}"
                )));
            }
        };
        for sql in guards {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE")
                .await?;
        }
        for t in ["audit_log", "user_parks", "users"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
