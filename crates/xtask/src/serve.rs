//! The static file server of `cargo xtask serve` and `cargo xtask test`:
//! tower-http's `ServeDir` (path decoding, traversal refusal, MIME types,
//! HEAD, 404, conditional requests) behind hyper's HTTP/1.1 server, on
//! 127.0.0.1 only. What is ours is policy: the page's headers (its CSP, no
//! caching so a rebuild shows at once, text in UTF-8), one request per
//! connection, a deadline on every connection and a cap on how many are
//! served at once.

use std::convert::Infallible;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use socket2::{Domain, Socket, Type};
use tokio::sync::Semaphore;
use tower_http::services::fs::ServeFileSystemResponseBody;
use tower_http::services::ServeDir;
use tower_service::Service as _;

use crate::build;
use crate::cmd::Error;

/// Sent with every HTML response.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/// How long one connection (reading its request and sending the answer) may
/// take, unless `NNPLAY_SERVE_DEADLINE` (seconds) says otherwise: a client
/// that trickles its request in a byte at a time is cut off when it is up.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// The environment variable that overrides [`DEADLINE`] (seconds, e.g. `0.5`).
pub const DEADLINE_VAR: &str = "NNPLAY_SERVE_DEADLINE";

/// Connections served at once; more wait in the listen queue until one ends
/// (at the latest when its deadline is up).
pub const MAX_CONNECTIONS: usize = 256;

/// Connections the kernel queues for us beyond those being served (std's
/// listeners queue 128, fewer than a burst of browser requests can open).
const BACKLOG: i32 = 1024;

/// Threads that read files (tokio's blocking pool), at most.
const FILE_THREADS: usize = 4;

/// `cargo xtask serve`.
pub fn serve_command(root: &Path, port: u16, build_first: bool) -> Result<(), Error> {
    let addr = SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port));
    // Bind before building so a taken port fails at once.
    let server = match Server::bind(addr, &root.join("www")) {
        Ok(server) => server,
        Err(err) if err.kind() == io::ErrorKind::AddrInUse => {
            let next = port.checked_add(1).unwrap_or(8001);
            return Err(Error::new(format!(
                "port {port} is in use; try `cargo xtask serve --port {next}`"
            )));
        }
        Err(err) => return Err(Error::new(format!("cannot listen on {addr}: {err}"))),
    };
    let server = server.with_deadline(deadline_from_env()?);
    if build_first {
        build::build(root, true)?;
    } else if !build::pkg_dir(root).exists() {
        println!("warning: www/pkg/ does not exist; run `cargo xtask build --release` (or drop --no-build)");
    }
    let url = format!("http://{}/", server.local_addr()?);
    println!("\nServing www/ at {url}  (Ctrl-C to stop)\n");
    server.with_log(true).run()?;
    Ok(())
}

/// [`DEADLINE`], or the number of seconds in `NNPLAY_SERVE_DEADLINE`.
pub fn deadline_from_env() -> Result<Duration, Error> {
    match std::env::var(DEADLINE_VAR) {
        Err(_) => Ok(DEADLINE),
        Ok(value) => parse_deadline(&value),
    }
}

fn parse_deadline(value: &str) -> Result<Duration, Error> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            Error::new(format!(
                "{DEADLINE_VAR}: `{value}` is not a number of seconds in (0, 86400]"
            ))
        })
}

/// A bound, not yet running server.
pub struct Server {
    listener: TcpListener,
    root: PathBuf,
    log: bool,
    deadline: Duration,
}

impl Server {
    /// Listens on `addr` (port 0 picks a free port); serves files under `root`.
    pub fn bind(addr: SocketAddr, root: &Path) -> io::Result<Server> {
        let root = root
            .canonicalize()
            .map_err(|err| io::Error::new(err.kind(), format!("{}: {err}", root.display())))?;
        let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
        // As std does: a restarted server may bind while old connections linger.
        socket.set_reuse_address(true)?;
        socket.bind(&addr.into())?;
        socket.listen(BACKLOG)?;
        socket.set_nonblocking(true)?;
        let listener = TcpListener::from(socket);
        Ok(Server {
            listener,
            root,
            log: false,
            deadline: DEADLINE,
        })
    }

