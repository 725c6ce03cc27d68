//! Server functions of the public pages. Each takes the services from
//! context, calls one method, and returns.
use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use crate::model::ParkFilter;
use crate::model::{NationalSummary, ParkDetail, ParkSummary};

#[cfg(feature = "ssr")]
fn services() -> Result<super::Services, AppError> {
    use_context::<super::Services>().ok_or_else(|| {
        leptos::logging::error!("registry services missing from the Leptos context");
        AppError::Internal
    })
}

#[server]
pub async fn get_national_summary() -> Result<NationalSummary, AppError> {
    let svc = services()?;
    svc.national_summary(svc.today()).await
}

#[server]
pub async fn list_parks(
    region: Option<String>,
    status: Option<String>,
) -> Result<Vec<ParkSummary>, AppError> {
    let filter = ParkFilter::parse(region.as_deref(), status.as_deref())?;
    let svc = services()?;
    svc.list_parks(&filter, svc.today()).await
}

#[server]
pub async fn get_park(slug: String) -> Result<ParkDetail, AppError> {
    let svc = services()?;
    svc.park_detail(&slug, svc.today()).await
}

#[server]
pub async fn list_regions() -> Result<Vec<crate::model::RegionSummary>, AppError> {
    let svc = services()?;
    svc.list_regions(svc.today()).await
}
