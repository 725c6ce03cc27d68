//! The real parks, from `server/data/parks-reference.csv` (press reports,
//! see the README beside it): parsed, each park's region re-derived from
//! its coordinates with the geo lookup (it must agree with the file), and
//! inserted when not there yet.
use app::model::ParkStatus;
use chrono::Utc;

use super::{SeedError, region_index};
use crate::db::Connection;
use crate::db::audit::Entry;
use crate::db::parks::{self, NewPark};
use crate::db::unit_of_work::UnitOfWork;
use crate::domain::region_lookup::RegionIndex;
use crate::domain::slug::slugify;

const PARKS_CSV: &str = include_str!("../../data/parks-reference.csv");
const SEED_ACTOR: &str = "seed";

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
pub async fn seed_reference(db: &Connection) -> Result<usize, SeedError> {
    let index = region_index(db).await?;
    let parks = reference_parks()?;
    let mut uow = UnitOfWork::begin(db).await?;
    let mut added = 0;
    for p in &parks {
        let slug = slugify(&p.name);
        if parks::slug_exists(uow.conn(), &slug).await? {
            continue;
        }
        let region_code = located_region(&index, p)?;
        parks::insert(uow.conn(), new_park(p, slug, region_code)).await?;
        added += 1;
    }
    uow.audit(Entry::registry(
        SEED_ACTOR,
        "seed_reference",
        serde_json::json!({ "parks_added": added }),
    ))
    .await?;
    uow.commit("committing the reference parks").await?;
    Ok(added)
}

/// The region the park's coordinates fall in, which must be the file's.
fn located_region(index: &RegionIndex, p: &ReferencePark) -> Result<String, SeedError> {
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
    Ok(located.code().to_string())
}

fn new_park(p: &ReferencePark, slug: String, region_code: String) -> NewPark {
    let (fr, en, ar) = descriptions(p);
    NewPark {
        id: None,
        slug,
        name: p.name.clone(),
        city: p.city.clone(),
        operator: p.operator.clone(),
        status: p.status,
        lat: p.lat,
        lon: p.lon,
        region_code,
        land_ha: p.land_ha,
        delivery_date: None,
        rent_centimes_per_m2_month: None,
        description_fr: Some(fr),
        description_ar: Some(ar),
        description_en: Some(en),
        press_office_floor_m2: p.office_floor_m2,
        press_reported_jobs: p.reported_jobs,
        press_figures_year: p.figures_year,
        source_note: Some(p.notes.clone()),
        is_demo: false,
        at: Utc::now(),
        by: SEED_ACTOR.into(),
    }
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
