//! The optimizer race's engine call: hold every bias still while the
//! weights train (`freezeBiases`), so a single neuron's loss over its two
//! weights is exactly the surface its optimizers' paths walk on.

use wasm_bindgen::prelude::*;

use crate::boundary as arg;
use crate::{JsResult, Playground};

#[wasm_bindgen]
impl Playground {
    /// `true`: from now on `step()` / `train()` leave every bias at its value
    /// (its gradient is zeroed and the bias is put back after the update);
    /// `false`: biases train again. A session property, not part of the
    /// config, the link or `snapshot()`; a new or restored Playground starts
    /// with it off. Returns the setting.
    #[wasm_bindgen(js_name = freezeBiases)]
    pub fn freeze_biases(&self, frozen: JsValue) -> JsResult<bool> {
        self.call(
            "freezeBiases",
            || arg::boolean("frozen", &frozen),
            |e, frozen| {
                e.trainer.set_biases_frozen(frozen);
                Ok(frozen)
            },
        )
    }

    /// Whether the biases are frozen (see `freezeBiases`).
    #[wasm_bindgen(js_name = biasesFrozen)]
    pub fn biases_frozen(&self) -> JsResult<bool> {
        self.with("biasesFrozen", |e| Ok(e.trainer.biases_frozen()))
    }
}
