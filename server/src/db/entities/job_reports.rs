//! `SeaORM` Entity for the `job_reports` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub park_id: i32,
    pub year: i32,
    pub quarter: i16,
    pub revision: i32,
    pub new_moroccan_recruits: i32,
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub validated_at: Option<DateTimeUtc>,
    pub validated_by: Option<String>,
    pub is_demo: bool,
    pub version: i32,
    pub declared_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_comment: Option<String>,
    pub flags: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
