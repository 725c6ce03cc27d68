//! The read side of the registry (layer: services): parks, search,
//! regions, map and national totals, all derived from stored events as of
//! a date. This module holds the `Registry` service, its index cache, the
//! search and the `RegistryService` impl; `index` derives the index,
//! `detail` one park's page, `map` the map.
//!
//! Every park's figures at every date are kept in memory as tracks, and
//! today's index is kept current change by change through the change log
//! (`live`): a read costs no database round trip. Other dates' indexes are
//! put together from the tracks and kept in a [`Cache`] by date and head:
//! bounded (`INDEX_LIMITS`), built outside any lock and one at a time.
mod detail;
mod index;
mod live;
mod map;
mod track;

pub use live::{PG_POLL, SQLITE_POLL};

use std::sync::Arc;

use app::api::{AppError, RegistryService};
use app::model::{
    LatLng, MapMetric, MapView, NationalSummary, NearSpec, ParkDetail, ParkSearch, RegionSummary,
    ResolvedNear, SearchResults, SearchRow, WITHIN_KM_DEFAULT,
};
use chrono::NaiveDate;
use tokio::sync::OnceCell;

use self::live::{Index, Live};
use self::map::Geometry;
use super::cache::{Builds, Cache, ChangeHead, Limits};
use super::clock::Clock;
use super::rows_json::PageRow;
use crate::db::snapshot::{self, Scope, Snapshot};
use crate::db::{Connection, db_error};
use crate::domain::access::{self, Hub, Place};
use crate::domain::search;

/// Indexes kept for dates other than today (replays): at most 64 dates and
/// 128 MiB of estimated memory (one of 10,000 parks weighs about 2 MB by
/// `Index::weight`: its columns; the tracks are shared), the least recently
/// used evicted first. Today's index is not in it: it is never evicted.
pub const INDEX_LIMITS: Limits = Limits {
    max_entries: 64,
    max_weight: 128 << 20,
};

#[derive(Clone)]
pub struct Registry {
    db: Connection,
    clock: Clock,
    hubs: Arc<Vec<Hub>>,
    places: Arc<Vec<Place>>,
    geometry: Arc<OnceCell<Geometry>>,
    cache: Arc<Cache<NaiveDate, Index>>,
    live: Arc<Live>,
    head: ChangeHead,
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
            // today's index lives apart (`live`): nothing here is pinned
            cache: Arc::new(Cache::new(INDEX_LIMITS, |_: &NaiveDate| false, builds)),
            live: Arc::new(Live::default()),
            head: ChangeHead::default(),
        }
    }

    async fn snapshot(&self, scope: Scope<'_>) -> Result<Snapshot, AppError> {
        snapshot::load(&self.db, scope)
            .await
            .map_err(|e| db_error("loading a snapshot", e))
    }

    /// Whether the index at `as_of` is built and kept (for tests and benchmarks).
    pub fn has_index(&self, as_of: NaiveDate) -> bool {
        self.live.has(as_of) || self.cache.contains(&as_of)
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
        let (total, hits) = search::run(
            &ix.columns,
            &ix.tracks.timelines,
            q,
            origin,
            free_at,
            window,
        );
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
                ..ix.row(r.index)
            })
            .collect();
        Ok(results)
    }

    async fn search_parks_json(&self, q: &ParkSearch) -> Result<Vec<u8>, AppError> {
        let (ix, head, rows) = self.search_page(q, true).await?;
        ix.page_json(&head, &rows)
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
