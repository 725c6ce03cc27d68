//! Accounts, roles, lease writes, no lost update and the audit log, through
//! the server functions the manager pages call (real HTTP, real database).

use sea_orm::ConnectionTrait;
use serde_json::Value;
use tests::fixture::{Fixture, date};
use tests::{Answer, Fingerprint, Session, TEST_PASSWORD, TestApp, each_backend};

async fn audit_rows(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM audit_log").await
}

async fn version_of(app: &TestApp, table: &str, id_sql: &str) -> String {
    app.count(&format!("SELECT version FROM {table} WHERE {id_sql}"))
        .await
        .to_string()
}

/// Two parks with a building and a tenant each; users of every role.
struct World {
    own_building: i32,
    other_building: i32,
    own_tenant: i32,
    other_tenant: i32,
}

async fn world(app: &TestApp) -> World {
    let f = Fixture::new(&app.db);
    let own = f.park("own", "06", "operating").await;
    let other = f.park("other", "06", "operating").await;
    let own_building = f.building(own, 10_000, 1_000, None).await;
    let other_building = f.building(other, 10_000, 1_000, None).await;
    let own_tenant = f.tenant("Own Co", "ITO").await;
    let other_tenant = f.tenant("Other Co", "BPO").await;
    f.lease(
        own_building,
        own_tenant,
        "move_in",
        1_000,
        100,
        date(2025, 1, 1),
    )
    .await;
    f.lease(
        other_building,
        other_tenant,
        "move_in",
        1_000,
        100,
        date(2025, 1, 1),
    )
    .await;
    app.add_user("admin@cdg.ma", "admin", &[], None).await;
    app.add_user("manager@cdg.ma", "park_manager", &["own"], None)
        .await;
    app.add_user("rep@owncompany.ma", "tenant_rep", &[], Some(own_tenant))
        .await;
    World {
        own_building,
        other_building,
        own_tenant,
        other_tenant,
    }
}

#[tokio::test]
async fn a_login_opens_a_fresh_http_only_session_and_logout_closes_it() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user("admin@cdg.ma", "admin", &[], None).await;

        let wrong = app.try_login("admin@cdg.ma", "not the password").await;
        assert_eq!(wrong.status, 400, "{}", wrong.body);
        assert!(
            wrong.body.contains("email or the password is wrong"),
            "{}",
            wrong.body
        );
        assert!(wrong.headers.get("set-cookie").is_none());
        let unknown = app.try_login("nobody@cdg.ma", TEST_PASSWORD).await;
        assert_eq!(
            unknown.body, wrong.body,
            "an unknown account answers the same"
        );

        // Without JavaScript the browser posts the form and must land back on
        // the page (which shows the error), not on a JSON body.
        let plain = app
            .client
            .post(app.url("/api/account/login"))
            .header("accept", "text/html")
            .header("referer", app.url("/fr/login"))
            .form(&[("email", "admin@cdg.ma"), ("password", "not the password")])
            .send()
            .await
            .unwrap();
        assert_eq!(plain.status().as_u16(), 302);
        assert!(
            plain.headers()["location"]
                .to_str()
                .unwrap()
                .contains("/fr/login"),
            "{:?}",
            plain.headers()
        );

        let ok = app.try_login("Admin@CDG.ma", TEST_PASSWORD).await;
        assert_eq!(ok.status, 200, "{}", ok.body);
        let cookie = ok.headers["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("tvr_session="), "{cookie}");
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(attr), "{attr} in {cookie}");
        }
        assert!(!cookie.contains("Secure"), "plain HTTP in tests: {cookie}");
        assert_eq!(ok.json()["role"], "admin");

        let first = app.login("admin@cdg.ma").await;
        let second = app.login("admin@cdg.ma").await;
        assert_ne!(
            first.cookie, second.cookie,
            "every login gets a new session id"
        );
        let stored = app
            .count(&format!(
                "SELECT COUNT(*) FROM sessions WHERE id_hash = '{}'",
                second.cookie
            ))
            .await;
        assert_eq!(stored, 0, "the database keeps a hash, never the token");
        let hash_ok = app
            .count("SELECT COUNT(*) FROM users WHERE password_hash LIKE '$argon2id$%'")
            .await;
        assert_eq!(hash_ok, 1);

        // A login that presents an old session cookie closes that session.
        let rotated = app
            .post_form(
                "/api/account/login",
                Some(&first),
                &[("email", "admin@cdg.ma"), ("password", TEST_PASSWORD)],
            )
            .await;
        assert_eq!(rotated.status, 200);
        let me = app
            .post_form("/api/account/current_user", Some(&first), &[])
            .await;
        assert_eq!(me.json(), Value::Null, "the old session id no longer works");

        let me = app
            .post_form("/api/account/current_user", Some(&second), &[])
            .await;
        assert_eq!(me.json()["email"], "admin@cdg.ma");
        let no_token = app
            .post_form("/api/account/logout", Some(&second), &[("csrf", "")])
            .await;
        let me = app
            .post_form("/api/account/current_user", Some(&second), &[])
            .await;
        assert_eq!(
            me.json()["email"],
            "admin@cdg.ma",
            "closing the session needs the CSRF token: {}",
            no_token.body
        );
        let out = app
            .post_form(
                "/api/account/logout",
                Some(&second),
                &[("csrf", &second.csrf)],
            )
            .await;
        assert_eq!(out.status, 200, "{}", out.body);
        assert!(
            out.headers["set-cookie"]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        let me = app
            .post_form("/api/account/current_user", Some(&second), &[])
            .await;
        assert_eq!(me.json(), Value::Null);
        let after = app.manage("my_parks", Some(&second), &[]).await;
        assert_eq!(after.status, 401, "{}", after.body);
    })
    .await;
}

