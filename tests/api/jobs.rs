//! Job declarations, their review and locking, the regional balance,
//! suppression, the quarterly CSV, commitments and the incentive estimate.

use serde_json::Value;
use tests::fixture::{Fixture, date};
use tests::{Session, TestApp, each_backend};

fn jobs_value(cell: &Value) -> Option<i64> {
    cell["value"].as_i64()
}

/// Balance of a quarter as `who` sees it.
async fn balance(app: &TestApp, who: Option<&Session>, quarter: &str) -> Value {
    let a = app
        .post_form("/api/jobs/balance", who, &[("quarter", quarter)])
        .await;
    assert_eq!(a.status, 200, "balance {quarter}: {}", a.body);
    a.json()
}

/// Three regions: Casablanca-Settat (06) with two parks and 4 tenants,
/// Oriental (02) with one park and 3 tenants, Fès-Meknès (03) with one
/// park and 1 tenant; validated reports for 2026 Q1-Q3.
async fn three_regions(app: &TestApp) -> Vec<(i32, i32)> {
    let f = Fixture::new(&app.db);
    let casa_a = f
        .park_at("casa-a", "06", "operating", (33.55, -7.6), None)
        .await;
    let casa_b = f
        .park_at("casa-b", "06", "operating", (33.57, -7.55), None)
        .await;
    let oujda = f
        .park_at("oujda", "02", "operating", (34.68, -1.91), None)
        .await;
    let fes = f
        .park_at("fes", "03", "operating", (34.03, -5.0), None)
        .await;
    let mut tenancies = Vec::new();
    for (park, n) in [(casa_a, 2), (casa_b, 2), (oujda, 3), (fes, 1)] {
        let b = f.building(park, 20_000, 2_000, None).await;
        for i in 0..n {
            let t = f.tenant(&format!("T{park}-{i}"), "CRM").await;
            f.lease(b, t, "move_in", 2_000, 200, date(2025, 1, 1)).await;
            tenancies.push((t, park));
        }
    }
    for (k, (t, park)) in tenancies.iter().enumerate() {
        for (q, scale) in [(1, 10), (2, 11), (3, 12)] {
            f.report(*t, *park, 2026, q, "validated", (k as i32 + 1) * scale)
                .await;
        }
    }
    tenancies
}

