//! The audit log: the one function that appends a row (every change and
//! every seed calls it, inside its unit of work), and the filtered, paged
//! read of the admin page.
use app::api::AppError;
use app::model::{AUDIT_PER_PAGE, AuditEntry, AuditFilter};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set,
};
use serde_json::Value;

use super::entities::audit_log;
use super::failed;

/// What one audit row says: who did what to which record, before and after.
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Entry<'a> {
    /// A seed's row: about the registry as a whole, with what it added.
    pub fn registry(actor: &'a str, action: &'a str, after: Value) -> Self {
        Self {
            actor,
            action,
            entity: "registry",
            entity_id: None,
            before: None,
            after: Some(after),
        }
    }
}

/// Appends one audit row (inside the change's transaction).
pub(super) async fn append<C: ConnectionTrait>(conn: &C, e: Entry<'_>) -> Result<(), AppError> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor: Set(e.actor.to_string()),
        action: Set(e.action.to_string()),
        entity: Set(e.entity.to_string()),
        entity_id: Set(e.entity_id),
        before_json: Set(e.before.map(|v| v.to_string())),
        after_json: Set(e.after.map(|v| v.to_string())),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(failed("writing the audit log"))?;
    Ok(())
}

fn filtered(filter: &AuditFilter) -> Select<audit_log::Entity> {
    let mut q = audit_log::Entity::find();
    if let Some(a) = &filter.actor {
        q = q.filter(audit_log::Column::Actor.contains(a.to_lowercase()));
    }
    if let Some(e) = &filter.entity {
        q = q.filter(audit_log::Column::Entity.eq(e.as_str()));
    }
    if let Some(id) = &filter.entity_id {
        q = q.filter(audit_log::Column::EntityId.eq(id.as_str()));
    }
    if let Some(from) = filter.from.map(app::model::RegistryDate::get) {
        q = q.filter(audit_log::Column::At.gte(from.and_hms_opt(0, 0, 0).map(|t| t.and_utc())));
    }
    if let Some(to) = filter.to.map(app::model::RegistryDate::get) {
        q = q.filter(
            audit_log::Column::At.lt(to
                .succ_opt()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())),
        );
    }
    q
}

/// The rows matching `filter` (their number, and page `page`, newest first).
pub async fn page<C: ConnectionTrait>(
    conn: &C,
    filter: &AuditFilter,
    page: u32,
) -> Result<(i64, Vec<AuditEntry>), AppError> {
    let q = filtered(filter);
    let total = q
        .clone()
        .count(conn)
        .await
        .map_err(failed("counting audit rows"))? as i64;
    let rows = q
        .order_by_desc(audit_log::Column::Id)
        .offset(u64::from(page - 1) * u64::from(AUDIT_PER_PAGE))
        .limit(u64::from(AUDIT_PER_PAGE))
        .all(conn)
        .await
        .map_err(failed("reading the audit log"))?;
    Ok((total, rows.into_iter().map(entry).collect()))
}

fn entry(r: audit_log::Model) -> AuditEntry {
    AuditEntry {
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entity_id: r.entity_id,
        before_json: r.before_json,
        after_json: r.after_json,
    }
}
