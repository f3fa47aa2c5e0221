//! `cargo xtask build`: the wasm crate, wasm-bindgen --target web into
//! www/pkg/, wasm-opt when it is installed, and the size of the result.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cmd::{self, Error};
use crate::setup;

/// The wasm crate's package name and the stem of its artefacts.
pub const WASM_PACKAGE: &str = "nnplay-wasm";
pub const WASM_STEM: &str = "nnplay_wasm";

/// Where the generated JS glue and .wasm go, relative to the repo root.
pub fn pkg_dir(root: &Path) -> PathBuf {
    root.join("www").join("pkg")
}

/// Builds and binds; returns the path of the bound `.wasm` in www/pkg/.
pub fn build(root: &Path, release: bool) -> Result<PathBuf, Error> {
    setup::ensure_target(setup::WASM_TARGET)?;

    let mut cargo = cmd::cargo();
    cargo.current_dir(root).args([
        "build",
        "-p",
        WASM_PACKAGE,
        "--lib",
        "--target",
        setup::WASM_TARGET,
    ]);
    if release {
        cargo.arg("--release");
    }
    cmd::run(&mut cargo)?;

    setup::ensure_wasm_bindgen(root)?;

    let profile = if release { "release" } else { "debug" };
    let raw_wasm = target_dir(root)?
        .join(setup::WASM_TARGET)
        .join(profile)
        .join(format!("{WASM_STEM}.wasm"));
    if !raw_wasm.exists() {
        return Err(Error::new(format!(
            "cargo built {WASM_PACKAGE}, but {} does not exist; is it a cdylib?",
            raw_wasm.display()
        )));
    }

    let out_dir = pkg_dir(root);
    fs::create_dir_all(&out_dir)?;
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .current_dir(root)
        .args(["--target", "web", "--out-dir"])
        .arg(&out_dir)
        .arg(&raw_wasm);
    if !release {
        bindgen.arg("--debug");
    }
    cmd::run(&mut bindgen)?;

    let bound = out_dir.join(format!("{WASM_STEM}_bg.wasm"));
    if release {
        optimize(&bound);
    }
    report_size(root, &bound);
    Ok(bound)
}

/// `wasm-opt -O3` in place when wasm-opt is installed; never required, and a
/// failure only warns (the unoptimised file stays).
fn optimize(wasm: &Path) {
    if cmd::on_path("wasm-opt").is_none() {
        println!("note: wasm-opt not found; skipping it (install binaryen for a smaller .wasm)");
        return;
    }
    let tmp = wasm.with_extension("opt.wasm");
    let mut opt = Command::new("wasm-opt");
    opt.arg("-O3")
        // The features rustc uses for wasm32-unknown-unknown (+simd128 here).
        .args([
            "--enable-simd",
            "--enable-bulk-memory",
            "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(&tmp);
    match cmd::run(&mut opt) {
        Ok(()) => {
            if let Err(err) = fs::rename(&tmp, wasm) {
                println!(
                    "warning: could not replace {} with wasm-opt's output: {err}",
                    wasm.display()
                );
            }
        }
        Err(err) => {
            let _ = fs::remove_file(&tmp);
            println!("warning: {err}; keeping the unoptimised .wasm");
        }
    }
}

/// Prints the size of `wasm`, raw and gzipped (gzip -9, if gzip is there).
fn report_size(root: &Path, wasm: &Path) {
    let Ok(raw) = fs::metadata(wasm).map(|m| m.len()) else {
        return;
    };
    let shown = wasm
        .strip_prefix(root)
        .unwrap_or(wasm)
        .display()
        .to_string();
    match gzip_size(wasm) {
        Some(gz) => println!("{shown}: {} raw, {} gzip -9", human(raw), human(gz)),
        None => println!(
            "{shown}: {} raw (gzip not found for the compressed size)",
            human(raw)
        ),
    }
}

fn gzip_size(path: &Path) -> Option<u64> {
    let mut child = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut total = 0u64;
    let mut buf = [0u8; 64 * 1024];
    let mut out = child.stdout.take()?;
    loop {
        match out.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => total += n as u64,
            Err(_) => return None,
        }
    }
    child.wait().ok()?.success().then_some(total)
}

fn human(bytes: u64) -> String {
    format!("{bytes} bytes ({:.1} KiB)", bytes as f64 / 1024.0)
}

/// Cargo's target directory, as `cargo metadata` reports it.
fn target_dir(root: &Path) -> Result<PathBuf, Error> {
    let json = cmd::output(cmd::cargo().current_dir(root).args([
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
    ]))
    .ok_or_else(|| Error::new("`cargo metadata` failed"))?;
    target_directory(&json)
}

/// `target_directory` of a `cargo metadata` answer.
fn target_directory(json: &str) -> Result<PathBuf, Error> {
    let metadata: serde_json::Value = serde_json::from_str(json)
        .map_err(|err| Error::new(format!("`cargo metadata` printed invalid JSON: {err}")))?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| Error::new("`cargo metadata` reported no target_directory"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_target_directory() {
        let json = r#"{"packages":[],"target_directory":"/work/main/target","version":1}"#;
        assert_eq!(
            target_directory(json).unwrap(),
            PathBuf::from("/work/main/target")
        );
        let escaped = r#"{"target_directory": "C:\\a \"b\"\u00e9"}"#;
        assert_eq!(
            target_directory(escaped).unwrap(),
            PathBuf::from("C:\\a \"b\"é")
        );
        let missing = target_directory(r#"{"workspace_root": "/w"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("target_directory"),
            "{missing}"
        );
        let broken = target_directory("{").unwrap_err();
        assert!(broken.to_string().contains("invalid JSON"), "{broken}");
    }
}
