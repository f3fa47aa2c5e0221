//! `cargo xtask bench`: the core's benchmark natively, then the JS benchmark
//! (the wasm build in node, beside its peers convnetjs and TensorFlow.js),
//! then the browser benchmark (the page in headless Chromium).

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::path::Path;
use std::process::Command;

use crate::build;
use crate::cmd::{self, Error};
use crate::serve::Server;
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

    // The peers (convnetjs, TensorFlow.js) and playwright-core come from tests/.
    setup::ensure_node()?;
    setup::ensure_npm_deps(root)?;
    setup::ensure_bench_peers(root)?;

    println!("\n==> JS benchmark (node, --target web build, with its peers)");
    cmd::run(
        Command::new("node")
            .current_dir(root)
            .arg("tests/bench/engine.mjs")
            .env("NNPLAY_ROOT", root),
    )?;

    println!("\n==> browser benchmark (headless Chromium, the page)");
    setup::ensure_chromium()?;
    let addr = SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0));
    let server = Server::bind(addr, &root.join("www"))
        .map_err(|e| Error::new(format!("cannot start the static server: {e}")))?;
    let url = format!("http://{}/", server.local_addr()?);
    server.spawn();
    cmd::run(
        Command::new("node")
            .current_dir(root)
            .arg("tests/bench/browser.mjs")
            .env("NNPLAY_ROOT", root)
            .env("NNPLAY_URL", &url)
            .env("CHROMIUM_PATH", setup::chromium_path()),
    )
}
