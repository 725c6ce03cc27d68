//! HTTP (layer: http): plain axum routes beside the Leptos app. Handlers
//! parse, call one service method, and map the result.

pub mod api;
pub mod error;
pub mod export;
pub mod guard;
pub mod headers;
pub mod limits;
pub mod query;
pub mod refusal;
pub mod serve;

use axum::Router;
use axum::response::Redirect;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};

use app::api::{Accounts, Jobs, Management, Services};
use app::{App, shell};

/// The services the server hands to handlers and, as context, to Leptos.
#[derive(Clone)]
pub struct AppServices {
    pub registry: Services,
    /// The same registry, concrete: writes catch its index up before answering.
    pub index: crate::services::registry::Registry,
    pub accounts: Accounts,
    pub manage: Management,
    pub jobs: Jobs,
    /// Proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: guard::TrustedProxies,
}

/// The whole application: JSON API, health, and the server-rendered pages.
pub fn router(options: LeptosOptions, app_services: AppServices) -> Router {
    let routes = generate_route_list(App);
    let services = app_services.registry.clone();
    let policy = headers::HeaderPolicy {
        secure: app_services.accounts.secure_cookies(),
    };
    let trusted_proxies = app_services.trusted_proxies.clone();
    let index = app_services.index.clone();
    let jobs = app_services.jobs.clone();
    let context = app_services;
    // The pages and the fallback render the same app: a path that only the
    // page router matches (it decodes `%66r` as `fr`) still finds its services.
    let provide = move || {
        provide_request_nonce();
        provide_context(context.registry.clone());
        provide_context(context.accounts.clone());
        provide_context(context.manage.clone());
        provide_context(context.jobs.clone());
    };
    Router::new()
        .route("/", get(|| async { Redirect::to("/fr") }))
        .nest("/api/v1", api::router(services.clone()))
        .route("/health", get(api::health).with_state(services))
        .route(
            "/exports/quarterly.csv",
            get(export::quarterly).with_state((jobs, policy)),
        )
        .leptos_routes_with_context(&options, routes, provide.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            provide, shell,
        ))
        .with_state(options)
        .layer(axum::middleware::from_fn_with_state(
            index,
            catch_up_after_commits,
        ))
        .layer(axum::middleware::from_fn(guard::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(
            trusted_proxies,
            guard::client_ip,
        ))
        .layer(axum::middleware::from_fn(error::server_fn_status))
        .layer(axum::middleware::from_fn(guard::canonical_paths))
        .layer(axum::middleware::from_fn_with_state(
            policy,
            headers::security_headers,
        ))
}

/// A request during which this process committed a change (a write, or one
/// running beside it) answers only once the registry's index has applied
/// it: whoever wrote reads their write on the next request. Other
/// requests pay nothing (one atomic load before and after).
async fn catch_up_after_commits(
    axum::extract::State(index): axum::extract::State<crate::services::registry::Registry>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let before = crate::db::unit_of_work::commits();
    let response = next.run(req).await;
    if crate::db::unit_of_work::commits() != before
        && let Err(e) = index.catch_up().await
    {
        // the change is saved; the follower will apply it
        tracing::warn!(error = ?e, "catching the index up after a write failed");
    }
    response
}

/// Hands the request's CSP nonce (set by [`headers::security_headers`]) to
/// Leptos, which writes it on every script it renders.
fn provide_request_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<headers::CspNonce>().cloned());
    if let Some(headers::CspNonce(value)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(value));
    }
}
