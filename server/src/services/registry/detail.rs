//! One park's public page (layer: services): its summary, buildings,
//! tenants with their jobs, two years of history and its place on the map.
//! Jobs are hidden as the index hides them (its disclosure plans); a
//! tenant's own figures appear only with its consent.
use std::collections::BTreeMap;

use app::api::AppError;
use app::model::{
    BuildingRow, LocalizedText, ParkDetail, PressFigures, Quarter, QuarterPoint, TenantRow,
};
use chrono::NaiveDate;

use super::Registry;
use super::index::{Derived, derive, park_hidden, public_figure};
use crate::db::buildings::{self, Building};
use crate::db::parks::Park;
use crate::db::snapshot::{Scope, Snapshot};
use crate::db::tenants;
use crate::domain::disclosure::Plan;
use crate::domain::figures::{BuildingSpec, building_figures, park_figures};
use crate::domain::jobs::{
    ReportHeadcount, last_complete_quarter, latest_per_tenant, latest_total,
};
use crate::domain::occupancy::{leases_at, occupied_by_building};
use crate::errors::corrupt;

/// Quarters shown in histories (two years).
const HISTORY_QUARTERS: usize = 8;

impl Registry {
    pub(super) async fn detail(
        &self,
        slug: &str,
        as_of: NaiveDate,
    ) -> Result<ParkDetail, AppError> {
        let s = self.snapshot(Scope::Slug(slug)).await?;
        let Some(park) = s.parks.first() else {
            return Err(AppError::NotFound(format!("no park has the slug '{slug}'")));
        };
        let d = derive(&s, as_of)?;
        // the plans are by quarter, whatever the date: today's index has them
        let today = self.today_index().await?;
        let plans = &*today.tracks.plans;
        let summary = self.summary_of(park, &s.regions, &d, as_of, plans)?;
        let quarters = history_quarters(as_of);
        let geometry = self.geometry().await?;
        Ok(ParkDetail {
            summary,
            description: LocalizedText {
                fr: park.description_fr.clone(),
                ar: park.description_ar.clone(),
                en: park.description_en.clone(),
            },
            buildings: building_rows(&s.buildings, &d, as_of),
            tenants: tenant_rows(&s, park, &d, &quarters, as_of)?,
            press: PressFigures {
                office_floor_m2: park.press_office_floor_m2,
                reported_jobs: park.press_reported_jobs,
                figures_year: park.press_figures_year,
                note: park.source_note.clone(),
            },
            history: history(&s, park, &d, &quarters, plans),
            region_path: geometry
                .paths
                .get(&park.region_code)
                .cloned()
                .unwrap_or_default(),
            map_point: geometry.projection.project(park.lon, park.lat),
            map_viewbox: geometry.projection.viewbox(),
        })
    }
}

/// The last quarters, oldest first.
fn history_quarters(as_of: NaiveDate) -> Vec<Quarter> {
    let mut quarters = vec![last_complete_quarter(as_of)];
    while quarters.len() < HISTORY_QUARTERS {
        let prev = quarters.last().expect("non-empty").prev();
        quarters.push(prev);
    }
    quarters.reverse();
    quarters
}

fn building_rows(blds: &[Building], d: &Derived, as_of: NaiveDate) -> Vec<BuildingRow> {
    let leases = leases_at(&d.events, as_of);
    let occupied = occupied_by_building(&leases);
    blds.iter()
        .map(|b| {
            let spec = buildings::spec(b);
            let f = building_figures(&spec, occupied.get(&b.id).copied(), as_of);
            let delivered = spec.delivered_by(as_of);
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
        .collect()
}

/// Space and jobs at the end of each quarter.
fn history(
    s: &Snapshot,
    park: &Park,
    d: &Derived,
    quarters: &[Quarter],
    plans: &BTreeMap<Quarter, Plan>,
) -> Vec<QuarterPoint> {
    let specs: Vec<BuildingSpec> = s.buildings.iter().map(buildings::spec).collect();
    quarters
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
            let hidden = park_hidden(plans, park.id, *q);
            QuarterPoint {
                quarter: *q,
                floor_area_m2: f.floor_area_m2,
                occupied_m2: f.occupied_m2,
                jobs: latest_total(&in_quarter, end)
                    .map(|(_, n)| n)
                    .filter(|_| !hidden),
                jobs_suppressed: hidden,
            }
        })
        .collect()
}

/// The tenants present at the date, largest first, with their jobs if they
/// agreed to publish them.
fn tenant_rows(
    s: &Snapshot,
    park: &Park,
    d: &Derived,
    quarters: &[Quarter],
    as_of: NaiveDate,
) -> Result<Vec<TenantRow>, AppError> {
    let latest_jobs = latest_per_tenant(&d.reports, as_of);
    let present = d.present.get(&park.id).cloned().unwrap_or_default();
    let mut rows = present
        .iter()
        .map(|(tenant_id, area_m2, seats, since)| {
            let t = s
                .tenants
                .iter()
                .find(|t| t.id == *tenant_id)
                .ok_or_else(|| corrupt("tenants", tenant_id, "leases but is not stored"))?;
            let published = d.published.contains(&t.id);
            let jobs_history = quarters
                .iter()
                .map(|q| {
                    let reports: Vec<ReportHeadcount> = d
                        .reports
                        .iter()
                        .filter(|r| r.tenant_id == t.id && r.quarter == *q)
                        .copied()
                        .collect();
                    let figure = latest_total(&reports, q.last_day()).map(|(_, n)| n);
                    (*q, figure.filter(|_| published))
                })
                .collect();
            Ok(TenantRow {
                company: t.company.clone(),
                country: t.country.clone(),
                activity_line: tenants::activity_line(t)?,
                area_m2: *area_m2,
                seats: *seats,
                since: *since,
                jobs_published: published,
                latest_jobs: public_figure(latest_jobs.get(&(t.id, park.id)).copied(), |_| false)
                    .filter(|_| published),
                jobs_history,
                demo: t.is_demo,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    rows.sort_by(|a, b| {
        b.area_m2
            .cmp(&a.area_m2)
            .then_with(|| a.company.cmp(&b.company))
    });
    Ok(rows)
}
