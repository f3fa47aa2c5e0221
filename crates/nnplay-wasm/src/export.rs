//! The `Playground`'s way out: the trained network as an ONNX model
//! (`exportOnnx`) and as a runnable PyTorch script (`exportPytorch`).

use js_sys::Uint8Array;
use nnplay_core::{Model, Trainer};
use nnplay_export::{onnx, pytorch, Network};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::boundary as arg;
use crate::{err, JsResult, Playground};

#[wasm_bindgen]
impl Playground {
    /// The network as ONNX model bytes: input `points` [N, 2] (x1, x2),
    /// output `output` [N, 1] (or [N, K] class probabilities), equal to
    /// `predict()` for each point.
    #[wasm_bindgen(js_name = exportOnnx)]
    pub fn export_onnx(&self) -> JsResult<Uint8Array> {
        self.with("exportOnnx", |e| {
            let trainer = &e.trainer;
            let model = trainer.model();
            let net = Network::new(trainer.config(), &model).map_err(err)?;
            Ok(Uint8Array::from(onnx::model(&net).as_slice()))
        })
    }

    /// A runnable Python file that rebuilds the network with torch.nn,
    /// embeds the points and trains as the engine does. `options` (optional):
    /// `{weights: "current" | "initial", epochs}` — the weights it starts
    /// from (default the current ones; "initial" are the seed's, to retrain)
    /// and the epochs it trains (default 100).
    #[wasm_bindgen(js_name = exportPytorch)]
    pub fn export_pytorch(&self, options: JsValue) -> JsResult<String> {
        self.call(
            "exportPytorch",
            || {
                if options.is_undefined() || options.is_null() {
                    return Ok((false, pytorch::Options::default()));
                }
                read_options(&arg::json("options", &options)?)
            },
            |e, (initial, options)| {
                let trainer = &e.trainer;
                let config = trainer.config();
                let model: Model = if initial {
                    Trainer::new(config).map_err(err)?.model()
                } else {
                    trainer.model()
                };
                let net = Network::new(config, &model).map_err(err)?;
                Ok(pytorch::script(config, &net, trainer.points(), options))
            },
        )
    }
}

/// `{weights, epochs}`, every field optional, unknown fields refused.
fn read_options(value: &Value) -> Result<(bool, pytorch::Options), String> {
    let mut options = pytorch::Options::default();
    let mut initial = false;
    let Value::Object(fields) = value else {
        return Err("options must be an object like {weights: \"initial\", epochs: 100}".into());
    };
    for (key, v) in fields {
        match key.as_str() {
            "weights" => match v.as_str() {
                Some("current") => initial = false,
                Some("initial") => initial = true,
                _ => {
                    return Err(format!(
                        "options.weights: must be \"current\" or \"initial\", got {v}"
                    ))
                }
            },
            "epochs" => match v.as_f64() {
                Some(n) if n.fract() == 0.0 && (0.0..=1_000_000.0).contains(&n) => {
                    options.epochs = n as u32
                }
                _ => {
                    return Err(format!(
                        "options.epochs: must be an integer in 0..=1000000, got {v}"
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
