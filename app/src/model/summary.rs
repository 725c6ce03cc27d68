//! National and regional totals.
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{LocalizedText, RegionCode, RegistryDate};

/// A calendar quarter, e.g. 2026 Q3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4
    pub quarter: u8,
}

impl Quarter {
    pub fn new(year: i32, quarter: u8) -> Result<Self, String> {
        if (1..=4).contains(&quarter) {
            Ok(Self { year, quarter })
        } else {
            Err(format!("quarter must be 1 to 4, not {quarter}"))
        }
    }

    /// "2026Q3" (also "2026-Q3", "2026-q3").
    pub fn parse(raw: &str) -> Result<Self, String> {
        let t = raw.trim().to_ascii_uppercase().replace('-', "");
        let bad = || format!("'{}' is not a quarter: write it like 2026Q3", raw.trim());
        let (year, q) = t.split_once('Q').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let q: u8 = q.parse().map_err(|_| bad())?;
        let window = RegistryDate::FIRST.year()..=RegistryDate::LAST.year();
        if !window.contains(&year) {
            return Err(bad());
        }
        Self::new(year, q).map_err(|_| bad())
    }

    /// "2026Q3", the form `parse` reads and URLs carry.
    pub fn code(self) -> String {
        format!("{}Q{}", self.year, self.quarter)
    }

    pub fn containing(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            quarter: (date.month0() / 3 + 1) as u8,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.quarter - 1) * 3 + 1, 1)
            .expect("valid quarter start")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("valid quarter end")
    }

    pub fn next(self) -> Self {
        if self.quarter == 4 {
            Self {
                year: self.year + 1,
                quarter: 1,
            }
        } else {
            Self {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    pub fn prev(self) -> Self {
        if self.quarter == 1 {
            Self {
                year: self.year - 1,
                quarter: 4,
            }
        } else {
            Self {
                year: self.year,
                quarter: self.quarter - 1,
            }
        }
    }
}

/// Jobs declared and validated for a quarter: the figure and the date it speaks of.
/// A public figure covering fewer than 3 tenants has no `headcount` and
/// `suppressed` true ("fewer than 3 tenants").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobsFigure {
    pub headcount: Option<i64>,
    pub suppressed: bool,
    pub quarter: Quarter,
    /// Last day of `quarter`: the date the figure is true at.
    pub as_of: NaiveDate,
}

/// National totals for the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NationalSummary {
    pub parks: i64,
    pub parks_operating: i64,
    pub floor_area_m2: i64,
    pub occupied_m2: i64,
    pub available_m2: i64,
    pub future_supply_m2: i64,
    /// Date of the floor, occupied and available figures (derived from lease events).
    pub occupancy_as_of: NaiveDate,
    /// Sum of each tenant's latest validated headcount per park, and the latest quarter among them.
    pub jobs: Option<JobsFigure>,
    pub last_updated_at: Option<DateTime<Utc>>,
    pub demo: bool,
}

/// One region with its totals, for `/api/v1/regions` and the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionSummary {
    pub code: RegionCode,
    pub name: LocalizedText,
    pub population_2024: i64,
    pub parks: i64,
    pub floor_area_m2: i64,
    pub occupied_m2: i64,
    pub available_m2: i64,
    pub jobs: Option<JobsFigure>,
    pub occupancy_as_of: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_know_their_first_and_last_days() {
        let q = Quarter::containing(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(
            q,
            Quarter {
                year: 2026,
                quarter: 4
            }
        );
        assert_eq!(q.first_day(), NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        assert_eq!(q.last_day(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert_eq!(
            q.next(),
            Quarter {
                year: 2027,
                quarter: 1
            }
        );
        assert_eq!(
            Quarter::new(2025, 1).unwrap().prev(),
            Quarter {
                year: 2024,
                quarter: 4
            }
        );
        assert_eq!(
            Quarter::new(2024, 1).unwrap().last_day(),
            NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()
        );
        assert!(Quarter::new(2024, 5).is_err());
        assert_eq!(Quarter::parse("2026q3"), Ok(Quarter::new(2026, 3).unwrap()));
        assert_eq!(Quarter::parse("2026-Q1").unwrap().code(), "2026Q1");
        assert!(Quarter::parse("2026Q5").is_err());
        assert!(Quarter::parse("Q3").is_err());
        assert!(Quarter::parse("1990Q1").is_ok());
        assert!(Quarter::parse("2100Q4").is_ok());
        for raw in ["1989Q4", "2101Q1", "9999Q1", "-5Q1", "262143Q1"] {
            assert!(Quarter::parse(raw).is_err(), "{raw}");
        }
    }
}
