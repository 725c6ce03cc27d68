//! Filtering and ordering parks for a search: pure, over compact columns
//! derived once per index, so that a search touches a few bytes per park and
//! never sorts the whole list (the static orders are precomputed).
use std::cell::RefCell;

use app::model::{ActivityLine, PER_PAGE_MAX, ParkSearch, ParkStatus, SearchRow, SortKey};
use chrono::NaiveDate;

use super::access::{EARTH_RADIUS_KM, distance_km};
use super::timeline::Timelines;

/// Latitudes and longitudes in degrees: (lat0, lat1, lon0, lon1).
type LatLonBox = (f64, f64, f64, f64);

/// A box of latitudes and longitudes (lat0, lat1, lon0, lon1) that holds every
/// point within `km` of (lat, lon) on the sphere `distance_km` measures on:
/// the bounding coordinates of J. P. Matuschek, "Finding Points Within a
/// Distance of a Latitude/Longitude Using Bounding Coordinates" (2010), widened
/// by a hair against rounding. Every longitude when a pole or the 180th
/// meridian is within reach.
fn radius_box(lat: f64, lon: f64, km: f64) -> LatLonBox {
    let angle = km / EARTH_RADIUS_KM * (1.0 + 1e-9);
    let dlat = angle.to_degrees();
    let (lat0, lat1) = (lat - dlat, lat + dlat);
    let every = (lat0, lat1, f64::NEG_INFINITY, f64::INFINITY);
    if lat0 <= -90.0 || lat1 >= 90.0 {
        return every;
    }
    let dlon = (angle.sin() / lat.to_radians().cos())
        .min(1.0)
        .asin()
        .to_degrees();
    if lon - dlon < -180.0 || lon + dlon > 180.0 {
        return every;
    }
    (lat0, lat1, lon - dlon, lon + dlon)
}

/// A park's region, status and activity lines as bits of one word, so that
/// the list filters cost one load per park: region `r` (1 to 12) is bit `r`,
/// status `s` bit `16 + s`, activity line `l` bit `24 + l`.
fn region_bit(code: &str) -> u32 {
    code.parse::<u32>()
        .ok()
        .filter(|r| (1..16).contains(r))
        .map_or(0, |r| 1 << r)
}

fn status_bit(s: ParkStatus) -> u32 {
    1 << (16 + ParkStatus::ALL.iter().position(|x| *x == s).unwrap_or(0))
}

fn line_bit(l: ActivityLine) -> u32 {
    1 << (24 + ActivityLine::ALL.iter().position(|x| *x == l).unwrap_or(0))
}

/// What a search needs of every park, column by column, in name order.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Region, status and activity lines present: see `region_bit`.
    tags: Vec<u32>,
    free_m2: Vec<i64>,
    free_seats: Vec<i64>,
    rent: Vec<Option<i64>>,
    lat: Vec<f64>,
    lon: Vec<f64>,
    /// Park positions ordered by latitude, and their latitudes: the parks of a
    /// band of latitudes are a range of it (a radius search visits only its band).
    by_lat: Vec<u32>,
    lat_sorted: Vec<f64>,
    /// Park positions ordered by free area (most first), rent and occupancy (unknowns last).
    by_free_area: Vec<u32>,
    by_rent: Vec<u32>,
    by_occupancy: Vec<u32>,
    /// Free area in `by_free_area` order and rent in `by_rent` order (none:
    /// `i64::MAX`): a minimum free area or a maximum rent is a prefix of its
    /// order, and a search sorted that way stops at its end.
    free_area_sorted: Vec<i64>,
    rent_sorted: Vec<i64>,
}

