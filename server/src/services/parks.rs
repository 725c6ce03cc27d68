//! Parks for their managers (layer: services): the "my parks" list with
//! freshness, the park editor's page, and the park edit.
use std::collections::HashMap;

use app::api::{AppError, Credentials};
use app::model::{
    Freshness, LeaseEventRow, ManagedPark, ParkEdit, ParkEditor, ParkFields, RegistryDate, Role,
    TenantFields,
};
use chrono::{DateTime, NaiveDate, Utc};

use super::accounts::authenticate;
use super::conflict::{conflict, diff};
use super::guard::{denied, managed_park};
use super::manage::Manage;
use crate::db::buildings::Building;
use crate::db::lease_events::{self, StoredEvent};
use crate::db::parks::{self, Park};
use crate::db::tenants::{self, Tenant};
use crate::db::unit_of_work::UnitOfWork;
use crate::db::{audit::Entry, buildings};
use crate::domain::auth::{Action, authorize};
use crate::domain::occupancy::{Lease, leases_at};
use crate::domain::tenant_scope::may_change_record;

impl Manage {
    pub(super) async fn list_my_parks(
        &self,
        credentials: &Credentials,
    ) -> Result<Vec<ManagedPark>, AppError> {
        let actor = authenticate(&self.db, credentials, false).await?;
        authorize(Some(&actor), Action::ListOwnParks).map_err(denied)?;
        let only = (actor.role != Role::Admin).then(|| actor.parks.iter().copied().collect());
        let park_rows = parks::list(&self.db, only).await?;
        let ids: Vec<i32> = park_rows.iter().map(|p| p.id).collect();
        let blds = buildings::of_parks(&self.db, &ids).await?;
        let bids: Vec<i32> = blds.iter().map(|b| b.id).collect();
        let events = lease_events::of_buildings(&self.db, &bids).await?;
        let today = self.clock.today();
        let tally = ParkTally::new(&blds, &events, today)?;
        park_rows
            .iter()
            .map(|p| tally.managed_park(p, today))
            .collect()
    }

    pub(super) async fn open_park_editor(
        &self,
        credentials: &Credentials,
        slug: &str,
    ) -> Result<ParkEditor, AppError> {
        let (actor, park) = managed_park(&self.db, credentials, slug, false).await?;
        let today = self.clock.today();
        let (blds, events, building_rows) = self.building_fields(&self.db, park.id, today).await?;
        let mut tenant_ids: Vec<i32> = events.iter().map(|e| e.tenant_id).collect();
        tenant_ids.sort_unstable();
        tenant_ids.dedup();
        let tenant_rows = tenants::by_ids(&self.db, tenant_ids.clone()).await?;
        let leases = leases_at(&lease_events::to_domain_all(&events)?, today);
        let lease_parks = lease_events::parks_of_tenants(&self.db, tenant_ids).await?;
        let may_change = |tenant: i32| {
            lease_parks
                .get(&tenant)
                .is_some_and(|p| may_change_record(&actor, p).is_ok())
        };
        Ok(ParkEditor {
            park: parks::fields(&park)?,
            buildings: building_rows,
            tenants: tenant_fields(&tenant_rows, &leases, may_change)?,
            events: event_rows(&events, &blds, &tenant_rows)?,
            as_of: today,
        })
    }

    pub(super) async fn change_park(
        &self,
        credentials: &Credentials,
        edit: ParkEdit,
    ) -> Result<ParkFields, AppError> {
        let regions = self.region_index().await?;
        let region = regions.locate(edit.lon, edit.lat).map_err(|e| {
            AppError::invalid(
                "lat",
                format!("this location is not in Morocco's regions: {e}"),
            )
        })?;
        let mut uow = UnitOfWork::begin(&self.db).await?;
        let (actor, current) = managed_park(uow.conn(), credentials, &edit.slug, true).await?;
        if current.version != edit.version {
            return Err(park_conflict(&current, &edit)?);
        }
        let before = parks::json(&current);
        let saved = parks::update(uow.conn(), current, edit, region.code(), &actor.email).await?;
        uow.audit(Entry {
            actor: &actor.email,
            action: "change_park",
            entity: "park",
            entity_id: Some(saved.slug.clone()),
            before: Some(before),
            after: Some(parks::json(&saved)),
        })
        .await?;
        uow.commit("committing a park change").await?;
        parks::fields(&saved)
    }
}

/// What the "my parks" list counts per park, from its buildings and events.
struct ParkTally {
    occupied: HashMap<i32, i64>,
    /// Buildings and delivered floor area.
    per_park: HashMap<i32, (i64, i64)>,
    last_event: HashMap<i32, (DateTime<Utc>, String)>,
}

impl ParkTally {
    fn new(blds: &[Building], events: &[StoredEvent], today: NaiveDate) -> Result<Self, AppError> {
        let park_of: HashMap<i32, i32> = blds.iter().map(|b| (b.id, b.park_id)).collect();
        let mut occupied: HashMap<i32, i64> = HashMap::new();
        for l in leases_at(&lease_events::to_domain_all(events)?, today) {
            if let Some(p) = park_of.get(&l.building_id) {
                *occupied.entry(*p).or_default() += l.area_m2;
            }
        }
        // Buildings and delivered floor area per park, in one pass (an admin sees every park).
        let mut per_park: HashMap<i32, (i64, i64)> = HashMap::new();
        for b in blds {
            let entry = per_park.entry(b.park_id).or_default();
            entry.0 += 1;
            if b.delivery_date.is_none_or(|d| d <= today) {
                entry.1 += b.floor_area_m2;
            }
        }
        let mut last_event: HashMap<i32, (DateTime<Utc>, String)> = HashMap::new();
        for e in events {
            if let Some(p) = park_of.get(&e.building_id) {
                let entry = last_event
                    .entry(*p)
                    .or_insert((e.recorded_at, e.recorded_by.clone()));
                if e.recorded_at > entry.0 {
                    *entry = (e.recorded_at, e.recorded_by.clone());
                }
            }
        }
        Ok(Self {
            occupied,
            per_park,
            last_event,
        })
    }

