//! The registry's derived index (layer: services): every park's summary
//! and search row, the free-space timelines and search columns, the
//! national and regional summaries, all at one date and data version.
//! Loading the snapshot is async; deriving from it is CPU work and runs on
//! a blocking thread, never on the async workers that answer other requests.
use std::collections::{BTreeMap, BTreeSet, HashMap};

use app::api::AppError;
use app::model::{
    ActivityLine, Editor, HubDistance, JobsFigure, LatLng, NationalSummary, ParkStatus,
    ParkSummary, Quarter, RegionSummary, SearchRow,
};
use chrono::NaiveDate;

use super::Registry;
use crate::db::parks::{self, Park};
use crate::db::snapshot::{RegionRow, Scope, Snapshot};
use crate::db::{buildings, job_reports, lease_events, tenants};
use crate::domain::access::{self, Hub, HubKind};
use crate::domain::disclosure::{self, Plan};
use crate::domain::figures::{BuildingSpec, SpaceFigures, park_figures};
use crate::domain::jobs::{ReportHeadcount, latest_total};
use crate::domain::occupancy::{LeaseEvent, leases_at};
use crate::domain::search::Columns;
use crate::domain::timeline::{Timelines, free_timelines};
use crate::errors::{corrupt, internal};
use crate::services::cache::{BuildPermit, Weigh};
use crate::services::rows_json::RowsJson;

/// Estimated bytes per park of the search columns (sets, orders, coordinates).
const COLUMN_BYTES_PER_PARK: usize = 200;
/// Estimated bytes per lease event of the free-space timelines (a point is
/// kept in up to three packed forms).
const TIMELINE_BYTES_PER_EVENT: usize = 80;

impl Weigh for Index {
    fn weight(&self) -> usize {
        self.weight
    }
}

/// An index's memory, estimated from what dominates it: the rows (their
/// struct and their text, which is about their JSON), the rows' JSON, the
/// columns and the timelines. Measured against the benchmark's peak RSS
/// (docs/BENCHMARKS.md, "Contention").
fn estimated_weight(parks: &[SearchRow], json_bytes: usize, events: usize) -> usize {
    parks.len() * (std::mem::size_of::<SearchRow>() + COLUMN_BYTES_PER_PARK)
        + 2 * json_bytes
        + events * TIMELINE_BYTES_PER_EVENT
}

/// Everything derived for all parks at one date and one data version.
pub(super) struct Index {
    /// Estimated memory, for the cache's budget (`estimated_weight`).
    weight: usize,
    /// Every park's search row, in name order (the columns' order).
    pub(super) parks: Vec<SearchRow>,
    /// The same rows as JSON, for the JSON API's pages.
    pub(super) parks_json: RowsJson,
    pub(super) timelines: Timelines,
    pub(super) columns: Columns,
    pub(super) national: NationalSummary,
    pub(super) region_summaries: Vec<RegionSummary>,
    /// What the public may see of each quarter's jobs (`domain::disclosure`),
    /// for the park pages, which load one park but hide as the index does.
    pub(super) plans: BTreeMap<Quarter, Plan>,
}

/// A total as the public sees it: `hidden` says, for its quarter, whether
/// the disclosure plan hides it.
pub(super) fn public_figure(
    total: Option<(Quarter, i64)>,
    hidden: impl Fn(Quarter) -> bool,
) -> Option<JobsFigure> {
    total.map(|(quarter, headcount)| {
        let suppressed = hidden(quarter);
        JobsFigure {
            headcount: (!suppressed).then_some(headcount),
            suppressed,
            quarter,
            as_of: quarter.last_day(),
        }
    })
}

/// Whether `plans` hides a park's total of a quarter.
pub(super) fn park_hidden(plans: &BTreeMap<Quarter, Plan>, park_id: i32, q: Quarter) -> bool {
    plans.get(&q).is_some_and(|p| p.park_hidden(park_id))
}

fn hub_distance(hubs: &[Hub], kind: HubKind, p: &Park) -> Option<HubDistance> {
    access::nearest(hubs, kind, (p.lat, p.lon)).map(|(h, km)| HubDistance {
        code: h.code.clone(),
        name: h.name.clone(),
        city: h.city.clone(),
        distance_km: (km * 10.0).round() / 10.0,
    })
}

/// What every park's summary is derived from, computed once per snapshot and date.
pub(super) struct Derived {
    pub(super) events: Vec<LeaseEvent>,
    pub(super) space: BTreeMap<i32, SpaceFigures>,
    pub(super) reports: Vec<ReportHeadcount>,
    pub(super) reports_by_park: HashMap<i32, Vec<ReportHeadcount>>,
    /// When each park last changed, and whether an admin (the registry) did it.
    pub(super) last_update: HashMap<i32, (chrono::DateTime<chrono::Utc>, Editor)>,
    pub(super) demo: HashMap<i32, bool>,
    /// Tenants present per park at the date: (tenant id, area, seats, since).
    pub(super) present: HashMap<i32, Vec<(i32, i64, i64, NaiveDate)>>,
    pub(super) tenant_line: HashMap<i32, ActivityLine>,
    /// Tenants who agreed to publish their own headcount.
    pub(super) published: BTreeSet<i32>,
}

