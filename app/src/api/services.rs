//! Service traits the UI needs; the `server` crate implements them and
//! provides them to Leptos as context. Only compiled with `ssr`.
use std::sync::Arc;

use chrono::NaiveDate;

use super::AppError;
use crate::model::{
    MapMetric, MapView, NationalSummary, ParkDetail, ParkSearch, RegionSummary, SearchResults,
};

/// Read side of the registry: every figure derived from stored events as of a date.
#[async_trait::async_trait]
pub trait RegistryService: Send + Sync + 'static {
    /// The date "today" means for the registry (a business date in Morocco).
    fn today(&self) -> NaiveDate;
    async fn national_summary(&self, as_of: NaiveDate) -> Result<NationalSummary, AppError>;
    /// One page of matches, or every match when `paginate` is false (GeoJSON).
    async fn search_parks(
        &self,
        search: &ParkSearch,
        paginate: bool,
    ) -> Result<SearchResults, AppError>;
    /// The page `search_parks(search, true)` returns, as JSON: byte for byte
    /// what serde_json makes of that `SearchResults`, for the JSON API. The
    /// server assembles it from rows serialized once per index.
    async fn search_parks_json(&self, search: &ParkSearch) -> Result<Vec<u8>, AppError>;
    async fn park_detail(&self, slug: &str, as_of: NaiveDate) -> Result<ParkDetail, AppError>;
    async fn list_regions(&self, as_of: NaiveDate) -> Result<Vec<RegionSummary>, AppError>;
    async fn map_view(&self, metric: MapMetric, as_of: NaiveDate) -> Result<MapView, AppError>;
}

/// What the server hands to every server function through Leptos context.
pub type Services = Arc<dyn RegistryService>;
