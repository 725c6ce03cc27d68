//! Buildings, tenants and occupancy as dated lease events.
//!
//! There is deliberately no "occupied" column anywhere: occupancy at any date
//! is derived from the events, so history and "what was free on date X" come
//! for free and no update can overwrite another.
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
                    .table("buildings")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("park_id"))
                    .col(string("name"))
                    .col(big_integer("floor_area_m2"))
                    .col(integer("seats"))
                    // null: delivered long ago; a future date: supply to come
                    .col(date_null("delivery_date"))
                    .col(boolean("is_demo").default(false))
                    .col(integer("version").default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_buildings_park")
                            .from("buildings", "park_id")
                            .to("parks", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("buildings", "idx_buildings_park", &["park_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("tenants")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(string("company"))
                    // ISO 3166-1 alpha-2
                    .col(string_len("country", 2))
                    // ITO | BPO | CRM | ESO | KPO: the main activity line
                    .col(string_len("activity_line", 3))
                    .col(boolean("is_demo").default(false))
                    .col(integer("version").default(1))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("lease_events")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("building_id"))
                    .col(integer("tenant_id"))
                    // move_in | resize | move_out; area and seats are the tenant's
                    // totals in the building from the effective date on (0 after a move-out)
                    .col(string_len("kind", 16))
                    .col(big_integer("area_m2"))
                    .col(integer("seats"))
                    .col(date("effective_date"))
                    .col(string("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(boolean("is_demo").default(false))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lease_events_building")
                            .from("lease_events", "building_id")
                            .to("buildings", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lease_events_tenant")
                            .from("lease_events", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "lease_events",
                "idx_lease_events_building_date",
                &["building_id", "effective_date"],
            ))
            .await?;
        manager
            .create_index(index(
                "lease_events",
                "idx_lease_events_tenant",
                &["tenant_id"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["lease_events", "tenants", "buildings"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