    /// Print one line per request.
    pub fn with_log(mut self, log: bool) -> Server {
        self.log = log;
        self
    }

    /// How long one connection may last.
    pub fn with_deadline(mut self, deadline: Duration) -> Server {
        self.deadline = deadline;
        self
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves forever on one thread (plus a few that read files).
    pub fn run(self) -> io::Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .max_blocking_threads(FILE_THREADS)
            .build()?;
        runtime.block_on(self.accept_loop())
    }

    /// Runs the server on a background thread (it lives until the process ends).
    pub fn spawn(self) -> thread::JoinHandle<()> {
        thread::spawn(move || {
            if let Err(err) = self.run() {
                eprintln!("the static server stopped: {err}");
            }
        })
    }

    async fn accept_loop(self) -> io::Result<()> {
        let listener = tokio::net::TcpListener::from_std(self.listener)?;
        let site = Site {
            files: ServeDir::new(&self.root),
            log: self.log,
        };
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let mut http = hyper::server::conn::http1::Builder::new();
        // One request per connection, as the deadline is per connection.
        http.keep_alive(false);
        loop {
            let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
                return Ok(()); // the semaphore is never closed
            };
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors, most likely: wait, do not spin.
                    eprintln!("accept failed: {err}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let connection = http.serve_connection(TokioIo::new(stream), site.clone());
            let deadline = self.deadline;
            let log = self.log;
            tokio::spawn(async move {
                match tokio::time::timeout(deadline, connection).await {
                    Ok(Ok(())) => {}
                    Ok(Err(err)) if log => eprintln!("connection error: {err}"),
                    Ok(Err(_)) => {}
                    Err(_) if log => eprintln!("connection closed: deadline of {deadline:?}"),
                    Err(_) => {}
                }
                drop(slot);
            });
        }
    }
}

/// The hyper service: a file from `ServeDir`, with the page's headers.
#[derive(Clone)]
struct Site {
    files: ServeDir,
    log: bool,
}

impl hyper::service::Service<Request<Incoming>> for Site {
    type Response = Response<ServeFileSystemResponseBody>;
    type Error = Infallible;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Self::Response, Infallible>> + Send>,
    >;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let mut files = self.files.clone();
        let log = self.log;
        Box::pin(async move {
            let line = log.then(|| format!("{} {}", request.method(), request.uri()));
            let icon = request.uri().path() == FAVICON;
            // ServeDir is always ready (it has no fallback service), and its
            // own errors are already answers (404, or 500 if a read fails).
            let Ok(mut response) = files.call(request).await;
            add_page_headers(&mut response, icon);
            if let Some(line) = line {
                println!("{line} {}", response.status().as_u16());
            }
            Ok(response)
        })
    }
}

/// The page's icon. Chromium fetches the icon again on every change of the
/// URL (the page writes its state into the hash), so it alone may be cached.
const FAVICON: &str = "/favicon.svg";

/// The headers every answer carries: the Content-Type made exact, no caching
/// (the browser revalidates, so a rebuild shows on reload) except for the
/// icon, no sniffing, and the CSP on HTML.
fn add_page_headers<B>(response: &mut Response<B>, icon: bool) {
    let headers = response.headers_mut();
    if let Some(fixed) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(content_type)
    {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(fixed));
    }
    let cache = if icon { "max-age=3600" } else { "no-cache" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
}

/// What to send instead of the type `ServeDir` guessed, if anything: every
/// JavaScript module (`.js`, `.mjs`) as `text/javascript`, text in UTF-8.
pub fn content_type(guessed: &str) -> Option<&'static str> {
    Some(match guessed {
        "text/javascript" | "application/javascript" => "text/javascript; charset=utf-8",
        "text/html" => "text/html; charset=utf-8",
        "text/css" => "text/css; charset=utf-8",
        "text/plain" => "text/plain; charset=utf-8",
        "text/markdown" => "text/markdown; charset=utf-8",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
