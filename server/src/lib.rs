//! Tech Valley Registry server (crate root): domain rules, storage, services, HTTP.
//!
//! Layers, each a folder: `domain` (pure rules), `db` (every sea-orm query,
//! the unit of work, row conversions), `services` (implement app's service
//! traits, one module per resource), `seed` (reference, demo and synthetic
//! data), `http` (axum routes). `startup` wires them for `main` and for the
//! tests; `cli` holds the command handlers; `errors` logs internal errors.

pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod errors;
pub mod http;
pub mod seed;
pub mod services;
pub mod startup;
pub mod telemetry;
