//! `cargo xtask bench`: the core's benchmark, then the JS benchmark.

use std::path::Path;
use std::process::Command;

use crate::build;
use crate::cmd::{self, Error};
use crate::setup;

pub fn bench_command(root: &Path) -> Result<(), Error> {
    println!("==> cargo bench -p nnplay-core");
    cmd::run(
        cmd::cargo()
            .current_dir(root)
            .args(["bench", "-p", "nnplay-core"]),
    )?;

    println!("\n==> build --release");
    build::build(root, true)?;

    println!("\n==> JS benchmark (node, --target web build)");
    setup::ensure_node()?;
    cmd::run(
        Command::new("node")
            .current_dir(root)
            .arg("tests/bench/engine.mjs")
            .env("NNPLAY_ROOT", root),
    )
}
