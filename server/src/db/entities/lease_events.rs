//! `SeaORM` Entity for the `lease_events` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lease_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub building_id: i32,
    pub tenant_id: i32,
    pub kind: String,
    pub area_m2: i64,
    pub seats: i32,
    pub effective_date: Date,
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
    pub is_demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
