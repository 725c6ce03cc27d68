//! Services (layer: services): implement app's service traits by loading
//! through the storage layer, applying the domain rules and mapping to
//! DTOs. The trait impls (`manage`, `jobs`, `registry`, `accounts`) only
//! delegate; each resource has its own module. No query is built here.

pub mod accounts;
pub mod audit_log;
pub mod balance;
pub mod buildings;
pub mod cache;
pub mod clock;
pub mod commitments;
pub mod conflict;
pub mod consent;
pub mod declarations;
pub mod declare;
pub mod guard;
pub mod hashing;
pub mod jobs;
pub mod leases;
pub mod manage;
pub mod parks;
pub mod passwords;
pub mod registry;
pub mod reviews;
pub mod rows_json;
pub mod tenants;
pub mod two_factor;
pub mod users;
