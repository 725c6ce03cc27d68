//! `SeaORM` Entity for the `buildings` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "buildings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub park_id: i32,
    pub name: String,
    pub floor_area_m2: i64,
    pub seats: i32,
    pub delivery_date: Option<Date>,
    pub is_demo: bool,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