#[tokio::test]
async fn totals_agree_at_every_level_and_small_cells_are_hidden_from_the_public() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        three_regions(&app).await;
        app.add_user("admin@cdg.ma", "admin", &[], None).await;
        let admin = app.login("admin@cdg.ma").await;
        for quarter in ["2026Q1", "2026Q2", "2026Q3"] {
            let exact = balance(&app, Some(&admin), quarter).await;
            assert_eq!(exact["exact"], true);
            let parks: i64 = exact["parks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| jobs_value(&p["jobs"]).unwrap())
                .sum();
            let regions: i64 = exact["regions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| jobs_value(&r["jobs"]).unwrap())
                .sum();
            let national = exact["national"]["jobs"].as_i64().unwrap();
            assert_eq!(parks, regions, "{backend:?} {quarter}");
            assert_eq!(regions, national, "{backend:?} {quarter}");
            // 8 tenants, k = 1..8, scale 10/11/12
            let scale = match quarter {
                "2026Q1" => 10,
                "2026Q2" => 11,
                _ => 12,
            };
            assert_eq!(national, 36 * scale, "{quarter}");
            let space: i64 = exact["regions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["occupied_m2"].as_i64().unwrap())
                .sum();
            assert_eq!(space, exact["national"]["occupied_m2"].as_i64().unwrap());

            let public = balance(&app, None, quarter).await;
            assert_eq!(public["exact"], false);
            assert_eq!(
                public["national"]["jobs"], national,
                "the national total is shown"
            );
            let region = |code: &str| {
                public["regions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["code"] == code)
                    .unwrap()
                    .clone()
            };
            // Fès-Meknès: 1 tenant, hidden
            assert_eq!(region("03")["jobs"]["suppressed"], true);
            assert_eq!(region("03")["jobs"]["value"], Value::Null);
            assert_eq!(region("03")["jobs_per_10k"], Value::Null);
            // hiding one region alone would reveal it by subtraction from the
            // national total: the smallest other region (Casablanca-Settat,
            // 10 jobs per scale unit against Oriental's 18) is hidden too
            assert_eq!(region("06")["jobs"]["suppressed"], true);
            assert_eq!(region("02")["jobs"]["suppressed"], false);
            assert_eq!(jobs_value(&region("02")["jobs"]), Some(18 * scale));
            // parks with 1 or 2 tenants are hidden, those with 3 shown
            for p in public["parks"].as_array().unwrap() {
                let hidden = p["jobs"]["suppressed"] == true;
                let tenants = p["tenants_reporting"].as_i64().unwrap();
                assert_eq!(hidden, (1..3).contains(&tenants), "{p}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_concentration_index_matches_a_hand_worked_example_and_a_past_quarter_replays() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        let casa = f
            .park_at("casa", "06", "operating", (33.55, -7.6), None)
            .await;
        let rabat = f
            .park_at("rabat", "04", "operating", (34.02, -6.84), None)
            .await;
        let fes = f
            .park_at("fes", "03", "operating", (34.03, -5.0), None)
            .await;
        let mut buildings = Vec::new();
        for (park, jobs) in [
            (casa, [200, 200, 200]),
            (rabat, [100, 100, 100]),
            (fes, [34, 33, 33]),
        ] {
            let b = f.building(park, 10_000, 1_000, None).await;
            buildings.push(b);
            for (i, headcount) in jobs.into_iter().enumerate() {
                let t = f.tenant(&format!("T{park}{i}"), "ITO").await;
                f.lease(b, t, "move_in", 1_000, 100, date(2025, 6, 1)).await;
                f.report(t, park, 2026, 2, "validated", headcount).await;
            }
        }
        // A move-in after 2026 Q2 must not show when Q2 is replayed.
        let late = f.tenant("Late Co", "BPO").await;
        f.lease(buildings[0], late, "move_in", 4_000, 400, date(2026, 8, 1))
            .await;
        let q2 = balance(&app, None, "2026Q2").await;
        // 60%, 30%, 10%: 3,600 + 900 + 100
        assert_eq!(q2["national"]["hhi"].as_f64().unwrap().round(), 4_600.0);
        assert_eq!(
            q2["national"]["share_outside_axis_pct"].as_f64().unwrap(),
            10.0
        );
        assert_eq!(q2["as_of"], "2026-06-30");
        let casa_region = q2["regions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == "06")
            .unwrap();
        assert_eq!(
            casa_region["occupied_m2"], 3_000,
            "what was true on 30 June"
        );
        let q3 = balance(&app, None, "2026Q3").await;
        let casa_now = q3["regions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == "06")
            .unwrap();
        assert_eq!(casa_now["occupied_m2"], 7_000);
        assert_eq!(q3["national"]["jobs"], 0, "no Q3 report validated yet");
        let trend = q3["trend"].as_array().unwrap();
        assert_eq!(trend.len(), 8);
        assert_eq!(trend[6]["quarter"]["quarter"], 2);
        assert_eq!(trend[6]["hhi"].as_f64().unwrap().round(), 4_600.0);
        // a quarter that has not started is refused, naming the parameter
        let future = app
            .post_form("/api/jobs/balance", None, &[("quarter", "2027Q2")])
            .await;
        assert_eq!(future.status, 400, "{}", future.body);
        let bad = app
            .post_form("/api/jobs/balance", None, &[("quarter", "soon")])
            .await;
        assert_eq!(bad.status, 400);
        assert!(bad.body.contains("quarter"), "{}", bad.body);
    })
    .await;
}

#[tokio::test]
async fn a_declaration_is_flagged_returned_validated_locked_and_corrected_with_the_original_kept() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        let park = f.park("tv", "06", "operating").await;
        let b = f.building(park, 10_000, 1_000, None).await;
        let mine = f.tenant("Mine SA", "ITO").await;
        let theirs = f.tenant("Theirs SA", "CRM").await;
        f.lease(b, mine, "move_in", 400, 40, date(2025, 1, 1)).await;
        f.lease(b, theirs, "move_in", 400, 40, date(2025, 1, 1))
            .await;
        app.add_user("manager@cdg.ma", "park_manager", &["tv"], None)
            .await;
        app.add_user("rep@mine.ma", "tenant_rep", &[], Some(mine))
            .await;
        let manager = app.login("manager@cdg.ma").await;
        let rep = app.login("rep@mine.ma").await;
        let mine_id = mine.to_string();
        let theirs_id = theirs.to_string();
        let declare = |tenant: &str, ito: &str, comment: &str, version: &str| {
            vec![
                ("park", "tv".to_string()),
                ("tenant_id", tenant.to_string()),
                ("quarter", "2026Q3".to_string()),
                ("ito_full", ito.to_string()),
                ("ito_part", "5".to_string()),
                ("new_moroccan_recruits", "10".to_string()),
                ("comment", comment.to_string()),
                ("version", version.to_string()),
            ]
        };
        let post = |form: Vec<(&'static str, String)>, who: &Session| {
            let app = &app;
            let who = who.clone();
            async move {
                let mut form: Vec<(&str, String)> = form;
                form.push(("csrf", who.csrf.clone()));
                let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_form("/api/jobs/declare", Some(&who), &pairs).await
            }
        };

        let parks = app
            .post_form("/api/jobs/declaration_parks", Some(&rep), &[])
            .await
            .json();
        assert_eq!(parks[0][0], "tv", "the representative's parks: {parks}");
        assert_eq!(parks.as_array().unwrap().len(), 1);

        // Not for another company.
        let other = post(declare(&theirs_id, "50", "", ""), &rep).await;
        assert_eq!(other.status, 403, "{}", other.body);

        // 120 jobs on 400 m² is more than one per 4 m²: a comment is asked, nothing refused.
        let flagged = post(declare(&mine_id, "115", "", ""), &rep).await;
        assert_eq!(flagged.status, 400, "{}", flagged.body);
        assert!(flagged.body.contains("comment"), "{}", flagged.body);
        assert!(flagged.body.contains("4 m²"), "{}", flagged.body);
        let explained = post(
            declare(&mine_id, "115", "two shifts share the seats", ""),
            &rep,
        )
        .await;
        assert_eq!(explained.status, 200, "{}", explained.body);
        assert_eq!(explained.json()["flags"][0], "density");
        let report_id = explained.json()["report_id"].as_i64().unwrap().to_string();

        // The manager returns it with a comment; the representative fixes and resubmits.
        let view = |who: &Session| {
            let app = &app;
            let who = who.clone();
            async move {
                app.post_form(
                    "/api/jobs/declarations",
                    Some(&who),
                    &[("park", "tv"), ("quarter", "2026Q3")],
                )
                .await
                .json()
            }
        };
        let v = view(&manager).await;
        let version = v["rows"][0]["version"].as_i64().unwrap().to_string();
        let review =
            |decision: &'static str, comment: &'static str, version: String, who: &Session| {
                let app = &app;
                let report_id = report_id.clone();
                let who = who.clone();
                async move {
                    app.post_form(
                        "/api/jobs/review",
                        Some(&who),
                        &[
                            ("csrf", who.csrf.as_str()),
                            ("report_id", report_id.as_str()),
                            ("version", version.as_str()),
                            ("decision", decision),
                            ("comment", comment),
                        ],
                    )
                    .await
                }
            };
        let by_rep = review("validate", "", version.clone(), &rep).await;
        assert_eq!(
            by_rep.status, 403,
            "a representative cannot validate: {}",
            by_rep.body
        );
        let no_reason = review("return", "", version.clone(), &manager).await;
        assert_eq!(no_reason.status, 400);
        let returned = review(
            "return",
            "the extract shows 90 full-time",
            version,
            &manager,
        )
        .await;
        assert_eq!(returned.status, 200, "{}", returned.body);
        let v = view(&rep).await;
        assert_eq!(v["rows"][0]["status"], "returned");
        assert_eq!(
            v["rows"][0]["review_comment"],
            "the extract shows 90 full-time"
        );
        assert_eq!(
            v["rows"].as_array().unwrap().len(),
            1,
            "the representative sees only their company"
        );
        let stale = post(declare(&mine_id, "90", "", "1"), &rep).await;
        assert_eq!(
            stale.status, 409,
            "resubmitting an old version: {}",
            stale.body
        );
        let version = v["rows"][0]["version"].as_i64().unwrap().to_string();
        let fixed = post(declare(&mine_id, "90", "", &version), &rep).await;
        assert_eq!(fixed.status, 200, "{}", fixed.body);
        let v = view(&manager).await;
        let version = v["rows"][0]["version"].as_i64().unwrap().to_string();
        assert_eq!(review("validate", "", version, &manager).await.status, 200);

        app.add_user("admin@cdg.ma", "admin", &[], None).await;
        let admin = app.login("admin@cdg.ma").await;
        let counted = balance(&app, Some(&admin), "2026Q3").await;
        assert_eq!(
            counted["national"]["jobs"], 95,
            "90 full time + 5 part time"
        );

        // The quarter is locked: a new declaration is a correction (revision 2).
        let correction = post(declare(&mine_id, "92", "", ""), &rep).await;
        assert_eq!(correction.status, 200, "{}", correction.body);
        assert_eq!(correction.json()["revision"], 2);
        let v = view(&manager).await;
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 2, "the original stays visible");
        let original = rows.iter().find(|r| r["revision"] == 1).unwrap();
        assert_eq!(original["status"], "validated");
        assert_eq!(original["superseded"], true);
        assert_eq!(
            balance(&app, Some(&admin), "2026Q3").await["national"]["jobs"],
            95,
            "the validated original counts until the correction is validated"
        );
        let corr = rows.iter().find(|r| r["revision"] == 2).unwrap();
        let review_corr = app
            .post_form(
                "/api/jobs/review",
                Some(&manager),
                &[
                    ("csrf", manager.csrf.as_str()),
                    ("report_id", &corr["id"].as_i64().unwrap().to_string()),
                    ("version", &corr["version"].as_i64().unwrap().to_string()),
                    ("decision", "validate"),
                ],
            )
            .await;
        assert_eq!(review_corr.status, 200, "{}", review_corr.body);
        assert_eq!(
            balance(&app, Some(&admin), "2026Q3").await["national"]["jobs"],
            97
        );
        // A manager may declare on the tenant's behalf; the future is refused.
        let mut future = declare(&theirs_id, "50", "", "");
        future[2].1 = "2027Q1".into();
        let f = post(future, &manager).await;
        assert_eq!(f.status, 400, "{}", f.body);
        let on_behalf = post(declare(&theirs_id, "50", "", ""), &manager).await;
        assert_eq!(on_behalf.status, 200, "{}", on_behalf.body);
    })
    .await;
}

#[tokio::test]
async fn the_quarterly_csv_opens_in_excel_and_keeps_small_cells_hidden() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        three_regions(&app).await;
        let resp = app.get("/exports/quarterly.csv?quarter=2026Q2").await;
        assert_eq!(resp.status(), 200);
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv; charset=utf-8")
        );
        assert!(
            resp.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("2026Q2.csv")
        );
        let bytes = resp.bytes().await.unwrap();
        assert_eq!(
            &bytes[..3],
            b"\xEF\xBB\xBF",
            "UTF-8 byte-order mark for Excel"
        );
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.contains("level;code;name;population_2024"), "{text}");
        assert!(
            text.contains("region;03;Fès-Meknès"),
            "accents kept: {text}"
        );
        assert!(text.contains("fewer than 3 tenants"), "{text}");
        assert!(text.contains("national;MA;Maroc"), "{text}");
        let national_line = text.lines().find(|l| l.starts_with("national;")).unwrap();
        assert!(
            national_line.contains(";396;"),
            "36 × 11 jobs: {national_line}"
        );
        let bad = app.get("/exports/quarterly.csv?quarter=Q9").await;
        assert_eq!(bad.status(), 400);
    })
    .await;
}

