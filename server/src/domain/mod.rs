//! Pure domain rules (layer: domain). Plain functions over plain types: no
//! sea-orm, axum or leptos here; may use geo, chrono and app's model types.

pub mod access;
pub mod auth;
pub mod balance;
pub mod canonical;
pub mod disclosure;
pub mod figures;
pub mod jobs;
pub mod map_geometry;
pub mod occupancy;
pub mod region_lookup;
pub mod search;
pub mod slug;
pub mod tenant_scope;
pub mod timeline;
pub mod totp;
pub mod two_factor;
