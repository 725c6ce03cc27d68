//! Filtering and ordering parks for a search: pure, over compact columns
//! derived once per index, so that a search touches a few bytes per park and
//! never sorts the whole list (the static orders are precomputed).

use app::model::{ActivityLine, ParkSearch, ParkStatus, SearchRow, SortKey};
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

/// A set of parks: one bit per position in name order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Bits {
    words: Vec<u64>,
}

impl Bits {
    /// No park of `n`.
    fn none(n: usize) -> Self {
        Bits {
            words: vec![0; n.div_ceil(64)],
        }
    }

    /// Every park of `n`.
    fn all(n: usize) -> Self {
        let mut words = vec![u64::MAX; n.div_ceil(64)];
        if let (Some(last), tail @ 1..) = (words.last_mut(), n % 64) {
            *last = (1 << tail) - 1;
        }
        Bits { words }
    }

    #[inline(always)]
    fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    #[inline(always)]
    fn set(&mut self, i: usize, member: bool) {
        let bit = 1 << (i % 64);
        let word = &mut self.words[i / 64];
        *word = if member { *word | bit } else { *word & !bit };
    }

    #[inline(always)]
    fn contains(&self, i: usize) -> bool {
        (self.words[i / 64] >> (i % 64)) & 1 == 1
    }

    /// How many parks are in the set.
    fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn clear(&mut self) {
        self.words.fill(0);
    }

    fn union_with(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= *b;
        }
    }

    fn intersect_with(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= *b;
        }
    }

    /// The parks of the set in position order, after the first `skip` of them.
    fn iter_from(&self, skip: usize) -> impl Iterator<Item = usize> + '_ {
        let mut skip = skip;
        let mut k = 0;
        while let Some(word) = self.words.get(k) {
            let here = word.count_ones() as usize;
            if here > skip {
                break;
            }
            skip -= here;
            k += 1;
        }
        let mut word = 0;
        if let Some(w) = self.words.get(k) {
            // this word holds more than `skip` members: drop its first `skip`
            word = *w;
            for _ in 0..skip {
                word &= word - 1;
            }
        }
        Ones {
            words: &self.words,
            k,
            word,
        }
    }
}

/// The members of a `Bits`, in order.
struct Ones<'a> {
    words: &'a [u64],
    k: usize,
    word: u64,
}

impl Iterator for Ones<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.word == 0 {
            self.k += 1;
            self.word = *self.words.get(self.k)?;
        }
        let bit = self.word.trailing_zeros() as usize;
        self.word &= self.word - 1;
        Some(self.k * 64 + bit)
    }
}

/// How many prefix sets a `Ranked` keeps, at most (memory: this many bits per park).
const PREFIX_SETS: usize = 64;

/// The parks ordered by one value, with the sets of their first `step`,
/// `2·step`, ... parks: the parks a bound keeps are a prefix of the order,
/// and its set is a kept set plus fewer than `step` parks.
#[derive(Debug, Clone, Default)]
struct Ranked {
    order: Vec<u32>,
    /// The values in `order`'s order.
    sorted: Vec<i64>,
    step: usize,
    /// `prefixes[b]`: the set of `order[..b * step]`.
    prefixes: Vec<Bits>,
}

impl Ranked {
    /// Most first when `descending`; ties stay in position (name) order.
    fn new(values: &[i64], descending: bool) -> Self {
        let n = values.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        if descending {
            order.sort_by_key(|i| std::cmp::Reverse(values[*i as usize]));
        } else {
            order.sort_by_key(|i| values[*i as usize]);
        }
        let sorted = order.iter().map(|i| values[*i as usize]).collect();
        let step = n.div_ceil(PREFIX_SETS).max(64);
        let mut prefixes = Vec::with_capacity(n / step + 1);
        let mut set = Bits::none(n);
        for (k, i) in order.iter().enumerate() {
            if k.is_multiple_of(step) {
                prefixes.push(set.clone());
            }
            set.insert(*i as usize);
        }
        if n.is_multiple_of(step) {
            prefixes.push(set);
        }
        Ranked {
            order,
            sorted,
            step,
            prefixes,
        }
    }

