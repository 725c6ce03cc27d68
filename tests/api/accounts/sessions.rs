//! The life of a session: pruning, the idle timeout, changing one's own
//! password, the admin's reset and sign-out.
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, Statement,
};
use serde_json::Value;
use server::db::entities::sessions;
use tests::{Answer, Session, TEST_PASSWORD, TestApp, each_backend};

use super::{MANAGER, past_failure};

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn me(app: &TestApp, session: &Session) -> Value {
    app.post_form("/api/account/current_user", Some(session), &[])
        .await
        .json()
}

#[tokio::test]
async fn old_attempts_and_dead_sessions_are_pruned() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        let expired = app.login(MANAGER).await;
        let idle = app.login(MANAGER).await;
        let live = app.login(MANAGER).await;
        set_session(&app, &expired, |s| {
            s.expires_at = Set(Utc::now() - Duration::minutes(1))
        })
        .await;
        set_last_seen(&app, &idle, Duration::minutes(31)).await;
        past_failure(&app, MANAGER, "203.0.113.7", Duration::minutes(16)).await;
        past_failure(&app, MANAGER, "203.0.113.7", Duration::minutes(14)).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 3);

        let pruned = server::services::accounts::prune(&app.db, Utc::now())
            .await
            .expect("prune runs");
        assert_eq!((pruned.sessions, pruned.attempts), (2, 1), "{backend:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM login_attempts WHERE ip = '203.0.113.7'")
                .await,
            1,
            "the attempt inside the window stays"
        );
        assert_eq!(me(&app, &live).await["email"], MANAGER);
    })
    .await;
}

fn id_hash(session: &Session) -> String {
    server::services::accounts::token_hash(&session.cookie)
}

async fn set_session(
    app: &TestApp,
    session: &Session,
    change: impl FnOnce(&mut sessions::ActiveModel),
) {
    let mut row: sessions::ActiveModel = sessions::Entity::find_by_id(id_hash(session))
        .one(&app.db)
        .await
        .expect("read")
        .expect("the session is stored")
        .into();
    change(&mut row);
    row.update(&app.db).await.expect("session changed");
}

async fn set_last_seen(app: &TestApp, session: &Session, ago: Duration) {
    set_session(app, session, |s| s.last_seen_at = Set(Utc::now() - ago)).await;
}

async fn last_seen(app: &TestApp, session: &Session) -> chrono::DateTime<Utc> {
    sessions::Entity::find()
        .filter(sessions::Column::IdHash.eq(id_hash(session)))
        .one(&app.db)
        .await
        .expect("read")
        .expect("the session is stored")
        .last_seen_at
}

#[tokio::test]
async fn a_session_unused_for_30_minutes_is_signed_out_and_a_used_one_is_kept() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        let idle = app.login(MANAGER).await;
        let active = app.login(MANAGER).await;

        set_last_seen(&app, &idle, Duration::minutes(31)).await;
        assert_eq!(me(&app, &idle).await, Value::Null, "{backend:?}");
        let parks = app.manage("my_parks", Some(&idle), &[]).await;
        assert_eq!(parks.status, 401, "{}", parks.body);
        let page = app
            .client
            .get(app.url("/fr/manage"))
            .header("cookie", format!("{}={}", app.session_cookie, idle.cookie))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("sign-in-notice"), "the page asks to sign in");

        set_last_seen(&app, &active, Duration::minutes(29)).await;
        assert_eq!(me(&app, &active).await["email"], MANAGER, "{backend:?}");
        let parks = app.manage("my_parks", Some(&active), &[]).await;
        assert_eq!(parks.status, 200, "{}", parks.body);
        let touched = last_seen(&app, &active).await;
        assert!(
            touched > Utc::now() - Duration::minutes(1),
            "its use was recorded: {touched}"
        );

        // used again within the minute: no new write
        set_last_seen(&app, &active, Duration::seconds(30)).await;
        let before = last_seen(&app, &active).await;
        assert_eq!(me(&app, &active).await["email"], MANAGER);
        assert_eq!(last_seen(&app, &active).await, before, "{backend:?}");
    })
    .await;
}

