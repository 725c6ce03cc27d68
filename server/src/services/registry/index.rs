//! The derivation of parks' figures from a snapshot at one date (layer:
//! services): the reference every faster path is checked against. The park
//! pages derive their park with it, and a park's track (`track`) takes its
//! fixed fields from it; `live` keeps the index built from the tracks.
use std::collections::{BTreeMap, BTreeSet, HashMap};

use app::api::AppError;
use app::model::{ActivityLine, Editor, HubDistance, JobsFigure, LatLng, ParkSummary, Quarter};
use chrono::NaiveDate;

use super::Registry;
use crate::db::parks::{self, Park};
use crate::db::snapshot::{RegionRow, Snapshot};
use crate::db::{buildings, job_reports, lease_events, tenants};
use crate::domain::access::{self, Hub, HubKind};
use crate::domain::disclosure::Plan;
use crate::domain::figures::{BuildingSpec, SpaceFigures, park_figures};
use crate::domain::jobs::{ReportHeadcount, latest_total};
use crate::domain::occupancy::{LeaseEvent, leases_at};

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
}