impl Columns {
    /// Builds the columns from rows already sorted by name.
    pub fn new(parks: &[SearchRow]) -> Self {
        let mut c = Columns::default();
        for p in parks {
            c.tags.push(p.activity_lines.iter().fold(
                region_bit(p.region_code.as_str()) | status_bit(p.status),
                |acc, l| acc | line_bit(*l),
            ));
            c.free_m2.push(p.available_m2);
            c.free_seats.push(p.available_seats);
            c.rent.push(p.rent_centimes_per_m2_month);
            c.lat.push(p.location.lat);
            c.lon.push(p.location.lon);
        }
        let n = parks.len() as u32;
        c.by_lat = (0..n).collect();
        c.by_lat
            .sort_by(|a, b| c.lat[*a as usize].total_cmp(&c.lat[*b as usize]));
        c.lat_sorted = c.by_lat.iter().map(|i| c.lat[*i as usize]).collect();
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
        c.free_area_sorted = c
            .by_free_area
            .iter()
            .map(|i| c.free_m2[*i as usize])
            .collect();
        c.rent_sorted = c
            .by_rent
            .iter()
            .map(|i| c.rent[*i as usize].unwrap_or(i64::MAX))
            .collect();
        c.by_occupancy = (0..n).collect();
        c.by_occupancy.sort_by(|a, b| {
            let key = |i: &u32| parks[*i as usize].occupancy_pct.unwrap_or(f64::INFINITY);
            key(a).total_cmp(&key(b))
        });
        c
    }

    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
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

/// A search's filters, compiled against the columns once per search.
struct Filter<'a> {
    cols: &'a Columns,
    /// Every park's free (m², seats) at `available_by`, when the search has one.
    free_at: Option<&'a [(i64, i64)]>,
    /// Bit masks of the lists (`region_bit`); 0: any.
    regions: u32,
    statuses: u32,
    lines: u32,
    max_rent: Option<i64>,
    /// The point, the radius, and the box around them.
    near: Option<(Origin, LatLonBox)>,
    wants_free: bool,
    min_m2: i64,
    min_seats: i64,
}

impl<'a> Filter<'a> {
    fn new(
        cols: &'a Columns,
        free_at: Option<&'a [(i64, i64)]>,
        q: &ParkSearch,
        origin: Option<Origin>,
    ) -> Self {
        Filter {
            cols,
            free_at,
            regions: q
                .regions
                .iter()
                .fold(0, |acc, r| acc | region_bit(r.as_str())),
            statuses: q.statuses.iter().fold(0, |acc, s| acc | status_bit(*s)),
            lines: q.lines.iter().fold(0, |acc, l| acc | line_bit(*l)),
            max_rent: q.max_rent_centimes,
            near: origin.map(|((lat, lon), km)| (((lat, lon), km), radius_box(lat, lon, km))),
            wants_free: q.min_free_m2.is_some()
                || q.min_free_seats.is_some()
                || q.available_by.is_some(),
            // with no minimum at all, "available by a date" means some space is free then
            min_m2: q
                .min_free_m2
                .unwrap_or(if q.min_free_seats.is_none() { 1 } else { 0 }),
            min_seats: q.min_free_seats.unwrap_or(0),
        }
    }

    /// Whether park `i` passes the list, rent and free-space filters, computed
    /// without branching on the park's data (the compiler is free to use
    /// conditional moves): the matches of a search are not predictable.
    #[inline(always)]
    fn passes_columns(&self, i: usize) -> bool {
        let c = self.cols;
        let tags = c.tags[i];
        let lists = (self.regions == 0 || tags & self.regions != 0)
            & (self.statuses == 0 || tags & self.statuses != 0)
            & (self.lines == 0 || tags & self.lines != 0);
        let rent = match self.max_rent {
            Some(max) => c.rent[i].is_some_and(|r| r <= max),
            None => true,
        };
        let (m2, seats) = self.free(i);
        let free = !self.wants_free | ((m2 >= self.min_m2) & (seats >= self.min_seats));
        lists & rent & free
    }

