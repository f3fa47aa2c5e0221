//! The `Playground`'s way out: the trained network as an ONNX model
//! (`exportOnnx`) and as a runnable PyTorch script (`exportPytorch`).

use js_sys::{Object, Reflect, Uint8Array};
use nnplay_core::{Model, Trainer};
use nnplay_export::{onnx, pytorch, Network};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

    /// A runnable Python file that rebuilds the network with torch.nn,
    /// embeds the points and trains as the engine does. `options` (optional):
    /// `{weights: "current" | "initial", epochs}` — the weights it starts
    /// from (default the current ones; "initial" are the seed's, to retrain)
    /// and the epochs it trains (default 100).
    #[wasm_bindgen(js_name = exportPytorch)]
    pub fn export_pytorch(&self, options: JsValue) -> Result<String, JsValue> {
        const METHOD: &str = "exportPytorch";
        let (initial, options) = read_options(&options).map_err(|e| failed(METHOD, e))?;
        let trainer = &self.engine.trainer;
        let config = trainer.config();
        let model: Model = if initial {
            Trainer::new(config).map_err(|e| failed(METHOD, e))?.model()
        } else {
            trainer.model()
        };
        let net = Network::new(config, &model).map_err(|e| failed(METHOD, e))?;
        Ok(pytorch::script(config, &net, trainer.points(), options))
    }
}

/// `{weights, epochs}`, every field optional, unknown fields refused.
fn read_options(value: &JsValue) -> Result<(bool, pytorch::Options), String> {
    let mut options = pytorch::Options::default();
    let mut initial = false;
    if value.is_undefined() || value.is_null() {
        return Ok((initial, options));
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err("options must be an object like {weights: \"initial\", epochs: 100}".into());
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        let v = Reflect::get(value, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
        match key.as_str() {
            "weights" => match v.as_string().as_deref() {
                Some("current") => initial = false,
                Some("initial") => initial = true,
                _ => {
                    return Err(format!(
                        "options.weights: must be \"current\" or \"initial\", got {v:?}"
                    ))
                }
            },
            "epochs" => match v.as_f64() {
                Some(n) if n.fract() == 0.0 && (0.0..=1_000_000.0).contains(&n) => {
                    options.epochs = n as u32
                }
                _ => {
                    return Err(format!(
                        "options.epochs: must be an integer in 0..=1000000, got {v:?}"
                    ))
                }
            },
            other => {
                return Err(format!(
                    "options.{other}: unknown option (known: weights, epochs)"
                ))
            }
        }
    }
    Ok((initial, options))
}
