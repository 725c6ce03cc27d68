//! Synthetic parks for load tests and benchmarks (layer: seed; plans rows
//! with the domain rules and the seed helpers, writes them with `db::bulk`).
//!
//! `server seed --synthetic N` invents N parks flagged `is_demo`, each with
//! buildings, tenants, lease events and validated quarterly job reports. The
//! parks are spread over the 12 regions by 2024 population, with extra weight
//! on the Casablanca-Rabat axis where offshoring concentrates, and placed at
//! random points inside their region's real boundary. Everything is
//! deterministic for a given database, N and date.
//!
//! Speed: ids are assigned here rather than read back, so that children can
//! name their parents before anything is written; rows are generated a chunk
//! of parks at a time and written with multi-row INSERTs inside one
//! transaction: the N parks land whole or not at all.
use app::model::{ActivityLine, LeaseKind, ParkStatus, Quarter, ReportStatus};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};

use super::SeedError;
use super::rng::{COUNTRIES, NAME_HEADS, Rng};
use crate::db::audit::Entry;
use crate::db::buildings::NewBuilding;
use crate::db::bulk::{NextIds, Rows, resync_id_sequences, take_id};
use crate::db::job_reports::{NewLine, NewReport};
use crate::db::lease_events::NewLeaseEvent;
use crate::db::parks::{self, NewPark};
use crate::db::snapshot::{self, RegionRow};
use crate::db::tenants::NewTenant;
use crate::db::unit_of_work::UnitOfWork;
use crate::db::{Connection, db_error};
use crate::domain::jobs::last_complete_quarter;
use crate::domain::region_lookup::RegionIndex;

const SYNTHETIC_ACTOR: &str = "synthetic seed";
/// Slugs are `synthetic-<n>`; a second run continues the numbering.
const SLUG_PREFIX: &str = "synthetic-";
/// Parks generated in memory before their rows are written.
const PARKS_PER_FLUSH: usize = 100;
/// Quarters of job reports, ending with the last complete quarter.
const REPORT_QUARTERS: usize = 8;
/// Random points tried in a region's bounding box before giving up.
const PLACEMENT_TRIES: usize = 10_000;
const MIN_LEASE_M2: i64 = 200;
const M2_PER_SEAT: i64 = 9;
const RNG_SEED: u64 = 0x5717_7E71_C000_2026;
/// Offshoring concentrates on the Casablanca-Rabat axis: these regions'
/// population weights are multiplied by these factors.
const AXIS_BOOST: [(&str, f64); 2] = [("06", 2.0), ("04", 1.5)];
const STATUS_WEIGHTS: [(ParkStatus, f64); 3] = [
    (ParkStatus::Operating, 0.8),
    (ParkStatus::UnderConstruction, 0.1),
    (ParkStatus::Planned, 0.1),
];
/// Contact centres (CRM) hold most offshoring jobs, then IT, back office, engineering, knowledge.
const LINE_WEIGHTS: [(ActivityLine, f64); 5] = [
    (ActivityLine::Crm, 0.45),
    (ActivityLine::Ito, 0.22),
    (ActivityLine::Bpo, 0.15),
    (ActivityLine::Eso, 0.11),
    (ActivityLine::Kpo, 0.07),
];
const OPERATORS: &[&str] = &[
    "MEDZ (CDG Développement)",
    "MITC",
    "Tanger Med Zones",
    "Al Omrane",
    "Société régionale d'aménagement",
    "Promoteur privé",
];
/// (HCP region code, city, lon, lat): a synthetic park takes the name of the
/// nearest of its region's cities.
const CITIES: &[(&str, &str, f64, f64)] = &[
    ("01", "Tanger", -5.81, 35.76),
    ("01", "Tétouan", -5.37, 35.57),
    ("01", "Al Hoceima", -3.93, 35.25),
    ("01", "Larache", -6.16, 35.19),
    ("01", "Chefchaouen", -5.27, 35.17),
    ("02", "Oujda", -1.91, 34.68),
    ("02", "Nador", -2.93, 35.17),
    ("02", "Berkane", -2.32, 34.92),
    ("02", "Taourirt", -2.90, 34.41),
    ("02", "Bouarfa", -1.95, 32.53),
    ("02", "Jerada", -2.16, 34.31),
    ("03", "Fès", -5.00, 34.03),
    ("03", "Meknès", -5.55, 33.89),
    ("03", "Taza", -4.01, 34.21),
    ("03", "Ifrane", -5.11, 33.53),
    ("03", "Missour", -3.99, 33.05),
    ("04", "Rabat", -6.84, 34.02),
    ("04", "Kénitra", -6.58, 34.26),
    ("04", "Khémisset", -6.07, 33.82),
    ("04", "Témara", -6.91, 33.93),
    ("05", "Béni Mellal", -6.35, 32.34),
    ("05", "Khouribga", -6.91, 32.88),
    ("05", "Khénifra", -5.67, 32.94),
    ("05", "Azilal", -6.57, 31.96),
    ("06", "Casablanca", -7.59, 33.57),
    ("06", "Mohammedia", -7.38, 33.69),
    ("06", "El Jadida", -8.50, 33.25),
    ("06", "Settat", -7.62, 33.00),
    ("06", "Berrechid", -7.59, 33.27),
    ("07", "Marrakech", -7.99, 31.63),
    ("07", "Safi", -9.24, 32.30),
    ("07", "Essaouira", -9.77, 31.51),
    ("07", "El Kelâa des Sraghna", -7.40, 32.05),
    ("08", "Errachidia", -4.42, 31.93),
    ("08", "Ouarzazate", -6.89, 30.92),
    ("08", "Zagora", -5.84, 30.33),
    ("08", "Tinghir", -5.53, 31.51),
    ("08", "Midelt", -4.74, 32.68),
    ("09", "Agadir", -9.59, 30.42),
    ("09", "Taroudant", -8.88, 30.47),
    ("09", "Tiznit", -9.73, 29.70),
    ("09", "Tata", -7.97, 29.74),
    ("10", "Guelmim", -10.06, 28.99),
    ("10", "Tan-Tan", -11.10, 28.44),
    ("10", "Sidi Ifni", -10.17, 29.38),
    ("10", "Assa", -9.43, 28.61),
    ("11", "Laâyoune", -13.20, 27.15),
    ("11", "Boujdour", -14.49, 26.13),
    ("11", "Smara", -11.67, 26.74),
    ("11", "Tarfaya", -12.93, 27.94),
    ("12", "Dakhla", -15.96, 23.68),
    ("12", "Aousserd", -14.32, 22.55),
    ("12", "Bir Gandouz", -16.27, 21.62),
];

