//! Browser tests: the server binary and site built by cargo-leptos, driven in
//! Debian's Chromium through chromedriver. Every page is checked for console
//! errors and for hydration. `.ci/test` builds what these tests need.
//! `driver` starts the processes and checks pages; `journeys` holds one file
//! per journey. `durability` needs no browser: the binary on SQLite, killed
//! with SIGKILL under 32 concurrent lease writers and restarted.

mod driver;
mod durability;
mod journeys;
