//! A minimal HTTP/1.1 client over one TCP connection, for tests about the
//! connection itself (keep-alive after a panic, a half-sent request line, a
//! body the client never sends), and a way to serve a tiny router behind
//! the real edge (`server::startup::edge`) and accept loop.
use std::net::SocketAddr;
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
