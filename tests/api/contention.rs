//! No request can stall another (issue 12, item 2): while clients cycle
//! distinct dates and quarters, /health and a search keep answering, and
//! today's cached index and balance survive the cycling. Bounded: a fixed
//! number of requests, each under a generous timeout; the speed itself is
//! measured by `tests/benches/contention.rs`.
use std::time::Duration;

use app::api::{Credentials, JobsService, RegistryService};
use app::model::{ParkSearch, Quarter};
use chrono::{Days, NaiveDate};
use server::domain::jobs::last_complete_quarter;
use server::services::clock::Clock;
use server::services::jobs::Jobs;
use server::services::registry::Registry;
use tests::{TestApp, each_backend, today};

/// Distinct keys each cycler asks for.
const KEYS: usize = 12;
/// Far more than any answer takes, even on a loaded machine: only a stall hits it.
const PATIENCE: Duration = Duration::from_secs(60);

fn past_day(n: usize) -> NaiveDate {
    today()
        .checked_sub_days(Days::new(1 + n as u64))
        .expect("a date after 1990")
}

fn past_quarter(n: usize) -> Quarter {
    let mut q = last_complete_quarter(today());
    for _ in 0..n {
        q = q.prev();
    }
    q
}

/// GET under `PATIENCE`; the status.
async fn status(app: &TestApp, path: &str) -> u16 {
    let answer = tokio::time::timeout(PATIENCE, app.get(path))
        .await
        .unwrap_or_else(|_| panic!("GET {path} answered within {PATIENCE:?}"));
    let status = answer.status().as_u16();
    let _ = answer.bytes().await;
    status
}

#[tokio::test]
async fn health_and_search_keep_answering_while_four_clients_cycle_dates_and_quarters() {
    each_backend(async |backend| {
        let app = std::sync::Arc::new(TestApp::spawn(&backend).await);
        app.seed_demo().await;
        assert_eq!(status(&app, "/health").await, 200);

        let paths: Vec<Vec<String>> = vec![
            (0..KEYS)
                .map(|i| format!("/api/v1/parks?as_of={}", past_day(2 * i)))
                .collect(),
            (0..KEYS)
                .map(|i| format!("/fr/parks?as_of={}", past_day(2 * i + 1)))
                .collect(),
            (0..KEYS)
                .map(|i| {
                    format!(
                        "/exports/quarterly.csv?quarter={}",
                        past_quarter(2 * i).code()
                    )
                })
                .collect(),
            (0..KEYS)
                .map(|i| format!("/fr/balance?quarter={}", past_quarter(2 * i + 1).code()))
                .collect(),
        ];
        let cyclers: Vec<_> = paths
            .into_iter()
            .map(|paths| {
                let app = app.clone();
                tokio::spawn(async move {
                    for path in paths {
                        assert_eq!(status(&app, &path).await, 200, "{path}");
                    }
                })
            })
            .collect();

        let mut rounds = 0;
        while rounds < 3 || !cyclers.iter().all(|c| c.is_finished()) {
            assert_eq!(status(&app, "/health").await, 200, "{backend:?}");
            assert_eq!(status(&app, "/api/v1/parks").await, 200, "{backend:?}");
            rounds += 1;
            assert!(rounds < 10_000, "the cyclers finish");
        }
        for c in cyclers {
            c.await.expect("every cycled page answered 200");
        }
        let parks = app.get_json("/api/v1/parks", 200).await;
        assert!(parks["count"].as_i64().unwrap() > 0);
    })
    .await;
}

#[tokio::test]
async fn todays_index_and_balance_stay_cached_while_past_dates_and_quarters_cycle() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;
        // the registry and the balance on the app's database, as the app builds them
        let clock = Clock::Fixed(today());
        let builds = server::services::cache::Builds::new();
        let registry = Registry::new(app.db.clone(), clock, &builds);
        let jobs = Jobs::new(app.db.clone(), clock, &builds).expect("jobs service");
        let public = Credentials::default();
        let today_search = ParkSearch::default();
        registry
            .search_parks(&today_search, true)
            .await
            .expect("today's search");
        jobs.balance(&public, None).await.expect("today's balance");
        let current = last_complete_quarter(today());
        assert!(registry.has_index(today()) && jobs.has_balance(current, false));

        // more past keys than either cache keeps
        for n in 0..server::services::registry::INDEX_LIMITS.max_entries + 8 {
            let past = ParkSearch {
                as_of: Some(past_day(n)),
                ..ParkSearch::default()
            };
            registry
                .search_parks(&past, true)
                .await
                .expect("a past date");
            jobs.balance(&public, Some(past_quarter(1 + n)))
                .await
                .expect("a past quarter");
        }
        assert!(
            registry.has_index(today()),
            "{backend:?}: 40 past dates did not evict today's index"
        );
        assert!(
            jobs.has_balance(current, false),
            "{backend:?}: 40 past quarters did not evict the current quarter's balance"
        );
        assert!(
            !registry.has_index(past_day(0)),
            "past dates are bounded: the oldest one used is gone"
        );
    })
    .await;
}
