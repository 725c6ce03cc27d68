//! Search latency benchmark (layer: tests; a benchmark that prints numbers,
//! not a timed test that fails on them).
//!
//! For each number of synthetic parks (100 and 10,000 by default) it starts
//! the real application on a fresh SQLite file (the API tests' harness),
//! loads the parks with `seed_synthetic` and warms up. Then it sends
//! sequential GET requests to `/api/v1/parks`, cycling through a fixed list
//! of representative searches, in blocks of `BLOCK` requests that alternate
//! between the sizes (so that both sizes are measured under the same
//! conditions of a shared machine), and prints p50 and p99 latencies, the
//! ratio of the p99s, the seeding time and the response sizes. Any answer
//! but 200 stops it.
//!
//! ```sh
//! cargo bench -p tests --bench search                  # the full search parameters
//! BENCH_SIMPLE=1 cargo bench -p tests --bench search   # region/status/as_of only
//! BENCH_REQUESTS=500 BENCH_PARKS=100,1000 cargo bench -p tests --bench search
//! BENCH_SERVER_TIME=1 cargo bench -p tests --bench search  # also the search without HTTP
//! ```
//!
//! `BENCH_SERVER_TIME=1` also times, per size and query, the registry's
//! `search_parks_json` called in this process (no HTTP; 1,000 calls after
//! the warm-up) and the change-log head query (which searches no longer make), to tell the
//! search's own time from the round trip's.
//!
//! `cargo test` runs bench targets without `--bench`: then it does nothing.
use std::time::{Duration, Instant};

use server::seed::synthetic::{SyntheticCounts, seed_synthetic};
use tests::{Backend, TestApp, today};

/// Representative investor searches, with every parameter of the search API.
const FULL_QUERIES: [&str; 10] = [
    "/api/v1/parks",
    "/api/v1/parks?region=06",
    "/api/v1/parks?region=04,01&status=operating&sort=free_area",
    "/api/v1/parks?status=operating&line=CRM&min_free_m2=500&sort=free_area",
    "/api/v1/parks?line=ITO&line=ESO&max_rent_mad=100&sort=rent",
    "/api/v1/parks?min_free_seats=100&available_by=2027-06-30&per_page=200",
    "/api/v1/parks?near=Casablanca&within_km=30&sort=distance",
    "/api/v1/parks?near=34.02,-6.84&within_km=80&status=operating&sort=distance",
    "/api/v1/parks?status=under_construction&status=planned&sort=name&page=2&per_page=20",
    "/api/v1/parks?region=07&sort=occupancy&as_of=2025-06-30",
];

/// The same kind of mix with the parameters the API accepted before search
/// was extended (`region`, `status`, `as_of`, each at most once).
const SIMPLE_QUERIES: [&str; 10] = [
    "/api/v1/parks",
    "/api/v1/parks?region=06",
    "/api/v1/parks?region=04",
    "/api/v1/parks?status=operating",
    "/api/v1/parks?region=06&status=operating",
    "/api/v1/parks?region=01&status=under_construction",
    "/api/v1/parks?status=planned",
    "/api/v1/parks?region=07&as_of=2025-06-30",
    "/api/v1/parks?region=03&status=operating&as_of=2026-03-31",
    "/api/v1/parks?region=12",
];

const DEFAULT_REQUESTS: usize = 5_000;
/// Requests sent to one size before the next size's turn (a multiple of the
/// number of queries: every block sends each query as often).
const BLOCK: usize = 50;
const DEFAULT_PARK_COUNTS: [usize; 2] = [100, 10_000];
/// Every query is sent this many times before measuring (the first request
/// after a change pays for caches and statement preparation).
const WARM_UP_ROUNDS: usize = 2;

