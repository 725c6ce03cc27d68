//! Search: the parameters an investor combines, parsed once for the API, the
//! server functions and the pages, and what a search returns.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    ActivityLine, JobsFigure, LatLng, LocalizedText, ParkStatus, ParkSummary, RegionCode,
    RegistryDate,
};
use crate::api::AppError;

pub const PER_PAGE_DEFAULT: u32 = 50;
pub const PER_PAGE_MAX: u32 = 200;
/// Radius used when `near` is given without `within_km`.
pub const WITHIN_KM_DEFAULT: f64 = 50.0;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    /// Most free area first.
    FreeArea,
    /// Cheapest first; parks without a rent last.
    Rent,
    /// Least occupied first.
    Occupancy,
    /// Nearest first (needs `near`).
    Distance,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        Self::Name,
        Self::FreeArea,
        Self::Rent,
        Self::Occupancy,
        Self::Distance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::FreeArea => "free_area",
            Self::Rent => "rent",
            Self::Occupancy => "occupancy",
            Self::Distance => "distance",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| {
                format!(
                    "unknown sort '{raw}': expected name, free_area, rent, occupancy or distance"
                )
            })
    }
}

/// Where "near" is: a point, or a place name the server knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NearSpec {
    Point(LatLng),
    Place(String),
}

/// A parsed search. Every filter combines with every other (AND); lists are OR within themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParkSearch {
    pub regions: Vec<RegionCode>,
    pub statuses: Vec<ParkStatus>,
    /// A tenant of one of these activity lines is present at the date of the search.
    pub lines: Vec<ActivityLine>,
    pub min_free_m2: Option<i64>,
    pub min_free_seats: Option<i64>,
    pub max_rent_centimes: Option<i64>,
    /// Free space is counted at this date (future deliveries and scheduled move-outs included).
    pub available_by: Option<NaiveDate>,
    pub near: Option<NearSpec>,
    pub within_km: Option<f64>,
    pub sort: SortKey,
    pub page: u32,
    pub per_page: u32,
    /// The date the figures are computed at; today when absent.
    pub as_of: Option<NaiveDate>,
}

impl Default for ParkSearch {
    fn default() -> Self {
        Self {
            regions: vec![],
            statuses: vec![],
            lines: vec![],
            min_free_m2: None,
            min_free_seats: None,
            max_rent_centimes: None,
            available_by: None,
            near: None,
            within_km: None,
            sort: SortKey::Name,
            page: 1,
            per_page: PER_PAGE_DEFAULT,
            as_of: None,
        }
    }
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::invalid(field, message)
}

fn non_negative(field: &str, raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|v| *v >= 0)
        .ok_or_else(|| invalid(field, format!("'{raw}' is not a whole number of 0 or more")))
}

fn date(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    RegistryDate::parse(raw)
        .map(RegistryDate::get)
        .map_err(|m| invalid(field, m))
}

/// Parses "lat,lon" (WGS84 decimal degrees), or returns the text as a place name.
fn near(raw: &str) -> Result<NearSpec, AppError> {
    if let Some((a, b)) = raw.split_once(',')
        && let (Ok(lat), Ok(lon)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>())
    {
        if !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)) {
            return Err(invalid(
                "near",
                format!("'{raw}' is not a latitude,longitude pair"),
            ));
        }
        return Ok(NearSpec::Point(LatLng { lat, lon }));
    }
    Ok(NearSpec::Place(raw.to_string()))
}

impl ParkSearch {
    /// The URL parameters a search understands.
    pub const KEYS: [&'static str; 13] = [
        "region",
        "status",
        "line",
        "min_free_m2",
        "min_free_seats",
        "max_rent_mad",
        "available_by",
        "near",
        "within_km",
        "sort",
        "page",
        "per_page",
        "as_of",
    ];

