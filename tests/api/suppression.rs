//! Suppression everywhere public: a region with a park of one reporting
//! tenant and a park of two, walked through every public route and API
//! anonymously and as the manager of another park; nobody finds the hidden
//! figures, not even by subtracting shown ones within the region. Consent
//! publishes a tenant's own figure; no user's email is in a public answer;
//! the privacy page in three languages.

use serde_json::Value;
use tests::fixture::{Fixture, date};
use tests::{Session, TestApp, each_backend};

/// Rabat-Salé-Kénitra (04): `solo` has one reporting tenant (4,271 jobs),
/// `duo` two (3,389 + 1,202 = 4,591), `trio` three (510 + 520 + 530) and
/// `quad` four (610 + 620 + 630 + 640). Casablanca-Settat (06): `casa`,
/// three tenants (700 + 800 + 900). Validated reports for 2026 Q3, the
/// last complete quarter of the tests' today.
const SOLO: i64 = 4_271;
const DUO: [i64; 2] = [3_389, 1_202];
const PARKS: [(&str, &str, &[i32]); 5] = [
    ("solo", "04", &[4_271]),
    ("duo", "04", &[3_389, 1_202]),
    ("trio", "04", &[510, 520, 530]),
    ("quad", "04", &[610, 620, 630, 640]),
    ("casa", "06", &[700, 800, 900]),
];
const EMAILS: [&str; 4] = [
    "admin@registry.ma",
    "solo-manager@operator.ma",
    "casa-manager@operator.ma",
    "rep@company.ma",
];

/// The world above; returns the tenant ids per park, in `PARKS` order.
async fn small_parks(app: &TestApp) -> Vec<Vec<i32>> {
    let f = Fixture::new(&app.db);
    let mut out = Vec::new();
    for (k, (slug, region, jobs)) in PARKS.iter().enumerate() {
        let park = f
            .park_at(
                slug,
                region,
                "operating",
                (34.0 + k as f64 / 10.0, -6.8),
                None,
            )
            .await;
        let b = f.building(park, 40_000, 4_000, None).await;
        let mut ids = Vec::new();
        for (i, n) in jobs.iter().enumerate() {
            let t = f.tenant(&format!("{slug} company {i}"), "ITO").await;
            f.lease(b, t, "move_in", 2_000, 200, date(2025, 1, 1)).await;
            f.report(t, park, 2026, 3, "validated", *n).await;
            ids.push(t);
        }
        out.push(ids);
    }
    app.add_user(EMAILS[0], "admin", &[], None).await;
    app.add_user(EMAILS[1], "park_manager", &["solo"], None)
        .await;
    app.add_user(EMAILS[2], "park_manager", &["casa"], None)
        .await;
    app.add_user(EMAILS[3], "tenant_rep", &[], Some(out[1][0]))
        .await;
    out
}

/// Records that the tenant agreed to publish its own headcount (as the
/// consent form would, without a session: for tests about other things).
pub async fn publish(db: &sea_orm::DatabaseConnection, tenant_id: i32) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    use server::db::entities::tenants;
    let mut t: tenants::ActiveModel = tenants::Entity::find_by_id(tenant_id)
        .one(db)
        .await
        .expect("tenant read")
        .expect("tenant stored")
        .into();
    t.publish_jobs_consent = Set(true);
    t.update(db).await.expect("consent stored");
}

/// Every way a page, the JSON or the CSV could write `n`.
fn renderings(n: i64) -> Vec<String> {
    let d = n.to_string();
    let (head, tail) = d.split_at(d.len() - 3);
    vec![
        d.clone(),
        format!("{head},{tail}"),
        format!("{head}\u{202f}{tail}"),
        format!("{head}\u{a0}{tail}"),
        format!("{head} {tail}"),
    ]
}

/// The figures nobody but admins and the park's managers may learn.
fn hidden() -> Vec<i64> {
    vec![SOLO, DUO[0], DUO[1], DUO[0] + DUO[1]]
}

