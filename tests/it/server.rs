//! A real HTTP/1.1 server on 127.0.0.1 for the network tests (fetch and
//! refresh). Each test scripts the replies with one closure that sees
//! the request (and how many times its path was asked for) and returns a
//! [`Reply`]: any status, headers and body, compressed bodies, bodies that
//! stall halfway or never end, connections reset without an answer, and a
//! delay before answering. The server records every request (path,
//! headers, arrival time) and the most requests it ever had in flight at
//! once.
//!
//! It runs on its own thread with its own runtime, so sync tests that run
//! the `thresh` binary and async tests that call the library both use it.
//! Every response closes its connection, which keeps the bookkeeping exact.
//! Tests: fetch, refresh.

#![allow(dead_code)] // Shared with later test modules; not every helper is used by each.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, ...
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    /// When the request head arrived.
    pub at: Instant,
    /// 1 for the first request to this path (query ignored), 2 for the next...
    pub hit: usize,
}

impl Request {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How the body is sent.
#[derive(Debug, Clone)]
pub enum Body {
    /// All of it, with `Content-Length`.
    Full(Vec<u8>),
    /// The prefix, then nothing, forever (claims a longer `Content-Length`).
    Stall(Vec<u8>),
    /// This chunk over and over, without `Content-Length`, until the client
    /// hangs up.
    Endless(Vec<u8>),
    /// No answer at all: the connection is reset (TCP RST) once the request
    /// has been read, as a crashing server or a middlebox would.
    Reset,
}

/// A scripted reply.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers (besides `Content-Length` and `Connection`).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
    /// Wait this long before answering.
    pub delay: Duration,
}

impl Reply {
    /// A reply with `status`, `Content-Type: content_type` and `body`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Full(body.into()),
            delay: Duration::ZERO,
        }
    }

    /// `200 text/html; charset=utf-8`.
    pub fn html(body: impl Into<Vec<u8>>) -> Self {
        Reply::new(200, "text/html; charset=utf-8", body)
    }

    /// A status with a short plain-text body.
    pub fn status(status: u16) -> Self {
        Reply::new(status, "text/plain", format!("status {status}\n"))
    }

    /// The connection reset without an answer.
    pub fn reset() -> Self {
        Reply::status(500).body(Body::Reset)
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Reply::status(status).header("Location", location)
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Removes a header (any case).
    pub fn without_header(mut self, name: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    /// Replaces the body.
    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    /// Answers after `delay`.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The same body gzip-compressed, with `Content-Encoding: gzip`.
    pub fn gzip(self) -> Self {
        self.compress("gzip", |b| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(b).unwrap();
            e.finish().unwrap()
        })
    }

    /// The same body brotli-compressed, with `Content-Encoding: br`.
    pub fn brotli(self) -> Self {
        self.compress("br", |b| {
            let mut out = Vec::new();
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                w.write_all(b).unwrap();
            }
            out
        })
    }

    /// The same body zstd-compressed, with `Content-Encoding: zstd`.
    pub fn zstd(self) -> Self {
        self.compress("zstd", |b| zstd::encode_all(b, 3).unwrap())
    }

    /// The same body zlib-compressed, with `Content-Encoding: deflate`.
    pub fn deflate(self) -> Self {
        self.compress("deflate", |b| {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(b).unwrap();
            e.finish().unwrap()
        })
    }

    fn compress(mut self, name: &str, f: impl Fn(&[u8]) -> Vec<u8>) -> Self {
        if let Body::Full(b) = &self.body {
            self.body = Body::Full(f(b));
        }
        self.header("Content-Encoding", name)
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

#[derive(Default)]
struct State {
    requests: Mutex<Vec<Request>>,
    /// Requests per path so far: counting them in `requests` would cost
    /// O(n) a request, too slow for the refresh benchmark's thousands.
    hits: Mutex<std::collections::HashMap<String, usize>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

/// A running server; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    /// Starts a server on 127.0.0.1 (a free port) answering with `handler`.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_on_loopbacks(1, handler)
    }

    /// Starts a server on the same free port of 127.0.0.1 ... 127.0.0.`n`
    /// (Linux routes all of 127/8 to the loopback), so a test has `n`
    /// distinct hosts without resolver tricks: see [`Server::url_on`].
    pub fn start_on_loopbacks(
        n: u8,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let first = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = first.local_addr().unwrap();
        let mut listeners = vec![first];
        for i in 2..=n {
            listeners.push(
                std::net::TcpListener::bind(("127.0.0.".to_string() + &i.to_string(), addr.port()))
                    .unwrap(),
            );
        }
        for l in &listeners {
            l.set_nonblocking(true).unwrap();
        }
        let state = Arc::new(State::default());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let handler: Arc<Handler> = Arc::new(handler);
        let st = state.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                for listener in listeners {
                    let listener = TcpListener::from_std(listener).unwrap();
                    let (handler, st) = (handler.clone(), st.clone());
                    tokio::spawn(async move {
                        loop {
                            let Ok((stream, _)) = listener.accept().await else {
                                continue;
                            };
                            tokio::spawn(serve(stream, handler.clone(), st.clone()));
                        }
                    });
                }
                let _ = stopped.await;
            });
        });
        Server {
            addr,
            state,
            stop: Some(stop),
        }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The same URL under another host name (map it with `resolve`).
    pub fn url_as(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.addr.port())
    }

    /// `http://127.0.0.<i>:<port><path>`, on a server started with
    /// [`Server::start_on_loopbacks`].
    pub fn url_on(&self, i: u8, path: &str) -> String {
        format!("http://127.0.0.{i}:{}{path}", self.addr.port())
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        self.state.requests.lock().unwrap().clone()
    }

    /// How many requests asked for `path` (query ignored).
    pub fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path() == path).count()
    }

    /// The most requests ever being answered at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, state: Arc<State>) {
    let Some(mut request) = read_head(&mut stream).await else {
        return;
    };
    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.max_in_flight.fetch_max(now, Ordering::SeqCst);
    {
        let mut hits = state.hits.lock().unwrap();
        let hit = hits.entry(request.path().to_string()).or_default();
        *hit += 1;
        request.hit = *hit;
        state.requests.lock().unwrap().push(request.clone());
    }
    let reply = handler(&request);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    if let Body::Reset = reply.body {
        // Closing with a zero linger sends RST instead of FIN.
        let _ = stream.set_zero_linger();
        drop(stream);
        state.in_flight.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let _ = write_reply(&mut stream, &reply).await;
    let _ = stream.shutdown().await;
    state.in_flight.fetch_sub(1, Ordering::SeqCst);
}

async fn read_head(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Request {
        method,
        target,
        headers,
        at: Instant::now(),
        hit: 0,
    })
}

async fn write_reply(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} Scripted\r\nConnection: close\r\n",
        reply.status
    );
    for (n, v) in &reply.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    match &reply.body {
        Body::Full(b) => head.push_str(&format!("Content-Length: {}\r\n", b.len())),
        Body::Stall(b) => head.push_str(&format!("Content-Length: {}\r\n", b.len() + 1_000_000)),
        Body::Endless(_) | Body::Reset => {}
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    match &reply.body {
        Body::Full(b) => stream.write_all(b).await?,
        Body::Stall(b) => {
            stream.write_all(b).await?;
            stream.flush().await?;
            // Hold the connection open without sending more; the server
            // stopping (or the client hanging up) ends it.
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        Body::Endless(chunk) => loop {
            stream.write_all(chunk).await?;
        },
        Body::Reset => {}
    }
    stream.flush().await
}
