//! A park manager on a phone records a move-in and the public page shows the new tenant.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::driver::{
    Res, accessible, add_user, no_sideways_scroll, page_ok, screenshot, screenshot_full, sign_in,
    start_server, text_of, texts, wait_path, with_browser,
};

#[tokio::test]
async fn a_park_manager_on_a_phone_records_a_move_in_and_the_public_page_shows_the_new_tenant() {
    let server = start_server().await;
    let base = server.base.clone();
    let json = |path: String| {
        let base = base.clone();
        async move {
            reqwest::get(format!("{base}{path}"))
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    // a park with a delivered building that has room for 150 m² and 15 seats
    let list = json("/api/v1/parks?sort=free_area".into()).await;
    let mut chosen = None;
    for park in list["parks"].as_array().unwrap() {
        let slug = park["slug"].as_str().unwrap().to_string();
        let detail = json(format!("/api/v1/parks/{slug}")).await;
        let building = detail["buildings"].as_array().unwrap().iter().find(|b| {
            b["delivered"] == json!(true)
                && b["available_m2"].as_i64().unwrap_or(0) >= 150
                && b["available_seats"].as_i64().unwrap_or(0) >= 15
        });
        if let Some(b) = building {
            let name = b["name"].as_str().unwrap().to_string();
            let occupied = detail["summary"]["occupied_m2"].as_i64().unwrap();
            chosen = Some((slug, name, occupied));
            break;
        }
    }
    let (slug, building, occupied_before) =
        chosen.expect("the demo data has a building with free space");
    const PASSWORD: &str = "a long enough test password";
    add_user(&server, "manager@test.ma", PASSWORD, Some(&slug));
    const COMPANY: &str = "Phone Test Offshoring SARL";

    let (park, name, site) = (slug.clone(), building.clone(), base.clone());
    with_browser(|c| async move {
        let base = site;
        let outcome: Res<()> = async {
            c.set_window_size(360, 740).await?;
            // the header leads managers to the sign-in page
            c.goto(&format!("{base}/fr")).await?;
            page_ok(&c, "home").await?;
            c.find(Locator::Css("a[data-testid='nav-manage']"))
                .await?
                .click()
                .await?;
            c.find(Locator::Css("a[data-testid='sign-in-link']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/fr/login").await?;
            page_ok(&c, "login").await?;
            accessible(&c, "login").await?;
            no_sideways_scroll(&c, "login").await?;

            // a wrong password is announced, and nothing else happens
            sign_in(&c, "manager@test.ma", "not the password").await?;
            let wrong = text_of(&c, "[data-testid='login-error'] .form-error").await?;
            assert!(wrong.contains("incorrect"), "{wrong}");
            assert_eq!(c.current_url().await?.path(), "/fr/login");

            // signing in goes back to the managers' page
            let password = c
                .find(Locator::Css("input[data-testid='login-password']"))
                .await?;
            password.clear().await?;
            password.send_keys(PASSWORD).await?;
            c.find(Locator::Css("button[data-testid='login-submit']"))
                .await?
                .click()
                .await?;
            wait_path(&c, "/fr/manage").await?;
            let card = text_of(
                &c,
                &format!("li[data-testid='managed-park'][data-slug='{park}']"),
            )
            .await?;
            assert!(card.contains("au "), "figures are dated: {card}");
            page_ok(&c, "my parks").await?;
            no_sideways_scroll(&c, "my parks").await?;
            screenshot_full(&c, "phone-my-parks-fr").await?;

            // the park editor
            c.find(Locator::Css(&format!(
                "a[data-testid='edit-park'][data-slug='{park}']"
            )))
            .await?
            .click()
            .await?;
            wait_path(&c, &format!("/fr/manage/parks/{park}")).await?;
            text_of(&c, "h1[data-testid='editor-title']").await?;
            page_ok(&c, "park editor").await?;
            accessible(&c, "park editor").await?;
            no_sideways_scroll(&c, "park editor").await?;
            screenshot(&c, "phone-park-editor-top-fr").await?;

            // a click on the map moves the park's coordinates (saved only with the form)
            let lat = c.find(Locator::Css("input[data-testid='park-lat']")).await?;
            let lat_before = lat.prop("value").await?.unwrap_or_default();
            c.find(Locator::Css("[data-testid='location-picker']")).await?.click().await?;
            let lat_after = lat.prop("value").await?.unwrap_or_default();
            let lon_after = c
                .find(Locator::Css("input[data-testid='park-lon']"))
                .await?
                .prop("value")
                .await?
                .unwrap_or_default();
            let (la, lo): (f64, f64) = (lat_after.parse()?, lon_after.parse()?);
            assert!(
                lat_after != lat_before && (20.0..36.5).contains(&la) && (-17.5..-0.5).contains(&lo),
                "a click in the middle of the map gives a point in Morocco: {la}, {lo} (was {lat_before})"
            );
            // saving says which region the server derived, and the editor shows it
            let version: u32 = c
                .find(Locator::Css("section#park"))
                .await?
                .attr("data-version")
                .await?
                .unwrap_or_default()
                .parse()?;
            c.find(Locator::Css("button[data-testid='park-save']"))
                .await?
                .click()
                .await?;
            // the editor reloads with the saved version: wait for it, or the
            // forms found below could be replaced while in use
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::Css(&format!(
                    "section#park[data-version='{}']",
                    version + 1
                )))
                .await?;
            let saved = text_of(&c, "[data-testid='park-status'] .form-ok").await?;
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let region = texts(&c, "[data-testid='park-region']").await?.concat();
                if saved.ends_with(&region) {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!("saved \"{saved}\" but the editor shows {region}").into());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }

            // record a move-in of a new company
            let picked = c
                .execute(
                    "const s = document.querySelector(\"select[data-testid='lease-building']\");
                     const o = [...s.options].find(o => o.dataset.name === arguments[0]);
                     if (!o) return false;
                     s.value = o.value;
                     s.dispatchEvent(new Event('change', { bubbles: true }));
                     return true;",
                    vec![json!(name)],
                )
                .await?;
            assert_eq!(picked, json!(true), "the building {name} is in the form");
            c.find(Locator::Css("select[data-testid='lease-tenant']"))
                .await?
                .select_by_value("new")
                .await?;
            assert!(
                c.find(Locator::Css("fieldset[data-testid='new-company']"))
                    .await?
                    .is_displayed()
                    .await?,
                "choosing a new company shows its fields"
            );
            c.find(Locator::Css("input[data-testid='lease-company']"))
                .await?
                .send_keys(COMPANY)
                .await?;
            let country = c
                .find(Locator::Css("input[data-testid='lease-country']"))
                .await?;
            country.clear().await?;
            country.send_keys("MA").await?;
            c.find(Locator::Css("select[data-testid='lease-line']"))
                .await?
                .select_by_value("ITO")
                .await?;
            c.find(Locator::Css("select[data-testid='lease-kind']"))
                .await?
                .select_by_value("move_in")
                .await?;
            c.find(Locator::Css("input[data-testid='lease-area']"))
                .await?
                .send_keys("150")
                .await?;
            c.find(Locator::Css("input[data-testid='lease-seats']"))
                .await?
                .send_keys("15")
                .await?;
            c.find(Locator::Css("button[data-testid='lease-submit']"))
                .await?
                .click()
                .await?;
            let recorded = text_of(&c, "[data-testid='lease-status'] .form-ok").await?;
            assert!(
                recorded.starts_with("Enregistré") && recorded.contains(&name),
                "the confirmation names the building and what is left: {recorded}"
            );
            // the editor was reloaded with the new event
            let deadline = Instant::now() + Duration::from_secs(20);
            while !texts(&c, "[data-testid='editor-events']")
                .await?
                .concat()
                .contains(COMPANY)
            {
                if Instant::now() > deadline {
                    return Err("the new lease event is not listed in the editor".into());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            let area_left = c
                .find(Locator::Css("input[data-testid='lease-area']"))
                .await?
                .prop("value")
                .await?;
            assert_eq!(area_left.as_deref(), Some(""), "the recorded form is emptied");
            page_ok(&c, "after recording").await?;
            no_sideways_scroll(&c, "park editor after recording").await?;
            screenshot_full(&c, "phone-park-editor-fr").await?;

            // the editor in Arabic, right to left, still fits the phone
            c.goto(&format!("{base}/ar/manage/parks/{park}")).await?;
            page_ok(&c, "park editor in Arabic").await?;
            no_sideways_scroll(&c, "park editor in Arabic").await?;
            screenshot_full(&c, "phone-park-editor-ar").await?;

            // and on a desktop screen (for reviewing the layout)
            c.set_window_size(1280, 900).await?;
            c.goto(&format!("{base}/fr/manage/parks/{park}")).await?;
            page_ok(&c, "park editor on a desktop").await?;
            screenshot_full(&c, "desktop-park-editor-fr").await?;

            // the public page lists the new tenant
            c.goto(&format!("{base}/fr/parks/{park}")).await?;
            page_ok(&c, "public park page").await?;
            let tenants = text_of(&c, "[data-testid='tenants-table']").await?;
            assert!(
                tenants.contains(COMPANY),
                "the new tenant is public: {tenants}"
            );
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;

    let detail = json(format!("/api/v1/parks/{slug}")).await;
    assert_eq!(
        detail["summary"]["occupied_m2"].as_i64().unwrap(),
        occupied_before + 150,
        "the occupied area grew by the move-in"
    );
}