#[tokio::test]
async fn a_change_without_the_csrf_token_or_from_another_site_is_refused_and_writes_nothing() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let w = world(&app).await;
        let manager = app.login("manager@cdg.ma").await;
        let building = w.own_building.to_string();
        let form = [
            ("park", "own"),
            ("building_id", building.as_str()),
            ("tenant", "new"),
            ("company", "Nearshore SA"),
            ("country", "FR"),
            ("activity_line", "CRM"),
            ("kind", "move_in"),
            ("area_m2", "500"),
            ("seats", "50"),
            ("effective_date", "2026-12-01"),
        ];
        let events = app.count("SELECT COUNT(*) FROM lease_events").await;
        let audits = audit_rows(&app).await;

        let mut no_token = form.to_vec();
        no_token.push(("csrf", ""));
        let a = app
            .post_form("/api/manage/record_lease_event", Some(&manager), &no_token)
            .await;
        assert_eq!(a.status, 403, "no token: {}", a.body);
        let mut wrong = form.to_vec();
        wrong.push(("csrf", "0000"));
        let a = app
            .post_form("/api/manage/record_lease_event", Some(&manager), &wrong)
            .await;
        assert_eq!(a.status, 403, "wrong token: {}", a.body);

        // The right token, sent by a page of another site.
        let mut with_token = form.to_vec();
        with_token.push(("csrf", &manager.csrf));
        for (header, value) in [
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ] {
            let resp = app
                .client
                .post(app.url("/api/manage/record_lease_event"))
                .header("cookie", format!("tvr_session={}", manager.cookie))
                .header(header, value)
                .form(&with_token)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status().as_u16(), 403, "{header}: {value}");
        }
        // GET never changes anything.
        let query = serde_urlencoded_pairs(&with_token);
        let resp = app
            .client
            .get(app.url(&format!("/api/manage/record_lease_event?{query}")))
            .header("cookie", format!("tvr_session={}", manager.cookie))
            .send()
            .await
            .unwrap();
        assert_ne!(resp.status().as_u16(), 200);

        assert_eq!(app.count("SELECT COUNT(*) FROM lease_events").await, events);
        assert_eq!(audit_rows(&app).await, audits);

        // The same request from this site, with the token, is accepted.
        let ok = app
            .manage("record_lease_event", Some(&manager), &form)
            .await;
        assert_eq!(ok.status, 200, "{}", ok.body);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM lease_events").await,
            events + 1
        );
    })
    .await;
}