struct Measured {
    parks: usize,
    counts: SyntheticCounts,
    seed_time: Duration,
    /// The very first request after seeding.
    cold: Duration,
    /// Every measured request, sorted.
    latencies: Vec<Duration>,
    /// Per query: its measured latencies, sorted.
    per_query: Vec<Vec<Duration>>,
    /// Per query: the size of its response body.
    response_bytes: Vec<usize>,
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("search benchmark: skipped; run it with `cargo bench -p tests --bench search`");
        return;
    }
    let simple = std::env::var("BENCH_SIMPLE").is_ok_and(|v| !v.is_empty() && v != "0");
    let requests = std::env::var("BENCH_REQUESTS").map_or(DEFAULT_REQUESTS, |v| {
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("BENCH_REQUESTS='{v}' is not a number of requests"))
    });
    let park_counts: Vec<usize> = std::env::var("BENCH_PARKS").map_or_else(
        |_| DEFAULT_PARK_COUNTS.to_vec(),
        |v| {
            v.split(',')
                .map(|n| {
                    n.trim().parse().unwrap_or_else(|_| {
                        panic!("BENCH_PARKS='{v}': expected numbers of parks, e.g. 100,10000")
                    })
                })
                .collect()
        },
    );
    let queries: &[&str] = if simple {
        &SIMPLE_QUERIES
    } else {
        &FULL_QUERIES
    };
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "search benchmark: {requests} sequential GET /api/v1/parks per size, in alternating blocks of {BLOCK}, cycling through {} queries{}; SQLite; {cpus} CPUs; today = {}",
        queries.len(),
        if simple {
            " (BENCH_SIMPLE=1: region/status/as_of only)"
        } else {
            ""
        },
        today()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let runs = runtime.block_on(async {
        let mut prepared = Vec::new();
        for &parks in &park_counts {
            prepared.push(prepare(parks, queries).await);
        }
        measure(prepared, queries, requests).await
    });
    report(&runs, queries);
}

/// One size, seeded and warmed up, waiting for its measured requests.
struct Prepared {
    app: TestApp,
    parks: usize,
    counts: SyntheticCounts,
    seed_time: Duration,
    cold: Duration,
    response_bytes: Vec<usize>,
}

async fn prepare(parks: usize, queries: &[&str]) -> Prepared {
    eprintln!("{parks} parks: seeding...");
    let app = TestApp::spawn(&Backend::Sqlite).await;
    let started = Instant::now();
    let counts = seed_synthetic(&app.db, parks, today())
        .await
        .unwrap_or_else(|e| panic!("{parks} synthetic parks load: {e}"));
    let seed_time = started.elapsed();

    eprintln!("{parks} parks: warming up...");
    let server_time = std::env::var("BENCH_SERVER_TIME").is_ok_and(|v| !v.is_empty() && v != "0");
    let started = Instant::now();
    let mut response_bytes = vec![fetch(&app, queries[0]).await];
    let cold = started.elapsed();
    for round in 0..WARM_UP_ROUNDS {
        for (i, q) in queries.iter().enumerate() {
            let bytes = fetch(&app, q).await;
            if round == 0 && i > 0 {
                response_bytes.push(bytes);
            }
        }
    }
    if server_time {
        print_server_time(&app, parks, queries).await;
    }
    Prepared {
        app,
        parks,
        counts,
        seed_time,
        cold,
        response_bytes,
    }
}

/// `requests` per size, in alternating blocks of `BLOCK`.
async fn measure(prepared: Vec<Prepared>, queries: &[&str], requests: usize) -> Vec<Measured> {
    eprintln!("{requests} requests per size, in alternating blocks of {BLOCK}...",);
    let mut per_query = vec![vec![Vec::new(); queries.len()]; prepared.len()];
    let mut sent = 0;
    while sent < requests {
        let block = BLOCK.min(requests - sent);
        for (p, size) in prepared.iter().enumerate() {
            for i in sent..sent + block {
                let q = i % queries.len();
                let started = Instant::now();
                fetch(&size.app, queries[q]).await;
                per_query[p][q].push(started.elapsed());
            }
        }
        sent += block;
    }
    prepared
        .into_iter()
        .zip(per_query)
        .map(|(size, mut per_query)| {
            let mut latencies: Vec<Duration> = per_query.iter().flatten().copied().collect();
            latencies.sort();
            for l in &mut per_query {
                l.sort();
            }
            Measured {
                parks: size.parks,
                counts: size.counts,
                seed_time: size.seed_time,
                cold: size.cold,
                latencies,
                per_query,
                response_bytes: size.response_bytes,
            }
        })
        .collect()
}

