//! `SeaORM` Entity for the `parks` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "parks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub city: String,
    pub operator: String,
    pub status: String,
    pub lat: f64,
    pub lon: f64,
    pub region_code: String,
    pub land_ha: Option<f64>,
    pub delivery_date: Option<Date>,
    pub rent_centimes_per_m2_month: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub description_fr: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub description_ar: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub description_en: Option<String>,
    pub press_office_floor_m2: Option<i64>,
    pub press_reported_jobs: Option<i64>,
    pub press_figures_year: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub source_note: Option<String>,
    pub is_demo: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub updated_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
