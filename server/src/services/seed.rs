//! Loading the real parks (reference data) and inventing demo data.
//!
//! The real parks come from `server/data/parks-reference.csv` (press reports,
//! see the README beside it); each park's region is re-derived from its
//! coordinates with the geo lookup and must agree with the file. The demo
//! data (buildings, tenants, lease events, job reports, rents) is invented,
//! deterministic for a given date, and flagged `is_demo` so the UI labels it.
//! Everything is written in one transaction: a seed either lands whole or not at all.
use app::model::{ActivityLine, ParkStatus, Quarter};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, Set, TransactionTrait,
};

use crate::db::entities::{
    audit_log, buildings, job_report_lines, job_reports, lease_events, parks, tenants,
};
use crate::db::snapshot;
use crate::domain::jobs::last_complete_quarter;
use crate::domain::occupancy::LeaseKind;
use crate::domain::region_lookup::RegionIndex;
use crate::domain::slug::slugify;

const PARKS_CSV: &str = include_str!("../../data/parks-reference.csv");
const SEED_ACTOR: &str = "seed";
const DEMO_ACTOR: &str = "demo seed";
/// Quarters of demo job reports.
const DEMO_QUARTERS: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("parks-reference.csv, {park}: {message}")]
    Reference { park: String, message: String },
    #[error("demo data is already present ({0} demo buildings); nothing was written")]
    DemoPresent(u64),
}

/// One row of the reference file.
#[derive(Debug, Clone)]
pub struct ReferencePark {
    pub name: String,
    pub city: String,
    pub region_code: String,
    pub lat: f64,
    pub lon: f64,
    pub status: ParkStatus,
    pub operator: String,
    pub land_ha: Option<f64>,
    pub office_floor_m2: Option<i64>,
    pub reported_jobs: Option<i64>,
    pub figures_year: Option<i32>,
    pub notes: String,
}

/// Parses the reference parks; an unreadable row stops everything with its name.
pub fn reference_parks() -> Result<Vec<ReferencePark>, SeedError> {
    let mut reader = csv::Reader::from_reader(PARKS_CSV.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let row = record.map_err(|e| SeedError::Reference {
            park: "?".into(),
            message: e.to_string(),
        })?;
        let get = |i: usize| row.get(i).unwrap_or_default().trim().to_string();
        let name = get(0);
        let bad = |message: String| SeedError::Reference {
            park: name.clone(),
            message,
        };
        let opt_f64 = |i: usize| -> Result<Option<f64>, SeedError> {
            let v = get(i);
            if v.is_empty() {
                Ok(None)
            } else {
                v.parse()
                    .map(Some)
                    .map_err(|_| bad(format!("column {i}: '{v}' is not a number")))
            }
        };
        let num = |i: usize| -> Result<f64, SeedError> {
            opt_f64(i)?.ok_or_else(|| bad(format!("column {i} is empty")))
        };
        out.push(ReferencePark {
            city: get(1),
            region_code: get(2),
            lat: num(3)?,
            lon: num(4)?,
            status: ParkStatus::parse(&get(5)).map_err(&bad)?,
            operator: get(6),
            land_ha: opt_f64(7)?,
            office_floor_m2: opt_f64(8)?.map(|v| v as i64),
            reported_jobs: opt_f64(9)?.map(|v| v as i64),
            figures_year: opt_f64(10)?.map(|v| v as i32),
            notes: get(11),
            name,
        });
    }
    Ok(out)
}

fn descriptions(p: &ReferencePark) -> (String, String, String) {
    let (fr_status, en_status, ar_status) = match p.status {
        ParkStatus::Operating => ("en exploitation", "operating", "قيد الاستغلال"),
        ParkStatus::UnderConstruction => ("en construction", "under construction", "قيد البناء"),
        ParkStatus::Planned => ("en projet", "planned", "مبرمجة"),
    };
    let land = |unit: &str| {
        p.land_ha
            .map(|h| format!(" ({h} {unit})"))
            .unwrap_or_default()
    };
    (
        format!(
            "{} : parc {} à {}{}, aménagé et géré par {}.",
            p.name,
            fr_status,
            p.city,
            land("ha"),
            p.operator
        ),
        format!(
            "{}: {} park in {}{}, developed and run by {}.",
            p.name,
            en_status,
            p.city,
            land("ha"),
            p.operator
        ),
        format!(
            "{}: منطقة {} في {}{}، يهيئها ويسيرها {}.",
            p.name,
            ar_status,
            p.city,
            land("هكتار"),
            p.operator
        ),
    )
}

