//! The read side of the registry: parks, regions and national totals, all
//! derived from stored events as of a date.
use std::collections::{BTreeMap, HashMap};

use app::api::{AppError, RegistryService};
use app::model::{
    ActivityLine, BuildingRow, JobsFigure, LatLng, LocalizedText, NationalSummary, ParkDetail,
    ParkFilter, ParkStatus, ParkSummary, PressFigures, RegionCode, RegionSummary, TenantRow,
};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;

use super::clock::Clock;
use super::errors::db_error;
use crate::db::entities::{buildings, lease_events, parks};
use crate::db::snapshot::{self, RegionRow, ReportRow, Scope, Snapshot};
use crate::domain::figures::{BuildingSpec, SpaceFigures, building_figures, park_figures};
use crate::domain::jobs::{ReportHeadcount, latest_per_tenant, latest_total};
use crate::domain::occupancy::{LeaseEvent, LeaseKind, leases_at, occupied_by_building};

#[derive(Clone)]
pub struct Registry {
    db: DatabaseConnection,
    clock: Clock,
}

impl Registry {
    pub fn new(db: DatabaseConnection, clock: Clock) -> Self {
        Self { db, clock }
    }

    async fn snapshot(&self, scope: Scope<'_>) -> Result<Snapshot, AppError> {
        snapshot::load(&self.db, scope)
            .await
            .map_err(|e| db_error("loading a snapshot", e))
    }
}

fn region_name(r: &RegionRow) -> LocalizedText {
    LocalizedText {
        fr: Some(r.name_fr.clone()),
        ar: Some(r.name_ar.clone()),
        en: Some(r.name_en.clone()),
    }
}

fn spec(b: &buildings::Model) -> BuildingSpec {
    BuildingSpec {
        id: b.id,
        park_id: b.park_id,
        floor_area_m2: b.floor_area_m2,
        seats: i64::from(b.seats),
        delivery_date: b.delivery_date,
    }
}

fn event(e: &lease_events::Model) -> Option<LeaseEvent> {
    Some(LeaseEvent {
        id: i64::from(e.id),
        building_id: e.building_id,
        tenant_id: e.tenant_id,
        kind: LeaseKind::parse(&e.kind).ok()?,
        area_m2: e.area_m2,
        seats: i64::from(e.seats),
        effective_date: e.effective_date,
    })
}

fn headcounts(reports: &[ReportRow]) -> Vec<ReportHeadcount> {
    reports
        .iter()
        .filter_map(|r| {
            Some(ReportHeadcount {
                tenant_id: r.tenant_id,
                park_id: r.park_id,
                quarter: r.quarter()?,
                revision: r.revision,
                validated: r.status == "validated",
                headcount: r.headcount.unwrap_or(0),
            })
        })
        .collect()
}

fn jobs_figure(total: Option<(app::model::Quarter, i64)>) -> Option<JobsFigure> {
    total.map(|(quarter, headcount)| JobsFigure {
        headcount,
        quarter,
        as_of: quarter.last_day(),
    })
}

/// Derived figures of a snapshot at a date.
struct Derived {
    space: BTreeMap<i32, SpaceFigures>,
    reports: Vec<ReportHeadcount>,
    last_update: HashMap<i32, (chrono::DateTime<chrono::Utc>, String)>,
    demo: HashMap<i32, bool>,
}

fn derive(s: &Snapshot, as_of: NaiveDate) -> Derived {
    let events: Vec<LeaseEvent> = s.events.iter().filter_map(event).collect();
    let leases = leases_at(&events, as_of);
    let specs: Vec<BuildingSpec> = s.buildings.iter().map(spec).collect();
    let space = park_figures(&specs, &leases, as_of);
    let park_of_building: HashMap<i32, i32> =
        s.buildings.iter().map(|b| (b.id, b.park_id)).collect();

    let mut last_update: HashMap<i32, (chrono::DateTime<chrono::Utc>, String)> = s
        .parks
        .iter()
        .map(|p| (p.id, (p.updated_at, p.updated_by.clone())))
        .collect();
    let mut demo: HashMap<i32, bool> = s.parks.iter().map(|p| (p.id, p.is_demo)).collect();
    for b in &s.buildings {
        *demo.entry(b.park_id).or_default() |= b.is_demo;
    }
    for e in &s.events {
        if let Some(park) = park_of_building.get(&e.building_id) {
            let entry = last_update
                .entry(*park)
                .or_insert((e.recorded_at, e.recorded_by.clone()));
            if e.recorded_at > entry.0 {
                *entry = (e.recorded_at, e.recorded_by.clone());
            }
        }
    }
    Derived {
        space,
        reports: headcounts(&s.reports),
        last_update,
        demo,
    }
}

