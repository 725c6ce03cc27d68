//! Durability on SQLite with the real binary (no browser): 32 concurrent
//! lease writers through the server function a manager's form posts, a
//! `kill -9` while they write, a restart on the same file; every write the
//! server acknowledged is stored and no building is over capacity at any
//! date. Bounded: the load stops after 3 s or 150 acknowledged writes, and
//! every wait has a deadline (about 20 s in all on a quiet machine).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

use crate::driver::{Guard, after, announced, root, server_bin, wait_http};

const PARK: &str = "casanearshore";
const EMAIL: &str = "durable@cdg.ma";
const PASSWORD: &str = "a long durability password";
const WRITERS: usize = 32;
/// Floor areas of the buildings: the first fills after a few move-ins, so
/// some writes are refused for capacity while the others are still accepted.
const FLOORS_M2: [i64; 8] = [1_000, 3_000, 6_000, 10_000, 15_000, 20_000, 25_000, 30_000];
const LOAD_FOR: Duration = Duration::from_secs(3);
const ENOUGH_ACKS: usize = 150;

/// The binary on `database_url`, serving on a port of its choice; killed on drop.
async fn start(dir: &Path, database_url: &str, run: &str) -> (Guard, String) {
    let log = File::create(dir.join(format!("server-{run}.log"))).expect("log file");
    let mut child = Command::new(server_bin())
        .current_dir(root())
        .env("DATABASE_URL", database_url)
        .env("TVR_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", root().join("target/site"))
        .env("TVR_LOG", "warn,server=info")
        // its manager signs in with a password alone
        .env("TVR_REQUIRE_TWO_FACTOR", "0")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(log.try_clone().expect("log"))
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take().expect("stdout");
    let guard = Guard(child);
    let addr = announced(
        stdout,
        log,
        |l| after(l, "listening on http://"),
        "the server",
    )
    .await;
    let base = format!("http://{addr}");
    wait_http(&format!("{base}/health"), "the server").await;
    (guard, base)
}

struct Session {
    cookie: String,
    csrf: String,
}

