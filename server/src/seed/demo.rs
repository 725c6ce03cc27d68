//! Invented demo data: buildings, tenants, lease events, job reports and
//! rents for every park, deterministic for a given date and flagged
//! `is_demo` so the UI labels it.
use app::model::{ActivityLine, LeaseKind, ParkStatus, Quarter, ReportStatus};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};

use super::SeedError;
use super::rng::{COUNTRIES, NAME_HEADS, Rng};
use crate::db::Connection;
use crate::db::audit::Entry;
use crate::db::buildings::{self, Building, NewBuilding};
use crate::db::job_reports::{self, NewLine, NewReport};
use crate::db::lease_events::{self, NewLeaseEvent};
use crate::db::parks::{self, Park};
use crate::db::tenants::{self, NewTenant};
use crate::db::unit_of_work::UnitOfWork;
use crate::domain::jobs::last_complete_quarter;

const DEMO_ACTOR: &str = "demo seed";
/// Quarters of demo job reports.
const DEMO_QUARTERS: usize = 8;

const NAME_TAILS: &[(&str, ActivityLine)] = &[
    ("Contact", ActivityLine::Crm),
    ("Relation Client", ActivityLine::Crm),
    ("CX Services", ActivityLine::Crm),
    ("Digital", ActivityLine::Ito),
    ("Software", ActivityLine::Ito),
    ("Cloud Ops", ActivityLine::Ito),
    ("Back Office", ActivityLine::Bpo),
    ("Finance Services", ActivityLine::Bpo),
    ("Engineering", ActivityLine::Eso),
    ("Aero Design", ActivityLine::Eso),
    ("Analytics", ActivityLine::Kpo),
];
/// What the demo seed wrote.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct DemoCounts {
    pub buildings: u64,
    pub tenants: u64,
    pub lease_events: u64,
    pub job_reports: u64,
}

/// How full each demo park is today, from what the press says where it says something.
fn demo_occupancy(p: &Park, rng: &mut Rng) -> f64 {
    let note = p.source_note.as_deref().unwrap_or_default();
    if note.contains("saturation") {
        0.96
    } else if note.contains("90%") {
        0.9
    } else if note.contains("80%") {
        0.8
    } else {
        0.45 + rng.unit() * 0.4
    }
}

/// The quarters reported on, oldest first, ending with the last complete one.
fn demo_quarters(today: NaiveDate) -> Vec<Quarter> {
    let mut quarters: Vec<Quarter> = vec![last_complete_quarter(today)];
    while quarters.len() < DEMO_QUARTERS {
        let prev = quarters.last().expect("non-empty").prev();
        quarters.push(prev);
    }
    quarters.reverse();
    quarters
}

/// One seed run: the unit of work, the generator and what was written.
struct Demo<'a> {
    uow: &'a mut UnitOfWork,
    rng: Rng,
    counts: DemoCounts,
    today: NaiveDate,
    now: DateTime<Utc>,
    quarters: Vec<Quarter>,
}

/// Invents buildings, tenants, lease events and job reports for every park.
pub async fn seed_demo(db: &Connection, today: NaiveDate) -> Result<DemoCounts, SeedError> {
    let present = buildings::demo_count(db).await?;
    if present > 0 {
        return Err(SeedError::DemoPresent(present));
    }
    let all_parks = parks::list(db, None).await?;
    let bar = ProgressBar::new(all_parks.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} parks")
            .expect("valid template"),
    );
    bar.set_message("demo data");
    let mut uow = UnitOfWork::begin(db).await?;
    let mut demo = Demo {
        uow: &mut uow,
        rng: Rng(0x5EED_2026),
        counts: DemoCounts::default(),
        today,
        now: Utc::now(),
        quarters: demo_quarters(today),
    };
    for park in &all_parks {
        bar.inc(1);
        demo.park(park).await?;
    }
    let counts = demo.counts;
    uow.audit(Entry::registry(
        DEMO_ACTOR,
        "seed_demo",
        serde_json::to_value(counts)
            .map_err(|e| crate::errors::internal("counting the demo", e))?,
    ))
    .await?;
    uow.commit("committing the demo data").await?;
    bar.finish_and_clear();
    Ok(counts)
}

