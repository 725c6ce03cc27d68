//! An admin adds a park manager and finds it in the audit log.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::driver::{
    Res, accessible, add_user, no_sideways_scroll, page_ok, screenshot_full, sign_in, start_server,
    text_of, texts, wait_path, with_browser,
};

#[tokio::test]
async fn an_admin_adds_a_park_manager_and_finds_it_in_the_audit_log() {
    let server = start_server().await;
    let base = server.base.clone();
    const PASSWORD: &str = "an admin's long password";
    add_user(&server, "admin@test.ma", PASSWORD, None);
    with_browser(|c| async move {
        let outcome: Res<()> = async {
            c.set_window_size(360, 740).await?;
            // the managers' page asks to sign in, and comes back after
            c.goto(&format!("{base}/en/manage/users")).await?;
            page_ok(&c, "users, signed out").await?;
            c.find(Locator::Css("a[data-testid='sign-in-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/login").await?;
            page_ok(&c, "login").await?;
            sign_in(&c, "admin@test.ma", PASSWORD).await?;
            wait_path(&c, "/en/manage/users").await?;
            text_of(&c, "table[data-testid='users-table']").await?;
            page_ok(&c, "users").await?;
            accessible(&c, "users").await?;
            no_sideways_scroll(&c, "users").await?;

            // add a park manager
            let form = c
                .find(Locator::Css(
                    "section[aria-labelledby='add-user-heading'] form",
                ))
                .await?;
            form.find(Locator::Css("input[name='email']"))
                .await?
                .send_keys("new.manager@test.ma")
                .await?;
            form.find(Locator::Css("input[name='display_name']"))
                .await?
                .send_keys("New Manager")
                .await?;
            form.find(Locator::Css("select[name='role']"))
                .await?
                .select_by_value("park_manager")
                .await?;
            form.find(Locator::Css("input[name='parks']"))
                .await?
                .send_keys("casanearshore")
                .await?;
            form.find(Locator::Css("input[name='password']"))
                .await?
                .send_keys("a new long password")
                .await?;
            form.find(Locator::Css("button[type='submit']"))
                .await?
                .click()
                .await?;
            let saved = text_of(&c, "[data-testid='users-status'] .form-ok").await?;
            assert!(saved.contains("new.manager@test.ma"), "{saved}");
            let deadline = Instant::now() + Duration::from_secs(20);
            while !texts(&c, "table[data-testid='users-table']")
                .await?
                .concat()
                .contains("new.manager@test.ma")
            {
                if Instant::now() > deadline {
                    return Err("the new user is not listed".into());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            page_ok(&c, "users after adding").await?;
            screenshot_full(&c, "phone-users-en").await?;

            // the audit log, filtered to users: the filters are in the URL
            c.find(Locator::Css("a[data-testid='audit-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/manage/audit").await?;
            text_of(&c, "[data-testid='audit-count']").await?;
            page_ok(&c, "audit log").await?;
            c.find(Locator::Css("select[name='entity']"))
                .await?
                .select_by_value("user")
                .await?;
            c.find(Locator::Css("button[data-testid='audit-filter']"))
                .await?
                .click()
                .await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            while !c
                .current_url()
                .await?
                .query()
                .unwrap_or_default()
                .contains("entity=user")
            {
                if Instant::now() > deadline {
                    return Err("the filter did not reach the URL".into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let rows = texts(&c, "tr[data-testid='audit-row']").await?;
                if !rows.is_empty()
                    && rows.iter().all(|t| t.contains("User"))
                    && rows.iter().any(|t| t.contains("admin@test.ma"))
                {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(
                        format!("expected user entries by admin@test.ma, saw {rows:?}").into(),
                    );
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            page_ok(&c, "filtered audit log").await?;
            accessible(&c, "audit log").await?;
            no_sideways_scroll(&c, "audit log").await?;
            screenshot_full(&c, "phone-audit-en").await?;
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
