//! The database as a second line: its CHECK constraints refuse what the
//! forms refuse (both backends), every pooled SQLite connection carries the
//! durability pragmas, and migration 9 rebuilds a filled SQLite database
//! without losing a row, a reference, an index or a trigger.

use std::collections::BTreeMap;

use app::api::AppError;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
    TransactionTrait,
};
use server::services::clock::Clock;
use server::startup::{Application, Config, EmptyStart};
use tests::fixture::{Fixture, date};
use tests::{Backend, TestApp, each_backend, today};

async fn scalar(db: &impl ConnectionTrait, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get_by_index::<i64>(0)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn text(db: &impl ConnectionTrait, sql: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get_by_index::<String>(0)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn the_database_refuses_areas_seats_codes_and_versions_the_forms_refuse_naming_the_column() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        let park = f.park("atlas", "06", "operating").await;
        let building = f.building(park, 5_000, 500, None).await;
        let tenant = f.tenant("Nearshore SA", "CRM").await;
        f.lease(building, tenant, "move_in", 1_000, 100, date(2025, 1, 1))
            .await;
        f.report(tenant, park, 2026, 1, "submitted", 40).await;
        let user = app
            .add_user("manager@cdg.ma", "park_manager", &["atlas"], None)
            .await;
        let event = scalar(&app.db, "SELECT CAST(MAX(id) AS BIGINT) FROM lease_events").await;
        let report = scalar(&app.db, "SELECT CAST(MAX(id) AS BIGINT) FROM job_reports").await;
        let lease_row = |kind: &str, area: i64, seats: i64| {
            format!(
                "INSERT INTO lease_events (building_id, tenant_id, kind, area_m2, seats, \
                 effective_date, recorded_by, recorded_at, is_demo) VALUES ({building}, {tenant}, \
                 '{kind}', {area}, {seats}, '2026-02-01', 'test', '2026-02-01 00:00:00+00:00', false)"
            )
        };
        let commitment = |jobs: i64, version: i64| {
            format!(
                "INSERT INTO commitments (tenant_id, park_id, jobs, start_date, deadline, note, \
                 recorded_by, recorded_at, version) VALUES ({tenant}, {park}, {jobs}, '2026-01-01', \
                 '2027-12-31', NULL, 'test', '2026-01-01 00:00:00+00:00', {version})"
            )
        };
        // The same writes with acceptable values pass: the refusals below are
        // the constraints', not a mistake in the SQL.
        for sql in [
            format!("UPDATE parks SET status = 'planned', version = 2 WHERE id = {park}"),
            format!("UPDATE buildings SET seats = 0, version = 2 WHERE id = {building}"),
            lease_row("resize", 800, 0),
            lease_row("move_out", 0, 0),
            commitment(0, 1),
            format!("UPDATE job_reports SET quarter = 4, status = 'returned' WHERE id = {report}"),
            format!("UPDATE users SET role = 'admin' WHERE id = {user}"),
        ] {
            app.db
                .execute_unprepared(&sql)
                .await
                .unwrap_or_else(|e| panic!("{backend:?}: {sql}: {e}"));
        }
        let refused: Vec<(String, &str)> = vec![
            (format!("UPDATE parks SET status = 'closed' WHERE id = {park}"), "status"),
            (format!("UPDATE parks SET version = 0 WHERE id = {park}"), "version"),
            (format!("UPDATE parks SET lat = 91 WHERE id = {park}"), "lat"),
            (format!("UPDATE parks SET land_ha = -1 WHERE id = {park}"), "land_ha"),
            (
                format!("UPDATE parks SET rent_centimes_per_m2_month = -5 WHERE id = {park}"),
                "rent_centimes_per_m2_month",
            ),
            (
                format!("UPDATE buildings SET floor_area_m2 = 0 WHERE id = {building}"),
                "floor_area_m2",
            ),
            (format!("UPDATE buildings SET seats = -1 WHERE id = {building}"), "seats"),
            (format!("UPDATE buildings SET version = 0 WHERE id = {building}"), "version"),
            (
                format!("UPDATE tenants SET activity_line = 'XYZ' WHERE id = {tenant}"),
                "activity_line",
            ),
            (format!("UPDATE tenants SET version = 0 WHERE id = {tenant}"), "version"),
            (format!("UPDATE lease_events SET kind = 'sublet' WHERE id = {event}"), "kind"),
            (lease_row("move_in", 0, 10), "area_m2"),
            (lease_row("resize", -100, 10), "area_m2"),
            (lease_row("move_out", 500, 0), "area_m2"),
            (lease_row("move_in", 100, -1), "seats"),
            (
                format!("UPDATE job_reports SET status = 'draft' WHERE id = {report}"),
                "status",
            ),
            (format!("UPDATE job_reports SET quarter = 5 WHERE id = {report}"), "quarter"),
            (format!("UPDATE job_reports SET revision = 0 WHERE id = {report}"), "revision"),
            (format!("UPDATE job_reports SET version = 0 WHERE id = {report}"), "version"),
            (
                format!("UPDATE job_report_lines SET full_time = -1 WHERE report_id = {report}"),
                "full_time",
            ),
            (
                format!("UPDATE job_report_lines SET activity_line = 'ABC' WHERE report_id = {report}"),
                "activity_line",
            ),
            (format!("UPDATE users SET role = 'root' WHERE id = {user}"), "role"),
            (format!("UPDATE users SET version = 0 WHERE id = {user}"), "version"),
            (commitment(-1, 1), "jobs"),
            (commitment(10, 0), "version"),
        ];
        for (sql, column) in refused {
            let err = app
                .db
                .execute_unprepared(&sql)
                .await
                .err()
                .unwrap_or_else(|| panic!("{backend:?}: the database accepted {sql}"));
            match server::db::db_error("a test write", err) {
                AppError::Invalid { field, .. } => {
                    assert_eq!(field, column, "{backend:?}: {sql}")
                }
                other => panic!("{backend:?}: {sql}: {other:?} instead of Invalid({column})"),
            }
        }
        // nothing of the refused writes was kept
        assert_eq!(
            text(&app.db, &format!("SELECT status FROM parks WHERE id = {park}")).await,
            "planned"
        );
        assert_eq!(
            scalar(&app.db, &format!("SELECT floor_area_m2 FROM buildings WHERE id = {building}"))
                .await,
            5_000
        );
        assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM lease_events").await, 3);
        assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM commitments").await, 1);
    })
    .await;
}

