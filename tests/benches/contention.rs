//! Contention benchmark (layer: tests; a benchmark that prints numbers, not
//! a timed test that fails on them): does a client cycling past dates and
//! quarters make everyone else wait?
//!
//! It starts the real application on a fresh SQLite file (the API tests'
//! harness) with `BENCH_PARKS` synthetic parks (10,000 by default), warms
//! up, then one sequential client alternates `GET /health` and a plain
//! search `GET /api/v1/parks`:
//! (a) alone, `BENCH_REQUESTS` of each (200 by default): the reference;
//! (b) for `BENCH_SECONDS` (60 by default; at most `BUSY_MAX` of each)
//!     while 4 clients each cycle distinct keys: `as_of` dates on
//!     `/api/v1/parks`, `as_of` dates on the `/fr/parks` page, quarters on
//!     `/exports/quarterly.csv` and quarters on the `/fr/balance` page.
//! It prints p50/p99/max of both routes in (a) and (b), the ratios (b)/(a),
//! the cyclers' completed requests and the process's peak RSS (VmHWM; the
//! server runs in this process) after the seeding and the warm-up, and
//! during (a) and (b) alone (the peak is reset through
//! `/proc/self/clear_refs` after the warm-up). The cyclers stop at the deadline; a request
//! still running then is abandoned 10 s later.
//!
//! ```sh
//! cargo bench -p tests --bench contention
//! BENCH_PARKS=2000 BENCH_SECONDS=30 cargo bench -p tests --bench contention
//! ```
//!
//! `cargo test` runs bench targets without `--bench`: then it does nothing.
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Days;
use server::seed::synthetic::seed_synthetic;
use tests::{Backend, TestApp, today};

const DEFAULT_PARKS: usize = 10_000;
const DEFAULT_SECONDS: u64 = 60;
const DEFAULT_REQUESTS: usize = 200;
/// (b)'s requests of each route, at most (it normally ends at the deadline).
const BUSY_MAX: usize = 100_000;
const SEARCH: &str = "/api/v1/parks";
const HEALTH: &str = "/health";
/// A cycler's request abandoned this long after the deadline.
const GRACE: Duration = Duration::from_secs(10);

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).map_or(default, |v| {
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}='{v}' is not a number"))
    })
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!(
            "contention benchmark: skipped; run it with `cargo bench -p tests --bench contention`"
        );
        return;
    }
    let parks = env_number("BENCH_PARKS", DEFAULT_PARKS);
    let seconds = env_number("BENCH_SECONDS", DEFAULT_SECONDS);
    let requests = env_number("BENCH_REQUESTS", DEFAULT_REQUESTS);
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "contention benchmark: {parks} synthetic parks, SQLite, {cpus} CPUs, today = {}; one sequential client alternating {HEALTH} and {SEARCH}, alone ({requests} each) then for {seconds} s beside 4 clients cycling distinct dates and quarters",
        today()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run(parks, Duration::from_secs(seconds), requests));
}

#[derive(Default)]
struct Latencies {
    health: Vec<Duration>,
    search: Vec<Duration>,
}

async fn run(parks: usize, window: Duration, requests: usize) {
    let app = Arc::new(TestApp::spawn(&Backend::Sqlite).await);
    eprintln!("seeding {parks} parks...");
    let started = Instant::now();
    seed_synthetic(&app.db, parks, today())
        .await
        .unwrap_or_else(|e| panic!("{parks} synthetic parks load: {e}"));
    let seeding = started.elapsed();

    eprintln!("warming up...");
    let started = Instant::now();
    for path in [
        HEALTH,
        SEARCH,
        "/fr/parks",
        "/fr/balance",
        "/exports/quarterly.csv",
    ] {
        let (status, _) = fetch(&app, path).await;
        assert_eq!(status, 200, "warm-up GET {path}");
    }
    let warm_up = started.elapsed();
    for _ in 0..10 {
        fetch(&app, HEALTH).await;
        fetch(&app, SEARCH).await;
    }
    let warm_peak = status_mib("VmHWM:");
    // from here on VmHWM is the peak of the measured phases (Linux: "5" resets it)
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();

    eprintln!("(a) alone...");
    let alone = measure(&app, requests, None).await;

    eprintln!("(b) beside 4 cyclers for {} s...", window.as_secs());
    let deadline = Instant::now() + window;
    let cyclers: Vec<Cycler> = (0..4).map(Cycler::new).collect();
    let tasks: Vec<_> = cyclers
        .iter()
        .map(|c| tokio::spawn(cycle(app.clone(), c.clone_counters(), deadline)))
        .collect();
    let busy = measure(&app, BUSY_MAX, Some(deadline)).await;
    tokio::time::sleep_until((deadline + GRACE).into()).await;
    for t in &tasks {
        t.abort();
    }
    for t in tasks {
        let _ = t.await;
    }

    report(parks, seeding, warm_up, &alone, &busy, &cyclers);
    println!(
        "\nPeak RSS of the process (VmHWM): {:.0} MiB after seeding and warm-up; {:.0} MiB during (a) and (b){}; at the end (VmRSS): {:.0} MiB",
        warm_peak.unwrap_or(f64::NAN),
        status_mib("VmHWM:").unwrap_or(f64::NAN),
        if reset {
            ""
        } else {
            " (could not reset the peak: this is the whole run's)"
        },
        status_mib("VmRSS:").unwrap_or(f64::NAN)
    );
}

