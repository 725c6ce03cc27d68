//! Child processes for the browser tests: killed when dropped, and asked for
//! the address they bound themselves (they start on port 0, so no other
//! process can take a port between its choice and its use).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::Child;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A child process killed when dropped, so that a failing test leaves nothing running.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Copies `output` line by line to `log` on a thread of its own and returns
/// the first value `announced` finds in a line (the process's own report of
/// where it listens); fails when the process ends or is silent for 60 s.
pub async fn announced<R, W>(
    output: R,
    mut log: W,
    announced: fn(&str) -> Option<String>,
    what: &str,
) -> String
where
    R: Read + Send + 'static,
    W: Write + Send + 'static,
{
    let (found, answer) = mpsc::channel();
    std::thread::spawn(move || {
        let mut found = Some(found);
        for line in BufReader::new(output).lines().map_while(Result::ok) {
            let _ = writeln!(log, "{line}");
            if let Some(value) = announced(&line)
                && let Some(tx) = found.take()
            {
                let _ = tx.send(value);
            }
        }
    });
    tokio::task::spawn_blocking(move || answer.recv_timeout(Duration::from_secs(60)))
        .await
        .expect("the reader thread joins")
        .unwrap_or_else(|e| panic!("{what} did not say where it listens ({e})"))
}

/// The address after `marker` in `line`: its digits, dots, colons and
/// brackets, without a full stop at the end.
pub fn after(line: &str, marker: &str) -> Option<String> {
    let rest = &line[line.find(marker)? + marker.len()..];
    let address: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '[' | ']'))
        .collect();
    let address = address.trim_end_matches('.');
    (!address.is_empty()).then(|| address.to_string())
}

/// Waits until `url` answers with a success status.
pub async fn wait_http(url: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::get(url).await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what} did not answer at {url} within 60 s");
}
