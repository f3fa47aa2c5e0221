//! The session's network evaluated into caller-owned buffers: the loss and
//! accuracy of each split, predictions, the output and every hidden neuron
//! over a grid, and every neuron's z and a for one input.

use alloc::format;

use super::{expect_len, LossReport, Trainer};
use crate::data::DOMAIN;
use crate::error::{Error, Result};
use crate::features::{AxisValues, Feature};
use crate::head::Head;
use crate::kernel::{Workspace, LANES};
use crate::limits::MAX_RESOLUTION;

impl Trainer {
    /// Mean loss and accuracy on the training and the test points.
    /// A non-finite loss, from whatever cause, marks the session diverged.
    pub fn loss(&mut self) -> LossReport {
        let (train, train_accuracy) = self.evaluate_split(false);
        let (test, test_accuracy) = self.evaluate_split(true);
        if !(train.is_finite() && test.is_finite()) {
            self.diverged = true;
        }
        LossReport {
            train,
            test,
            train_accuracy,
            test_accuracy,
        }
    }

    pub(super) fn evaluate_split(&mut self, test: bool) -> (f64, Option<f64>) {
        let Trainer {
            mlp,
            ws,
            points,
            point_features,
            split,
            ..
        } = self;
        split.clear();
        split.extend((0..points.len() as u32).filter(|&i| points[i as usize].test == test));
        let k = mlp.layout.outputs();
        let mut correct = 0usize;
        let total = mlp.for_each_block(
            ws,
            split.len(),
            |s, lane, ws| point_features.load(ws, points, split[s] as usize, lane),
            |ws, _, active| {
                for lane in 0..active {
                    let mut out = [0.0f32; crate::config::MAX_CLASSES];
                    for (o, lanes) in out.iter_mut().zip(&ws.out) {
                        *o = lanes[lane];
                    }
                    if mlp.head.is_correct(&out[..k], ws.labels[lane]) == Some(true) {
                        correct += 1;
                    }
                }
            },
        );
        let n = split.len();
        if n == 0 {
            // No points, no accuracy to speak of; the mean loss of nothing is 0.
            return (0.0, None);
        }
        let classify = !matches!(mlp.head, Head::LinearSquared | Head::LinearHuber);
        let accuracy = classify.then(|| correct as f64 / n as f64);
        (total / n as f64, accuracy)
    }

    /// The output at one point into `out` (the output layer's width).
    pub fn predict_into(&mut self, x: f32, y: f32, out: &mut [f32]) -> Result<()> {
        self.predict_batch_into(&[[x, y]], out)
    }

    /// The outputs at many points into `out`, `[point][output]`.
    pub fn predict_batch_into(&mut self, xy: &[[f32; 2]], out: &mut [f32]) -> Result<()> {
        let k = self.mlp.layout.outputs();
        expect_len("predictions", out.len(), xy.len() * k)?;
        let features = &self.config.features;
        for (b, chunk) in xy.chunks(LANES).enumerate() {
            for lane in 0..LANES {
                let [x, y] = chunk.get(lane).copied().unwrap_or([0.0, 0.0]);
                load_point(&mut self.ws, features, x, y, lane);
            }
            self.mlp.forward_block(&mut self.ws);
            self.mlp.output_block(&mut self.ws);
            for lane in 0..chunk.len() {
                for j in 0..k {
                    out[(b * LANES + lane) * k + j] = self.ws.out[j][lane];
                }
            }
        }
        Ok(())
    }

    /// The output over a `resolution` x `resolution` grid of the domain,
    /// row-major from the top-left corner (x1 = -6, x2 = +6), `[cell][output]`
    /// and, in the same pass, every hidden neuron's activation into
    /// `neurons`, `[neuron][cell]` in layer order.
    pub fn grid_into(
        &mut self,
        resolution: usize,
        out: &mut [f32],
        neurons: Option<&mut [f32]>,
    ) -> Result<()> {
        self.grid_rect_into(resolution, resolution, out, neurons)
    }

