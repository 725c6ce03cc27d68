//! Regions (the 12 of the 2015 division) and parks.
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
                    .table("regions")
                    .if_not_exists()
                    // HCP code, "01".."12"
                    .col(string_len("code", 2).primary_key())
                    .col(string("name_fr"))
                    .col(string("name_ar"))
                    .col(string("name_en"))
                    .col(big_integer("population_2024"))
                    .col(big_integer("households_2024"))
                    // RFC 7946 Polygon geometry, WGS84 lon/lat, full resolution
                    .col(text("boundary_geojson"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("parks")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(string_uniq("slug"))
                    .col(string("name"))
                    .col(string("city"))
                    .col(string("operator"))
                    // operating | under_construction | planned
                    .col(string_len("status", 24))
                    .col(double("lat"))
                    .col(double("lon"))
                    .col(string_len("region_code", 2))
                    .col(double_null("land_ha"))
                    .col(date_null("delivery_date"))
                    // money is integer centimes, never floating point
                    .col(big_integer_null("rent_centimes_per_m2_month"))
                    .col(text_null("description_fr"))
                    .col(text_null("description_ar"))
                    .col(text_null("description_en"))
                    // figures published in the press, kept apart from the registry's own
                    .col(big_integer_null("press_office_floor_m2"))
                    .col(big_integer_null("press_reported_jobs"))
                    .col(integer_null("press_figures_year"))
                    .col(text_null("source_note"))
                    .col(boolean("is_demo").default(false))
                    .col(integer("version").default(1))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(string("updated_by"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_parks_region")
                            .from("parks", "region_code")
                            .to("regions", "code")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("parks", "idx_parks_region", &["region_code"]))
            .await?;
        manager
            .create_index(index("parks", "idx_parks_status", &["status"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("parks").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("regions").to_owned())
            .await
    }
}