/// What a synthetic seed wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SyntheticCounts {
    pub parks: u64,
    pub buildings: u64,
    pub tenants: u64,
    pub lease_events: u64,
    /// One `job_report_lines` row goes with each report.
    pub job_reports: u64,
}

/// Inserts `parks` invented parks (slugs `synthetic-<n>`, after any already
/// there) with their buildings, tenants, lease events and the job reports
/// of the last 8 complete quarters before `today`, in one transaction.
pub async fn seed_synthetic(
    db: &Connection,
    parks: usize,
    today: NaiveDate,
) -> Result<SyntheticCounts, SeedError> {
    let regions_problem = |message: String| SeedError::Reference {
        park: "regions".into(),
        message,
    };
    let regions = snapshot::regions(db)
        .await
        .map_err(|e| db_error("reading regions", e))?;
    let weights = region_weights(&regions);
    if weights.is_empty() {
        return Err(regions_problem(
            "no region is in the database: run the migrations first".into(),
        ));
    }
    let index = super::region_index(db).await?;
    let region_weight: Vec<f64> = weights.iter().map(|(_, w)| *w).collect();
    let quarters = report_quarters(today);

    let bar = ProgressBar::new(parks as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} parks ({elapsed})")
            .expect("valid template"),
    );
    bar.set_message("synthetic");

    let mut uow = UnitOfWork::begin(db).await?;
    let mut ids = NextIds::reserve(uow.conn()).await?;
    let first_number = next_synthetic_number(&uow).await?;
    let mut rng = Rng(RNG_SEED ^ first_number as u64);
    let mut rows = Rows::default();
    let mut counts = SyntheticCounts::default();
    let now = Utc::now();
    for number in first_number..first_number + parks {
        let region_code = weights[pick_weighted(&region_weight, rng.unit())]
            .0
            .as_str();
        let (lon, lat) = random_point_in(&index, region_code, &mut rng).ok_or_else(|| {
            regions_problem(format!(
                "no point inside region {region_code} after {PLACEMENT_TRIES} tries"
            ))
        })?;
        let city = nearest_city(region_code, lon, lat)
            .ok_or_else(|| regions_problem(format!("no city is known in region {region_code}")))?;
        let place = Place {
            region_code,
            city,
            lon,
            lat,
        };
        let plan = plan_park(number, place, &mut rng, today, &quarters);
        add_rows(&mut rows, &plan, &mut ids, now, &mut counts);
        if rows.parks.len() >= PARKS_PER_FLUSH {
            let written = rows.parks.len() as u64;
            rows.write(uow.conn()).await?;
            bar.inc(written);
        }
    }
    rows.write(uow.conn()).await?;
    resync_id_sequences(uow.conn()).await?;
    uow.audit(Entry::registry(
        SYNTHETIC_ACTOR,
        "seed_synthetic",
        serde_json::to_value(counts)
            .map_err(|e| crate::errors::internal("counting the synthetic parks", e))?,
    ))
    .await?;
    uow.commit("committing the synthetic parks").await?;
    bar.finish_and_clear();
    Ok(counts)
}