    /// Free (m², seats) of park `i` at the date free space is counted at.
    #[inline(always)]
    fn free(&self, i: usize) -> (i64, i64) {
        match self.free_at {
            Some(free_at) => free_at[i],
            None => (self.cols.free_m2[i], self.cols.free_seats[i]),
        }
    }

    /// Without a radius: `Some(None)`. With one: the distance if park `i` is
    /// within it, `None` if not.
    #[inline(always)]
    fn within(&self, i: usize) -> Option<Option<f64>> {
        let Some(((point, within), (lat0, lat1, lon0, lon1))) = self.near else {
            return Some(None);
        };
        let (lat, lon) = (self.cols.lat[i], self.cols.lon[i]);
        if lat < lat0 || lat > lat1 || lon < lon0 || lon > lon1 {
            return None;
        }
        let d = distance_km(point, (lat, lon));
        (d <= within).then_some(Some(d))
    }

    /// Park `i` if it matches.
    #[inline(always)]
    fn test(&self, i: usize) -> Option<Hit> {
        if !self.passes_columns(i) {
            return None;
        }
        Some(Hit {
            index: i,
            distance_km: self.within(i)?,
            free: self.free(i),
        })
    }

    /// Every match, in no particular order: with a radius, only the parks of
    /// its band of latitudes are visited.
    fn all(&self) -> Vec<Hit> {
        let mut hits = Vec::new();
        match self.near {
            Some((_, (lat0, lat1, _, _))) => {
                let c = self.cols;
                let from = c.lat_sorted.partition_point(|lat| *lat < lat0);
                let to = c.lat_sorted.partition_point(|lat| *lat <= lat1);
                for i in c.by_lat[from..to.max(from)].iter() {
                    if let Some(hit) = self.test(*i as usize) {
                        hits.push(hit);
                    }
                }
            }
            None => {
                for i in 0..self.cols.len() {
                    if let Some(hit) = self.test(i) {
                        hits.push(hit);
                    }
                }
            }
        }
        hits
    }

    /// Matches of parks already in the order asked: counts them all, keeps the window.
    fn in_order(
        &self,
        order: impl Iterator<Item = usize>,
        window: Option<(usize, usize)>,
    ) -> (usize, Vec<Hit>) {
        let (start, len) = window.unwrap_or((0, usize::MAX));
        let end = start.saturating_add(len);
        let mut count = 0;
        let mut page = Vec::with_capacity(len.min(PER_PAGE_MAX as usize));
        for i in order {
            if (start..end).contains(&count) {
                if let Some(hit) = self.test(i) {
                    page.push(hit);
                    count += 1;
                }
            } else {
                // outside the window only the count matters: no branch on the data
                // (but for the distance, computed only inside the box)
                count += usize::from(self.passes_columns(i) && self.within(i).is_some());
            }
        }
        (count, page)
    }
}

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
    thread_local! {
        /// Free space at `available_by`, computed for every park by each search
        /// that has one, in a buffer each thread reuses.
        static FREE_AT: RefCell<Vec<(i64, i64)>> = const { RefCell::new(Vec::new()) };
    }
    match q.available_by {
        Some(_) => FREE_AT.with_borrow_mut(|free_at| {
            timelines.free_column(Timelines::day(free_date), free_at);
            run_with(&Filter::new(cols, Some(free_at), q, origin), q, window)
        }),
        None => run_with(&Filter::new(cols, None, q, origin), q, window),
    }
}

