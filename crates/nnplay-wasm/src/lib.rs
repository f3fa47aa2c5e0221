//! nnplay for JavaScript: the `Playground` class (the README's "JS API"
//! section is the whole contract).
//!
//! ```js
//! import init, { Playground } from "./pkg/nnplay_wasm.js";
//! await init();
//! const pg = new Playground({ seed: 42, hidden: [4, 2] });
//! pg.train(10);
//! const pixels = new Uint8ClampedArray(100 * 100 * 4);
//! pg.boundaryPixelsInto(100, false, pixels);
//! ```
//!
//! # Errors
//!
//! Every failure throws a JS `Error` whose message names the field or the
//! argument: `config.optimizer.learningRate: must be > 0 and <= 100, got -1`,
//! `movePoint: point index 12 is out of range (there are 10 points)`,
//! `gridInto: out has 5 values, needs 10000`. Config errors start with
//! `config.`; every other message starts with the method's JS name. Panics
//! are bugs, not the error path (a panic hook prints one to the console).
//!
//! # Typed arrays and their lifetime
//!
//! No result is a view on wasm memory, so nothing a caller holds is ever
//! invalidated by the module's memory growing:
//!
//! - the plain forms (`grid`, `neurons`, `boundaryPixels`, `neuronPixels`,
//!   `featurePixels`, `outputPixels`, `colorScale`, `pointColors`, `predict`)
//!   return a new JS typed array owned by the caller, valid for as long as
//!   the caller keeps it;
//! - the `*Into` forms (`gridInto`, `neuronsInto`, `boundaryPixelsInto`,
//!   `neuronPixelsInto`) copy into the caller's own array (`Float32Array`, or
//!   `Uint8ClampedArray` / `Uint8Array` for pixels), which must have exactly
//!   the length the call produces; it is written during the call only and
//!   stays the caller's. Reusing one array per frame allocates nothing: the
//!   `Playground` computes into buffers of its own that it keeps and reuses
//!   across calls (they grow to the largest size asked for, and never shrink).
//!
//! A `Playground` holds wasm memory until `free()` is called on it.

pub mod colors;
pub mod config;
pub mod engine;
mod export;

use nnplay_core::{Config, Model, Point, Problem};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};

use js_sys::{Array, Float32Array, Object, Uint8Array, Uint8ClampedArray};
use web_sys::{CanvasRenderingContext2d, ImageData, OffscreenCanvasRenderingContext2d};

use crate::engine::{message, Engine};

type JsResult<T> = Result<T, JsValue>;

/// A JS `Error` with `msg`.
fn error(msg: impl AsRef<str>) -> JsValue {
    js_sys::Error::new(msg.as_ref()).into()
}

/// A JS `Error` for a failed call of `method`.
fn failed(method: &str, msg: impl core::fmt::Display) -> JsValue {
    error(format!("{method}: {msg}"))
}

/// Rust values to plain JS objects (not Maps); `None` is `null`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|e| error(format!("internal: could not convert a result to JS: {e}")))
}

/// A JS value as JSON, for the merging and path-naming deserialization of
/// `config`. `undefined` reads as `null`; a number that is not finite, a
/// function, a symbol or a bigint is refused, named by its path under `what`.
fn to_json(value: &JsValue, what: &str) -> Result<serde_json::Value, String> {
    let mut path = String::from(what);
    json_at(value, &mut path)
}

fn json_at(value: &JsValue, path: &mut String) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        if !n.is_finite() {
            return Err(format!("{path}: must be a finite number, got {n}"));
        }
        let exact_integer = n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0;
        return Ok(if exact_integer {
            Value::from(n as i64)
        } else {
            serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
        });
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    let is_list = Array::is_array(value) || js_sys::ArrayBuffer::is_view(value);
    if is_list {
        let items = Array::from(value);
        let mut out = Vec::with_capacity(items.length() as usize);
        for (i, item) in items.iter().enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            out.push(json_at(&item, path)?);
            path.truncate(len);
        }
        return Ok(Value::Array(out));
    }
    if value.is_object() && !value.is_function() {
        let mut map = serde_json::Map::new();
        for entry in Object::entries(value.unchecked_ref::<Object>()).iter() {
            let pair: Array = entry.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            let len = path.len();
            path.push('.');
            path.push_str(&key);
            let v = json_at(&pair.get(1), path)?;
            path.truncate(len);
            map.insert(key, v);
        }
        return Ok(Value::Object(map));
    }
    Err(format!(
        "{path}: expected a number, string, boolean, array or object, got a {}",
        value.js_typeof().as_string().unwrap_or_default()
    ))
}

