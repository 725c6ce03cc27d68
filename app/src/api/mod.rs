//! The server contract: server functions by topic, the error type, and (with
//! `ssr`) the service traits the server implements and provides as context.

mod error;
mod parks;
#[cfg(feature = "ssr")]
mod services;

pub use error::AppError;
pub use parks::{
    CompareParks, GetMap, GetNationalSummary, GetPark, ListRegions, SearchParks, compare_parks,
    get_map, get_national_summary, get_park, list_regions, search_parks,
};
#[cfg(feature = "ssr")]
pub use services::{RegistryService, Services};