    /// Parses decoded URL pairs. Lists (`region`, `status`, `line`) may repeat or
    /// be comma-separated; other parameters may appear once. Empty values mean
    /// "any". The error names the parameter at fault.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, AppError> {
        let mut s = Self::default();
        let mut seen: Vec<&str> = Vec::new();
        for (key, value) in pairs {
            let value = value.trim();
            if !Self::KEYS.contains(&key) {
                return Err(invalid(
                    key,
                    format!(
                        "unknown parameter '{key}'; known parameters: {}",
                        Self::KEYS.join(", ")
                    ),
                ));
            }
            let list = matches!(key, "region" | "status" | "line");
            if !list {
                if seen.contains(&key) {
                    return Err(invalid(
                        key,
                        format!("parameter '{key}' is given more than once"),
                    ));
                }
                seen.push(key);
            }
            if value.is_empty() {
                continue;
            }
            let items = value.split(',').map(str::trim).filter(|v| !v.is_empty());
            match key {
                "region" => {
                    for v in items {
                        s.regions
                            .push(RegionCode::parse(v).map_err(|m| invalid(key, m))?);
                    }
                }
                "status" => {
                    for v in items {
                        s.statuses
                            .push(ParkStatus::parse(v).map_err(|m| invalid(key, m))?);
                    }
                }
                "line" => {
                    for v in items {
                        s.lines
                            .push(ActivityLine::parse(v).map_err(|m| invalid(key, m))?);
                    }
                }
                "min_free_m2" => s.min_free_m2 = Some(non_negative(key, value)?),
                "min_free_seats" => s.min_free_seats = Some(non_negative(key, value)?),
                "max_rent_mad" => {
                    let mad: f64 = value
                        .replace(',', ".")
                        .parse()
                        .ok()
                        .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                        .ok_or_else(|| {
                            invalid(key, format!("'{value}' is not an amount in MAD/m²/month"))
                        })?;
                    s.max_rent_centimes = Some((mad * 100.0).round() as i64);
                }
                "available_by" => s.available_by = Some(date(key, value)?),
                "as_of" => s.as_of = Some(date(key, value)?),
                "near" => s.near = Some(near(value)?),
                "within_km" => {
                    let km: f64 = value
                        .parse()
                        .ok()
                        .filter(|v: &f64| v.is_finite() && *v > 0.0 && *v <= 2_000.0)
                        .ok_or_else(|| {
                            invalid(
                                key,
                                format!("'{value}' is not a distance between 0 and 2000 km"),
                            )
                        })?;
                    s.within_km = Some(km);
                }
                "sort" => s.sort = SortKey::parse(value).map_err(|m| invalid(key, m))?,
                "page" => {
                    s.page = value.parse().ok().filter(|p| *p >= 1).ok_or_else(|| {
                        invalid(key, format!("'{value}' is not a page number (1 or more)"))
                    })?
                }
                "per_page" => {
                    s.per_page = value
                        .parse()
                        .ok()
                        .filter(|p| (1..=PER_PAGE_MAX).contains(p))
                        .ok_or_else(|| {
                            invalid(
                                key,
                                format!("'{value}' is not between 1 and {PER_PAGE_MAX}"),
                            )
                        })?
                }
                _ => unreachable!("every known key is handled"),
            }
        }
        if s.within_km.is_some() && s.near.is_none() {
            return Err(invalid(
                "within_km",
                "within_km needs near (a place or lat,lon)",
            ));
        }
        if s.sort == SortKey::Distance && s.near.is_none() {
            return Err(invalid(
                "sort",
                "sorting by distance needs near (a place or lat,lon)",
            ));
        }
        Ok(s)
    }
}

/// A place "near" resolved by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedNear {
    pub label: String,
    pub location: LatLng,
    pub within_km: f64,
}

/// One park as a row of search results: what the directory's table, the
/// GeoJSON and API clients need to list and filter parks, nothing of the park
/// page (operator, tenants, nearest hubs: see `ParkDetail`). Figures are as of
/// `occupancy_as_of`.
///
/// The two per-search fields come last: the server keeps every park's JSON
/// up to them and appends them for each search (`server::services::rows_json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRow {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub status: ParkStatus,
    pub region_code: RegionCode,
    pub region_name: LocalizedText,
    pub location: LatLng,
    pub rent_centimes_per_m2_month: Option<i64>,
    /// Floor area of delivered buildings.
    pub floor_area_m2: i64,
    pub occupied_m2: i64,
    pub available_m2: i64,
    pub seats: i64,
    pub available_seats: i64,
    /// Occupied share of the delivered floor area, 0 to 100; none without floor area.
    pub occupancy_pct: Option<f64>,
    /// Floor area of buildings still to be delivered.
    pub future_supply_m2: i64,
    /// Activity lines of the tenants present at `occupancy_as_of`.
    pub activity_lines: Vec<ActivityLine>,
    pub jobs: Option<JobsFigure>,
    pub occupancy_as_of: NaiveDate,
    /// True when the park's buildings, tenants or figures are invented demo data.
    pub demo: bool,
    /// Distance from the searched place; only in results of a search with `near`.
    pub distance_km: Option<f64>,
    /// Free area at the search's `available_by` date; only when one was given.
    pub free_at_date_m2: Option<i64>,
}