/// A JS number that must be a non-negative integer (an index, a count).
fn integer_arg(method: &str, name: &str, v: f64) -> JsResult<usize> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 {
        Ok(v as usize)
    } else {
        Err(failed(
            method,
            format!("{name} must be a non-negative integer, got {v}"),
        ))
    }
}

/// A seed from the platform's secure random source (crypto.getRandomValues).
fn random_seed() -> Result<u32, String> {
    getrandom::u32().map_err(|e| {
        format!("config.seed: no seed was given and no random one could be drawn ({e})")
    })
}

fn check_len(method: &str, got: u32, needed: usize) -> JsResult<()> {
    if got as usize == needed {
        Ok(())
    } else {
        Err(failed(
            method,
            format!("out has {got} values, needs {needed}"),
        ))
    }
}

/// Copies `values` into the caller's `Float32Array`.
fn copy_f32(method: &str, out: &Float32Array, values: &[f32]) -> JsResult<()> {
    if !out.is_instance_of::<Float32Array>() {
        return Err(failed(method, "out must be a Float32Array"));
    }
    check_len(method, out.length(), values.len())?;
    out.copy_from(values);
    Ok(())
}

/// Copies `pixels` into the caller's `Uint8ClampedArray` (or `Uint8Array`).
fn copy_u8(method: &str, out: &Uint8ClampedArray, pixels: &[u8]) -> JsResult<()> {
    if out.is_instance_of::<Uint8ClampedArray>() {
        check_len(method, out.length(), pixels.len())?;
        out.copy_from(pixels);
    } else if let Some(bytes) = out.dyn_ref::<Uint8Array>() {
        check_len(method, bytes.length(), pixels.len())?;
        bytes.copy_from(pixels);
    } else {
        return Err(failed(method, "out must be a Uint8ClampedArray"));
    }
    Ok(())
}

/// One training session in the browser: data, network, optimizer, and the
/// pictures of what it learned.
#[wasm_bindgen]
pub struct Playground {
    engine: Engine,
}