fn serde_urlencoded_pairs(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// One attempt of the authorization matrix.
struct Write {
    name: &'static str,
    endpoint: &'static str,
    form: Vec<(String, String)>,
}

async fn writes_on(app: &TestApp, w: &World, park: &str, n: usize) -> Vec<Write> {
    let (building, tenant) = if park == "own" {
        (w.own_building, w.own_tenant)
    } else {
        (w.other_building, w.other_tenant)
    };
    let s = |v: &str| v.to_string();
    let park_version = version_of(app, "parks", &format!("slug = '{park}'")).await;
    let building_version = version_of(app, "buildings", &format!("id = {building}")).await;
    let tenant_version = version_of(app, "tenants", &format!("id = {tenant}")).await;
    vec![
        Write {
            name: "update_park",
            endpoint: "update_park",
            form: vec![
                (s("slug"), s(park)),
                (s("version"), park_version),
                (s("name"), format!("Park {park} {n}")),
                (s("city"), s("Casablanca")),
                (s("operator"), s("Test operator")),
                (s("status"), s("operating")),
                (s("lat"), s("33.55")),
                (s("lon"), s("-7.6")),
                (s("rent_mad"), format!("{}", 80 + n)),
            ],
        },
        Write {
            name: "add_building",
            endpoint: "save_building",
            form: vec![
                (s("park"), s(park)),
                (s("name"), format!("New {n}")),
                (s("floor_area_m2"), s("2000")),
                (s("seats"), s("200")),
            ],
        },
        Write {
            name: "edit_building",
            endpoint: "save_building",
            form: vec![
                (s("park"), s(park)),
                (s("id"), building.to_string()),
                (s("version"), building_version),
                (s("name"), format!("Tower {n}")),
                (s("floor_area_m2"), s("10000")),
                (s("seats"), s("1000")),
            ],
        },
        Write {
            name: "edit_tenant",
            endpoint: "save_tenant",
            form: vec![
                (s("park"), s(park)),
                (s("id"), tenant.to_string()),
                (s("version"), tenant_version),
                (s("company"), format!("Renamed {n}")),
                (s("country"), s("MA")),
                (s("activity_line"), s("KPO")),
            ],
        },
        Write {
            name: "record_lease_event",
            endpoint: "record_lease_event",
            form: vec![
                (s("park"), s(park)),
                (s("building_id"), building.to_string()),
                (s("tenant"), s("new")),
                (s("company"), format!("Newcomer {n}")),
                (s("country"), s("ES")),
                (s("activity_line"), s("CRM")),
                (s("kind"), s("move_in")),
                (s("area_m2"), s("100")),
                (s("seats"), s("10")),
                (s("effective_date"), s("2026-12-15")),
            ],
        },
        Write {
            name: "add_user",
            endpoint: "save_user",
            form: vec![
                (s("email"), format!("new{n}@cdg.ma")),
                (s("display_name"), s("New user")),
                (s("role"), s("park_manager")),
                (s("parks"), s(park)),
                (s("password"), s(TEST_PASSWORD)),
            ],
        },
    ]
}

/// Everything a write could change: every row of every table (tests/support).
async fn fingerprint(app: &TestApp) -> Fingerprint {
    Fingerprint::of(&app.db).await
}

#[tokio::test]
async fn every_role_may_make_exactly_the_writes_it_should_on_own_and_other_parks() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let w = world(&app).await;
        let admin = app.login("admin@cdg.ma").await;
        let manager = app.login("manager@cdg.ma").await;
        let rep = app.login("rep@owncompany.ma").await;
        let roles: [(&str, Option<&Session>); 4] = [
            ("admin", Some(&admin)),
            ("park_manager", Some(&manager)),
            ("tenant_rep", Some(&rep)),
            ("public", None),
        ];
        let shared = shared_tenant(&app, &w).await;
        let mut n = 0;
        let mut checked = 0;
        for (role, session) in roles {
            for park in ["own", "other"] {
                let mut writes = writes_on(&app, &w, park, n).await;
                writes.extend(scope_writes_on(&app, &w, shared, park, n).await);
                for write in writes {
                    n += 1;
                    let expected = scope_expected(role, park, write.name).unwrap_or_else(|| {
                        let allowed = match role {
                            "admin" => true,
                            "park_manager" => park == "own" && write.name != "add_user",
                            _ => false,
                        };
                        match (allowed, session) {
                            (true, _) => 200,
                            (false, None) => 401,
                            (false, Some(_)) => 403,
                        }
                    });
                    let before = fingerprint(&app).await;
                    let form: Vec<(&str, &str)> = write
                        .form
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    let answer: Answer = call(&app, write.endpoint, session, &form).await;
                    let after = fingerprint(&app).await;
                    let what = format!("{backend:?} {role} {} on {park}", write.name);
                    assert_eq!(answer.status, expected, "{what}: {}", answer.body);
                    let changed = before.changed_tables(&after);
                    if expected == 200 {
                        assert!(changed.iter().any(|t| t == "audit_log"), "{what}: audited");
                        assert!(
                            changed
                                .iter()
                                .any(|t| t != "audit_log" && t != "data_version"),
                            "{what}: written ({changed:?})"
                        );
                    } else {
                        assert!(
                            after == before,
                            "{what}: nothing written, yet {:#?}",
                            before.changes(&after, 20)
                        );
                    }
                    if expected == 400 {
                        let error: app::api::AppError =
                            serde_json::from_str(&answer.body).expect("an AppError");
                        assert!(
                            matches!(&error, app::api::AppError::Invalid { field, .. } if field.starts_with("tenant")),
                            "{what}: names the tenant: {error:?}"
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 4 * 2 * (6 + SCOPE_WRITES));

        // Reads of the manager pages follow the same rule.
        let other = app
            .manage("park_editor", Some(&manager), &[("slug", "other")])
            .await;
        assert_eq!(other.status, 403, "{}", other.body);
        let unknown = app
            .manage("park_editor", Some(&manager), &[("slug", "no-such-park")])
            .await;
        assert_eq!(unknown.status, 403, "a manager cannot probe for slugs");
        let own = app
            .manage("park_editor", Some(&manager), &[("slug", "own")])
            .await;
        assert_eq!(own.status, 200, "{}", own.body);
        let mine = app.manage("my_parks", Some(&manager), &[]).await.json();
        let slugs: Vec<&str> = mine
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["own"]);
        assert_eq!(mine[0]["freshness"], "fresh");
        assert_eq!(
            app.manage("audit_log", Some(&manager), &[]).await.status,
            403
        );
        assert_eq!(app.manage("list_users", Some(&rep), &[]).await.status, 403);
        assert_eq!(app.manage("my_parks", Some(&rep), &[]).await.status, 403);
    })
    .await;
}

#[tokio::test]
async fn thirty_two_concurrent_move_ins_never_lease_more_than_the_building_holds() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        let park = f.park("busy", "06", "operating").await;
        let building = f.building(park, 10_000, 1_000, None).await;
        app.add_user("manager@cdg.ma", "park_manager", &["busy"], None)
            .await;
        let manager = app.login("manager@cdg.ma").await;
        let audits_before = audit_rows(&app).await;

        let building_id = building.to_string();
        let requests = (0..32).map(|n| {
            let (app, manager, building_id) = (&app, &manager, building_id.clone());
            async move {
                let company = format!("Company {n:02}");
                let form = [
                    ("park", "busy"),
                    ("building_id", building_id.as_str()),
                    ("tenant", "new"),
                    ("company", company.as_str()),
                    ("country", "MA"),
                    ("activity_line", "CRM"),
                    ("kind", "move_in"),
                    ("area_m2", "700"),
                    ("seats", "30"),
                    ("effective_date", "2026-12-01"),
                ];
                app.manage("record_lease_event", Some(manager), &form).await
            }
        });
        let answers = futures_join_all(requests).await;
        let accepted: Vec<&Answer> = answers.iter().filter(|a| a.status == 200).collect();
        let refused: Vec<&Answer> = answers.iter().filter(|a| a.status != 200).collect();
        for r in &refused {
            assert_eq!(
                r.status, 409,
                "{backend:?}: refused as over capacity: {}",
                r.body
            );
            assert!(r.body.contains("free on 2026-12-01"), "{}", r.body);
        }
        // 14 × 700 = 9,800 m² fit in 10,000 m²; a 15th would not.
        assert_eq!(accepted.len(), 14, "{backend:?}");
        let leased = app
            .count(&format!(
                "SELECT COALESCE(SUM(area_m2), 0) FROM lease_events WHERE building_id = {building}"
            ))
            .await;
        assert_eq!(leased, 14 * 700);
        assert!(leased <= 10_000);
        for a in &accepted {
            let id = a.json()["event_id"].as_i64().unwrap();
            let stored = app
                .count(&format!(
                    "SELECT COUNT(*) FROM lease_events WHERE id = {id}"
                ))
                .await;
            assert_eq!(stored, 1, "acknowledged event {id} is stored");
        }
        let move_in_audits = app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'record_move_in'")
            .await;
        assert_eq!(move_in_audits, 14, "one audit row per accepted write");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM tenants").await,
            14,
            "a refused move-in leaves no new tenant behind"
        );
        // each accepted move-in audits the event and its new tenant
        assert_eq!(audit_rows(&app).await - audits_before, 28);
    })
    .await;
}

