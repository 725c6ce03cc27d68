//! The live index (issue 14): kept current change by change through the
//! change log, it answers exactly as an index loaded from nothing would,
//! byte for byte, after any sequence of writes, today and at other dates.
use app::api::RegistryService;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use server::services::cache::Builds;
use server::services::clock::Clock;
use server::services::registry::Registry;
use tests::{TestApp, each_backend, today};

/// A small deterministic generator (the sequence is the same every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as i64
    }
}

/// The id at a random position of `table`.
async fn any_id(app: &TestApp, rng: &mut Lcg, table: &str) -> i64 {
    let n = app.count(&format!("SELECT COUNT(*) FROM {table}")).await;
    let k = rng.below(n);
    app.count(&format!(
        "SELECT id FROM {table} ORDER BY id LIMIT 1 OFFSET {k}"
    ))
    .await
}

/// One random change to the registry's facts, written as any writer would
/// (the change log's triggers see every writer alike).
async fn random_write(app: &TestApp, rng: &mut Lcg, n: usize) -> String {
    let db = &app.db;
    let sql = match rng.below(6) {
        0 => {
            // a new tenant moves into a random building on a random date
            let building = any_id(app, rng, "buildings").await;
            let tenant = 900_000 + n as i64;
            let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                + chrono::Days::new(rng.below(1400) as u64);
            db.execute_unprepared(&format!(
                "INSERT INTO tenants (id, company, country, activity_line, is_demo, version, publish_jobs_consent) \
                 VALUES ({tenant}, 'Index test {n}', 'MA', 'ITO', TRUE, 1, FALSE)"
            ))
            .await
            .expect("tenant");
            format!(
                "INSERT INTO lease_events (building_id, tenant_id, kind, area_m2, seats, effective_date, recorded_by, recorded_at, is_demo) \
                 VALUES ({building}, {tenant}, 'move_in', 1, 0, '{day}', 'index-test@example.org', '2026-11-01 10:00:00+00:00', TRUE)"
            )
        }
        1 => {
            let park = any_id(app, rng, "parks").await;
            // a new name moves the park in the name order
            format!("UPDATE parks SET name = 'A{n} ' || name WHERE id = {park}")
        }
        2 => {
            let building = any_id(app, rng, "buildings").await;
            format!(
                "UPDATE buildings SET floor_area_m2 = floor_area_m2 + 500 WHERE id = {building}"
            )
        }
        3 => {
            let line = any_id(app, rng, "job_report_lines").await;
            format!("UPDATE job_report_lines SET full_time = full_time + 7 WHERE id = {line}")
        }
        4 => {
            let tenant = any_id(app, rng, "tenants").await;
            format!(
                "UPDATE tenants SET publish_jobs_consent = NOT publish_jobs_consent WHERE id = {tenant}"
            )
        }
        _ => {
            let event = any_id(app, rng, "lease_events").await;
            format!("DELETE FROM lease_events WHERE id = {event} AND kind = 'move_out'")
        }
    };
    db.execute_unprepared(&sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    sql
}

#[tokio::test]
async fn the_index_caught_up_change_by_change_equals_one_loaded_from_nothing_byte_for_byte() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;
        let clock = Clock::Fixed(today());
        let live = Registry::new(app.db.clone(), clock, &Builds::new());
        let dates = [
            today(),
            NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
        ];
        // loaded once, then only caught up
        for d in dates {
            live.fingerprint(d).await.expect("fingerprint");
        }
        let mut rng = Lcg(14);
        let mut writes = Vec::new();
        for n in 0..24 {
            writes.push(random_write(&app, &mut rng, n).await);
            live.catch_up().await.expect("catch up");
            if n % 6 != 5 {
                continue;
            }
            let fresh = Registry::new(app.db.clone(), clock, &Builds::new());
            for d in dates {
                let caught_up = live.fingerprint(d).await.expect("fingerprint");
                let loaded = fresh.fingerprint(d).await.expect("fingerprint");
                assert!(
                    caught_up == loaded,
                    "{backend:?}: the index caught up differs from a full load at {d} after:\n{}",
                    writes.join("\n")
                );
            }
        }
        assert!(live.head() > 0, "the head moved with the writes");
        // and the answers moved with them: the renamed parks come first
        let first = live
            .search_parks(&Default::default(), true)
            .await
            .expect("search");
        assert!(
            first.parks[0].name.starts_with('A'),
            "{}",
            first.parks[0].name
        );
    })
    .await;
}

#[tokio::test]
async fn another_instance_follows_a_write_made_beside_it_within_the_bound() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;
        // another instance on the same database, following the change log
        let other = Registry::new(app.db.clone(), Clock::Fixed(today()), &Builds::new());
        let before = other.fingerprint(today()).await.expect("fingerprint");
        let head = other.head();
        let follower = tokio::spawn(other.clone().follow());
        app.db
            .execute_unprepared("UPDATE buildings SET floor_area_m2 = floor_area_m2 + 1000 WHERE id = (SELECT MIN(id) FROM buildings)")
            .await
            .expect("write");
        // the follower's bound: one poll (SQLite) or a notification (PostgreSQL), then a catch-up
        let deadline = std::time::Instant::now() + server::services::registry::PG_POLL * 3;
        while other.head() == head && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        follower.abort();
        assert!(other.head() > head, "{backend:?}: the other instance saw the change");
        assert!(
            other.fingerprint(today()).await.expect("fingerprint") != before,
            "{backend:?}: and applied it"
        );
    })
    .await;
}