pub(super) fn derive(s: &Snapshot, as_of: NaiveDate) -> Result<Derived, AppError> {
    let events = lease_events::to_domain_all(&s.events)?;
    let leases = leases_at(&events, as_of);
    let specs: Vec<BuildingSpec> = s.buildings.iter().map(buildings::spec).collect();
    let space = park_figures(&specs, &leases, as_of);
    let park_of_building: HashMap<i32, i32> =
        s.buildings.iter().map(|b| (b.id, b.park_id)).collect();

    let editor = |who: &str| {
        if s.admins.contains(who) || !who.contains('@') {
            Editor::Registry
        } else {
            Editor::Operator
        }
    };
    let mut last_update: HashMap<i32, (chrono::DateTime<chrono::Utc>, Editor)> = s
        .parks
        .iter()
        .map(|p| (p.id, (p.updated_at, editor(&p.updated_by))))
        .collect();
    let mut demo: HashMap<i32, bool> = s.parks.iter().map(|p| (p.id, p.is_demo)).collect();
    for b in &s.buildings {
        *demo.entry(b.park_id).or_default() |= b.is_demo;
    }
    for e in &s.events {
        if let Some(park) = park_of_building.get(&e.building_id) {
            let entry = last_update
                .entry(*park)
                .or_insert((e.recorded_at, editor(&e.recorded_by)));
            if e.recorded_at > entry.0 {
                *entry = (e.recorded_at, editor(&e.recorded_by));
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
        .map(|t| Ok((t.id, tenants::activity_line(t)?)))
        .collect::<Result<_, AppError>>()?;
    let published = s
        .tenants
        .iter()
        .filter(|t| t.publish_jobs_consent)
        .map(|t| t.id)
        .collect();
    let reports = job_reports::headcounts(&s.reports)?;
    let mut reports_by_park: HashMap<i32, Vec<ReportHeadcount>> = HashMap::new();
    for r in &reports {
        reports_by_park.entry(r.park_id).or_default().push(*r);
    }
    Ok(Derived {
        events,
        space,
        reports,
        reports_by_park,
        last_update,
        demo,
        present,
        tenant_line,
        published,
    })
}

impl Registry {
    pub(super) fn summary_of(
        &self,
        p: &Park,
        regions: &[RegionRow],
        d: &Derived,
        as_of: NaiveDate,
        plans: &BTreeMap<Quarter, Plan>,
    ) -> Result<ParkSummary, AppError> {
        let status = parks::status(p)?;
        let region_code = parks::region_code(p)?;
        let region_name = regions
            .iter()
            .find(|r| r.code == p.region_code)
            .map(RegionRow::name)
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
            .copied()
            .unwrap_or((p.updated_at, Editor::Registry));
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
            jobs: public_figure(latest_total(park_reports, as_of), |q| {
                park_hidden(plans, p.id, q)
            }),
            last_updated_at,
            last_updated_by,
            demo: d.demo.get(&p.id).copied().unwrap_or(false),
            activity_lines,
            tenants: present.len() as i64,
            nearest_airport: hub_distance(&self.hubs, HubKind::Airport, p),
            nearest_station: hub_distance(&self.hubs, HubKind::Station, p),
        })
    }

    /// Loads the snapshot, then derives the index on a blocking thread that
    /// holds `permit` until it is done (`cache::BuildPermit::run_blocking`).
    pub(super) async fn build_index(
        &self,
        as_of: NaiveDate,
        permit: BuildPermit,
    ) -> Result<Index, AppError> {
        let s = self.snapshot(Scope::All).await?;
        let registry = self.clone();
        permit
            .run_blocking(s, move |s| registry.derive_index(s, as_of))
            .await
            .map_err(|e| internal("building the index", e))?
    }

    fn derive_index(&self, s: &Snapshot, as_of: NaiveDate) -> Result<Index, AppError> {
        let d = derive(s, as_of)?;
        let places: Vec<(i32, &str)> = s
            .parks
            .iter()
            .map(|p| (p.id, p.region_code.as_str()))
            .collect();
        let plans = disclosure::plans_by_quarter(&places, &d.reports, &d.published);
        let parks: Vec<SearchRow> = s
            .parks
            .iter()
            .map(|p| {
                self.summary_of(p, &s.regions, &d, as_of, &plans)
                    .map(SearchRow::from)
            })
            .collect::<Result<_, _>>()?;
        let parks_json =
            RowsJson::new(&parks).map_err(|e| internal("keeping search rows as JSON", e))?;
        let specs: Vec<BuildingSpec> = s.buildings.iter().map(buildings::spec).collect();
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
            jobs: public_figure(latest_total(&d.reports, as_of), |q| {
                plans.get(&q).is_some_and(Plan::nation_hidden)
            }),
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
                    code: r.code().map_err(|e| corrupt("regions", &r.code, e))?,
                    name: r.name(),
                    population_2024: r.population_2024,
                    parks: ids.len() as i64,
                    floor_area_m2: space.floor_area_m2,
                    occupied_m2: space.occupied_m2,
                    available_m2: space.available_m2(),
                    jobs: public_figure(latest_total(&reports, as_of), |q| {
                        plans.get(&q).is_some_and(|p| p.region_hidden(&r.code))
                    }),
                    occupancy_as_of: as_of,
                })
            })
            .collect::<Result<_, AppError>>()?;
        let timelines = Timelines::new(&timelines, as_of);
        let columns = Columns::new(&parks, &timelines);
        Ok(Index {
            weight: estimated_weight(&parks, parks_json.heap_bytes(), d.events.len()),
            parks,
            parks_json,
            timelines,
            columns,
            national,
            region_summaries,
            plans,
        })
    }
}