async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let handles: Vec<_> = futures.collect();
    let mut out = Vec::with_capacity(handles.len());
    // Poll them all at once on this task.
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = handles.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if results[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => results[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.extend(results.into_iter().map(|r| r.expect("ready")));
    out
}

#[tokio::test]
async fn a_move_in_over_capacity_names_the_building_and_what_is_free_and_a_fitting_one_shows_publicly()
 {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        let park = f.park("small", "06", "operating").await;
        let building = f.building(park, 1_000, 100, None).await;
        let tenant = f.tenant("First Co", "ITO").await;
        f.lease(building, tenant, "move_in", 600, 60, date(2026, 1, 1))
            .await;
        app.add_user("manager@cdg.ma", "park_manager", &["small"], None)
            .await;
        let manager = app.login("manager@cdg.ma").await;
        let b = building.to_string();
        let move_in = |area: &'static str| {
            vec![
                ("park", "small"),
                ("building_id", b.as_str()),
                ("tenant", "new"),
                ("company", "Second Co"),
                ("country", "MA"),
                ("activity_line", "BPO"),
                ("kind", "move_in"),
                ("area_m2", area),
                ("seats", "10"),
                ("effective_date", "2026-06-01"),
            ]
        };
        let before = fingerprint(&app).await;
        let too_big = app
            .manage("record_lease_event", Some(&manager), &move_in("500"))
            .await;
        assert_eq!(too_big.status, 409, "{}", too_big.body);
        assert!(
            too_big
                .body
                .contains("Building 1000 has 400 m² and 40 seats free on 2026-06-01"),
            "{}",
            too_big.body
        );
        assert_eq!(fingerprint(&app).await, before, "nothing written");

        let bad = app
            .manage(
                "record_lease_event",
                Some(&manager),
                &[
                    ("park", "small"),
                    ("building_id", b.as_str()),
                    ("tenant", "new"),
                    ("company", "X"),
                    ("country", "MA"),
                    ("activity_line", "BPO"),
                    ("kind", "move_in"),
                    ("area_m2", "lots"),
                    ("seats", "1"),
                    ("effective_date", "2026-06-01"),
                ],
            )
            .await;
        assert_eq!(bad.status, 400);
        assert!(bad.body.contains("area_m2"), "{}", bad.body);
        let no_lease = app
            .manage(
                "record_lease_event",
                Some(&manager),
                &[
                    ("park", "small"),
                    ("building_id", b.as_str()),
                    ("tenant", "new"),
                    ("company", "Ghost"),
                    ("country", "MA"),
                    ("activity_line", "BPO"),
                    ("kind", "move_out"),
                    ("effective_date", "2026-06-01"),
                ],
            )
            .await;
        assert_eq!(no_lease.status, 400, "{}", no_lease.body);
        assert!(no_lease.body.contains("no lease"), "{}", no_lease.body);
        assert_eq!(fingerprint(&app).await, before, "nothing written");

        let public_before = app.get_json("/api/v1/parks/small", 200).await;
        let occupied_before = public_before["summary"]["occupied_m2"].as_i64().unwrap();
        let ok = app
            .manage("record_lease_event", Some(&manager), &move_in("400"))
            .await;
        assert_eq!(ok.status, 200, "{}", ok.body);
        assert_eq!(ok.json()["free_m2"], 0);
        let public = app.get_json("/api/v1/parks/small", 200).await;
        assert_eq!(
            public["summary"]["occupied_m2"].as_i64().unwrap(),
            occupied_before + 400,
            "the public park page shows the move-in at once"
        );
        assert_eq!(
            public["summary"]["last_updated_by"], "operator",
            "a role, never the manager's email"
        );
    })
    .await;
}