async fn change_password(
    app: &TestApp,
    session: &Session,
    current: &str,
    new: &str,
    confirm: &str,
) -> Answer {
    app.post_form(
        "/api/account/change_password",
        Some(session),
        &[
            ("csrf", session.csrf.as_str()),
            ("current_password", current),
            ("new_password", new),
            ("confirm_password", confirm),
        ],
    )
    .await
}

#[tokio::test]
async fn a_user_changes_their_own_password_and_their_other_sessions_end() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        let here = app.login(MANAGER).await;
        let elsewhere = app.login(MANAGER).await;

        // the page, linked from the manager's session bar
        let page = |path: &'static str| {
            let app = &app;
            let here = here.clone();
            async move {
                app.client
                    .get(app.url(path))
                    .header("cookie", format!("{}={}", app.session_cookie, here.cookie))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            }
        };
        assert!(page("/en/manage").await.contains("/en/account/password"));
        let form = page("/ar/account/password").await;
        for field in ["current_password", "new_password", "confirm_password"] {
            assert!(form.contains(&format!("name=\"{field}\"")), "{field}");
        }
        assert!(form.contains("كلمة المرور الحالية"), "in Arabic");

        let audits = app.count("SELECT COUNT(*) FROM audit_log").await;
        let wrong = change_password(&app, &here, "not my password", NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(wrong.status, 400, "{backend:?}: {}", wrong.body);
        assert!(wrong.body.contains("current_password"), "{}", wrong.body);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM login_attempts WHERE email = 'manager@cdg.ma' AND succeeded = FALSE"
            )
            .await,
            1,
            "a wrong current password counts as a failed sign-in"
        );
        let short = change_password(&app, &here, TEST_PASSWORD, "too short", "too short").await;
        assert_eq!(short.status, 400);
        assert!(short.body.contains("new_password"), "{}", short.body);
        let typo = change_password(&app, &here, TEST_PASSWORD, NEW_PASSWORD, "a brand new passphrasE").await;
        assert_eq!(typo.status, 400);
        assert!(typo.body.contains("confirm_password"), "{}", typo.body);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log").await,
            audits,
            "nothing changed yet"
        );

        let ok = change_password(&app, &here, TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(ok.status, 200, "{backend:?}: {}", ok.body);
        assert_eq!(me(&app, &here).await["email"], MANAGER, "this session stays");
        assert_eq!(me(&app, &elsewhere).await, Value::Null, "the other one ends");
        assert_eq!(app.manage("my_parks", Some(&elsewhere), &[]).await.status, 401);

        let audit = app
            .db
            .query_one_raw(Statement::from_string(
                app.db.get_database_backend(),
                "SELECT actor, entity, before_json, after_json FROM audit_log \
                 WHERE action = 'change_own_password'",
            ))
            .await
            .unwrap()
            .expect("the change is audited");
        assert_eq!(audit.try_get_by_index::<String>(0).unwrap(), MANAGER);
        assert_eq!(audit.try_get_by_index::<String>(1).unwrap(), "user");
        for i in [2, 3] {
            let json = audit.try_get_by_index::<String>(i).unwrap();
            assert!(
                !json.contains("argon2") && !json.contains(NEW_PASSWORD) && !json.contains(TEST_PASSWORD),
                "no password nor hash in the audit row: {json}"
            );
        }

        assert_eq!(app.try_login(MANAGER, TEST_PASSWORD).await.status, 400);
        assert_eq!(app.try_login(MANAGER, NEW_PASSWORD).await.status, 200);
    })
    .await;
}

