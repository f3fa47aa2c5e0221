//! The landscape views' engine calls: the loss over a grid of two
//! parameters (`lossSurface`), one parameter's value (`param`), and the
//! input plane in the coordinates of two hidden neurons (`warp`).

use nnplay_core::trainer::{LossSource, ParamRef};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::boundary::{self as arg, Read};
use crate::{err, JsResult, Playground};

const FLOATS: &[&str] = &["Float32Array"];

#[wasm_bindgen]
impl Playground {
    /// The mean loss (no penalty) over a `resolution` x `resolution` grid of
    /// the values of `p1` and `p2` (`{layer, row, col}`; `col` = the layer's
    /// input count is the bias), each within `span` of its current value,
    /// the rest of the network as it is: cell (row, col) has
    /// `p1 = c1 + span·(2col/(res−1) − 1)` and `p2 = c2 − span·(2row/(res−1) − 1)`
    /// (each computed in f64, rounded to f32). `source` is `"train"` (every
    /// training point, as `loss().train`) or `"batch"` (the next minibatch).
    /// Writes res² values into `out` (a Float32Array); nothing changes.
    #[wasm_bindgen(js_name = lossSurface)]
    pub fn loss_surface(
        &self,
        p1: JsValue,
        p2: JsValue,
        span: JsValue,
        resolution: JsValue,
        source: JsValue,
        out: &JsValue,
    ) -> JsResult<()> {
        self.call(
            "lossSurface",
            || {
                let source = match arg::string("source", &source, 16)?.as_str() {
                    "train" => LossSource::Train,
                    "batch" => LossSource::Batch,
                    other => {
                        return Err(format!(
                            "source must be \"train\" or \"batch\", got \"{other}\""
                        ))
                    }
                };
                Ok((
                    param_ref("p1", &p1)?,
                    param_ref("p2", &p2)?,
                    arg::float("span", &span)?,
                    arg::integer("resolution", &resolution)?,
                    source,
                    arg::out(out, FLOATS)?,
                ))
            },
            |e, (p1, p2, span, res, source, out)| {
                e.trainer.param(p1).map_err(|e| format!("p1: {e}"))?;
                e.trainer.param(p2).map_err(|e| format!("p2: {e}"))?;
                let mut values = vec![0.0; res.saturating_mul(res).min(1 << 20)];
                e.trainer
                    .loss_surface_into(p1, p2, span, res, source, &mut values)
                    .map_err(err)?;
                out.write_f32(&values)
            },
        )
    }

    /// The current value of one parameter `{layer, row, col}` (as in
    /// `lossSurface`).
    pub fn param(&self, p: JsValue) -> JsResult<f32> {
        self.call(
            "param",
            || param_ref("p", &p),
            |e, p| e.trainer.param(p).map_err(|e| format!("p: {e}")),
        )
    }

    /// Hidden layer `layer` (0 = the first) seen through its neurons `n1`
    /// and `n2`: into `out` (a Float32Array), every point's `(a[n1], a[n2])` in
    /// `points()` order, then `lines` vertical and `lines` horizontal grid
    /// lines of the input plane, each `samplesPerLine` vertices from −6 to +6,
    /// each vertex `(a[n1], a[n2])`. Length 2·(points + 2·lines·samplesPerLine).
    pub fn warp(
        &self,
        layer: JsValue,
        n1: JsValue,
        n2: JsValue,
        lines: JsValue,
        samples_per_line: JsValue,
        out: &JsValue,
    ) -> JsResult<()> {
        self.call(
            "warp",
            || {
                Ok((
                    arg::integer("layer", &layer)?,
                    arg::integer("n1", &n1)?,
                    arg::integer("n2", &n2)?,
                    arg::integer("lines", &lines)?,
                    arg::integer("samplesPerLine", &samples_per_line)?,
                    arg::out(out, FLOATS)?,
                ))
            },
            |e, (layer, n1, n2, lines, samples, out)| {
                let t = &mut e.trainer;
                let count = t.points().len() + 2 * lines.min(1 << 10) * samples.min(1 << 10);
                let mut values = vec![0.0; 2 * count];
                t.warp_into(layer, n1, n2, lines, samples, &mut values)
                    .map_err(err)?;
                out.write_f32(&values)
            },
        )
    }
}

/// `{layer, row, col}`, each a non-negative integer, nothing else.
fn param_ref(name: &str, v: &JsValue) -> Read<ParamRef> {
    let value = arg::json(name, v)?;
    let Value::Object(fields) = &value else {
        return Err(format!(
            "{name} must be an object like {{layer: 0, row: 1, col: 0}}"
        ));
    };
    let mut parts = [None; 3];
    for (key, v) in fields {
        let slot = match key.as_str() {
            "layer" => 0,
            "row" => 1,
            "col" => 2,
            other => {
                return Err(format!(
                    "{name}.{other}: unknown field (known: layer, row, col)"
                ))
            }
        };
        match v.as_u64() {
            Some(n) if n <= u32::MAX as u64 => parts[slot] = Some(n as usize),
            _ => {
                return Err(format!(
                    "{name}.{key}: must be a non-negative integer, got {}",
                    nnplay_json::describe(v)
                ))
            }
        }
    }
    match parts {
        [Some(layer), Some(row), Some(col)] => Ok(ParamRef { layer, row, col }),
        _ => Err(format!("{name} needs layer, row and col")),
    }
}
