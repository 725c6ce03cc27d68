//! A park manager corrects and validates a declaration and the regional balance follows.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::driver::{
    Res, accessible, add_user, digits, no_sideways_scroll, page_ok, sign_in, start_server, text_of,
    texts, wait_path, with_browser,
};

/// Issue 5 in one journey, on a phone: the public balance is dated and drawn
/// without JavaScript; a park manager corrects a validated declaration (a new
/// revision, the original kept and marked), validates it, and the national
/// figure follows; the park page's incentive link opens the estimate for its region.
#[tokio::test]
async fn a_manager_corrects_and_validates_a_declaration_and_the_regional_balance_follows() {
    let server = start_server().await;
    const PASSWORD: &str = "a long enough test password";
    const PARK: &str = "fes-shore";
    add_user(&server, "jobs@test.ma", PASSWORD, Some(PARK));
    let site = server.base.clone();
    with_browser(|c| async move {
        let base = site;
        let outcome: Res<()> = async {
            c.set_window_size(360, 740).await?;
            // the public balance: dated, charts with a text alternative, no sideways scroll
            c.goto(&format!("{base}/en")).await?;
            page_ok(&c, "home").await?;
            c.find(Locator::Css("a[data-testid='nav-balance']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/balance").await?;
            page_ok(&c, "balance").await?;
            accessible(&c, "balance").await?;
            no_sideways_scroll(&c, "balance").await?;
            let dated = text_of(&c, "[data-testid='balance-dated']").await?;
            assert!(dated.contains("as of"), "{dated}");
            for chart in ["progress-chart", "hhi-chart", "per10k-chart"] {
                let label = c
                    .find(Locator::Css(&format!("svg[data-testid='{chart}'][role='img']")))
                    .await?
                    .attr("aria-label")
                    .await?
                    .unwrap_or_default();
                assert!(!label.is_empty(), "{chart} has a text alternative");
            }
            let jobs_before: i64 =
                digits(&text_of(&c, "[data-testid='national-jobs'] .stat-value").await?).parse()?;

            // sign in and open the park's declarations (last complete quarter by default)
            c.goto(&format!("{base}/en/login?next=/en/manage/jobs/{PARK}")).await?;
            page_ok(&c, "login").await?;
            sign_in(&c, "jobs@test.ma", PASSWORD).await?;
            wait_path(&c, &format!("/en/manage/jobs/{PARK}")).await?;
            page_ok(&c, "declarations").await?;
            accessible(&c, "declarations").await?;
            no_sideways_scroll(&c, "declarations").await?;

            // the first tenant's validated figures are in the form: add one job and send
            let mode = text_of(&c, "[data-testid='declare-mode']").await?;
            assert!(mode.contains("validated"), "a correction: {mode}");
            let field = c
                .execute(
                    "const i = [...document.querySelectorAll('#declare input[name$=\"_full\"]')].find(i => i.value !== '');
                     return i ? i.name : null",
                    vec![],
                )
                .await?;
            let field = field.as_str().ok_or("a line is declared")?.to_string();
            let input = c.find(Locator::Css(&format!("input[name='{field}']"))).await?;
            let value: i64 = input.prop("value").await?.unwrap_or_default().parse()?;
            input.clear().await?;
            input.send_keys(&(value + 1).to_string()).await?;
            c.find(Locator::Css("textarea[data-testid='declare-comment']"))
                .await?
                .send_keys("one more hire")
                .await?;
            c.find(Locator::Css("button[data-testid='declare-submit']"))
                .await?
                .click()
                .await?;
            let status = text_of(&c, "[data-testid='declare-status'] .form-ok").await?;
            assert!(status.contains("revision 2"), "{status}");
            text_of(&c, "tr[data-status='submitted']").await?;
            let original = text_of(&c, "[data-testid='superseded']").await?;
            assert!(original.contains("corrected by revision 2"), "{original}");

            // validate it: no submitted declaration is left
            c.find(Locator::Css("tr[data-status='submitted'] button[data-testid='validate']"))
                .await?
                .click()
                .await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            while !texts(&c, "tr[data-status='submitted']").await?.is_empty() {
                if Instant::now() > deadline {
                    return Err("the declaration stayed submitted".into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            page_ok(&c, "declarations after review").await?;

            // the national figure counts the correction, not the original
            c.goto(&format!("{base}/en/balance")).await?;
            page_ok(&c, "balance again").await?;
            let jobs_after: i64 =
                digits(&text_of(&c, "[data-testid='national-jobs'] .stat-value").await?).parse()?;
            assert_eq!(jobs_after, jobs_before + 1);

            // the printable report has the parks
            c.find(Locator::Css("a[data-testid='report-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/report").await?;
            page_ok(&c, "report").await?;
            text_of(&c, "[data-testid='report-parks']").await?;

            // the park page links to the estimate for its region (Fès-Meknès: no quantified top-up)
            c.goto(&format!("{base}/en/parks/{PARK}")).await?;
            page_ok(&c, "park").await?;
            c.find(Locator::Css("a[data-testid='incentives-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/en/incentives").await?;
            page_ok(&c, "incentives").await?;
            // after a client-side navigation the form appears once the regions have loaded
            let region = c
                .wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css("select[data-testid='incentive-region']"))
                .await?
                .prop("value")
                .await?;
            assert_eq!(region.as_deref(), Some("03"));
            c.find(Locator::Css("input[data-testid='incentive-recruits']"))
                .await?
                .send_keys("10")
                .await?;
            c.find(Locator::Css("input[data-testid='incentive-pay']"))
                .await?
                .send_keys("120000")
                .await?;
            c.find(Locator::Css("button[data-testid='incentive-submit']"))
                .await?
                .click()
                .await?;
            // 3.5% of 120,000 MAD × 10 recruits × 5 years
            let total = text_of(&c, "[data-testid='estimate-total']").await?;
            assert_eq!(digits(&total), "210000", "{total}");
            text_of(&c, "[data-testid='indicative']").await?;
            accessible(&c, "incentives").await?;
            no_sideways_scroll(&c, "incentives").await?;
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
