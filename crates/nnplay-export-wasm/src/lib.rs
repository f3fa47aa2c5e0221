//! The exports as their own wasm module (`www/pkg/nnplay_export.js`), so the
//! page loads the ONNX encoder and the PyTorch writer only when a learner
//! exports: `exportOnnx(snapshot)` and `exportPytorch(snapshot, options)`,
//! where `snapshot` is what the engine's `Playground.snapshot()` returns.
//!
//! The snapshot is read exactly as `Playground.restore` reads it (every part
//! checked, a bad one named), so an export describes the very session the
//! learner sees. Every failure is a JS `Error` whose message starts with the
//! function's name; nothing panics into JS.

#![forbid(unsafe_code)]

use js_sys::Uint8Array;
use nnplay_core::{Model, Snapshot, Trainer};
use nnplay_export::{onnx, pytorch, Network};
use serde_json::Value;
use wasm_bindgen::prelude::*;

mod options;

/// The network of `snapshot` as ONNX model bytes: input `points` [N, 2]
/// (x1, x2), output `output` [N, 1] (or [N, K] class probabilities), equal
/// to the engine's `predict()` for each point.
#[wasm_bindgen(js_name = exportOnnx)]
pub fn export_onnx(snapshot: JsValue) -> Result<Uint8Array, JsError> {
    named("exportOnnx", || {
        let trainer = read_snapshot(&snapshot)?;
        let model = trainer.model();
        let net = Network::new(trainer.config(), &model)?;
        Ok(Uint8Array::from(onnx::model(&net).as_slice()))
    })
}

/// One runnable Python file that rebuilds the network of `snapshot` with
/// torch.nn, embeds its points and trains as the engine does. `options`
/// (optional): `{weights: "current" | "initial", epochs}` — the weights it
/// starts from (default the current ones; "initial" are the seed's, to
/// retrain) and the epochs it trains (default 100).
#[wasm_bindgen(js_name = exportPytorch)]
pub fn export_pytorch(snapshot: JsValue, options: JsValue) -> Result<String, JsError> {
    named("exportPytorch", || {
        let (initial, options) = if options.is_undefined() || options.is_null() {
            (false, pytorch::Options::default())
        } else {
            options::read(&json_of("options", &options)?)?
        };
        let trainer = read_snapshot(&snapshot)?;
        let config = trainer.config();
        let model: Model = if initial {
            Trainer::new(config).map_err(|e| e.to_string())?.model()
        } else {
            trainer.model()
        };
        let net = Network::new(config, &model)?;
        Ok(pytorch::script(config, &net, trainer.points(), options))
    })
}

/// Runs `body`, a failure becoming an `Error` that starts with `method`.
fn named<T>(method: &str, body: impl FnOnce() -> Result<T, String>) -> Result<T, JsError> {
    body().map_err(|message| JsError::new(&format!("{method}: {message}")))
}

/// `value` as JSON, through `JSON.stringify` (which catches a throwing
/// getter, a cycle or a BigInt and reports it here, named).
fn json_of(what: &str, value: &JsValue) -> Result<Value, String> {
    let text = js_sys::JSON::stringify(value)
        .map_err(|thrown| format!("{what}: cannot be read as JSON ({})", message_of(&thrown)))?;
    let text = String::from(text);
    serde_json::from_str(&text).map_err(|err| format!("{what}: {err}"))
}

fn message_of(thrown: &JsValue) -> String {
    thrown
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "an exception".into())
}

/// The session a snapshot describes, checked part by part as
/// `Playground.restore` checks it (`snapshot.points[3]: ...`).
fn read_snapshot(value: &JsValue) -> Result<Trainer, String> {
    if !value.is_object() {
        return Err("snapshot must be an object, as Playground.snapshot() returns".into());
    }
    let json = json_of("snapshot", value)?;
    let snapshot: Snapshot = nnplay_json::parse("snapshot", &json)?;
    Trainer::restore(&snapshot).map_err(|e| e.to_string())
}
