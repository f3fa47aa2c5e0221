//! `trainingForward()`: the next minibatch's forward pass exactly as the next
//! `step()` computes it (batch statistics, the step's dropout masks), for the
//! step-by-step view. Read-only.

use wasm_bindgen::prelude::*;

use crate::{err, to_js, JsResult, Playground};

#[wasm_bindgen]
impl Playground {
    /// `{batch, dropout, keepScale, eps, momentum, inputs, layers: [{z,
    /// norm, f, mask, a}], losses}`: per layer after the inputs and per
    /// sample (`[sample][neuron]`) the linear sum `z`; for a batch-normalized
    /// layer `norm: {mean, var, gamma, beta, runningMean, runningVar, xhat,
    /// y}` (μ and biased σ² of z over the minibatch, x̂ and y = γx̂ + β per
    /// sample, the running estimates evaluation uses), else `null`; `f` the
    /// activation before dropout; `mask` 0 (dropped) or `keepScale` = 1/(1−p)
    /// per sample and neuron (`null` without dropout and on the output
    /// layer); `a` = f × mask (the output layer's is the network's output, as
    /// `backprop()` gives it). Nothing changes.
    #[wasm_bindgen(js_name = trainingForward)]
    pub fn training_forward(&self) -> JsResult<JsValue> {
        self.with("trainingForward", |e| {
            to_js(&e.trainer.next_training_forward().map_err(err)?)
        })
    }
}
