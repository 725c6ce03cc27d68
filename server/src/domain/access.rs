//! Distances: to the nearest airport and train station, and from a place.
//! Great-circle (Haversine) distances on WGS84 points; lon = x, lat = y.
use geo::{Distance, Haversine, Point};

const TRANSPORT_CSV: &str = include_str!("../../data/transport-reference.csv");
const PLACES_CSV: &str = include_str!("../../data/places.csv");

/// The sphere `distance_km` measures on (IUGG mean radius), in km.
pub const EARTH_RADIUS_KM: f64 = Haversine.radius() / 1000.0;

/// Kilometres between two WGS84 points, (lat, lon) each.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0)) / 1000.0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubKind {
    Airport,
    Station,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hub {
    pub kind: HubKind,
    pub code: String,
    pub name: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

fn rows(csv_text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .filter_map(Result::ok)
        .collect()
}

/// The reference airports and stations (compiled in; a bad row is a build-time data error caught by tests).
pub fn hubs() -> Vec<Hub> {
    rows(TRANSPORT_CSV)
        .iter()
        .filter_map(|r| {
            Some(Hub {
                kind: match r.get(0)? {
                    "airport" => HubKind::Airport,
                    "station" => HubKind::Station,
                    _ => return None,
                },
                code: r.get(1)?.to_string(),
                name: r.get(2)?.to_string(),
                city: r.get(3)?.to_string(),
                lat: r.get(4)?.parse().ok()?,
                lon: r.get(5)?.parse().ok()?,
            })
        })
        .collect()
}

/// The main cities, for "within N km of a city".
pub fn places() -> Vec<Place> {
    rows(PLACES_CSV)
        .iter()
        .filter_map(|r| {
            Some(Place {
                name: r.get(0)?.to_string(),
                lat: r.get(1)?.parse().ok()?,
                lon: r.get(2)?.parse().ok()?,
            })
        })
        .collect()
}

/// The nearest hub of a kind and its distance in km.
pub fn nearest(hubs: &[Hub], kind: HubKind, point: (f64, f64)) -> Option<(&Hub, f64)> {
    hubs.iter()
        .filter(|h| h.kind == kind)
        .map(|h| (h, distance_km(point, (h.lat, h.lon))))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// Finds a place by name, ignoring case and accents ("fes" finds "Fès").
pub fn find_place<'a>(places: &'a [Place], name: &str) -> Option<&'a Place> {
    let wanted = super::slug::slugify(name);
    places
        .iter()
        .find(|p| super::slug::slugify(&p.name) == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_match_hand_checked_great_circle_values() {
        // hand-checked with the Haversine formula, mean Earth radius 6371.0088 km
        let casablanca = (33.5731, -7.5898);
        let rabat = (34.0209, -6.8416);
        assert!((distance_km(casablanca, rabat) - 85.20).abs() < 0.05);
        let tanger = (35.7595, -5.8340);
        let dakhla = (23.6848, -15.9570);
        assert!((distance_km(tanger, dakhla) - 1658.51).abs() < 0.5);
        assert_eq!(distance_km(rabat, rabat), 0.0);
        assert!(
            (distance_km(rabat, casablanca) - distance_km(casablanca, rabat)).abs() < 1e-9,
            "symmetric"
        );
    }

    #[test]
    fn casanearshore_is_nearest_to_mohammed_v_airport() {
        let hubs = hubs();
        let (airport, km) = nearest(&hubs, HubKind::Airport, (33.535, -7.645)).unwrap();
        assert_eq!(airport.code, "CMN");
        assert!((km - 19.31).abs() < 0.05, "{km}");
        let (station, _) = nearest(&hubs, HubKind::Station, (33.990, -4.985)).unwrap();
        assert_eq!(station.code, "FES");
    }

    #[test]
    fn the_reference_lists_parse_whole() {
        let hubs = hubs();
        assert_eq!(
            hubs.len(),
            TRANSPORT_CSV.lines().count() - 1,
            "every row parses"
        );
        assert!(hubs.iter().any(|h| h.kind == HubKind::Station));
        assert_eq!(places().len(), PLACES_CSV.lines().count() - 1);
    }

    #[test]
    fn places_are_found_without_accents_or_case() {
        let places = places();
        assert_eq!(find_place(&places, "fes").unwrap().name, "Fès");
        assert_eq!(find_place(&places, "LAAYOUNE").unwrap().name, "Laâyoune");
        assert!(find_place(&places, "Paris").is_none());
    }
}