fn run_with(f: &Filter<'_>, q: &ParkSearch, window: Option<(usize, usize)>) -> (usize, Vec<Hit>) {
    let cols = f.cols;
    match q.sort {
        SortKey::Name => f.in_order(0..cols.len(), window),
        SortKey::FreeArea if q.available_by.is_none() => {
            // the parks under a minimum free area are the order's tail: not visited
            let end = q.min_free_m2.map_or(cols.len(), |min| {
                cols.free_area_sorted.partition_point(|m2| *m2 >= min)
            });
            f.in_order(positions(&cols.by_free_area[..end]), window)
        }
        SortKey::Rent => {
            // the parks over a maximum rent, and those without one, are the tail
            let end = q.max_rent_centimes.map_or(cols.len(), |max| {
                cols.rent_sorted.partition_point(|rent| *rent <= max)
            });
            f.in_order(positions(&cols.by_rent[..end]), window)
        }
        SortKey::Occupancy => f.in_order(positions(&cols.by_occupancy), window),
        // orders that depend on the search: sorted after filtering; ties stay
        // in name order (the position is the last key)
        SortKey::Distance => sorted_after(
            f.all(),
            |a, b| {
                let d = |h: &Hit| h.distance_km.unwrap_or(f64::INFINITY);
                d(a).total_cmp(&d(b)).then(a.index.cmp(&b.index))
            },
            window,
        ),
        SortKey::FreeArea => sorted_after(
            f.all(),
            |a, b| b.free.0.cmp(&a.free.0).then(a.index.cmp(&b.index)),
            window,
        ),
    }
}

fn positions(order: &[u32]) -> impl Iterator<Item = usize> + '_ {
    order.iter().map(|i| *i as usize)
}

