//! Two-factor sign-in (TOTP) through the server functions the pages call:
//! enrolment, the code step of a login, replay, recovery codes, throttling,
//! the enrolment-only session when a factor is required, and the admin's
//! reset. Codes are computed with the server crate's own TOTP functions
//! from the secret the enrolment answered.

use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use server::domain::totp;
use tests::fixture::Fixture;
use tests::{Answer, Session, Start, TEST_PASSWORD, TestApp, each_backend};

/// A user's enrolled factor as the test knows it.
struct Factor {
    secret: Vec<u8>,
    recovery: Vec<String>,
    /// The last step whose code the server accepted.
    last_step: i64,
}

impl Factor {
    /// A code the server has not accepted yet, recorded as used: the
    /// current step's, or the next one (within the ±1 window) when the
    /// current one was used; past that, the next step is waited for.
    async fn fresh_code(&mut self) -> String {
        loop {
            let now = now_step();
            let step = now.max(self.last_step + 1);
            if step <= now + totp::WINDOW {
                self.last_step = step;
                return totp::code_at_step(&self.secret, step, totp::DIGITS);
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
    }

    /// The code `fresh_code` would give, for a try that must be refused
    /// for another reason (nothing recorded).
    fn unused_code(&self) -> String {
        let step = now_step().max(self.last_step + 1);
        totp::code_at_step(&self.secret, step, totp::DIGITS)
    }

    /// The code of the step last accepted (a replay).
    fn used_code(&self) -> String {
        totp::code_at_step(&self.secret, self.last_step, totp::DIGITS)
    }
}

fn now_step() -> i64 {
    totp::step_at(chrono::Utc::now().timestamp())
}

async fn account(app: &TestApp, name: &str, session: &Session, form: &[(&str, &str)]) -> Answer {
    let mut form = form.to_vec();
    form.push(("csrf", &session.csrf));
    app.post_form(&format!("/api/account/{name}"), Some(session), &form)
        .await
}

/// The session cookie an answer set (must be there).
fn session_of(app: &TestApp, answer: &Answer) -> Session {
    let cookie = answer
        .headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{}=", app.session_cookie)))
        .and_then(|v| v.split(';').next())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("a session cookie in {:?}", answer.headers))
        .to_string();
    let csrf = answer.json()["csrf_token"]
        .as_str()
        .expect("csrf token")
        .to_string();
    Session { cookie, csrf }
}

fn sets_session(app: &TestApp, answer: &Answer) -> bool {
    answer
        .headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with(&format!("{}=", app.session_cookie)) && !v.contains("Max-Age=0"))
}

