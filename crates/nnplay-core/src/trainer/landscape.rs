//! Views of the network for teaching gradient descent: the loss over a grid
//! of two parameters (the rest frozen), the two parameters' current values,
//! and the input plane as two hidden neurons of one layer see it.

use alloc::format;

use super::{expect_len, grid_coord, load_point, Trainer};
use crate::error::{Error, Result};
use crate::kernel::LANES;
use crate::shortest::Shortest;

/// The largest side of a loss surface (each cell is a pass over the data).
pub const MAX_SURFACE_RESOLUTION: usize = 101;
/// The largest half-width of a loss surface around a parameter's value.
pub const MAX_SURFACE_SPAN: f32 = 100.0;
/// The most grid lines per direction, and vertices per line, of a warp.
pub const MAX_WARP_LINES: usize = 64;
pub const MAX_WARP_SAMPLES: usize = 256;

/// One parameter of the network: `W[row][col]` of weight layer `layer`
/// (0 follows the inputs), or its bias `b[row]` when `col` is the layer's
/// input count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamRef {
    pub layer: usize,
    pub row: usize,
    pub col: usize,
}

/// The data a loss surface averages over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossSource {
    /// Every training point (what `loss().train` reports).
    Train,
    /// The next minibatch (what the next step descends on).
    Batch,
}

/// The value of cell `i` of `resolution` along a surface's axis centred on
/// `center`: `center - span` at 0, `center + span` at `resolution - 1`,
/// computed in f64 and rounded once to f32.
pub fn surface_axis(center: f32, span: f32, i: usize, resolution: usize) -> f32 {
    let t = 2.0 * i as f64 / (resolution - 1) as f64 - 1.0;
    (center as f64 + span as f64 * t) as f32
}

impl Trainer {
    /// A parameter's current value.
    pub fn param(&self, p: ParamRef) -> Result<f32> {
        Ok(self.mlp.params[self.param_index(p.layer, p.row, p.col)?])
    }

    /// The mean loss (no penalty) of `source` over a `resolution` x
    /// `resolution` grid of the values of `p1` (along a row, left to right)
    /// and `p2` (down a column, from `+span` at the top), each within `span`
    /// of its current value (see [`surface_axis`]), every other parameter as
    /// it is. Row-major into `out`. Nothing changes: the two parameters are
    /// put back before this returns.
    pub fn loss_surface_into(
        &mut self,
        p1: ParamRef,
        p2: ParamRef,
        span: f32,
        resolution: usize,
        source: LossSource,
        out: &mut [f32],
    ) -> Result<()> {
        let i1 = self.param_index(p1.layer, p1.row, p1.col)?;
        let i2 = self.param_index(p2.layer, p2.row, p2.col)?;
        if i1 == i2 {
            return Err(Error::ModelShape {
                message: "the two parameters must differ".into(),
            });
        }
        if !(span > 0.0 && span <= MAX_SURFACE_SPAN) {
            return Err(Error::Buffer {
                name: "span",
                message: format!(
                    "must be > 0 and <= {}, got {}",
                    Shortest(MAX_SURFACE_SPAN),
                    Shortest(span)
                ),
            });
        }
        if !(2..=MAX_SURFACE_RESOLUTION).contains(&resolution) {
            return Err(Error::Buffer {
                name: "resolution",
                message: format!("must be 2..={MAX_SURFACE_RESOLUTION}, got {resolution}"),
            });
        }
        expect_len("surface", out.len(), resolution * resolution)?;
        if source == LossSource::Batch && self.order.is_empty() {
            return Err(Error::NoTrainingData);
        }
        let (c1, c2) = (self.mlp.params[i1], self.mlp.params[i2]);
        for row in 0..resolution {
            self.mlp.params[i2] = surface_axis(c2, span, resolution - 1 - row, resolution);
            for col in 0..resolution {
                self.mlp.params[i1] = surface_axis(c1, span, col, resolution);
                out[row * resolution + col] = match source {
                    LossSource::Train => self.evaluate_split(false).0 as f32,
                    LossSource::Batch => self.batch_loss() as f32,
                };
            }
        }
        self.mlp.params[i1] = c1;
        self.mlp.params[i2] = c2;
        Ok(())
    }

    /// The mean loss (no penalty) of the next minibatch.
    fn batch_loss(&mut self) -> f64 {
        let range = self.batch_range();
        let Trainer {
            mlp,
            ws,
            points,
            point_features,
            order,
            ..
        } = self;
        let batch = &order[range];
        let total = mlp.for_each_block(
            ws,
            batch.len(),
            |s, lane, ws| point_features.load(ws, points, batch[s] as usize, lane),
            |_, _, _| {},
        );
        if batch.is_empty() {
            0.0
        } else {
            total / batch.len() as f64
        }
    }

    /// The input plane as hidden layer `layer` (0 = the first hidden layer)
    /// sees it through its neurons `n1` and `n2`: into `out`, first every
    /// point's `(a[n1], a[n2])` in point order, then `lines` vertical grid
    /// lines (x1 = grid_coord(i, lines)) and `lines` horizontal ones
    /// (x2 = grid_coord(i, lines)), each as `samples` vertices from -6 to +6
    /// along the line, each vertex `(a[n1], a[n2])`.
    pub fn warp_into(
        &mut self,
        layer: usize,
        n1: usize,
        n2: usize,
        lines: usize,
        samples: usize,
        out: &mut [f32],
    ) -> Result<()> {
        let lay = &self.mlp.layout;
        let hidden_layers = lay.sizes.len().saturating_sub(2);
        if layer >= hidden_layers {
            return Err(Error::ModelShape {
                message: format!("hidden layer {layer} does not exist (there are {hidden_layers})"),
            });
        }
        let width = lay.sizes[layer + 1];
        for n in [n1, n2] {
            if n >= width {
                return Err(Error::ModelShape {
                    message: format!("hidden layer {layer} has {width} neurons; {n} is outside"),
                });
            }
        }
        for (name, v, max) in [
            ("lines", lines, MAX_WARP_LINES),
            ("samples", samples, MAX_WARP_SAMPLES),
        ] {
            if !(2..=max).contains(&v) {
                return Err(Error::Buffer {
                    name,
                    message: format!("must be 2..={max}, got {v}"),
                });
            }
        }
        let count = self.points.len() + 2 * lines * samples;
        expect_len("warp", out.len(), 2 * count)?;
        let base = lay.neuron_offsets[layer + 1];
        let (a1, a2) = (base + n1, base + n2);
        let points = self.points.len();
        let place = |k: usize, points_xy: &[crate::data::Point]| -> (f32, f32) {
            if k < points {
                return (points_xy[k].x, points_xy[k].y);
            }
            let v = k - points;
            let (line, vertex) = (v / samples, v % samples);
            let along = grid_coord(vertex, samples);
            if line < lines {
                (grid_coord(line, lines), along)
            } else {
                (along, grid_coord(line - lines, lines))
            }
        };
        let mut first = 0;
        while first < count {
            let active = (count - first).min(LANES);
            for lane in 0..LANES {
                let (x, y) = place((first + lane).min(count - 1), &self.points);
                load_point(&mut self.ws, &self.config.features, x, y, lane);
            }
            self.mlp.forward_block(&mut self.ws);
            for lane in 0..active {
                let k = first + lane;
                out[2 * k] = self.ws.a[a1][lane];
                out[2 * k + 1] = self.ws.a[a2][lane];
            }
            first += active;
        }
        Ok(())
    }
}
