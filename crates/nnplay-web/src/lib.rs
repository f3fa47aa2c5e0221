//! The page's engine module (`www/pkg/nnplay_wasm_bg.wasm`): `nnplay-wasm`'s
//! `Playground`, linked into a cdylib by a crate of its own.
//!
//! Why a crate of its own: with fat LTO the whole module is optimized at the
//! opt-level of the crate that links it, while each crate's own code (and
//! every generic it instantiates, such as the serde code of each type the
//! page sends or reads) keeps the size attributes of that crate's level. So
//! this crate links at opt-level 3 — the core's training and evaluation at
//! full speed — and `nnplay-wasm`, cold glue run once per call, is built
//! for size (the release profile in the workspace's Cargo.toml).

pub use nnplay_wasm::*;

/// The allocator (see Cargo.toml for why talc); single-threaded wasm only.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
