//! The `Playground`'s pictures: the output and every hidden neuron over a
//! grid, as values or RGBA pixels, new arrays or copied into the caller's,
//! legend and point colours, traces and activation curves.

use js_sys::{Float32Array, Uint8ClampedArray};
use wasm_bindgen::prelude::*;

use crate::boundary as arg;
use crate::{lessons, to_js, JsResult, Playground};

const FLOATS: &[&str] = &["Float32Array"];
const PIXELS: &[&str] = &["Uint8ClampedArray", "Uint8Array"];

#[wasm_bindgen]
impl Playground {
    /// The output over a resolution x resolution grid (K values per cell
    /// for multiclass).
    pub fn grid(&self, resolution: JsValue) -> JsResult<Float32Array> {
        self.call(
            "grid",
            || arg::integer("resolution", &resolution),
            |e, res| Ok(Float32Array::from(e.grid(res)?)),
        )
    }

    #[wasm_bindgen(js_name = gridInto)]
    pub fn grid_into(&self, resolution: JsValue, out: &JsValue) -> JsResult<()> {
        self.call(
            "gridInto",
            || {
                Ok((
                    arg::integer("resolution", &resolution)?,
                    arg::out(out, FLOATS)?,
                ))
            },
            |e, (res, out)| out.write_f32(e.grid(res)?),
        )
    }

    /// Every hidden neuron's activation over the grid, neuron-major.
    pub fn neurons(&self, resolution: JsValue) -> JsResult<Float32Array> {
        self.call(
            "neurons",
            || arg::integer("resolution", &resolution),
            |e, res| Ok(Float32Array::from(e.neurons(res)?)),
        )
    }

    #[wasm_bindgen(js_name = neuronsInto)]
    pub fn neurons_into(&self, resolution: JsValue, out: &JsValue) -> JsResult<()> {
        self.call(
            "neuronsInto",
            || {
                Ok((
                    arg::integer("resolution", &resolution)?,
                    arg::out(out, FLOATS)?,
                ))
            },
            |e, (res, out)| out.write_f32(e.neurons(res)?),
        )
    }

    /// RGBA pixels of the decision boundary.
    #[wasm_bindgen(js_name = boundaryPixels)]
    pub fn boundary_pixels(
        &self,
        resolution: JsValue,
        discretize: JsValue,
    ) -> JsResult<Uint8ClampedArray> {
        self.call(
            "boundaryPixels",
            || {
                let res = arg::integer("resolution", &resolution)?;
                Ok((res, arg::boolean("discretize", &discretize)?))
            },
            |e, (res, d)| Ok(Uint8ClampedArray::from(e.boundary_pixels(res, d)?)),
        )
    }

    #[wasm_bindgen(js_name = boundaryPixelsInto)]
    pub fn boundary_pixels_into(
        &self,
        resolution: JsValue,
        discretize: JsValue,
        out: &JsValue,
    ) -> JsResult<()> {
        self.call(
            "boundaryPixelsInto",
            || {
                let res = arg::integer("resolution", &resolution)?;
                let d = arg::boolean("discretize", &discretize)?;
                Ok((res, d, arg::out(out, PIXELS)?))
            },
            |e, (res, d, out)| out.write_u8(e.boundary_pixels(res, d)?),
        )
    }

    /// RGBA thumbnails of every hidden neuron, neuron-major.
    #[wasm_bindgen(js_name = neuronPixels)]
    pub fn neuron_pixels(&self, resolution: JsValue) -> JsResult<Uint8ClampedArray> {
        self.call(
            "neuronPixels",
            || arg::integer("resolution", &resolution),
            |e, res| Ok(Uint8ClampedArray::from(e.neuron_pixels(res)?)),
        )
    }

    #[wasm_bindgen(js_name = neuronPixelsInto)]
    pub fn neuron_pixels_into(&self, resolution: JsValue, out: &JsValue) -> JsResult<()> {
        self.call(
            "neuronPixelsInto",
            || {
                Ok((
                    arg::integer("resolution", &resolution)?,
                    arg::out(out, PIXELS)?,
                ))
            },
            |e, (res, out)| out.write_u8(e.neuron_pixels(res)?),
        )
    }