#[tokio::test]
async fn saving_over_a_newer_version_is_a_conflict_that_shows_what_changed() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        f.park("shared", "06", "operating").await;
        app.add_user("a@cdg.ma", "park_manager", &["shared"], None)
            .await;
        app.add_user("b@cdg.ma", "park_manager", &["shared"], None)
            .await;
        let a = app.login("a@cdg.ma").await;
        let b = app.login("b@cdg.ma").await;
        let editor = app
            .manage("park_editor", Some(&a), &[("slug", "shared")])
            .await
            .json();
        let version = editor["park"]["version"].as_i64().unwrap().to_string();
        let form = |name: &'static str, rent: &'static str| {
            vec![
                ("slug", "shared"),
                ("version", version.as_str()),
                ("name", name),
                ("city", "Casablanca"),
                ("operator", "Test operator"),
                ("status", "operating"),
                ("lat", "33.55"),
                ("lon", "-7.6"),
                ("rent_mad", rent),
            ]
        };
        // Both opened version 1; A saves first.
        let first = app
            .manage("update_park", Some(&a), &form("Park shared", "95"))
            .await;
        assert_eq!(first.status, 200, "{}", first.body);
        assert_eq!(first.json()["version"], 2);
        let late = app
            .manage("update_park", Some(&b), &form("Renamed by B", "90"))
            .await;
        assert_eq!(late.status, 409, "{}", late.body);
        assert!(late.body.contains("a@cdg.ma"), "says who: {}", late.body);
        assert!(
            late.body.contains("rent_centimes_per_m2_month: Some(9500)"),
            "what: {}",
            late.body
        );
        assert!(late.body.contains("nothing was saved"), "{}", late.body);
        let now = app
            .manage("park_editor", Some(&b), &[("slug", "shared")])
            .await
            .json();
        assert_eq!(
            now["park"]["name"], "Park shared",
            "B's edit did not overwrite"
        );
        assert_eq!(now["park"]["rent_centimes_per_m2_month"], 9500);
    })
    .await;
}

