//! The read side of the registry (layer: services): parks, search,
//! regions, map and national totals, all derived from stored events as of
//! a date. This module holds the `Registry` service, its index cache, the
//! search and the `RegistryService` impl; `index` derives the index,
//! `detail` one park's page, `map` the map.
//!
//! Derived figures for every park are kept in an index keyed by the
//! database's data version (bumped by triggers on every change) and the
//! date: a read costs one small query plus in-memory work, and the index is
//! rebuilt on the first read after any change, whoever made it. The indexes
//! live in a [`Cache`]: built outside any lock, one build per date, today's
//! pinned, other dates bounded (`INDEX_LIMITS`) and built one at a time.
mod detail;
mod index;
mod map;

use std::sync::Arc;

use app::api::{AppError, RegistryService};
use app::model::{
    LatLng, MapMetric, MapView, NationalSummary, NearSpec, ParkDetail, ParkSearch, RegionSummary,
    ResolvedNear, SearchResults, SearchRow, WITHIN_KM_DEFAULT,
};
use chrono::NaiveDate;
use tokio::sync::OnceCell;

use self::index::Index;
use self::map::Geometry;
use super::cache::{Builds, Cache, Limits};
use super::clock::Clock;
use super::rows_json::{self, PageRow};
use crate::db::snapshot::{self, Scope, Snapshot};
use crate::db::{Connection, db_error};
use crate::domain::access::{self, Hub, Place};
use crate::domain::search;
use crate::errors::internal;

/// Indexes kept for dates other than today (replays): at most 8 dates and
/// 256 MiB of estimated memory (an index of 10,000 parks weighs about 30 MB
/// by `Index::weight`), the least recently used evicted first.
pub const INDEX_LIMITS: Limits = Limits {
    max_entries: 8,
    max_weight: 256 << 20,
};

#[derive(Clone)]
pub struct Registry {
    db: Connection,
    clock: Clock,
    hubs: Arc<Vec<Hub>>,
    places: Arc<Vec<Place>>,
    geometry: Arc<OnceCell<Geometry>>,
    cache: Arc<Cache<NaiveDate, Index>>,
}

impl Registry {
    /// `builds`: the application's permits for building past dates (shared with the balance).
    pub fn new(db: Connection, clock: Clock, builds: &Builds) -> Self {
        Self {
            db,
            clock,
            hubs: Arc::new(access::hubs()),
            places: Arc::new(access::places()),
            geometry: Arc::new(OnceCell::new()),
            cache: Arc::new(Cache::new(
                INDEX_LIMITS,
                move |d: &NaiveDate| *d == clock.today(),
                builds,
            )),
        }
    }

    async fn snapshot(&self, scope: Scope<'_>) -> Result<Snapshot, AppError> {
        snapshot::load(&self.db, scope)
            .await
            .map_err(|e| db_error("loading a snapshot", e))
    }

    /// The index at `as_of` for the database's current data version, built on first use.
    async fn index(&self, as_of: NaiveDate) -> Result<Arc<Index>, AppError> {
        let version = snapshot::data_version(&self.db)
            .await
            .map_err(|e| db_error("reading the data version", e))?;
        self.cache
            .get(as_of, version, |permit| async {
                let started = std::time::Instant::now();
                let ix = self.build_index(as_of, permit).await?;
                tracing::debug!(parks = ix.parks.len(), %as_of, version, elapsed_ms = started.elapsed().as_millis() as u64, "index built");
                Ok(ix)
            })
            .await
    }

    /// Whether the index at `as_of` is built and kept (for tests and benchmarks).
    pub fn has_index(&self, as_of: NaiveDate) -> bool {
        self.cache.contains(&as_of)
    }

