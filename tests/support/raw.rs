//! Raw HTTP/1.1 over TCP, for tests about the wire itself (test support).
//!
//! - [`RawConnection`]: one keep-alive connection, for tests about the
//!   connection (keep-alive after a panic, a half-sent request line, a body
//!   the client never sends), and [`serve_behind_edge`], which serves a tiny
//!   router behind the real edge (`server::startup::edge`) and accept loop.
//! - [`get`]: a GET sent byte for byte as given: an HTTP client would
//!   normalise `/../`, `\` and broken percent-encoding before sending, and
//!   the tests of hostile paths must send them as an attacker would. The
//!   answer is read whole (`Connection: close`); an error says how the
//!   connection failed (reset, closed early, a truncated body).
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use server::http::limits::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What one response on the connection was.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One keep-alive connection; every wait is bounded by `patience`.
pub struct RawConnection {
    stream: TcpStream,
    buffered: Vec<u8>,
    pub patience: Duration,
}

impl RawConnection {
    pub async fn open(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.expect("connects");
        Self {
            stream,
            buffered: Vec::new(),
            patience: Duration::from_secs(10),
        }
    }

    pub async fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes).await
    }

    /// Sends a bodiless request and reads its response.
    pub async fn get(&mut self, path: &str, accept: &str) -> RawResponse {
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: {accept}\r\n\r\n");
        self.send(request.as_bytes()).await.expect("request sent");
        self.response().await
    }

    /// Reads one response (with a Content-Length body, as every answer the
    /// tests look at has).
    pub async fn response(&mut self) -> RawResponse {
        tokio::time::timeout(self.patience, self.read_response())
            .await
            .expect("a response within the patience")
    }

    async fn read_response(&mut self) -> RawResponse {
        let head_end = loop {
            if let Some(i) = find(&self.buffered, b"\r\n\r\n") {
                break i;
            }
            assert!(self.fill().await > 0, "connection closed before a response");
        };
        let head = String::from_utf8_lossy(&self.buffered[..head_end]).to_string();
        self.buffered.drain(..head_end + 4);
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a status line in {head}"));
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let length: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or_else(|| panic!("a Content-Length in {head}"));
        while self.buffered.len() < length {
            assert!(self.fill().await > 0, "connection closed inside a body");
        }
        let body = String::from_utf8_lossy(&self.buffered[..length]).to_string();
        self.buffered.drain(..length);
        RawResponse {
            status,
            headers,
            body,
        }
    }

    async fn fill(&mut self) -> usize {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk).await.unwrap_or(0);
        self.buffered.extend_from_slice(&chunk[..n]);
        n
    }

    /// Waits until the server closes the connection; `None` if it is still
    /// open after `patience`. Returns whatever the server sent before.
    pub async fn closed_by_server(&mut self) -> Option<Vec<u8>> {
        let mut rest = Vec::new();
        let read = tokio::time::timeout(self.patience, async {
            let mut chunk = [0u8; 4096];
            loop {
                match self.stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => rest.extend_from_slice(&chunk[..n]),
                }
            }
        })
        .await;
        read.ok().map(|()| rest)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Serves `router` behind the real edge layers and accept loop with
/// `limits`, on 127.0.0.1:0, until the handle is aborted.
pub async fn serve_behind_edge(
    router: axum::Router,
    limits: Limits,
) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let addr = listener.local_addr().expect("an address");
    let app = server::startup::edge(router, &limits);
    let handle = tokio::spawn(async move {
        server::http::serve::serve(listener, app, &limits, std::future::pending())
            .await
            .expect("serves");
    });
    (addr, handle)
}

/// Generous: a debug build renders a page in tens of milliseconds.
/// Longer than the server's request timeout (30 s), so that a request the
/// server gives up on shows as its 503, not as a dropped connection.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(40);

/// What the server answered, read off the wire.
pub struct RawAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawAnswer {
    /// The first header of that name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `GET target` on a new connection and reads the whole answer; an
/// error says how the connection failed (reset, closed early, truncated).
///
/// Each request carries its own `X-Request-Id` (`raw-<n>`), which the server
/// keeps and logs, and which an error names, so that a failure can be found
/// in the server's log (`TVR_TEST_LOG`, see the crate's root).
pub async fn get(addr: &str, target: &str, cookie: Option<&str>) -> Result<RawAnswer, String> {
    static SENT: AtomicU64 = AtomicU64::new(0);
    let id = format!("raw-{}", SENT.fetch_add(1, Ordering::Relaxed));
    let started = std::time::Instant::now();
    let failed = |what: String| {
        let ms = started.elapsed().as_millis();
        format!("{what} (request id {id}, after {ms} ms)")
    };
    let mut stream = tokio::time::timeout(ANSWER_TIMEOUT, TcpStream::connect(addr))
        .await
        .map_err(|_| failed("connect: no connection".into()))?
        .map_err(|e| failed(format!("connect: {e}")))?;
    let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: tvr-tests\r\nAccept: */*\r\nX-Request-Id: {id}\r\n{cookie}Connection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| failed(format!("write: {e}")))?;
    let mut raw = Vec::new();
    let read = tokio::time::timeout(ANSWER_TIMEOUT, stream.read_to_end(&mut raw)).await;
    match read {
        Err(_) => {
            let head = String::from_utf8_lossy(&raw[..raw.len().min(120)]).into_owned();
            return Err(failed(format!(
                "no complete answer within {ANSWER_TIMEOUT:?}: {} bytes read {head:?}",
                raw.len()
            )));
        }
        Ok(Err(e)) => return Err(failed(format!("read: {e} after {} bytes", raw.len()))),
        Ok(Ok(_)) => {}
    }
    parse_answer(&raw)
}

fn parse_answer(raw: &[u8]) -> Result<RawAnswer, String> {
    if raw.is_empty() {
        return Err("connection closed without an answer".into());
    }
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("headers cut short after {} bytes", raw.len()))?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status in {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut answer = RawAnswer {
        status,
        headers,
        body: Vec::new(),
    };
    let rest = &raw[end + 4..];
    if let Some(len) = answer.header("content-length") {
        let len: usize = len.parse().map_err(|_| format!("content-length {len}"))?;
        if rest.len() != len {
            return Err(format!("body of {} bytes, announced {len}", rest.len()));
        }
        answer.body = rest.to_vec();
    } else if answer
        .header("transfer-encoding")
        .is_some_and(|t| t.contains("chunked"))
    {
        answer.body = dechunk(rest)?;
    } else {
        answer.body = rest.to_vec();
    }
    Ok(answer)
}

/// The body of a chunked answer; an error if the last chunk never came
/// (what a panic in the middle of a streamed page looks like).
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("chunked body cut short")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            return Err("chunked body cut short".into());
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}
