//! A small static file server for `www/`: std::net, HTTP/1.1, GET and HEAD,
//! one thread per connection, one request per connection.
//!
//! Safety rules: the request path is percent-decoded once; a decoded path
//! with a NUL or a backslash is a 400, one with a `..` segment is a 403, and
//! the file finally opened must canonicalize to a path inside the root (so a
//! symlink cannot lead out either).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crate::build;
use crate::cmd::Error;

/// Sent with every HTML response.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/// Request heads larger than this are refused.
const MAX_HEAD: usize = 16 * 1024;

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
    if build_first {
        build::build(root, true)?;
    } else if !build::pkg_dir(root).exists() {
        println!("warning: www/pkg/ does not exist; run `cargo xtask build --release` (or drop --no-build)");
    }
    let url = format!("http://{}/", server.local_addr()?);
    println!("\nServing www/ at {url}  (Ctrl-C to stop)\n");
    server.with_log(true).run();
    Ok(())
}

/// A bound, not yet running server.
pub struct Server {
    listener: TcpListener,
    root: Arc<PathBuf>,
    log: bool,
}

impl Server {
    /// Listens on `addr` (port 0 picks a free port); serves files under `root`.
    pub fn bind(addr: SocketAddr, root: &Path) -> io::Result<Server> {
        let root = root
            .canonicalize()
            .map_err(|err| io::Error::new(err.kind(), format!("{}: {err}", root.display())))?;
        let listener = TcpListener::bind(addr)?;
        Ok(Server {
            listener,
            root: Arc::new(root),
            log: false,
        })
    }

    /// Print one line per request.
    pub fn with_log(mut self, log: bool) -> Server {
        self.log = log;
        self
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections forever, a thread for each.
    pub fn run(self) {
        for stream in self.listener.incoming() {
            match stream {
                Ok(stream) => {
                    let root = Arc::clone(&self.root);
                    let log = self.log;
                    thread::spawn(move || {
                        if let Err(err) = handle(stream, &root, log) {
                            if log {
                                eprintln!("connection error: {err}");
                            }
                        }
                    });
                }
                Err(err) => eprintln!("accept failed: {err}"),
            }
        }
    }

    /// Runs the server on a background thread (it lives until the process ends).
    pub fn spawn(self) -> thread::JoinHandle<()> {
        thread::spawn(move || self.run())
    }
}

/// Why a request path was not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 400: malformed (bad percent-encoding, NUL, backslash, not UTF-8, not origin-form).
    BadRequest,
    /// 403: tries to leave the root.
    Forbidden,
    /// 404: nothing there.
    NotFound,
}

impl Refusal {
    fn status(self) -> (u16, &'static str) {
        match self {
            Refusal::BadRequest => (400, "Bad Request"),
            Refusal::Forbidden => (403, "Forbidden"),
            Refusal::NotFound => (404, "Not Found"),
        }
    }
}

/// The Content-Type for a file, by extension.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("ts") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape.
pub fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hi = (hex[0] as char).to_digit(16)?;
            let lo = (hex[1] as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Turns a request target into the safe path segments below the root.
pub fn sanitize(target: &str) -> Result<Vec<String>, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let decoded = percent_decode(path).ok_or(Refusal::BadRequest)?;
    if decoded.iter().any(|&b| b == 0 || b == b'\\') {
        return Err(Refusal::BadRequest);
    }
    let decoded = String::from_utf8(decoded).map_err(|_| Refusal::BadRequest)?;
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refusal::Forbidden),
            s => segments.push(s.to_owned()),
        }
    }
    Ok(segments)
}

/// What a request path maps to.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// A directory asked for without its trailing slash: redirect here.
    Redirect(String),
}

/// Maps a request target to a file inside `root` (which must be canonical).
pub fn resolve(root: &Path, target: &str) -> Result<Target, Refusal> {
    let segments = sanitize(target)?;
    let mut path = root.to_path_buf();
    path.extend(&segments);
    if path.is_dir() {
        let request_path = target.split(['?', '#']).next().unwrap_or("/");
        if !request_path.ends_with('/') {
            return Ok(Target::Redirect(format!("{request_path}/")));
        }
        path.push("index.html");
    }
    let real = path.canonicalize().map_err(|_| Refusal::NotFound)?;
    if !real.starts_with(root) {
        return Err(Refusal::Forbidden);
    }
    if !real.is_file() {
        return Err(Refusal::NotFound);
    }
    Ok(Target::File(real))
}

struct Request {
    method: String,
    target: String,
}

