//! Loads the 12 official regions (names, 2024 census, boundaries) from the
//! reference files compiled into the crate. Regions are the official division
//! every user works with, so they belong to the schema, not to a seed.
use sea_orm_migration::prelude::*;

use crate::reference;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let regions = reference::regions().map_err(DbErr::Migration)?;
        for r in regions {
            let insert = Query::insert()
                .into_table("regions")
                .columns([
                    "code",
                    "name_fr",
                    "name_ar",
                    "name_en",
                    "population_2024",
                    "households_2024",
                    "boundary_geojson",
                ])
                .values_panic([
                    r.code.into(),
                    r.name_fr.into(),
                    r.name_ar.into(),
                    r.name_en.into(),
                    r.population_2024.into(),
                    r.households_2024.into(),
                    r.boundary_geojson.into(),
                ])
                .to_owned();
            manager.exec_stmt(insert).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(Query::delete().from_table("regions").to_owned())
            .await
    }
}
