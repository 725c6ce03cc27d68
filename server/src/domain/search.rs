//! Filtering and ordering parks for a search: pure, over facts derived once.
use std::cmp::Ordering;

use app::model::{ActivityLine, ParkSearch, ParkSummary, SortKey};
use chrono::NaiveDate;

use super::access::distance_km;
use super::timeline::FreeTimeline;

/// What a search needs to know of one park.
pub struct Candidate<'a> {
    pub summary: &'a ParkSummary,
    pub timeline: &'a FreeTimeline,
}

/// A matching park: its position in the candidates and what was computed for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub distance_km: Option<f64>,
    /// Free (m², seats) at the date free space is counted at.
    pub free: (i64, i64),
}

/// Where to measure from: (lat, lon) and the radius in km.
pub type Origin = ((f64, f64), f64);

fn has_line(lines: &[ActivityLine], wanted: &[ActivityLine]) -> bool {
    wanted.is_empty() || lines.iter().any(|l| wanted.contains(l))
}

/// All matches, ordered as the search asks. `free_date` is `available_by`,
/// or the date the candidates' figures were derived at.
pub fn run(
    candidates: &[Candidate<'_>],
    q: &ParkSearch,
    origin: Option<Origin>,
    free_date: NaiveDate,
) -> Vec<Hit> {
    let mut hits: Vec<Hit> = candidates
        .iter()
        .enumerate()
        .filter_map(|(index, c)| {
            let p = c.summary;
            if (!q.regions.is_empty() && !q.regions.contains(&p.region_code))
                || (!q.statuses.is_empty() && !q.statuses.contains(&p.status))
                || !has_line(&p.activity_lines, &q.lines)
            {
                return None;
            }
            if let Some(max) = q.max_rent_centimes
                && p.rent_centimes_per_m2_month.is_none_or(|r| r > max)
            {
                return None;
            }
            let free = if q.available_by.is_some() {
                c.timeline.free_at(free_date)
            } else {
                (p.available_m2, p.available_seats)
            };
            let wants_free =
                q.min_free_m2.is_some() || q.min_free_seats.is_some() || q.available_by.is_some();
            // with no minimum at all, "available by a date" means some space is free then
            let min_m2 = q
                .min_free_m2
                .unwrap_or(if q.min_free_seats.is_none() { 1 } else { 0 });
            if wants_free && (free.0 < min_m2 || free.1 < q.min_free_seats.unwrap_or(0)) {
                return None;
            }
            let distance_km = match origin {
                Some((point, within)) => {
                    let d = distance_km(point, (p.location.lat, p.location.lon));
                    if d > within {
                        return None;
                    }
                    Some(d)
                }
                None => None,
            };
            Some(Hit {
                index,
                distance_km,
                free,
            })
        })
        .collect();
    let name = |h: &Hit| {
        (
            &candidates[h.index].summary.name,
            &candidates[h.index].summary.slug,
        )
    };
    let none_last = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    hits.sort_by(|a, b| {
        let (pa, pb) = (candidates[a.index].summary, candidates[b.index].summary);
        let primary = match q.sort {
            SortKey::Name => Ordering::Equal,
            SortKey::FreeArea => b.free.0.cmp(&a.free.0),
            SortKey::Rent => none_last(
                pa.rent_centimes_per_m2_month.map(|r| r as f64),
                pb.rent_centimes_per_m2_month.map(|r| r as f64),
            ),
            SortKey::Occupancy => none_last(pa.occupancy_pct, pb.occupancy_pct),
            SortKey::Distance => none_last(a.distance_km, b.distance_km),
        };
        primary.then_with(|| name(a).cmp(&name(b)))
    });
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{LatLng, LocalizedText, ParkStatus, RegionCode};
    use chrono::{TimeZone, Utc};

    fn park(
        slug: &str,
        region: &str,
        free: i64,
        rent: Option<i64>,
        lines: &[ActivityLine],
        at: (f64, f64),
    ) -> ParkSummary {
        ParkSummary {
            slug: slug.into(),
            name: slug.to_uppercase(),
            city: "X".into(),
            operator: "Y".into(),
            status: ParkStatus::Operating,
            region_code: RegionCode::parse(region).unwrap(),
            region_name: LocalizedText::default(),
            location: LatLng {
                lat: at.0,
                lon: at.1,
            },
            land_ha: None,
            delivery_date: None,
            rent_centimes_per_m2_month: rent,
            floor_area_m2: 10_000,
            occupied_m2: 10_000 - free,
            available_m2: free,
            seats: 1_000,
            occupied_seats: 1_000 - free / 10,
            available_seats: free / 10,
            occupancy_pct: Some((10_000 - free) as f64 / 100.0),
            future_supply_m2: 0,
            occupancy_as_of: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            jobs: None,
            last_updated_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            last_updated_by: "t".into(),
            demo: false,
            activity_lines: lines.to_vec(),
            tenants: 1,
            nearest_airport: None,
            nearest_station: None,
            distance_km: None,
            free_at_date_m2: None,
        }
    }

    fn slugs(parks: &[ParkSummary], q: &ParkSearch, origin: Option<Origin>) -> Vec<String> {
        let t = FreeTimeline::default();
        let c: Vec<Candidate> = parks
            .iter()
            .map(|p| Candidate {
                summary: p,
                timeline: &t,
            })
            .collect();
        run(
            &c,
            q,
            origin,
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        )
        .into_iter()
        .map(|h| parks[h.index].slug.clone())
        .collect()
    }

    fn parks() -> Vec<ParkSummary> {
        vec![
            park(
                "casa",
                "06",
                5_000,
                Some(9_000),
                &[ActivityLine::Crm],
                (33.57, -7.59),
            ),
            park(
                "rabat",
                "04",
                200,
                Some(12_000),
                &[ActivityLine::Ito, ActivityLine::Bpo],
                (34.02, -6.84),
            ),
            park("fes", "03", 0, None, &[ActivityLine::Crm], (34.03, -5.00)),
        ]
    }

    #[test]
    fn filters_combine_and_lists_are_alternatives() {
        let p = parks();
        let q = ParkSearch {
            regions: vec![
                RegionCode::parse("06").unwrap(),
                RegionCode::parse("03").unwrap(),
            ],
            ..Default::default()
        };
        assert_eq!(slugs(&p, &q, None), ["casa", "fes"], "sorted by name");
        let q = ParkSearch {
            lines: vec![ActivityLine::Crm],
            min_free_m2: Some(1),
            ..Default::default()
        };
        assert_eq!(slugs(&p, &q, None), ["casa"]);
        let q = ParkSearch {
            max_rent_centimes: Some(10_000),
            ..Default::default()
        };
        assert_eq!(
            slugs(&p, &q, None),
            ["casa"],
            "a park without a rent never passes a rent ceiling"
        );
        let q = ParkSearch {
            min_free_seats: Some(20),
            ..Default::default()
        };
        assert_eq!(slugs(&p, &q, None), ["casa", "rabat"]);
    }

    #[test]
    fn sorting_puts_unknowns_last() {
        let p = parks();
        let q = ParkSearch {
            sort: SortKey::FreeArea,
            ..Default::default()
        };
        assert_eq!(slugs(&p, &q, None), ["casa", "rabat", "fes"]);
        let q = ParkSearch {
            sort: SortKey::Rent,
            ..Default::default()
        };
        assert_eq!(slugs(&p, &q, None), ["casa", "rabat", "fes"]);
        let q = ParkSearch {
            sort: SortKey::Occupancy,
            ..Default::default()
        };
        assert_eq!(slugs(&p, &q, None), ["casa", "rabat", "fes"]);
    }

    #[test]
    fn a_radius_keeps_the_near_parks_nearest_first() {
        let p = parks();
        let q = ParkSearch {
            sort: SortKey::Distance,
            ..Default::default()
        };
        // from Rabat, 100 km: Rabat (0 km) then Casablanca (about 85 km); Fès is about 170 km away
        assert_eq!(
            slugs(&p, &q, Some(((34.02, -6.84), 100.0))),
            ["rabat", "casa"]
        );
    }
}
