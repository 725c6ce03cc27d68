//! What the directory and the park page show.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{ActivityLine, JobsFigure, ParkStatus, RegionCode};

/// A WGS84 point: `lon` is x, `lat` is y (GeoJSON order is [lon, lat]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLng {
    pub lat: f64,
    pub lon: f64,
}

/// A text in the registry's three languages; any may be missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalizedText {
    pub fr: Option<String>,
    pub ar: Option<String>,
    pub en: Option<String>,
}

/// One park's headline figures for its page, derived as of `occupancy_as_of`.
/// Search results list the smaller `SearchRow`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParkSummary {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub operator: String,
    pub status: ParkStatus,
    pub region_code: RegionCode,
    pub region_name: LocalizedText,
    pub location: LatLng,
    pub land_ha: Option<f64>,
    pub delivery_date: Option<NaiveDate>,
    pub rent_centimes_per_m2_month: Option<i64>,
    /// Floor area of delivered buildings.
    pub floor_area_m2: i64,
    pub occupied_m2: i64,
    pub available_m2: i64,
    pub seats: i64,
    pub occupied_seats: i64,
    pub available_seats: i64,
    /// Occupied share of the delivered floor area, 0 to 100; none without floor area.
    pub occupancy_pct: Option<f64>,
    /// Floor area of buildings still to be delivered.
    pub future_supply_m2: i64,
    pub occupancy_as_of: NaiveDate,
    pub jobs: Option<JobsFigure>,
    /// When the park's data last changed, and by whom (a role, never a person).
    pub last_updated_at: DateTime<Utc>,
    pub last_updated_by: Editor,
    /// True when the park's buildings, tenants or figures are invented demo data.
    pub demo: bool,
    /// Activity lines of the tenants present at `occupancy_as_of`.
    pub activity_lines: Vec<ActivityLine>,
    pub tenants: i64,
    pub nearest_airport: Option<HubDistance>,
    pub nearest_station: Option<HubDistance>,
}

/// Who last changed a park's data, as the public may know it: the park's
/// operator (one of its managers) or the registry (an admin, an import).
/// Never the person: their email is personal data (docs/SECURITY.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Editor {
    Operator,
    Registry,
}

/// The nearest airport or train station and how far it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubDistance {
    pub code: String,
    pub name: String,
    pub city: String,
    pub distance_km: f64,
}

/// Occupancy at the end of a quarter, for the history chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QuarterPoint {
    pub quarter: super::Quarter,
    pub floor_area_m2: i64,
    pub occupied_m2: i64,
    /// None where no report, or where hidden (`jobs_suppressed`).
    pub jobs: Option<i64>,
    /// The park's total of the quarter covers fewer than 3 tenants.
    pub jobs_suppressed: bool,
}

/// A building of a park, with occupancy derived from lease events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildingRow {
    pub name: String,
    pub floor_area_m2: i64,
    pub seats: i64,
    pub occupied_m2: i64,
    pub occupied_seats: i64,
    pub available_m2: i64,
    pub available_seats: i64,
    pub delivery_date: Option<NaiveDate>,
    pub delivered: bool,
    pub demo: bool,
}

/// A tenant present in the park at the page's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantRow {
    pub company: String,
    pub country: String,
    pub activity_line: ActivityLine,
    pub area_m2: i64,
    pub seats: i64,
    /// Date of the tenant's first move-in among its current leases in the park.
    pub since: NaiveDate,
    /// The tenant agreed to publish its own headcount; without it
    /// `latest_jobs` and every `jobs_history` figure are None.
    pub jobs_published: bool,
    pub latest_jobs: Option<JobsFigure>,
    /// Validated headcount for each of the last quarters (oldest first; None where no report).
    pub jobs_history: Vec<(super::Quarter, Option<i64>)>,
    pub demo: bool,
}

/// Figures published in the press, shown apart and with their year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PressFigures {
    pub office_floor_m2: Option<i64>,
    pub reported_jobs: Option<i64>,
    pub figures_year: Option<i32>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParkDetail {
    pub summary: ParkSummary,
    pub description: LocalizedText,
    pub buildings: Vec<BuildingRow>,
    pub tenants: Vec<TenantRow>,
    pub press: PressFigures,
    /// Occupancy and jobs at the end of each of the last quarters, oldest first.
    pub history: Vec<QuarterPoint>,
    /// The park's region outline, as an SVG path in the map's coordinates, for the inset.
    pub region_path: String,
    /// The park's position in the same coordinates.
    pub map_point: (f64, f64),
    pub map_viewbox: String,
}
