//! One parameter at a time, for the step-by-step view: a neuron's bias set
//! by hand (`setBias`) and the optimizer's memory for one weight or bias
//! (`optimizerState`, read-only).

use wasm_bindgen::prelude::*;

use crate::boundary as arg;
use crate::{err, to_js, JsResult, Playground};

#[wasm_bindgen]
impl Playground {
    /// Sets the bias of neuron `row` of `layer` (0 = the first layer after
    /// the inputs).
    #[wasm_bindgen(js_name = setBias)]
    pub fn set_bias(&self, layer: JsValue, row: JsValue, value: JsValue) -> JsResult<()> {
        self.call(
            "setBias",
            || {
                Ok((
                    arg::integer("layer", &layer)?,
                    arg::integer("row", &row)?,
                    arg::number("value", &value)?,
                ))
            },
            |e, (l, r, v)| e.trainer.set_bias(l, r, v as f32).map_err(err),
        )
    }

    /// The optimizer's state for `W[row][col]` of `layer`, or for the bias of
    /// neuron `row` when `col` is the layer's input count: `{kind, value,
    /// first, second, steps}` — `first` is momentum's v or Adam's m, `second`
    /// RMSprop's s or Adam's v, `steps` the updates taken (Adam's t).
    #[wasm_bindgen(js_name = optimizerState)]
    pub fn optimizer_state(&self, layer: JsValue, row: JsValue, col: JsValue) -> JsResult<JsValue> {
        self.call(
            "optimizerState",
            || {
                Ok((
                    arg::integer("layer", &layer)?,
                    arg::integer("row", &row)?,
                    arg::integer("col", &col)?,
                ))
            },
            |e, (l, r, c)| to_js(&e.trainer.optimizer_state(l, r, c).map_err(err)?),
        )
    }
}