/// Starts and confirms an enrolment for the signed-in `session`.
async fn enrol(app: &TestApp, session: &Session) -> Factor {
    let started = account(app, "start_two_factor", session, &[]).await;
    assert_eq!(started.status, 200, "start: {}", started.body);
    let e = started.json();
    let secret_text = e["secret"].as_str().expect("the secret as text");
    let secret = totp::base32_decode(secret_text).expect("base32");
    assert_eq!(secret.len(), totp::SECRET_BYTES);
    let uri = e["otpauth_uri"].as_str().expect("uri");
    assert!(
        uri.starts_with("otpauth://totp/Tech%20Valley%20Registry:"),
        "{uri}"
    );
    assert!(uri.contains(&format!("secret={}", secret_text.replace(' ', ""))));
    let svg = e["qr_svg"].as_str().expect("svg");
    assert!(
        svg.starts_with("<svg") && svg.contains("<path"),
        "{svg:.80}"
    );

    let now = chrono::Utc::now().timestamp();
    let wrong_code = ["000000", "999999"]
        .into_iter()
        .find(|c| totp::matching_step(&secret, c, now).is_none())
        .expect("a code that does not match");
    let wrong = account(app, "confirm_two_factor", session, &[("code", wrong_code)]).await;
    assert_eq!(wrong.status, 400, "a wrong code: {}", wrong.body);
    assert_eq!(wrong.json()["Invalid"]["field"], "code");
    let step = now_step();
    let code = totp::code_at_step(&secret, step, totp::DIGITS);
    let confirmed = account(app, "confirm_two_factor", session, &[("code", &code)]).await;
    assert_eq!(confirmed.status, 200, "confirm: {}", confirmed.body);
    let recovery: Vec<String> = confirmed.json()["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("a code").to_string())
        .collect();
    Factor {
        secret,
        recovery,
        last_step: step,
    }
}

/// The password step of a user with a factor: no session, a pending login.
async fn password_step(app: &TestApp, email: &str) -> String {
    let answer = app.try_login(email, TEST_PASSWORD).await;
    assert_eq!(answer.status, 200, "password step: {}", answer.body);
    assert!(!sets_session(app, &answer), "no session before the code");
    assert!(answer.json().get("csrf_token").is_none(), "{}", answer.body);
    answer.json()["pending_login"]
        .as_str()
        .expect("a pending login")
        .to_string()
}

async fn code_step(app: &TestApp, pending: &str, code: &str) -> Answer {
    app.post_form(
        "/api/account/login_code",
        None,
        &[("pending_login", pending), ("code", code)],
    )
    .await
}

async fn audit_json(app: &TestApp, action: &str) -> Vec<(String, String)> {
    let sql = format!(
        "SELECT actor, COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_log WHERE action = '{action}' ORDER BY id"
    );
    app.db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .expect("query runs")
        .into_iter()
        .map(|r| {
            (
                r.try_get_by_index::<String>(0).expect("actor"),
                r.try_get_by_index::<String>(1).expect("json"),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_manager_enrols_then_needs_a_code_that_cannot_be_used_twice() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user("m@cdg.ma", "park_manager", &[], None).await;
        let session = app.login("m@cdg.ma").await;
        let mut factor = enrol(&app, &session).await;

        // Ten distinct recovery codes, xxxx-xxxx-xxxx.
        assert_eq!(factor.recovery.len(), 10);
        let mut distinct = factor.recovery.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 10);
        for c in &factor.recovery {
            assert_eq!(c.len(), 14, "{c}");
            assert_eq!(c.matches('-').count(), 2, "{c}");
        }
        // Audited, without the secret or any code.
        let secret_text = totp::base32_encode(&factor.secret);
        for action in ["two_factor.start", "two_factor.enrol"] {
            let rows = audit_json(&app, action).await;
            assert_eq!(rows.len(), 1, "{backend:?} {action}");
            assert_eq!(rows[0].0, "m@cdg.ma");
            assert!(!rows[0].1.contains(&secret_text), "{}", rows[0].1);
            assert!(!rows[0].1.contains(&secret_text[..8]), "{}", rows[0].1);
            for c in &factor.recovery {
                assert!(!rows[0].1.contains(c.as_str()), "{}", rows[0].1);
                assert!(!rows[0].1.contains(&c.replace('-', "")), "{}", rows[0].1);
            }
        }
        let state = account(&app, "two_factor", &session, &[]).await.json();
        assert!(state["enabled_at"].is_string(), "{state}");
        assert_eq!(state["recovery_codes_left"], 10);

        // The password alone no longer opens a session.
        let pending = password_step(&app, "m@cdg.ma").await;
        let wrong = code_step(&app, &pending, "12345").await;
        assert_eq!(wrong.status, 400, "{}", wrong.body);
        assert!(!sets_session(&app, &wrong));
        let replay = code_step(&app, &pending, &factor.used_code()).await;
        assert_eq!(
            replay.status, 400,
            "the code that confirmed the enrolment is spent: {}",
            replay.body
        );
        assert!(!sets_session(&app, &replay));
        let code = factor.fresh_code().await;
        let signed_in = code_step(&app, &pending, &code).await;
        assert_eq!(signed_in.status, 200, "{backend:?}: {}", signed_in.body);
        let manager = session_of(&app, &signed_in);
        assert_eq!(
            app.manage("my_parks", Some(&manager), &[]).await.status,
            200
        );

        // The pending login is spent, and so is the code, even on a new one.
        let again = code_step(&app, &pending, &factor.unused_code()).await;
        assert_eq!(again.status, 400, "{}", again.body);
        assert_eq!(again.json()["Invalid"]["field"], "pending_login");
        let pending = password_step(&app, "m@cdg.ma").await;
        let same = code_step(&app, &pending, &code).await;
        assert_eq!(same.status, 400, "the same code twice: {}", same.body);
        assert_eq!(same.json()["Invalid"]["field"], "code");
        let next = code_step(&app, &pending, &factor.fresh_code().await).await;
        assert_eq!(next.status, 200, "{}", next.body);
        // An unknown pending login is refused, whatever the code.
        let forged = code_step(&app, "not-a-pending-login", &factor.unused_code()).await;
        assert_eq!(forged.status, 400, "{}", forged.body);
        assert!(!sets_session(&app, &forged));
    })
    .await;
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_re_enrolment_replaces_the_factor_only_when_confirmed() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user("rep@cdg.ma", "park_manager", &[], None).await;
        let session = app.login("rep@cdg.ma").await;
        let mut factor = enrol(&app, &session).await;

        let first = factor.recovery[0].clone();
        let pending = password_step(&app, "rep@cdg.ma").await;
        let used = code_step(&app, &pending, &first).await;
        assert_eq!(used.status, 200, "{backend:?}: {}", used.body);
        let signed_in = session_of(&app, &used);
        let pending = password_step(&app, "rep@cdg.ma").await;
        let twice = code_step(&app, &pending, &first).await;
        assert_eq!(twice.status, 400, "a recovery code twice: {}", twice.body);
        assert!(!sets_session(&app, &twice));
        // Typed in capitals with spaces, another one works.
        let typed = factor.recovery[1].to_uppercase().replace('-', " ");
        let other = code_step(&app, &pending, &typed).await;
        assert_eq!(other.status, 200, "{}", other.body);
        let state = account(&app, "two_factor", &signed_in, &[]).await.json();
        assert_eq!(state["recovery_codes_left"], 8, "{state}");

        // A new set-up: the old app keeps working until the new one is confirmed.
        let started = account(&app, "start_two_factor", &signed_in, &[]).await;
        assert_eq!(started.status, 200);
        let new_secret =
            totp::base32_decode(started.json()["secret"].as_str().unwrap()).expect("base32");
        assert_ne!(new_secret, factor.secret);
        let pending = password_step(&app, "rep@cdg.ma").await;
        let old = code_step(&app, &pending, &factor.fresh_code().await).await;
        assert_eq!(
            old.status, 200,
            "the old factor until confirmed: {}",
            old.body
        );
        let step = now_step();
        let code = totp::code_at_step(&new_secret, step, totp::DIGITS);
        let confirmed = account(&app, "confirm_two_factor", &signed_in, &[("code", &code)]).await;
        assert_eq!(confirmed.status, 200, "{}", confirmed.body);
        let mut new_factor = Factor {
            secret: new_secret,
            recovery: Vec::new(),
            last_step: step,
        };
        let pending = password_step(&app, "rep@cdg.ma").await;
        let stale = code_step(&app, &pending, &factor.unused_code()).await;
        assert_eq!(stale.status, 400, "the old app is replaced: {}", stale.body);
        let old_recovery = code_step(&app, &pending, &factor.recovery[2]).await;
        assert_eq!(old_recovery.status, 400, "old recovery codes are gone");
        let fresh = code_step(&app, &pending, &new_factor.fresh_code().await).await;
        assert_eq!(fresh.status, 200, "{}", fresh.body);
    })
    .await;
}

