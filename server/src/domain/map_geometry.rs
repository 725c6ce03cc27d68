//! Region outlines for the browser: simplified with geo and projected to SVG
//! coordinates on the server, so the whole country weighs a few tens of KB.
use geo::{BoundingRect, LineString, MultiPolygon, Simplify};

/// Simplification tolerance in degrees (about 2.5 km): enough for a country map.
pub const SIMPLIFY_DEG: f64 = 0.025;
/// SVG units per degree of latitude.
const SCALE: f64 = 40.0;

/// Equirectangular projection centred on the country's middle latitude,
/// with y growing downwards as SVG wants.
#[derive(Debug, Clone, Copy)]
pub struct Projection {
    min_lon: f64,
    max_lat: f64,
    kx: f64,
    ky: f64,
    pub width: f64,
    pub height: f64,
}

impl Projection {
    pub fn fit(shapes: &[&MultiPolygon<f64>]) -> Option<Self> {
        let rects: Vec<_> = shapes.iter().filter_map(|s| s.bounding_rect()).collect();
        let min_lon = rects.iter().map(|r| r.min().x).reduce(f64::min)?;
        let max_lon = rects.iter().map(|r| r.max().x).reduce(f64::max)?;
        let min_lat = rects.iter().map(|r| r.min().y).reduce(f64::min)?;
        let max_lat = rects.iter().map(|r| r.max().y).reduce(f64::max)?;
        let mid = ((min_lat + max_lat) / 2.0).to_radians();
        let (kx, ky) = (SCALE * mid.cos(), SCALE);
        Some(Self {
            min_lon,
            max_lat,
            kx,
            ky,
            width: (max_lon - min_lon) * kx,
            height: (max_lat - min_lat) * ky,
        })
    }

    /// (x, y) in SVG units of a WGS84 point.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.min_lon) * self.kx,
            (self.max_lat - lat) * self.ky,
        )
    }

    /// (min_lon, max_lat, kx, ky): what a client needs to invert `project`.
    pub fn parameters(&self) -> (f64, f64, f64, f64) {
        (self.min_lon, self.max_lat, self.kx, self.ky)
    }

    pub fn viewbox(&self) -> String {
        format!("0 0 {:.0} {:.0}", self.width.ceil(), self.height.ceil())
    }
}

fn ring_path(ring: &LineString<f64>, proj: &Projection, out: &mut String) {
    let simplified = ring.simplify(SIMPLIFY_DEG);
    if simplified.0.len() < 4 {
        return;
    }
    for (i, c) in simplified.0.iter().enumerate() {
        let (x, y) = proj.project(c.x, c.y);
        out.push(if i == 0 { 'M' } else { 'L' });
        out.push_str(&format!("{x:.1} {y:.1}"));
    }
    out.push('Z');
}

/// SVG path data of a (multi)polygon, simplified and projected.
pub fn svg_path(shape: &MultiPolygon<f64>, proj: &Projection) -> String {
    let mut out = String::new();
    for polygon in &shape.0 {
        ring_path(polygon.exterior(), proj, &mut out);
        for hole in polygon.interiors() {
            ring_path(hole, proj, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::region_lookup::parse_geometry;

    /// The 12 real regions and the projection that fits them.
    fn reference_shapes() -> (Vec<MultiPolygon<f64>>, Projection) {
        let regions = migration::reference::regions().expect("regions");
        let shapes: Vec<MultiPolygon<f64>> = regions
            .iter()
            .map(|r| parse_geometry(&r.boundary_geojson).unwrap())
            .collect();
        let proj = Projection::fit(&shapes.iter().collect::<Vec<_>>()).unwrap();
        (shapes, proj)
    }

    #[test]
    fn the_whole_country_simplifies_to_under_60_kb_of_svg() {
        let (shapes, proj) = reference_shapes();
        let paths: Vec<String> = shapes.iter().map(|s| svg_path(s, &proj)).collect();
        let total: usize = paths.iter().map(String::len).sum();
        assert!(total < 60_000, "{total} bytes of path data");
        assert!(
            total > 5_000,
            "{total} bytes: the outlines keep their shape"
        );
        assert!(
            paths.iter().all(|p| p.starts_with('M') && p.ends_with('Z')),
            "every region is drawn"
        );
    }

    #[test]
    fn north_is_up_and_west_is_left() {
        let (_, proj) = reference_shapes();
        let tanger = proj.project(-5.83, 35.76);
        let dakhla = proj.project(-15.96, 23.68);
        let oujda = proj.project(-1.91, 34.68);
        assert!(tanger.1 < dakhla.1, "Tanger is above Dakhla");
        assert!(dakhla.0 < oujda.0, "Dakhla is left of Oujda");
        assert!(oujda.0 <= proj.width && dakhla.1 <= proj.height && tanger.1 >= 0.0);
    }
}

/// Quantile breaks for a 5-class choropleth: the upper bounds of classes 0 to 3.
pub fn class_breaks(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return vec![];
    }
    v.sort_by(f64::total_cmp);
    (1..5)
        .map(|k| v[(v.len() * k / 5).min(v.len() - 1)])
        .collect()
}

/// The colour class (0 to 4) of a value for the given breaks.
pub fn class_of(value: f64, breaks: &[f64]) -> u8 {
    breaks.iter().take_while(|b| value > **b).count().min(4) as u8
}

#[cfg(test)]
mod class_tests {
    use super::*;

    #[test]
    fn classes_split_values_into_five_groups() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        let breaks = class_breaks(&values);
        assert_eq!(breaks, [3.0, 5.0, 7.0, 9.0]);
        assert_eq!(class_of(1.0, &breaks), 0);
        assert_eq!(class_of(3.0, &breaks), 0);
        assert_eq!(class_of(4.0, &breaks), 1);
        assert_eq!(class_of(10.0, &breaks), 4);
        assert!(class_breaks(&[]).is_empty());
        assert_eq!(class_of(5.0, &[]), 0);
    }
}