impl From<ParkSummary> for SearchRow {
    /// The row of a park, without the per-search fields.
    fn from(p: ParkSummary) -> Self {
        Self {
            slug: p.slug,
            name: p.name,
            city: p.city,
            status: p.status,
            region_code: p.region_code,
            region_name: p.region_name,
            location: p.location,
            rent_centimes_per_m2_month: p.rent_centimes_per_m2_month,
            floor_area_m2: p.floor_area_m2,
            occupied_m2: p.occupied_m2,
            available_m2: p.available_m2,
            seats: p.seats,
            available_seats: p.available_seats,
            occupancy_pct: p.occupancy_pct,
            future_supply_m2: p.future_supply_m2,
            activity_lines: p.activity_lines,
            jobs: p.jobs,
            occupancy_as_of: p.occupancy_as_of,
            demo: p.demo,
            distance_km: None,
            free_at_date_m2: None,
        }
    }
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub as_of: NaiveDate,
    /// Free space is counted at this date: `available_by`, else `as_of`.
    pub free_at: NaiveDate,
    /// All matches, over every page.
    pub count: i64,
    pub page: u32,
    pub per_page: u32,
    pub pages: u32,
    pub near: Option<ResolvedNear>,
    /// Last, so that the server can append rows to the JSON of the fields above.
    pub parks: Vec<SearchRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &[(&str, &str)]) -> Result<ParkSearch, AppError> {
        ParkSearch::from_pairs(q.iter().copied())
    }

    fn field(e: AppError) -> String {
        match e {
            AppError::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_repeat_or_split_on_commas_and_combine() {
        let s = parse(&[
            ("region", "06,04"),
            ("region", "01"),
            ("line", "crm"),
            ("status", "operating"),
            ("status", ""),
        ])
        .unwrap();
        assert_eq!(
            s.regions.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            ["06", "04", "01"]
        );
        assert_eq!(s.lines, [ActivityLine::Crm]);
        assert_eq!(s.statuses, [ParkStatus::Operating]);
        assert_eq!(s.page, 1);
        assert_eq!(s.per_page, PER_PAGE_DEFAULT);
    }

    #[test]
    fn numbers_dates_and_places_are_parsed() {
        let s = parse(&[
            ("min_free_m2", "500"),
            ("max_rent_mad", "95,5"),
            ("available_by", "2027-06-30"),
            ("near", "33.57, -7.59"),
            ("within_km", "25"),
            ("sort", "distance"),
        ])
        .unwrap();
        assert_eq!(s.min_free_m2, Some(500));
        assert_eq!(s.max_rent_centimes, Some(9_550));
        assert_eq!(s.available_by, NaiveDate::from_ymd_opt(2027, 6, 30));
        assert_eq!(
            s.near,
            Some(NearSpec::Point(LatLng {
                lat: 33.57,
                lon: -7.59
            }))
        );
        let place = parse(&[("near", "Fès")]).unwrap();
        assert_eq!(place.near, Some(NearSpec::Place("Fès".into())));
    }

    #[test]
    fn each_bad_value_names_its_parameter() {
        for (q, expected) in [
            (vec![("min_free_m2", "-1")], "min_free_m2"),
            (vec![("min_free_seats", "many")], "min_free_seats"),
            (vec![("max_rent_mad", "cheap")], "max_rent_mad"),
            (vec![("available_by", "2027-13-01")], "available_by"),
            (vec![("near", "95,10")], "near"),
            (vec![("near", "Rabat"), ("within_km", "0")], "within_km"),
            (vec![("within_km", "10")], "within_km"),
            (vec![("sort", "distance")], "sort"),
            (vec![("sort", "price")], "sort"),
            (vec![("page", "0")], "page"),
            (vec![("per_page", "500")], "per_page"),
            (vec![("line", "XYZ")], "line"),
            (vec![("colour", "red")], "colour"),
            (vec![("page", "1"), ("page", "2")], "page"),
        ] {
            assert_eq!(field(parse(&q).unwrap_err()), expected, "{q:?}");
        }
    }
}
