//! Tenant scope (issue 13, item 4): a park's manager changes a tenant's
//! record only when every park the tenant leases in is theirs; a move-in may
//! bring a company that leases elsewhere, without that right; resizes,
//! move-outs, commitments and declarations name only tenants of the park.
//! Through the server functions the manager pages call, on both backends.

use app::api::AppError;
use sea_orm::ConnectionTrait;
use serde_json::Value;
use tests::fixture::{Fixture, date};
use tests::{Answer, Fingerprint, Session, TestApp, each_backend};

/// Casanearshore and Oujda Shore, a building and a tenant each, their two
/// managers and an admin.
struct Parks {
    casa_building: i32,
    oujda_building: i32,
    casa_tenant: i32,
    oujda_tenant: i32,
}

async fn two_parks(app: &TestApp) -> Parks {
    let f = Fixture::new(&app.db);
    let casa = f.park("casanearshore", "06", "operating").await;
    let oujda = f.park("oujda-shore", "02", "operating").await;
    let casa_building = f.building(casa, 10_000, 1_000, None).await;
    let oujda_building = f.building(oujda, 10_000, 1_000, None).await;
    let casa_tenant = f.tenant("Casa Services", "BPO").await;
    let oujda_tenant = f.tenant("Oriental Data", "ITO").await;
    f.lease(
        casa_building,
        casa_tenant,
        "move_in",
        1_000,
        100,
        date(2025, 1, 1),
    )
    .await;
    f.lease(
        oujda_building,
        oujda_tenant,
        "move_in",
        800,
        80,
        date(2025, 3, 1),
    )
    .await;
    app.add_user("casa@cdg.ma", "park_manager", &["casanearshore"], None)
        .await;
    app.add_user("oujda@cdg.ma", "park_manager", &["oujda-shore"], None)
        .await;
    app.add_user("admin@cdg.ma", "admin", &[], None).await;
    Parks {
        casa_building,
        oujda_building,
        casa_tenant,
        oujda_tenant,
    }
}

async fn version(app: &TestApp, tenant: i32) -> String {
    app.count(&format!("SELECT version FROM tenants WHERE id = {tenant}"))
        .await
        .to_string()
}

/// The companies the public page of a park shows today.
async fn public_companies(app: &TestApp, slug: &str) -> Vec<String> {
    let park = app.get_json(&format!("/api/v1/parks/{slug}"), 200).await;
    park["tenants"]
        .as_array()
        .expect("tenants")
        .iter()
        .map(|t| t["company"].as_str().expect("a company").to_string())
        .collect()
}

async fn public_page(app: &TestApp, slug: &str) -> String {
    let page = app.get(&format!("/en/parks/{slug}")).await;
    assert_eq!(page.status().as_u16(), 200);
    page.text().await.expect("a page")
}

async fn rename(app: &TestApp, who: &Session, park: &str, tenant: i32, company: &str) -> Answer {
    let (id, version) = (tenant.to_string(), version(app, tenant).await);
    app.manage(
        "save_tenant",
        Some(who),
        &[
            ("park", park),
            ("id", &id),
            ("version", &version),
            ("company", company),
            ("country", "MA"),
            ("activity_line", "ITO"),
        ],
    )
    .await
}

async fn lease_event(
    app: &TestApp,
    who: &Session,
    park: &str,
    building: i32,
    tenant: i32,
    change: &[(&str, &str)],
) -> Answer {
    let (building, tenant) = (building.to_string(), tenant.to_string());
    let mut form = vec![
        ("park", park),
        ("building_id", building.as_str()),
        ("tenant", tenant.as_str()),
    ];
    form.extend_from_slice(change);
    app.manage("record_lease_event", Some(who), &form).await
}

/// Posts a jobs server function with the session's CSRF token.
async fn jobs(app: &TestApp, name: &str, who: &Session, form: &[(&str, &str)]) -> Answer {
    let mut form = form.to_vec();
    form.push(("csrf", &who.csrf));
    app.post_form(&format!("/api/jobs/{name}"), Some(who), &form)
        .await
}

