//! Tests of the harness itself: `run_on` runs the body on every backend even
//! when one fails, and names the backend that failed.

use std::sync::Mutex;

use tests::Backend;
use tests::backends::run_on;

#[tokio::test]
async fn a_failure_on_one_backend_is_reported_by_name_and_the_other_backend_still_runs() {
    let ran = Mutex::new(Vec::new());
    let outcome = run_on(
        vec![
            Backend::Sqlite,
            Backend::Postgres("postgres://unused".into()),
        ],
        async |backend| {
            ran.lock().unwrap().push(backend.name());
            tokio::task::yield_now().await;
            assert_ne!(backend, Backend::Sqlite, "the probe fails here");
        },
    )
    .await;
    let report = outcome.expect_err("the SQLite run failed");
    assert!(report.starts_with("failed on sqlite: "), "{report}");
    assert!(report.contains("the probe fails here"), "{report}");
    assert!(!report.contains("postgres"), "{report}");
    assert_eq!(*ran.lock().unwrap(), ["sqlite", "postgres"]);
}

#[tokio::test]
async fn every_backend_that_fails_is_named_and_a_passing_run_reports_nothing() {
    let both = || {
        vec![
            Backend::Sqlite,
            Backend::Postgres("postgres://unused".into()),
        ]
    };
    let report = run_on(both(), async |backend| {
        panic!("broken on {}", backend.name())
    })
    .await
    .expect_err("both runs failed");
    assert_eq!(
        report,
        "failed on sqlite: broken on sqlite\nfailed on postgres: broken on postgres"
    );
    assert_eq!(run_on(both(), async |_| {}).await, Ok(()));
}
