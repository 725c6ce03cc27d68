//! A GET sent over a bare TCP connection, byte for byte as given: an HTTP
//! client would normalise `/../`, `\` and broken percent-encoding before
//! sending, and the tests of hostile paths must send them as an attacker
//! would. The answer is read whole (`Connection: close`); an error says how
//! the connection failed (reset, closed early, a truncated body).
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous: a debug build renders a page in tens of milliseconds.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

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
pub async fn get(addr: &str, target: &str, cookie: Option<&str>) -> Result<RawAnswer, String> {
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: tvr-tests\r\nAccept: */*\r\n{cookie}Connection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("write: {e}"))?;
    let mut raw = Vec::new();
    tokio::time::timeout(ANSWER_TIMEOUT, stream.read_to_end(&mut raw))
        .await
        .map_err(|_| format!("no complete answer within {ANSWER_TIMEOUT:?}"))?
        .map_err(|e| format!("read: {e} after {} bytes", raw.len()))?;
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
