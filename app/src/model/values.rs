//! Checked values of the typed inputs: ids, areas, seats and registry dates,
//! each built only through a constructor that enforces its bounds, and the
//! limits every form shares. A value that fails names its form field.
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest name, slug, e-mail or company a form accepts, in characters.
pub const NAME_MAX: usize = 200;
/// Longest park description, in characters.
pub const TEXT_MAX: usize = 4_000;
/// Longest comment or note on a declaration or commitment, in characters.
pub const NOTE_MAX: usize = 2_000;
/// Larger than any office building (the largest park is about 250,000 m²).
pub const AREA_MAX: i64 = 1_000_000;
pub const SEATS_MAX: i64 = 100_000;
/// Most people one declaration, commitment or estimate counts.
pub const HEADCOUNT_MAX: i64 = 100_000;
pub const LAND_HA_MAX: f64 = 100_000.0;
/// Highest rent a form accepts, in MAD per m² per month.
pub const RENT_MAD_MAX: f64 = 10_000.0;
/// Highest gross annual pay an incentive estimate accepts, in MAD.
pub const PAY_MAX: i64 = 100_000_000;
/// Highest equipment investment an incentive estimate accepts, in MAD.
pub const EQUIPMENT_MAX: i64 = 10_000_000_000;
/// Highest audit log page a filter may ask for.
pub const AUDIT_PAGE_MAX: i64 = 1_000_000;
/// Ids and versions are positive 32-bit integers.
pub const ID_MAX: i64 = i32::MAX as i64;

/// A form field that is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The id of a stored record (park, building, tenant, user, declaration): 1 or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i32")]
pub struct Id(i32);

