//! On a phone-sized window no page scrolls sideways.

use crate::driver::{Res, page_ok, screenshot, start_server, with_browser};

#[tokio::test]
async fn on_a_phone_sized_window_no_page_scrolls_sideways() {
    let server = start_server().await;
    let base = server.base.clone();
    with_browser(|c| async move {
        let outcome: Res<()> = async {
            c.set_window_size(360, 780).await?;
            for path in ["/fr", "/ar/parks", "/en/parks/technopolis-rabat-sale"] {
                c.goto(&format!("{base}{path}")).await?;
                page_ok(&c, path).await?;
                let overflow = c
                    .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
                    .await?;
                assert!(overflow.as_i64().unwrap_or(999) <= 0, "{path} overflows by {overflow} px at 360 px");
            }
            screenshot(&c, "phone-park-en").await?;
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