/// Each region's share of the synthetic parks: its 2024 population, boosted
/// on the Casablanca-Rabat axis.
fn region_weights(regions: &[RegionRow]) -> Vec<(String, f64)> {
    regions
        .iter()
        .map(|r| {
            let boost = AXIS_BOOST
                .iter()
                .find(|(code, _)| *code == r.code)
                .map_or(1.0, |(_, b)| *b);
            (r.code.clone(), r.population_2024.max(0) as f64 * boost)
        })
        .collect()
}

/// The index drawn for a uniform `u` in [0, 1): each index in proportion to its weight.
fn pick_weighted(weights: &[f64], u: f64) -> usize {
    let mut rest = u * weights.iter().sum::<f64>();
    for (i, w) in weights.iter().enumerate() {
        if rest < *w {
            return i;
        }
        rest -= w;
    }
    // only reached through rounding at u close to 1
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// A random point (lon, lat, rounded to about a metre) strictly inside the
/// region's boundary, by rejection sampling in its bounding box.
fn random_point_in(index: &RegionIndex, code: &str, rng: &mut Rng) -> Option<(f64, f64)> {
    let (min_lon, min_lat, max_lon, max_lat) = index.bbox(code)?;
    let round = |v: f64| (v * 1e5).round() / 1e5;
    (0..PLACEMENT_TRIES).find_map(|_| {
        let lon = round(min_lon + rng.unit() * (max_lon - min_lon));
        let lat = round(min_lat + rng.unit() * (max_lat - min_lat));
        index.contains(code, lon, lat).then_some((lon, lat))
    })
}

/// The region's city nearest to a point (flat-earth distance: good enough to pick a name).
fn nearest_city(code: &str, lon: f64, lat: f64) -> Option<&'static str> {
    let cos_lat = lat.to_radians().cos();
    CITIES
        .iter()
        .filter(|(region, ..)| *region == code)
        .map(|(_, city, c_lon, c_lat)| {
            let (dx, dy) = ((c_lon - lon) * cos_lat, c_lat - lat);
            (dx * dx + dy * dy, *city)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, city)| city)
}

/// The quarters reported on, oldest first, ending with the last complete one.
fn report_quarters(today: NaiveDate) -> Vec<Quarter> {
    let mut quarters = vec![last_complete_quarter(today)];
    while quarters.len() < REPORT_QUARTERS {
        let prev = quarters.last().expect("non-empty").prev();
        quarters.push(prev);
    }
    quarters.reverse();
    quarters
}

/// `n` for a slug `synthetic-<n>`.
fn synthetic_number(slug: &str) -> Option<usize> {
    slug.strip_prefix(SLUG_PREFIX)?.parse().ok()
}

fn tenant_company(line: ActivityLine, rng: &mut Rng) -> String {
    let tails: &[&str] = match line {
        ActivityLine::Crm => &["Contact", "Relation Client", "CX Services", "Call Center"],
        ActivityLine::Ito => &["Digital", "Software", "Cloud Ops", "IT Services"],
        ActivityLine::Bpo => &["Back Office", "Finance Services", "Payroll Services"],
        ActivityLine::Eso => &["Engineering", "Aero Design", "Automotive Engineering"],
        ActivityLine::Kpo => &["Analytics", "Research", "Legal Process"],
    };
    format!("{} {}", rng.pick(NAME_HEADS), rng.pick(tails))
}