/// Alternates /health and the search, `requests` of each or until `deadline`.
async fn measure(app: &TestApp, requests: usize, deadline: Option<Instant>) -> Latencies {
    let mut l = Latencies::default();
    for _ in 0..requests {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        for (path, into) in [(HEALTH, &mut l.health), (SEARCH, &mut l.search)] {
            let started = Instant::now();
            let (status, _) = fetch(app, path).await;
            assert_eq!(status, 200, "GET {path}");
            into.push(started.elapsed());
        }
    }
    l.health.sort();
    l.search.sort();
    l
}

/// One cycling client: what it asks for and what it got.
struct Cycler {
    kind: usize,
    done: Arc<AtomicUsize>,
    failed: Arc<AtomicUsize>,
}

impl Cycler {
    fn new(kind: usize) -> Self {
        Self {
            kind,
            done: Arc::new(AtomicUsize::new(0)),
            failed: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn clone_counters(&self) -> Self {
        Self {
            kind: self.kind,
            done: self.done.clone(),
            failed: self.failed.clone(),
        }
    }

    fn name(&self) -> &'static str {
        [
            "/api/v1/parks?as_of=<date>",
            "/fr/parks?as_of=<date>",
            "/exports/quarterly.csv?quarter=<q>",
            "/fr/balance?quarter=<q>",
        ][self.kind]
    }

    /// The `i`-th distinct key of this cycler: dates go back a day at a time
    /// (the two date cyclers on alternate days), quarters a quarter at a time.
    fn path(&self, i: usize) -> String {
        let day = |n: usize| {
            today()
                .checked_sub_days(Days::new(1 + n as u64))
                .expect("a date after 1990")
        };
        let quarter = |n: usize| {
            let mut q = server::domain::jobs::last_complete_quarter(today());
            for _ in 0..n % 120 {
                q = q.prev();
            }
            q
        };
        match self.kind {
            0 => format!("/api/v1/parks?as_of={}", day(2 * i)),
            1 => format!("/fr/parks?as_of={}", day(2 * i + 1)),
            2 => format!("/exports/quarterly.csv?quarter={}", quarter(2 * i).code()),
            _ => format!("/fr/balance?quarter={}", quarter(2 * i + 1).code()),
        }
    }
}

async fn cycle(app: Arc<TestApp>, c: Cycler, deadline: Instant) {
    let mut i = 0;
    while Instant::now() < deadline {
        let (status, _) = fetch(&app, &c.path(i)).await;
        if status == 200 {
            c.done.fetch_add(1, Ordering::Relaxed);
        } else {
            c.failed.fetch_add(1, Ordering::Relaxed);
        }
        i += 1;
    }
}

/// GET; the status and the body's size (0 status if the request failed).
async fn fetch(app: &TestApp, path: &str) -> (u16, usize) {
    match app.client.get(app.url(path)).send().await {
        Ok(r) => {
            let status = r.status().as_u16();
            let bytes = r.bytes().await.map_or(0, |b| b.len());
            (status, bytes)
        }
        Err(_) => (0, 0),
    }
}

/// Nearest-rank percentile of sorted latencies.
fn percentile(sorted: &[Duration], pct: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (pct / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// A line of /proc/self/status in MiB (`VmHWM`: the peak resident set).
fn status_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn report(
    parks: usize,
    seeding: Duration,
    warm_up: Duration,
    alone: &Latencies,
    busy: &Latencies,
    cyclers: &[Cycler],
) {
    println!(
        "\n{parks} parks: seeding {:.1} s, warm-up (first /health, search, pages, CSV) {:.1} s",
        seeding.as_secs_f64(),
        warm_up.as_secs_f64()
    );
    println!(
        "\n| route | (a) alone: n, p50 / p99 / max (ms) | (b) beside the cyclers: n, p50 / p99 / max (ms) | p50 (b)/(a) | p99 (b)/(a) |"
    );
    println!("|---|---:|---:|---:|---:|");
    for (route, a, b) in [
        (HEALTH, &alone.health, &busy.health),
        (SEARCH, &alone.search, &busy.search),
    ] {
        let cell = |l: &[Duration]| {
            format!(
                "{}, {:.2} / {:.2} / {:.2}",
                l.len(),
                ms(percentile(l, 50.0)),
                ms(percentile(l, 99.0)),
                ms(l.last().copied().unwrap_or_default())
            )
        };
        let ratio = |pct: f64| {
            let (a, b) = (ms(percentile(a, pct)), ms(percentile(b, pct)));
            if a > 0.0 { b / a } else { f64::NAN }
        };
        println!(
            "| `{route}` | {} | {} | {:.1} | {:.1} |",
            cell(a),
            cell(b),
            ratio(50.0),
            ratio(99.0)
        );
    }
    println!("\nCyclers (requests completed with 200 / other answers):");
    let mut total = 0;
    for c in cyclers {
        let done = c.done.load(Ordering::Relaxed);
        total += done;
        println!(
            "- `{}`: {done} / {}",
            c.name(),
            c.failed.load(Ordering::Relaxed)
        );
    }
    println!("- all: {total}");
}
