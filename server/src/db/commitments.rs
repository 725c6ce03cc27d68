//! The `commitments` table: a park's commitments, in deadline order, and
//! the insert of a new one with its audit snapshot.
use app::api::AppError;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};

use super::entities::commitments;
pub use super::entities::commitments::Model as Commitment;
use super::failed;

/// A commitment to record.
#[derive(Debug, Clone)]
pub struct NewCommitment {
    pub tenant_id: i32,
    pub park_id: i32,
    pub jobs: i32,
    pub start_date: NaiveDate,
    pub deadline: NaiveDate,
    pub note: Option<String>,
    pub recorded_by: String,
}

/// A park's commitments, nearest deadline first.
pub async fn of_park<C: ConnectionTrait>(
    conn: &C,
    park_id: i32,
) -> Result<Vec<Commitment>, AppError> {
    commitments::Entity::find()
        .filter(commitments::Column::ParkId.eq(park_id))
        .order_by_asc(commitments::Column::Deadline)
        .all(conn)
        .await
        .map_err(failed("reading commitments"))
}

pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    new: NewCommitment,
) -> Result<Commitment, AppError> {
    commitments::ActiveModel {
        tenant_id: Set(new.tenant_id),
        park_id: Set(new.park_id),
        jobs: Set(new.jobs),
        start_date: Set(new.start_date),
        deadline: Set(new.deadline),
        note: Set(new.note),
        recorded_by: Set(new.recorded_by),
        recorded_at: Set(Utc::now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(failed("recording a commitment"))
}

/// The commitment as the audit log keeps it (with the park's slug).
pub fn json(c: &Commitment, park_slug: &str) -> Value {
    json!({"park": park_slug, "tenant_id": c.tenant_id, "jobs": c.jobs, "start_date": c.start_date, "deadline": c.deadline})
}
