//! Building and running the application, shared by `main` and the tests:
//! the database, what an empty database gets (the real parks; demo data
//! only with --demo), the services, and the router behind the edge: request
//! ids, a tracing span per request and the limits of `http::limits`.
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use app::api::Services;
use axum::http::{HeaderName, HeaderValue, Request};
use leptos::prelude::LeptosOptions;
use tokio::net::TcpListener;
use tower_http::LatencyUnit;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use crate::db::{self, Connection, parks};
use crate::http::limits::{self, InFlight, Limits};
use crate::seed::{self, demo, demo_accounts, reference};
use crate::services::cache::Builds;
use crate::services::hashing::HashPermits;
use crate::services::jobs::Jobs;
use crate::services::{accounts::Accounts, clock::Clock, manage::Manage, registry::Registry};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] db::OpenError),
    #[error("demo data: {0}")]
    Seed(#[from] seed::SeedError),
    #[error("parameters: {0}")]
    Parameters(String),
    #[error("demo accounts: {0}")]
    DemoAccounts(String),
    #[error("accounts: {0}")]
    Accounts(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("Leptos configuration: {0}")]
    Leptos(String),
}

pub struct Config {
    pub database_url: String,
    pub addr: Option<SocketAddr>,
    pub clock: Clock,
    /// What an empty database gets at start.
    pub on_empty: EmptyStart,
    /// Mark the session cookie `Secure` (served over HTTPS).
    pub secure_cookies: bool,
    /// Proxies in front whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Admins and park managers must sign in with a second factor.
    pub require_two_factor: bool,
    /// Body size, timeouts and caps; `Limits::default()` in production.
    pub limits: Limits,
}

/// What a start on an empty database (no park yet) loads into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmptyStart {
    /// Nothing (the tests build their own data).
    #[default]
    Nothing,
    /// The real parks only, no account: a plain `serve`.
    RealParks,
    /// The real parks, invented demo data and the demo accounts: `serve --demo`.
    Demo,
}

/// The one command that creates the first admin, logged while there is none.
pub const FIRST_ADMIN_HINT: &str =
    "no account yet: create the first admin with `server user add --email … --name … --role admin`";

pub struct Application {
    pub listener: TcpListener,
    pub router: axum::Router,
    /// The registry, whose follower (`Registry::follow`) runs with the server.
    pub registry: Registry,
    pub db: Connection,
    pub addr: SocketAddr,
    pub limits: Limits,
}

/// Leptos settings from cargo-leptos's environment; binaries built by plain
/// cargo (the API tests) get the same defaults without that environment.
pub fn leptos_options() -> Result<LeptosOptions, StartError> {
    const OUTPUT_NAME: &str = "tech-valley-registry";
    if std::env::var_os("LEPTOS_OUTPUT_NAME").is_some()
        || option_env!("LEPTOS_OUTPUT_NAME").is_some()
    {
        let conf = leptos::prelude::get_configuration(None)
            .map_err(|e| StartError::Leptos(e.to_string()))?;
        return Ok(conf.leptos_options);
    }
    Ok(LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root("target/site")
        .build())
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let db = db::open(&config.database_url).await?;
        if config.on_empty != EmptyStart::Nothing
            && parks::count(&db).await.map_err(seed::SeedError::from)? == 0
        {
            tracing::info!("empty database: loading the real parks");
            let added = reference::seed_reference(&db).await?;
            tracing::info!(parks = added, "real parks loaded");
            if config.on_empty == EmptyStart::Demo {
                let counts = demo::seed_demo(&db, config.clock.today()).await?;
                let accounts = demo_accounts::seed_demo_accounts(&db)
                    .await
                    .map_err(StartError::DemoAccounts)?;
                tracing::info!(
                    ?counts,
                    accounts,
                    "demo data and demo accounts loaded (--demo)"
                );
            }
        }
        if config.on_empty != EmptyStart::Nothing
            && db::users::all(&db)
                .await
                .map_err(|e| StartError::Accounts(e.to_string()))?
                .is_empty()
        {
            tracing::warn!("{FIRST_ADMIN_HINT}");
        }
        let options = leptos_options()?;
        let addr = config.addr.unwrap_or(options.site_addr);
        // One permit for building past dates and quarters, index and balance together.
        let builds = Builds::new();
        let registry = Registry::new(db.clone(), config.clock, &builds);
        let services = crate::http::AppServices {
            registry: Arc::new(registry.clone()) as Services,
            index: registry.clone(),
            accounts: Arc::new(Accounts::new(
                db.clone(),
                config.secure_cookies,
                HashPermits::new(&config.limits),
                config.require_two_factor,
            )),
            manage: Arc::new(Manage::new(db.clone(), config.clock)),
            jobs: Arc::new(
                Jobs::new(db.clone(), config.clock, &builds)
                    .map_err(StartError::Parameters)?
                    .following(registry.change_head()),
            ),
            trusted_proxies: crate::http::guard::TrustedProxies(Arc::new(config.trusted_proxies)),
        };
        let router = edge(crate::http::router(options, services), &config.limits);
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Listen { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| StartError::Listen { addr, source })?;
        Ok(Self {
            listener,
            router,
            registry,
            db,
            addr,
            limits: config.limits,
        })
    }

    /// Serves until the process gets Ctrl-C or SIGTERM, pruning dead
    /// sessions and old login attempts every few minutes meanwhile (the
    /// pruning stops with the server).
    pub async fn run(self) -> std::io::Result<()> {
        let serve = crate::http::serve::serve(self.listener, self.router, &self.limits, shutdown());
        tokio::select! {
            served = serve => served,
            never = prune_forever(self.db) => match never {},
            never = self.registry.follow() => match never {},
        }
    }
}

