//! A tenant's consent to publish its own declared headcount: false until the
//! tenant's representative, a manager of a park it leases in, or an admin
//! sets it (audited). Without it the tenant's figure never appears in a
//! public answer (docs/SECURITY.md, "Suppression and consent").
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .add_column(boolean("publish_jobs_consent").default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .drop_column("publish_jobs_consent")
                    .to_owned(),
            )
            .await
    }
}