#[tokio::test]
async fn moving_a_park_re_derives_its_region_and_a_point_outside_morocco_is_refused() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        f.park("mobile", "06", "planned").await;
        app.add_user("admin@cdg.ma", "admin", &[], None).await;
        let admin = app.login("admin@cdg.ma").await;
        let edit = |version: &'static str, lat: &'static str, lon: &'static str| {
            vec![
                ("slug", "mobile"),
                ("version", version),
                ("name", "Mobile park"),
                ("city", "Tanger"),
                ("operator", "Test operator"),
                ("status", "planned"),
                ("lat", lat),
                ("lon", lon),
            ]
        };
        let madrid = app
            .manage(
                "update_park",
                Some(&admin),
                &edit("1", "40.4168", "-3.7038"),
            )
            .await;
        assert_eq!(madrid.status, 400, "{}", madrid.body);
        assert!(madrid.body.contains("lat"), "{}", madrid.body);
        let tanger = app
            .manage(
                "update_park",
                Some(&admin),
                &edit("1", "35.7595", "-5.8340"),
            )
            .await;
        assert_eq!(tanger.status, 200, "{}", tanger.body);
        assert_eq!(tanger.json()["region_code"], "01");
        let public = app.get_json("/api/v1/parks/mobile", 200).await;
        assert_eq!(public["summary"]["region_code"], "01");
    })
    .await;
}

#[tokio::test]
async fn every_change_is_audited_with_before_and_after_and_the_log_cannot_be_rewritten() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let w = world(&app).await;
        let admin = app.login("admin@cdg.ma").await;
        let manager = app.login("manager@cdg.ma").await;
        let version = version_of(&app, "buildings", &format!("id = {}", w.own_building)).await;
        let id = w.own_building.to_string();
        let changed = app
            .manage(
                "save_building",
                Some(&manager),
                &[
                    ("park", "own"),
                    ("id", &id),
                    ("version", &version),
                    ("name", "Tower A"),
                    ("floor_area_m2", "12000"),
                    ("seats", "1100"),
                ],
            )
            .await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        let shrink = app
            .manage(
                "save_building",
                Some(&manager),
                &[
                    ("park", "own"),
                    ("id", &id),
                    (
                        "version",
                        &(version.parse::<i32>().unwrap() + 1).to_string(),
                    ),
                    ("name", "Tower A"),
                    ("floor_area_m2", "900"),
                    ("seats", "1100"),
                ],
            )
            .await;
        assert_eq!(
            shrink.status, 409,
            "a building cannot shrink below its leases: {}",
            shrink.body
        );

        let log = app
            .manage(
                "audit_log",
                Some(&admin),
                &[("entity", "building"), ("entity_id", &id)],
            )
            .await
            .json();
        assert_eq!(log["total"], 1, "{log}");
        let entry = &log["entries"][0];
        assert_eq!(entry["actor"], "manager@cdg.ma");
        assert_eq!(entry["action"], "change_building");
        let before: Value = serde_json::from_str(entry["before_json"].as_str().unwrap()).unwrap();
        let after: Value = serde_json::from_str(entry["after_json"].as_str().unwrap()).unwrap();
        assert_eq!(before["floor_area_m2"], 10_000);
        assert_eq!(after["floor_area_m2"], 12_000);
        assert_eq!(after["name"], "Tower A");
        let by_actor = app
            .manage("audit_log", Some(&admin), &[("actor", "manager@")])
            .await
            .json();
        assert_eq!(by_actor["total"], 1);
        let users = app
            .manage("audit_log", Some(&admin), &[("entity", "user")])
            .await
            .json();
        assert_eq!(users["total"], 3, "the three users added");
        assert!(
            !users.to_string().contains("argon2"),
            "password hashes never reach the audit log"
        );

        for sql in [
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
        ] {
            assert!(
                app.db.execute_unprepared(sql).await.is_err(),
                "{sql} is refused"
            );
        }
        assert_eq!(
            app.manage("audit_log", Some(&admin), &[]).await.json()["total"],
            log["total"].as_i64().unwrap() + 3
        );
    })
    .await;
}