/// Every `PRUNE_EVERY`, deletes dead sessions and login attempts out of the
/// throttle's window (one statement each; a failure is logged and tried
/// again next time).
async fn prune_forever(db: Connection) -> std::convert::Infallible {
    use crate::services::accounts::{PRUNE_EVERY, prune};
    let mut every = tokio::time::interval(PRUNE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Ok(pruned) = prune(&db, chrono::Utc::now()).await {
            tracing::debug!(
                sessions = pruned.sessions,
                attempts = pruned.attempts,
                "pruned dead sessions and old login attempts"
            );
        }
    }
}

/// Numbers requests in the order they arrive, for the `x-request-id` header.
#[derive(Clone, Default)]
struct RequestCounter(Arc<AtomicU64>);

impl MakeRequestId for RequestCounter {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let n = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        HeaderValue::from_str(&n.to_string())
            .ok()
            .map(RequestId::new)
    }
}

/// One span per request with its id, method and path; the response's
/// status and latency are logged when it ends. Logs emitted while a
/// request is handled (internal errors among them) carry its id.
fn request_span<B>(request: &Request<B>) -> Span {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// The edge in front of any router (the application's, or a test's): from
/// the outside in, the request id is set, the span opens (so every log
/// below carries the id), the id is copied onto the response (refusals
/// included), then the in-flight cap, the panic catcher, the request
/// timeout, the body limit of `limits`, and the second render of a
/// stalled page.
pub fn edge(router: axum::Router, limits: &Limits) -> axum::Router {
    use axum::middleware::{from_fn, from_fn_with_state};
    let trace = TraceLayer::new_for_http()
        .make_span_with(request_span)
        .on_response(
            DefaultOnResponse::new()
                .level(Level::INFO)
                .latency_unit(LatencyUnit::Micros),
        );
    // The last layer added runs first.
    router
        .layer(from_fn_with_state(
            limits.render_stall,
            limits::retry_stalled_render,
        ))
        .layer(from_fn_with_state(
            Arc::new(limits.clone()),
            limits::limit_body,
        ))
        .layer(from_fn_with_state(
            limits.request_timeout,
            limits::request_timeout,
        ))
        .layer(from_fn(limits::catch_panic))
        .layer(from_fn_with_state(
            InFlight::new(limits.max_in_flight),
            limits::cap_in_flight,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(trace)
        .layer(SetRequestIdLayer::new(
            REQUEST_ID.clone(),
            RequestCounter::default(),
        ))
}

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
