//! `cargo xtask test`: every check, in order, failing fast.

use std::env;
use std::fs;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::build;
use crate::cmd::{self, Error};
use crate::serve::Server;
use crate::setup;

/// Times and names the stages; prints a summary at the end.
struct Stages {
    done: Vec<(&'static str, Duration)>,
    total: usize,
    started: Instant,
}

impl Stages {
    fn new(total: usize) -> Stages {
        Stages {
            done: Vec::new(),
            total,
            started: Instant::now(),
        }
    }

    fn run(
        &mut self,
        name: &'static str,
        body: impl FnOnce() -> Result<(), Error>,
    ) -> Result<(), Error> {
        let n = self.done.len() + 1;
        println!("\n==> [{n}/{}] {name}", self.total);
        let start = Instant::now();
        let result = body();
        let took = start.elapsed();
        match result {
            Ok(()) => {
                println!("<== [{n}/{}] {name}: ok in {}", self.total, secs(took));
                self.done.push((name, took));
                Ok(())
            }
            Err(err) => {
                self.summary();
                Err(Error::new(format!(
                    "stage {n}/{} `{name}` failed after {}:\n  {err}",
                    self.total,
                    secs(took)
                )))
            }
        }
    }

    fn summary(&self) {
        println!("\nstage times:");
        for (name, took) in &self.done {
            println!("  {:>8}  {name}", secs(*took));
        }
        println!("  {:>8}  total", secs(self.started.elapsed()));
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

fn cargo_in(root: &Path, args: &[&str]) -> Command {
    let mut c = cmd::cargo();
    c.current_dir(root).args(args);
    c
}

/// The wasm-bindgen tests of the wasm crate, in node or in headless Chromium.
fn wasm_tests(root: &Path, browser: bool) -> Command {
    let mut c = cargo_in(
        root,
        &[
            "test",
            "-p",
            build::WASM_PACKAGE,
            "--target",
            setup::WASM_TARGET,
        ],
    );
    if browser {
        // wasm-bindgen-test-runner runs tests not configured with
        // `run_in_browser` in node unless WASM_BINDGEN_USE_BROWSER is set; it
        // drives Chromium through CHROMEDRIVER, with the capabilities in the
        // crate's webdriver.json (headless, no sandbox, ...).
        c.env("WASM_BINDGEN_USE_BROWSER", "1")
            .env("CHROMEDRIVER", setup::CHROMEDRIVER)
            .env_remove("GECKODRIVER")
            .env_remove("SAFARIDRIVER");
    } else {
        c.env_remove("WASM_BINDGEN_USE_BROWSER");
    }
    c
}

/// Every `*.test.mjs` under tests/ (not node_modules), sorted.
pub fn node_test_files(tests: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    let mut dirs = vec![tests.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if entry.file_type()?.is_dir() {
                if name != "node_modules" && !name.starts_with('.') {
                    dirs.push(path);
                }
            } else if name.ends_with(".test.mjs") || name.ends_with(".test.js") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `cargo xtask test`.
pub fn test_command(root: &Path) -> Result<(), Error> {
    if env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        println!("CI mode: non-interactive");
    }
    let mut stages = Stages::new(12);

    stages.run("cargo fmt --check", || {
        setup::ensure_component("rustfmt", "fmt")?;
        cmd::run(&mut cargo_in(root, &["fmt", "--all", "--check"]))
    })?;
    stages.run("clippy (host, all targets)", || {
        setup::ensure_component("clippy", "clippy")?;
        cmd::run(&mut cargo_in(
            root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ))
    })?;
    stages.run("clippy (wasm32)", || {
        setup::ensure_target(setup::WASM_TARGET)?;
        cmd::run(&mut cargo_in(
            root,
            &[
                "clippy",
                "-p",
                build::WASM_PACKAGE,
                "-p",
                build::LINK_PACKAGE,
                "-p",
                "nnplay-colors",
                "-p",
                build::EXPORT_PACKAGE,
                "--target",
                setup::WASM_TARGET,
                "--",
                "-D",
                "warnings",
            ],
        ))
    })?;
    stages.run("docs (rustdoc -D warnings)", || {
        let mut doc = cargo_in(
            root,
            &[
                "doc",
                "--no-deps",
                "--all-features",
                "-p",
                "nnplay-core",
                "-p",
                "nnplay-export",
                "-p",
                "nnplay-wasm",
                "-p",
                "nnplay-colors",
                "-p",
                build::EXPORT_PACKAGE,
                "-p",
                "nnplay-json",
            ],
        );
        doc.env("RUSTDOCFLAGS", "-D warnings");
        cmd::run(&mut doc)
    })?;
    stages.run("core tests", || {
        cmd::run(&mut cargo_in(
            root,
            &["test", "-p", "nnplay-core", "--all-features"],
        ))
    })?;
    stages.run("xtask, export, JSON and native wasm-crate tests", || {
        cmd::run(&mut cargo_in(
            root,
            &[
                "test",
                "-p",
                "xtask",
                "-p",
                "nnplay-export",
                "-p",
                build::EXPORT_PACKAGE,
                "-p",
                "nnplay-wasm",
                "-p",
                "nnplay-colors",
                "-p",
                "nnplay-json",
            ],
        ))
    })?;
    stages.run("no_std build (thumbv7em-none-eabihf)", || {
        setup::ensure_target(setup::NO_STD_TARGET)?;
        cmd::run(&mut cargo_in(
            root,
            &[
                "build",
                "-p",
                "nnplay-core",
                "-p",
                "nnplay-export",
                "--target",
                setup::NO_STD_TARGET,
                "--no-default-features",
            ],
        ))
    })?;
    stages.run("wasm tests in node", || {
        setup::ensure_node()?;
        setup::ensure_wasm_bindgen(root)?;
        cmd::run(&mut wasm_tests(root, false))
    })?;
    stages.run("wasm tests in headless Chromium", || {
        setup::ensure_chromium()?;
        let webdriver = root.join("crates").join("nnplay-wasm").join("webdriver.json");
        if !webdriver.exists() {
            println!(
                "warning: {} is missing; chromedriver will use its default (non-headless) capabilities",
                webdriver.display()
            );
        }
        cmd::run(&mut wasm_tests(root, true))
    })?;
    stages.run("npm ci (tests/)", || setup::ensure_npm_deps(root))?;
    stages.run("build --release", || build::build(root, true).map(|_| ()))?;
    stages.run("node tests (tests/*.test.mjs)", || node_tests(root))?;

    stages.summary();
    println!("\nall checks passed");
    Ok(())
}

/// Serves www/ on a free port in this process and runs node's test runner
/// on every tests/**/*.test.mjs against it.
fn node_tests(root: &Path) -> Result<(), Error> {
    let files = node_test_files(&root.join("tests"))?;
    if files.is_empty() {
        return Err(Error::new("no tests/**/*.test.mjs files found"));
    }
    let addr = SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0));
    let server = Server::bind(addr, &root.join("www"))
        .map_err(|e| Error::new(format!("cannot start the static server: {e}")))?;
    let url = format!("http://{}/", server.local_addr()?);
    server.spawn();
    println!("serving www/ at {url}");

    let mut node = Command::new("node");
    node.current_dir(root)
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(files.iter().map(|f| f.strip_prefix(root).unwrap_or(f)))
        .env("NNPLAY_URL", &url)
        .env("NNPLAY_ROOT", root)
        .env("CHROMIUM_PATH", setup::chromium_path());
    // tests/serve.test.mjs starts servers of its own (with a short deadline).
    if let Ok(exe) = env::current_exe() {
        node.env("NNPLAY_XTASK", exe);
    }
    cmd::run(&mut node)
}
