//! Installing what a fresh machine lacks: rustup targets and components,
//! wasm-bindgen-cli at the locked version, Debian's Chromium, the npm packages
//! of `tests/` (binaryen's wasm-opt among them).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::cmd::{self, Error};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const NO_STD_TARGET: &str = "thumbv7em-none-eabihf";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Where `cargo install` puts binaries: `$CARGO_INSTALL_ROOT/bin`, else
/// `$CARGO_HOME/bin`, else `~/.cargo/bin`.
pub fn cargo_bin_dir() -> Option<PathBuf> {
    if let Some(root) = env::var_os("CARGO_INSTALL_ROOT") {
        return Some(PathBuf::from(root).join("bin"));
    }
    if let Some(home) = env::var_os("CARGO_HOME") {
        return Some(PathBuf::from(home).join("bin"));
    }
    env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo").join("bin"))
}

/// Makes sure binaries that `cargo install` puts in cargo's bin directory are
/// found by the commands we start, even if the user's PATH lacks it.
pub fn put_cargo_bin_on_path() {
    let Some(bin) = cargo_bin_dir() else { return };
    let current = env::var_os("PATH").unwrap_or_default();
    if env::split_paths(&current).any(|p| p == bin) {
        return;
    }
    let mut paths: Vec<PathBuf> = env::split_paths(&current).collect();
    paths.push(bin);
    if let Ok(joined) = env::join_paths(paths) {
        // Single-threaded at this point (called first thing in main).
        env::set_var("PATH", joined);
    }
}

/// `rustup target add TARGET` unless it is installed already.
pub fn ensure_target(target: &str) -> Result<(), Error> {
    let installed = cmd::output(Command::new("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == target) => Ok(()),
        Some(_) => {
            println!("rust target {target} is missing; installing it");
            cmd::run(Command::new("rustup").args(["target", "add", target]))
        }
        None => {
            // No rustup: trust the toolchain and let cargo report a missing target.
            println!("note: rustup not found; assuming the {target} target is installed");
            Ok(())
        }
    }
}

/// `rustup component add NAME` unless `cargo <probe> --version` works.
pub fn ensure_component(component: &str, cargo_subcommand: &str) -> Result<(), Error> {
    if cmd::output(cmd::cargo().args([cargo_subcommand, "--version"])).is_some() {
        return Ok(());
    }
    println!("`cargo {cargo_subcommand}` is missing; installing the {component} component");
    cmd::run(Command::new("rustup").args(["component", "add", component]))
}

/// The version of the `wasm-bindgen` package in Cargo.lock, as cargo itself
/// reads it (`cargo pkgid`; resolving writes Cargo.lock if it is missing).
pub fn locked_wasm_bindgen_version(root: &Path) -> Result<String, Error> {
    let mut pkgid = cmd::cargo();
    pkgid
        .current_dir(root)
        .args(["pkgid", "--quiet", "wasm-bindgen"]);
    let shown = cmd::display(&pkgid);
    let spec = cmd::output(&mut pkgid).ok_or_else(|| {
        Error::new(format!(
            "`{shown}` failed; does crates/nnplay-wasm depend on wasm-bindgen?"
        ))
    })?;
    pkgid_version(&spec)
        .ok_or_else(|| Error::new(format!("`{shown}` printed no version: {}", spec.trim())))
}

/// The version in a package ID spec such as
/// `registry+https://github.com/rust-lang/crates.io-index#wasm-bindgen@0.2.130`
/// (older cargo: `...#wasm-bindgen:0.2.130`).
pub fn pkgid_version(spec: &str) -> Option<String> {
    let (_, fragment) = spec.trim().rsplit_once('#')?;
    let (_, version) = fragment.rsplit_once(['@', ':'])?;
    (!version.is_empty()).then(|| version.to_owned())
}

/// The version printed by `<program> --version` ("wasm-bindgen 0.2.130").
fn tool_version(program: &str) -> Option<String> {
    let out = cmd::output(Command::new(program).arg("--version"))?;
    out.split_whitespace().nth(1).map(str::to_owned)
}

/// wasm-bindgen and wasm-bindgen-test-runner at exactly the locked version;
/// `cargo install wasm-bindgen-cli --version =X` otherwise (no `--locked`:
/// the registry here lacks a version one of its pinned dependencies needs).
pub fn ensure_wasm_bindgen(root: &Path) -> Result<(), Error> {
    let want = locked_wasm_bindgen_version(root)?;
    let have = tool_version("wasm-bindgen");
    let have_runner = tool_version("wasm-bindgen-test-runner");
    if have.as_deref() == Some(want.as_str()) && have_runner.as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    match &have {
        Some(v) => println!("wasm-bindgen {v} found, but Cargo.lock wants {want}; installing it"),
        None => println!(
            "wasm-bindgen-cli {want} is not installed; installing it (takes a few minutes)"
        ),
    }
    cmd::run(cmd::cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &format!("={want}"),
        "--force",
    ]))?;
    match tool_version("wasm-bindgen") {
        Some(v) if v == want => Ok(()),
        other => Err(Error::new(format!(
            "installed wasm-bindgen-cli {want}, but `wasm-bindgen --version` now reports {other:?}; \
             is {} on PATH ahead of another wasm-bindgen?",
            cargo_bin_dir().map(|p| p.display().to_string()).unwrap_or_default()
        ))),
    }
}

