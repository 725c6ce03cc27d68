//! The `buildings` table: a park's buildings, the manager's edits, the
//! seeders' inserts, and the conversions of a row to the domain's building
//! spec and to its audit snapshot.
use app::api::AppError;
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};

use super::entities::buildings;
pub use super::entities::buildings::Model as Building;
use super::failed;
use crate::domain::figures::BuildingSpec;

/// A building to insert (`id` given by the synthetic seeder, else assigned).
#[derive(Debug, Clone)]
pub struct NewBuilding {
    pub id: Option<i32>,
    pub park_id: i32,
    pub name: String,
    pub floor_area_m2: i64,
    pub seats: i32,
    pub delivery_date: Option<NaiveDate>,
    pub is_demo: bool,
}

impl NewBuilding {
    pub(super) fn active(self) -> buildings::ActiveModel {
        buildings::ActiveModel {
            id: self.id.map_or(ActiveValue::NotSet, Set),
            park_id: Set(self.park_id),
            name: Set(self.name),
            floor_area_m2: Set(self.floor_area_m2),
            seats: Set(self.seats),
            delivery_date: Set(self.delivery_date),
            is_demo: Set(self.is_demo),
            version: Set(1),
        }
    }
}

/// What a manager may change in a building.
#[derive(Debug, Clone)]
pub struct BuildingChange {
    pub name: String,
    pub floor_area_m2: i64,
    pub seats: i32,
    pub delivery_date: Option<NaiveDate>,
}

pub async fn insert<C: ConnectionTrait>(conn: &C, new: NewBuilding) -> Result<Building, AppError> {
    new.active()
        .insert(conn)
        .await
        .map_err(failed("adding a building"))
}

/// Writes a change as the next version.
pub async fn update<C: ConnectionTrait>(
    conn: &C,
    current: Building,
    change: BuildingChange,
) -> Result<Building, AppError> {
    let version = current.version + 1;
    let mut am: buildings::ActiveModel = current.into();
    am.name = Set(change.name);
    am.floor_area_m2 = Set(change.floor_area_m2);
    am.seats = Set(change.seats);
    am.delivery_date = Set(change.delivery_date);
    am.version = Set(version);
    am.update(conn).await.map_err(failed("changing a building"))
}

/// Building `id` if it belongs to park `park_id`.
pub async fn in_park<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    park_id: i32,
) -> Result<Option<Building>, AppError> {
    Ok(buildings::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(failed("reading a building"))?
        .filter(|b| b.park_id == park_id))
}

/// A park's buildings, in name order.
pub async fn of_park<C: ConnectionTrait>(
    conn: &C,
    park_id: i32,
) -> Result<Vec<Building>, AppError> {
    buildings::Entity::find()
        .filter(buildings::Column::ParkId.eq(park_id))
        .order_by_asc(buildings::Column::Name)
        .all(conn)
        .await
        .map_err(failed("reading buildings"))
}

/// The buildings of these parks.
pub async fn of_parks<C: ConnectionTrait>(
    conn: &C,
    park_ids: &[i32],
) -> Result<Vec<Building>, AppError> {
    if park_ids.is_empty() {
        return Ok(Vec::new());
    }
    buildings::Entity::find()
        .filter(buildings::Column::ParkId.is_in(park_ids.iter().copied()))
        .all(conn)
        .await
        .map_err(failed("reading buildings"))
}

/// The ids of a park's buildings.
pub async fn ids_of_park<C: ConnectionTrait>(conn: &C, park_id: i32) -> Result<Vec<i32>, AppError> {
    buildings::Entity::find()
        .select_only()
        .column(buildings::Column::Id)
        .filter(buildings::Column::ParkId.eq(park_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading buildings"))
}

/// The parks these buildings are in.
pub async fn park_ids<C: ConnectionTrait>(
    conn: &C,
    building_ids: Vec<i32>,
) -> Result<Vec<i32>, AppError> {
    if building_ids.is_empty() {
        return Ok(Vec::new());
    }
    buildings::Entity::find()
        .select_only()
        .column(buildings::Column::ParkId)
        .filter(buildings::Column::Id.is_in(building_ids))
        .into_tuple()
        .all(conn)
        .await
        .map_err(failed("reading buildings"))
}

/// How many demo buildings are stored.
pub async fn demo_count<C: ConnectionTrait>(conn: &C) -> Result<u64, AppError> {
    buildings::Entity::find()
        .filter(buildings::Column::IsDemo.eq(true))
        .count(conn)
        .await
        .map_err(failed("counting demo buildings"))
}

/// What the domain's figures need of a building.
pub fn spec(b: &Building) -> BuildingSpec {
    BuildingSpec {
        id: b.id,
        park_id: b.park_id,
        floor_area_m2: b.floor_area_m2,
        seats: i64::from(b.seats),
        delivery_date: b.delivery_date,
    }
}

/// The building as the audit log keeps it.
pub fn json(b: &Building) -> Value {
    json!({
        "id": b.id, "park_id": b.park_id, "version": b.version, "name": b.name,
        "floor_area_m2": b.floor_area_m2, "seats": b.seats, "delivery_date": b.delivery_date,
    })
}
