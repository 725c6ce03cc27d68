//! The binary refuses a bad DATABASE_URL with one line naming the setting.

use std::process::Command;

use crate::driver::{root, server_bin};

#[test]
fn a_bad_database_url_stops_the_binary_with_one_line_naming_the_setting() {
    let bin = server_bin();
    assert!(bin.exists(), "{} is built by .ci/test", bin.display());
    for url in [
        "postgres://postgres@127.0.0.1:1/nowhere",
        "mysql://localhost/registry",
    ] {
        let out = Command::new(&bin)
            .current_dir(root())
            .env("DATABASE_URL", url)
            .env("TVR_ADDR", "127.0.0.1:0")
            .env("TVR_LOG", "off")
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(2), "{url}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line: {stderr}");
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains("DATABASE_URL"),
            "{stderr}"
        );
    }
}