/// Inserts the reference parks that are not there yet (by slug). Returns how many were added.
pub async fn seed_reference(db: &DatabaseConnection) -> Result<usize, SeedError> {
    let boundaries = snapshot::region_boundaries(db).await?;
    let index = RegionIndex::new(boundaries.iter().map(|(c, g)| (c.as_str(), g.as_str())))
        .map_err(|message| SeedError::Reference {
            park: "regions".into(),
            message,
        })?;
    let parks = reference_parks()?;
    let txn = db.begin().await?;
    let mut added = 0;
    for p in &parks {
        let slug = slugify(&p.name);
        if parks::Entity::find()
            .filter(parks::Column::Slug.eq(&slug))
            .count(&txn)
            .await?
            > 0
        {
            continue;
        }
        let located = index
            .locate(p.lon, p.lat)
            .map_err(|e| SeedError::Reference {
                park: p.name.clone(),
                message: e.to_string(),
            })?;
        if located.code() != p.region_code {
            return Err(SeedError::Reference {
                park: p.name.clone(),
                message: format!(
                    "its coordinates fall in region {}, the file says {}",
                    located.code(),
                    p.region_code
                ),
            });
        }
        let (fr, en, ar) = descriptions(p);
        let now = Utc::now();
        parks::ActiveModel {
            slug: Set(slug),
            name: Set(p.name.clone()),
            city: Set(p.city.clone()),
            operator: Set(p.operator.clone()),
            status: Set(p.status.as_str().to_string()),
            lat: Set(p.lat),
            lon: Set(p.lon),
            region_code: Set(located.code().to_string()),
            land_ha: Set(p.land_ha),
            delivery_date: Set(None),
            rent_centimes_per_m2_month: Set(None),
            description_fr: Set(Some(fr)),
            description_ar: Set(Some(ar)),
            description_en: Set(Some(en)),
            press_office_floor_m2: Set(p.office_floor_m2),
            press_reported_jobs: Set(p.reported_jobs),
            press_figures_year: Set(p.figures_year),
            source_note: Set(Some(p.notes.clone())),
            is_demo: Set(false),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            updated_by: Set(SEED_ACTOR.into()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        added += 1;
    }
    audit(
        &txn,
        SEED_ACTOR,
        "seed_reference",
        serde_json::json!({ "parks_added": added }),
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

pub(crate) async fn audit(
    txn: &DatabaseTransaction,
    actor: &str,
    action: &str,
    after: serde_json::Value,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor: Set(actor.into()),
        action: Set(action.into()),
        entity: Set("registry".into()),
        entity_id: Set(None),
        before_json: Set(None),
        after_json: Set(Some(after.to_string())),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// A small deterministic generator (SplitMix64): the same demo every time.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

pub(crate) const NAME_HEADS: &[&str] = &[
    "Atlas",
    "Argan",
    "Medina",
    "Sahara",
    "Rif",
    "Oasis",
    "Kasbah",
    "Zellige",
    "Cèdre",
    "Noria",
    "Ifrane",
    "Saffron",
    "Mogador",
    "Toubkal",
    "Anfa",
    "Volubilis",
    "Draa",
    "Souss",
    "Bouregreg",
    "Chellah",
];
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
pub(crate) const COUNTRIES: &[&str] = &[
    "FR", "FR", "FR", "ES", "MA", "MA", "US", "GB", "DE", "BE", "CA", "IT",
];

/// How full each demo park is today, from what the press says where it says something.
fn demo_occupancy(p: &parks::Model, rng: &mut Rng) -> f64 {
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

/// Invents buildings, tenants, lease events and job reports for every park.
pub async fn seed_demo(db: &DatabaseConnection, today: NaiveDate) -> Result<DemoCounts, SeedError> {
    let present = buildings::Entity::find()
        .filter(buildings::Column::IsDemo.eq(true))
        .count(db)
        .await?;
    if present > 0 {
        return Err(SeedError::DemoPresent(present));
    }
    let all_parks = parks::Entity::find().all(db).await?;
    let bar = ProgressBar::new(all_parks.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} parks")
            .expect("valid template"),
    );
    bar.set_message("demo data");
    let mut rng = Rng(0x5EED_2026);
    let mut counts = DemoCounts::default();
    let txn = db.begin().await?;
    let now = Utc::now();
    let last_q = last_complete_quarter(today);
    let mut quarters: Vec<Quarter> = vec![last_q];
    while quarters.len() < DEMO_QUARTERS {
        let prev = quarters.last().expect("non-empty").prev();
        quarters.push(prev);
    }
    quarters.reverse();
    let window_start = quarters[0].first_day();

    for park in &all_parks {
        bar.inc(1);
        // rent: Technoparks report 50-150 MAD/m²/month, Casanearshore about 90 (press)
        let rent_mad = if park.operator.contains("MITC") {
            rng.range(60, 140)
        } else {
            rng.range(75, 120)
        };
        let mut am: parks::ActiveModel = park.clone().into();
        am.rent_centimes_per_m2_month = Set(Some(rent_mad * 100));
        am.updated_at = Set(now);
        am.updated_by = Set(DEMO_ACTOR.into());
        let status = ParkStatus::parse(&park.status).unwrap_or(ParkStatus::Planned);
        if status != ParkStatus::Operating {
            am.delivery_date = Set(Some(
                NaiveDate::from_ymd_opt(today.year() + 2, 6, 30).expect("date"),
            ));
        }
        am.update(&txn).await?;

        // buildings
        let floor = park
            .press_office_floor_m2
            .unwrap_or_else(|| rng.range(8, 20) * 1_000);
        let n = ((floor as f64 / 25_000.0).round() as i64).clamp(1, 8);
        let mut park_buildings = Vec::new();
        for i in 0..n {
            let area = (floor / n / 10) * 10;
            let delivery = match status {
                ParkStatus::Operating => None,
                _ => Some(
                    NaiveDate::from_ymd_opt(today.year() + 1 + (i as i32 % 2), 6, 30)
                        .expect("date"),
                ),
            };
            let b = buildings::ActiveModel {
                park_id: Set(park.id),
                name: Set(format!(
                    "{} {}",
                    if n > 1 { "Bâtiment" } else { "Immeuble" },
                    (b'A' + i as u8) as char
                )),
                floor_area_m2: Set(area),
                seats: Set((area / 9) as i32),
                delivery_date: Set(delivery),
                is_demo: Set(true),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            counts.buildings += 1;
            park_buildings.push(b);
        }
        // an extension under way, where the press reports one
        if park
            .source_note
            .as_deref()
            .unwrap_or_default()
            .contains("extension")
        {
            buildings::ActiveModel {
                park_id: Set(park.id),
                name: Set("Extension".into()),
                floor_area_m2: Set(15_000),
                seats: Set(1_650),
                delivery_date: Set(Some(today + Duration::days(200))),
                is_demo: Set(true),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            counts.buildings += 1;
        }
        if status != ParkStatus::Operating {
            continue;
        }

        // tenants and leases, building by building
        let target = demo_occupancy(park, &mut rng);
        for b in &park_buildings {
            let goal = (b.floor_area_m2 as f64 * target) as i64;
            let mut leased = 0;
            while leased < goal {
                let max_size = (b.floor_area_m2 / 3).max(400);
                let size = (rng.range(300, max_size.min(6_000)) / 10 * 10)
                    .min(goal - leased)
                    .max(100);
                let (tail, line) = *rng.pick(NAME_TAILS);
                let company = format!("{} {}", rng.pick(NAME_HEADS), tail);
                let tenant = tenants::ActiveModel {
                    company: Set(company),
                    country: Set(rng.pick(COUNTRIES).to_string()),
                    activity_line: Set(line.as_str().to_string()),
                    is_demo: Set(true),
                    version: Set(1),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                counts.tenants += 1;
                // most moved in before the report window, the others during it
                let days_back = if rng.unit() < 0.6 {
                    rng.range(800, 3_000)
                } else {
                    rng.range(30, (today - window_start).num_days())
                };
                let since = today - Duration::days(days_back);
                let mut events = vec![(LeaseKind::MoveIn, size, since)];
                let mut current = size;
                let mut resized_on = None;
                if rng.unit() < 0.25 {
                    let when = since + Duration::days(rng.range(90, 400));
                    if when < today {
                        resized_on = Some(when);
                        current = (size as f64 * (0.8 + rng.unit() * 0.5)) as i64 / 10 * 10;
                        current = current.clamp(100, size + (goal - leased - size).max(0));
                        events.push((LeaseKind::Resize, current, when));
                    }
                }
                let moves_out = rng.unit() < 0.08;
                if moves_out {
                    // a scheduled move-out, a few months ahead
                    events.push((
                        LeaseKind::MoveOut,
                        0,
                        today + Duration::days(rng.range(30, 240)),
                    ));
                }
                for (kind, area, date) in events {
                    lease_events::ActiveModel {
                        building_id: Set(b.id),
                        tenant_id: Set(tenant.id),
                        kind: Set(kind.as_str().into()),
                        area_m2: Set(area),
                        seats: Set((area / 9) as i32),
                        effective_date: Set(date),
                        recorded_by: Set(DEMO_ACTOR.into()),
                        recorded_at: Set(now),
                        is_demo: Set(true),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                    counts.lease_events += 1;
                }
                leased += current.max(size);

                // quarterly job reports while the tenant is in
                let m2_per_job = 8.0 + rng.unit() * 5.0;
                let mut previous = 0i64;
                for q in &quarters {
                    if q.last_day() < since {
                        continue;
                    }
                    let area = if resized_on.is_some_and(|r| q.last_day() >= r) {
                        current
                    } else {
                        size
                    };
                    let ramp = ((q.last_day() - since).num_days() as f64 / 365.0).clamp(0.35, 1.0);
                    let headcount = ((area as f64 / m2_per_job) * ramp) as i64;
                    let part_time = headcount / 10;
                    let report = job_reports::ActiveModel {
                        tenant_id: Set(tenant.id),
                        park_id: Set(park.id),
                        year: Set(q.year),
                        quarter: Set(i16::from(q.quarter)),
                        revision: Set(1),
                        new_moroccan_recruits: Set(
                            ((headcount - previous).max(0) + headcount / 25) as i32,
                        ),
                        status: Set("validated".into()),
                        comment: Set(None),
                        submitted_at: Set(Some(now)),
                        validated_at: Set(Some(now)),
                        validated_by: Set(Some(DEMO_ACTOR.into())),
                        is_demo: Set(true),
                        version: Set(1),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                    job_report_lines::ActiveModel {
                        report_id: Set(report.id),
                        activity_line: Set(line.as_str().into()),
                        full_time: Set((headcount - part_time) as i32),
                        part_time: Set(part_time as i32),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                    counts.job_reports += 1;
                    previous = headcount;
                }
            }
        }
    }
    audit(
        &txn,
        DEMO_ACTOR,
        "seed_demo",
        serde_json::to_value(counts).unwrap_or_default(),
    )
    .await?;
    txn.commit().await?;
    bar.finish_and_clear();
    Ok(counts)
}

#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct DemoCounts {
    pub buildings: u64,
    pub tenants: u64,
    pub lease_events: u64,
    pub job_reports: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_file_lists_the_real_parks_with_their_press_figures() {
        let parks = reference_parks().expect("the reference file parses");
        assert!(parks.len() >= 11, "{} parks", parks.len());
        let casa = parks
            .iter()
            .find(|p| p.name == "Casanearshore")
            .expect("Casanearshore");
        assert_eq!(casa.region_code, "06");
        assert_eq!(casa.office_floor_m2, Some(270_000));
        assert_eq!(casa.reported_jobs, Some(30_000));
        assert!(parks.iter().any(|p| p.status == ParkStatus::Planned));
    }

    #[test]
    fn every_reference_park_lies_in_the_region_the_file_gives() {
        let regions = migration::reference::regions().expect("regions");
        let pairs: Vec<(String, String)> = regions
            .into_iter()
            .map(|r| (r.code, r.boundary_geojson))
            .collect();
        let index =
            RegionIndex::new(pairs.iter().map(|(c, g)| (c.as_str(), g.as_str()))).expect("index");
        for p in reference_parks().unwrap() {
            let found = index
                .locate(p.lon, p.lat)
                .unwrap_or_else(|e| panic!("{}: {e}", p.name));
            assert_eq!(found.code(), p.region_code, "{}", p.name);
        }
    }
}
