//! Service traits the UI needs; the `server` crate implements them and
//! provides them to Leptos as context. Only compiled with `ssr`.
use std::sync::Arc;

use chrono::NaiveDate;

use super::AppError;
use crate::model::{NationalSummary, ParkDetail, ParkFilter, ParkSummary, RegionSummary};

/// Read side of the registry: every figure derived from stored events as of a date.
#[async_trait::async_trait]
pub trait RegistryService: Send + Sync + 'static {
    /// The date "today" means for the registry (a business date in Morocco).
    fn today(&self) -> NaiveDate;
    async fn national_summary(&self, as_of: NaiveDate) -> Result<NationalSummary, AppError>;
    async fn list_parks(
        &self,
        filter: &ParkFilter,
        as_of: NaiveDate,
    ) -> Result<Vec<ParkSummary>, AppError>;
    async fn park_detail(&self, slug: &str, as_of: NaiveDate) -> Result<ParkDetail, AppError>;
    async fn list_regions(&self, as_of: NaiveDate) -> Result<Vec<RegionSummary>, AppError>;
}

/// What the server hands to every server function through Leptos context.
pub type Services = Arc<dyn RegistryService>;
