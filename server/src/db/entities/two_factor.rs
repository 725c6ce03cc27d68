//! `SeaORM` Entity for the `two_factor` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "two_factor")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub secret: Option<String>,
    pub enabled_at: Option<DateTimeUtc>,
    pub last_used_step: Option<i64>,
    pub pending_secret: Option<String>,
    pub pending_since: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
