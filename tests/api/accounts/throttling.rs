//! Sign-in throttling: parallel guesses, a stranger's failures, guesses
//! spread over addresses, the address limit, and the password-hash cap.
use chrono::Duration;
use server::domain::auth::MAX_ADDRESS_FAILURES;
use server::http::limits::Limits;
use tests::{Answer, TEST_PASSWORD, TestApp, each_backend};

use super::{MANAGER, past_failure};

/// A sign-in as a proxy in front would send it, for `client`.
async fn login_from(app: &TestApp, client: &str, email: &str, password: &str) -> Answer {
    let resp = app
        .client
        .post(app.url("/api/account/login"))
        .header("x-forwarded-for", client)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("request sent");
    Answer {
        status: resp.status().as_u16(),
        headers: resp.headers().clone(),
        body: resp.text().await.expect("body"),
    }
}

fn retry_after(answer: &Answer) -> u64 {
    answer
        .headers
        .get("retry-after")
        .unwrap_or_else(|| panic!("a Retry-After header: {answer:?}"))
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Sends `n` sign-ins at once; `form(i)` gives the i-th one's email and password.
async fn at_once(app: &TestApp, n: usize, form: impl Fn(usize) -> (String, String)) -> Vec<Answer> {
    let mut calls = Vec::new();
    for i in 0..n {
        let (email, password) = form(i);
        let (client, url) = (app.client.clone(), app.url("/api/account/login"));
        calls.push(tokio::spawn(async move {
            let resp = client
                .post(url)
                .form(&[("email", email), ("password", password)])
                .send()
                .await
                .expect("request sent");
            Answer {
                status: resp.status().as_u16(),
                headers: resp.headers().clone(),
                body: resp.text().await.expect("body"),
            }
        }));
    }
    let mut answers = Vec::new();
    for call in calls {
        answers.push(call.await.expect("the call ran"));
    }
    answers
}

fn statuses(answers: &[Answer], status: u16) -> usize {
    answers.iter().filter(|a| a.status == status).count()
}

#[tokio::test]
async fn forty_wrong_passwords_sent_at_once_for_one_account_are_checked_at_most_five_times() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        let answers = at_once(&app, 40, |i| {
            (MANAGER.to_string(), format!("wrong password {i}"))
        })
        .await;
        let checked = statuses(&answers, 400);
        let refused = statuses(&answers, 429);
        assert!(
            (1..=5).contains(&checked),
            "{backend:?}: {checked} checked, the limit is 5"
        );
        assert_eq!(checked + refused, 40, "{backend:?}: only 400s and 429s");
        for a in answers.iter().filter(|a| a.status == 429) {
            assert!(retry_after(a) >= 1);
        }
        let failures = app
            .count("SELECT COUNT(*) FROM login_attempts WHERE email = 'manager@cdg.ma'")
            .await;
        assert_eq!(failures, checked as i64, "one stored attempt per check");
        // and the right password, from the same address, is locked out too
        let locked = app.try_login(MANAGER, TEST_PASSWORD).await;
        assert_eq!(locked.status, 429, "{}", locked.body);
        assert!(locked.headers.get("set-cookie").is_none());
    })
    .await;
}

#[tokio::test]
async fn a_strangers_failures_from_one_address_do_not_lock_the_right_password_out_from_another() {
    each_backend(async |backend| {
        let app = TestApp::spawn_behind_proxy(&backend, &["127.0.0.1"]).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        // six wrong passwords from address A, the last two minutes ago
        for minutes in 2..8 {
            past_failure(&app, MANAGER, "203.0.113.7", Duration::minutes(minutes)).await;
        }
        let from_b = login_from(&app, "198.51.100.20", MANAGER, TEST_PASSWORD).await;
        assert_eq!(from_b.status, 200, "{backend:?}: {}", from_b.body);
        // A itself stays locked, for minutes, even after B's success
        let from_a = login_from(&app, "203.0.113.7", MANAGER, TEST_PASSWORD).await;
        assert_eq!(from_a.status, 429, "{}", from_a.body);
        assert!(retry_after(&from_a) > 60, "{:?}", from_a.headers);
    })
    .await;
}

