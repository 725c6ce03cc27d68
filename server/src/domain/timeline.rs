//! Free space over time: for each park, the free area and seats after every
//! change (a lease event or a delivery), so that "free on date D" is a binary
//! search instead of a replay.
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::figures::BuildingSpec;
use super::occupancy::{LeaseEvent, OpenLeases, apply};

/// Free area and seats of one park from each date on (sorted by date).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FreeTimeline {
    points: Vec<(NaiveDate, i64, i64)>,
}

/// Free (area m², seats) at `date` in sorted points; nothing is free before the first.
fn free_in(points: &[(NaiveDate, i64, i64)], date: NaiveDate) -> (i64, i64) {
    let i = points.partition_point(|p| p.0 <= date);
    if i == 0 {
        (0, 0)
    } else {
        (points[i - 1].1, points[i - 1].2)
    }
}

impl FreeTimeline {
    pub fn free_at(&self, date: NaiveDate) -> (i64, i64) {
        free_in(&self.points, date)
    }

    /// A timeline from its points (sorted by date, one per date), for tests.
    #[cfg(test)]
    pub fn from_points(points: Vec<(NaiveDate, i64, i64)>) -> Self {
        Self { points }
    }
}

/// Many parks' timelines packed for searches on free space at a date.
///
/// Most searches ask about the index's date (the base date) or later, and a
/// park has few changes scheduled after it. So each park's free space at the
/// base date is kept in a per-park column, and its points after the base
/// date apart, park after park and again in date order: free space at a
/// later date is the base value moved forward by those few points, and the
/// parks whose free space differs from the base on a date are the date
/// order's prefix up to it (`changes_by`). Earlier dates binary-search the
/// whole timeline, packed as 4-byte day numbers side by side.
#[derive(Debug, Clone, Default)]
pub struct Timelines {
    /// Every point: day numbers (`Timelines::day`) and free space.
    days: Vec<i32>,
    free_m2: Vec<i64>,
    free_seats: Vec<i64>,
    /// `days[starts[i]..starts[i + 1]]` is park i's timeline.
    starts: Vec<u32>,
    base_day: i32,
    /// Per park: free (m², seats) at `base_day`.
    base_free: Vec<(i64, i64)>,
    /// The points after `base_day`: (day, free m², free seats), park after park.
    ahead: Vec<(i32, i64, i64)>,
    /// `ahead[ahead_starts[i]..ahead_starts[i + 1]]` are park i's.
    ahead_starts: Vec<u32>,
    /// The same points as (day, park, free m², free seats), by day: the
    /// changes between the base date and a later day are a prefix of it.
    ahead_by_day: Vec<(i32, u32, i64, i64)>,
}

impl Timelines {
    /// Packs `timelines` (one per park); `base` is the date most searches are
    /// at or after (the index's date).
    pub fn new(timelines: &[FreeTimeline], base: NaiveDate) -> Self {
        Self::from_refs(&timelines.iter().collect::<Vec<_>>(), base)
    }

    /// As [`Timelines::new`], from timelines kept elsewhere (the parks' tracks).
    pub fn from_refs(timelines: &[&FreeTimeline], base: NaiveDate) -> Self {
        let points: usize = timelines.iter().map(|t| t.points.len()).sum();
        let base_day = Self::day(base);
        let mut t = Timelines {
            days: Vec::with_capacity(points),
            free_m2: Vec::with_capacity(points),
            free_seats: Vec::with_capacity(points),
            starts: Vec::with_capacity(timelines.len() + 1),
            base_day,
            base_free: Vec::with_capacity(timelines.len()),
            ahead: Vec::new(),
            ahead_starts: Vec::with_capacity(timelines.len() + 1),
            ahead_by_day: Vec::new(),
        };
        for (park, tl) in timelines.iter().enumerate() {
            t.starts.push(t.days.len() as u32);
            t.ahead_starts.push(t.ahead.len() as u32);
            t.base_free.push(tl.free_at(base));
            for (date, m2, seats) in &tl.points {
                let day = Self::day(*date);
                t.days.push(day);
                t.free_m2.push(*m2);
                t.free_seats.push(*seats);
                if day > base_day {
                    t.ahead.push((day, *m2, *seats));
                    t.ahead_by_day.push((day, park as u32, *m2, *seats));
                }
            }
        }
        t.starts.push(t.days.len() as u32);
        t.ahead_starts.push(t.ahead.len() as u32);
        t.ahead_by_day.sort_unstable();
        t
    }

    /// The day the base column is at (see `day`).
    pub fn base_day(&self) -> i32 {
        self.base_day
    }

