//! The error capture itself: a console error fails the page check.

use crate::driver::{Res, page_ok, start_server, with_browser};

#[tokio::test]
async fn the_error_capture_sees_console_errors() {
    // The browser checks above are only as good as the capture: prove it fails when it should.
    let server = start_server().await;
    let base = server.base.clone();
    with_browser(|c| async move {
        let outcome: Res<()> = async {
            c.goto(&format!("{base}/fr")).await?;
            page_ok(&c, "home").await?;
            c.execute("console.error('probe')", vec![]).await?;
            let err = page_ok(&c, "after a console error")
                .await
                .expect_err("a console error fails the page");
            assert!(err.to_string().contains("probe"), "{err}");
            Ok(())
        }
        .await;
        (c, outcome)
    })
    .await;
}
