//! `dropoutMasks()`: the dropout masks the last training step used, for the
//! diagram's marks of the neurons its minibatch switched off.

use js_sys::Float32Array;
use wasm_bindgen::prelude::*;

use crate::{JsResult, Playground};

#[wasm_bindgen]
impl Playground {
    /// The masks the last training step (`step`, `train`) used: a
    /// `Float32Array` of `[sample][hidden neuron]` (samples in minibatch
    /// order, neurons layer after layer), 0 for a dropped neuron and
    /// 1 / (1 − dropout) for a kept one. Its length over the hidden-neuron
    /// count is that minibatch's size. Empty when dropout is off and when no
    /// step was taken since the weights were reset. Reading `gradients()` or
    /// `backprop()` (the next minibatch) leaves it be. Changes nothing.
    #[wasm_bindgen(js_name = dropoutMasks)]
    pub fn dropout_masks(&self) -> JsResult<Float32Array> {
        self.with("dropoutMasks", |e| {
            Ok(Float32Array::from(e.trainer.step_dropout_masks()))
        })
    }
}
