//! Filtering and ordering parks for a search: pure, over compact columns
//! derived once per index, so that a search touches a few bytes per park and
//! never sorts the whole list (the static orders are precomputed).
use app::model::{ActivityLine, ParkSearch, ParkStatus, SearchRow, SortKey};
use chrono::NaiveDate;

use super::access::distance_km;
use super::timeline::Timelines;

/// Kilometres per degree of latitude (for the radius pre-filter box).
const KM_PER_DEG: f64 = 111.2;

fn line_bit(l: ActivityLine) -> u8 {
    1 << (ActivityLine::ALL.iter().position(|x| *x == l).unwrap_or(0) as u8)
}

fn status_code(s: ParkStatus) -> u8 {
    ParkStatus::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8
}

/// What a search needs of every park, column by column, in name order.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    region: Vec<u8>,
    status: Vec<u8>,
    lines: Vec<u8>,
    free_m2: Vec<i64>,
    free_seats: Vec<i64>,
    rent: Vec<Option<i64>>,
    lat: Vec<f64>,
    lon: Vec<f64>,
    /// Park positions ordered by free area (most first), rent and occupancy (unknowns last).
    by_free_area: Vec<u32>,
    by_rent: Vec<u32>,
    by_occupancy: Vec<u32>,
}

impl Columns {
    /// Builds the columns from rows already sorted by name.
    pub fn new(parks: &[SearchRow]) -> Self {
        let mut c = Columns::default();
        for p in parks {
            c.region.push(p.region_code.as_str().parse().unwrap_or(0));
            c.status.push(status_code(p.status));
            c.lines
                .push(p.activity_lines.iter().fold(0, |acc, l| acc | line_bit(*l)));
            c.free_m2.push(p.available_m2);
            c.free_seats.push(p.available_seats);
            c.rent.push(p.rent_centimes_per_m2_month);
            c.lat.push(p.location.lat);
            c.lon.push(p.location.lon);
        }
        let n = parks.len() as u32;
        // stable sorts over name order keep names as the tie-break
        c.by_free_area = (0..n).collect();
        c.by_free_area
            .sort_by_key(|i| std::cmp::Reverse(parks[*i as usize].available_m2));
        c.by_rent = (0..n).collect();
        c.by_rent.sort_by_key(|i| {
            parks[*i as usize]
                .rent_centimes_per_m2_month
                .unwrap_or(i64::MAX)
        });
        c.by_occupancy = (0..n).collect();
        c.by_occupancy.sort_by(|a, b| {
            let key = |i: &u32| parks[*i as usize].occupancy_pct.unwrap_or(f64::INFINITY);
            key(a).total_cmp(&key(b))
        });
        c
    }

    pub fn len(&self) -> usize {
        self.region.len()
    }

    pub fn is_empty(&self) -> bool {
        self.region.is_empty()
    }
}

/// A matching park: its position and what was computed for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub distance_km: Option<f64>,
    /// Free (m², seats) at the date free space is counted at.
    pub free: (i64, i64),
}

/// Where to measure from: (lat, lon) and the radius in km.
pub type Origin = ((f64, f64), f64);

