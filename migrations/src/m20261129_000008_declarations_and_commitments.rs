//! Job declarations carry who declared them, the plausibility flags raised and
//! the manager's comment when returned; commitments record what a tenant
//! promised in its convention.
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for col in [
            string_null("declared_by"),
            text_null("review_comment"),
            // comma-separated plausibility flags: density, change
            string_null("flags"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("job_reports")
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("commitments")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("tenant_id"))
                    .col(integer("park_id"))
                    .col(integer("jobs"))
                    .col(date("start_date"))
                    .col(date("deadline"))
                    .col(text_null("note"))
                    .col(string("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(integer("version").default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_commitments_tenant")
                            .from("commitments", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_commitments_park")
                            .from("commitments", "park_id")
                            .to("parks", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("commitments", "idx_commitments_park", &["park_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("commitments").to_owned())
            .await?;
        for col in ["declared_by", "review_comment", "flags"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("job_reports")
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