    /// How many parks have at least `min` (descending order).
    fn at_least(&self, min: i64) -> usize {
        self.sorted.partition_point(|v| *v >= min)
    }

    /// How many parks have at most `max` (ascending order).
    fn at_most(&self, max: i64) -> usize {
        self.sorted.partition_point(|v| *v <= max)
    }

    /// The set of the first `end` parks of the order, into `out`.
    fn prefix(&self, end: usize, out: &mut Bits) {
        let b = end / self.step;
        out.words.clone_from(&self.prefixes[b].words);
        for i in &self.order[b * self.step..end] {
            out.insert(*i as usize);
        }
    }
}

/// A point of the unit sphere: the square of the straight-line distance
/// between two of them (`chord2`) grows with the great-circle distance, and
/// costs no trigonometry per park.
fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (lat, lon) = (lat.to_radians(), lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn chord2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (x, y, z) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    x * x + y * y + z * z
}

/// Squared chords of `km` on `distance_km`'s sphere, widened both ways by
/// far more than rounding can move a chord: below the first a point is
/// certainly within `km`, above the second certainly not; between, only
/// `distance_km` decides.
fn chord2_bounds(km: f64) -> (f64, f64) {
    let chord = 2.0
        * (km / EARTH_RADIUS_KM / 2.0)
            .min(std::f64::consts::FRAC_PI_2)
            .sin();
    let tolerance = widen(chord) - chord;
    let below = (chord - tolerance).max(0.0);
    (below * below, widen(chord) * widen(chord))
}

/// A chord plus far more than rounding can move it.
fn widen(chord: f64) -> f64 {
    chord + 1e-12 + 1e-9 * chord
}

/// A park in the latitude order: what a radius search reads of it.
#[derive(Debug, Clone, Copy)]
struct BandPoint {
    index: u32,
    lon: f64,
    xyz: [f64; 3],
}

/// What a search reads of one park: the fields its filters and orders test.
#[derive(Debug, Clone, Copy)]
pub struct ColumnRow<'a> {
    pub region_code: &'a str,
    pub status: ParkStatus,
    pub lines: &'a [ActivityLine],
    pub available_m2: i64,
    pub available_seats: i64,
    pub rent: Option<i64>,
    pub lat: f64,
    pub lon: f64,
    pub occupancy_pct: Option<f64>,
}

impl<'a> From<&'a SearchRow> for ColumnRow<'a> {
    fn from(p: &'a SearchRow) -> Self {
        ColumnRow {
            region_code: p.region_code.as_str(),
            status: p.status,
            lines: &p.activity_lines,
            available_m2: p.available_m2,
            available_seats: p.available_seats,
            rent: p.rent_centimes_per_m2_month,
            lat: p.location.lat,
            lon: p.location.lon,
            occupancy_pct: p.occupancy_pct,
        }
    }
}

/// What a search needs of every park, in name order: sets and orders
/// derived once per index, so that a search combines a few sets of 64 parks
/// to a word and reads rows only for the page it returns.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    len: usize,
    /// `tag_sets[b]`: the parks with bit `b` of `region_bit`, `status_bit`, `line_bit`.
    tag_sets: Vec<Bits>,
    free_m2: Vec<i64>,
    free_seats: Vec<i64>,
    lat: Vec<f64>,
    lon: Vec<f64>,
    /// The parks ordered by latitude, and their latitudes: the parks of a
    /// band of latitudes are a range of it (a radius search visits only its
    /// band, reading it in order).
    by_lat: Vec<BandPoint>,
    lat_sorted: Vec<f64>,
    /// Free now (most first), and rent (unknowns last, as `i64::MAX`).
    by_free_m2: Ranked,
    by_free_seats: Ranked,
    by_rent: Ranked,
    with_rent: usize,
    /// Free at the timelines' base date, for searches with a date.
    by_base_m2: Ranked,
    by_base_seats: Ranked,
    /// Park positions by occupancy (unknowns last).
    by_occupancy: Vec<u32>,
}

