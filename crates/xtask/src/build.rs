//! `cargo xtask build`: the wasm crates (the engine, and the exports' own
//! module the page loads on demand), wasm-bindgen --target web into
//! www/pkg/, then (release) binaryen's `wasm-opt`, and the size of each.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cmd::{self, Error};
use crate::setup;

/// The wasm crate's package name and the stem of its artefacts.
pub const WASM_PACKAGE: &str = "nnplay-wasm";
pub const WASM_STEM: &str = "nnplay_wasm";

/// The cdylib that links the wasm crate into the page's engine module (see
/// its lib.rs for why it is a crate of its own).
pub const LINK_PACKAGE: &str = "nnplay-web";

/// The exports' own module (ONNX, PyTorch), loaded by the page on demand,
/// and the stem of its artefacts (`www/pkg/nnplay_export.js`).
pub const EXPORT_PACKAGE: &str = "nnplay-export-wasm";
pub const EXPORT_STEM: &str = "nnplay_export";

/// Every wasm module the page loads: (package, cargo's artefact stem, the
/// stem wasm-bindgen writes in www/pkg/).
const MODULES: [(&str, &str, &str); 2] = [
    (LINK_PACKAGE, "nnplay_web", WASM_STEM),
    (EXPORT_PACKAGE, "nnplay_export_wasm", EXPORT_STEM),
];

/// Where the generated JS glue and .wasm go, relative to the repo root.
pub fn pkg_dir(root: &Path) -> PathBuf {
    root.join("www").join("pkg")
}

/// Builds and binds both modules; returns the path of the engine's bound
/// `.wasm` in www/pkg/.
pub fn build(root: &Path, release: bool) -> Result<PathBuf, Error> {
    setup::ensure_target(setup::WASM_TARGET)?;

    let mut cargo = cmd::cargo();
    cargo.current_dir(root).arg("build");
    for (package, _, _) in MODULES {
        cargo.args(["-p", package]);
    }
    cargo.args(["--lib", "--target", setup::WASM_TARGET]);
    if release {
        cargo.arg("--release");
    }
    cmd::run(&mut cargo)?;

    setup::ensure_wasm_bindgen(root)?;

    let profile = if release { "release" } else { "debug" };
    let target = target_dir(root)?;
    let out_dir = pkg_dir(root);
    fs::create_dir_all(&out_dir)?;
    let mut engine = None;
    for (package, artefact, stem) in MODULES {
        let raw_wasm = target
            .join(setup::WASM_TARGET)
            .join(profile)
            .join(format!("{artefact}.wasm"));
        if !raw_wasm.exists() {
            return Err(Error::new(format!(
                "cargo built {package}, but {} does not exist; is it a cdylib?",
                raw_wasm.display()
            )));
        }
        let mut bindgen = Command::new("wasm-bindgen");
        bindgen
            .current_dir(root)
            .args(["--target", "web", "--out-name", stem, "--out-dir"])
            .arg(&out_dir)
            .arg(&raw_wasm);
        if !release {
            bindgen.arg("--debug");
        }
        cmd::run(&mut bindgen)?;

        let bound = out_dir.join(format!("{stem}_bg.wasm"));
        if release {
            report_size(root, &bound, "wasm-bindgen's output");
            optimize(root, &target, &bound)?;
            report_size(root, &bound, "after wasm-opt");
        } else {
            report_size(root, &bound, "debug build");
        }
        engine.get_or_insert(bound);
    }
    engine.ok_or_else(|| Error::new("no wasm module to build"))
}

/// wasm-opt's options: speed first, as the release profile; the features
/// rustc uses for wasm32-unknown-unknown (+simd128 here).
const WASM_OPT_ARGS: &[&str] = &[
    "-O3",
    "--enable-simd",
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Runs binaryen's `wasm-opt` on `wasm` in place: the npm package `binaryen`
/// pinned in tests/package.json (installed with `npm ci`; it runs on node, so
/// nothing but npm is needed). Debian's binaryen (108) cannot read what rustc
/// 1.95 emits (`table.fill`). The result is kept in the target directory
/// under the input's hash, so an unchanged build is not optimized again.
fn optimize(root: &Path, target: &Path, wasm: &Path) -> Result<(), Error> {
    let input = fs::read(wasm)?;
    let mut hasher = DefaultHasher::new();
    input.hash(&mut hasher);
    WASM_OPT_ARGS.hash(&mut hasher);
    let lock = fs::read(root.join("tests").join("package-lock.json")).unwrap_or_default();
    lock.hash(&mut hasher);
    let cache_dir = target.join("wasm-opt");
    let cached = cache_dir.join(format!("{:016x}.wasm", hasher.finish()));
    if cached.is_file() {
        println!("wasm-opt: unchanged input, reusing {}", cached.display());
        fs::copy(&cached, wasm)?;
        return Ok(());
    }

    setup::ensure_node()?;
    setup::ensure_npm_deps(root)?;
    let script = setup::wasm_opt_script(root);
    if !script.is_file() {
        return Err(Error::new(format!(
            "{} is missing after `npm ci` in tests/; is `binaryen` in tests/package.json?",
            script.display()
        )));
    }
    fs::create_dir_all(&cache_dir)?;
    let tmp = cached.with_extension("tmp");
    let mut opt = Command::new("node");
    opt.arg(&script)
        .args(WASM_OPT_ARGS)
        .arg(wasm)
        .arg("-o")
        .arg(&tmp);
    if let Err(err) = cmd::run(&mut opt) {
        let _ = fs::remove_file(&tmp);
        return Err(err);
    }
    fs::rename(&tmp, &cached)?;
    fs::copy(&cached, wasm)?;
    Ok(())
}

/// Prints the size of `wasm`, raw and gzipped (gzip -9, if gzip is there).
fn report_size(root: &Path, wasm: &Path, stage: &str) {
    let Ok(raw) = fs::metadata(wasm).map(|m| m.len()) else {
        return;
    };
    let shown = wasm
        .strip_prefix(root)
        .unwrap_or(wasm)
        .display()
        .to_string();
    match gzip_size(wasm) {
        Some(gz) => println!(
            "{shown} ({stage}): {} raw, {} gzip -9",
            human(raw),
            human(gz)
        ),
        None => println!(
            "{shown} ({stage}): {} raw (gzip not found for the compressed size)",
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
