//! The server contract: server functions by topic, the error type, and (with
//! `ssr`) the service traits the server implements and provides as context.

mod error;
mod parks;
#[cfg(feature = "ssr")]
mod services;

pub use error::AppError;
pub use parks::{
    GetNationalSummary, GetPark, ListParks, ListRegions, get_national_summary, get_park,
    list_parks, list_regions,
};
#[cfg(feature = "ssr")]
pub use services::{RegistryService, Services};