#[tokio::test]
async fn commitments_show_progress_against_the_straight_line_and_the_estimate_is_indicative() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let f = Fixture::new(&app.db);
        let park = f.park("oujda", "02", "operating").await;
        let b = f.building(park, 10_000, 1_000, None).await;
        let t = f.tenant("Promise SA", "ESO").await;
        f.lease(b, t, "move_in", 2_000, 200, date(2025, 11, 29))
            .await;
        f.report(t, park, 2026, 3, "validated", 30).await;
        app.add_user("manager@cdg.ma", "park_manager", &["oujda"], None)
            .await;
        let manager = app.login("manager@cdg.ma").await;
        let tenant = t.to_string();
        // 100 jobs within 2 years from 2025-11-29: half expected by 2026-11-29.
        let saved = app
            .post_form(
                "/api/jobs/save_commitment",
                Some(&manager),
                &[
                    ("csrf", manager.csrf.as_str()),
                    ("park", "oujda"),
                    ("tenant_id", tenant.as_str()),
                    ("jobs", "100"),
                    ("start_date", "2025-11-29"),
                    ("deadline", "2027-11-29"),
                ],
            )
            .await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        let row = saved.json();
        assert_eq!(row["actual"], 30);
        assert_eq!(row["expected_now"], 50);
        assert_eq!(row["behind"], true);
        let list = app
            .post_form(
                "/api/jobs/commitments",
                Some(&manager),
                &[("park", "oujda")],
            )
            .await
            .json();
        assert_eq!(list.as_array().unwrap().len(), 1);
        let public = app
            .post_form("/api/jobs/commitments", None, &[("park", "oujda")])
            .await;
        assert_eq!(public.status, 401);
        let unknown = app
            .post_form("/api/jobs/commitments", Some(&manager), &[("park", "nope")])
            .await;
        assert_eq!(unknown.status, 403, "a manager cannot probe for slugs");

        let estimate = app
            .post_form(
                "/api/jobs/incentives",
                None,
                &[
                    ("region", "02"),
                    ("recruits", "100"),
                    ("gross_annual_pay_mad", "120000"),
                    ("equipment_investment_mad", "1000000"),
                ],
            )
            .await;
        assert_eq!(estimate.status, 200, "{}", estimate.body);
        let e = estimate.json();
        assert_eq!(e["paf_total_mad"], 2_100_000);
        assert_eq!(e["regional_per_job_mad"], 600_000);
        assert_eq!(e["equipment_subsidy_mad"], 100_000);
        assert_eq!(e["total_mad"], 2_800_000);
        let bad = app
            .post_form(
                "/api/jobs/incentives",
                None,
                &[
                    ("region", "13"),
                    ("recruits", "1"),
                    ("gross_annual_pay_mad", "1"),
                ],
            )
            .await;
        assert_eq!(bad.status, 400);
    })
    .await;
}