#[wasm_bindgen]
impl Playground {
    /// Builds the data and the network from `config` (every field optional;
    /// without a seed, a random one is drawn and reported by `config()`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> JsResult<Playground> {
        console_error_panic_hook::set_once();
        let partial = to_json(&config, "config").map_err(error)?;
        let config =
            config::merge(&Config::default(), &partial, true, &mut random_seed).map_err(error)?;
        let engine = Engine::new(&config).map_err(|e| error(message(e)))?;
        Ok(Playground { engine })
    }

    // ----- training -----

    /// One minibatch update: `{epoch, step, batchLoss, diverged}`.
    pub fn step(&mut self) -> JsResult<JsValue> {
        let report = self.engine.trainer.step().map_err(|e| failed("step", e))?;
        to_js(&report)
    }

    /// `epochs` whole epochs (stops early if the loss diverges).
    pub fn train(&mut self, epochs: f64) -> JsResult<JsValue> {
        let epochs = integer_arg("train", "epochs", epochs)?;
        let report = self
            .engine
            .trainer
            .train(epochs as u32)
            .map_err(|e| failed("train", e))?;
        to_js(&report)
    }

    /// Fresh weights from the seed, a fresh optimizer, counters at zero; the
    /// data is kept; divergence is cleared.
    pub fn reset(&mut self) {
        self.engine.trainer.reset();
    }

    /// A new data set from the config (every point replaced), then `reset()`.
    pub fn regenerate(&mut self) {
        self.engine.trainer.regenerate();
    }

    /// The output at (x, y): a number, or a `Float32Array` of K class
    /// probabilities (multiclass).
    pub fn predict(&mut self, x: f32, y: f32) -> JsResult<JsValue> {
        let multiclass = self.engine.trainer.config().problem == Problem::Multiclass;
        let out = self
            .engine
            .predict(x, y)
            .map_err(|e| failed("predict", e))?;
        Ok(if multiclass {
            Float32Array::from(out).into()
        } else {
            JsValue::from_f64(out[0] as f64)
        })
    }

    /// `{train, test, trainAccuracy, testAccuracy}` (accuracies `null` for
    /// regression).
    pub fn loss(&mut self) -> JsResult<JsValue> {
        to_js(&self.engine.trainer.loss())
    }

    /// `{epoch, step, diverged, pointCount, trainCount, testCount}`.
    pub fn state(&self) -> JsResult<JsValue> {
        to_js(&self.engine.state())
    }

    // ----- the data -----

    /// `[{x, y, label, test}]`.
    pub fn points(&self) -> JsResult<JsValue> {
        to_js(self.engine.trainer.points())
    }

    /// Replaces every point (`test` optional, default false).
    #[wasm_bindgen(js_name = setPoints)]
    pub fn set_points(&mut self, points: JsValue) -> JsResult<()> {
        let value = to_json(&points, "points").map_err(|e| failed("setPoints", e))?;
        let points: Vec<Point> =
            config::parse("points", value).map_err(|e| failed("setPoints", e))?;
        self.engine
            .trainer
            .set_points(&points)
            .map_err(|e| failed("setPoints", e))
    }

    /// Adds a training point; returns its index.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(&mut self, x: f32, y: f32, label: f32) -> JsResult<u32> {
        self.engine
            .trainer
            .add_point(x, y, label)
            .map(|i| i as u32)
            .map_err(|e| failed("addPoint", e))
    }

    #[wasm_bindgen(js_name = movePoint)]
    pub fn move_point(&mut self, index: f64, x: f32, y: f32) -> JsResult<()> {
        let index = integer_arg("movePoint", "index", index)?;
        self.engine
            .trainer
            .move_point(index, x, y)
            .map_err(|e| failed("movePoint", e))
    }

    #[wasm_bindgen(js_name = removePoint)]
    pub fn remove_point(&mut self, index: f64) -> JsResult<()> {
        let index = integer_arg("removePoint", "index", index)?;
        self.engine
            .trainer
            .remove_point(index)
            .map_err(|e| failed("removePoint", e))
    }

    #[wasm_bindgen(js_name = setPointLabel)]
    pub fn set_point_label(&mut self, index: f64, label: f32) -> JsResult<()> {
        let index = integer_arg("setPointLabel", "index", index)?;
        self.engine
            .trainer
            .set_label(index, label)
            .map_err(|e| failed("setPointLabel", e))
    }

    #[wasm_bindgen(js_name = clearPoints)]
    pub fn clear_points(&mut self) {
        self.engine.trainer.clear_points();
    }

    /// Every point as CSV text: `x,y,label,split` (split `train` or `test`).
    #[wasm_bindgen(js_name = exportPoints)]
    pub fn export_points(&self) -> String {
        self.engine.trainer.export_csv()
    }

    /// Replaces every point with the CSV text's and returns their count. A
    /// bad line throws naming it (`importPoints: line 3: ...`) and nothing
    /// changes.
    #[wasm_bindgen(js_name = importPoints)]
    pub fn import_points(&mut self, text: &str) -> JsResult<u32> {
        self.engine
            .trainer
            .import_csv(text)
            .map(|n| n as u32)
            .map_err(|e| failed("importPoints", e))
    }

    // ----- the model -----

    /// `{layers: [{weights: number[][] (out x in), biases: number[]}]}`.
    pub fn model(&self) -> JsResult<JsValue> {
        to_js(&self.engine.trainer.model())
    }

    /// Loads weights and biases of exactly the network's shape (the
    /// optimizer's state is cleared, and so is divergence).
    #[wasm_bindgen(js_name = setModel)]
    pub fn set_model(&mut self, model: JsValue) -> JsResult<()> {
        let value = to_json(&model, "model").map_err(|e| failed("setModel", e))?;
        let model: Model = config::parse("model", value).map_err(|e| failed("setModel", e))?;
        self.engine
            .trainer
            .set_model(&model)
            .map_err(|e| failed("setModel", e))
    }

    /// Sets `W[row][col]` of `layer` (0 = the first layer after the inputs).
    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(&mut self, layer: f64, row: f64, col: f64, value: f32) -> JsResult<()> {
        let layer = integer_arg("setWeight", "layer", layer)?;
        let row = integer_arg("setWeight", "row", row)?;
        let col = integer_arg("setWeight", "col", col)?;
        self.engine
            .trainer
            .set_weight(layer, row, col, value)
            .map_err(|e| failed("setWeight", e))
    }

    /// dObjective/dparam for the next minibatch, shaped like `model()`;
    /// nothing is updated.
    /// The next minibatch's backward pass, for teaching: `{batch, objective,
    /// gradients, deltas, outputs, losses}` with `deltas[sample][layer][neuron]`
    /// = dLoss/dz for every layer after the inputs, `outputs[sample]` and
    /// `losses[sample]` each sample's output and loss. Nothing is updated.
    pub fn backprop(&mut self) -> JsResult<JsValue> {
        let b = self.engine.backprop().map_err(|e| failed("backprop", e))?;
        to_js(&b)
    }

    pub fn gradients(&mut self) -> JsResult<JsValue> {
        let g = self
            .engine
            .gradients()
            .map_err(|e| failed("gradients", e))?;
        to_js(&g)
    }

    // ----- the config -----

    /// Merges `partial` over the current config (see `config::merge`).
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&mut self, partial: JsValue) -> JsResult<()> {
        let partial = to_json(&partial, "config").map_err(error)?;
        let current = self.engine.trainer.config().clone();
        let config = config::merge(&current, &partial, false, &mut random_seed).map_err(error)?;
        self.engine
            .trainer
            .set_config(&config)
            .map_err(|e| error(message(e)))
    }

    /// The normalized config, every field present.
    pub fn config(&self) -> JsResult<JsValue> {
        to_js(&config::display_value(self.engine.trainer.config()))
    }

    /// `[nIn, ...hidden, nOut]`.
    #[wasm_bindgen(js_name = layerSizes)]
    pub fn layer_sizes(&self) -> JsResult<JsValue> {
        to_js(&self.engine.trainer.layout().sizes)
    }

    // ----- pictures -----

    /// The output over a resolution x resolution grid (K values per cell
    /// for multiclass).
    pub fn grid(&mut self, resolution: f64) -> JsResult<Float32Array> {
        let res = integer_arg("grid", "resolution", resolution)?;
        let values = self.engine.grid(res).map_err(|e| failed("grid", e))?;
        Ok(Float32Array::from(values))
    }

    #[wasm_bindgen(js_name = gridInto)]
    pub fn grid_into(&mut self, resolution: f64, out: &Float32Array) -> JsResult<()> {
        let res = integer_arg("gridInto", "resolution", resolution)?;
        let values = self.engine.grid(res).map_err(|e| failed("gridInto", e))?;
        copy_f32("gridInto", out, values)
    }

    /// Every hidden neuron's activation over the grid, neuron-major.
    pub fn neurons(&mut self, resolution: f64) -> JsResult<Float32Array> {
        let res = integer_arg("neurons", "resolution", resolution)?;
        let values = self.engine.neurons(res).map_err(|e| failed("neurons", e))?;
        Ok(Float32Array::from(values))
    }

    #[wasm_bindgen(js_name = neuronsInto)]
    pub fn neurons_into(&mut self, resolution: f64, out: &Float32Array) -> JsResult<()> {
        let res = integer_arg("neuronsInto", "resolution", resolution)?;
        let values = self
            .engine
            .neurons(res)
            .map_err(|e| failed("neuronsInto", e))?;
        copy_f32("neuronsInto", out, values)
    }

    /// RGBA pixels of the decision boundary.
    #[wasm_bindgen(js_name = boundaryPixels)]
    pub fn boundary_pixels(
        &mut self,
        resolution: f64,
        discretize: bool,
    ) -> JsResult<Uint8ClampedArray> {
        let res = integer_arg("boundaryPixels", "resolution", resolution)?;
        let px = self
            .engine
            .boundary_pixels(res, discretize)
            .map_err(|e| failed("boundaryPixels", e))?;
        Ok(Uint8ClampedArray::from(px))
    }

    #[wasm_bindgen(js_name = boundaryPixelsInto)]
    pub fn boundary_pixels_into(
        &mut self,
        resolution: f64,
        discretize: bool,
        out: &Uint8ClampedArray,
    ) -> JsResult<()> {
        let method = "boundaryPixelsInto";
        let res = integer_arg(method, "resolution", resolution)?;
        let px = self
            .engine
            .boundary_pixels(res, discretize)
            .map_err(|e| failed(method, e))?;
        copy_u8(method, out, px)
    }

    /// RGBA thumbnails of every hidden neuron, neuron-major.
    #[wasm_bindgen(js_name = neuronPixels)]
    pub fn neuron_pixels(&mut self, resolution: f64) -> JsResult<Uint8ClampedArray> {
        let res = integer_arg("neuronPixels", "resolution", resolution)?;
        let px = self
            .engine
            .neuron_pixels(res)
            .map_err(|e| failed("neuronPixels", e))?;
        Ok(Uint8ClampedArray::from(px))
    }

    #[wasm_bindgen(js_name = neuronPixelsInto)]
    pub fn neuron_pixels_into(&mut self, resolution: f64, out: &Uint8ClampedArray) -> JsResult<()> {
        let method = "neuronPixelsInto";
        let res = integer_arg(method, "resolution", resolution)?;
        let px = self
            .engine
            .neuron_pixels(res)
            .map_err(|e| failed(method, e))?;
        copy_u8(method, out, px)
    }

    /// RGBA thumbnails of the nine features (x1, x2, x1Squared, x2Squared,
    /// x1x2, sinX1, sinX2, cosX1, cosX2), each divided by its largest
    /// magnitude over the domain.
    #[wasm_bindgen(js_name = featurePixels)]
    pub fn feature_pixels(&mut self, resolution: f64) -> JsResult<Uint8ClampedArray> {
        let res = integer_arg("featurePixels", "resolution", resolution)?;
        let px = self
            .engine
            .feature_pixels(res)
            .map_err(|e| failed("featurePixels", e))?;
        Ok(Uint8ClampedArray::from(px))
    }

    /// `boundaryPixels(resolution, false)`.
    #[wasm_bindgen(js_name = outputPixels)]
    pub fn output_pixels(&mut self, resolution: f64) -> JsResult<Uint8ClampedArray> {
        let res = integer_arg("outputPixels", "resolution", resolution)?;
        let px = self
            .engine
            .boundary_pixels(res, false)
            .map_err(|e| failed("outputPixels", e))?;
        Ok(Uint8ClampedArray::from(px))
    }

    /// Puts the boundary as ImageData at (0, 0) of a
    /// `CanvasRenderingContext2D` or an `OffscreenCanvasRenderingContext2D`.
    #[wasm_bindgen(js_name = drawBoundary)]
    pub fn draw_boundary(
        &mut self,
        ctx: &JsValue,
        resolution: f64,
        discretize: bool,
    ) -> JsResult<()> {
        let method = "drawBoundary";
        let canvas = ctx.dyn_ref::<CanvasRenderingContext2d>();
        let offscreen = ctx.dyn_ref::<OffscreenCanvasRenderingContext2d>();
        if canvas.is_none() && offscreen.is_none() {
            return Err(failed(
                method,
                "ctx must be a CanvasRenderingContext2D or an OffscreenCanvasRenderingContext2D",
            ));
        }
        let res = integer_arg(method, "resolution", resolution)?;
        let px = self
            .engine
            .boundary_pixels(res, discretize)
            .map_err(|e| failed(method, e))?;
        let side = res as u32;
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(px), side, side)?;
        match (canvas, offscreen) {
            (Some(c), _) => c.put_image_data(&image, 0.0, 0.0),
            (_, Some(c)) => c.put_image_data(&image, 0.0, 0.0),
            (None, None) => Ok(()),
        }
    }

    /// `n` RGBA colours for a legend, from output -1 to +1 at full strength
    /// (the points' colours; the boundary is drawn 25% lighter), or for
    /// multiclass the class colours in order.
    #[wasm_bindgen(js_name = colorScale)]
    pub fn color_scale(&self, n: f64) -> JsResult<Uint8ClampedArray> {
        let n = integer_arg("colorScale", "n", n)?;
        let px = self
            .engine
            .color_scale(n)
            .map_err(|e| failed("colorScale", e))?;
        Ok(Uint8ClampedArray::from(&px[..]))
    }

    /// An activation function and its slope sampled over [from, to]:
    /// `{z, a, slope}` with a = f(z), slope = f'(z), exactly as training
    /// computes them (for teaching; needs no Playground state).
    #[wasm_bindgen(js_name = activationCurve)]
    pub fn activation_curve(
        &self,
        activation: &str,
        from: f32,
        to: f32,
        samples: f64,
    ) -> JsResult<JsValue> {
        let samples = integer_arg("activationCurve", "samples", samples)?;
        let curve = crate::engine::activation_curve(activation, from, to, samples)
            .map_err(|e| failed("activationCurve", e))?;
        to_js(&curve)
    }

    /// RGBA per point: its label's colour.
    #[wasm_bindgen(js_name = pointColors)]
    pub fn point_colors(&mut self) -> Uint8ClampedArray {
        Uint8ClampedArray::from(self.engine.point_colors())
    }

    /// `{inputs, layers: [{z, a}]}`: every neuron's z and a for one input
    /// (the output layer's `a` is the network's output).
    pub fn trace(&mut self, x: f32, y: f32) -> JsResult<JsValue> {
        let t = self.engine.trace(x, y).map_err(|e| failed("trace", e))?;
        to_js(&t)
    }
}