#[tokio::test]
async fn wrong_codes_count_as_failed_logins_and_the_throttle_stops_the_next_ones() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user("m@cdg.ma", "park_manager", &[], None).await;
        let session = app.login("m@cdg.ma").await;
        let mut factor = enrol(&app, &session).await;
        let pending = password_step(&app, "m@cdg.ma").await;
        let now = chrono::Utc::now().timestamp();
        let wrong = ["000000", "999999"]
            .into_iter()
            .find(|c| totp::matching_step(&factor.secret, c, now).is_none())
            .expect("a code that does not match");
        for n in 0..5 {
            let a = code_step(&app, &pending, wrong).await;
            assert_eq!(a.status, 400, "{backend:?} attempt {n}: {}", a.body);
        }
        let right = code_step(&app, &pending, &factor.fresh_code().await).await;
        assert_eq!(right.status, 429, "{backend:?}: {}", right.body);
        assert!(right.headers.contains_key("retry-after"));
        assert!(!sets_session(&app, &right));
        let recovery = code_step(&app, &pending, &factor.recovery[0]).await;
        assert_eq!(recovery.status, 429, "{}", recovery.body);
        // The same records hold back the password step.
        let password = app.try_login("m@cdg.ma", TEST_PASSWORD).await;
        assert_eq!(password.status, 429, "{}", password.body);
        // The refused recovery code was not spent.
        let unused = app
            .count("SELECT COUNT(*) FROM two_factor_recovery_codes WHERE used_at IS NULL")
            .await;
        assert_eq!(unused, 10);
    })
    .await;
}

