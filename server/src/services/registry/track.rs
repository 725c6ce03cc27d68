//! One park's figures at every date (layer: services): its summary's fixed
//! fields, and the step functions of the rest (space, tenants present and
//! their activity lines, counted jobs by quarter, free space), so that the
//! park's summary at any date is a binary search, not a replay of its events
//! (issue 14: past dates without rebuilding). A track is derived from the
//! park's own facts only; a change to a park derives its track again and no
//! other.
use std::collections::{BTreeMap, BTreeSet, HashMap};

use app::api::AppError;
use app::model::{ActivityLine, JobsFigure, ParkSummary, Quarter, SearchRow};
use chrono::{DateTime, NaiveDate, Utc};

use super::Registry;
use super::index::{derive, park_hidden, public_figure};
use crate::db::buildings;
use crate::db::snapshot::Snapshot;
use crate::domain::disclosure::Plan;
use crate::domain::figures::{BuildingSpec, SpaceFigures, park_figures};
use crate::domain::jobs::{ReportHeadcount, last_complete_quarter, latest_total};
use crate::domain::occupancy::{LeaseEvent, OpenLeases, apply};
use crate::domain::search::ColumnRow;
use crate::domain::timeline::{FreeTimeline, free_timelines};

/// What a park is from one date on, until its next point.
#[derive(Debug, Clone, PartialEq)]
struct Point {
    from: NaiveDate,
    space: SpaceFigures,
    tenants: i64,
    lines: Vec<ActivityLine>,
}

/// One park, at every date.
#[derive(Debug)]
pub(super) struct Track {
    pub(super) id: i32,
    /// The stored region code, as the disclosure plans name it.
    pub(super) region: String,
    /// The summary with its fixed fields; the dated ones are filled by `summary_at`.
    template: ParkSummary,
    /// From `NaiveDate::MIN` on, one point per change.
    points: Vec<Point>,
    /// Counted jobs per quarter (validated, the latest revision per tenant), in quarter order.
    pub(super) jobs: Vec<(Quarter, i64)>,
    pub(super) free: FreeTimeline,
    /// The park's reports, for the small-cell rule (which looks across parks).
    pub(super) reports: Vec<ReportHeadcount>,
    /// The park's tenants who agreed to publish their own headcount.
    pub(super) published: Vec<i32>,
}

/// A park's dated figures at one date.
pub(super) struct At<'a> {
    pub(super) space: SpaceFigures,
    pub(super) tenants: i64,
    pub(super) lines: &'a [ActivityLine],
}

impl Track {
    pub(super) fn name_key(&self) -> (&str, i32) {
        (&self.template.name, self.id)
    }

    pub(super) fn template(&self) -> &ParkSummary {
        &self.template
    }

    pub(super) fn at(&self, date: NaiveDate) -> At<'_> {
        // the first point is from NaiveDate::MIN: there is always one
        let i = self.points.partition_point(|p| p.from <= date).max(1) - 1;
        let p = &self.points[i];
        At {
            space: p.space,
            tenants: p.tenants,
            lines: &p.lines,
        }
    }

    /// The counted jobs of the latest complete quarter at `date` that has any.
    pub(super) fn jobs_at(&self, date: NaiveDate) -> Option<(Quarter, i64)> {
        let up_to = last_complete_quarter(date);
        let n = self.jobs.partition_point(|(q, _)| *q <= up_to);
        n.checked_sub(1).map(|i| self.jobs[i])
    }

    /// The park's summary at `date`, its jobs hidden as `plans` say.
    pub(super) fn summary_at(
        &self,
        date: NaiveDate,
        plans: &BTreeMap<Quarter, Plan>,
    ) -> ParkSummary {
        let at = self.at(date);
        let jobs: Option<JobsFigure> =
            public_figure(self.jobs_at(date), |q| park_hidden(plans, self.id, q));
        ParkSummary {
            floor_area_m2: at.space.floor_area_m2,
            occupied_m2: at.space.occupied_m2,
            available_m2: at.space.available_m2(),
            seats: at.space.seats,
            occupied_seats: at.space.occupied_seats,
            available_seats: at.space.available_seats(),
            occupancy_pct: at.space.occupancy_pct(),
            future_supply_m2: at.space.future_supply_m2,
            occupancy_as_of: date,
            jobs,
            activity_lines: at.lines.to_vec(),
            tenants: at.tenants,
            ..self.template.clone()
        }
    }

    pub(super) fn row_at(&self, date: NaiveDate, plans: &BTreeMap<Quarter, Plan>) -> SearchRow {
        SearchRow::from(self.summary_at(date, plans))
    }

    /// What a search reads of the park at `date`.
    pub(super) fn column_row(&self, date: NaiveDate) -> ColumnRow<'_> {
        let at = self.at(date);
        let t = &self.template;
        ColumnRow {
            region_code: t.region_code.as_str(),
            status: t.status,
            lines: at.lines,
            available_m2: at.space.available_m2(),
            available_seats: at.space.available_seats(),
            rent: t.rent_centimes_per_m2_month,
            lat: t.location.lat,
            lon: t.location.lon,
            occupancy_pct: at.space.occupancy_pct(),
        }
    }

    pub(super) fn last_updated_at(&self) -> DateTime<Utc> {
        self.template.last_updated_at
    }

    pub(super) fn demo(&self) -> bool {
        self.template.demo
    }
}