/// The window of `hits` in the total order `cmp`, without sorting what lies after it.
fn sorted_after(
    mut hits: Vec<Hit>,
    cmp: impl Fn(&Hit, &Hit) -> std::cmp::Ordering,
    window: Option<(usize, usize)>,
) -> (usize, Vec<Hit>) {
    let count = hits.len();
    let (start, len) = window.unwrap_or((0, usize::MAX));
    let end = start.saturating_add(len).min(count);
    if start >= end {
        return (count, Vec::new());
    }
    if end < count {
        hits.select_nth_unstable_by(end - 1, &cmp);
        hits.truncate(end);
    }
    // `cmp` is total (positions are unique): an unstable sort gives the stable order
    hits.sort_unstable_by(&cmp);
    hits.drain(..start);
    (count, hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::timeline::FreeTimeline;
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
        let timelines = Timelines::new(
            &vec![crate::domain::timeline::FreeTimeline::default(); parks.len()],
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        );
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
        let timelines = Timelines::new(
            &vec![crate::domain::timeline::FreeTimeline::default(); p.len()],
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        );
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

    /// A plain reading of the search rules (filter in name order, then a
    /// stable sort), to check the columns, masks, bands and windows against.
    fn reference(
        parks: &[SearchRow],
        timelines: &[FreeTimeline],
        q: &ParkSearch,
        origin: Option<Origin>,
        free_date: NaiveDate,
    ) -> Vec<usize> {
        let mut hits: Vec<(usize, Option<f64>, i64)> = Vec::new();
        for (i, p) in parks.iter().enumerate() {
            if (!q.regions.is_empty() && !q.regions.contains(&p.region_code))
                || (!q.statuses.is_empty() && !q.statuses.contains(&p.status))
                || (!q.lines.is_empty() && !q.lines.iter().any(|l| p.activity_lines.contains(l)))
                || q.max_rent_centimes
                    .is_some_and(|max| p.rent_centimes_per_m2_month.is_none_or(|r| r > max))
            {
                continue;
            }
            let d = origin.map(|(point, _)| distance_km(point, (p.location.lat, p.location.lon)));
            if let (Some(d), Some((_, km))) = (d, origin)
                && d > km
            {
                continue;
            }
            let free = match q.available_by {
                Some(_) => timelines[i].free_at(free_date),
                None => (p.available_m2, p.available_seats),
            };
            let min_m2 = q
                .min_free_m2
                .unwrap_or(if q.min_free_seats.is_none() { 1 } else { 0 });
            let wants =
                q.min_free_m2.is_some() || q.min_free_seats.is_some() || q.available_by.is_some();
            if wants && (free.0 < min_m2 || free.1 < q.min_free_seats.unwrap_or(0)) {
                continue;
            }
            hits.push((i, d, free.0));
        }
        match q.sort {
            SortKey::Name => {}
            SortKey::FreeArea => hits.sort_by_key(|h| std::cmp::Reverse(h.2)),
            SortKey::Rent => {
                hits.sort_by_key(|h| parks[h.0].rent_centimes_per_m2_month.unwrap_or(i64::MAX))
            }
            SortKey::Occupancy => hits.sort_by(|a, b| {
                let key = |i: usize| parks[i].occupancy_pct.unwrap_or(f64::INFINITY);
                key(a.0).total_cmp(&key(b.0))
            }),
            SortKey::Distance => hits.sort_by(|a, b| {
                a.1.unwrap_or(f64::INFINITY)
                    .total_cmp(&b.1.unwrap_or(f64::INFINITY))
            }),
        }
        hits.into_iter().map(|h| h.0).collect()
    }

    #[test]
    fn every_search_and_window_agrees_with_a_plain_reading_of_the_rules() {
        // 120 invented parks with many ties: shared places, areas, rents and occupancies
        let mut seed: u64 = 7;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let today = day(2026, 11, 29);
        let places = [
            (33.57, -7.59),
            (34.02, -6.84),
            (34.03, -5.0),
            (35.76, -5.83),
            (31.63, -8.0),
        ];
        let mut parks = Vec::new();
        let mut timelines = Vec::new();
        for n in 0..120 {
            let (lat, lon) = places[next(5) as usize];
            let jitter = |k: u64| (k as f64 - 50.0) * 0.004;
            let at = if next(4) == 0 {
                (lat, lon)
            } else {
                (lat + jitter(next(100)), lon + jitter(next(100)))
            };
            let lines: Vec<ActivityLine> = ActivityLine::ALL
                .into_iter()
                .filter(|_| next(3) == 0)
                .collect();
            let free = next(6) as i64 * 500;
            let rent = (next(4) != 0).then(|| 5_000 + next(5) as i64 * 1_000);
            let mut p = park(
                &format!("p{n:03}"),
                ["01", "04", "06"][next(3) as usize],
                free,
                rent,
                &lines,
                at,
            );
            p.status = ParkStatus::ALL[next(3) as usize];
            if next(6) == 0 {
                p.occupancy_pct = None;
            }
            parks.push(p);
            // free space over time: some changes before today, some after
            let mut points = Vec::new();
            let mut date = day(2024, 1, 1);
            for _ in 0..next(5) {
                date += chrono::Duration::days(1 + next(500) as i64);
                points.push((date, next(8) as i64 * 400, next(8) as i64 * 40));
            }
            timelines.push(FreeTimeline::from_points(points));
        }
        let cols = Columns::new(&parks);
        let packed = Timelines::new(&timelines, today);
        let region = |c: &str| RegionCode::parse(c).unwrap();
        let searches = [
            ParkSearch::default(),
            ParkSearch {
                regions: vec![region("06"), region("01")],
                statuses: vec![ParkStatus::Operating, ParkStatus::Planned],
                sort: SortKey::FreeArea,
                ..Default::default()
            },
            ParkSearch {
                lines: vec![ActivityLine::Ito, ActivityLine::Crm],
                max_rent_centimes: Some(7_000),
                sort: SortKey::Rent,
                ..Default::default()
            },
            ParkSearch {
                min_free_m2: Some(1_000),
                sort: SortKey::Occupancy,
                ..Default::default()
            },
            ParkSearch {
                min_free_m2: Some(1_000),
                statuses: vec![ParkStatus::Operating],
                sort: SortKey::FreeArea,
                ..Default::default()
            },
            ParkSearch {
                min_free_m2: Some(0),
                min_free_seats: Some(10),
                sort: SortKey::FreeArea,
                ..Default::default()
            },
            ParkSearch {
                max_rent_centimes: Some(i64::MAX),
                sort: SortKey::Rent,
                ..Default::default()
            },
            ParkSearch {
                max_rent_centimes: Some(0),
                sort: SortKey::Rent,
                ..Default::default()
            },
            ParkSearch {
                min_free_seats: Some(100),
                available_by: Some(day(2027, 6, 30)),
                ..Default::default()
            },
            ParkSearch {
                available_by: Some(day(2025, 3, 1)),
                sort: SortKey::FreeArea,
                ..Default::default()
            },
            ParkSearch {
                available_by: Some(day(2028, 1, 1)),
                min_free_m2: Some(800),
                sort: SortKey::Distance,
                ..Default::default()
            },
            ParkSearch {
                statuses: vec![ParkStatus::Operating],
                sort: SortKey::Distance,
                ..Default::default()
            },
            ParkSearch {
                regions: vec![region("04")],
                sort: SortKey::Name,
                ..Default::default()
            },
        ];
        let origins = [
            None,
            Some(((33.57, -7.59), 30.0)),
            Some(((34.02, -6.84), 120.0)),
            Some(((33.0, -6.5), 2_000.0)),
        ];
        let mut seen = 0;
        for q in &searches {
            for origin in origins {
                if q.sort == SortKey::Distance && origin.is_none() {
                    continue;
                }
                let free_date = q.available_by.unwrap_or(today);
                let expected = reference(&parks, &timelines, q, origin, free_date);
                seen += expected.len();
                let (count, all) = run(&cols, &packed, q, origin, free_date, None);
                let got: Vec<usize> = all.iter().map(|h| h.index).collect();
                assert_eq!(got, expected, "{q:?} from {origin:?}");
                assert_eq!(count, expected.len());
                for h in &all {
                    let free = match q.available_by {
                        Some(_) => timelines[h.index].free_at(free_date),
                        None => (parks[h.index].available_m2, parks[h.index].available_seats),
                    };
                    assert_eq!(h.free, free, "{q:?}");
                    assert_eq!(h.distance_km.is_some(), origin.is_some());
                }
                for window in [(0, 1), (0, 7), (3, 5), (10, 50), (40, 200), (500, 10)] {
                    let (count, page) = run(&cols, &packed, q, origin, free_date, Some(window));
                    assert_eq!(count, expected.len(), "{q:?} {window:?}");
                    let end = (window.0 + window.1).min(all.len());
                    assert_eq!(
                        page,
                        all[window.0.min(end)..end],
                        "{q:?} from {origin:?}, window {window:?}"
                    );
                }
            }
        }
        assert!(seen > 1_000, "the searches match parks: {seen}");
    }

    #[test]
    fn the_radius_box_holds_every_point_within_the_radius() {
        for (lat, lon) in [
            (33.57, -7.59),
            (21.0, -17.0),
            (0.0, 0.0),
            (60.0, 179.5),
            (-70.0, 10.0),
        ] {
            for km in [1.0, 30.0, 500.0, 2_000.0] {
                let (lat0, lat1, lon0, lon1) = radius_box(lat, lon, km);
                // points on the circle, at every bearing
                for step in 0..360 {
                    let bearing = f64::from(step).to_radians();
                    let angle = km / EARTH_RADIUS_KM;
                    let (p1, l1) = (lat.to_radians(), lon.to_radians());
                    let p2 =
                        (p1.sin() * angle.cos() + p1.cos() * angle.sin() * bearing.cos()).asin();
                    let l2 = l1
                        + (bearing.sin() * angle.sin() * p1.cos())
                            .atan2(angle.cos() - p1.sin() * p2.sin());
                    let (plat, plon) = (p2.to_degrees(), l2.to_degrees());
                    assert!(
                        (lat0..=lat1).contains(&plat) && (lon0..=lon1).contains(&plon),
                        "{km} km from {lat},{lon} at {step}°: {plat},{plon} outside {lat0}..{lat1}, {lon0}..{lon1}"
                    );
                }
            }
        }
    }
}