#[tokio::test]
async fn when_two_factor_is_required_a_manager_without_one_reaches_only_enrolment() {
    each_backend(async |backend| {
        let app = TestApp::start(
            &backend,
            Start {
                require_two_factor: true,
                ..Start::default()
            },
        )
        .await;
        let f = Fixture::new(&app.db);
        f.park("own", "06", "operating").await;
        let tenant = f.tenant("Rep SA", "ITO").await;
        app.add_user("m@cdg.ma", "park_manager", &["own"], None)
            .await;
        app.add_user("rep@rep.ma", "tenant_rep", &[], Some(tenant))
            .await;

        let session = app.login("m@cdg.ma").await;
        let refused = app.manage("my_parks", Some(&session), &[]).await;
        assert_eq!(refused.status, 403, "{backend:?}: {}", refused.body);
        assert_eq!(refused.json(), Value::String("TwoFactorRequired".into()));
        let editor = app
            .manage("park_editor", Some(&session), &[("slug", "own")])
            .await;
        assert_eq!(editor.status, 403, "{}", editor.body);
        // The manager pages send the browser to enrolment.
        let page = app
            .client
            .get(app.url("/fr/manage"))
            .header(reqwest::header::ACCEPT, "text/html")
            .header(
                reqwest::header::COOKIE,
                format!("{}={}", app.session_cookie, session.cookie),
            )
            .send()
            .await
            .expect("page");
        assert!(page.status().is_redirection(), "{}", page.status());
        assert_eq!(page.headers()["location"], "/fr/account/two-factor");
        let enrolment = app
            .client
            .get(app.url("/fr/account/two-factor"))
            .header(
                reqwest::header::COOKIE,
                format!("{}={}", app.session_cookie, session.cookie),
            )
            .send()
            .await
            .expect("page");
        assert_eq!(enrolment.status(), 200);
        let state = account(&app, "two_factor", &session, &[]).await.json();
        assert_eq!(state["required"], true, "{state}");

        // Enrolment opens the manager's pages in the same session.
        let mut factor = enrol(&app, &session).await;
        assert_eq!(
            app.manage("my_parks", Some(&session), &[]).await.status,
            200
        );
        let pending = password_step(&app, "m@cdg.ma").await;
        let signed_in = code_step(&app, &pending, &factor.fresh_code().await).await;
        assert_eq!(signed_in.status, 200, "{}", signed_in.body);

        // A tenant representative is never forced.
        let rep = app.login("rep@rep.ma").await;
        let parks = app
            .post_form("/api/jobs/declaration_parks", Some(&rep), &[])
            .await;
        assert_eq!(parks.status, 200, "{}", parks.body);
        let state = account(&app, "two_factor", &rep, &[]).await.json();
        assert_eq!(state["required"], false, "{state}");
        // It may opt in: then its password asks for a code too.
        let mut rep_factor = enrol(&app, &rep).await;
        let pending = password_step(&app, "rep@rep.ma").await;
        let rep_in = code_step(&app, &pending, &rep_factor.fresh_code().await).await;
        assert_eq!(rep_in.status, 200, "{}", rep_in.body);
    })
    .await;
}

#[tokio::test]
async fn a_manager_who_must_enrol_can_sign_out() {
    each_backend(async |backend| {
        let app = TestApp::start(
            &backend,
            Start {
                require_two_factor: true,
                ..Start::default()
            },
        )
        .await;
        app.add_user("m@cdg.ma", "park_manager", &[], None).await;
        let session = app.login("m@cdg.ma").await;
        let out = app
            .post_form(
                "/api/account/logout",
                Some(&session),
                &[("csrf", &session.csrf)],
            )
            .await;
        assert_eq!(out.status, 200, "{backend:?}: {}", out.body);
        let after = account(&app, "two_factor", &session, &[]).await;
        assert_eq!(after.status, 401, "{}", after.body);
    })
    .await;
}

#[tokio::test]
async fn only_an_admin_resets_a_second_factor_audited_and_the_password_then_suffices() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user("admin@cdg.ma", "admin", &[], None).await;
        let id = app.add_user("m@cdg.ma", "park_manager", &[], None).await;
        app.add_user("other@cdg.ma", "park_manager", &[], None)
            .await;
        let session = app.login("m@cdg.ma").await;
        enrol(&app, &session).await;
        let id = id.to_string();

        let other = app.login("other@cdg.ma").await;
        let refused = app
            .manage("reset_two_factor", Some(&other), &[("user_id", &id)])
            .await;
        assert_eq!(refused.status, 403, "{backend:?}: {}", refused.body);
        password_step(&app, "m@cdg.ma").await;

        let admin = app.login("admin@cdg.ma").await;
        let users = app.manage("list_users", Some(&admin), &[]).await.json();
        let row = |users: &Value| {
            users
                .as_array()
                .expect("users")
                .iter()
                .find(|u| u["email"] == "m@cdg.ma")
                .expect("the manager")["two_factor"]
                .clone()
        };
        assert_eq!(row(&users), true);
        let bad = app
            .manage("reset_two_factor", Some(&admin), &[("user_id", "x")])
            .await;
        assert_eq!(bad.status, 400);
        assert_eq!(bad.json()["Invalid"]["field"], "user_id");
        let reset = app
            .manage("reset_two_factor", Some(&admin), &[("user_id", &id)])
            .await;
        assert_eq!(reset.status, 200, "{}", reset.body);
        let rows = audit_json(&app, "two_factor.reset").await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, "admin@cdg.ma");
        let users = app.manage("list_users", Some(&admin), &[]).await.json();
        assert_eq!(row(&users), false);
        let again = app
            .manage("reset_two_factor", Some(&admin), &[("user_id", &id)])
            .await;
        assert_eq!(again.status, 400, "nothing left to reset: {}", again.body);

        // The password alone opens a session again.
        let back = app.login("m@cdg.ma").await;
        assert_eq!(app.manage("my_parks", Some(&back), &[]).await.status, 200);
    })
    .await;
}