/// All matches, ordered as the search asks. `timelines` are in the columns'
/// order; `free_date` is `available_by` (only read when the search has one).
pub fn run(
    cols: &Columns,
    timelines: &Timelines,
    q: &ParkSearch,
    origin: Option<Origin>,
    free_date: NaiveDate,
    window: Option<(usize, usize)>,
) -> (usize, Vec<Hit>) {
    let regions: Vec<u8> = q
        .regions
        .iter()
        .filter_map(|r| r.as_str().parse().ok())
        .collect();
    let statuses: Vec<u8> = q.statuses.iter().map(|s| status_code(*s)).collect();
    let lines: u8 = q.lines.iter().fold(0, |acc, l| acc | line_bit(*l));
    let wants_free =
        q.min_free_m2.is_some() || q.min_free_seats.is_some() || q.available_by.is_some();
    // with no minimum at all, "available by a date" means some space is free then
    let min_m2 = q
        .min_free_m2
        .unwrap_or(if q.min_free_seats.is_none() { 1 } else { 0 });
    let min_seats = q.min_free_seats.unwrap_or(0);
    let bbox = origin.map(|((lat, lon), km)| {
        let dlat = km / KM_PER_DEG;
        let dlon = km / (KM_PER_DEG * lat.to_radians().cos().max(0.01));
        (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
    });
    let matches = |i: usize| -> Option<Hit> {
        if (!regions.is_empty() && !regions.contains(&cols.region[i]))
            || (!statuses.is_empty() && !statuses.contains(&cols.status[i]))
            || (lines != 0 && cols.lines[i] & lines == 0)
        {
            return None;
        }
        if let Some(max) = q.max_rent_centimes
            && cols.rent[i].is_none_or(|r| r > max)
        {
            return None;
        }
        let distance_km = match (origin, bbox) {
            (Some((point, within)), Some((lat0, lat1, lon0, lon1))) => {
                let (lat, lon) = (cols.lat[i], cols.lon[i]);
                if lat < lat0 || lat > lat1 || lon < lon0 || lon > lon1 {
                    return None;
                }
                let d = distance_km(point, (lat, lon));
                if d > within {
                    return None;
                }
                Some(d)
            }
            _ => None,
        };
        let free = if q.available_by.is_some() {
            timelines.free_at(i, free_date)
        } else {
            (cols.free_m2[i], cols.free_seats[i])
        };
        if wants_free && (free.0 < min_m2 || free.1 < min_seats) {
            return None;
        }
        Some(Hit {
            index: i,
            distance_km,
            free,
        })
    };
    let order: Box<dyn Iterator<Item = usize>> = match q.sort {
        SortKey::Name | SortKey::Distance => Box::new(0..cols.len()),
        SortKey::FreeArea if q.available_by.is_none() => {
            Box::new(cols.by_free_area.iter().map(|i| *i as usize))
        }
        SortKey::FreeArea => Box::new(0..cols.len()),
        SortKey::Rent => Box::new(cols.by_rent.iter().map(|i| *i as usize)),
        SortKey::Occupancy => Box::new(cols.by_occupancy.iter().map(|i| *i as usize)),
    };
    let post_sorted =
        q.sort == SortKey::Distance || (q.sort == SortKey::FreeArea && q.available_by.is_some());
    if !post_sorted {
        // already in order: count every match, keep only the requested window
        let (start, len) = window.unwrap_or((0, usize::MAX));
        let mut count = 0;
        let mut page = Vec::new();
        for hit in order.filter_map(matches) {
            if count >= start && page.len() < len {
                page.push(hit);
            }
            count += 1;
        }
        return (count, page);
    }
    let mut hits: Vec<Hit> = order.filter_map(matches).collect();
    // stable sorts: equal distances or areas stay in name order
    if q.sort == SortKey::Distance {
        hits.sort_by(|a, b| {
            a.distance_km
                .unwrap_or(f64::INFINITY)
                .total_cmp(&b.distance_km.unwrap_or(f64::INFINITY))
        });
    } else {
        hits.sort_by_key(|h| std::cmp::Reverse(h.free.0));
    }
    let count = hits.len();
    let (start, len) = window.unwrap_or((0, usize::MAX));
    (count, hits.into_iter().skip(start).take(len).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{LatLng, LocalizedText, RegionCode};

    fn park(
        slug: &str,
        region: &str,
        free: i64,
        rent: Option<i64>,
        lines: &[ActivityLine],
        at: (f64, f64),
    ) -> SearchRow {
        SearchRow {
            slug: slug.into(),
            name: slug.to_uppercase(),
            city: "X".into(),
            status: ParkStatus::Operating,
            region_code: RegionCode::parse(region).unwrap(),
            region_name: LocalizedText::default(),
            location: LatLng {
                lat: at.0,
                lon: at.1,
            },
            rent_centimes_per_m2_month: rent,
            floor_area_m2: 10_000,
            occupied_m2: 10_000 - free,
            available_m2: free,
            seats: 1_000,
            available_seats: free / 10,
            occupancy_pct: Some((10_000 - free) as f64 / 100.0),
            future_supply_m2: 0,
            activity_lines: lines.to_vec(),
            jobs: None,
            occupancy_as_of: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            demo: false,
            distance_km: None,
            free_at_date_m2: None,
        }
    }

    fn slugs(parks: &[SearchRow], q: &ParkSearch, origin: Option<Origin>) -> Vec<String> {
        let cols = Columns::new(parks);
        let timelines = Timelines::new(&vec![
            crate::domain::timeline::FreeTimeline::default();
            parks.len()
        ]);
        run(
            &cols,
            &timelines,
            q,
            origin,
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            None,
        )
        .1
        .into_iter()
        .map(|h| parks[h.index].slug.clone())
        .collect()
    }

    #[test]
    fn a_window_keeps_the_count_of_every_match() {
        let p = parks();
        let cols = Columns::new(&p);
        let timelines = Timelines::new(&vec![
            crate::domain::timeline::FreeTimeline::default();
            p.len()
        ]);
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        for sort in [SortKey::Name, SortKey::Distance] {
            let q = ParkSearch {
                sort,
                ..Default::default()
            };
            let origin = Some(((34.02, -6.84), 500.0));
            let (count, page) = run(&cols, &timelines, &q, origin, day, Some((1, 1)));
            assert_eq!(count, 3, "{sort:?}");
            assert_eq!(page.len(), 1, "{sort:?}");
            let (_, all) = run(&cols, &timelines, &q, origin, day, None);
            assert_eq!(page[0], all[1], "{sort:?}: the window is the second match");
        }
    }

    /// Sorted by name, as the index keeps them.
    fn parks() -> Vec<SearchRow> {
        vec![
            park(
                "casa",
                "06",
                5_000,
                Some(9_000),
                &[ActivityLine::Crm],
                (33.57, -7.59),
            ),
            park("fes", "03", 0, None, &[ActivityLine::Crm], (34.03, -5.00)),
            park(
                "rabat",
                "04",
                200,
                Some(12_000),
                &[ActivityLine::Ito, ActivityLine::Bpo],
                (34.02, -6.84),
            ),
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
        assert_eq!(slugs(&p, &q, None), ["casa", "fes"], "in name order");
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
        // the box pre-filter keeps everything the exact distance keeps
        assert_eq!(
            slugs(&p, &q, Some(((34.02, -6.84), 200.0))),
            ["rabat", "casa", "fes"]
        );
    }
}