async fn commitment(app: &TestApp, who: &Session, park: &str, tenant: i32) -> Answer {
    let tenant = tenant.to_string();
    jobs(
        app,
        "save_commitment",
        who,
        &[
            ("park", park),
            ("tenant_id", &tenant),
            ("jobs", "40"),
            ("start_date", "2026-01-01"),
            ("deadline", "2028-12-31"),
        ],
    )
    .await
}

async fn declaration(app: &TestApp, who: &Session, park: &str, tenant: i32) -> Answer {
    let tenant = tenant.to_string();
    jobs(
        app,
        "declare",
        who,
        &[
            ("park", park),
            ("tenant_id", &tenant),
            ("quarter", "2026Q3"),
            ("ito_full", "20"),
            ("new_moroccan_recruits", "2"),
        ],
    )
    .await
}

/// The refusal is `status` (a 400 naming `field`, a 403 `Forbidden`), and nothing changed.
#[track_caller]
fn refused(answer: &Answer, status: u16, field: &str, before: &Fingerprint, after: &Fingerprint) {
    assert_eq!(answer.status, status, "{}", answer.body);
    let error: AppError = serde_json::from_str(&answer.body)
        .unwrap_or_else(|e| panic!("an AppError ({e}): {}", answer.body));
    match (status, &error) {
        (400, AppError::Invalid { field: named, .. }) => assert_eq!(named, field, "{error:?}"),
        (403, AppError::Forbidden) => {}
        _ => panic!("{status} {field}: {error:?}"),
    }
    assert!(
        before == after,
        "a refused write changed {:#?}",
        before.changes(after, 20)
    );
}

/// The park editor's tenants: company and whether the viewer may change it.
async fn editor_tenants(app: &TestApp, who: &Session, park: &str) -> Vec<(String, bool)> {
    let editor: Value = app
        .manage("park_editor", Some(who), &[("slug", park)])
        .await
        .json();
    editor["tenants"]
        .as_array()
        .expect("tenants")
        .iter()
        .map(|t| {
            (
                t["company"].as_str().expect("company").to_string(),
                t["may_change"].as_bool().expect("may_change"),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_manager_cannot_take_over_another_parks_tenant_by_moving_it_in_for_1_m2_in_2099() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let p = two_parks(&app).await;
        let casa = app.login("casa@cdg.ma").await;
        assert_eq!(
            public_companies(&app, "oujda-shore").await,
            ["Oriental Data"]
        );

        // The move-in itself is allowed: companies lease in several parks.
        let move_in = lease_event(
            &app,
            &casa,
            "casanearshore",
            p.casa_building,
            p.oujda_tenant,
            &[
                ("kind", "move_in"),
                ("area_m2", "1"),
                ("seats", "0"),
                ("effective_date", "2099-01-01"),
            ],
        )
        .await;
        assert_eq!(move_in.status, 200, "{backend:?}: {}", move_in.body);

        // Renaming the company is not: it still leases in Oujda Shore.
        let before = Fingerprint::of(&app.db).await;
        let taken = rename(
            &app,
            &casa,
            "casanearshore",
            p.oujda_tenant,
            "Taken Over SA",
        )
        .await;
        let after = Fingerprint::of(&app.db).await;
        refused(&taken, 403, "", &before, &after);
        assert_eq!(
            public_companies(&app, "oujda-shore").await,
            ["Oriental Data"],
            "{backend:?}: Oujda Shore's public page keeps the name"
        );
        let page = public_page(&app, "oujda-shore").await;
        assert!(page.contains("Oriental Data") && !page.contains("Taken Over"));

        // Nor can the Casanearshore manager write in Oujda Shore's buildings.
        for park in ["casanearshore", "oujda-shore"] {
            let before = Fingerprint::of(&app.db).await;
            let answer = lease_event(
                &app,
                &casa,
                park,
                p.oujda_building,
                p.oujda_tenant,
                &[
                    ("kind", "move_in"),
                    ("area_m2", "1"),
                    ("seats", "0"),
                    ("effective_date", "2099-01-01"),
                ],
            )
            .await;
            let after = Fingerprint::of(&app.db).await;
            let (status, says) = if park == "oujda-shore" {
                (403, "")
            } else {
                (400, "building_id")
            };
            refused(&answer, status, says, &before, &after);
        }
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM lease_events WHERE building_id = {}",
                p.oujda_building
            ))
            .await,
            1,
            "Oujda Shore's building keeps its one lease"
        );

        // The editor says so before the manager tries.
        assert_eq!(
            editor_tenants(&app, &casa, "casanearshore").await,
            [
                ("Casa Services".to_string(), true),
                ("Oriental Data".to_string(), false)
            ]
        );
        for (lang, says) in [
            ("en", "only an administrator can change them"),
            ("fr", "seul un administrateur peut les modifier"),
            ("ar", "لا يمكن تعديلها إلا لمدير"),
        ] {
            let page = app
                .client
                .get(app.url(&format!("/{lang}/manage/parks/casanearshore")))
                .header("cookie", format!("{}={}", app.session_cookie, casa.cookie))
                .send()
                .await
                .expect("the editor answers");
            assert_eq!(page.status().as_u16(), 200);
            let html = page.text().await.expect("a page");
            assert_eq!(
                html.matches(r#"data-testid="shared-tenant""#).count(),
                1,
                "{lang}: one shared tenant, without a form"
            );
            assert!(html.contains(says), "{lang}: the editor says why");
        }
    })
    .await;
}