/// Prints p50 / p99 of the search without HTTP, and of the change-log head query.
async fn print_server_time(app: &TestApp, parks: usize, queries: &[&str]) {
    use app::api::RegistryService;
    const CALLS: usize = 1_000;
    let registry = server::services::registry::Registry::new(
        app.db.clone(),
        server::services::clock::Clock::Fixed(today()),
        &server::services::cache::Builds::new(),
    );
    let version = {
        let started = Instant::now();
        for _ in 0..CALLS {
            server::db::changes::head(&app.db)
                .await
                .expect("change log head");
        }
        started.elapsed() / CALLS as u32
    };
    println!(
        "\n{parks} parks, server time (µs, p50 / p99 of {CALLS} calls; change-log head query alone: mean {:.1}):",
        version.as_secs_f64() * 1e6
    );
    for (q, query) in queries.iter().enumerate() {
        let raw = query.split_once('?').map(|(_, raw)| raw);
        let search =
            server::http::api::parse_search(raw).unwrap_or_else(|e| panic!("{query}: {:?}", e.0));
        let mut times = Vec::with_capacity(CALLS);
        for _ in 0..=CALLS {
            let started = Instant::now();
            registry
                .search_parks_json(&search)
                .await
                .unwrap_or_else(|e| panic!("{query}: {e:?}"));
            times.push(started.elapsed());
        }
        // the first call builds this registry's index
        times.remove(0);
        times.sort();
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        println!(
            "- #{} {:.1} / {:.1}",
            q + 1,
            us(percentile(&times, 50.0)),
            us(percentile(&times, 99.0))
        );
    }
}

/// GET that must answer 200; returns the body's size in bytes.
async fn fetch(app: &TestApp, path: &str) -> usize {
    let response = app.get(path).await;
    let status = response.status();
    let body = response.bytes().await.expect("response body");
    assert!(
        status.as_u16() == 200,
        "GET {path} answered {status}: {}",
        String::from_utf8_lossy(&body[..body.len().min(600)])
    );
    body.len()
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

fn report(runs: &[Measured], queries: &[&str]) {
    println!();
    println!(
        "| parks | buildings | tenants | lease events | job reports | seeding (s) | first request (ms) | p50 (ms) | p99 (ms) | max (ms) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in runs {
        println!(
            "| {} | {} | {} | {} | {} | {:.1} | {:.1} | {:.2} | {:.2} | {:.2} |",
            r.parks,
            r.counts.buildings,
            r.counts.tenants,
            r.counts.lease_events,
            r.counts.job_reports,
            r.seed_time.as_secs_f64(),
            ms(r.cold),
            ms(percentile(&r.latencies, 50.0)),
            ms(percentile(&r.latencies, 99.0)),
            ms(r.latencies.last().copied().unwrap_or_default()),
        );
    }
    if let [first, .., last] = runs {
        let (p99_first, p99_last) = (
            ms(percentile(&first.latencies, 99.0)),
            ms(percentile(&last.latencies, 99.0)),
        );
        if p99_first > 0.0 {
            println!(
                "\np99({}) / p99({}) = {:.1}",
                last.parks,
                first.parks,
                p99_last / p99_first
            );
        }
    }

    println!("\nPer query, p50 / p99 (ms), and response size at the largest size:");
    let header: Vec<String> = runs.iter().map(|r| format!("{} parks", r.parks)).collect();
    println!("| query | {} | bytes |", header.join(" | "));
    println!("|---|{}---:|", "---:|".repeat(runs.len()));
    for (q, query) in queries.iter().enumerate() {
        let cells: Vec<String> = runs
            .iter()
            .map(|r| {
                format!(
                    "{:.2} / {:.2}",
                    ms(percentile(&r.per_query[q], 50.0)),
                    ms(percentile(&r.per_query[q], 99.0))
                )
            })
            .collect();
        let bytes = runs.last().map_or(0, |r| r.response_bytes[q]);
        println!("| #{} `{query}` | {} | {bytes} |", q + 1, cells.join(" | "));
    }

    println!("\nWhich queries make the slowest 1% of requests (the p99 tail), per size:");
    for r in runs {
        let threshold = percentile(&r.latencies, 99.0);
        let tail: Vec<String> = r
            .per_query
            .iter()
            .enumerate()
            .map(|(q, l)| (q, l.iter().filter(|d| **d >= threshold).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(q, n)| format!("#{} x{n}", q + 1))
            .collect();
        println!(
            "- {} parks (p99 {:.2} ms): {}",
            r.parks,
            ms(threshold),
            tail.join(", ")
        );
    }
}