/// GET `path` as `who` (a session cookie) or anonymously; must answer 200.
async fn fetch(app: &TestApp, who: Option<&Session>, path: &str) -> String {
    let mut req = app.client.get(app.url(path));
    if let Some(s) = who {
        req = req.header(
            reqwest::header::COOKIE,
            format!("{}={}", app.session_cookie, s.cookie),
        );
    }
    let resp = req.send().await.expect("request sent");
    let status = resp.status().as_u16();
    let body = resp.text().await.expect("body");
    assert_eq!(status, 200, "GET {path} on {:?}: {body}", app.backend);
    body
}

/// Every public GET route (tests/api/fuzz.rs's list) with the values that
/// show jobs, in the three languages; and the balance server function.
async fn public_answers(app: &TestApp, who: Option<&Session>) -> Vec<(String, String)> {
    let mut paths: Vec<String> = vec![
        "/health".into(),
        "/api/v1/parks".into(),
        "/api/v1/parks?region=04".into(),
        "/api/v1/parks.geojson".into(),
        "/api/v1/regions".into(),
        "/exports/quarterly.csv".into(),
        "/exports/quarterly.csv?quarter=2026Q3".into(),
    ];
    for (slug, _, _) in PARKS {
        paths.push(format!("/api/v1/parks/{slug}"));
    }
    for lang in ["fr", "ar", "en"] {
        for page in [
            "",
            "/parks",
            "/parks?region=04",
            "/map",
            "/map?metric=jobs_per_10k",
            "/compare?park=solo&park=duo&park=trio",
            "/balance",
            "/balance?quarter=2026Q3",
            "/report",
            "/incentives?region=04&recruits=10&gross_annual_pay_mad=100000",
            "/privacy",
        ] {
            paths.push(format!("/{lang}{page}"));
        }
        for (slug, _, _) in PARKS {
            paths.push(format!("/{lang}/parks/{slug}"));
        }
    }
    let mut out = Vec::new();
    for path in paths {
        let body = fetch(app, who, &path).await;
        out.push((path, body));
    }
    let balance = app
        .post_form("/api/jobs/balance", who, &[("quarter", "2026Q3")])
        .await;
    assert_eq!(balance.status, 200, "{}", balance.body);
    out.push(("POST /api/jobs/balance".into(), balance.body));
    out
}

