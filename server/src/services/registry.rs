//! The read side of the registry: parks, search, regions, map and national
//! totals, all derived from stored events as of a date.
//!
//! Derived figures for every park are kept in an index keyed by the
//! database's data version (bumped by triggers on every change) and the
//! date: a read costs one small query plus in-memory work, and the index is
//! rebuilt on the first read after any change, whoever made it.
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use app::api::{AppError, RegistryService};
use app::model::{
    ActivityLine, BuildingRow, HubDistance, JobsFigure, LatLng, LocalizedText, MapFrame, MapMetric,
    MapPark, MapRegion, MapView, NationalSummary, NearSpec, ParkDetail, ParkSearch, ParkStatus,
    ParkSummary, PressFigures, Quarter, QuarterPoint, RegionCode, RegionSummary, ResolvedNear,
    SearchResults, SearchRow, TenantRow, WITHIN_KM_DEFAULT,
};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use tokio::sync::{Mutex, OnceCell};

use super::clock::Clock;
use super::errors::db_error;
use super::rows_json::{self, PageRow, RowsJson};
use crate::db::entities::{buildings, lease_events, parks};
use crate::db::snapshot::{self, RegionRow, ReportRow, Scope, Snapshot};
use crate::domain::access::{self, Hub, HubKind, Place};
use crate::domain::figures::{BuildingSpec, SpaceFigures, building_figures, park_figures};
use crate::domain::jobs::{
    ReportHeadcount, last_complete_quarter, latest_per_tenant, latest_total,
};
use crate::domain::map_geometry::{Projection, svg_path};
use crate::domain::occupancy::{LeaseEvent, LeaseKind, leases_at, occupied_by_building};
use crate::domain::region_lookup::parse_geometry;
use crate::domain::search::{self, Columns};
use crate::domain::timeline::{Timelines, free_timelines};

/// Quarters shown in histories (two years).
const HISTORY_QUARTERS: usize = 8;
/// Indexes kept for dates other than today (replays), at most.
const CACHED_DATES: usize = 8;

#[derive(Clone)]
pub struct Registry {
    db: DatabaseConnection,
    clock: Clock,
    hubs: Arc<Vec<Hub>>,
    places: Arc<Vec<Place>>,
    geometry: Arc<OnceCell<Geometry>>,
    cache: Arc<Mutex<HashMap<NaiveDate, Arc<Index>>>>,
}

/// Region outlines projected for the map; regions never change after the migrations.
struct Geometry {
    projection: Projection,
    paths: HashMap<String, String>,
}

/// Everything derived for all parks at one date and one data version.
struct Index {
    version: i64,
    /// Every park's search row, in name order (the columns' order).
    parks: Vec<SearchRow>,
    /// The same rows as JSON, for the JSON API's pages.
    parks_json: RowsJson,
    timelines: Timelines,
    columns: Columns,
    national: NationalSummary,
    region_summaries: Vec<RegionSummary>,
}

pub(crate) fn region_name(r: &RegionRow) -> LocalizedText {
    LocalizedText {
        fr: Some(r.name_fr.clone()),
        ar: Some(r.name_ar.clone()),
        en: Some(r.name_en.clone()),
    }
}

pub(crate) fn spec(b: &buildings::Model) -> BuildingSpec {
    BuildingSpec {
        id: b.id,
        park_id: b.park_id,
        floor_area_m2: b.floor_area_m2,
        seats: i64::from(b.seats),
        delivery_date: b.delivery_date,
    }
}

