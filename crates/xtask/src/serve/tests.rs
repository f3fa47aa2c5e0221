//! The static server over real TCP on 127.0.0.1: headers, types, refusals,
//! the deadline.

use super::*;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Instant;

#[test]
fn content_types_are_made_exact() {
    assert_eq!(
        content_type("application/javascript"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        content_type("text/javascript"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(content_type("text/html"), Some("text/html; charset=utf-8"));
    assert_eq!(content_type("application/wasm"), None);
    assert_eq!(content_type("image/svg+xml"), None);
}

#[test]
fn deadlines_parse_or_name_the_variable() {
    assert_eq!(parse_deadline("1").unwrap(), Duration::from_secs(1));
    assert_eq!(
        parse_deadline(" 0.25 ").unwrap(),
        Duration::from_millis(250)
    );
    for bad in ["0", "-1", "NaN", "inf", "soon", "", "1e9"] {
        let err = parse_deadline(bad).unwrap_err().to_string();
        assert!(err.starts_with(DEADLINE_VAR), "{bad}: {err}");
    }
}

fn temp_root(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("www/js")).unwrap();
    fs::write(dir.join("secret.toml"), "[workspace]\n").unwrap();
    let files: [(&str, &[u8]); 9] = [
        ("index.html", b"<!doctype html>"),
        ("js/main.js", b"export {};"),
        ("js/mod.mjs", b"export {};"),
        ("site.css", b"body{}"),
        ("en.json", b"{}"),
        ("favicon.svg", b"<svg/>"),
        ("a.png", b"\x89PNG"),
        ("f.woff2", b"wOF2"),
        ("m.wasm", b"\0asm\x01\0\0\0"),
    ];
    for (path, body) in files {
        fs::write(dir.join("www").join(path), body).unwrap();
    }
    dir
}

fn start(dir: &Path, deadline: Duration) -> SocketAddr {
    let server = Server::bind("127.0.0.1:0".parse().unwrap(), &dir.join("www"))
        .unwrap()
        .with_deadline(deadline);
    let addr = server.local_addr().unwrap();
    server.spawn();
    addr
}

fn raw_request(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

fn get(addr: SocketAddr, method: &str, target: &str) -> String {
    raw_request(
        addr,
        &format!("{method} {target} HTTP/1.1\r\nHost: x\r\n\r\n"),
    )
}

/// The value of header `name` (lower case) in a raw response.
fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[test]
fn serves_files_with_the_page_headers() {
    let dir = temp_root("files");
    let addr = start(&dir, DEADLINE);

    let index = get(addr, "GET", "/");
    assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
    assert_eq!(
        header(&index, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(header(&index, "content-security-policy"), Some(CSP));
    assert_eq!(header(&index, "cache-control"), Some("no-cache"));
    assert_eq!(header(&index, "x-content-type-options"), Some("nosniff"));
    assert_eq!(header(&index, "connection"), Some("close"));
    assert!(index.ends_with("\r\n\r\n<!doctype html>"));

    for (path, want) in [
        ("/js/main.js", "text/javascript; charset=utf-8"),
        ("/js/mod.mjs", "text/javascript; charset=utf-8"),
        ("/site.css", "text/css; charset=utf-8"),
        ("/en.json", "application/json"),
        ("/favicon.svg", "image/svg+xml"),
        ("/a.png", "image/png"),
        ("/f.woff2", "font/woff2"),
        ("/m.wasm", "application/wasm"),
    ] {
        let response = get(addr, "GET", path);
        assert!(response.starts_with("HTTP/1.1 200 "), "{path}: {response}");
        assert_eq!(header(&response, "content-type"), Some(want), "{path}");
        assert_eq!(header(&response, "content-security-policy"), None, "{path}");
        let cache = if path == "/favicon.svg" {
            "max-age=3600"
        } else {
            "no-cache"
        };
        assert_eq!(header(&response, "cache-control"), Some(cache), "{path}");
    }

    let head = get(addr, "HEAD", "/js/main.js");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert_eq!(header(&head, "content-length"), Some("10"));
    assert!(head.ends_with("\r\n\r\n"), "no body: {head}");

    let dir_without_slash = get(addr, "GET", "/js");
    assert_eq!(header(&dir_without_slash, "location"), Some("/js/"));

    let post = raw_request(
        addr,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(post.starts_with("HTTP/1.1 405 "), "{post}");
    assert_eq!(header(&post, "allow"), Some("GET,HEAD"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn nothing_outside_the_root_is_served() {
    let dir = temp_root("traversal");
    let addr = start(&dir, DEADLINE);
    for target in [
        "/../secret.toml",
        "/%2e%2e/secret.toml",
        "/%2E%2e/secret.toml",
        "/js/../../secret.toml",
        "/..%2fsecret.toml",
        "/..%2Fsecret.toml",
        "/.%2e/secret.toml",
        "/js/%2e%2e/%2e%2e/secret.toml",
        "/..%5csecret.toml",
        "/..\\secret.toml",
        "/index.html%00.js",
        "/%ff",
        "/missing.js",
    ] {
        let response = get(addr, "GET", target);
        let status = response.get(9..12).unwrap_or("");
        assert!(
            ["400", "403", "404"].contains(&status),
            "{target}: {response}"
        );
        assert!(!response.contains("[workspace]"), "{target} leaked");
    }
    let junk = raw_request(addr, "garbage\r\n\r\n");
    assert!(junk.starts_with("HTTP/1.1 400 "), "{junk}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_trickled_request_is_cut_off_at_the_deadline() {
    let dir = temp_root("deadline");
    let addr = start(&dir, Duration::from_millis(300));
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let started = Instant::now();
    let mut closed = false;
    // One byte of a never-ending head every 50 ms, for at most 5 s: a
    // request line, then a header value that never ends (always valid, so
    // only the deadline can close it).
    let head = b"GET / HTTP/1.1\r\nX: ";
    for byte in head.iter().chain(std::iter::repeat(&b'a')).take(100) {
        if stream.write_all(&[*byte]).is_err() {
            closed = true;
            break;
        }
        // Waits up to 50 ms for the server to answer or close.
        let mut buf = [0u8; 64];
        match stream.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(_) => {}
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
    }
    assert!(closed, "still open after {:?}", started.elapsed());
    // The deadline runs from the server's accept, a moment before `started`:
    // allow that moment, but not a close long before the deadline.
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "closed after only {:?}",
        started.elapsed()
    );
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
