//! Quarterly job reports: one report per tenant, park, quarter and revision,
//! with one line per activity line (full time, part time).
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
                    .table("job_reports")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("tenant_id"))
                    .col(integer("park_id"))
                    .col(integer("year"))
                    .col(small_integer("quarter"))
                    // a correction of a locked quarter is a new revision; the original stays
                    .col(integer("revision").default(1))
                    .col(integer("new_moroccan_recruits"))
                    // draft | submitted | validated | returned
                    .col(string_len("status", 16))
                    .col(text_null("comment"))
                    .col(timestamp_with_time_zone_null("submitted_at"))
                    .col(timestamp_with_time_zone_null("validated_at"))
                    .col(string_null("validated_by"))
                    .col(boolean("is_demo").default(false))
                    .col(integer("version").default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_job_reports_tenant")
                            .from("job_reports", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_job_reports_park")
                            .from("job_reports", "park_id")
                            .to("parks", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_job_reports_tenant_park_quarter_revision")
                    .table("job_reports")
                    .col("tenant_id")
                    .col("park_id")
                    .col("year")
                    .col("quarter")
                    .col("revision")
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "job_reports",
                "idx_job_reports_park_quarter",
                &["park_id", "year", "quarter"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("job_report_lines")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("report_id"))
                    .col(string_len("activity_line", 3))
                    .col(integer("full_time"))
                    .col(integer("part_time"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_job_report_lines_report")
                            .from("job_report_lines", "report_id")
                            .to("job_reports", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_job_report_lines_report_line")
                    .table("job_report_lines")
                    .col("report_id")
                    .col("activity_line")
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("job_report_lines").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("job_reports").to_owned())
            .await
    }
}