/// Where a synthetic park is.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    region_code: &'a str,
    city: &'static str,
    lon: f64,
    lat: f64,
}

#[derive(Debug, Clone)]
struct ParkPlan<'a> {
    number: usize,
    place: Place<'a>,
    status: ParkStatus,
    operator: &'static str,
    delivery_date: Option<NaiveDate>,
    rent_centimes_per_m2_month: i64,
    land_ha: f64,
    buildings: Vec<BuildingPlan>,
}

#[derive(Debug, Clone)]
struct BuildingPlan {
    name: String,
    floor_area_m2: i64,
    delivery_date: Option<NaiveDate>,
    tenants: Vec<TenantPlan>,
}

#[derive(Debug, Clone)]
struct TenantPlan {
    company: String,
    country: &'static str,
    line: ActivityLine,
    events: Vec<PlannedEvent>,
    reports: Vec<PlannedReport>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PlannedEvent {
    kind: LeaseKind,
    area_m2: i64,
    effective_date: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PlannedReport {
    quarter: Quarter,
    full_time: i64,
    part_time: i64,
    new_moroccan_recruits: i64,
}

/// Invents one park: its status and dates, 1-4 buildings, their tenants and reports.
fn plan_park<'a>(
    number: usize,
    place: Place<'a>,
    rng: &mut Rng,
    today: NaiveDate,
    quarters: &[Quarter],
) -> ParkPlan<'a> {
    let weights = STATUS_WEIGHTS.map(|(_, w)| w);
    let status = STATUS_WEIGHTS[pick_weighted(&weights, rng.unit())].0;
    let delivery_date = match status {
        ParkStatus::Operating => None,
        ParkStatus::UnderConstruction => Some(today + Duration::days(rng.range(90, 720))),
        ParkStatus::Planned => Some(today + Duration::days(rng.range(730, 1_800))),
    };
    let building_count = rng.range(1, 4);
    // one operating park in seven has an extension under way
    let has_extension = status == ParkStatus::Operating && building_count > 1 && rng.unit() < 0.15;
    let mut buildings = Vec::new();
    for i in 0..building_count {
        let floor_area_m2 = rng.range(20, 300) * 100;
        let building_delivery = match delivery_date {
            // later phases follow the first by six months each
            Some(first) => Some(first + Duration::days(180 * i)),
            None if has_extension && i == building_count - 1 => {
                Some(today + Duration::days(rng.range(60, 540)))
            }
            None => None,
        };
        let tenants = match (status, building_delivery) {
            (ParkStatus::Planned, _) => Vec::new(),
            (_, Some(delivery)) if delivery > today => {
                // pre-lets: move in on the delivery date
                let goal_m2 = (floor_area_m2 as f64 * rng.unit() * 0.4) as i64;
                let_building(floor_area_m2, goal_m2, Some(delivery), rng, today, quarters)
            }
            _ => {
                let goal_m2 = (floor_area_m2 as f64 * (0.45 + rng.unit() * 0.52)) as i64;
                let_building(floor_area_m2, goal_m2, None, rng, today, quarters)
            }
        };
        buildings.push(BuildingPlan {
            name: format!(
                "{} {}",
                if building_count > 1 {
                    "Bâtiment"
                } else {
                    "Immeuble"
                },
                (b'A' + i as u8) as char
            ),
            floor_area_m2,
            delivery_date: building_delivery,
            tenants,
        });
    }
    let total_floor_m2: i64 = buildings.iter().map(|b| b.floor_area_m2).sum();
    // land is two to four times the office floor
    let land_ha =
        (total_floor_m2 as f64 * (2.0 + rng.unit() * 2.0) / 10_000.0 * 10.0).round() / 10.0;
    let operator = *rng.pick(OPERATORS);
    ParkPlan {
        number,
        place,
        status,
        operator,
        delivery_date,
        // 50.00 to 150.00 MAD/m²/month in steps of 0.50 MAD
        rent_centimes_per_m2_month: rng.range(100, 300) * 50,
        land_ha,
        buildings,
    }
}

