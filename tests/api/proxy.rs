//! A proxy in front: `X-Forwarded-For` names the client only when the
//! connection comes from a proxy named with `--trusted-proxy`, so login
//! throttling per address works behind a proxy and cannot be dodged by a
//! client writing the header itself.
use server::domain::auth::MAX_ADDRESS_FAILURES;
use tests::{Backend, TEST_PASSWORD, TestApp, each_backend};

async fn login_as(app: &TestApp, forwarded_for: &str, email: &str, password: &str) -> u16 {
    app.client
        .post(app.url("/api/account/login"))
        .header("x-forwarded-for", forwarded_for)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("request sent")
        .status()
        .as_u16()
}

/// Enough failures from one address, each on another account, to lock the address.
async fn address_failures(app: &TestApp, forwarded_for: impl Fn(usize) -> String) {
    for n in 0..MAX_ADDRESS_FAILURES {
        let status = login_as(
            app,
            &forwarded_for(n),
            &format!("guess{n}@cdg.ma"),
            "wrong password",
        )
        .await;
        assert_eq!(status, 400, "failure {n}");
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_throttling_is_per_client_not_per_proxy() {
    each_backend(async |backend: Backend| {
        let app = TestApp::spawn_behind_proxy(&backend, &["127.0.0.1"]).await;
        app.add_user("manager@cdg.ma", "park_manager", &[], None)
            .await;
        // A client the proxy saw as 203.0.113.7 guesses on twenty accounts…
        address_failures(&app, |_| "203.0.113.7".into()).await;
        // …and is locked out, whatever it writes before the proxy's entry…
        assert_eq!(
            login_as(
                &app,
                "198.51.100.1, 203.0.113.7",
                "manager@cdg.ma",
                TEST_PASSWORD
            )
            .await,
            429,
            "{backend:?}"
        );
        // …while another client behind the same proxy signs in.
        assert_eq!(
            login_as(&app, "203.0.113.8", "manager@cdg.ma", TEST_PASSWORD).await,
            200,
            "{backend:?}: the proxy's other clients are not locked out"
        );
    })
    .await;
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_throttling() {
    each_backend(async |backend: Backend| {
        let app = TestApp::spawn(&backend).await;
        app.add_user("manager@cdg.ma", "park_manager", &[], None)
            .await;
        // Each guess claims another address; the peer is the same.
        address_failures(&app, |n| format!("203.0.113.{n}")).await;
        assert_eq!(
            login_as(&app, "192.0.2.99", "manager@cdg.ma", TEST_PASSWORD).await,
            429,
            "{backend:?}: throttled by the peer address"
        );
    })
    .await;
}
