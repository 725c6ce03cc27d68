//! Tech Valley Registry server (crate root): domain rules, storage, services, HTTP.
//!
//! Layers, each a folder: `domain` (pure rules), `db` (sea-orm), `services`
//! (implement app's service traits), `http` (axum routes). `startup` wires
//! them for `main` and for the tests.

pub mod config;
pub mod db;
pub mod domain;
pub mod http;
pub mod services;
pub mod startup;
pub mod telemetry;