/// Reads the request head; `Ok(None)` if the client closed before sending one.
fn read_head(
    reader: &mut impl BufRead,
) -> io::Result<Option<Result<Request, (u16, &'static str)>>> {
    let mut total = 0;
    let mut lines: Vec<String> = Vec::new();
    loop {
        let mut line = Vec::new();
        let n =
            Read::take(&mut *reader, (MAX_HEAD - total + 1) as u64).read_until(b'\n', &mut line)?;
        if n == 0 {
            if lines.is_empty() {
                return Ok(None);
            }
            return Ok(Some(Err((400, "Bad Request"))));
        }
        total += n;
        if total > MAX_HEAD {
            return Ok(Some(Err((431, "Request Header Fields Too Large"))));
        }
        let line = String::from_utf8_lossy(&line)
            .trim_end_matches(['\r', '\n'])
            .to_owned();
        if line.is_empty() {
            if lines.is_empty() {
                continue; // tolerate a leading empty line (RFC 9112 2.2)
            }
            break;
        }
        lines.push(line);
    }
    let mut parts = lines[0].split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(Some(Err((400, "Bad Request"))));
    };
    if !version.starts_with("HTTP/1.") {
        return Ok(Some(Err((505, "HTTP Version Not Supported"))));
    }
    Ok(Some(Ok(Request {
        method: method.to_owned(),
        target: target.to_owned(),
    })))
}

fn handle(stream: TcpStream, root: &Path, log: bool) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = io::BufWriter::new(stream);

    let request = match read_head(&mut reader)? {
        None => return Ok(()),
        Some(Err((code, reason))) => {
            return error_response(&mut out, code, reason, false, &[]);
        }
        Some(Ok(request)) => request,
    };
    let head_only = request.method == "HEAD";
    let status = if request.method != "GET" && !head_only {
        error_response(
            &mut out,
            405,
            "Method Not Allowed",
            false,
            &[("Allow", "GET, HEAD")],
        )?;
        405
    } else {
        match resolve(root, &request.target) {
            Ok(Target::File(path)) => send_file(&mut out, &path, head_only)?,
            Ok(Target::Redirect(location)) => {
                error_response(
                    &mut out,
                    301,
                    "Moved Permanently",
                    head_only,
                    &[("Location", &location)],
                )?;
                301
            }
            Err(refusal) => {
                let (code, reason) = refusal.status();
                error_response(&mut out, code, reason, head_only, &[])?;
                code
            }
        }
    };
    if log {
        println!("{} {} {status}", request.method, request.target);
    }
    Ok(())
}

fn write_head(
    out: &mut impl Write,
    code: u16,
    reason: &str,
    content_type: &str,
    length: u64,
    extra: &[(&str, &str)],
) -> io::Result<()> {
    write!(out, "HTTP/1.1 {code} {reason}\r\n")?;
    write!(out, "Content-Type: {content_type}\r\n")?;
    write!(out, "Content-Length: {length}\r\n")?;
    write!(out, "Cache-Control: no-cache\r\n")?;
    write!(out, "X-Content-Type-Options: nosniff\r\n")?;
    if content_type.starts_with("text/html") {
        write!(out, "Content-Security-Policy: {CSP}\r\n")?;
    }
    for (name, value) in extra {
        write!(out, "{name}: {value}\r\n")?;
    }
    write!(out, "Connection: close\r\n\r\n")
}

fn error_response(
    out: &mut impl Write,
    code: u16,
    reason: &str,
    head_only: bool,
    extra: &[(&str, &str)],
) -> io::Result<()> {
    let body = format!("{code} {reason}\n");
    write_head(
        out,
        code,
        reason,
        "text/plain; charset=utf-8",
        body.len() as u64,
        extra,
    )?;
    if !head_only {
        out.write_all(body.as_bytes())?;
    }
    out.flush()
}

