//! An investor clicks a region on the map, filters by free area, opens a park and compares two.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::driver::{Res, accessible, page_ok, screenshot, start_server, text_of, with_browser};

#[tokio::test]
async fn an_investor_clicks_a_region_filters_by_free_area_opens_a_park_and_compares_two() {
    let server = start_server().await;
    let base = server.base.clone();
    let get = |q: String| {
        let base = base.clone();
        async move {
            reqwest::get(format!("{base}/api/v1/parks?{q}"))
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let casa = get("region=06".into()).await;
    let casa_free = get("region=06&min_free_m2=1000".into()).await;
    assert!(
        casa_free["count"].as_u64().unwrap() >= 2,
        "the demo has at least two Casablanca parks with 1,000 m² free"
    );
    let base = server.base.clone();
    with_browser(|c| async move {
        let outcome: Res<()> = async {
            c.goto(&format!("{base}/fr/map")).await?;
            page_ok(&c, "map").await?;
            accessible(&c, "map").await?;
            screenshot(&c, "map-fr").await?;
            // a region is a link to the search, filtered to it
            c.execute(
                "document.querySelector(\"a[data-region='06']\").dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }))",
                vec![],
            )
            .await?;
            c.wait().at_most(Duration::from_secs(20)).for_url(&url::Url::parse(&format!("{base}/fr/parks?region=06"))?).await?;
            page_ok(&c, "search from the map").await?;
            let rows = c.find_all(Locator::Css("tr[data-testid='park-row']")).await?;
            assert_eq!(rows.len() as u64, casa["count"].as_u64().unwrap());
            accessible(&c, "search").await?;

            // filter by free area: the hydrated form navigates without reloading the page
            c.execute("window.__sameDocument = true", vec![]).await?;
            c.find(Locator::Css("input[data-testid='min-free-m2']")).await?.send_keys("1000").await?;
            c.find(Locator::Css("button[data-testid='apply-filters']")).await?.click().await?;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::Css("p[data-testid='result-count']"))
                .await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            while !c.current_url().await?.query().unwrap_or_default().contains("min_free_m2=1000") {
                if Instant::now() > deadline {
                    return Err("the filter did not reach the URL".into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let expected = casa_free["count"].as_u64().unwrap() as usize;
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let rows = c.find_all(Locator::Css("tr[data-testid='park-row']")).await?;
                if rows.len() == expected {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!("expected {expected} rows after filtering, saw {}", rows.len()).into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let same = c.execute("return window.__sameDocument === true", vec![]).await?;
            assert_eq!(same, json!(true), "filtering after hydration does not reload the page");
            page_ok(&c, "filtered search").await?;
            let url_after_filter = c.current_url().await?;

            // open a park
            c.find(Locator::Css("tr[data-testid='park-row'] a.park-link")).await?.click().await?;
            text_of(&c, "h1[data-testid='park-name']").await?;
            page_ok(&c, "park page").await?;
            assert!(text_of(&c, "[data-testid='nearest-airport']").await?.contains("km"));
            accessible(&c, "park page").await?;
            screenshot(&c, "park-fr").await?;

            // back to the results, tick two parks, compare
            c.goto(url_after_filter.as_str()).await?;
            page_ok(&c, "search again").await?;
            let boxes = c.find_all(Locator::Css("tr[data-testid='park-row'] input[type='checkbox']")).await?;
            boxes[0].click().await?;
            boxes[1].click().await?;
            c.find(Locator::Css("button[data-testid='compare-selected']")).await?.click().await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            while c.current_url().await?.path() != "/fr/compare" {
                if Instant::now() > deadline {
                    return Err("compare did not open".into());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            page_ok(&c, "compare").await?;
            assert_eq!(c.find_all(Locator::Css("th[data-testid='compare-park']")).await?.len(), 2);
            let compare_url = c.current_url().await?;
            assert_eq!(compare_url.query_pairs().filter(|(k, _)| k == "park").count(), 2, "the selection is in the URL");
            screenshot(&c, "compare-fr").await?;

            // the compare link is shareable: reload it
            c.refresh().await?;
            page_ok(&c, "compare reloaded").await?;
            assert_eq!(c.find_all(Locator::Css("th[data-testid='compare-park']")).await?.len(), 2);
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