#[tokio::test]
async fn every_pooled_sqlite_connection_has_wal_full_sync_foreign_keys_and_a_busy_timeout() {
    let app = TestApp::spawn(&Backend::Sqlite).await;
    // Eight open transactions hold the pool's eight connections at once.
    let mut open = Vec::new();
    for _ in 0..8 {
        open.push(app.db.begin().await.expect("a pooled connection"));
    }
    for (n, txn) in open.iter().enumerate() {
        let pragmas = (
            scalar(txn, "PRAGMA foreign_keys").await,
            text(txn, "PRAGMA journal_mode").await,
            scalar(txn, "PRAGMA synchronous").await,
            scalar(txn, "PRAGMA busy_timeout").await,
        );
        // synchronous 2 is FULL
        assert_eq!(pragmas, (1, "wal".to_string(), 2, 5000), "connection {n}");
    }
    for txn in open {
        txn.rollback().await.expect("rollback");
    }
}

/// Every table and its row count, AUTOINCREMENT counters, and the names of
/// the indexes and triggers of a SQLite database.
async fn inventory(db: &DatabaseConnection) -> (BTreeMap<String, i64>, Vec<String>, Vec<String>) {
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        ))
        .await
        .expect("schema");
    let (mut counts, mut dependents) = (BTreeMap::new(), Vec::new());
    for row in rows {
        let kind: String = row.try_get_by_index(0).unwrap();
        let name: String = row.try_get_by_index(1).unwrap();
        if kind == "table" {
            let n = scalar(db, &format!("SELECT COUNT(*) FROM \"{name}\"")).await;
            counts.insert(name, n);
        } else {
            dependents.push(format!("{kind} {name}"));
        }
    }
    let sequences = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name, seq FROM sqlite_sequence ORDER BY name",
        ))
        .await
        .expect("sqlite_sequence")
        .iter()
        .map(|r| {
            let name: String = r.try_get_by_index(0).unwrap();
            let seq: i64 = r.try_get_by_index(1).unwrap();
            format!("{name}={seq}")
        })
        .collect();
    (counts, dependents, sequences)
}