#[tokio::test]
async fn a_manager_of_every_park_a_tenant_leases_in_may_rename_it() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let p = two_parks(&app).await;
        let f = Fixture::new(&app.db);
        let both = f.tenant("Two Parks Co", "CRM").await;
        f.lease(p.casa_building, both, "move_in", 200, 20, date(2025, 6, 1))
            .await;
        // a past lease counts: it left Oujda Shore, whose history still shows it
        f.lease(p.oujda_building, both, "move_in", 100, 10, date(2024, 1, 1))
            .await;
        f.lease(p.oujda_building, both, "move_out", 0, 0, date(2026, 1, 1))
            .await;
        app.add_user(
            "region@cdg.ma",
            "park_manager",
            &["casanearshore", "oujda-shore"],
            None,
        )
        .await;
        let region = app.login("region@cdg.ma").await;
        let casa = app.login("casa@cdg.ma").await;

        let refused_for_casa = rename(&app, &casa, "casanearshore", both, "Renamed Co").await;
        assert_eq!(refused_for_casa.status, 403, "{}", refused_for_casa.body);

        let before = Fingerprint::of(&app.db).await;
        let ok = rename(&app, &region, "casanearshore", both, "Renamed Co").await;
        assert_eq!(ok.status, 200, "{backend:?}: {}", ok.body);
        let after = Fingerprint::of(&app.db).await;
        assert!(
            before
                .changed_tables(&after)
                .contains(&"tenants".to_string())
        );
        assert!(
            public_companies(&app, "casanearshore")
                .await
                .contains(&"Renamed Co".to_string())
        );

        // The park's own tenant stays the Casanearshore manager's to change.
        let own = rename(
            &app,
            &casa,
            "casanearshore",
            p.casa_tenant,
            "Casa Services Group",
        )
        .await;
        assert_eq!(own.status, 200, "{}", own.body);
        assert!(
            public_page(&app, "casanearshore")
                .await
                .contains("Casa Services Group")
        );
    })
    .await;
}

