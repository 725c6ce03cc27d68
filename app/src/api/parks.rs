//! Server functions of the public pages. Each takes the services from
//! context, calls one method, and returns.
use leptos::prelude::*;

use super::AppError;
use crate::model::{MapView, NationalSummary, ParkDetail, RegionSummary, SearchResults};

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

/// Searches with the page's URL parameters, as decoded pairs.
#[server]
pub async fn search_parks(pairs: Vec<(String, String)>) -> Result<SearchResults, AppError> {
    let search =
        crate::model::ParkSearch::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    services()?.search_parks(&search, true).await
}

#[server]
pub async fn get_park(slug: String) -> Result<ParkDetail, AppError> {
    let svc = services()?;
    svc.park_detail(&slug, svc.today()).await
}

#[server]
pub async fn list_regions() -> Result<Vec<RegionSummary>, AppError> {
    let svc = services()?;
    svc.list_regions(svc.today()).await
}

#[server]
pub async fn get_map(metric: Option<String>) -> Result<MapView, AppError> {
    let metric = match metric.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => crate::model::MapMetric::parse(m)
            .map_err(|message| AppError::invalid("metric", message))?,
        None => crate::model::MapMetric::default(),
    };
    let svc = services()?;
    svc.map_view(metric, svc.today()).await
}

/// Several parks side by side; 2 to 4 slugs.
#[server]
pub async fn compare_parks(slugs: Vec<String>) -> Result<Vec<ParkDetail>, AppError> {
    let mut unique: Vec<String> = Vec::new();
    for s in slugs
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
    {
        if !unique.contains(&s) {
            unique.push(s);
        }
    }
    if !(2..=4).contains(&unique.len()) {
        return Err(AppError::invalid(
            "park",
            format!("choose 2 to 4 parks to compare, not {}", unique.len()),
        ));
    }
    let svc = services()?;
    let today = svc.today();
    let mut out = Vec::with_capacity(unique.len());
    for slug in &unique {
        out.push(svc.park_detail(slug, today).await?);
    }
    Ok(out)
}