impl Id {
    /// The id `n`, when it is one (1 to `i32::MAX`).
    pub fn new(n: i64) -> Option<Self> {
        (1..=ID_MAX).contains(&n).then_some(Self(n as i32))
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

/// A building's floor area or a leased area, in m²: 1 to `AREA_MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct AreaM2(i64);

impl AreaM2 {
    pub const MIN: i64 = 1;

    pub fn new(m2: i64) -> Option<Self> {
        (Self::MIN..=AREA_MAX).contains(&m2).then_some(Self(m2))
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// A building's seats or leased seats: 0 to `SEATS_MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Seats(i64);

impl Seats {
    pub const MIN: i64 = 0;

    pub fn new(seats: i64) -> Option<Self> {
        (Self::MIN..=SEATS_MAX)
            .contains(&seats)
            .then_some(Self(seats))
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// A date the registry records or filters on: 1990-01-01 to 2100-12-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "NaiveDate", into = "NaiveDate")]
pub struct RegistryDate(NaiveDate);

impl RegistryDate {
    pub const FIRST: NaiveDate = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a valid date");
    pub const LAST: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).expect("a valid date");

    pub fn new(date: NaiveDate) -> Option<Self> {
        (Self::FIRST..=Self::LAST)
            .contains(&date)
            .then_some(Self(date))
    }

    pub fn get(self) -> NaiveDate {
        self.0
    }

    /// A date typed as YYYY-MM-DD, inside the window; the message says
    /// which of the two it failed.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| format!("'{raw}' is not a date: expected YYYY-MM-DD"))?;
        Self::new(day)
            .ok_or_else(|| format!("'{raw}' must be between {} and {}", Self::FIRST, Self::LAST))
    }

    /// Why a date is refused, for the field that carried it.
    pub fn out_of_range(field: &str) -> FieldError {
        FieldError::new(
            field,
            format!("must be between {} and {}", Self::FIRST, Self::LAST),
        )
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for RegistryDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

macro_rules! checked_from {
    ($t:ty, $raw:ty, $inner:ty, $what:literal) => {
        impl TryFrom<$raw> for $t {
            type Error = String;

            fn try_from(raw: $raw) -> Result<Self, String> {
                Self::new(raw).ok_or_else(|| format!("{raw} is not {}", $what))
            }
        }

        impl From<$t> for $inner {
            fn from(value: $t) -> Self {
                value.get()
            }
        }
    };
}

checked_from!(Id, i64, i32, "an id");
checked_from!(AreaM2, i64, i64, "an area in m²");
checked_from!(Seats, i64, i64, "a number of seats");
checked_from!(RegistryDate, NaiveDate, NaiveDate, "a registry date");

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parsed_dates_stay_inside_the_window() {
        assert_eq!(
            RegistryDate::parse(" 2026-03-31 ").map(RegistryDate::get),
            Ok(day(2026, 3, 31))
        );
        assert_eq!(
            RegistryDate::parse("1990-01-01").map(RegistryDate::get),
            Ok(day(1990, 1, 1))
        );
        assert_eq!(
            RegistryDate::parse("2100-12-31").map(RegistryDate::get),
            Ok(day(2100, 12, 31))
        );
        for raw in [
            "1989-12-31",
            "2101-01-01",
            "9999-12-31",
            "0001-01-01",
            "+262143-01-01",
        ] {
            let err = RegistryDate::parse(raw).unwrap_err();
            assert!(
                err.contains("between") || err.contains("not a date"),
                "{raw}: {err}"
            );
        }
        assert!(
            RegistryDate::parse("9999-12-31")
                .unwrap_err()
                .contains("between")
        );
        assert!(
            RegistryDate::parse("31/01/2025")
                .unwrap_err()
                .contains("not a date")
        );
    }

    #[test]
    fn ids_are_positive_32_bit_integers() {
        assert_eq!(Id::new(1).map(Id::get), Some(1));
        assert_eq!(Id::new(ID_MAX).map(Id::get), Some(i32::MAX));
        assert_eq!(Id::new(0), None);
        assert_eq!(Id::new(-3), None);
        assert_eq!(Id::new(ID_MAX + 1), None);
        assert_eq!(Id::new(42).unwrap().to_string(), "42");
    }

    #[test]
    fn areas_start_at_one_square_metre_and_seats_at_zero() {
        assert_eq!(AreaM2::new(1).map(AreaM2::get), Some(1));
        assert_eq!(AreaM2::new(AREA_MAX).map(AreaM2::get), Some(AREA_MAX));
        assert_eq!(AreaM2::new(0), None);
        assert_eq!(AreaM2::new(AREA_MAX + 1), None);
        assert_eq!(Seats::new(0).map(Seats::get), Some(0));
        assert_eq!(Seats::new(SEATS_MAX).map(Seats::get), Some(SEATS_MAX));
        assert_eq!(Seats::new(-1), None);
        assert_eq!(Seats::new(SEATS_MAX + 1), None);
    }

    #[test]
    fn registry_dates_run_from_1990_to_2100() {
        assert_eq!(
            RegistryDate::new(day(1990, 1, 1)).unwrap().to_string(),
            "1990-01-01"
        );
        assert!(RegistryDate::new(day(2100, 12, 31)).is_some());
        assert!(RegistryDate::new(day(1989, 12, 31)).is_none());
        assert!(RegistryDate::new(day(2101, 1, 1)).is_none());
        let e = RegistryDate::out_of_range("effective_date");
        assert_eq!(e.field, "effective_date");
        assert!(e.message.contains("1990-01-01"), "{}", e.message);
    }

    #[test]
    fn serde_conversions_check_the_bounds() {
        assert_eq!(Id::try_from(7_i64).map(i32::from), Ok(7));
        assert!(Id::try_from(0_i64).is_err());
        assert!(AreaM2::try_from(0_i64).is_err());
        assert_eq!(Seats::try_from(3_i64).map(i64::from), Ok(3));
        assert!(Seats::try_from(-1_i64).is_err());
        assert_eq!(
            RegistryDate::try_from(day(2026, 6, 1)).map(NaiveDate::from),
            Ok(day(2026, 6, 1))
        );
        assert!(RegistryDate::try_from(day(1900, 1, 1)).is_err());
    }
}