#[tokio::test]
async fn guesses_spread_over_many_addresses_wait_a_growing_delay_of_at_most_a_minute() {
    each_backend(async |backend| {
        let app = TestApp::spawn_behind_proxy(&backend, &["127.0.0.1"]).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        // ten failures from ten addresses, the last 10 s ago: the next waits 2^5 s after it
        for n in 0..10 {
            let ip = format!("203.0.113.{n}");
            past_failure(&app, MANAGER, &ip, Duration::seconds(10 + n * 5)).await;
        }
        let waits = login_from(&app, "198.51.100.20", MANAGER, TEST_PASSWORD).await;
        assert_eq!(waits.status, 429, "{backend:?}: {}", waits.body);
        assert!(
            (1..=60).contains(&retry_after(&waits)),
            "{:?}",
            waits.headers
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM login_attempts").await,
            10,
            "a refused attempt writes nothing"
        );

        // forty failures: the delay stops growing at one minute after the last
        let other = "other@cdg.ma";
        app.add_user(other, "park_manager", &[], None).await;
        for n in 0..40 {
            let ip = format!("192.0.2.{n}");
            past_failure(&app, other, &ip, Duration::seconds(61 + n * 5)).await;
        }
        let passes = login_from(&app, "198.51.100.21", other, TEST_PASSWORD).await;
        assert_eq!(passes.status, 200, "{backend:?}: {}", passes.body);
    })
    .await;
}

#[tokio::test]
async fn an_address_is_locked_after_twenty_failures_on_any_accounts() {
    each_backend(async |backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        for n in 1..MAX_ADDRESS_FAILURES {
            let email = format!("guess{n}@cdg.ma");
            past_failure(&app, &email, "127.0.0.1", Duration::seconds(60)).await;
        }
        let still_open = app.try_login(MANAGER, TEST_PASSWORD).await;
        assert_eq!(still_open.status, 200, "{backend:?}: 19 failures");
        past_failure(&app, "guess20@cdg.ma", "127.0.0.1", Duration::seconds(60)).await;
        let locked = app.try_login(MANAGER, TEST_PASSWORD).await;
        assert_eq!(locked.status, 429, "{backend:?}: {}", locked.body);
        assert!(retry_after(&locked) > 60);
    })
    .await;
}

#[tokio::test]
async fn past_the_password_hash_cap_and_its_queue_a_sign_in_is_told_to_come_back() {
    each_backend(async |backend| {
        let limits = Limits {
            password_hashes: 1,
            password_hash_queue: 0,
            ..Limits::default()
        };
        let app = TestApp::spawn_with_limits(&backend, limits).await;
        app.add_user(MANAGER, "park_manager", &[], None).await;
        // unknown accounts: each still costs a (dummy) hash
        let answers = at_once(&app, 16, |i| {
            (format!("nobody{i}@cdg.ma"), "wrong password".to_string())
        })
        .await;
        let busy: Vec<&Answer> = answers.iter().filter(|a| a.status == 503).collect();
        assert!(!busy.is_empty(), "{backend:?}: some were refused");
        for a in &busy {
            assert_eq!(retry_after(a), 2, "{a:?}");
        }
        assert_eq!(
            statuses(&answers, 400) + busy.len(),
            16,
            "{backend:?}: only 400s and 503s, never a 500"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM login_attempts").await,
            statuses(&answers, 400) as i64,
            "a refused sign-in was never checked and does not count"
        );
        let one = app.try_login(MANAGER, TEST_PASSWORD).await;
        assert_eq!(one.status, 200, "{backend:?}: {}", one.body);
    })
    .await;
}
