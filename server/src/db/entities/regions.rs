//! `SeaORM` Entity for the `regions` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "regions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name_fr: String,
    pub name_ar: String,
    pub name_en: String,
    pub population_2024: i64,
    pub households_2024: i64,
    #[sea_orm(column_type = "Text")]
    pub boundary_geojson: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