/// `number` written as a number of its own in `body`: not the digits of a
/// longer number or of a decimal (`3.1213555735120204` holds no 1,202).
fn shows(body: &str, number: &str) -> bool {
    body.match_indices(number).any(|(i, _)| {
        let before = body[..i].chars().next_back();
        let after = body[i + number.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
            && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

fn assert_nowhere(answers: &[(String, String)], numbers: &[i64], who: &str) {
    for (path, body) in answers {
        for n in numbers {
            for r in renderings(*n) {
                assert!(
                    !shows(body, &r),
                    "{who}: {path} shows the hidden figure {r:?}"
                );
            }
        }
        for email in EMAILS {
            assert!(!body.contains(email), "{who}: {path} shows {email}");
        }
    }
}

/// Region 04's total minus its shown parks, as the JSON API and the balance
/// give them: it must not be a hidden park's figure (or the region is hidden).
async fn assert_no_subtraction(app: &TestApp, who: Option<&Session>) {
    let regions = app.get_json("/api/v1/regions", 200).await;
    let rabat = regions["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "04")
        .unwrap()
        .clone();
    let parks = app.get_json("/api/v1/parks?region=04", 200).await;
    let shown: i64 = parks["parks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["jobs"]["headcount"].as_i64())
        .sum();
    let hidden_parks: Vec<&Value> = parks["parks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["jobs"]["suppressed"] == true)
        .collect();
    assert!(hidden_parks.len() >= 2, "{parks}");
    if let Some(total) = rabat["jobs"]["headcount"].as_i64() {
        assert!(
            !hidden().contains(&(total - shown)),
            "region 04 {total} − shown parks {shown} reveals a park"
        );
    }

    let view = app
        .post_form("/api/jobs/balance", who, &[("quarter", "2026Q3")])
        .await
        .json();
    let region = view["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "04")
        .unwrap();
    let rows: Vec<&Value> = view["parks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["region_code"] == "04")
        .collect();
    let shown: i64 = rows
        .iter()
        .filter_map(|p| p["jobs"]["value"].as_i64())
        .sum();
    if let Some(total) = region["jobs"]["value"].as_i64() {
        assert!(
            !hidden().contains(&(total - shown)),
            "balance: region 04 {total} − shown parks {shown} reveals a park"
        );
    }
    // and the nation minus the shown regions
    let national = view["national"]["jobs"].as_i64().unwrap();
    let regions_shown: i64 = view["regions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["jobs"]["value"].as_i64())
        .sum();
    assert!(!hidden().contains(&(national - regions_shown)));
}

#[tokio::test]
async fn nobody_finds_a_park_of_one_or_two_tenants_on_any_public_route_not_even_by_subtraction() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        small_parks(&app).await;
        let anonymous = public_answers(&app, None).await;
        assert_nowhere(&anonymous, &hidden(), "anonymous");
        assert_no_subtraction(&app, None).await;
        // the shown parks are there, so the walk does look at figures
        let trio = 510 + 520 + 530;
        assert!(
            anonymous
                .iter()
                .any(|(p, b)| p == "/api/v1/parks/trio" && shows(b, &trio.to_string())),
            "trio's total is public"
        );
        let park = app.get_json("/api/v1/parks/solo", 200).await;
        assert_eq!(park["summary"]["jobs"]["suppressed"], true);
        assert_eq!(park["summary"]["jobs"]["headcount"], Value::Null);
        assert_eq!(park["summary"]["last_updated_by"], "registry");
        let tenant = &park["tenants"][0];
        assert_eq!(tenant["jobs_published"], false);
        assert_eq!(tenant["latest_jobs"], Value::Null);

        let other = app.login(EMAILS[2]).await;
        let as_other = public_answers(&app, Some(&other)).await;
        assert_nowhere(&as_other, &hidden(), "the manager of casa");
        assert_no_subtraction(&app, Some(&other)).await;
        let csv = fetch(&app, Some(&other), "/exports/quarterly.csv").await;
        assert!(csv.contains("fewer than 3 tenants"), "{csv}");
    })
    .await;
}

fn balance_park(view: &Value, slug: &str) -> Value {
    view["parks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == slug)
        .unwrap()["jobs"]
        .clone()
}

#[tokio::test]
async fn a_manager_sees_their_own_park_exactly_and_an_admin_every_park() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        small_parks(&app).await;
        let mine = app.login(EMAILS[1]).await;
        let view = app
            .post_form("/api/jobs/balance", Some(&mine), &[("quarter", "2026Q3")])
            .await
            .json();
        assert_eq!(balance_park(&view, "solo")["value"], SOLO, "their own park");
        assert_eq!(balance_park(&view, "duo")["suppressed"], true, "not theirs");
        assert_eq!(view["exact"], false);
        let csv = fetch(&app, Some(&mine), "/exports/quarterly.csv").await;
        assert!(csv.contains(&SOLO.to_string()), "their CSV has their park");
        assert!(!shows(&csv, &(DUO[0] + DUO[1]).to_string()));
        let heading = csv.lines().next().unwrap_or_default();
        assert!(
            heading.contains("restricted") && !heading.contains("public figures"),
            "a CSV with their exact rows is not labelled public: {heading}"
        );
        let public_csv = fetch(&app, None, "/exports/quarterly.csv").await;
        assert!(
            public_csv
                .lines()
                .next()
                .unwrap_or_default()
                .contains("public figures"),
            "{public_csv}"
        );
        // the public cache did not keep the manager's figure
        let public = public_answers(&app, None).await;
        assert_nowhere(&public, &hidden(), "anonymous after the manager");

        let admin = app.login(EMAILS[0]).await;
        let view = app
            .post_form("/api/jobs/balance", Some(&admin), &[("quarter", "2026Q3")])
            .await
            .json();
        assert_eq!(view["exact"], true);
        assert_eq!(balance_park(&view, "solo")["value"], SOLO);
        assert_eq!(balance_park(&view, "duo")["value"], DUO[0] + DUO[1]);
        let public = public_answers(&app, None).await;
        assert_nowhere(&public, &hidden(), "anonymous after the admin");
    })
    .await;
}

async fn set_consent(app: &TestApp, who: &Session, tenant: i32, publish: bool) -> u16 {
    let id = tenant.to_string();
    let mut form = vec![("tenant_id", id.as_str()), ("csrf", who.csrf.as_str())];
    if publish {
        form.push(("publish", "on"));
    }
    app.post_form("/api/jobs/set_jobs_consent", Some(who), &form)
        .await
        .status
}

#[tokio::test]
async fn a_tenant_that_consents_has_its_own_figure_published_and_the_consent_is_audited() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        let tenants = small_parks(&app).await;
        let (first, second) = (tenants[1][0], tenants[1][1]);
        let rep = app.login(EMAILS[3]).await;
        let casa = app.login(EMAILS[2]).await;
        let admin = app.login(EMAILS[0]).await;
        assert_eq!(
            set_consent(&app, &casa, first, true).await,
            403,
            "a manager of another park"
        );
        assert_eq!(
            set_consent(&app, &rep, second, true).await,
            403,
            "another company"
        );
        let bad = app
            .post_form(
                "/api/jobs/set_jobs_consent",
                Some(&rep),
                &[
                    ("tenant_id", &first.to_string()),
                    ("publish", "maybe"),
                    ("csrf", &rep.csrf),
                ],
            )
            .await;
        assert_eq!(bad.status, 400);
        assert!(bad.body.contains("publish"), "{}", bad.body);
        let park = app.get_json("/api/v1/parks/duo", 200).await;
        assert!(!shows(&park.to_string(), &DUO[0].to_string()));

        assert_eq!(set_consent(&app, &rep, first, true).await, 200);
        let park = app.get_json("/api/v1/parks/duo", 200).await;
        let row = park["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["company"] == "duo company 0")
            .unwrap()
            .clone();
        assert_eq!(row["jobs_published"], true);
        assert_eq!(row["latest_jobs"]["headcount"], DUO[0]);
        // the other company's figure stays hidden, and so does the park's
        // total, which would give it away
        let other_row = park["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["company"] == "duo company 1")
            .unwrap()
            .clone();
        assert_eq!(other_row["latest_jobs"], Value::Null);
        assert_eq!(park["summary"]["jobs"]["suppressed"], true);
        let page = fetch(&app, None, "/en/parks/duo").await;
        assert!(
            page.contains("3,389"),
            "the consenting tenant's figure on the page"
        );
        assert!(!shows(&page, "1,202") && !shows(&page, "4,591"));

        let audit = app
            .post_form(
                "/api/manage/audit_log",
                Some(&admin),
                &[("entity", "tenant"), ("entity_id", &first.to_string())],
            )
            .await;
        assert_eq!(audit.status, 200, "{}", audit.body);
        assert!(audit.body.contains("set_jobs_consent"), "{}", audit.body);
        assert!(
            audit.body.contains(EMAILS[3]),
            "the audit names who consented"
        );

        // both consent: their sum is no secret and the park shows it
        assert_eq!(set_consent(&app, &admin, second, true).await, 200);
        let park = app.get_json("/api/v1/parks/duo", 200).await;
        assert_eq!(park["summary"]["jobs"]["headcount"], DUO[0] + DUO[1]);
        // withdrawn: hidden again at once
        assert_eq!(set_consent(&app, &rep, first, false).await, 200);
        let park = app.get_json("/api/v1/parks/duo", 200).await;
        assert_eq!(park["summary"]["jobs"]["suppressed"], true);
        assert!(!shows(&park.to_string(), &DUO[0].to_string()));
    })
    .await;
}

#[tokio::test]
async fn the_privacy_page_answers_in_three_languages_and_every_footer_links_to_it() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        for (lang, dir, says) in [
            ("fr", "ltr", "09-08"),
            ("en", "ltr", "09-08"),
            ("ar", "rtl", "09-08"),
        ] {
            let page = fetch(&app, None, &format!("/{lang}/privacy")).await;
            assert!(page.contains(&format!("dir=\"{dir}\"")), "{lang}: {dir}");
            assert!(page.contains(says) && page.contains("CNDP"), "{lang}");
            assert!(page.contains("privacy@tvr.ma"), "{lang}: whom to ask");
            for other in ["", "/parks", "/balance"] {
                let page = fetch(&app, None, &format!("/{lang}{other}")).await;
                assert!(
                    page.contains(&format!("href=\"/{lang}/privacy\"")),
                    "/{lang}{other}: the footer links to the privacy page"
                );
            }
        }
    })
    .await;
}
