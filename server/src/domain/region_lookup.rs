//! Which region a point lies in, on the real boundaries.
//!
//! The boundaries are coarse along the coast: a quay or a peninsula (Dakhla
//! city) can fall outside every polygon. Such a point falls back to the
//! nearest region within [`FALLBACK_KM`]; farther, or equally near two
//! regions, is an error: a wrong region is never picked silently.
use geo::{
    BoundingRect, Closest, ClosestPoint, Contains, Coord, Distance, Haversine, LineString,
    MultiPolygon, Point, Polygon, Rect,
};

/// How far outside every polygon a point may be and still get a region.
pub const FALLBACK_KM: f64 = 10.0;
/// Two candidate regions closer than this to each other's distance are ambiguous.
const AMBIGUITY_KM: f64 = 1.0;
/// About 20 km in latitude: the bounding-box margin for candidate regions.
const BBOX_MARGIN_DEG: f64 = 0.2;

#[derive(Debug, Clone, PartialEq)]
pub enum Located {
    /// The point is inside the region's boundary.
    Inside { code: String },
    /// The point is outside every boundary, `distance_km` from this region's.
    Nearby { code: String, distance_km: f64 },
}

impl Located {
    pub fn code(&self) -> &str {
        match self {
            Self::Inside { code } | Self::Nearby { code, .. } => code,
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LocateError {
    #[error("latitude {lat} / longitude {lon} is not a valid WGS84 point")]
    InvalidPoint { lat: f64, lon: f64 },
    #[error(
        "the point is outside every region, {distance_km:.1} km from the nearest ({nearest}); more than {FALLBACK_KM} km"
    )]
    TooFar { nearest: String, distance_km: f64 },
    #[error(
        "the point is outside every region and about as near to {a} as to {b} ({distance_km:.1} km): choose the region"
    )]
    Ambiguous {
        a: String,
        b: String,
        distance_km: f64,
    },
    #[error("no region boundary is within {FALLBACK_KM} km of the point")]
    Nowhere,
}

struct RegionShape {
    code: String,
    shape: MultiPolygon<f64>,
    bbox: Rect<f64>,
}

/// The regions' boundaries, ready for lookups. Built once at start.
pub struct RegionIndex {
    regions: Vec<RegionShape>,
}