impl Demo<'_> {
    /// A park's rent and dates, its buildings, and for an operating park its tenants.
    async fn park(&mut self, park: &Park) -> Result<(), SeedError> {
        // rent: Technoparks report 50-150 MAD/m²/month, Casanearshore about 90 (press)
        let rent_mad = if park.operator.contains("MITC") {
            self.rng.range(60, 140)
        } else {
            self.rng.range(75, 120)
        };
        let status = parks::status(park)?;
        let delivery = (status != ParkStatus::Operating)
            .then(|| NaiveDate::from_ymd_opt(self.today.year() + 2, 6, 30).expect("date"));
        parks::set_demo_terms(self.uow.conn(), park, rent_mad * 100, delivery, DEMO_ACTOR).await?;
        let park_buildings = self.buildings(park, status).await?;
        if status != ParkStatus::Operating {
            return Ok(());
        }
        let target = demo_occupancy(park, &mut self.rng);
        for b in &park_buildings {
            self.let_building(park, b, target).await?;
        }
        Ok(())
    }

    /// The park's buildings from its press floor area, and an extension where the press reports one.
    async fn buildings(
        &mut self,
        park: &Park,
        status: ParkStatus,
    ) -> Result<Vec<Building>, SeedError> {
        let floor = park
            .press_office_floor_m2
            .unwrap_or_else(|| self.rng.range(8, 20) * 1_000);
        let n = ((floor as f64 / 25_000.0).round() as i64).clamp(1, 8);
        let mut out = Vec::new();
        for i in 0..n {
            let area = (floor / n / 10) * 10;
            let delivery = match status {
                ParkStatus::Operating => None,
                _ => Some(
                    NaiveDate::from_ymd_opt(self.today.year() + 1 + (i as i32 % 2), 6, 30)
                        .expect("date"),
                ),
            };
            let name = format!(
                "{} {}",
                if n > 1 { "Bâtiment" } else { "Immeuble" },
                (b'A' + i as u8) as char
            );
            out.push(
                self.building(park, name, area, (area / 9) as i32, delivery)
                    .await?,
            );
        }
        if park
            .source_note
            .as_deref()
            .unwrap_or_default()
            .contains("extension")
        {
            let delivery = Some(self.today + Duration::days(200));
            self.building(park, "Extension".into(), 15_000, 1_650, delivery)
                .await?;
        }
        Ok(out)
    }

    async fn building(
        &mut self,
        park: &Park,
        name: String,
        floor_area_m2: i64,
        seats: i32,
        delivery_date: Option<NaiveDate>,
    ) -> Result<Building, SeedError> {
        let b = buildings::insert(
            self.uow.conn(),
            NewBuilding {
                id: None,
                park_id: park.id,
                name,
                floor_area_m2,
                seats,
                delivery_date,
                is_demo: true,
            },
        )
        .await?;
        self.counts.buildings += 1;
        Ok(b)
    }

    /// Tenants and their leases until the building is `target` full.
    async fn let_building(
        &mut self,
        park: &Park,
        b: &Building,
        target: f64,
    ) -> Result<(), SeedError> {
        let window_start = self.quarters[0].first_day();
        let goal = (b.floor_area_m2 as f64 * target) as i64;
        let mut leased = 0;
        while leased < goal {
            let rng = &mut self.rng;
            let max_size = (b.floor_area_m2 / 3).max(400);
            let size = (rng.range(300, max_size.min(6_000)) / 10 * 10)
                .min(goal - leased)
                .max(100);
            let (tail, line) = *rng.pick(NAME_TAILS);
            let company = format!("{} {}", rng.pick(NAME_HEADS), tail);
            let country = rng.pick(COUNTRIES).to_string();
            let tenant = tenants::insert(
                self.uow.conn(),
                NewTenant {
                    id: None,
                    company,
                    country,
                    activity_line: line,
                    is_demo: true,
                },
            )
            .await?;
            self.counts.tenants += 1;
            let rng = &mut self.rng;
            // most moved in before the report window, the others during it
            let days_back = if rng.unit() < 0.6 {
                rng.range(800, 3_000)
            } else {
                rng.range(30, (self.today - window_start).num_days())
            };
            let since = self.today - Duration::days(days_back);
            let mut events = vec![(LeaseKind::MoveIn, size, since)];
            let mut current = size;
            let mut resized_on = None;
            if rng.unit() < 0.25 {
                let when = since + Duration::days(rng.range(90, 400));
                if when < self.today {
                    resized_on = Some(when);
                    current = (size as f64 * (0.8 + rng.unit() * 0.5)) as i64 / 10 * 10;
                    current = current.clamp(100, size + (goal - leased - size).max(0));
                    events.push((LeaseKind::Resize, current, when));
                }
            }
            if rng.unit() < 0.08 {
                // a scheduled move-out, a few months ahead
                let on = self.today + Duration::days(rng.range(30, 240));
                events.push((LeaseKind::MoveOut, 0, on));
            }
            for (kind, area, date) in events {
                self.lease_event(b, tenant.id, kind, area, date).await?;
            }
            leased += current.max(size);
            let lease = Lease {
                tenant_id: tenant.id,
                line,
                since,
                size,
                current,
                resized_on,
            };
            self.reports(park, &lease).await?;
        }
        Ok(())
    }

    async fn lease_event(
        &mut self,
        b: &Building,
        tenant_id: i32,
        kind: LeaseKind,
        area_m2: i64,
        effective_date: NaiveDate,
    ) -> Result<(), SeedError> {
        lease_events::insert(
            self.uow.conn(),
            NewLeaseEvent {
                building_id: b.id,
                tenant_id,
                kind,
                area_m2,
                seats: (area_m2 / 9) as i32,
                effective_date,
                recorded_by: DEMO_ACTOR.into(),
                recorded_at: self.now,
                is_demo: true,
            },
        )
        .await?;
        self.counts.lease_events += 1;
        Ok(())
    }

    /// Quarterly validated job reports while the tenant is in.
    async fn reports(&mut self, park: &Park, lease: &Lease) -> Result<(), SeedError> {
        let m2_per_job = 8.0 + self.rng.unit() * 5.0;
        let mut previous = 0i64;
        for q in self.quarters.clone() {
            if q.last_day() < lease.since {
                continue;
            }
            let area = if lease.resized_on.is_some_and(|r| q.last_day() >= r) {
                lease.current
            } else {
                lease.size
            };
            let ramp = ((q.last_day() - lease.since).num_days() as f64 / 365.0).clamp(0.35, 1.0);
            let headcount = ((area as f64 / m2_per_job) * ramp) as i64;
            let part_time = headcount / 10;
            let report = job_reports::insert(
                self.uow.conn(),
                NewReport {
                    id: None,
                    tenant_id: lease.tenant_id,
                    park_id: park.id,
                    quarter: q,
                    revision: 1,
                    new_moroccan_recruits: ((headcount - previous).max(0) + headcount / 25) as i32,
                    status: ReportStatus::Validated,
                    comment: None,
                    submitted_at: self.now,
                    validated: Some((self.now, DEMO_ACTOR.into())),
                    is_demo: true,
                    declared_by: None,
                    flags: None,
                },
            )
            .await?;
            job_reports::insert_line(
                self.uow.conn(),
                NewLine {
                    report_id: report.id,
                    activity_line: lease.line,
                    full_time: (headcount - part_time) as i32,
                    part_time: part_time as i32,
                },
            )
            .await?;
            self.counts.job_reports += 1;
            previous = headcount;
        }
        Ok(())
    }
}

/// A demo tenant's lease, as its reports need it.
struct Lease {
    tenant_id: i32,
    line: ActivityLine,
    since: NaiveDate,
    size: i64,
    current: i64,
    resized_on: Option<NaiveDate>,
}