    /// One search: the index it ran on, the results without their rows, and
    /// the rows as positions in the index with their per-search fields.
    async fn search_page(
        &self,
        q: &ParkSearch,
        paginate: bool,
    ) -> Result<(Arc<Index>, SearchResults, Vec<PageRow>), AppError> {
        let near = self.resolve_near(q)?;
        let as_of = q.as_of.unwrap_or_else(|| self.today());
        let ix = self.index(as_of).await?;
        let free_at = q.available_by.unwrap_or(as_of);
        let origin = near
            .as_ref()
            .map(|n| ((n.location.lat, n.location.lon), n.within_km));
        let window = paginate.then(|| {
            let start = ((q.page - 1) as usize).saturating_mul(q.per_page as usize);
            (start, q.per_page as usize)
        });
        let (total, hits) = search::run(&ix.columns, &ix.timelines, q, origin, free_at, window);
        let (page, per_page) = if paginate {
            (q.page, q.per_page)
        } else {
            (1, total.max(1) as u32)
        };
        let rows = hits
            .iter()
            .map(|h| PageRow {
                index: h.index,
                distance_km: h.distance_km.map(|d| (d * 10.0).round() / 10.0),
                free_at_date_m2: q.available_by.map(|_| h.free.0),
            })
            .collect();
        let head = SearchResults {
            as_of,
            free_at,
            count: total as i64,
            page,
            per_page,
            pages: (total as u32).div_ceil(per_page).max(1),
            near,
            parks: Vec::new(),
        };
        Ok((ix, head, rows))
    }

    fn resolve_near(&self, q: &ParkSearch) -> Result<Option<ResolvedNear>, AppError> {
        let within_km = q.within_km.unwrap_or(WITHIN_KM_DEFAULT);
        Ok(match &q.near {
            None => None,
            Some(NearSpec::Point(p)) => Some(ResolvedNear {
                label: format!("{:.4}, {:.4}", p.lat, p.lon),
                location: *p,
                within_km,
            }),
            Some(NearSpec::Place(name)) => {
                let place = access::find_place(&self.places, name).ok_or_else(|| {
                    let known: Vec<&str> = self.places.iter().map(|p| p.name.as_str()).collect();
                    AppError::invalid(
                        "near",
                        format!(
                            "unknown place '{name}'; use lat,lon or one of: {}",
                            known.join(", ")
                        ),
                    )
                })?;
                Some(ResolvedNear {
                    label: place.name.clone(),
                    location: LatLng {
                        lat: place.lat,
                        lon: place.lon,
                    },
                    within_km,
                })
            }
        })
    }
}

#[async_trait::async_trait]
impl RegistryService for Registry {
    fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    async fn national_summary(&self, as_of: NaiveDate) -> Result<NationalSummary, AppError> {
        Ok(self.index(as_of).await?.national.clone())
    }

    async fn search_parks(
        &self,
        q: &ParkSearch,
        paginate: bool,
    ) -> Result<SearchResults, AppError> {
        let (ix, mut results, rows) = self.search_page(q, paginate).await?;
        results.parks = rows
            .iter()
            .map(|r| SearchRow {
                distance_km: r.distance_km,
                free_at_date_m2: r.free_at_date_m2,
                ..ix.parks[r.index].clone()
            })
            .collect();
        Ok(results)
    }

    async fn search_parks_json(&self, q: &ParkSearch) -> Result<Vec<u8>, AppError> {
        let (ix, head, rows) = self.search_page(q, true).await?;
        rows_json::page(&head, &ix.parks_json, &rows)
            .map_err(|e| internal("writing a page of search results as JSON", e))
    }

    async fn park_detail(&self, slug: &str, as_of: NaiveDate) -> Result<ParkDetail, AppError> {
        self.detail(slug, as_of).await
    }

    async fn list_regions(&self, as_of: NaiveDate) -> Result<Vec<RegionSummary>, AppError> {
        Ok(self.index(as_of).await?.region_summaries.clone())
    }

    async fn map_view(&self, metric: MapMetric, as_of: NaiveDate) -> Result<MapView, AppError> {
        self.map(metric, as_of).await
    }
}