    fn managed_park(&self, p: &Park, today: NaiveDate) -> Result<ManagedPark, AppError> {
        let (at, by) = match self.last_event.get(&p.id) {
            Some((at, by)) if *at > p.updated_at => (*at, by.clone()),
            _ => (p.updated_at, p.updated_by.clone()),
        };
        let days = (today - at.date_naive()).num_days().max(0);
        let (count, floor) = self.per_park.get(&p.id).copied().unwrap_or((0, 0));
        Ok(ManagedPark {
            slug: p.slug.clone(),
            name: p.name.clone(),
            city: p.city.clone(),
            status: parks::status(p)?,
            last_updated_at: at,
            last_updated_by: by,
            days_since_update: days,
            freshness: Freshness::from_days(days),
            buildings: count,
            floor_area_m2: floor,
            occupied_m2: self.occupied.get(&p.id).copied().unwrap_or(0),
            as_of: today,
        })
    }
}

/// The park's tenants with what each leases today, and whether the viewer may change each.
fn tenant_fields(
    tenants: &[Tenant],
    leases: &[Lease],
    may_change: impl Fn(i32) -> bool,
) -> Result<Vec<TenantFields>, AppError> {
    tenants
        .iter()
        .map(|t| {
            let (area, seats) = leases
                .iter()
                .filter(|l| l.tenant_id == t.id)
                .fold((0, 0), |(a, s), l| (a + l.area_m2, s + l.seats));
            Ok(TenantFields {
                id: t.id,
                version: t.version,
                company: t.company.clone(),
                country: t.country.clone(),
                activity_line: tenants::activity_line(t)?,
                leased_m2: area,
                leased_seats: seats,
                may_change: may_change(t.id),
                publish_jobs_consent: t.publish_jobs_consent,
            })
        })
        .collect()
}

/// The park's lease events, latest first, with building and company names.
fn event_rows(
    events: &[StoredEvent],
    blds: &[Building],
    tenants: &[Tenant],
) -> Result<Vec<LeaseEventRow>, AppError> {
    let building_name: HashMap<i32, &str> = blds.iter().map(|b| (b.id, b.name.as_str())).collect();
    let company: HashMap<i32, &str> = tenants.iter().map(|t| (t.id, t.company.as_str())).collect();
    let missing = |what: &'static str, e: &StoredEvent| {
        crate::errors::corrupt("lease_events", e.id, format!("its {what} is not stored"))
    };
    let mut rows = events
        .iter()
        .map(|e| {
            Ok(LeaseEventRow {
                id: e.id,
                building: building_name
                    .get(&e.building_id)
                    .ok_or_else(|| missing("building", e))?
                    .to_string(),
                company: company
                    .get(&e.tenant_id)
                    .ok_or_else(|| missing("tenant", e))?
                    .to_string(),
                kind: lease_events::kind(e)?,
                area_m2: e.area_m2,
                seats: i64::from(e.seats),
                effective_date: e.effective_date,
                recorded_by: e.recorded_by.clone(),
                recorded_at: e.recorded_at,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    rows.sort_by(|a, b| {
        b.effective_date
            .cmp(&a.effective_date)
            .then(b.id.cmp(&a.id))
    });
    Ok(rows)
}

/// The conflict answer for a stale park edit: every field that differs.
fn park_conflict(current: &Park, edit: &ParkEdit) -> Result<AppError, AppError> {
    let stored = parks::fields(current)?;
    let mut d = Vec::new();
    diff(&mut d, "name", &stored.name, &edit.name);
    diff(&mut d, "city", &stored.city, &edit.city);
    diff(&mut d, "operator", &stored.operator, &edit.operator);
    diff(
        &mut d,
        "status",
        &stored.status.as_str(),
        &edit.status.as_str(),
    );
    diff(&mut d, "lat", &stored.lat, &edit.lat);
    diff(&mut d, "lon", &stored.lon, &edit.lon);
    diff(&mut d, "land_ha", &stored.land_ha, &edit.land_ha);
    diff(
        &mut d,
        "delivery_date",
        &stored.delivery_date,
        &edit.delivery_date.map(RegistryDate::get),
    );
    diff(
        &mut d,
        "rent_centimes_per_m2_month",
        &stored.rent_centimes_per_m2_month,
        &edit.rent_centimes_per_m2_month,
    );
    diff(
        &mut d,
        "description_fr",
        &stored.description_fr,
        &edit.description_fr,
    );
    diff(
        &mut d,
        "description_en",
        &stored.description_en,
        &edit.description_en,
    );
    diff(
        &mut d,
        "description_ar",
        &stored.description_ar,
        &edit.description_ar,
    );
    Ok(conflict(
        "This park",
        Some((&current.updated_by, current.updated_at)),
        d,
    ))
}