fn summary_of(
    p: &parks::Model,
    regions: &[RegionRow],
    d: &Derived,
    as_of: NaiveDate,
) -> Result<ParkSummary, AppError> {
    let corrupt = |what: String| {
        tracing::error!(park = %p.slug, "stored park is invalid: {what}");
        AppError::Internal
    };
    let status = ParkStatus::parse(&p.status).map_err(corrupt)?;
    let region_code = RegionCode::parse(&p.region_code).map_err(corrupt)?;
    let region_name = regions
        .iter()
        .find(|r| r.code == p.region_code)
        .map(region_name)
        .unwrap_or_default();
    let space = d.space.get(&p.id).copied().unwrap_or_default();
    let park_reports: Vec<ReportHeadcount> = d
        .reports
        .iter()
        .filter(|r| r.park_id == p.id)
        .copied()
        .collect();
    let (last_updated_at, last_updated_by) = d
        .last_update
        .get(&p.id)
        .cloned()
        .unwrap_or((p.updated_at, p.updated_by.clone()));
    Ok(ParkSummary {
        slug: p.slug.clone(),
        name: p.name.clone(),
        city: p.city.clone(),
        operator: p.operator.clone(),
        status,
        region_code,
        region_name,
        location: LatLng {
            lat: p.lat,
            lon: p.lon,
        },
        land_ha: p.land_ha,
        delivery_date: p.delivery_date,
        rent_centimes_per_m2_month: p.rent_centimes_per_m2_month,
        floor_area_m2: space.floor_area_m2,
        occupied_m2: space.occupied_m2,
        available_m2: space.available_m2(),
        seats: space.seats,
        occupied_seats: space.occupied_seats,
        available_seats: space.available_seats(),
        occupancy_pct: space.occupancy_pct(),
        future_supply_m2: space.future_supply_m2,
        occupancy_as_of: as_of,
        jobs: jobs_figure(latest_total(&park_reports, as_of)),
        last_updated_at,
        last_updated_by,
        demo: d.demo.get(&p.id).copied().unwrap_or(false),
    })
}

fn summaries(s: &Snapshot, as_of: NaiveDate) -> Result<Vec<ParkSummary>, AppError> {
    let d = derive(s, as_of);
    s.parks
        .iter()
        .map(|p| summary_of(p, &s.regions, &d, as_of))
        .collect()
}

#[async_trait::async_trait]
impl RegistryService for Registry {
    fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    async fn national_summary(&self, as_of: NaiveDate) -> Result<NationalSummary, AppError> {
        let s = self.snapshot(Scope::Filter(&ParkFilter::default())).await?;
        let d = derive(&s, as_of);
        let mut space = SpaceFigures::default();
        for f in d.space.values() {
            space.add(f);
        }
        Ok(NationalSummary {
            parks: s.parks.len() as i64,
            parks_operating: s
                .parks
                .iter()
                .filter(|p| p.status == ParkStatus::Operating.as_str())
                .count() as i64,
            floor_area_m2: space.floor_area_m2,
            occupied_m2: space.occupied_m2,
            available_m2: space.available_m2(),
            future_supply_m2: space.future_supply_m2,
            occupancy_as_of: as_of,
            jobs: jobs_figure(latest_total(&d.reports, as_of)),
            last_updated_at: d.last_update.values().map(|(at, _)| *at).max(),
            demo: d.demo.values().any(|demo| *demo),
        })
    }

    async fn list_parks(
        &self,
        filter: &ParkFilter,
        as_of: NaiveDate,
    ) -> Result<Vec<ParkSummary>, AppError> {
        let s = self.snapshot(Scope::Filter(filter)).await?;
        summaries(&s, as_of)
    }

