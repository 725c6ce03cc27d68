//! The map (layer: services): region outlines projected once, and the map
//! view of a metric at a date, with its class breaks and park markers.
use std::collections::HashMap;

use app::api::AppError;
use app::model::{MapFrame, MapMetric, MapPark, MapRegion, MapView, RegionSummary};
use chrono::NaiveDate;

use super::Registry;
use crate::db::{db_error, snapshot};
use crate::domain::map_geometry::{Projection, svg_path};
use crate::domain::region_lookup::parse_geometry;
use crate::errors::{corrupt, internal};

/// Region outlines projected for the map; regions never change after the migrations.
pub(super) struct Geometry {
    pub(super) projection: Projection,
    pub(super) paths: HashMap<String, String>,
}

impl Registry {
    pub(super) async fn geometry(&self) -> Result<&Geometry, AppError> {
        self.geometry
            .get_or_try_init(|| async {
                let boundaries = snapshot::region_boundaries(&self.db)
                    .await
                    .map_err(|e| db_error("loading boundaries", e))?;
                let shapes: Vec<(String, geo::MultiPolygon<f64>)> = boundaries
                    .into_iter()
                    .map(|(code, geojson)| {
                        parse_geometry(&geojson)
                            .map(|g| (code.clone(), g))
                            .map_err(|e| corrupt("regions", &code, e))
                    })
                    .collect::<Result<_, _>>()?;
                let projection =
                    Projection::fit(&shapes.iter().map(|(_, g)| g).collect::<Vec<_>>())
                        .ok_or_else(|| internal("fitting the map", "no region has a shape"))?;
                let paths = shapes
                    .iter()
                    .map(|(code, g)| (code.clone(), svg_path(g, &projection)))
                    .collect();
                Ok(Geometry { projection, paths })
            })
            .await
    }

    pub(super) async fn map(
        &self,
        metric: MapMetric,
        as_of: NaiveDate,
    ) -> Result<MapView, AppError> {
        let ix = self.index(as_of).await?;
        let geometry = self.geometry().await?;
        let value = |r: &RegionSummary| -> Option<f64> {
            match metric {
                MapMetric::AvailableArea => (r.floor_area_m2 > 0).then_some(r.available_m2 as f64),
                MapMetric::Occupancy => (r.floor_area_m2 > 0)
                    .then(|| r.occupied_m2 as f64 * 100.0 / r.floor_area_m2 as f64),
                MapMetric::JobsPer10k => r
                    .jobs
                    .filter(|_| r.population_2024 > 0)
                    .and_then(|j| j.headcount)
                    .map(|n| n as f64 * 10_000.0 / r.population_2024 as f64),
            }
        };
        let values: Vec<Option<f64>> = ix.region_summaries.iter().map(value).collect();
        let breaks = crate::domain::map_geometry::class_breaks(
            &values.iter().flatten().copied().collect::<Vec<_>>(),
        );
        let regions = ix
            .region_summaries
            .iter()
            .zip(&values)
            .map(|(r, v)| MapRegion {
                code: r.code.clone(),
                name: r.name.clone(),
                path: geometry
                    .paths
                    .get(r.code.as_str())
                    .cloned()
                    .unwrap_or_default(),
                value: *v,
                class: v.map(|v| crate::domain::map_geometry::class_of(v, &breaks)),
            })
            .collect();
        let as_of = ix.as_of;
        let area = |t: &super::track::Track| {
            let s = t.at(as_of).space;
            s.floor_area_m2 + s.future_supply_m2
        };
        let max_area = ix
            .tracks
            .list
            .iter()
            .map(|t| area(t))
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let parks = ix
            .tracks
            .list
            .iter()
            .map(|t| {
                let p = t.template();
                let space = t.at(as_of).space;
                let (x, y) = geometry.projection.project(p.location.lon, p.location.lat);
                MapPark {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                    city: p.city.clone(),
                    status: p.status,
                    x: (x * 10.0).round() / 10.0,
                    y: (y * 10.0).round() / 10.0,
                    r: 3.0 + 9.0 * (area(t) as f64 / max_area).sqrt(),
                    available_m2: space.available_m2(),
                    future_supply_m2: space.future_supply_m2,
                    rent_centimes_per_m2_month: p.rent_centimes_per_m2_month,
                    occupancy_pct: space.occupancy_pct(),
                }
            })
            .collect();
        let (min_lon, max_lat, kx, ky) = geometry.projection.parameters();
        Ok(MapView {
            viewbox: geometry.projection.viewbox(),
            frame: MapFrame {
                min_lon,
                max_lat,
                kx,
                ky,
            },
            metric,
            as_of,
            jobs_as_of: ix.national.jobs.map(|j| j.as_of),
            breaks,
            regions,
            parks,
        })
    }
}
