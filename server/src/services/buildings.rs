//! Buildings for their park's managers (layer: services): each building's
//! fields with what is leased in it today, and the add or change of one.
use app::api::{AppError, Credentials};
use app::model::{BuildingEdit, BuildingFields, Id, RegistryDate};
use chrono::NaiveDate;

use super::conflict::{conflict, diff};
use super::guard::managed_park;
use super::manage::Manage;
use crate::db::audit::Entry;
use crate::db::buildings::{self, Building, BuildingChange, NewBuilding};
use crate::db::lease_events::{self, StoredEvent};
use crate::db::unit_of_work::UnitOfWork;
use crate::db::{ConnectionLike, parks};
use crate::domain::occupancy::{LeaseEvent, leases_at};
use crate::errors::internal;

impl Manage {
    /// A park's buildings, their events, and their fields as of `today`.
    pub(super) async fn building_fields<C: ConnectionLike>(
        &self,
        conn: &C,
        park_id: i32,
        today: NaiveDate,
    ) -> Result<(Vec<Building>, Vec<StoredEvent>, Vec<BuildingFields>), AppError> {
        let blds = buildings::of_park(conn, park_id).await?;
        let ids: Vec<i32> = blds.iter().map(|b| b.id).collect();
        let events = lease_events::of_buildings(conn, &ids).await?;
        let leases = leases_at(&lease_events::to_domain_all(&events)?, today);
        let fields = blds
            .iter()
            .map(|b| {
                let (area, seats) = leases
                    .iter()
                    .filter(|l| l.building_id == b.id)
                    .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
                BuildingFields {
                    id: b.id,
                    version: b.version,
                    name: b.name.clone(),
                    floor_area_m2: b.floor_area_m2,
                    seats: i64::from(b.seats),
                    delivery_date: b.delivery_date,
                    occupied_m2: area,
                    occupied_seats: seats,
                    free_m2: b.floor_area_m2 - area,
                    free_seats: i64::from(b.seats) - seats,
                }
            })
            .collect();
        Ok((blds, events, fields))
    }

    pub(super) async fn write_building(
        &self,
        credentials: &Credentials,
        edit: BuildingEdit,
    ) -> Result<BuildingFields, AppError> {
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let (actor, park) = managed_park(uow.conn(), credentials, &edit.park_slug, true).await?;
        let seats = i32::try_from(edit.seats.get())
            .map_err(|_| AppError::invalid("seats", "is too large"))?;
        let change = BuildingChange {
            name: edit.name.clone(),
            floor_area_m2: edit.floor_area_m2.get(),
            seats,
            delivery_date: edit.delivery_date.map(RegistryDate::get),
        };
        let (saved, before) = match edit.id.map(Id::get) {
            None => {
                let new = NewBuilding {
                    id: None,
                    park_id: park.id,
                    name: change.name,
                    floor_area_m2: change.floor_area_m2,
                    seats,
                    delivery_date: change.delivery_date,
                    is_demo: false,
                };
                (buildings::insert(uow.conn(), new).await?, None)
            }
            Some(id) => {
                let current = buildings::in_park(uow.conn(), id, park.id)
                    .await?
                    .ok_or_else(|| {
                        AppError::NotFound(format!("park {} has no building {id}", park.slug))
                    })?;
                check_change(uow.conn(), &current, edit.version, &change).await?;
                let before = buildings::json(&current);
                (
                    buildings::update(uow.conn(), current, change).await?,
                    Some(before),
                )
            }
        };
        parks::touch(uow.conn(), park.id, &actor.email).await?;
        uow.audit(Entry {
            actor: &actor.email,
            action: if before.is_some() {
                "change_building"
            } else {
                "add_building"
            },
            entity: "building",
            entity_id: Some(saved.id.to_string()),
            before,
            after: Some(buildings::json(&saved)),
        })
        .await?;
        let today = self.clock.today();
        let (_, _, rows) = self.building_fields(uow.conn(), park.id, today).await?;
        uow.commit("committing a building").await?;
        rows.into_iter()
            .find(|r| r.id == saved.id)
            .ok_or_else(|| internal("reading a saved building", "it is not in its park"))
    }
}

/// A change applies to the version it was made on, and the building must
/// still hold every lease, at every date, from its delivery date on.
async fn check_change<C: ConnectionLike>(
    conn: &C,
    current: &Building,
    version: Option<i32>,
    edit: &BuildingChange,
) -> Result<(), AppError> {
    if Some(current.version) != version {
        let mut d = Vec::new();
        diff(&mut d, "name", &current.name, &edit.name);
        diff(
            &mut d,
            "floor_area_m2",
            &current.floor_area_m2,
            &edit.floor_area_m2,
        );
        diff(&mut d, "seats", &current.seats, &edit.seats);
        diff(
            &mut d,
            "delivery_date",
            &current.delivery_date,
            &edit.delivery_date,
        );
        return Err(conflict("This building", None, d));
    }
    let events =
        lease_events::to_domain_all(&lease_events::of_buildings(conn, &[current.id]).await?)?;
    check_still_holds(current, edit, &events)?;
    check_delivery_before_leases(current, edit, &events)
}

fn check_still_holds(
    current: &Building,
    edit: &BuildingChange,
    events: &[LeaseEvent],
) -> Result<(), AppError> {
    let mut dates: Vec<NaiveDate> = events.iter().map(|e| e.effective_date).collect();
    dates.dedup();
    for date in dates {
        let (area, s) = leases_at(events, date)
            .iter()
            .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
        if area > edit.floor_area_m2 || s > i64::from(edit.seats) {
            return Err(AppError::Conflict(format!(
                "{} has {area} m² and {s} seats leased on {date}: it cannot shrink to {} m² and {} seats",
                current.name, edit.floor_area_m2, edit.seats
            )));
        }
    }
    Ok(())
}

fn check_delivery_before_leases(
    current: &Building,
    edit: &BuildingChange,
    events: &[LeaseEvent],
) -> Result<(), AppError> {
    if let (Some(delivery), Some(first)) = (
        edit.delivery_date,
        events.iter().map(|e| e.effective_date).min(),
    ) && first < delivery
    {
        return Err(AppError::invalid(
            "delivery_date",
            format!(
                "{} has a lease from {first}: it cannot be delivered later, on {delivery}",
                current.name
            ),
        ));
    }
    Ok(())
}
