//! The `lease_events` table: the events of a set of buildings, a tenant's
//! buildings and parks, inserts, and the conversions of a row: to the
//! domain's event (its kind read loudly: a row of an unknown kind is an error logged with
//! its id, never skipped) and to its audit snapshot.
use std::collections::{BTreeMap, BTreeSet};

use app::api::AppError;
use app::model::LeaseKind;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, RelationDef, Set,
};
use serde_json::{Value, json};

pub use super::entities::lease_events::Model as StoredEvent;
use super::entities::{buildings, lease_events};
use super::failed;
use crate::domain::occupancy::{EventId, LeaseEvent};
use crate::errors::corrupt;

/// A lease event to insert.
#[derive(Debug, Clone)]
pub struct NewLeaseEvent {
    pub building_id: i32,
    pub tenant_id: i32,
    pub kind: LeaseKind,
    pub area_m2: i64,
    pub seats: i32,
    pub effective_date: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub is_demo: bool,
}

impl NewLeaseEvent {
    pub(super) fn active(self) -> lease_events::ActiveModel {
        lease_events::ActiveModel {
            building_id: Set(self.building_id),
            tenant_id: Set(self.tenant_id),
            kind: Set(self.kind.as_str().to_string()),
            area_m2: Set(self.area_m2),
            seats: Set(self.seats),
            effective_date: Set(self.effective_date),
            recorded_by: Set(self.recorded_by),
            recorded_at: Set(self.recorded_at),
            is_demo: Set(self.is_demo),
            ..Default::default()
        }
    }
}

pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    new: NewLeaseEvent,
) -> Result<StoredEvent, AppError> {
    new.active()
        .insert(conn)
        .await
        .map_err(failed("recording a lease event"))
}

/// The events of these buildings, in effective-date then recording order.
pub async fn of_buildings<C: ConnectionTrait>(
    conn: &C,
    building_ids: &[i32],
) -> Result<Vec<StoredEvent>, AppError> {
    if building_ids.is_empty() {
        return Ok(Vec::new());
    }
    lease_events::Entity::find()
        .filter(lease_events::Column::BuildingId.is_in(building_ids.iter().copied()))
        .order_by_asc(lease_events::Column::EffectiveDate)
        .order_by_asc(lease_events::Column::Id)
        .all(conn)
        .await
        .map_err(failed("reading lease events"))
}

/// Whether the tenant has any event in these buildings.
pub async fn tenant_has_any<C: ConnectionTrait>(
    conn: &C,
    tenant_id: i32,
    building_ids: Vec<i32>,
) -> Result<bool, AppError> {
    if building_ids.is_empty() {
        return Ok(false);
    }
    let n = lease_events::Entity::find()
        .filter(lease_events::Column::TenantId.eq(tenant_id))
        .filter(lease_events::Column::BuildingId.is_in(building_ids))
        .count(conn)
        .await
        .map_err(failed("reading leases"))?;
    Ok(n > 0)
}

/// The buildings the tenant has events in.
pub async fn buildings_of_tenant<C: ConnectionTrait>(
    conn: &C,
    tenant_id: i32,
) -> Result<Vec<i32>, AppError> {
    lease_events::Entity::find()
        .select_only()
        .column(lease_events::Column::BuildingId)
        .filter(lease_events::Column::TenantId.eq(tenant_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading leases"))
}

/// The parks each of these tenants has any lease event in (past, current
/// or dated ahead), read in one query: the scope of a tenant's record.
pub async fn parks_of_tenants<C: ConnectionTrait>(
    conn: &C,
    tenant_ids: Vec<i32>,
) -> Result<BTreeMap<i32, BTreeSet<i32>>, AppError> {
    if tenant_ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let in_building: RelationDef = lease_events::Entity::belongs_to(buildings::Entity)
        .from(lease_events::Column::BuildingId)
        .to(buildings::Column::Id)
        .into();
    let pairs: Vec<(i32, i32)> = lease_events::Entity::find()
        .select_only()
        .column(lease_events::Column::TenantId)
        .column(buildings::Column::ParkId)
        .join(JoinType::InnerJoin, in_building)
        .filter(lease_events::Column::TenantId.is_in(tenant_ids.iter().copied()))
        .distinct()
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading a tenant's parks"))?;
    let mut parks: BTreeMap<i32, BTreeSet<i32>> = tenant_ids
        .into_iter()
        .map(|t| (t, BTreeSet::new()))
        .collect();
    for (tenant, park) in pairs {
        parks.entry(tenant).or_default().insert(park);
    }
    Ok(parks)
}

/// The parks one tenant has any lease event in.
pub async fn parks_of_tenant<C: ConnectionTrait>(
    conn: &C,
    tenant_id: i32,
) -> Result<BTreeSet<i32>, AppError> {
    Ok(parks_of_tenants(conn, vec![tenant_id])
        .await?
        .remove(&tenant_id)
        .unwrap_or_default())
}

/// The tenant of the first event recorded in these buildings.
pub async fn first_tenant_in<C: ConnectionTrait>(
    conn: &C,
    building_ids: Vec<i32>,
) -> Result<Option<i32>, AppError> {
    Ok(lease_events::Entity::find()
        .filter(lease_events::Column::BuildingId.is_in(building_ids))
        .order_by_asc(lease_events::Column::Id)
        .one(conn)
        .await
        .map_err(failed("reading leases"))?
        .map(|e| e.tenant_id))
}

/// The stored kind, read loudly.
pub fn kind(e: &StoredEvent) -> Result<LeaseKind, AppError> {
    LeaseKind::parse(&e.kind).map_err(|err| corrupt("lease_events", e.id, err))
}

/// The domain's event for a stored row.
pub fn to_domain(e: &StoredEvent) -> Result<LeaseEvent, AppError> {
    Ok(LeaseEvent {
        id: EventId::Recorded(i64::from(e.id)),
        building_id: e.building_id,
        tenant_id: e.tenant_id,
        kind: kind(e)?,
        area_m2: e.area_m2,
        seats: i64::from(e.seats),
        effective_date: e.effective_date,
    })
}

/// The domain's events for stored rows; the first unreadable row is an error.
pub fn to_domain_all(rows: &[StoredEvent]) -> Result<Vec<LeaseEvent>, AppError> {
    rows.iter().map(to_domain).collect()
}

/// The event as the audit log keeps it.
pub fn json(e: &StoredEvent) -> Value {
    json!({
        "id": e.id, "building_id": e.building_id, "tenant_id": e.tenant_id, "kind": e.kind,
        "area_m2": e.area_m2, "seats": e.seats, "effective_date": e.effective_date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(kind: &str) -> StoredEvent {
        StoredEvent {
            id: 41,
            building_id: 1,
            tenant_id: 2,
            kind: kind.into(),
            area_m2: 300,
            seats: 30,
            effective_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            recorded_by: "m@example.ma".into(),
            recorded_at: Utc::now(),
            is_demo: false,
        }
    }

    #[test]
    fn a_stored_event_of_an_unknown_kind_is_an_error_not_a_skipped_row() {
        let rows = vec![stored("move_in"), stored("sublet")];
        assert_eq!(to_domain_all(&rows), Err(AppError::Internal));
        let ok = to_domain_all(&rows[..1]).unwrap();
        assert_eq!(ok[0].kind, LeaseKind::MoveIn);
        assert_eq!(ok[0].id, EventId::Recorded(41));
    }
}