async fn sign_in(client: &reqwest::Client, base: &str) -> Session {
    let resp = client
        .post(format!("{base}/api/account/login"))
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .expect("login sent");
    assert_eq!(resp.status().as_u16(), 200, "login");
    let cookie = resp
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("tvr_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();
    let body: serde_json::Value = resp.json().await.expect("JSON");
    let csrf = body["csrf_token"].as_str().expect("csrf").to_string();
    Session { cookie, csrf }
}

/// Posts a manager form with the session's cookie and CSRF token.
async fn manage(
    client: &reqwest::Client,
    base: &str,
    s: &Session,
    name: &str,
    form: &[(&str, String)],
) -> reqwest::Result<(u16, String)> {
    let mut form = form.to_vec();
    form.push(("csrf", s.csrf.clone()));
    let resp = client
        .post(format!("{base}/api/manage/{name}"))
        .header(reqwest::header::COOKIE, format!("tvr_session={}", s.cookie))
        .form(&form)
        .send()
        .await?;
    let status = resp.status().as_u16();
    Ok((status, resp.text().await?))
}

/// An acknowledged lease event, as the writer sent it.
#[derive(Debug, Clone)]
struct Acked {
    id: i64,
    building: i64,
    area_m2: i64,
    seats: i64,
    date: String,
}

/// A writer's n-th move-in: a new tenant, 100 to 1,500 m², a date in 2027.
fn move_in(writer: usize, n: usize, building: i64) -> (Vec<(&'static str, String)>, Acked) {
    let mix = (writer * 7919 + n * 104_729) % 1_000_003;
    let area = 100 + (mix % 15) as i64 * 100;
    let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        + chrono::Duration::days((mix % 365) as i64);
    let date = day.to_string();
    let form = vec![
        ("park", PARK.to_string()),
        ("building_id", building.to_string()),
        ("tenant", "new".into()),
        ("company", format!("Writer {writer} lease {n}")),
        ("country", "MA".into()),
        ("activity_line", "ITO".into()),
        ("kind", "move_in".into()),
        ("area_m2", area.to_string()),
        ("seats", (area / 10).to_string()),
        ("effective_date", date.clone()),
    ];
    let acked = Acked {
        id: 0,
        building,
        area_m2: area,
        seats: area / 10,
        date,
    };
    (form, acked)
}

#[derive(Default)]
struct Tally {
    acked: Vec<Acked>,
    refused: usize,
    server_errors: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_lease_survives_a_kill_9_and_no_building_is_ever_over_capacity() {
    let bin = server_bin();
    assert!(
        bin.exists(),
        "{} is built by .ci/test (or cargo build -p server)",
        bin.display()
    );
    let dir: PathBuf = std::env::temp_dir().join(format!("tvr-durability-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let database_url = format!("sqlite://{}?mode=rwc", dir.join("registry.db").display());

    let (mut first, base) = start(&dir, &database_url, "first").await;
    let added = Command::new(&bin)
        .current_dir(root())
        .args([
            "user",
            "add",
            "--email",
            EMAIL,
            "--name",
            "Durability",
            "--role",
            "park_manager",
            "--park",
            PARK,
        ])
        .env("DATABASE_URL", &database_url)
        .env("TVR_PASSWORD", PASSWORD)
        .env("TVR_LOG", "warn")
        .output()
        .expect("the binary runs");
    assert!(
        added.status.success(),
        "user add: {}",
        String::from_utf8_lossy(&added.stderr)
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let session = Arc::new(sign_in(&client, &base).await);
    let mut buildings = BTreeMap::new();
    for (k, floor) in FLOORS_M2.iter().enumerate() {
        let form = [
            ("park", PARK.to_string()),
            ("name", format!("Durable {k}")),
            ("floor_area_m2", floor.to_string()),
            ("seats", (floor / 10).to_string()),
        ];
        let (status, body) = manage(&client, &base, &session, "save_building", &form)
            .await
            .expect("building saved");
        assert_eq!(status, 200, "{body}");
        let id = serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["id"]
            .as_i64()
            .expect("building id");
        buildings.insert(id, *floor);
    }
    let ids: Vec<i64> = buildings.keys().copied().collect();

    // 32 writers until the kill.
    let tally = Arc::new(Mutex::new(Tally::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let acks = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (client, base, session) = (client.clone(), base.clone(), session.clone());
        let (tally, stop, acks, ids) = (tally.clone(), stop.clone(), acks.clone(), ids.clone());
        writers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let (form, mut sent) = move_in(w, n, ids[(w + n) % ids.len()]);
                n += 1;
                let Ok((status, body)) =
                    manage(&client, &base, &session, "record_lease_event", &form).await
                else {
                    // no answer: the process is gone, nothing was acknowledged
                    break;
                };
                let mut t = tally.lock().expect("tally");
                match status {
                    200 => {
                        let v: serde_json::Value =
                            serde_json::from_str(&body).expect("JSON answer");
                        sent.id = v["event_id"]
                            .as_i64()
                            .expect("the answer names the saved event");
                        t.acked.push(sent);
                        acks.fetch_add(1, Ordering::Relaxed);
                    }
                    400..=499 => t.refused += 1,
                    _ => t.server_errors.push(format!("{status}: {body}")),
                }
            }
        }));
    }
    let started = Instant::now();
    while started.elapsed() < LOAD_FOR && acks.load(Ordering::Relaxed) < ENOUGH_ACKS {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // SIGKILL while the writers are still sending: no graceful shutdown.
    first.0.kill().expect("kill -9");
    let _ = first.0.wait();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        tokio::time::timeout(Duration::from_secs(15), w)
            .await
            .expect("a writer stops once the server is gone")
            .expect("a writer does not panic");
    }
    let tally = Arc::try_unwrap(tally)
        .unwrap_or_else(|_| panic!("the writers are done"))
        .into_inner()
        .expect("tally");
    assert!(
        tally.server_errors.is_empty(),
        "5xx under load: {:?}",
        tally.server_errors
    );
    assert!(!tally.acked.is_empty(), "some writes were acknowledged");
    assert!(tally.refused > 0, "some writes were refused for capacity");
    eprintln!(
        "durability: {} acknowledged, {} refused in {:?} before kill -9",
        tally.acked.len(),
        tally.refused,
        started.elapsed()
    );

    // Restart on the same file: it recovers from the WAL and answers.
    let (second, base) = start(&dir, &database_url, "second").await;
    let db = Database::connect(database_url.as_str())
        .await
        .expect("the file opens");
    let list = ids
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!(
                "SELECT id, building_id, tenant_id, kind, area_m2, seats, effective_date \
                 FROM lease_events WHERE building_id IN ({list}) ORDER BY effective_date, id"
            ),
        ))
        .await
        .expect("lease events");
    type Row = (i64, i64, i64, String, i64, i64, String);
    let stored: Vec<Row> = rows
        .iter()
        .map(|r| {
            (
                r.try_get_by_index(0).unwrap(),
                r.try_get_by_index(1).unwrap(),
                r.try_get_by_index(2).unwrap(),
                r.try_get_by_index(3).unwrap(),
                r.try_get_by_index(4).unwrap(),
                r.try_get_by_index(5).unwrap(),
                r.try_get_by_index(6).unwrap(),
            )
        })
        .collect();
    let by_id: BTreeMap<i64, &Row> = stored.iter().map(|r| (r.0, r)).collect();
    for a in &tally.acked {
        let row = by_id
            .get(&a.id)
            .unwrap_or_else(|| panic!("acknowledged event {} is lost after kill -9", a.id));
        assert_eq!(
            (row.1, row.4, row.5, row.6.as_str()),
            (a.building, a.area_m2, a.seats, a.date.as_str()),
            "event {} as acknowledged",
            a.id
        );
    }
    // Occupancy recomputed here, not by the server's rule: each tenant's
    // last event on or before a date gives its area; at every event date the
    // sum fits the floor area (and the seats the building's seats).
    for (building, floor) in &buildings {
        let events: Vec<&Row> = stored.iter().filter(|r| r.1 == *building).collect();
        for date in events.iter().map(|r| r.6.as_str()) {
            let mut current: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
            for e in events.iter().filter(|e| e.6.as_str() <= date) {
                let leased = if e.3 == "move_out" {
                    (0, 0)
                } else {
                    (e.4, e.5)
                };
                current.insert(e.2, leased);
            }
            let (m2, seats) = current
                .values()
                .fold((0, 0), |(a, s), (m, t)| (a + m, s + t));
            assert!(
                m2 <= *floor,
                "building {building} holds {m2} m² of {floor} on {date}"
            );
            assert!(
                seats <= floor / 10,
                "building {building}: {seats} seats on {date}"
            );
        }
    }
    // The restarted server takes writes again with the same session.
    let (form, _) = move_in(0, 10_000, ids[ids.len() - 1]);
    let (status, body) = manage(&client, &base, &session, "record_lease_event", &form)
        .await
        .expect("the restarted server answers");
    assert!(status == 200 || status == 409, "{status}: {body}");
    db.close().await.ok();
    drop(second);
    let _ = std::fs::remove_dir_all(&dir);
}
