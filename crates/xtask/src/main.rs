//! nnplay's developer tasks, run as `cargo xtask <command>` (see the alias in
//! `.cargo/config.toml`). Every command installs what it is missing, so a
//! fresh machine with only Rust, node and npm can build, serve and test.

mod bench;
mod build;
mod check;
mod cmd;
mod serve;
mod setup;

use std::process::ExitCode;

use crate::cmd::Error;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  build [--release]           build the wasm crate and run wasm-bindgen into www/pkg/
                              (--release: then binaryen's wasm-opt -O3; prints the sizes)
  serve [--port N] [--no-build]
                              build (release), then serve www/ on http://127.0.0.1:N/ (default 8000);
                              a connection may last NNPLAY_SERVE_DEADLINE seconds (default 30)
  test                        fmt, clippy, core tests, no_std build, wasm tests (node and
                              headless Chromium), then the node/browser tests in tests/
  bench                       the core's cargo bench, the JS benchmark with its peers
                              (tests/bench/engine.mjs), the browser benchmark (tests/bench/browser.mjs)
  help                        this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("\nxtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), Error> {
    let Some((command, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Err(Error::new("no command given"));
    };
    setup::put_cargo_bin_on_path();
    let root = cmd::repo_root();
    match command.as_str() {
        "build" => {
            let mut release = false;
            for arg in rest {
                match arg.as_str() {
                    "--release" | "-r" => release = true,
                    other => return Err(unknown(other)),
                }
            }
            build::build(&root, release).map(|_| ())
        }
        "serve" => {
            let mut port: u16 = 8000;
            let mut no_build = false;
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--no-build" => no_build = true,
                    "--port" | "-p" => {
                        let value = it
                            .next()
                            .ok_or_else(|| Error::new("--port needs a number"))?;
                        port = parse_port(value)?;
                    }
                    other if other.starts_with("--port=") => {
                        port = parse_port(&other["--port=".len()..])?;
                    }
                    other => return Err(unknown(other)),
                }
            }
            serve::serve_command(&root, port, !no_build)
        }
        "test" => {
            if let Some(other) = rest.first() {
                return Err(unknown(other));
            }
            check::test_command(&root)
        }
        "bench" => {
            if let Some(other) = rest.first() {
                return Err(unknown(other));
            }
            bench::bench_command(&root)
        }
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => {
            print!("{USAGE}");
            Err(Error::new(format!("unknown command `{other}`")))
        }
    }
}

fn unknown(arg: &str) -> Error {
    Error::new(format!("unknown argument `{arg}` (see `cargo xtask help`)"))
}

fn parse_port(value: &str) -> Result<u16, Error> {
    value
        .parse::<u16>()
        .map_err(|_| Error::new(format!("--port: `{value}` is not a port number (0-65535)")))
}