    /// Per park: free (m², seats) at the base date.
    pub fn base_free(&self) -> &[(i64, i64)] {
        &self.base_free
    }

    /// The changes after the base date and on or before day number `day`,
    /// as (park, free m², free seats), in date order: a park's last one is
    /// its free space on `day`; a park without any has its base value.
    pub fn changes_by(&self, day: i32) -> impl Iterator<Item = (usize, (i64, i64))> + '_ {
        let end = self.ahead_by_day.partition_point(|(d, ..)| *d <= day);
        self.ahead_by_day[..end]
            .iter()
            .map(|(_, park, m2, seats)| (*park as usize, (*m2, *seats)))
    }

    /// The day number `free_on_day` takes.
    pub fn day(date: NaiveDate) -> i32 {
        date.num_days_from_ce()
    }

    /// Free (area m², seats) of park `i` at `date`.
    pub fn free_at(&self, i: usize, date: NaiveDate) -> (i64, i64) {
        self.free_on_day(i, Self::day(date))
    }

    /// Free (area m², seats) of park `i` on day number `day` (see `day`).
    pub fn free_on_day(&self, i: usize, day: i32) -> (i64, i64) {
        if day >= self.base_day {
            let (Some(a), Some(b)) = (self.ahead_starts.get(i), self.ahead_starts.get(i + 1))
            else {
                return (0, 0);
            };
            let mut free = self.base_free[i];
            for (d, m2, seats) in &self.ahead[*a as usize..*b as usize] {
                if *d > day {
                    break;
                }
                free = (*m2, *seats);
            }
            return free;
        }
        let (Some(a), Some(b)) = (self.starts.get(i), self.starts.get(i + 1)) else {
            return (0, 0);
        };
        let (a, b) = (*a as usize, *b as usize);
        // nothing is free before the first point
        match self.days[a..b].partition_point(|d| *d <= day) {
            0 => (0, 0),
            n => (self.free_m2[a + n - 1], self.free_seats[a + n - 1]),
        }
    }
}

