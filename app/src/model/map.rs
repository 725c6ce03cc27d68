//! The map of Morocco: region outlines simplified and projected on the server,
//! parks as markers, one region metric as a choropleth.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{LocalizedText, ParkStatus, RegionCode};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MapMetric {
    #[default]
    AvailableArea,
    Occupancy,
    JobsPer10k,
}

impl MapMetric {
    pub const ALL: [MapMetric; 3] = [Self::AvailableArea, Self::Occupancy, Self::JobsPer10k];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AvailableArea => "available_area",
            Self::Occupancy => "occupancy",
            Self::JobsPer10k => "jobs_per_10k",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == raw)
            .ok_or_else(|| {
                format!(
                    "unknown metric '{raw}': expected available_area, occupancy or jobs_per_10k"
                )
            })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapRegion {
    pub code: RegionCode,
    pub name: LocalizedText,
    /// SVG path data in the map's coordinates.
    pub path: String,
    /// The metric's value; none where it means nothing (no floor area, no report).
    pub value: Option<f64>,
    /// Colour class 0..=4 of the value (none: no data).
    pub class: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPark {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub status: ParkStatus,
    pub x: f64,
    pub y: f64,
    /// Marker radius, by floor area (delivered plus future).
    pub r: f64,
    pub available_m2: i64,
    pub future_supply_m2: i64,
    pub rent_centimes_per_m2_month: Option<i64>,
    pub occupancy_pct: Option<f64>,
}

/// The map's projection, so that a click can be turned back into a place:
/// x = (lon - min_lon) * kx, y = (max_lat - lat) * ky, in SVG units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapFrame {
    pub min_lon: f64,
    pub max_lat: f64,
    pub kx: f64,
    pub ky: f64,
}

impl MapFrame {
    /// SVG (x, y) of a WGS84 point.
    pub fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            (lon - self.min_lon) * self.kx,
            (self.max_lat - lat) * self.ky,
        )
    }

    /// WGS84 (lat, lon) of an SVG point.
    pub fn unproject(&self, x: f64, y: f64) -> (f64, f64) {
        (self.max_lat - y / self.ky, self.min_lon + x / self.kx)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    pub viewbox: String,
    pub frame: MapFrame,
    pub metric: MapMetric,
    pub as_of: NaiveDate,
    /// Quarter end of the job figures, for the jobs metric.
    pub jobs_as_of: Option<NaiveDate>,
    /// Upper bounds of colour classes 0..=3 (class 4 is above the last).
    pub breaks: Vec<f64>,
    pub regions: Vec<MapRegion>,
    pub parks: Vec<MapPark>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_on_the_map_gives_back_the_place_it_shows() {
        let frame = MapFrame {
            min_lon: -17.1,
            max_lat: 35.9,
            kx: 40.0,
            ky: 46.0,
        };
        let (x, y) = frame.project(33.57, -7.59);
        let (lat, lon) = frame.unproject(x, y);
        assert!((lat - 33.57).abs() < 1e-9 && (lon + 7.59).abs() < 1e-9);
    }
}