/// Lets a building to invented tenants, up to `goal_m2` (at most the floor
/// area). Each tenant's largest area over its lease counts against the goal,
/// so the leases in force never exceed it, at any date. With `pre_let_on`,
/// every tenant moves in on that (future) date; otherwise tenants moved in
/// in the past, some resized since and some have a move-out scheduled.
fn let_building(
    floor_area_m2: i64,
    goal_m2: i64,
    pre_let_on: Option<NaiveDate>,
    rng: &mut Rng,
    today: NaiveDate,
    quarters: &[Quarter],
) -> Vec<TenantPlan> {
    let goal_m2 = goal_m2.min(floor_area_m2);
    let window_days = quarters
        .first()
        .map_or(30, |q| (today - q.first_day()).num_days())
        .max(31);
    let line_weights = LINE_WEIGHTS.map(|(_, w)| w);
    let largest_m2 = (floor_area_m2 / 2).clamp(MIN_LEASE_M2, 5_000);
    let mut committed_m2 = 0;
    let mut out = Vec::new();
    while goal_m2 - committed_m2 >= MIN_LEASE_M2 {
        let room_m2 = goal_m2 - committed_m2;
        let area_m2 = (rng.range(MIN_LEASE_M2, largest_m2) / 10 * 10).min(room_m2);
        let line = LINE_WEIGHTS[pick_weighted(&line_weights, rng.unit())].0;
        let company = tenant_company(line, rng);
        let country = *rng.pick(COUNTRIES);
        let move_in = |area_m2, effective_date| PlannedEvent {
            kind: LeaseKind::MoveIn,
            area_m2,
            effective_date,
        };
        let mut peak_m2 = area_m2;
        let events = match pre_let_on {
            Some(delivery) => vec![move_in(area_m2, delivery)],
            None => {
                // most moved in before the reported quarters, the others during them
                let days_back = if rng.unit() < 0.6 {
                    rng.range(800, 3_000)
                } else {
                    rng.range(30, window_days)
                };
                let since = today - Duration::days(days_back);
                let mut events = vec![move_in(area_m2, since)];
                if rng.unit() < 0.25 {
                    let on = since + Duration::days(rng.range(90, 400));
                    let resized_m2 = ((area_m2 as f64 * (0.7 + rng.unit() * 0.6)) as i64 / 10 * 10)
                        .clamp(MIN_LEASE_M2.min(area_m2), room_m2);
                    if on < today && resized_m2 != area_m2 {
                        events.push(PlannedEvent {
                            kind: LeaseKind::Resize,
                            area_m2: resized_m2,
                            effective_date: on,
                        });
                        peak_m2 = peak_m2.max(resized_m2);
                    }
                }
                if rng.unit() < 0.08 {
                    events.push(PlannedEvent {
                        kind: LeaseKind::MoveOut,
                        area_m2: 0,
                        effective_date: today + Duration::days(rng.range(30, 240)),
                    });
                }
                events
            }
        };
        let reports = plan_reports(&events, quarters, 8.0 + rng.unit() * 5.0);
        committed_m2 += peak_m2;
        out.push(TenantPlan {
            company,
            country,
            line,
            events,
            reports,
        });
    }
    out
}

/// A validated report for each reported quarter whose last day the tenant
/// is in: headcount from the area then leased, ramping up over the first year.
fn plan_reports(
    events: &[PlannedEvent],
    quarters: &[Quarter],
    m2_per_job: f64,
) -> Vec<PlannedReport> {
    let Some(since) = events
        .iter()
        .find(|e| e.kind == LeaseKind::MoveIn)
        .map(|e| e.effective_date)
    else {
        return Vec::new();
    };
    let mut previous = 0;
    let mut out = Vec::new();
    for &quarter in quarters {
        let end = quarter.last_day();
        let mut area_m2 = 0;
        for e in events.iter().filter(|e| e.effective_date <= end) {
            area_m2 = e.area_m2; // a move-out's area is 0
        }
        if area_m2 == 0 {
            continue;
        }
        let ramp = ((end - since).num_days() as f64 / 365.0).clamp(0.35, 1.0);
        let headcount = (area_m2 as f64 / m2_per_job * ramp) as i64;
        let part_time = headcount / 10;
        out.push(PlannedReport {
            quarter,
            full_time: headcount - part_time,
            part_time,
            new_moroccan_recruits: (headcount - previous).max(0) + headcount / 25,
        });
        previous = headcount;
    }
    out
}

