//! The hydrated pages under the Content-Security-Policy: each page is served
//! with a nonce'd policy, hydrates, its interactive controls work, and the
//! browser records no console error and no CSP violation (the capture in
//! driver/browser.rs listens for `securitypolicyviolation`). A script
//! without the nonce is blocked and reported, so the check can fail.

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::driver::{Res, add_user, page_ok, start_server, text_of, wait_path, with_browser};

/// The page's CSP, from a plain GET of the same URL: a nonce, no inline scripts.
async fn csp_of(url: &str) -> Res<String> {
    let resp = reqwest::get(url).await?;
    let csp = resp
        .headers()
        .get("content-security-policy")
        .ok_or_else(|| format!("{url}: no Content-Security-Policy"))?
        .to_str()?
        .to_string();
    let script = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .ok_or_else(|| format!("{url}: no script-src in {csp}"))?;
    if !script.contains("'nonce-") || script.contains("'unsafe-inline'") {
        return Err(format!("{url}: scripts are not held to a nonce: {script}").into());
    }
    Ok(csp)
}

async fn visit(c: &Client, url: &str, what: &str) -> Res<()> {
    csp_of(url).await?;
    c.goto(url).await?;
    page_ok(c, what).await
}

#[tokio::test]
async fn the_hydrated_pages_work_under_the_content_security_policy_without_violations() {
    let server = start_server().await;
    let base = server.base.clone();
    const PASSWORD: &str = "a long enough test password";
    add_user(
        &server,
        "csp-manager@test.ma",
        PASSWORD,
        Some("casanearshore"),
    );

    with_browser(|c| async move {
        let outcome: Res<()> = async {
            visit(&c, &format!("{base}/fr"), "home").await?;
            visit(&c, &format!("{base}/fr/parks"), "parks search").await?;
            // client-side navigation to a park page: the router fetches through connect-src
            c.find(Locator::Css(
                "tr[data-testid='park-row'][data-slug='casanearshore'] a.park-link",
            ))
            .await?
            .click()
            .await?;
            wait_path(&c, "/fr/parks/casanearshore").await?;
            page_ok(&c, "park page after a client-side navigation").await?;
            visit(&c, &format!("{base}/fr/parks/casanearshore"), "park page").await?;
            visit(&c, &format!("{base}/fr/balance"), "balance").await?;

            // signing in: a wrong password is answered in place (a server function call)
            visit(&c, &format!("{base}/fr/login"), "login").await?;
            c.find(Locator::Css("input[data-testid='login-email']"))
                .await?
                .send_keys("csp-manager@test.ma")
                .await?;
            let password = c
                .find(Locator::Css("input[data-testid='login-password']"))
                .await?;
            password.send_keys("not the password").await?;
            c.find(Locator::Css("button[data-testid='login-submit']"))
                .await?
                .click()
                .await?;
            text_of(&c, "[data-testid='login-error'] .form-error").await?;
            assert_eq!(c.current_url().await?.path(), "/fr/login");
            password.clear().await?;
            password.send_keys(PASSWORD).await?;
            c.find(Locator::Css("button[data-testid='login-submit']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/fr/manage").await?;
            page_ok(&c, "my parks").await?;

            // a manager form: a click on the map (a WASM event handler) moves the coordinates
            c.goto(&format!("{base}/fr/manage/parks/casanearshore"))
                .await?;
            page_ok(&c, "park editor").await?;
            let lat = c
                .find(Locator::Css("input[data-testid='park-lat']"))
                .await?;
            let before = lat.prop("value").await?.unwrap_or_default();
            c.find(Locator::Css("[data-testid='location-picker']"))
                .await?
                .click()
                .await?;
            let after = lat.prop("value").await?.unwrap_or_default();
            assert_ne!(before, after, "the map click ran in the hydrated page");
            page_ok(&c, "park editor after a click").await?;

            // the policy is in force: a script without the nonce does not run and is reported
            let ran = c
                .execute_async(
                    "const done = arguments[0];
                     const s = document.createElement('script');
                     s.textContent = 'window.__tvrInjected = true;';
                     document.head.appendChild(s);
                     setTimeout(() => done(window.__tvrInjected === true), 300);",
                    vec![],
                )
                .await?;
            assert_eq!(
                ran,
                json!(false),
                "an inline script without the nonce is blocked"
            );
            let err = page_ok(&c, "after an injected script")
                .await
                .expect_err("a CSP violation fails the page");
            assert!(err.to_string().contains("CSP violation"), "{err}");
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
