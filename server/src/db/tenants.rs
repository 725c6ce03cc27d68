//! The `tenants` table: lookups, the manager's edit, inserts, and the
//! conversions of a row (its activity line, read loudly; its audit snapshot).
use app::api::AppError;
use app::model::ActivityLine;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{Value, json};

use super::entities::tenants;
pub use super::entities::tenants::Model as Tenant;
use super::failed;
use crate::errors::corrupt;

/// A tenant to insert (`id` given by the synthetic seeder, else assigned).
#[derive(Debug, Clone)]
pub struct NewTenant {
    pub id: Option<i32>,
    pub company: String,
    pub country: String,
    pub activity_line: ActivityLine,
    pub is_demo: bool,
}

impl NewTenant {
    pub(super) fn active(self) -> tenants::ActiveModel {
        tenants::ActiveModel {
            id: self.id.map_or(ActiveValue::NotSet, Set),
            company: Set(self.company),
            country: Set(self.country),
            activity_line: Set(self.activity_line.as_str().to_string()),
            is_demo: Set(self.is_demo),
            version: Set(1),
            publish_jobs_consent: Set(false),
        }
    }
}

pub async fn insert<C: ConnectionTrait>(conn: &C, new: NewTenant) -> Result<Tenant, AppError> {
    new.active()
        .insert(conn)
        .await
        .map_err(failed("adding a tenant"))
}

pub async fn by_id<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<Tenant>, AppError> {
    tenants::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(failed("reading a tenant"))
}

/// These tenants, in company order.
pub async fn by_ids<C: ConnectionTrait>(conn: &C, ids: Vec<i32>) -> Result<Vec<Tenant>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    tenants::Entity::find()
        .filter(tenants::Column::Id.is_in(ids))
        .order_by_asc(tenants::Column::Company)
        .all(conn)
        .await
        .map_err(failed("reading tenants"))
}

/// Writes a manager's edit as the next version.
pub async fn update<C: ConnectionTrait>(
    conn: &C,
    current: Tenant,
    company: String,
    country: String,
    activity_line: ActivityLine,
) -> Result<Tenant, AppError> {
    let version = current.version + 1;
    let mut am: tenants::ActiveModel = current.into();
    am.company = Set(company);
    am.country = Set(country);
    am.activity_line = Set(activity_line.as_str().to_string());
    am.version = Set(version);
    am.update(conn).await.map_err(failed("changing a tenant"))
}

/// Records the tenant's consent to publish its own headcount, as the next version.
pub async fn set_consent<C: ConnectionTrait>(
    conn: &C,
    current: Tenant,
    consent: bool,
) -> Result<Tenant, AppError> {
    let version = current.version + 1;
    let mut am: tenants::ActiveModel = current.into();
    am.publish_jobs_consent = Set(consent);
    am.version = Set(version);
    am.update(conn)
        .await
        .map_err(failed("recording a tenant's consent"))
}

/// The stored activity line, read loudly.
pub fn activity_line(t: &Tenant) -> Result<ActivityLine, AppError> {
    ActivityLine::parse(&t.activity_line).map_err(|e| corrupt("tenants", t.id, e))
}

/// The tenant as the audit log keeps it.
pub fn json(t: &Tenant) -> Value {
    json!({
        "id": t.id, "version": t.version, "company": t.company, "country": t.country,
        "activity_line": t.activity_line, "publish_jobs_consent": t.publish_jobs_consent,
    })
}