fn send_file(out: &mut impl Write, path: &Path, head_only: bool) -> io::Result<u16> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(_) => {
            error_response(out, 404, "Not Found", head_only, &[])?;
            return Ok(404);
        }
    };
    let length = file.metadata()?.len();
    write_head(out, 200, "OK", mime_type(path), length, &[])?;
    if !head_only {
        io::copy(&mut file, out)?;
    }
    out.flush()?;
    Ok(200)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn mime_types() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("a/b.HTM", "text/html; charset=utf-8"),
            ("js/main.js", "text/javascript; charset=utf-8"),
            ("x.mjs", "text/javascript; charset=utf-8"),
            ("pkg/nnplay_wasm_bg.wasm", "application/wasm"),
            ("locales/ko.json", "application/json"),
            ("css/site.css", "text/css; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("README", "application/octet-stream"),
            ("archive.tar.gz", "application/octet-stream"),
        ];
        for (path, want) in cases {
            assert_eq!(mime_type(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/a%20b").unwrap(), b"/a b");
        assert_eq!(percent_decode("%2e%2E").unwrap(), b"..");
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%"), None);
    }

    #[test]
    fn sanitizing_keeps_ordinary_paths() {
        assert_eq!(sanitize("/"), Ok(vec![]));
        assert_eq!(
            sanitize("/index.html?x=1#top"),
            Ok(vec!["index.html".to_owned()])
        );
        assert_eq!(
            sanitize("/js//./main.js"),
            Ok(vec!["js".to_owned(), "main.js".to_owned()])
        );
        assert_eq!(sanitize("/a%20b.txt"), Ok(vec!["a b.txt".to_owned()]));
        // Dots inside a name are fine; only whole `..` segments are refused.
        assert_eq!(sanitize("/a..b"), Ok(vec!["a..b".to_owned()]));
        // Double encoding decodes once: a literal file name, not a traversal.
        assert_eq!(
            sanitize("/%252e%252e/x"),
            Ok(vec!["%2e%2e".to_owned(), "x".to_owned()])
        );
    }

    #[test]
    fn sanitizing_refuses_traversal_and_junk() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2e/Cargo.toml",
            "/js/../../Cargo.toml",
            "/..%2fCargo.toml",
            "/..%2FCargo.toml",
            "/.%2e/Cargo.toml",
            "/..",
        ] {
            assert_eq!(sanitize(bad), Err(Refusal::Forbidden), "{bad}");
        }
        for bad in [
            "/..%5cCargo.toml",
            "/a\\b",
            "/a%00.html",
            "/%ff",
            "/%zz",
            "Cargo.toml",
            "http://example.com/x",
            "*",
        ] {
            assert_eq!(sanitize(bad), Err(Refusal::BadRequest), "{bad}");
        }
    }

    fn temp_root(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("www/js")).unwrap();
        fs::write(dir.join("secret.toml"), "[workspace]\n").unwrap();
        fs::write(dir.join("www/index.html"), "<!doctype html>").unwrap();
        fs::write(dir.join("www/js/main.js"), "export {};").unwrap();
        dir
    }

    #[test]
    fn resolving_stays_inside_the_root() {
        let dir = temp_root("resolve");
        let root = dir.join("www").canonicalize().unwrap();
        assert_eq!(
            resolve(&root, "/"),
            Ok(Target::File(root.join("index.html")))
        );
        assert_eq!(
            resolve(&root, "/js/main.js"),
            Ok(Target::File(root.join("js/main.js")))
        );
        assert_eq!(
            resolve(&root, "/js"),
            Ok(Target::Redirect("/js/".to_owned()))
        );
        assert_eq!(resolve(&root, "/js/"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/missing.js"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/../secret.toml"), Err(Refusal::Forbidden));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.toml"), root.join("link.toml")).unwrap();
            assert_eq!(resolve(&root, "/link.toml"), Err(Refusal::Forbidden));
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    fn raw_request(addr: SocketAddr, request: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    #[test]
    fn serves_over_tcp() {
        let dir = temp_root("tcp");
        let server = Server::bind("127.0.0.1:0".parse().unwrap(), &dir.join("www")).unwrap();
        let addr = server.local_addr().unwrap();
        server.spawn();

        let index = raw_request(addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
        assert!(index.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(index.contains(&format!("Content-Security-Policy: {CSP}\r\n")));
        assert!(index.contains("Cache-Control: no-cache\r\n"));
        assert!(index.ends_with("\r\n\r\n<!doctype html>"));

        let head = raw_request(addr, "HEAD /js/main.js HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.contains("Content-Type: text/javascript"));
        assert!(head.contains("Content-Length: 10\r\n"));
        assert!(!head.contains("Content-Security-Policy"));
        assert!(head.ends_with("\r\n\r\n"));

        for (target, status) in [
            ("/../secret.toml", "403"),
            ("/%2e%2e/secret.toml", "403"),
            ("/..%2fsecret.toml", "403"),
            ("/a%00", "400"),
            ("/nope", "404"),
        ] {
            let response = raw_request(addr, &format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n"));
            assert!(
                response.starts_with(&format!("HTTP/1.1 {status} ")),
                "{target}: {response}"
            );
            assert!(!response.contains("[workspace]"));
        }
        let post = raw_request(
            addr,
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
        );
        assert!(post.starts_with("HTTP/1.1 405 "), "{post}");
        assert!(post.contains("Allow: GET, HEAD\r\n"));
        let junk = raw_request(addr, "garbage\r\n\r\n");
        assert!(junk.starts_with("HTTP/1.1 400 "), "{junk}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_taken_port_is_reported() {
        let first = Server::bind("127.0.0.1:0".parse().unwrap(), &std::env::temp_dir()).unwrap();
        let addr = first.local_addr().unwrap();
        let err = Server::bind(addr, &std::env::temp_dir())
            .err()
            .expect("second bind fails");
        assert_eq!(err.kind(), io::ErrorKind::AddrInUse);
    }
}
