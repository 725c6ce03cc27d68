//! Floor area, occupancy and supply of buildings and parks at a date.
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::occupancy::{Lease, occupied_by_building};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildingSpec {
    pub id: i32,
    pub park_id: i32,
    pub floor_area_m2: i64,
    pub seats: i64,
    /// None: delivered before the registry's records begin.
    pub delivery_date: Option<NaiveDate>,
}

impl BuildingSpec {
    pub fn delivered_by(&self, date: NaiveDate) -> bool {
        self.delivery_date.is_none_or(|d| d <= date)
    }
}

/// A building's figures at a date. Leases in a building not yet delivered
/// (pre-lets) are not occupancy yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpaceFigures {
    /// Delivered floor area.
    pub floor_area_m2: i64,
    pub seats: i64,
    pub occupied_m2: i64,
    pub occupied_seats: i64,
    /// Floor area of buildings still to be delivered.
    pub future_supply_m2: i64,
}

impl SpaceFigures {
    /// Free area; never negative, even over data that breaks the capacity rule.
    pub fn available_m2(&self) -> i64 {
        (self.floor_area_m2 - self.occupied_m2).max(0)
    }

    pub fn available_seats(&self) -> i64 {
        (self.seats - self.occupied_seats).max(0)
    }

    pub fn occupancy_pct(&self) -> Option<f64> {
        (self.floor_area_m2 > 0)
            .then(|| self.occupied_m2 as f64 * 100.0 / self.floor_area_m2 as f64)
    }

    pub fn add(&mut self, other: &SpaceFigures) {
        self.floor_area_m2 += other.floor_area_m2;
        self.seats += other.seats;
        self.occupied_m2 += other.occupied_m2;
        self.occupied_seats += other.occupied_seats;
        self.future_supply_m2 += other.future_supply_m2;
    }
}

pub fn building_figures(
    b: &BuildingSpec,
    occupied: Option<(i64, i64)>,
    date: NaiveDate,
) -> SpaceFigures {
    if b.delivered_by(date) {
        let (occupied_m2, occupied_seats) = occupied.unwrap_or((0, 0));
        SpaceFigures {
            floor_area_m2: b.floor_area_m2,
            seats: b.seats,
            occupied_m2,
            occupied_seats,
            future_supply_m2: 0,
        }
    } else {
        SpaceFigures {
            future_supply_m2: b.floor_area_m2,
            ..SpaceFigures::default()
        }
    }
}

/// Figures per park at `date`, from its buildings and the leases in force then.
pub fn park_figures(
    buildings: &[BuildingSpec],
    leases: &[Lease],
    date: NaiveDate,
) -> BTreeMap<i32, SpaceFigures> {
    let occupied = occupied_by_building(leases);
    let mut out: BTreeMap<i32, SpaceFigures> = BTreeMap::new();
    for b in buildings {
        let f = building_figures(b, occupied.get(&b.id).copied(), date);
        out.entry(b.park_id).or_default().add(&f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_park_adds_up_its_delivered_buildings_and_counts_the_rest_as_future_supply() {
        let buildings = [
            BuildingSpec {
                id: 1,
                park_id: 9,
                floor_area_m2: 10_000,
                seats: 1_000,
                delivery_date: None,
            },
            BuildingSpec {
                id: 2,
                park_id: 9,
                floor_area_m2: 5_000,
                seats: 500,
                delivery_date: Some(d(2027, 6, 30)),
            },
        ];
        let leases = [
            Lease {
                building_id: 1,
                tenant_id: 1,
                area_m2: 6_000,
                seats: 600,
                since: d(2024, 1, 1),
            },
            // a pre-let in the building not yet delivered
            Lease {
                building_id: 2,
                tenant_id: 2,
                area_m2: 2_000,
                seats: 200,
                since: d(2026, 1, 1),
            },
        ];
        let park = park_figures(&buildings, &leases, d(2026, 11, 29))[&9];
        assert_eq!(park.floor_area_m2, 10_000);
        assert_eq!(park.occupied_m2, 6_000);
        assert_eq!(park.available_m2(), 4_000);
        assert_eq!(park.available_seats(), 400);
        assert_eq!(park.future_supply_m2, 5_000);
        assert_eq!(park.occupancy_pct(), Some(60.0));

        let later = park_figures(&buildings, &leases, d(2027, 7, 1))[&9];
        assert_eq!(later.floor_area_m2, 15_000, "delivered on its date");
        assert_eq!(later.occupied_m2, 8_000);
        assert_eq!(later.future_supply_m2, 0);
    }

    #[test]
    fn a_park_without_floor_area_has_no_occupancy_rate() {
        assert_eq!(SpaceFigures::default().occupancy_pct(), None);
    }
}
