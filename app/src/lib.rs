//! Tech Valley Registry UI and its server contract (layer: app).
//!
//! Compiled twice: with `ssr` into the server, with `hydrate` into WASM.
//! May import leptos, serde and chrono only; never sea-orm or geo (the crate
//! graph forbids it: see `.ci/run`, which checks the WASM dependency tree).

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod model;
pub mod pages;

pub use app::{App, shell};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
