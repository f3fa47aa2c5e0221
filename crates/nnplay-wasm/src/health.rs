//! `health()`: the network's dead and saturated units and its output's
//! saturation on the training points, read by the page's advice panel.

use wasm_bindgen::prelude::*;

use crate::{to_js, JsResult, Playground};

#[wasm_bindgen]
impl Playground {
    /// `{points, layers: [{neurons, dead, saturated}], output: {saturated,
    /// saturatedWrong}}`: per hidden layer the share of units whose output is
    /// 0 on every training point (dead) and of tanh/sigmoid units whose slope
    /// is under 2 % of its peak on at least 90 % of them (saturated); the
    /// share of training points where the output sits at its limit, and where
    /// it does so on the wrong class. Changes nothing.
    pub fn health(&self) -> JsResult<JsValue> {
        self.with("health", |e| to_js(&e.trainer.health()))
    }
}