impl Columns {
    /// Builds the columns from rows sorted by name and their timelines (same order).
    pub fn new(parks: &[SearchRow], timelines: &Timelines) -> Self {
        let rows: Vec<ColumnRow<'_>> = parks.iter().map(ColumnRow::from).collect();
        Self::from_rows(&rows, timelines)
    }

    /// Builds the columns from what a search reads of each park, in name
    /// order, and their timelines (same order): the index of any date is
    /// built from these, without the parks' whole rows.
    pub fn from_rows(parks: &[ColumnRow<'_>], timelines: &Timelines) -> Self {
        let n = parks.len();
        let mut tag_sets = vec![Bits::none(n); 32];
        for (i, p) in parks.iter().enumerate() {
            let tags = p.lines.iter().fold(
                region_bit(p.region_code) | status_bit(p.status),
                |acc, l| acc | line_bit(*l),
            );
            for (b, set) in tag_sets.iter_mut().enumerate() {
                if tags >> b & 1 == 1 {
                    set.insert(i);
                }
            }
        }
        let column = |f: fn(&ColumnRow<'_>) -> i64| parks.iter().map(f).collect::<Vec<i64>>();
        let free_m2 = column(|p| p.available_m2);
        let free_seats = column(|p| p.available_seats);
        let rent = column(|p| p.rent.unwrap_or(i64::MAX));
        let lat: Vec<f64> = parks.iter().map(|p| p.lat).collect();
        let lon: Vec<f64> = parks.iter().map(|p| p.lon).collect();
        let mut by_lat: Vec<BandPoint> = (0..n)
            .map(|i| BandPoint {
                index: i as u32,
                lon: lon[i],
                xyz: unit_vector(lat[i], lon[i]),
            })
            .collect();
        by_lat.sort_by(|a, b| lat[a.index as usize].total_cmp(&lat[b.index as usize]));
        let lat_sorted = by_lat.iter().map(|b| lat[b.index as usize]).collect();
        let base = timelines.base_free();
        let base_m2: Vec<i64> = (0..n).map(|i| base.get(i).map_or(0, |f| f.0)).collect();
        let base_seats: Vec<i64> = (0..n).map(|i| base.get(i).map_or(0, |f| f.1)).collect();
        // stable sorts over name order keep names as the tie-break
        let mut by_occupancy: Vec<u32> = (0..n as u32).collect();
        by_occupancy.sort_by(|a, b| {
            let key = |i: &u32| parks[*i as usize].occupancy_pct.unwrap_or(f64::INFINITY);
            key(a).total_cmp(&key(b))
        });
        Columns {
            len: n,
            tag_sets,
            by_free_m2: Ranked::new(&free_m2, true),
            by_free_seats: Ranked::new(&free_seats, true),
            by_rent: Ranked::new(&rent, false),
            with_rent: parks.iter().filter(|p| p.rent.is_some()).count(),
            by_base_m2: Ranked::new(&base_m2, true),
            by_base_seats: Ranked::new(&base_seats, true),
            free_m2,
            free_seats,
            lat,
            lon,
            by_lat,
            lat_sorted,
            by_occupancy,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The parks with any of the tag bits of `mask`, into `out`.
    fn any_of(&self, mask: u32, out: &mut Bits) {
        out.clear();
        for (b, set) in self.tag_sets.iter().enumerate() {
            if mask >> b & 1 == 1 {
                out.union_with(set);
            }
        }
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

/// A radius search's point and radius, with the box around them and its
/// point on the unit sphere.
#[derive(Debug, Clone, Copy)]
struct Near {
    point: (f64, f64),
    km: f64,
    bbox: LatLonBox,
    xyz: [f64; 3],
    /// See `chord2_bounds`.
    chord2: (f64, f64),
}

/// A search against the columns: its lists as bit masks, its bounds, its radius.
struct Search<'a> {
    cols: &'a Columns,
    timelines: &'a Timelines,
    /// Bit masks of the lists (`region_bit`); 0: any.
    regions: u32,
    statuses: u32,
    lines: u32,
    max_rent: Option<i64>,
    near: Option<Near>,
    wants_free: bool,
    min_m2: i64,
    min_seats: i64,
    /// The day free space is counted on, when the search has `available_by`.
    free_day: Option<i32>,
}

impl<'a> Search<'a> {
    fn new(
        cols: &'a Columns,
        timelines: &'a Timelines,
        q: &ParkSearch,
        origin: Option<Origin>,
        free_date: NaiveDate,
    ) -> Self {
        Search {
            cols,
            timelines,
            regions: q
                .regions
                .iter()
                .fold(0, |acc, r| acc | region_bit(r.as_str())),
            statuses: q.statuses.iter().fold(0, |acc, s| acc | status_bit(*s)),
            lines: q.lines.iter().fold(0, |acc, l| acc | line_bit(*l)),
            max_rent: q.max_rent_centimes,
            near: origin.map(|((lat, lon), km)| Near {
                point: (lat, lon),
                km,
                bbox: radius_box(lat, lon, km),
                xyz: unit_vector(lat, lon),
                chord2: chord2_bounds(km),
            }),
            wants_free: q.min_free_m2.is_some()
                || q.min_free_seats.is_some()
                || q.available_by.is_some(),
            // with no minimum at all, "available by a date" means some space is free then
            min_m2: q
                .min_free_m2
                .unwrap_or(if q.min_free_seats.is_none() { 1 } else { 0 }),
            min_seats: q.min_free_seats.unwrap_or(0),
            free_day: q.available_by.map(|_| Timelines::day(free_date)),
        }
    }

    /// Free (m², seats) of park `i` on the day free space is counted on.
    fn free(&self, i: usize) -> (i64, i64) {
        match self.free_day {
            Some(day) => self.timelines.free_on_day(i, day),
            None => (self.cols.free_m2[i], self.cols.free_seats[i]),
        }
    }

    fn free_enough(&self, (m2, seats): (i64, i64)) -> bool {
        m2 >= self.min_m2 && seats >= self.min_seats
    }

    /// The parks passing every filter but the radius.
    fn matches(&self) -> Bits {
        let c = self.cols;
        let mut set = Bits::all(c.len);
        let mut part = Bits::none(c.len);
        for mask in [self.regions, self.statuses, self.lines] {
            if mask != 0 {
                c.any_of(mask, &mut part);
                set.intersect_with(&part);
            }
        }
        if let Some(max) = self.max_rent {
            c.by_rent
                .prefix(c.by_rent.at_most(max).min(c.with_rent), &mut part);
            set.intersect_with(&part);
        }
        if self.wants_free {
            self.free_set(&mut part);
            set.intersect_with(&part);
        }
        set
    }

    /// The parks with enough free space on the search's day, into `out`.
    fn free_set(&self, out: &mut Bits) {
        let (c, t) = (self.cols, self.timelines);
        let (m2, seats) = match self.free_day {
            None => (&c.by_free_m2, &c.by_free_seats),
            Some(day) if day >= t.base_day() => (&c.by_base_m2, &c.by_base_seats),
            Some(day) => {
                // before the base date: every park read from its timeline
                for i in 0..c.len {
                    out.set(i, self.free_enough(t.free_on_day(i, day)));
                }
                return;
            }
        };
        let mut enough_seats = Bits::none(c.len);
        m2.prefix(m2.at_least(self.min_m2), out);
        seats.prefix(seats.at_least(self.min_seats), &mut enough_seats);
        out.intersect_with(&enough_seats);
        if let Some(day) = self.free_day {
            // the few parks whose free space changes by the day: their own
            // test, the last change of each deciding
            for (i, free) in t.changes_by(day) {
                out.set(i, self.free_enough(free));
            }
        }
    }

    /// Distance to park `i` in a radius search.
    fn distance(&self, i: usize) -> Option<f64> {
        let n = self.near.as_ref()?;
        Some(distance_km(n.point, (self.cols.lat[i], self.cols.lon[i])))
    }

    fn hit(&self, index: usize, distance_km: Option<f64>) -> Hit {
        Hit {
            index,
            distance_km,
            free: self.free(index),
        }
    }

    /// The members of `set` within the radius, with their squared chords:
    /// only the radius's band of latitudes is visited, and `distance_km` is
    /// computed only for the parks the chord cannot decide on.
    fn in_radius(&self, set: &Bits, n: &Near) -> Vec<(usize, f64)> {
        let c = self.cols;
        let (lat0, lat1, lon0, lon1) = n.bbox;
        let from = c.lat_sorted.partition_point(|lat| *lat < lat0);
        let to = c.lat_sorted.partition_point(|lat| *lat <= lat1);
        let mut hits = Vec::new();
        for b in &c.by_lat[from..to.max(from)] {
            let i = b.index as usize;
            if b.lon < lon0 || b.lon > lon1 || !set.contains(i) {
                continue;
            }
            let chord2 = chord2(&n.xyz, &b.xyz);
            if chord2 < n.chord2.0
                || (chord2 <= n.chord2.1 && distance_km(n.point, (c.lat[i], c.lon[i])) <= n.km)
            {
                hits.push((i, chord2));
            }
        }
        hits
    }

    /// The window of the parks within the radius, nearest first (ties in name
    /// order): the chords find the window's last park, and `distance_km`
    /// orders only the parks up to it (and those rounding could confuse with it).
    fn nearest(
        &self,
        mut hits: Vec<(usize, f64)>,
        window: Option<(usize, usize)>,
    ) -> (usize, Vec<Hit>) {
        let count = hits.len();
        let (start, len) = window.unwrap_or((0, usize::MAX));
        let end = start.saturating_add(len).min(count);
        if start < end && end < count {
            hits.select_nth_unstable_by(end - 1, |a, b| a.1.total_cmp(&b.1));
            let limit = widen(hits[end - 1].1.sqrt());
            hits.retain(|(_, chord2)| *chord2 <= limit * limit);
        }
        let candidates = hits
            .into_iter()
            .map(|(i, _)| self.hit(i, self.distance(i)))
            .collect();
        let (_, page) = sorted_after(candidates, by_distance, window);
        (count, page)
    }
}

/// Nearest first, then name order (positions are unique: a total order).
fn by_distance(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    let d = |h: &Hit| h.distance_km.unwrap_or(f64::INFINITY);
    d(a).total_cmp(&d(b)).then(a.index.cmp(&b.index))
}

/// Most free area first at the search's date, then name order.
fn by_free(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.free.0.cmp(&a.free.0).then(a.index.cmp(&b.index))
}

/// All matches, ordered as the search asks, with their count; only the
/// `window` (start, length) of them when one is given. `timelines` are in the
/// columns' order; `free_date` is `available_by` (only read when the search
/// has one).
pub fn run(
    cols: &Columns,
    timelines: &Timelines,
    q: &ParkSearch,
    origin: Option<Origin>,
    free_date: NaiveDate,
    window: Option<(usize, usize)>,
) -> (usize, Vec<Hit>) {
    let s = Search::new(cols, timelines, q, origin, free_date);
    let mut set = s.matches();
    let (start, len) = window.unwrap_or((0, usize::MAX));
    let free_at_date_order = q.sort == SortKey::FreeArea && s.free_day.is_some();
    if let Some(near) = &s.near {
        let hits = s.in_radius(&set, near);
        match q.sort {
            SortKey::Distance => return s.nearest(hits, window),
            _ if free_at_date_order => {
                let hits = hits
                    .iter()
                    .map(|(i, _)| s.hit(*i, s.distance(*i)))
                    .collect();
                return sorted_after(hits, by_free, window);
            }
            // the other orders: the parks within the radius, in the order below
            _ => {
                set.clear();
                for (i, _) in &hits {
                    set.insert(*i);
                }
            }
        }
    }
    if free_at_date_order {
        let hits = set.iter_from(0).map(|i| s.hit(i, None)).collect();
        return sorted_after(hits, by_free, window);
    }
    let count = set.count();
    let in_order = |order: &[u32]| -> Vec<usize> {
        order
            .iter()
            .map(|i| *i as usize)
            .filter(|i| set.contains(*i))
            .skip(start)
            .take(len)
            .collect()
    };
    let page: Vec<usize> = match q.sort {
        // without a radius, distance sorts as name
        SortKey::Name | SortKey::Distance => set.iter_from(start).take(len).collect(),
        // the parks under a minimum free area, or over a maximum rent, are the order's tail
        SortKey::FreeArea => {
            let end = if s.wants_free {
                cols.by_free_m2.at_least(s.min_m2)
            } else {
                cols.len
            };
            in_order(&cols.by_free_m2.order[..end])
        }
        SortKey::Rent => {
            let end = s.max_rent.map_or(cols.len, |max| cols.by_rent.at_most(max));
            in_order(&cols.by_rent.order[..end])
        }
        SortKey::Occupancy => in_order(&cols.by_occupancy),
    };
    let hits = page.into_iter().map(|i| s.hit(i, s.distance(i))).collect();
    (count, hits)
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
        let timelines = Timelines::new(
            &vec![crate::domain::timeline::FreeTimeline::default(); parks.len()],
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        );
        let cols = Columns::new(parks, &timelines);
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
        let timelines = Timelines::new(
            &vec![crate::domain::timeline::FreeTimeline::default(); p.len()],
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        );
        let cols = Columns::new(&p, &timelines);
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
        // 700 invented parks (several words of 64 and prefix sets) with many ties: shared places, areas, rents and occupancies
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
        for n in 0..700 {
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
                &format!("p{n:04}"),
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
        let packed = Timelines::new(&timelines, today);
        let cols = Columns::new(&parks, &packed);
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
    fn sets_of_parks_count_skip_and_combine_across_words() {
        for n in [0, 1, 63, 64, 65, 130, 1_000] {
            let all = Bits::all(n);
            assert_eq!(all.count(), n);
            assert_eq!(
                all.iter_from(0).collect::<Vec<_>>(),
                (0..n).collect::<Vec<_>>()
            );
            let mut odd = Bits::none(n);
            (1..n).step_by(2).for_each(|i| odd.insert(i));
            let odds: Vec<usize> = (1..n).step_by(2).collect();
            for skip in [0, 1, 31, 32, 33, 64, 400, n] {
                let expected: Vec<usize> = odds.iter().copied().skip(skip).collect();
                assert_eq!(
                    odd.iter_from(skip).collect::<Vec<_>>(),
                    expected,
                    "n {n} skip {skip}"
                );
            }
            let mut both = Bits::all(n);
            both.intersect_with(&odd);
            assert_eq!(both, odd);
            both.union_with(&all);
            assert_eq!(both, all);
            (0..n).for_each(|i| both.set(i, i % 3 == 0));
            assert_eq!(both.count(), n.div_ceil(3));
            if n > 0 {
                assert!(both.contains(0));
                assert_eq!(both.contains(n - 1), (n - 1) % 3 == 0);
            }
        }
    }

    #[test]
    fn the_set_of_a_prefix_is_the_first_parks_of_the_order() {
        // 1,000 values with ties, 16 prefix sets of 64
        let values: Vec<i64> = (0..1_000).map(|i| (i * 37 % 101) as i64).collect();
        for descending in [true, false] {
            let r = Ranked::new(&values, descending);
            let mut out = Bits::none(values.len());
            for end in [0, 1, 63, 64, 65, 500, 999, 1_000] {
                r.prefix(end, &mut out);
                let mut expected: Vec<usize> = r.order[..end].iter().map(|i| *i as usize).collect();
                expected.sort();
                assert_eq!(out.iter_from(0).collect::<Vec<_>>(), expected, "{end}");
            }
            let bound = 50;
            let kept = if descending {
                r.at_least(bound)
            } else {
                r.at_most(bound)
            };
            let expected = values
                .iter()
                .filter(|v| {
                    if descending {
                        **v >= bound
                    } else {
                        **v <= bound
                    }
                })
                .count();
            assert_eq!(kept, expected);
        }
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