/// The space, tenants and lines of a park after each change, from the
/// beginning of time: the events folded in the order `leases_at` folds them
/// (date, then id), evaluated at every event and delivery date.
fn points(
    specs: &[BuildingSpec],
    events: &[LeaseEvent],
    line_of: &HashMap<i32, ActivityLine>,
) -> Vec<Point> {
    let mut ordered: Vec<&LeaseEvent> = events.iter().collect();
    ordered.sort_by_key(|e| (e.effective_date, e.id));
    let mut dates: Vec<NaiveDate> = events
        .iter()
        .map(|e| e.effective_date)
        .chain(specs.iter().filter_map(|b| b.delivery_date))
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let mut open = OpenLeases::new();
    let mut next = 0;
    let mut out: Vec<Point> = Vec::with_capacity(dates.len() + 1);
    for from in std::iter::once(NaiveDate::MIN).chain(dates) {
        while let Some(e) = ordered.get(next).filter(|e| e.effective_date <= from) {
            apply(&mut open, e);
            next += 1;
        }
        let leases: Vec<_> = open.values().copied().collect();
        let mut space = SpaceFigures::default();
        for f in park_figures(specs, &leases, from).values() {
            space.add(f);
        }
        let present: BTreeSet<i32> = leases.iter().map(|l| l.tenant_id).collect();
        let mut lines: Vec<ActivityLine> = present
            .iter()
            .filter_map(|t| line_of.get(t).copied())
            .collect();
        lines.sort();
        lines.dedup();
        let point = Point {
            from,
            space,
            tenants: present.len() as i64,
            lines,
        };
        let same = out.last().is_some_and(|last| {
            last.space == point.space && last.tenants == point.tenants && last.lines == point.lines
        });
        if !same {
            out.push(point);
        }
    }
    out
}

/// Counted jobs per quarter of one park's reports: `latest_total` of each
/// quarter's reports alone, so a date's figure is the latest quarter's entry.
fn jobs_by_quarter(reports: &[ReportHeadcount]) -> Vec<(Quarter, i64)> {
    let mut by_quarter: BTreeMap<Quarter, Vec<ReportHeadcount>> = BTreeMap::new();
    for r in reports.iter().filter(|r| r.validated) {
        by_quarter.entry(r.quarter).or_default().push(*r);
    }
    by_quarter
        .into_iter()
        .filter_map(|(q, rs)| latest_total(&rs, q.last_day()))
        .collect()
}

impl Registry {
    /// The tracks of the parks in `s`, in `s.parks`' order (name, then id).
    /// CPU work: run it off the async workers.
    pub(super) fn tracks(&self, s: &Snapshot, today: NaiveDate) -> Result<Vec<Track>, AppError> {
        let d = derive(s, today)?;
        let park_of_building: HashMap<i32, i32> =
            s.buildings.iter().map(|b| (b.id, b.park_id)).collect();
        let mut specs: HashMap<i32, Vec<BuildingSpec>> = HashMap::new();
        for b in &s.buildings {
            specs.entry(b.park_id).or_default().push(buildings::spec(b));
        }
        let mut events: HashMap<i32, Vec<LeaseEvent>> = HashMap::new();
        for e in &d.events {
            if let Some(park) = park_of_building.get(&e.building_id) {
                events.entry(*park).or_default().push(e.clone());
            }
        }
        let no_plans = BTreeMap::new();
        s.parks
            .iter()
            .map(|p| {
                let specs = specs.remove(&p.id).unwrap_or_default();
                let events = events.remove(&p.id).unwrap_or_default();
                let reports = d.reports_by_park.get(&p.id).cloned().unwrap_or_default();
                let published: BTreeSet<i32> = events
                    .iter()
                    .map(|e| e.tenant_id)
                    .filter(|t| d.published.contains(t))
                    .collect();
                let free = free_timelines(&specs, &events)
                    .remove(&p.id)
                    .unwrap_or_default();
                Ok(Track {
                    id: p.id,
                    region: p.region_code.clone(),
                    template: self.summary_of(p, &s.regions, &d, today, &no_plans)?,
                    points: points(&specs, &events, &d.tenant_line),
                    jobs: jobs_by_quarter(&reports),
                    free,
                    reports,
                    published: published.into_iter().collect(),
                })
            })
            .collect()
    }
}