    async fn park_detail(&self, slug: &str, as_of: NaiveDate) -> Result<ParkDetail, AppError> {
        let s = self.snapshot(Scope::Slug(slug)).await?;
        let Some(park) = s.parks.first() else {
            return Err(AppError::NotFound(format!("no park has the slug '{slug}'")));
        };
        let d = derive(&s, as_of);
        let summary = summary_of(park, &s.regions, &d, as_of)?;

        let events: Vec<LeaseEvent> = s.events.iter().filter_map(event).collect();
        let leases = leases_at(&events, as_of);
        let occupied = occupied_by_building(&leases);
        let buildings = s
            .buildings
            .iter()
            .map(|b| {
                let f = building_figures(&spec(b), occupied.get(&b.id).copied(), as_of);
                let delivered = spec(b).delivered_by(as_of);
                BuildingRow {
                    name: b.name.clone(),
                    floor_area_m2: b.floor_area_m2,
                    seats: i64::from(b.seats),
                    occupied_m2: f.occupied_m2,
                    occupied_seats: f.occupied_seats,
                    available_m2: if delivered { f.available_m2() } else { 0 },
                    available_seats: if delivered { f.available_seats() } else { 0 },
                    delivery_date: b.delivery_date,
                    delivered,
                    demo: b.is_demo,
                }
            })
            .collect();

        let latest_jobs = latest_per_tenant(&d.reports, as_of);
        let mut per_tenant: BTreeMap<i32, (i64, i64, NaiveDate)> = BTreeMap::new();
        for l in &leases {
            let e = per_tenant.entry(l.tenant_id).or_insert((0, 0, l.since));
            e.0 += l.area_m2;
            e.1 += l.seats;
            e.2 = e.2.min(l.since);
        }
        let mut tenants: Vec<TenantRow> = s
            .tenants
            .iter()
            .filter_map(|t| {
                let (area_m2, seats, since) = per_tenant.get(&t.id).copied()?;
                Some(TenantRow {
                    company: t.company.clone(),
                    country: t.country.clone(),
                    activity_line: ActivityLine::parse(&t.activity_line).ok()?,
                    area_m2,
                    seats,
                    since,
                    latest_jobs: jobs_figure(latest_jobs.get(&(t.id, park.id)).copied()),
                    demo: t.is_demo,
                })
            })
            .collect();
        tenants.sort_by(|a, b| {
            b.area_m2
                .cmp(&a.area_m2)
                .then_with(|| a.company.cmp(&b.company))
        });

        Ok(ParkDetail {
            summary,
            description: LocalizedText {
                fr: park.description_fr.clone(),
                ar: park.description_ar.clone(),
                en: park.description_en.clone(),
            },
            buildings,
            tenants,
            press: PressFigures {
                office_floor_m2: park.press_office_floor_m2,
                reported_jobs: park.press_reported_jobs,
                figures_year: park.press_figures_year,
                note: park.source_note.clone(),
            },
        })
    }

    async fn list_regions(&self, as_of: NaiveDate) -> Result<Vec<RegionSummary>, AppError> {
        let s = self.snapshot(Scope::Filter(&ParkFilter::default())).await?;
        let d = derive(&s, as_of);
        s.regions
            .iter()
            .map(|r| {
                let park_ids: Vec<i32> = s
                    .parks
                    .iter()
                    .filter(|p| p.region_code == r.code)
                    .map(|p| p.id)
                    .collect();
                let mut space = SpaceFigures::default();
                for id in &park_ids {
                    if let Some(f) = d.space.get(id) {
                        space.add(f);
                    }
                }
                let reports: Vec<ReportHeadcount> = d
                    .reports
                    .iter()
                    .filter(|rep| park_ids.contains(&rep.park_id))
                    .copied()
                    .collect();
                Ok(RegionSummary {
                    code: RegionCode::parse(&r.code).map_err(|_| AppError::Internal)?,
                    name: region_name(r),
                    population_2024: r.population_2024,
                    parks: park_ids.len() as i64,
                    floor_area_m2: space.floor_area_m2,
                    occupied_m2: space.occupied_m2,
                    available_m2: space.available_m2(),
                    jobs: jobs_figure(latest_total(&reports, as_of)),
                    occupancy_as_of: as_of,
                })
            })
            .collect()
    }
}