/// Adds a planned park's rows, with their ids, to those waiting to be written.
fn add_rows(
    rows: &mut Rows,
    plan: &ParkPlan<'_>,
    ids: &mut NextIds,
    now: DateTime<Utc>,
    counts: &mut SyntheticCounts,
) {
    let park_id = take_id(&mut ids.park);
    rows.parks.push(new_park(plan, park_id, now));
    counts.parks += 1;
    for b in &plan.buildings {
        let building_id = take_id(&mut ids.building);
        rows.buildings.push(NewBuilding {
            id: Some(building_id),
            park_id,
            name: b.name.clone(),
            floor_area_m2: b.floor_area_m2,
            seats: seats(b.floor_area_m2),
            delivery_date: b.delivery_date,
            is_demo: true,
        });
        counts.buildings += 1;
        for t in &b.tenants {
            let tenant_id = take_id(&mut ids.tenant);
            rows.tenants.push(NewTenant {
                id: Some(tenant_id),
                company: t.company.clone(),
                country: t.country.into(),
                activity_line: t.line,
                is_demo: true,
            });
            counts.tenants += 1;
            for e in &t.events {
                rows.lease_events.push(NewLeaseEvent {
                    building_id,
                    tenant_id,
                    kind: e.kind,
                    area_m2: e.area_m2,
                    seats: seats(e.area_m2),
                    effective_date: e.effective_date,
                    recorded_by: SYNTHETIC_ACTOR.into(),
                    recorded_at: now,
                    is_demo: true,
                });
                counts.lease_events += 1;
            }
            for r in &t.reports {
                let report_id = take_id(&mut ids.report);
                rows.job_reports.push(NewReport {
                    id: Some(report_id),
                    tenant_id,
                    park_id,
                    quarter: r.quarter,
                    revision: 1,
                    new_moroccan_recruits: to_i32(r.new_moroccan_recruits),
                    status: ReportStatus::Validated,
                    comment: None,
                    submitted_at: now,
                    validated: Some((now, SYNTHETIC_ACTOR.into())),
                    is_demo: true,
                    declared_by: Some(SYNTHETIC_ACTOR.into()),
                    flags: None,
                });
                rows.job_report_lines.push(NewLine {
                    report_id,
                    activity_line: t.line,
                    full_time: to_i32(r.full_time),
                    part_time: to_i32(r.part_time),
                });
                counts.job_reports += 1;
            }
        }
    }
}

fn new_park(plan: &ParkPlan<'_>, id: i32, now: DateTime<Utc>) -> NewPark {
    let name = format!("Synthetic Park {}", plan.number);
    let city = plan.place.city;
    NewPark {
        id: Some(id),
        slug: format!("{SLUG_PREFIX}{}", plan.number),
        description_fr: Some(format!(
            "{name} : parc synthétique près de {city}, inventé pour les tests de charge."
        )),
        description_ar: Some(format!(
            "{name}: منطقة اصطناعية قرب {city}، بيانات مختلقة لاختبارات الأداء."
        )),
        description_en: Some(format!(
            "{name}: a synthetic park near {city}, invented for load tests."
        )),
        name,
        city: city.into(),
        operator: plan.operator.into(),
        status: plan.status,
        lat: plan.place.lat,
        lon: plan.place.lon,
        region_code: plan.place.region_code.into(),
        land_ha: Some(plan.land_ha),
        delivery_date: plan.delivery_date,
        rent_centimes_per_m2_month: Some(plan.rent_centimes_per_m2_month),
        press_office_floor_m2: None,
        press_reported_jobs: None,
        press_figures_year: None,
        source_note: Some("synthetic: invented by `server seed --synthetic`".into()),
        is_demo: true,
        at: now,
        by: SYNTHETIC_ACTOR.into(),
    }
}

fn seats(area_m2: i64) -> i32 {
    to_i32(area_m2 / M2_PER_SEAT)
}