#[tokio::test]
async fn a_password_change_is_throttled_like_a_sign_in() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        let session = app.login(MANAGER).await;
        for minutes in 1..=5 {
            past_failure(&app, MANAGER, "127.0.0.1", Duration::minutes(minutes)).await;
        }
        let refused =
            change_password(&app, &session, TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(refused.status, 429, "{backend:?}: {}", refused.body);
        assert!(refused.headers.contains_key("retry-after"));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'change_own_password'")
                .await,
            0,
            "nothing changed"
        );
        assert_eq!(
            me(&app, &session).await["email"],
            MANAGER,
            "still signed in"
        );
    })
    .await;
}

#[tokio::test]
async fn an_admins_password_reset_ends_every_session_of_the_user() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user("admin@cdg.ma", "admin", &[], None).await;
        let id = app.add_user(MANAGER, "park_manager", &[], None).await;
        let admin = app.login("admin@cdg.ma").await;
        let first = app.login(MANAGER).await;
        let second = app.login(MANAGER).await;
        let id = id.to_string();
        let reset = app
            .manage(
                "save_user",
                Some(&admin),
                &[
                    ("id", id.as_str()),
                    ("version", "1"),
                    ("email", MANAGER),
                    ("display_name", "Test park_manager"),
                    ("role", "park_manager"),
                    ("password", NEW_PASSWORD),
                ],
            )
            .await;
        assert_eq!(reset.status, 200, "{backend:?}: {}", reset.body);
        for session in [&first, &second] {
            let parks = app.manage("my_parks", Some(session), &[]).await;
            assert_eq!(parks.status, 401, "{backend:?}: {}", parks.body);
        }
        assert_eq!(me(&app, &admin).await["email"], "admin@cdg.ma");
    })
    .await;
}

fn clears_the_cookie(answer: &Answer, name: &str) -> bool {
    answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with(&format!("{name}=;")) && c.contains("Max-Age=0"))
}

#[tokio::test]
async fn sign_out_always_clears_the_cookie_and_closes_the_session_only_with_its_token() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        let cookie = app.session_cookie;
        let logout = async |session: Option<&Session>, form: &[(&str, &str)]| {
            let mut form = form.to_vec();
            form.push(("next", "/en"));
            app.post_form("/api/account/logout", session, &form).await
        };

        // an unknown session, no token at all
        let unknown = Session {
            cookie: "not-a-session".into(),
            csrf: String::new(),
        };
        let out = logout(Some(&unknown), &[]).await;
        assert_eq!(out.status, 200, "{backend:?}: {}", out.body);
        assert!(clears_the_cookie(&out, cookie), "{:?}", out.headers);
        assert_eq!(out.headers["location"], "/en");

        // a live session with a wrong token: the cookie goes, the session stays
        let session = app.login(MANAGER).await;
        let out = logout(Some(&session), &[("csrf", "0000")]).await;
        assert!(clears_the_cookie(&out, cookie), "{:?}", out.headers);
        assert_eq!(out.headers["location"], "/en");
        assert_eq!(me(&app, &session).await["email"], MANAGER, "not closed");
        let out = logout(Some(&session), &[]).await;
        assert!(clears_the_cookie(&out, cookie));
        assert_eq!(me(&app, &session).await["email"], MANAGER, "not closed");

        // an idle session: the cookie goes all the same
        let idle = app.login(MANAGER).await;
        set_last_seen(&app, &idle, Duration::minutes(45)).await;
        let csrf = idle.csrf.clone();
        let out = logout(Some(&idle), &[("csrf", csrf.as_str())]).await;
        assert!(clears_the_cookie(&out, cookie), "{:?}", out.headers);

        // its own token: the session is closed
        let csrf = session.csrf.clone();
        let out = logout(Some(&session), &[("csrf", csrf.as_str())]).await;
        assert!(clears_the_cookie(&out, cookie));
        assert_eq!(me(&app, &session).await, Value::Null, "{backend:?}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM sessions").await,
            0,
            "both were closed with their token, the idle one too"
        );
    })
    .await;
}
