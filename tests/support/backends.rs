//! The database backends a test runs on, and `each_backend`, which runs a
//! test's body on every one of them and reports each failure by backend.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    /// The server URL of a PostgreSQL cluster, e.g. postgres://postgres@127.0.0.1:5432/postgres
    Postgres(String),
}

impl Backend {
    /// The short name failures are reported under.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// SQLite always; PostgreSQL as well when `TEST_DATABASE_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    if let Ok(url) = std::env::var("TEST_DATABASE_URL")
        && !url.trim().is_empty()
    {
        out.push(Backend::Postgres(url));
    }
    out
}

/// Runs `body` on every backend of [`backends`], even after one fails, then
/// panics with one line per failed backend ("failed on sqlite: …").
pub async fn each_backend(body: impl AsyncFn(Backend)) {
    if let Err(report) = run_on(backends(), body).await {
        panic!("{report}");
    }
}

/// Runs `body` on each of `backends` in turn, catching a panic in any run;
/// the error names each failed backend with its panic message.
pub async fn run_on(backends: Vec<Backend>, body: impl AsyncFn(Backend)) -> Result<(), String> {
    let mut failures = Vec::new();
    for backend in backends {
        let name = backend.name();
        if let Err(message) = (CatchPanic(Box::pin(body(backend)))).await {
            failures.push(format!("failed on {name}: {message}"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// A future that turns a panic while it is polled into an error with the panic's message.
struct CatchPanic<'a>(Pin<Box<dyn Future<Output = ()> + 'a>>);

impl Future for CatchPanic<'_> {
    type Output = Result<(), String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match catch_unwind(AssertUnwindSafe(|| self.0.as_mut().poll(cx))) {
            Ok(Poll::Ready(())) => Poll::Ready(Ok(())),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(panic_message(payload.as_ref()))),
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic without a message".to_string())
}