fn to_i32(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

async fn next_synthetic_number(uow: &UnitOfWork) -> Result<usize, SeedError> {
    let slugs = parks::slugs_starting(uow.conn(), SLUG_PREFIX).await?;
    Ok(slugs
        .iter()
        .filter_map(|s| synthetic_number(s))
        .max()
        .unwrap_or(0)
        + 1)
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::domain::occupancy::{EventId, LeaseEvent, check_sequence, leases_at};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).expect("date")
    }

    fn index() -> &'static RegionIndex {
        crate::domain::region_lookup::reference_index()
    }

    fn casablanca() -> Place<'static> {
        Place {
            region_code: "06",
            city: "Casablanca",
            lon: -7.59,
            lat: 33.57,
        }
    }

    /// The largest total area leased in a building at any date its events change it.
    fn peak_leased_m2(building: &BuildingPlan) -> i64 {
        let events: Vec<LeaseEvent> = building
            .tenants
            .iter()
            .enumerate()
            .flat_map(|(t, tenant)| tenant.events.iter().map(move |e| (t, *e)))
            .enumerate()
            .map(|(i, (t, e))| LeaseEvent {
                id: EventId::Recorded(i as i64),
                building_id: 1,
                tenant_id: t as i32,
                kind: e.kind,
                area_m2: e.area_m2,
                seats: e.area_m2 / M2_PER_SEAT,
                effective_date: e.effective_date,
            })
            .collect();
        check_sequence(&events).expect("a coherent lease history");
        events
            .iter()
            .map(|e| {
                leases_at(&events, e.effective_date)
                    .iter()
                    .map(|l| l.area_m2)
                    .sum()
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn weighted_picks_follow_the_weights_and_skip_zero_weights() {
        let weights = [1.0, 0.0, 3.0];
        assert_eq!(pick_weighted(&weights, 0.0), 0);
        assert_eq!(pick_weighted(&weights, 0.24), 0);
        assert_eq!(pick_weighted(&weights, 0.26), 2);
        assert_eq!(pick_weighted(&weights, 0.999_999_9), 2);
        assert_eq!(pick_weighted(&weights, 1.0), 2);
    }

    #[test]
    fn the_casablanca_rabat_axis_weighs_more_than_its_population_alone() {
        let row = |code: &str, population_2024| RegionRow {
            code: code.into(),
            name_fr: String::new(),
            name_ar: String::new(),
            name_en: String::new(),
            population_2024,
        };
        let weights = region_weights(&[row("06", 100), row("04", 100), row("07", 100)]);
        assert_eq!(
            weights,
            vec![
                ("06".into(), 200.0),
                ("04".into(), 150.0),
                ("07".into(), 100.0)
            ]
        );
    }

    #[test]
    fn random_points_fall_inside_the_region_asked_for() {
        let mut rng = Rng(7);
        for code in ["01", "04", "06", "08", "11", "12"] {
            for _ in 0..20 {
                let (lon, lat) = random_point_in(index(), code, &mut rng).expect("a point");
                assert!(index().contains(code, lon, lat), "{code}: {lon}, {lat}");
            }
        }
        assert_eq!(random_point_in(index(), "99", &mut rng), None);
    }

    #[test]
    fn every_region_has_a_city_and_every_city_lies_in_its_region() {
        for code in (1..=12).map(|n| format!("{n:02}")) {
            assert!(nearest_city(&code, -7.0, 32.0).is_some(), "{code}");
        }
        for (code, city, lon, lat) in CITIES {
            let found = index()
                .locate(*lon, *lat)
                .unwrap_or_else(|e| panic!("{city}: {e}"));
            assert_eq!(found.code(), *code, "{city}");
        }
        assert_eq!(nearest_city("06", -7.40, 33.70), Some("Mohammedia"));
    }

    #[test]
    fn eight_quarters_are_reported_ending_with_the_last_complete_one() {
        let quarters = report_quarters(today());
        assert_eq!(quarters.len(), 8);
        assert_eq!(quarters[7], Quarter::new(2026, 3).unwrap());
        assert_eq!(quarters[0], Quarter::new(2024, 4).unwrap());
    }

    #[test]
    fn synthetic_numbers_are_read_back_from_their_slugs_only() {
        assert_eq!(synthetic_number("synthetic-42"), Some(42));
        assert_eq!(synthetic_number("synthetic-park"), None);
        assert_eq!(synthetic_number("technopark-rabat"), None);
    }

    #[test]
    fn leases_never_exceed_a_building_floor_area_at_any_date() {
        let quarters = report_quarters(today());
        let mut rng = Rng(11);
        let mut tenants = 0;
        for n in 0..300 {
            let park = plan_park(n, casablanca(), &mut rng, today(), &quarters);
            for b in &park.buildings {
                tenants += b.tenants.len();
                let peak = peak_leased_m2(b);
                assert!(
                    peak <= b.floor_area_m2,
                    "park {n}, {}: {peak} m² leased in {} m²",
                    b.name,
                    b.floor_area_m2
                );
            }
        }
        assert!(tenants > 1_000, "{tenants} tenants");
    }

    #[test]
    fn statuses_lines_and_rents_have_the_intended_mix() {
        let quarters = report_quarters(today());
        let mut rng = Rng(3);
        let parks: Vec<ParkPlan<'_>> = (0..2_000)
            .map(|n| plan_park(n, casablanca(), &mut rng, today(), &quarters))
            .collect();
        let share = |s: ParkStatus| {
            parks.iter().filter(|p| p.status == s).count() as f64 / parks.len() as f64
        };
        assert!((0.75..0.85).contains(&share(ParkStatus::Operating)));
        assert!((0.07..0.13).contains(&share(ParkStatus::UnderConstruction)));
        assert!((0.07..0.13).contains(&share(ParkStatus::Planned)));
        for p in &parks {
            assert!((5_000..=15_000).contains(&p.rent_centimes_per_m2_month));
            assert!((1..=4).contains(&p.buildings.len()));
            for b in &p.buildings {
                assert!((2_000..=30_000).contains(&b.floor_area_m2));
            }
        }
        let lines: Vec<ActivityLine> = parks
            .iter()
            .flat_map(|p| &p.buildings)
            .flat_map(|b| &b.tenants)
            .map(|t| t.line)
            .collect();
        let count = |l: ActivityLine| lines.iter().filter(|x| **x == l).count();
        let order = [
            ActivityLine::Crm,
            ActivityLine::Ito,
            ActivityLine::Bpo,
            ActivityLine::Eso,
            ActivityLine::Kpo,
        ];
        for pair in order.windows(2) {
            assert!(count(pair[0]) > count(pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn parks_not_yet_operating_have_future_deliveries_and_no_reports() {
        let quarters = report_quarters(today());
        let mut rng = Rng(5);
        let mut seen = 0;
        for n in 0..500 {
            let park = plan_park(n, casablanca(), &mut rng, today(), &quarters);
            if park.status == ParkStatus::Operating {
                continue;
            }
            seen += 1;
            assert!(park.delivery_date.is_some_and(|d| d > today()));
            for b in &park.buildings {
                assert!(b.delivery_date.is_some_and(|d| d > today()), "{}", b.name);
                for t in &b.tenants {
                    assert!(t.reports.is_empty());
                    assert!(t.events.iter().all(|e| e.effective_date > today()));
                }
                if park.status == ParkStatus::Planned {
                    assert!(b.tenants.is_empty());
                }
            }
        }
        assert!(seen > 50, "{seen} parks not operating");
    }

    #[test]
    fn reports_cover_the_quarters_a_tenant_is_in_with_the_area_then_leased() {
        let quarters = report_quarters(today());
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let events = [
            PlannedEvent {
                kind: LeaseKind::MoveIn,
                area_m2: 1_000,
                effective_date: on(2025, 5, 1),
            },
            PlannedEvent {
                kind: LeaseKind::Resize,
                area_m2: 2_000,
                effective_date: on(2026, 2, 1),
            },
        ];
        let reports = plan_reports(&events, &quarters, 10.0);
        // 2025 Q2 to 2026 Q3
        assert_eq!(reports.len(), 6);
        assert_eq!(reports[0].quarter, Quarter::new(2025, 2).unwrap());
        let headcount = |r: &PlannedReport| r.full_time + r.part_time;
        // ramping up: 35% of 100 jobs in the first quarter
        assert_eq!(headcount(&reports[0]), 35);
        // after the resize, a year in: 200 jobs, a tenth of them part time
        assert_eq!(headcount(&reports[5]), 200);
        assert_eq!(reports[5].part_time, 20);
        assert!(reports.iter().all(|r| r.new_moroccan_recruits >= 0));
    }

    #[test]
    fn the_same_seed_invents_the_same_parks() {
        let quarters = report_quarters(today());
        let plan = |seed| {
            let mut rng = Rng(seed);
            let p = plan_park(1, casablanca(), &mut rng, today(), &quarters);
            format!("{p:?}")
        };
        assert_eq!(plan(9), plan(9));
        assert_ne!(plan(9), plan(10));
    }
}
