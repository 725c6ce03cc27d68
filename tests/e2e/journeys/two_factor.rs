//! A park manager, on a registry that requires a second factor, is sent to
//! enrolment at the first sign-in, scans nothing but reads the key from the
//! page (the codes are computed with the server crate's TOTP functions),
//! confirms, keeps a recovery code, signs out, signs in with a code, signs
//! out, signs in with the recovery code, and cannot use it a second time.

use std::time::Duration;

use fantoccini::{Client, Locator};
use server::domain::totp;

use crate::driver::{
    Res, accessible, add_user, no_sideways_scroll, page_ok, screenshot_full, sign_in,
    start_server_with, text_of, texts, wait_path, with_browser,
};

const EMAIL: &str = "manager@test.ma";
const PASSWORD: &str = "a long enough test password";

async fn sign_out(c: &Client) -> Res<()> {
    c.find(Locator::Css("button[data-testid='sign-out']"))
        .await?
        .click()
        .await?;
    wait_path(c, "/en").await
}

/// Signs in with the password, then types `code` in the second step.
async fn sign_in_with(c: &Client, base: &str, code: &str) -> Res<()> {
    c.goto(&format!("{base}/en/login")).await?;
    page_ok(c, "login").await?;
    sign_in(c, EMAIL, PASSWORD).await?;
    text_of(c, "[data-testid='login-code-step']").await?;
    c.find(Locator::Css("input[data-testid='login-code']"))
        .await?
        .send_keys(code)
        .await?;
    c.find(Locator::Css("button[data-testid='login-code-submit']"))
        .await?
        .click()
        .await?;
    Ok(())
}

/// A code of a step after `last` within the window (waits for the next step if need be).
async fn code_after(secret: &[u8], last: &mut i64) -> String {
    loop {
        let now = totp::step_at(chrono::Utc::now().timestamp());
        let step = now.max(*last + 1);
        if step <= now + totp::WINDOW {
            *last = step;
            return totp::code_at_step(secret, step, totp::DIGITS);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn a_manager_enrols_totp_then_signs_in_with_a_code_and_with_a_recovery_code_once() {
    let server = start_server_with(&[("TVR_REQUIRE_TWO_FACTOR", "1")]).await;
    let base = server.base.clone();
    add_user(&server, EMAIL, PASSWORD, Some("casanearshore"));
    with_browser(|c| async move {
        let outcome: Res<()> = async {
            c.set_window_size(360, 740).await?;
            // The password alone leads to enrolment, not to the manager's pages.
            c.goto(&format!("{base}/en/login")).await?;
            sign_in(&c, EMAIL, PASSWORD).await?;
            wait_path(&c, "/en/account/two-factor").await?;
            text_of(&c, "[data-testid='two-factor-required']").await?;
            page_ok(&c, "enrolment").await?;
            c.find(Locator::Css("button[data-testid='two-factor-start']"))
                .await?
                .click()
                .await?;
            let shown = text_of(&c, "[data-testid='two-factor-secret']").await?;
            let svg = c
                .find(Locator::Css("[data-testid='two-factor-qr'] svg path"))
                .await?;
            assert!(svg.attr("d").await?.is_some_and(|d| d.len() > 100));
            let secret = totp::base32_decode(&shown)?;
            assert_eq!(secret.len(), totp::SECRET_BYTES, "{shown}");
            page_ok(&c, "enrolment with the QR code").await?;
            accessible(&c, "enrolment").await?;
            no_sideways_scroll(&c, "enrolment").await?;
            screenshot_full(&c, "phone-two-factor-en").await?;
            let mut last = i64::MIN;
            let code = code_after(&secret, &mut last).await;
            c.find(Locator::Css("input[data-testid='two-factor-code']"))
                .await?
                .send_keys(&code)
                .await?;
            c.find(Locator::Css("button[data-testid='two-factor-confirm']"))
                .await?
                .click()
                .await?;
            text_of(&c, "[data-testid='recovery-codes'] li").await?;
            let codes = texts(&c, "[data-testid='recovery-codes'] li").await?;
            assert_eq!(codes.len(), 10, "{codes:?}");
            let recovery = codes[3].trim().to_string();
            page_ok(&c, "recovery codes").await?;
            // The manager's pages are open now.
            c.find(Locator::Css("a[data-testid='two-factor-done']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/manage").await?;
            page_ok(&c, "my parks after enrolment").await?;
            sign_out(&c).await?;

            // Password, then a code from the app.
            let code = code_after(&secret, &mut last).await;
            sign_in_with(&c, &base, &code).await?;
            wait_path(&c, "/en/manage").await?;
            text_of(&c, "[data-testid='session-bar']").await?;
            page_ok(&c, "my parks after a code").await?;
            sign_out(&c).await?;

            // Password, then the recovery code.
            sign_in_with(&c, &base, &recovery).await?;
            wait_path(&c, "/en/manage").await?;
            page_ok(&c, "my parks after a recovery code").await?;
            sign_out(&c).await?;

            // The same recovery code a second time is refused, in place.
            sign_in_with(&c, &base, &recovery).await?;
            let refused = text_of(&c, "[data-testid='login-code-error'] .form-error").await?;
            assert!(refused.contains("already used"), "{refused}");
            assert_eq!(c.current_url().await?.path(), "/en/login");
            page_ok(&c, "a used recovery code").await?;
            accessible(&c, "the code step").await?;
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