#[tokio::test]
async fn a_move_in_of_another_parks_tenant_is_allowed_but_only_an_admin_may_then_rename_it() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let p = two_parks(&app).await;
        let casa = app.login("casa@cdg.ma").await;
        let oujda = app.login("oujda@cdg.ma").await;
        let admin = app.login("admin@cdg.ma").await;

        let moved = lease_event(
            &app,
            &casa,
            "casanearshore",
            p.casa_building,
            p.oujda_tenant,
            &[
                ("kind", "move_in"),
                ("area_m2", "300"),
                ("seats", "30"),
                ("effective_date", "2026-10-01"),
            ],
        )
        .await;
        assert_eq!(moved.status, 200, "{backend:?}: {}", moved.body);
        let casa_page = public_companies(&app, "casanearshore").await;
        assert!(casa_page.contains(&"Oriental Data".to_string()), "{casa_page:?}");

        // Neither manager manages both of its parks now.
        for (who, park) in [(&casa, "casanearshore"), (&oujda, "oujda-shore")] {
            let before = Fingerprint::of(&app.db).await;
            let answer = rename(&app, who, park, p.oujda_tenant, "Oriental Data Maroc").await;
            let after = Fingerprint::of(&app.db).await;
            refused(&answer, 403, "", &before, &after);
        }
        // Its lease events are still theirs to record: a resize here.
        let resized = lease_event(
            &app,
            &casa,
            "casanearshore",
            p.casa_building,
            p.oujda_tenant,
            &[
                ("kind", "resize"),
                ("area_m2", "400"),
                ("seats", "40"),
                ("effective_date", "2026-11-15"),
            ],
        )
        .await;
        assert_eq!(resized.status, 200, "{}", resized.body);

        let ok = rename(&app, &admin, "casanearshore", p.oujda_tenant, "Oriental Data Maroc").await;
        assert_eq!(ok.status, 200, "{}", ok.body);
        for park in ["casanearshore", "oujda-shore"] {
            assert!(
                public_companies(&app, park)
                    .await
                    .contains(&"Oriental Data Maroc".to_string()),
                "{backend:?} {park}"
            );
        }
        let audited = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'change_tenant' AND actor = 'admin@cdg.ma'",
        )
        .await;
        assert_eq!(audited, 1);
    })
    .await;
}

#[tokio::test]
async fn resizes_and_move_outs_name_only_a_tenant_of_that_building_even_for_an_admin() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let p = two_parks(&app).await;
        let casa = app.login("casa@cdg.ma").await;
        let admin = app.login("admin@cdg.ma").await;
        for who in [&casa, &admin] {
            for change in [
                vec![
                    ("kind", "resize"),
                    ("area_m2", "5"),
                    ("seats", "1"),
                    ("effective_date", "2026-12-01"),
                ],
                vec![("kind", "move_out"), ("effective_date", "2026-12-01")],
            ] {
                let before = Fingerprint::of(&app.db).await;
                let answer = lease_event(
                    &app,
                    who,
                    "casanearshore",
                    p.casa_building,
                    p.oujda_tenant,
                    &change,
                )
                .await;
                let after = Fingerprint::of(&app.db).await;
                refused(&answer, 400, "tenant", &before, &after);
                assert!(answer.body.contains("no lease in"), "{}", answer.body);
            }
        }
        // In its own building, the Oujda tenant's move-out is Oujda's manager's.
        let before = Fingerprint::of(&app.db).await;
        let answer = lease_event(
            &app,
            &casa,
            "oujda-shore",
            p.oujda_building,
            p.oujda_tenant,
            &[("kind", "move_out"), ("effective_date", "2026-12-01")],
        )
        .await;
        let after = Fingerprint::of(&app.db).await;
        refused(&answer, 403, "", &before, &after);
        assert_eq!(
            public_companies(&app, "oujda-shore").await,
            ["Oriental Data"]
        );
    })
    .await;
}

