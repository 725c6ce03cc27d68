//! Serde DTOs and value types shared by the browser and the server.
//!
//! Units are in the names (`area_m2`, `rent_centimes_per_m2_month`); money is
//! integer centimes; geo points are WGS84 with `lon` = x and `lat` = y.

mod codes;
mod park;
mod summary;

pub use codes::{ActivityLine, ParkFilter, ParkStatus, RegionCode};
pub use park::{
    BuildingRow, LatLng, LocalizedText, ParkDetail, ParkSummary, PressFigures, TenantRow,
};
pub use summary::{JobsFigure, NationalSummary, Quarter, RegionSummary};