fn ring(value: &serde_json::Value) -> Result<LineString<f64>, String> {
    let points = value.as_array().ok_or("a ring is not an array")?;
    points
        .iter()
        .map(|p| {
            match (
                p.get(0).and_then(|x| x.as_f64()),
                p.get(1).and_then(|y| y.as_f64()),
            ) {
                (Some(x), Some(y)) => Ok(Coord { x, y }),
                _ => Err("a position is not [lon, lat]".to_string()),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(LineString::new)
}

fn polygon(rings: &serde_json::Value) -> Result<Polygon<f64>, String> {
    let rings = rings
        .as_array()
        .ok_or("polygon coordinates are not an array")?;
    let mut iter = rings.iter();
    let exterior = ring(iter.next().ok_or("a polygon has no exterior ring")?)?;
    let holes = iter.map(ring).collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, holes))
}

/// Parses an RFC 7946 Polygon or MultiPolygon geometry (lon, lat order).
pub fn parse_geometry(geojson: &str) -> Result<MultiPolygon<f64>, String> {
    let geometry: serde_json::Value = serde_json::from_str(geojson).map_err(|e| e.to_string())?;
    let coords = &geometry["coordinates"];
    match geometry["type"].as_str() {
        Some("Polygon") => Ok(MultiPolygon::new(vec![polygon(coords)?])),
        Some("MultiPolygon") => coords
            .as_array()
            .ok_or("multipolygon coordinates are not an array")?
            .iter()
            .map(polygon)
            .collect::<Result<Vec<_>, _>>()
            .map(MultiPolygon::new),
        other => Err(format!(
            "expected a Polygon or MultiPolygon geometry, got {other:?}"
        )),
    }
}

impl RegionIndex {
    /// Builds the index from (code, GeoJSON geometry) pairs.
    pub fn new<'a>(regions: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, String> {
        let regions = regions
            .into_iter()
            .map(|(code, geojson)| {
                let shape = parse_geometry(geojson).map_err(|e| format!("region {code}: {e}"))?;
                let bbox = shape
                    .bounding_rect()
                    .ok_or_else(|| format!("region {code}: empty boundary"))?;
                Ok(RegionShape {
                    code: code.to_string(),
                    shape,
                    bbox,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Self { regions })
    }

    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// The bounding box of a region's boundary as
    /// `(min_lon, min_lat, max_lon, max_lat)`, or `None` for an unknown code.
    pub fn bbox(&self, code: &str) -> Option<(f64, f64, f64, f64)> {
        self.region(code).map(|r| {
            let (min, max) = (r.bbox.min(), r.bbox.max());
            (min.x, min.y, max.x, max.y)
        })
    }

    /// Whether a WGS84 point (lon = x, lat = y) is inside a region's
    /// boundary. No coastal fallback here: this is the strict test, and an
    /// unknown code contains nothing.
    pub fn contains(&self, code: &str, lon: f64, lat: f64) -> bool {
        self.region(code).is_some_and(|r| {
            let (min, max) = (r.bbox.min(), r.bbox.max());
            (min.x..=max.x).contains(&lon)
                && (min.y..=max.y).contains(&lat)
                && r.shape.contains(&Point::new(lon, lat))
        })
    }

    fn region(&self, code: &str) -> Option<&RegionShape> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// The region of a WGS84 point (lon = x, lat = y).
    pub fn locate(&self, lon: f64, lat: f64) -> Result<Located, LocateError> {
        if !(lon.is_finite()
            && lat.is_finite()
            && (-180.0..=180.0).contains(&lon)
            && (-90.0..=90.0).contains(&lat))
        {
            return Err(LocateError::InvalidPoint { lat, lon });
        }
        let point = Point::new(lon, lat);
        let near_bbox = |r: &&RegionShape| {
            let (min, max) = (r.bbox.min(), r.bbox.max());
            lon >= min.x - BBOX_MARGIN_DEG
                && lon <= max.x + BBOX_MARGIN_DEG
                && lat >= min.y - BBOX_MARGIN_DEG
                && lat <= max.y + BBOX_MARGIN_DEG
        };
        let candidates: Vec<&RegionShape> = self.regions.iter().filter(near_bbox).collect();
        if let Some(inside) = candidates.iter().find(|r| r.shape.contains(&point)) {
            return Ok(Located::Inside {
                code: inside.code.clone(),
            });
        }
        let mut by_distance: Vec<(f64, &str)> = candidates
            .iter()
            .filter_map(|r| distance_to_boundary_km(&r.shape, point).map(|d| (d, r.code.as_str())))
            .collect();
        by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
        match by_distance.as_slice() {
            [] => Err(LocateError::Nowhere),
            [(d, code), ..] if *d > FALLBACK_KM => Err(LocateError::TooFar {
                nearest: code.to_string(),
                distance_km: *d,
            }),
            [(d1, a), (d2, b), ..] if *d2 <= FALLBACK_KM && d2 - d1 < AMBIGUITY_KM => {
                Err(LocateError::Ambiguous {
                    a: a.to_string(),
                    b: b.to_string(),
                    distance_km: *d1,
                })
            }
            [(d, code), ..] => Ok(Located::Nearby {
                code: code.to_string(),
                distance_km: *d,
            }),
        }
    }
}

/// Great-circle distance from a point to the nearest point of a boundary.
/// The nearest point is found in lon/lat space, then measured with Haversine:
/// a slight over-estimate at worst, which errs on the side of refusing.
fn distance_to_boundary_km(shape: &MultiPolygon<f64>, point: Point<f64>) -> Option<f64> {
    shape
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .filter_map(|ring| match ring.closest_point(&point) {
            Closest::Intersection(p) | Closest::SinglePoint(p) => {
                Some(Haversine.distance(point, p) / 1000.0)
            }
            Closest::Indeterminate => None,
        })
        .min_by(f64::total_cmp)
}

/// The real boundaries, as the migrations load them, for tests across the crate.
#[cfg(test)]
pub(crate) fn reference_index() -> &'static RegionIndex {
    static INDEX: std::sync::OnceLock<RegionIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let regions = migration::reference::regions().expect("reference regions");
        let pairs: Vec<(String, String)> = regions
            .into_iter()
            .map(|r| (r.code, r.boundary_geojson))
            .collect();
        RegionIndex::new(pairs.iter().map(|(c, g)| (c.as_str(), g.as_str()))).expect("index builds")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> &'static RegionIndex {
        reference_index()
    }

    #[test]
    fn real_cities_fall_in_their_regions() {
        // (city, lon, lat, HCP region code)
        let cities = [
            ("Casablanca", -7.59, 33.57, "06"),
            ("Rabat", -6.84, 34.02, "04"),
            ("Fès", -5.00, 34.03, "03"),
            ("Tanger", -5.81, 35.76, "01"),
            ("Oujda", -1.91, 34.68, "02"),
            ("Marrakech", -7.99, 31.63, "07"),
            ("Agadir", -9.59, 30.42, "09"),
            ("Béni Mellal", -6.35, 32.34, "05"),
            ("Errachidia", -4.42, 31.93, "08"),
            ("Guelmim", -10.06, 28.99, "10"),
            ("Laâyoune", -13.20, 27.15, "11"),
        ];
        for (city, lon, lat, code) in cities {
            let found = index()
                .locate(lon, lat)
                .unwrap_or_else(|e| panic!("{city}: {e}"));
            assert_eq!(found.code(), code, "{city}");
        }
    }

    #[test]
    fn dakhla_city_on_its_peninsula_falls_back_to_its_region() {
        let found = index()
            .locate(-15.96, 23.68)
            .expect("Dakhla is within the fallback distance");
        match found {
            Located::Nearby { code, distance_km } => {
                assert_eq!(code, "12");
                assert!(
                    distance_km > 0.0 && distance_km <= FALLBACK_KM,
                    "{distance_km}"
                );
            }
            Located::Inside { code } => assert_eq!(code, "12"),
        }
    }

    #[test]
    fn a_point_far_out_at_sea_gets_no_region() {
        // Canary Islands, about 100 km off the coast
        let err = index().locate(-15.43, 28.10).unwrap_err();
        assert!(
            matches!(err, LocateError::TooFar { .. } | LocateError::Nowhere),
            "{err:?}"
        );
        // Madrid: far beyond every region
        assert!(index().locate(-3.70, 40.42).is_err());
    }

    #[test]
    fn invalid_coordinates_are_refused() {
        assert!(matches!(
            index().locate(f64::NAN, 33.0),
            Err(LocateError::InvalidPoint { .. })
        ));
        assert!(matches!(
            index().locate(-7.0, 95.0),
            Err(LocateError::InvalidPoint { .. })
        ));
    }

    #[test]
    fn a_region_contains_its_cities_and_not_its_neighbours_cities() {
        let (casablanca, rabat) = ((-7.59, 33.57), (-6.84, 34.02));
        assert!(index().contains("06", casablanca.0, casablanca.1));
        assert!(!index().contains("04", casablanca.0, casablanca.1));
        assert!(index().contains("04", rabat.0, rabat.1));
        assert!(!index().contains("06", rabat.0, rabat.1));
        assert!(!index().contains("99", casablanca.0, casablanca.1));
    }

    #[test]
    fn a_region_bounding_box_encloses_its_boundary_and_unknown_codes_have_none() {
        let (min_lon, min_lat, max_lon, max_lat) = index().bbox("06").expect("Casablanca-Settat");
        assert!(min_lon < max_lon && min_lat < max_lat);
        assert!((min_lon..=max_lon).contains(&-7.59) && (min_lat..=max_lat).contains(&33.57));
        // Laâyoune (region 11) lies outside Casablanca-Settat's box
        assert!(!(min_lat..=max_lat).contains(&27.15));
        assert_eq!(index().bbox("99"), None);
    }

    #[test]
    fn the_index_holds_the_twelve_regions() {
        assert_eq!(index().len(), 12);
    }
}