    /// RGBA thumbnails of the nine features (x1, x2, x1Squared, x2Squared,
    /// x1x2, sinX1, sinX2, cosX1, cosX2), each divided by its largest
    /// magnitude over the domain.
    #[wasm_bindgen(js_name = featurePixels)]
    pub fn feature_pixels(&self, resolution: JsValue) -> JsResult<Uint8ClampedArray> {
        self.call(
            "featurePixels",
            || arg::integer("resolution", &resolution),
            |e, res| Ok(Uint8ClampedArray::from(e.feature_pixels(res)?)),
        )
    }

    /// `boundaryPixels(resolution, false)`.
    #[wasm_bindgen(js_name = outputPixels)]
    pub fn output_pixels(&self, resolution: JsValue) -> JsResult<Uint8ClampedArray> {
        self.call(
            "outputPixels",
            || arg::integer("resolution", &resolution),
            |e, res| Ok(Uint8ClampedArray::from(e.boundary_pixels(res, false)?)),
        )
    }

    /// Puts the boundary as ImageData at (0, 0) of a
    /// `CanvasRenderingContext2D` or an `OffscreenCanvasRenderingContext2D`.
    #[wasm_bindgen(js_name = drawBoundary)]
    pub fn draw_boundary(
        &self,
        ctx: &JsValue,
        resolution: JsValue,
        discretize: JsValue,
    ) -> JsResult<()> {
        self.call(
            "drawBoundary",
            || {
                let ctx = arg::context(ctx)?;
                let res = arg::integer("resolution", &resolution)?;
                Ok((ctx, res, arg::boolean("discretize", &discretize)?))
            },
            |e, (ctx, res, d)| ctx.put(e.boundary_pixels(res, d)?, res),
        )
    }

    /// `n` RGBA colours for a legend, from output -1 to +1 at full strength
    /// (the points' colours; the boundary is drawn 25% lighter), or for
    /// multiclass the class colours in order.
    #[wasm_bindgen(js_name = colorScale)]
    pub fn color_scale(&self, n: JsValue) -> JsResult<Uint8ClampedArray> {
        self.call(
            "colorScale",
            || arg::integer("n", &n),
            |e, n| Ok(Uint8ClampedArray::from(&e.color_scale(n)?[..])),
        )
    }

    /// An activation function and its slope sampled over [from, to]:
    /// `{z, a, slope}` with a = f(z), slope = f'(z), exactly as training
    /// computes them (for teaching; needs no Playground state).
    #[wasm_bindgen(js_name = activationCurve)]
    pub fn activation_curve(
        &self,
        activation: JsValue,
        from: JsValue,
        to: JsValue,
        samples: JsValue,
    ) -> JsResult<JsValue> {
        self.call(
            "activationCurve",
            || {
                let name = arg::string("activation", &activation, 64)?;
                let range = (arg::float("from", &from)?, arg::float("to", &to)?);
                Ok((name, range, arg::integer("samples", &samples)?))
            },
            |_, (name, (from, to), samples)| {
                to_js(&lessons::activation_curve(&name, from, to, samples)?)
            },
        )
    }

    /// RGBA per point: its label's colour.
    #[wasm_bindgen(js_name = pointColors)]
    pub fn point_colors(&self) -> JsResult<Uint8ClampedArray> {
        self.with("pointColors", |e| {
            Ok(Uint8ClampedArray::from(e.point_colors()))
        })
    }

    /// `{inputs, layers: [{z, a}]}`: every neuron's z and a for one input
    /// (the output layer's `a` is the network's output).
    pub fn trace(&self, x: JsValue, y: JsValue) -> JsResult<JsValue> {
        self.call(
            "trace",
            || Ok((arg::float("x", &x)?, arg::float("y", &y)?)),
            |e, (x, y)| to_js(&e.trace(x, y)?),
        )
    }
}