pub(crate) fn event(e: &lease_events::Model) -> Option<LeaseEvent> {
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

pub(crate) fn headcounts(reports: &[ReportRow]) -> Vec<ReportHeadcount> {
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

fn jobs_figure(total: Option<(Quarter, i64)>) -> Option<JobsFigure> {
    total.map(|(quarter, headcount)| JobsFigure {
        headcount,
        quarter,
        as_of: quarter.last_day(),
    })
}

fn hub_distance(hubs: &[Hub], kind: HubKind, p: &parks::Model) -> Option<HubDistance> {
    access::nearest(hubs, kind, (p.lat, p.lon)).map(|(h, km)| HubDistance {
        code: h.code.clone(),
        name: h.name.clone(),
        city: h.city.clone(),
        distance_km: (km * 10.0).round() / 10.0,
    })
}

/// What every park's summary is derived from, computed once per snapshot and date.
struct Derived {
    events: Vec<LeaseEvent>,
    space: BTreeMap<i32, SpaceFigures>,
    reports: Vec<ReportHeadcount>,
    reports_by_park: HashMap<i32, Vec<ReportHeadcount>>,
    last_update: HashMap<i32, (chrono::DateTime<chrono::Utc>, String)>,
    demo: HashMap<i32, bool>,
    /// Tenants present per park at the date: (tenant id, area, seats, since).
    present: HashMap<i32, Vec<(i32, i64, i64, NaiveDate)>>,
    tenant_line: HashMap<i32, ActivityLine>,
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
    let mut per_park_tenant: HashMap<(i32, i32), (i64, i64, NaiveDate)> = HashMap::new();
    for l in &leases {
        if let Some(park) = park_of_building.get(&l.building_id) {
            let e = per_park_tenant
                .entry((*park, l.tenant_id))
                .or_insert((0, 0, l.since));
            e.0 += l.area_m2;
            e.1 += l.seats;
            e.2 = e.2.min(l.since);
        }
    }
    let mut present: HashMap<i32, Vec<(i32, i64, i64, NaiveDate)>> = HashMap::new();
    for ((park, tenant), (area, seats, since)) in per_park_tenant {
        present
            .entry(park)
            .or_default()
            .push((tenant, area, seats, since));
    }
    let tenant_line = s
        .tenants
        .iter()
        .filter_map(|t| Some((t.id, ActivityLine::parse(&t.activity_line).ok()?)))
        .collect();
    let reports = headcounts(&s.reports);
    let mut reports_by_park: HashMap<i32, Vec<ReportHeadcount>> = HashMap::new();
    for r in &reports {
        reports_by_park.entry(r.park_id).or_default().push(*r);
    }
    Derived {
        events,
        space,
        reports,
        reports_by_park,
        last_update,
        demo,
        present,
        tenant_line,
    }
}

impl Registry {
    pub fn new(db: DatabaseConnection, clock: Clock) -> Self {
        Self {
            db,
            clock,
            hubs: Arc::new(access::hubs()),
            places: Arc::new(access::places()),
            geometry: Arc::new(OnceCell::new()),
            cache: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    async fn snapshot(&self, scope: Scope<'_>) -> Result<Snapshot, AppError> {
        snapshot::load(&self.db, scope)
            .await
            .map_err(|e| db_error("loading a snapshot", e))
    }

    fn summary_of(
        &self,
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
        let park_reports = d
            .reports_by_park
            .get(&p.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let (last_updated_at, last_updated_by) = d
            .last_update
            .get(&p.id)
            .cloned()
            .unwrap_or((p.updated_at, p.updated_by.clone()));
        let present = d.present.get(&p.id).map(Vec::as_slice).unwrap_or_default();
        let mut activity_lines: Vec<ActivityLine> = present
            .iter()
            .filter_map(|(t, ..)| d.tenant_line.get(t).copied())
            .collect();
        activity_lines.sort();
        activity_lines.dedup();
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
            jobs: jobs_figure(latest_total(park_reports, as_of)),
            last_updated_at,
            last_updated_by,
            demo: d.demo.get(&p.id).copied().unwrap_or(false),
            activity_lines,
            tenants: present.len() as i64,
            nearest_airport: hub_distance(&self.hubs, HubKind::Airport, p),
            nearest_station: hub_distance(&self.hubs, HubKind::Station, p),
        })
    }

    async fn build_index(&self, version: i64, as_of: NaiveDate) -> Result<Index, AppError> {
        let s = self.snapshot(Scope::All).await?;
        let d = derive(&s, as_of);
        let parks: Vec<SearchRow> = s
            .parks
            .iter()
            .map(|p| {
                self.summary_of(p, &s.regions, &d, as_of)
                    .map(SearchRow::from)
            })
            .collect::<Result<_, _>>()?;
        let parks_json = RowsJson::new(&parks).map_err(|e| {
            tracing::error!("search rows cannot be kept as JSON: {e}");
            AppError::Internal
        })?;
        let specs: Vec<BuildingSpec> = s.buildings.iter().map(spec).collect();
        let mut timelines_by_park = free_timelines(&specs, &d.events);
        let timelines: Vec<_> = s
            .parks
            .iter()
            .map(|p| timelines_by_park.remove(&p.id).unwrap_or_default())
            .collect();

        let mut national_space = SpaceFigures::default();
        for f in d.space.values() {
            national_space.add(f);
        }
        let national = NationalSummary {
            parks: parks.len() as i64,
            parks_operating: parks
                .iter()
                .filter(|p| p.status == ParkStatus::Operating)
                .count() as i64,
            floor_area_m2: national_space.floor_area_m2,
            occupied_m2: national_space.occupied_m2,
            available_m2: national_space.available_m2(),
            future_supply_m2: national_space.future_supply_m2,
            occupancy_as_of: as_of,
            jobs: jobs_figure(latest_total(&d.reports, as_of)),
            last_updated_at: d.last_update.values().map(|(at, _)| *at).max(),
            demo: d.demo.values().any(|demo| *demo),
        };
        let region_summaries = s
            .regions
            .iter()
            .map(|r| {
                let ids: Vec<i32> = s
                    .parks
                    .iter()
                    .filter(|p| p.region_code == r.code)
                    .map(|p| p.id)
                    .collect();
                let mut space = SpaceFigures::default();
                for id in &ids {
                    if let Some(f) = d.space.get(id) {
                        space.add(f);
                    }
                }
                let reports: Vec<ReportHeadcount> = ids
                    .iter()
                    .filter_map(|id| d.reports_by_park.get(id))
                    .flatten()
                    .copied()
                    .collect();
                Ok(RegionSummary {
                    code: RegionCode::parse(&r.code).map_err(|_| AppError::Internal)?,
                    name: region_name(r),
                    population_2024: r.population_2024,
                    parks: ids.len() as i64,
                    floor_area_m2: space.floor_area_m2,
                    occupied_m2: space.occupied_m2,
                    available_m2: space.available_m2(),
                    jobs: jobs_figure(latest_total(&reports, as_of)),
                    occupancy_as_of: as_of,
                })
            })
            .collect::<Result<_, AppError>>()?;
        let timelines = Timelines::new(&timelines, as_of);
        let columns = Columns::new(&parks, &timelines);
        Ok(Index {
            version,
            parks,
            parks_json,
            timelines,
            columns,
            national,
            region_summaries,
        })
    }

    /// The index at `as_of` for the database's current data version, built on first use.
    async fn index(&self, as_of: NaiveDate) -> Result<Arc<Index>, AppError> {
        let version = snapshot::data_version(&self.db)
            .await
            .map_err(|e| db_error("reading the data version", e))?;
        let mut cache = self.cache.lock().await;
        if let Some(ix) = cache.get(&as_of).filter(|ix| ix.version == version) {
            return Ok(ix.clone());
        }
        let started = std::time::Instant::now();
        let ix = Arc::new(self.build_index(version, as_of).await?);
        tracing::debug!(parks = ix.parks.len(), %as_of, version, elapsed_ms = started.elapsed().as_millis() as u64, "index built");
        cache.retain(|_, old| old.version == version);
        if cache.len() >= CACHED_DATES {
            cache.clear();
        }
        cache.insert(as_of, ix.clone());
        Ok(ix)
    }

    async fn geometry(&self) -> Result<&Geometry, AppError> {
        self.geometry
            .get_or_try_init(|| async {
                let boundaries = snapshot::region_boundaries(&self.db)
                    .await
                    .map_err(|e| db_error("loading boundaries", e))?;
                let shapes: Vec<(String, geo::MultiPolygon<f64>)> =
                    boundaries
                        .into_iter()
                        .map(|(code, geojson)| {
                            parse_geometry(&geojson).map(|g| (code.clone(), g)).map_err(|e| {
                            tracing::error!(region = %code, "stored boundary is invalid: {e}");
                            AppError::Internal
                        })
                        })
                        .collect::<Result<_, _>>()?;
                let projection =
                    Projection::fit(&shapes.iter().map(|(_, g)| g).collect::<Vec<_>>())
                        .ok_or(AppError::Internal)?;
                let paths = shapes
                    .iter()
                    .map(|(code, g)| (code.clone(), svg_path(g, &projection)))
                    .collect();
                Ok(Geometry { projection, paths })
            })
            .await
    }

    /// One search: the index it ran on, the results without their rows, and
    /// the rows as positions in the index with their per-search fields.
    async fn search_page(
        &self,
        q: &ParkSearch,
        paginate: bool,
    ) -> Result<(Arc<Index>, SearchResults, Vec<PageRow>), AppError> {
        let near = self.resolve_near(q)?;
        let as_of = q.as_of.unwrap_or_else(|| self.today());
        let ix = self.index(as_of).await?;
        let free_at = q.available_by.unwrap_or(as_of);
        let origin = near
            .as_ref()
            .map(|n| ((n.location.lat, n.location.lon), n.within_km));
        let window = paginate.then(|| {
            let start = ((q.page - 1) as usize).saturating_mul(q.per_page as usize);
            (start, q.per_page as usize)
        });
        let (total, hits) = search::run(&ix.columns, &ix.timelines, q, origin, free_at, window);
        let (page, per_page) = if paginate {
            (q.page, q.per_page)
        } else {
            (1, total.max(1) as u32)
        };
        let rows = hits
            .iter()
            .map(|h| PageRow {
                index: h.index,
                distance_km: h.distance_km.map(|d| (d * 10.0).round() / 10.0),
                free_at_date_m2: q.available_by.map(|_| h.free.0),
            })
            .collect();
        let head = SearchResults {
            as_of,
            free_at,
            count: total as i64,
            page,
            per_page,
            pages: (total as u32).div_ceil(per_page).max(1),
            near,
            parks: Vec::new(),
        };
        Ok((ix, head, rows))
    }

    fn resolve_near(&self, q: &ParkSearch) -> Result<Option<ResolvedNear>, AppError> {
        let within_km = q.within_km.unwrap_or(WITHIN_KM_DEFAULT);
        Ok(match &q.near {
            None => None,
            Some(NearSpec::Point(p)) => Some(ResolvedNear {
                label: format!("{:.4}, {:.4}", p.lat, p.lon),
                location: *p,
                within_km,
            }),
            Some(NearSpec::Place(name)) => {
                let place = access::find_place(&self.places, name).ok_or_else(|| {
                    let known: Vec<&str> = self.places.iter().map(|p| p.name.as_str()).collect();
                    AppError::invalid(
                        "near",
                        format!(
                            "unknown place '{name}'; use lat,lon or one of: {}",
                            known.join(", ")
                        ),
                    )
                })?;
                Some(ResolvedNear {
                    label: place.name.clone(),
                    location: LatLng {
                        lat: place.lat,
                        lon: place.lon,
                    },
                    within_km,
                })
            }
        })
    }
}

#[async_trait::async_trait]
impl RegistryService for Registry {
    fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    async fn national_summary(&self, as_of: NaiveDate) -> Result<NationalSummary, AppError> {
        Ok(self.index(as_of).await?.national.clone())
    }

    async fn search_parks(
        &self,
        q: &ParkSearch,
        paginate: bool,
    ) -> Result<SearchResults, AppError> {
        let (ix, mut results, rows) = self.search_page(q, paginate).await?;
        results.parks = rows
            .iter()
            .map(|r| SearchRow {
                distance_km: r.distance_km,
                free_at_date_m2: r.free_at_date_m2,
                ..ix.parks[r.index].clone()
            })
            .collect();
        Ok(results)
    }

    async fn search_parks_json(&self, q: &ParkSearch) -> Result<Vec<u8>, AppError> {
        let (ix, head, rows) = self.search_page(q, true).await?;
        rows_json::page(&head, &ix.parks_json, &rows).map_err(|e| {
            tracing::error!("a page of search results cannot be written as JSON: {e}");
            AppError::Internal
        })
    }

    async fn park_detail(&self, slug: &str, as_of: NaiveDate) -> Result<ParkDetail, AppError> {
        let s = self.snapshot(Scope::Slug(slug)).await?;
        let Some(park) = s.parks.first() else {
            return Err(AppError::NotFound(format!("no park has the slug '{slug}'")));
        };
        let d = derive(&s, as_of);
        let summary = self.summary_of(park, &s.regions, &d, as_of)?;
        let leases = leases_at(&d.events, as_of);
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

        // the last quarters, oldest first
        let mut quarters = vec![last_complete_quarter(as_of)];
        while quarters.len() < HISTORY_QUARTERS {
            let prev = quarters.last().expect("non-empty").prev();
            quarters.push(prev);
        }
        quarters.reverse();
        let specs: Vec<BuildingSpec> = s.buildings.iter().map(spec).collect();
        let history = quarters
            .iter()
            .map(|q| {
                let end = q.last_day();
                let f = park_figures(&specs, &leases_at(&d.events, end), end)
                    .get(&park.id)
                    .copied()
                    .unwrap_or_default();
                let in_quarter: Vec<ReportHeadcount> = d
                    .reports
                    .iter()
                    .filter(|r| r.quarter == *q)
                    .copied()
                    .collect();
                QuarterPoint {
                    quarter: *q,
                    floor_area_m2: f.floor_area_m2,
                    occupied_m2: f.occupied_m2,
                    jobs: latest_total(&in_quarter, end).map(|(_, n)| n),
                }
            })
            .collect();

        let latest_jobs = latest_per_tenant(&d.reports, as_of);
        let present = d.present.get(&park.id).cloned().unwrap_or_default();
        let mut tenants: Vec<TenantRow> = present
            .iter()
            .filter_map(|(tenant_id, area_m2, seats, since)| {
                let t = s.tenants.iter().find(|t| t.id == *tenant_id)?;
                let jobs_history = quarters
                    .iter()
                    .map(|q| {
                        let reports: Vec<ReportHeadcount> = d
                            .reports
                            .iter()
                            .filter(|r| r.tenant_id == t.id && r.quarter == *q)
                            .copied()
                            .collect();
                        (*q, latest_total(&reports, q.last_day()).map(|(_, n)| n))
                    })
                    .collect();
                Some(TenantRow {
                    company: t.company.clone(),
                    country: t.country.clone(),
                    activity_line: ActivityLine::parse(&t.activity_line).ok()?,
                    area_m2: *area_m2,
                    seats: *seats,
                    since: *since,
                    latest_jobs: jobs_figure(latest_jobs.get(&(t.id, park.id)).copied()),
                    jobs_history,
                    demo: t.is_demo,
                })
            })
            .collect();
        tenants.sort_by(|a, b| {
            b.area_m2
                .cmp(&a.area_m2)
                .then_with(|| a.company.cmp(&b.company))
        });

        let geometry = self.geometry().await?;
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
            history,
            region_path: geometry
                .paths
                .get(&park.region_code)
                .cloned()
                .unwrap_or_default(),
            map_point: geometry.projection.project(park.lon, park.lat),
            map_viewbox: geometry.projection.viewbox(),
        })
    }

    async fn list_regions(&self, as_of: NaiveDate) -> Result<Vec<RegionSummary>, AppError> {
        Ok(self.index(as_of).await?.region_summaries.clone())
    }

    async fn map_view(&self, metric: MapMetric, as_of: NaiveDate) -> Result<MapView, AppError> {
        let ix = self.index(as_of).await?;
        let geometry = self.geometry().await?;
        let value = |r: &RegionSummary| -> Option<f64> {
            match metric {
                MapMetric::AvailableArea => (r.floor_area_m2 > 0).then_some(r.available_m2 as f64),
                MapMetric::Occupancy => (r.floor_area_m2 > 0)
                    .then(|| r.occupied_m2 as f64 * 100.0 / r.floor_area_m2 as f64),
                MapMetric::JobsPer10k => r
                    .jobs
                    .filter(|_| r.population_2024 > 0)
                    .map(|j| j.headcount as f64 * 10_000.0 / r.population_2024 as f64),
            }
        };
        let values: Vec<Option<f64>> = ix.region_summaries.iter().map(value).collect();
        let breaks = crate::domain::map_geometry::class_breaks(
            &values.iter().flatten().copied().collect::<Vec<_>>(),
        );
        let regions = ix
            .region_summaries
            .iter()
            .zip(&values)
            .map(|(r, v)| MapRegion {
                code: r.code.clone(),
                name: r.name.clone(),
                path: geometry
                    .paths
                    .get(r.code.as_str())
                    .cloned()
                    .unwrap_or_default(),
                value: *v,
                class: v.map(|v| crate::domain::map_geometry::class_of(v, &breaks)),
            })
            .collect();
        let max_area = ix
            .parks
            .iter()
            .map(|p| p.floor_area_m2 + p.future_supply_m2)
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let parks = ix
            .parks
            .iter()
            .map(|p| {
                let (x, y) = geometry.projection.project(p.location.lon, p.location.lat);
                let area = (p.floor_area_m2 + p.future_supply_m2) as f64;
                MapPark {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                    city: p.city.clone(),
                    status: p.status,
                    x: (x * 10.0).round() / 10.0,
                    y: (y * 10.0).round() / 10.0,
                    r: 3.0 + 9.0 * (area / max_area).sqrt(),
                    available_m2: p.available_m2,
                    future_supply_m2: p.future_supply_m2,
                    rent_centimes_per_m2_month: p.rent_centimes_per_m2_month,
                    occupancy_pct: p.occupancy_pct,
                }
            })
            .collect();
        let (min_lon, max_lat, kx, ky) = geometry.projection.parameters();
        Ok(MapView {
            viewbox: geometry.projection.viewbox(),
            frame: MapFrame {
                min_lon,
                max_lat,
                kx,
                ky,
            },
            metric,
            as_of,
            jobs_as_of: ix.national.jobs.map(|j| j.as_of),
            breaks,
            regions,
            parks,
        })
    }
}