#[tokio::test]
async fn the_demo_accounts_can_sign_in_and_reach_their_parks() {
    let app = TestApp::spawn(&tests::Backend::Sqlite).await;
    app.seed_demo().await;
    let added = server::seed::demo_accounts::seed_demo_accounts(&app.db)
        .await
        .expect("demo accounts");
    assert_eq!(added, 3);
    assert_eq!(
        server::seed::demo_accounts::seed_demo_accounts(&app.db)
            .await
            .unwrap(),
        0,
        "idempotent"
    );
    let login = |email: &'static str| {
        let app = &app;
        async move {
            let a = app
                .try_login(email, server::seed::demo_accounts::DEMO_PASSWORD)
                .await;
            assert_eq!(a.status, 200, "{email}: {}", a.body);
        }
    };
    login(server::seed::demo_accounts::DEMO_ADMIN).await;
    login(server::seed::demo_accounts::DEMO_MANAGER).await;
    login(server::seed::demo_accounts::DEMO_TENANT_REP).await;
    let a = app
        .try_login(
            server::seed::demo_accounts::DEMO_MANAGER,
            server::seed::demo_accounts::DEMO_PASSWORD,
        )
        .await;
    let cookie = a.headers["set-cookie"].to_str().unwrap();
    let session = Session {
        cookie: cookie
            .trim_start_matches("tvr_session=")
            .split(';')
            .next()
            .unwrap()
            .to_string(),
        csrf: a.json()["csrf_token"].as_str().unwrap().to_string(),
    };
    let mine = app.manage("my_parks", Some(&session), &[]).await.json();
    let names: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Casanearshore", "Fès Shore"]);
}

// ---- Tenant scope cases of the authorization matrix (issue 13, item 4) ----
// A tenant's record belongs to every park it leases in; a park's own facts
// (lease events, commitments, declarations) name only tenants leasing there.

/// The tenant scope writes in each (role, park) round of the matrix.
const SCOPE_WRITES: usize = 9;

/// A tenant that leases in both parks.
async fn shared_tenant(app: &TestApp, w: &World) -> i32 {
    let f = Fixture::new(&app.db);
    let t = f.tenant("Shared Co", "CRM").await;
    for b in [w.own_building, w.other_building] {
        f.lease(b, t, "move_in", 10, 1, date(2025, 1, 1)).await;
    }
    t
}

/// Posts to a manager server function (`name`) or a jobs one (`jobs/name`),
/// with the session's CSRF token.
async fn call(
    app: &TestApp,
    endpoint: &str,
    session: Option<&Session>,
    form: &[(&str, &str)],
) -> Answer {
    match endpoint.strip_prefix("jobs/") {
        Some(name) => {
            let mut form = form.to_vec();
            let csrf = session.map(|s| s.csrf.clone()).unwrap_or_default();
            form.push(("csrf", &csrf));
            app.post_form(&format!("/api/jobs/{name}"), session, &form)
                .await
        }
        None => app.manage(endpoint, session, form).await,
    }
}