/// What `inventory` lists that was already there in `before`: tables,
/// indexes, triggers and counters that later migrations add are left out,
/// so the comparison is about what migration 9 had to keep.
fn known(
    mut inv: (BTreeMap<String, i64>, Vec<String>, Vec<String>),
    before: &(BTreeMap<String, i64>, Vec<String>, Vec<String>),
) -> (BTreeMap<String, i64>, Vec<String>, Vec<String>) {
    inv.0.retain(|table, _| before.0.contains_key(table));
    inv.1.retain(|d| before.1.contains(d));
    inv.2.retain(|s| {
        let table = s.split('=').next().unwrap_or_default();
        before.2.iter().any(|b| b.starts_with(&format!("{table}=")))
    });
    inv
}

#[tokio::test]
async fn the_check_migration_keeps_every_demo_row_reference_index_and_trigger_on_sqlite() {
    /// Removes the test's folder however the test ends.
    struct Folder(std::path::PathBuf);
    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let dir = std::env::temp_dir().join(format!("tvr-migration-9-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let _folder = Folder(dir.clone());
    let url = format!("sqlite://{}?mode=rwc", dir.join("registry.db").display());

    // The database as the release before migration 9 left it: migrations 1
    // to 8 and the demo. The seeders are today's code, so they fill today's
    // schema; the migrations after 8 are then rolled back, rows kept.
    let pool = |connections: u32| {
        let mut options = ConnectOptions::new(url.clone());
        options
            .max_connections(connections)
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(server::db::sqlite_pragmas);
        options
    };
    // SQLite migrations run on a pool of one connection (as `db::open` does).
    let migrate = async |up: bool| {
        let one = Database::connect(pool(1)).await.expect("connects");
        let pending = Migrator::migrations().len() as u32 - 8;
        if up {
            Migrator::up(&one, None).await.expect("every migration");
        } else {
            Migrator::down(&one, Some(pending))
                .await
                .expect("back to migration 8");
        }
        one.close().await.expect("closed");
        pending
    };
    migrate(true).await;
    let old = Database::connect(pool(8)).await.expect("connects");
    server::seed::reference::seed_reference(&old)
        .await
        .expect("real parks");
    server::seed::demo::seed_demo(&old, today())
        .await
        .expect("demo data");
    server::seed::demo_accounts::seed_demo_accounts(&old)
        .await
        .expect("demo accounts");
    let pending = migrate(false).await;
    // The last event deleted: its id must not be handed out again.
    old.execute_unprepared(
        "DELETE FROM lease_events WHERE id = (SELECT MAX(id) FROM lease_events)",
    )
    .await
    .expect("delete");
    assert!(
        !text(
            &old,
            "SELECT sql FROM sqlite_master WHERE name = 'buildings'"
        )
        .await
        .contains("CHECK"),
        "no constraint before migration 9"
    );
    let mut before = inventory(&old).await;
    assert!(
        before.0["lease_events"] > 100,
        "the demo has leases: {:?}",
        before.0
    );
    assert!(before.0["users"] > 0 && before.0["job_report_lines"] > 0);
    old.close().await.expect("closed");

    // What `serve` does on start: migration 9 on its own connection.
    let db = server::db::open(&url).await.expect("migrated to 9");
    let mut after = inventory(&db).await;
    let recorded = after.0.remove("seaql_migrations");
    // migration 9 and every later one
    assert_eq!(
        recorded,
        before
            .0
            .remove("seaql_migrations")
            .map(|n| n + i64::from(pending))
    );
    let after = known(after, &before);
    // migration 13 replaces the data-version counter's triggers by the change log's
    let mut kept = before.1.clone();
    kept.retain(|d| !d.starts_with("trigger data_version_"));
    assert_eq!(after.0, before.0, "rows per table");
    assert_eq!(after.1, kept, "indexes and triggers");
    assert_eq!(after.2, before.2, "AUTOINCREMENT counters");
    let broken = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA foreign_key_check",
        ))
        .await
        .expect("foreign_key_check");
    assert!(broken.is_empty(), "{} broken references", broken.len());
    assert_eq!(scalar(&db, "PRAGMA foreign_keys").await, 1);
    for table in [
        "parks",
        "buildings",
        "tenants",
        "lease_events",
        "job_reports",
        "job_report_lines",
        "users",
        "commitments",
    ] {
        let sql = text(
            &db,
            &format!("SELECT sql FROM sqlite_master WHERE name = '{table}'"),
        )
        .await;
        assert!(sql.contains(&format!("CONSTRAINT \"ck_{table}_")), "{sql}");
        assert!(!sql.contains(&format!("\"new_{table}\"")), "{sql}");
    }
    // The change-log triggers fire on every fact table, naming a park.
    for table in [
        "parks",
        "buildings",
        "tenants",
        "lease_events",
        "job_reports",
        "job_report_lines",
    ] {
        let head = scalar(&db, "SELECT COALESCE(MAX(seq), 0) FROM change_log").await;
        db.execute_unprepared(&format!(
            "UPDATE {table} SET id = id WHERE id = (SELECT MIN(id) FROM {table})"
        ))
        .await
        .expect("write");
        let sql = format!(
            "SELECT COUNT(*) FROM change_log WHERE seq > {head} AND source = '{table}' AND park_id IS NOT NULL"
        );
        assert!(scalar(&db, &sql).await >= 1, "{table}");
    }
    // The references still hold: a building of no park is refused.
    assert!(
        db.execute_unprepared(
            "UPDATE buildings SET park_id = 999999 WHERE id = (SELECT MIN(id) FROM buildings)"
        )
        .await
        .is_err()
    );
    let parks = before.0["parks"];
    db.close().await.expect("closed");

    // Down and up again (on one connection, as `db::open` migrates): the
    // constraints go and come back, and no row is lost either way.
    let mut one = ConnectOptions::new(url.clone());
    one.max_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(server::db::sqlite_pragmas);
    let one = Database::connect(one).await.expect("connects");
    Migrator::down(&one, Some(pending))
        .await
        .expect("migration 9 and the later ones down");
    assert!(
        !text(
            &one,
            "SELECT sql FROM sqlite_master WHERE name = 'buildings'"
        )
        .await
        .contains("CHECK")
    );
    let mut down = inventory(&one).await;
    down.0.remove("seaql_migrations");
    assert_eq!(down.0, before.0, "rows per table after down");
    assert_eq!(down.1, before.1, "indexes and triggers after down");
    one.close().await.expect("closed");
    let db = server::db::open(&url).await.expect("migrated to 9 again");
    let mut again = inventory(&db).await;
    again.0.remove("seaql_migrations");
    let again = known(again, &before);
    assert_eq!(again.0, before.0, "rows per table after up again");
    db.close().await.expect("closed");

    // And the application answers on the migrated file.
    let app = Application::build(Config {
        database_url: url,
        addr: Some("127.0.0.1:0".parse().unwrap()),
        clock: Clock::Fixed(today()),
        on_empty: EmptyStart::Nothing,
        secure_cookies: false,
        trusted_proxies: Vec::new(),
        require_two_factor: false,
        limits: Default::default(),
    })
    .await
    .expect("starts on the migrated file");
    let base = format!("http://{}", app.addr);
    let server = tokio::spawn(async move {
        let _ = app.run().await;
    });
    let list: serde_json::Value = reqwest::get(format!("{base}/api/v1/parks"))
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(list["count"].as_i64(), Some(parks), "{list}");
    server.abort();
}
