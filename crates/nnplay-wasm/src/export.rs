//! The `Playground`'s way out: the trained network as an ONNX model
//! (`exportOnnx`).

use js_sys::Uint8Array;
use nnplay_export::{onnx, Network};
use wasm_bindgen::prelude::*;

use crate::Playground;

/// A JS `Error` for a failed call of `method`.
fn failed(method: &str, msg: impl core::fmt::Display) -> JsValue {
    js_sys::Error::new(&format!("{method}: {msg}")).into()
}

#[wasm_bindgen]
impl Playground {
    /// The network as ONNX model bytes: input `points` [N, 2] (x1, x2),
    /// output `output` [N, 1] (or [N, K] class probabilities), equal to
    /// `predict()` for each point.
    #[wasm_bindgen(js_name = exportOnnx)]
    pub fn export_onnx(&self) -> Result<Uint8Array, JsValue> {
        let trainer = &self.engine.trainer;
        let model = trainer.model();
        let net = Network::new(trainer.config(), &model).map_err(|e| failed("exportOnnx", e))?;
        Ok(Uint8Array::from(onnx::model(&net).as_slice()))
    }
}