    /// The same over a `width` x `height` grid: cell (row, col) sits at
    /// x1 = grid_coord(col, width), x2 = -grid_coord(row, height).
    pub fn grid_rect_into(
        &mut self,
        width: usize,
        height: usize,
        out: &mut [f32],
        mut neurons: Option<&mut [f32]>,
    ) -> Result<()> {
        for (name, side) in [("width", width), ("height", height)] {
            if !(2..=MAX_RESOLUTION).contains(&side) {
                return Err(Error::Buffer {
                    name,
                    message: format!("must be 2..={MAX_RESOLUTION}, got {side}"),
                });
            }
        }
        let lay = &self.mlp.layout;
        let cells = width * height;
        let k = lay.outputs();
        let hidden = lay.hidden_count();
        let first_hidden = lay.inputs();
        expect_len("grid", out.len(), cells * k)?;
        if let Some(n) = neurons.as_deref() {
            expect_len("neurons", n.len(), cells * hidden)?;
        }
        self.axes.clear();
        let columns = (0..width).map(|c| grid_coord(c, width));
        let rows = (0..height).map(|r| -grid_coord(r, height));
        self.axes.extend(columns.chain(rows).map(AxisValues::new));
        let (columns, rows) = self.axes.split_at(width);
        let features = &self.config.features;
        let mut cell = 0;
        // The column and row of `cell`, stepped along (no division per lane).
        let (mut col, mut row) = (0, 0);
        while cell < cells {
            let active = (cells - cell).min(LANES);
            for lane in 0..LANES {
                let (x1, x2) = (&columns[col], &rows[row]);
                for (a, f) in self.ws.a.iter_mut().zip(features) {
                    a[lane] = f.value_from_axes(x1, x2);
                }
                // Idle lanes (past the last cell) repeat the last cell.
                if lane + 1 < active || active == LANES {
                    col += 1;
                    if col == width {
                        col = 0;
                        row += 1;
                    }
                }
            }
            self.mlp.forward_block(&mut self.ws);
            self.mlp.output_block(&mut self.ws);
            let ws = &self.ws;
            if active == LANES && k == 1 {
                // Whole blocks copy whole rows of lanes: fixed-size copies.
                out[cell..][..LANES].copy_from_slice(&ws.out[0]);
            } else {
                for lane in 0..active {
                    for j in 0..k {
                        out[(cell + lane) * k + j] = ws.out[j][lane];
                    }
                }
            }
            if let Some(n) = neurons.as_deref_mut() {
                let lanes = ws.a[first_hidden..][..hidden].iter();
                for (dst, lanes) in n.chunks_exact_mut(cells).zip(lanes) {
                    if active == LANES {
                        dst[cell..][..LANES].copy_from_slice(lanes);
                    } else {
                        dst[cell..][..active].copy_from_slice(&lanes[..active]);
                    }
                }
            }
            cell += active;
        }
        Ok(())
    }

    /// Every neuron's z and a for one input, `[neuron]` over all layers,
    /// inputs first (an input's z and a are both its feature value).
    pub fn trace_into(&mut self, x: f32, y: f32, z: &mut [f32], a: &mut [f32]) -> Result<()> {
        let count = self.mlp.layout.neuron_count;
        expect_len("z", z.len(), count)?;
        expect_len("a", a.len(), count)?;
        let features = &self.config.features;
        for lane in 0..LANES {
            load_point(&mut self.ws, features, x, y, lane);
        }
        self.mlp.forward_block(&mut self.ws);
        let inputs = self.mlp.layout.inputs();
        for n in 0..count {
            a[n] = self.ws.a[n][0];
            z[n] = if n < inputs { a[n] } else { self.ws.z[n][0] };
        }
        Ok(())
    }
}

/// Cell i of `resolution` along an axis: -6 at 0, +6 at resolution - 1.
pub fn grid_coord(i: usize, resolution: usize) -> f32 {
    (-(DOMAIN as f64) + 2.0 * DOMAIN as f64 * i as f64 / (resolution - 1) as f64) as f32
}

/// Writes the features of (x, y) into lane `lane` of the input rows.
#[inline]
pub(super) fn load_point(
    ws: &mut Workspace<f32>,
    features: &[Feature],
    x: f32,
    y: f32,
    lane: usize,
) {
    for (row, f) in ws.a.iter_mut().zip(features) {
        row[lane] = f.value(x, y);
    }
}
