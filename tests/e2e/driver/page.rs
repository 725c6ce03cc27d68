//! What the journeys check on a page: hydration and browser errors,
//! accessibility (axe-core), sideways scrolling, texts, paths and screenshots.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::{Res, root};

/// Waits until the page has hydrated, then fails on any recorded browser error.
pub async fn page_ok(c: &Client, what: &str) -> Res<()> {
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("body[data-hydrated='true']"))
        .await
        .map_err(|e| format!("{what}: the page did not hydrate ({e})"))?;
    let errors = c
        .execute(
            "return window.__tvrErrors || ['error capture missing']",
            vec![],
        )
        .await?;
    if errors.as_array().is_some_and(|a| !a.is_empty()) {
        return Err(format!("{what}: browser errors: {errors}").into());
    }
    Ok(())
}

/// A screenshot of the window, in target/e2e-screenshots.
pub async fn screenshot(c: &Client, name: &str) -> Res<()> {
    let dir = root().join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await?)?;
    Ok(())
}

/// A screenshot of the whole page at the window's width (for reviewing layouts).
pub async fn screenshot_full(c: &Client, name: &str) -> Res<()> {
    let (width, height) = c.get_window_size().await?;
    let page_height = c
        .execute("return document.documentElement.scrollHeight", vec![])
        .await?
        .as_u64()
        .unwrap_or(height);
    c.set_window_size(
        width as u32,
        (page_height.clamp(height, 12_000) + 120) as u32,
    )
    .await?;
    let shot = screenshot(c, name).await;
    c.set_window_size(width as u32, height as u32).await?;
    shot
}

/// Runs axe-core in the page and fails on any serious or critical violation.
pub async fn accessible(c: &Client, what: &str) -> Res<()> {
    let axe = std::fs::read_to_string(root().join("tests/e2e/node_modules/axe-core/axe.min.js"))
        .map_err(|e| format!("axe-core is installed by .ci/bootstrap --browser: {e}"))?;
    c.execute(&axe, vec![]).await?;
    let report = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ['violations'] })
                 .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }))))
                 .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: 0 }]));"#,
            vec![],
        )
        .await?;
    let bad: Vec<&Value> = report
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
                .collect()
        })
        .unwrap_or_default();
    if !bad.is_empty() {
        return Err(format!(
            "{what}: accessibility violations: {}",
            Value::from(bad.into_iter().cloned().collect::<Vec<_>>())
        )
        .into());
    }
    Ok(())
}

/// Fails when the page is wider than the window (a phone must never scroll sideways).
pub async fn no_sideways_scroll(c: &Client, what: &str) -> Res<()> {
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            vec![],
        )
        .await?;
    if overflow.as_i64().unwrap_or(999) > 0 {
        return Err(format!("{what} scrolls sideways by {overflow} px").into());
    }
    Ok(())
}

/// The text of every element matching `css`, read in one script (a list that
/// re-renders meanwhile cannot leave a stale element behind).
pub async fn texts(c: &Client, css: &str) -> Res<Vec<String>> {
    let v = c
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)",
            vec![json!(css)],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Waits until the URL has this path.
pub async fn wait_path(c: &Client, path: &str) -> Res<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = c.current_url().await?;
        if url.path() == path {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("expected {path}, still at {url}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The digits of `s`, in order (a figure without its separators).
pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Waits for the element matching `css` and returns its text.
pub async fn text_of(c: &Client, css: &str) -> Res<String> {
    Ok(c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await?
        .text()
        .await?)
}

/// Fills the login form on the current page with `email` and `password` and submits it.
pub async fn sign_in(c: &Client, email: &str, password: &str) -> Res<()> {
    c.find(Locator::Css("input[data-testid='login-email']"))
        .await?
        .send_keys(email)
        .await?;
    c.find(Locator::Css("input[data-testid='login-password']"))
        .await?
        .send_keys(password)
        .await?;
    c.find(Locator::Css("button[data-testid='login-submit']"))
        .await?
        .click()
        .await?;
    Ok(())
}
