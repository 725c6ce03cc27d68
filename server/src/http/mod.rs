//! HTTP (layer: http): plain axum routes beside the Leptos app. Handlers
//! parse, call one service method, and map the result.

pub mod api;
pub mod error;
pub mod query;

use axum::Router;
use axum::response::Redirect;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};

use app::api::Services;
use app::{App, shell};

/// The whole application: JSON API, health, and the server-rendered pages.
pub fn router(options: LeptosOptions, services: Services) -> Router {
    let routes = generate_route_list(App);
    let context_services = services.clone();
    Router::new()
        .route("/", get(|| async { Redirect::to("/fr") }))
        .nest("/api/v1", api::router(services.clone()))
        .route("/health", get(api::health).with_state(services))
        .leptos_routes_with_context(
            &options,
            routes,
            move || provide_context(context_services.clone()),
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options)
}