/// What each role gets for a tenant scope write on `park` (`None`: not one).
/// 400 (naming the tenant) when the tenant does not lease in the park the
/// request names, whoever asks; 403 when the asker may not do it at all.
fn scope_expected(role: &str, park: &str, name: &str) -> Option<u16> {
    let own = park == "own";
    let status = match (role, name) {
        (_, n) if !n.starts_with("scope_") => return None,
        ("public", _) => 401,
        (
            "admin",
            "scope_resize_elsewhere" | "scope_commit_elsewhere" | "scope_declare_elsewhere",
        ) => 400,
        ("admin", _) => 200,
        ("park_manager", _) if !own => 403,
        ("park_manager", "scope_edit_shared" | "scope_edit_arrived") => 403,
        (
            "park_manager",
            "scope_resize_elsewhere" | "scope_commit_elsewhere" | "scope_declare_elsewhere",
        ) => 400,
        ("park_manager", _) => 200,
        // the representative of the own park's tenant declares for it only,
        // and only in a park it leases in
        ("tenant_rep", "scope_declare_here") if own => 200,
        ("tenant_rep", "scope_declare_elsewhere") if !own => 400,
        _ => 403,
    };
    Some(status)
}

async fn scope_writes_on(
    app: &TestApp,
    w: &World,
    shared: i32,
    park: &str,
    n: usize,
) -> Vec<Write> {
    let (building, here, elsewhere_building, elsewhere) = if park == "own" {
        (
            w.own_building,
            w.own_tenant,
            w.other_building,
            w.other_tenant,
        )
    } else {
        (
            w.other_building,
            w.other_tenant,
            w.own_building,
            w.own_tenant,
        )
    };
    // A company that leases in the other park, about to move in here.
    let f = Fixture::new(&app.db);
    let arriving = f.tenant(&format!("Arriving {n}"), "ITO").await;
    f.lease(
        elsewhere_building,
        arriving,
        "move_in",
        10,
        1,
        date(2025, 1, 1),
    )
    .await;
    let s = |v: &str| v.to_string();
    let shared_version = version_of(app, "tenants", &format!("id = {shared}")).await;
    let report_version = app
        .count(&format!(
            "SELECT COALESCE(MAX(version), 0) FROM job_reports WHERE tenant_id = {here} \
             AND park_id = (SELECT id FROM parks WHERE slug = '{park}')"
        ))
        .await;
    let rename = |name: &'static str, tenant: i32, version: String| Write {
        name,
        endpoint: "save_tenant",
        form: vec![
            (s("park"), s(park)),
            (s("id"), tenant.to_string()),
            (s("version"), version),
            (s("company"), format!("Taken over {n}")),
            (s("country"), s("MA")),
            (s("activity_line"), s("KPO")),
        ],
    };
    let lease = |name: &'static str, tenant: i32, kind: &str, area: i64| Write {
        name,
        endpoint: "record_lease_event",
        form: vec![
            (s("park"), s(park)),
            (s("building_id"), building.to_string()),
            (s("tenant"), tenant.to_string()),
            (s("kind"), s(kind)),
            (s("area_m2"), area.to_string()),
            (s("seats"), s("10")),
            (s("effective_date"), s("2026-12-15")),
        ],
    };
    let commit = |name: &'static str, tenant: i32| Write {
        name,
        endpoint: "jobs/save_commitment",
        form: vec![
            (s("park"), s(park)),
            (s("tenant_id"), tenant.to_string()),
            (s("jobs"), format!("{}", 10 + n)),
            (s("start_date"), s("2026-01-01")),
            (s("deadline"), s("2028-12-31")),
        ],
    };
    let declare = |name: &'static str, tenant: i32, version: Option<i64>| Write {
        name,
        endpoint: "jobs/declare",
        form: vec![
            (s("park"), s(park)),
            (s("tenant_id"), tenant.to_string()),
            (s("quarter"), s("2026Q3")),
            (s("ito_full"), format!("{}", 10 + n % 5)),
            (s("new_moroccan_recruits"), s("1")),
            (
                s("version"),
                version.map(|v| v.to_string()).unwrap_or_default(),
            ),
        ],
    };
    vec![
        rename("scope_edit_shared", shared, shared_version),
        lease("scope_move_in_arriving", arriving, "move_in", 100),
        // after its move-in here, the arriving company still leases elsewhere
        rename("scope_edit_arrived", arriving, s("1")),
        lease("scope_resize_elsewhere", elsewhere, "resize", 500),
        lease("scope_resize_here", here, "resize", 1_000 + n as i64),
        commit("scope_commit_elsewhere", elsewhere),
        commit("scope_commit_here", here),
        declare("scope_declare_elsewhere", elsewhere, None),
        declare(
            "scope_declare_here",
            here,
            (report_version > 0).then_some(report_version),
        ),
    ]
}
// ---- end of the tenant scope cases ----