fn is_root() -> bool {
    cmd::output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// Where Debian's fonts-nanum puts its Korean fonts: without a Korean font,
/// Chromium draws the Korean interface (and its screenshots) as empty boxes.
const KOREAN_FONTS: &str = "/usr/share/fonts/truetype/nanum";

/// Debian's chromium, chromium-driver and a Korean font (fonts-nanum):
/// installed through apt-get when running as root and absent, otherwise a
/// message saying what to install.
pub fn ensure_chromium() -> Result<(), Error> {
    let wanted = [
        ("chromium", chromium_path()),
        ("chromium-driver", CHROMEDRIVER.to_string()),
        ("fonts-nanum", KOREAN_FONTS.to_string()),
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(_, path)| !Path::new(path).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root() {
        return Err(Error::new(format!(
            "missing Debian packages: {list}. Install them:\n    \
             sudo apt-get update && sudo apt-get install -y {list}\n\
             then run `cargo xtask test` again."
        )));
    }
    println!("installing Debian's {list}");
    cmd::run(
        Command::new("apt-get")
            .arg("update")
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    cmd::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if let Some((package, path)) = wanted.iter().find(|(_, path)| !Path::new(path).exists()) {
        return Err(Error::new(format!(
            "apt-get finished but {path} (from {package}) is still missing"
        )));
    }
    Ok(())
}

/// The Chromium the browser tests drive (`$CHROMIUM_PATH` overrides).
pub fn chromium_path() -> String {
    env::var("CHROMIUM_PATH").unwrap_or_else(|_| CHROMIUM.to_owned())
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `npm ci` in tests/ when node_modules is missing or older than the lock file.
pub fn ensure_npm_deps(root: &Path) -> Result<(), Error> {
    npm_ci(&root.join("tests"))
}

/// `npm ci` in tests/bench/: the peer engines only the benchmark needs
/// (hundreds of MB that `cargo xtask test` should not install).
pub fn ensure_bench_peers(root: &Path) -> Result<(), Error> {
    npm_ci(&root.join("tests").join("bench"))
}

/// `npm ci` in `dir` when its node_modules is missing or older than its lock file.
fn npm_ci(tests: &Path) -> Result<(), Error> {
    let lock = tests.join("package-lock.json");
    // npm writes node_modules/.package-lock.json on every install.
    let installed = tests.join("node_modules").join(".package-lock.json");
    let fresh = match (modified(&installed), modified(&lock)) {
        (Some(installed), Some(lock)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    if cmd::on_path("npm").is_none() {
        return Err(Error::new(
            "npm is not on PATH; install Node.js 20 or newer (it ships npm) and retry",
        ));
    }
    cmd::run(
        Command::new("npm")
            .current_dir(tests)
            .args(["ci", "--no-audit", "--no-fund"])
            // Nothing but the npm registry is reachable, and nothing else is
            // needed: playwright-core drives Debian's Chromium (never a
            // downloaded browser), and onnxruntime-node's install script
            // would fetch GPU binaries from elsewhere (its CPU build ships
            // in the package).
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .env("ONNXRUNTIME_NODE_INSTALL", "skip"),
    )
}

/// binaryen's wasm-opt as the npm package installs it (a node script).
pub fn wasm_opt_script(root: &Path) -> PathBuf {
    root.join("tests")
        .join("node_modules")
        .join("binaryen")
        .join("bin")
        .join("wasm-opt")
}

/// Node must be there for the JS tests and benchmarks.
pub fn ensure_node() -> Result<(), Error> {
    if cmd::on_path("node").is_none() {
        return Err(Error::new(
            "node is not on PATH; install Node.js 20 or newer and retry",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_version_of_a_package_id() {
        assert_eq!(
            pkgid_version(
                "registry+https://github.com/rust-lang/crates.io-index#wasm-bindgen@0.2.130\n"
            )
            .as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            pkgid_version("https://github.com/rust-lang/crates.io-index#wasm-bindgen:0.2.99")
                .as_deref(),
            Some("0.2.99")
        );
        assert_eq!(pkgid_version("wasm-bindgen"), None);
        assert_eq!(pkgid_version("path+file:///w#xtask@"), None);
    }
}
