//! Services (layer: services): implement app's service traits by loading
//! from storage, applying the domain rules and mapping to DTOs.

pub mod accounts;
pub mod clock;
pub mod errors;
pub mod jobs;
pub mod manage;
pub mod registry;
pub mod rows_json;
pub mod seed;
pub mod synthetic;
