//! An investor browses the directory, filters it, opens a park and reads it in Arabic (right to left).

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::driver::{Res, digits, page_ok, screenshot, start_server, text_of, with_browser};

#[tokio::test]
async fn an_investor_browses_the_directory_filters_opens_a_park_and_reads_it_in_arabic() {
    let server = start_server().await;
    let base = server.base.clone();
    let api: Value = reqwest::get(format!("{base}/api/v1/parks"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let casa: Value = reqwest::get(format!("{base}/api/v1/parks?region=06"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let detail: Value = reqwest::get(format!("{base}/api/v1/parks/casanearshore"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    with_browser(|c| async move {
        let outcome: Res<()> = async {
            // the directory, in French by default
            c.goto(&format!("{base}/")).await?;
            page_ok(&c, "home").await?;
            let lang = c
                .execute(
                    "return [document.documentElement.lang, document.documentElement.dir]",
                    vec![],
                )
                .await?;
            assert_eq!(lang, json!(["fr", "ltr"]));
            assert!(
                text_of(&c, "[data-testid='demo-notice']")
                    .await?
                    .contains("démonstration")
            );
            screenshot(&c, "home-fr").await?;

            c.goto(&format!("{base}/fr/parks")).await?;
            page_ok(&c, "directory").await?;
            let rows = c
                .find_all(Locator::Css("tr[data-testid='park-row']"))
                .await?;
            assert_eq!(
                rows.len() as u64,
                api["count"].as_u64().unwrap(),
                "one row per park"
            );

            // filter by region: a GET form, so the filter is in the URL
            c.find(Locator::Css("input[data-testid='region-06']"))
                .await?
                .click()
                .await?;
            c.find(Locator::Css("button[data-testid='apply-filters']"))
                .await?
                .click()
                .await?;
            let expected = casa["count"].as_u64().unwrap() as usize;
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let rows = c
                    .find_all(Locator::Css("tr[data-testid='park-row']"))
                    .await?;
                let url = c.current_url().await?;
                if rows.len() == expected
                    && url.query_pairs().any(|(k, v)| k == "region" && v == "06")
                {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!(
                        "expected {expected} Casablanca-Settat parks, saw {} at {url}",
                        rows.len()
                    )
                    .into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            page_ok(&c, "filtered directory").await?;
            screenshot(&c, "directory-fr-casablanca").await?;

            // open a park: client-side navigation after hydration
            c.find(Locator::Css("tr[data-slug='casanearshore'] a.park-link"))
                .await?
                .click()
                .await?;
            let name = text_of(&c, "h1[data-testid='park-name']").await?;
            assert_eq!(name, "Casanearshore");
            assert_eq!(c.current_url().await?.path(), "/fr/parks/casanearshore");
            let available = text_of(&c, "[data-testid='park-available'] .stat-value").await?;
            assert_eq!(
                digits(&available),
                detail["summary"]["available_m2"].to_string(),
                "the page shows the API's figure"
            );
            assert!(
                text_of(&c, "[data-testid='park-available'] .stat-note")
                    .await?
                    .starts_with("au "),
                "dated"
            );
            page_ok(&c, "park page").await?;

            // switch to Arabic from the park page
            c.find(Locator::Css("a[data-lang='ar']"))
                .await?
                .click()
                .await?;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_url(&url::Url::parse(&format!("{base}/ar/parks/casanearshore"))?)
                .await?;
            page_ok(&c, "park page in Arabic").await?;
            let lang = c
                .execute(
                    "return [document.documentElement.lang, document.documentElement.dir]",
                    vec![],
                )
                .await?;
            assert_eq!(lang, json!(["ar", "rtl"]));
            assert_eq!(
                text_of(&c, "h1[data-testid='park-name']").await?,
                "Casanearshore"
            );
            assert!(
                text_of(&c, "main").await?.contains("المساحة المتاحة"),
                "the interface is in Arabic"
            );
            screenshot(&c, "park-ar").await?;
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