/// Builds every park's timeline by sweeping its events and deliveries in date order.
pub fn free_timelines(
    buildings: &[BuildingSpec],
    events: &[LeaseEvent],
) -> HashMap<i32, FreeTimeline> {
    let building: HashMap<i32, &BuildingSpec> = buildings.iter().map(|b| (b.id, b)).collect();
    let mut per_park_events: HashMap<i32, Vec<&LeaseEvent>> = HashMap::new();
    for e in events {
        if let Some(b) = building.get(&e.building_id) {
            per_park_events.entry(b.park_id).or_default().push(e);
        }
    }
    let mut per_park_buildings: HashMap<i32, Vec<&BuildingSpec>> = HashMap::new();
    for b in buildings {
        per_park_buildings.entry(b.park_id).or_default().push(b);
    }
    let mut out = HashMap::new();
    for (park, park_buildings) in per_park_buildings {
        let mut events = per_park_events.remove(&park).unwrap_or_default();
        events.sort_by_key(|e| (e.effective_date, e.id));
        let mut dates: Vec<NaiveDate> = events.iter().map(|e| e.effective_date).collect();
        dates.extend(
            park_buildings
                .iter()
                .map(|b| b.delivery_date.unwrap_or(NaiveDate::MIN)),
        );
        dates.sort();
        dates.dedup();
        // (building, tenant) -> (area, seats) in force
        let mut leases = OpenLeases::new();
        let mut next = 0;
        let mut points = Vec::with_capacity(dates.len());
        for date in dates {
            while next < events.len() && events[next].effective_date <= date {
                apply(&mut leases, events[next]);
                next += 1;
            }
            let (mut free_m2, mut free_seats) = (0, 0);
            for b in park_buildings.iter().filter(|b| b.delivered_by(date)) {
                let (area, seats) = leases
                    .range((b.id, i32::MIN)..=(b.id, i32::MAX))
                    .fold((0, 0), |acc, (_, l)| (acc.0 + l.area_m2, acc.1 + l.seats));
                free_m2 += (b.floor_area_m2 - area).max(0);
                free_seats += (b.seats - seats).max(0);
            }
            points.push((date, free_m2, free_seats));
        }
        out.insert(park, FreeTimeline { points });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::figures::park_figures;
    use crate::domain::occupancy::leases_at;
    use app::model::LeaseKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ev(
        id: i64,
        building: i32,
        tenant: i32,
        kind: LeaseKind,
        area: i64,
        date: NaiveDate,
    ) -> LeaseEvent {
        LeaseEvent {
            id: crate::domain::occupancy::EventId::Recorded(id),
            building_id: building,
            tenant_id: tenant,
            kind,
            area_m2: area,
            seats: area / 10,
            effective_date: date,
        }
    }

    #[test]
    fn free_space_counts_future_supply_and_scheduled_move_outs_on_their_dates() {
        let buildings = [
            BuildingSpec {
                id: 1,
                park_id: 7,
                floor_area_m2: 1_000,
                seats: 100,
                delivery_date: None,
            },
            BuildingSpec {
                id: 2,
                park_id: 7,
                floor_area_m2: 4_000,
                seats: 400,
                delivery_date: Some(d(2027, 6, 30)),
            },
        ];
        let events = [
            ev(1, 1, 10, LeaseKind::MoveIn, 900, d(2024, 1, 1)),
            ev(2, 1, 10, LeaseKind::MoveOut, 0, d(2027, 3, 1)),
            ev(3, 2, 11, LeaseKind::MoveIn, 1_000, d(2027, 6, 30)),
        ];
        let t = &free_timelines(&buildings, &events)[&7];
        assert_eq!(t.free_at(d(2026, 11, 29)), (100, 10));
        assert_eq!(
            t.free_at(d(2027, 3, 1)),
            (1_000, 100),
            "the scheduled move-out frees the space"
        );
        assert_eq!(
            t.free_at(d(2027, 6, 30)),
            (4_000, 400),
            "delivery adds 4,000 m² of which 1,000 are pre-let"
        );
        let packed = Timelines::new(&[FreeTimeline::default(), t.clone()], d(2026, 11, 29));
        assert_eq!(
            packed.free_at(1, d(2027, 3, 1)),
            (1_000, 100),
            "the packed form reads the same"
        );
        assert_eq!(packed.free_at(0, d(2027, 3, 1)), (0, 0));
        assert_eq!(
            packed.free_at(9, d(2027, 3, 1)),
            (0, 0),
            "out of range is nothing free"
        );
    }

    #[test]
    fn the_timeline_agrees_with_a_full_replay_at_every_date() {
        let buildings = [
            BuildingSpec {
                id: 1,
                park_id: 1,
                floor_area_m2: 3_000,
                seats: 300,
                delivery_date: None,
            },
            BuildingSpec {
                id: 2,
                park_id: 1,
                floor_area_m2: 2_000,
                seats: 200,
                delivery_date: Some(d(2025, 9, 1)),
            },
        ];
        let events = [
            ev(1, 1, 1, LeaseKind::MoveIn, 1_000, d(2024, 2, 1)),
            ev(2, 1, 2, LeaseKind::MoveIn, 500, d(2024, 5, 1)),
            ev(3, 1, 1, LeaseKind::Resize, 1_800, d(2025, 1, 1)),
            ev(4, 2, 3, LeaseKind::MoveIn, 700, d(2025, 9, 1)),
            ev(5, 1, 2, LeaseKind::MoveOut, 0, d(2026, 2, 1)),
        ];
        let t = &free_timelines(&buildings, &events)[&1];
        // packed with other parks, from base dates before, between, on and after the changes
        let bases = [
            d(2020, 1, 1),
            d(2024, 2, 1),
            d(2024, 12, 31),
            d(2025, 9, 1),
            d(2030, 1, 1),
        ];
        let packed: Vec<Timelines> = bases
            .iter()
            .map(|base| Timelines::new(&[FreeTimeline::default(), t.clone(), t.clone()], *base))
            .collect();
        let mut date = d(2023, 12, 1);
        while date < d(2026, 6, 1) {
            let replay = park_figures(&buildings, &leases_at(&events, date), date)[&1];
            let expected = (replay.available_m2(), replay.available_seats());
            assert_eq!(t.free_at(date), expected, "{date}");
            for (base, p) in bases.iter().zip(&packed) {
                assert_eq!(p.free_at(1, date), expected, "{date} from {base}");
                assert_eq!(p.free_at(2, date), expected, "{date} from {base}");
                assert_eq!(p.free_at(0, date), (0, 0), "{date} from {base}");
                // on or after the base date: the base column moved by the changes up to the date
                let day = Timelines::day(date);
                if day >= p.base_day() {
                    let mut column = p.base_free().to_vec();
                    for (i, free) in p.changes_by(day) {
                        column[i] = free;
                    }
                    assert_eq!(column, [(0, 0), expected, expected], "{date} from {base}");
                }
            }
            date += chrono::Duration::days(17);
        }
    }
}