#[tokio::test]
async fn commitments_and_declarations_for_a_tenant_not_in_your_park_are_refused() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let p = two_parks(&app).await;
        let casa = app.login("casa@cdg.ma").await;
        let admin = app.login("admin@cdg.ma").await;

        // Named in the manager's own park: the tenant does not lease there.
        for who in [&casa, &admin] {
            let before = Fingerprint::of(&app.db).await;
            let answer = commitment(&app, who, "casanearshore", p.oujda_tenant).await;
            let after = Fingerprint::of(&app.db).await;
            refused(&answer, 400, "tenant_id", &before, &after);
            assert!(
                answer.body.contains("Oriental Data has no lease in"),
                "{}",
                answer.body
            );

            let before = Fingerprint::of(&app.db).await;
            let answer = declaration(&app, who, "casanearshore", p.oujda_tenant).await;
            let after = Fingerprint::of(&app.db).await;
            refused(&answer, 400, "tenant", &before, &after);
        }
        // Named in the park where it leases: not the manager's park.
        let before = Fingerprint::of(&app.db).await;
        let answer = commitment(&app, &casa, "oujda-shore", p.oujda_tenant).await;
        let after = Fingerprint::of(&app.db).await;
        refused(&answer, 403, "", &before, &after);
        let answer = declaration(&app, &casa, "oujda-shore", p.oujda_tenant).await;
        let after_declaring = Fingerprint::of(&app.db).await;
        refused(&answer, 403, "", &before, &after_declaring);
        assert_eq!(app.count("SELECT COUNT(*) FROM commitments").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM job_reports").await, 0);

        // The park's own tenant: both are recorded.
        let ok = commitment(&app, &casa, "casanearshore", p.casa_tenant).await;
        assert_eq!(ok.status, 200, "{backend:?}: {}", ok.body);
        assert_eq!(ok.json()["company"], "Casa Services");
        let ok = declaration(&app, &casa, "casanearshore", p.casa_tenant).await;
        assert_eq!(ok.status, 200, "{backend:?}: {}", ok.body);
        // And a company that moved in (here, ahead of time) may commit here.
        let moved = lease_event(
            &app,
            &casa,
            "casanearshore",
            p.casa_building,
            p.oujda_tenant,
            &[
                ("kind", "move_in"),
                ("area_m2", "100"),
                ("seats", "10"),
                ("effective_date", "2027-02-01"),
            ],
        )
        .await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        let ok = commitment(&app, &casa, "casanearshore", p.oujda_tenant).await;
        assert_eq!(ok.status, 200, "{}", ok.body);
        let listed = app
            .post_form(
                "/api/jobs/commitments",
                Some(&casa),
                &[("park", "casanearshore")],
            )
            .await
            .json();
        assert_eq!(listed.as_array().map(Vec::len), Some(2));
    })
    .await;
}

#[tokio::test]
async fn the_fingerprint_sees_any_changed_row_of_any_table_even_one_added_later() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        two_parks(&app).await;
        let before = Fingerprint::of(&app.db).await;
        assert_eq!(
            Fingerprint::of(&app.db).await,
            before,
            "read twice, the same"
        );
        assert!(
            before
                .rows("tenants")
                .iter()
                .any(|r| r.contains("Oriental Data"))
        );

        let exec = |sql: &'static str| {
            let db = app.db.clone();
            async move {
                db.execute_unprepared(sql)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
        };
        exec("UPDATE buildings SET seats = seats + 1 WHERE id = (SELECT MIN(id) FROM buildings)")
            .await;
        let after = Fingerprint::of(&app.db).await;
        assert!(
            after
                .changed_tables(&before)
                .contains(&"buildings".to_string())
        );
        let changes = before.changes(&after, 10);
        assert!(
            changes.iter().any(|c| c.starts_with("buildings: - "))
                && changes.iter().any(|c| c.starts_with("buildings: + ")),
            "{changes:?}"
        );

        exec("CREATE TABLE later_facts (id INTEGER PRIMARY KEY, note TEXT)").await;
        let empty = Fingerprint::of(&app.db).await;
        exec("INSERT INTO later_facts (id, note) VALUES (1, NULL)").await;
        let filled = Fingerprint::of(&app.db).await;
        assert_eq!(empty.changed_tables(&filled), ["later_facts"]);
        assert_eq!(filled.rows("later_facts"), ["id=1 | note=NULL"]);
    })
    .await;
}
