//! The browser-test driver: the server binary and chromedriver as child
//! processes on ports they choose themselves, a Chromium session with error
//! capture, and the checks the journeys make on a page.

mod browser;
mod page;
mod process;
mod server;

use std::path::PathBuf;

pub use browser::with_browser;
pub use page::{
    accessible, digits, no_sideways_scroll, page_ok, screenshot, screenshot_full, sign_in, text_of,
    texts, wait_path,
};
pub use process::{Guard, after, announced, wait_http};
pub use server::{add_user, server_bin, start_server, start_server_with};

/// What a journey's steps return: any error fails the journey with its message.
pub type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The workspace root (the browser tests run the binary from there).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}
