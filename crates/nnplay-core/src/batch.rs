//! Loss and gradient over a whole minibatch of raw input vectors: the
//! kernel's blocks stitched together. The trainer feeds it points through
//! their features; the reference tests feed it input vectors directly.

use crate::config::Regularization;
use crate::kernel::{Workspace, LANES};
use crate::network::Mlp;
use crate::real::Real;

/// The mean loss over a minibatch, and the objective the optimizer sees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchLoss {
    /// Mean per-sample loss, without the penalty.
    pub loss: f64,
    /// loss + the regularization penalty.
    pub objective: f64,
}

impl<T: Real> Mlp<T> {
    /// dObjective/dparam for `n` samples into `grad` (one value per
    /// parameter). `load(sample, lane, ws)` writes a sample's inputs into
    /// lane `lane` of `ws.a` and its label into `ws.labels[lane]`.
    pub fn batch_gradient(
        &self,
        ws: &mut Workspace<T>,
        n: usize,
        regularization: &Regularization,
        grad: &mut [T],
        mut load: impl FnMut(usize, usize, &mut Workspace<T>),
    ) -> BatchLoss {
        let mut total = 0.0;
        let mut start = 0;
        while start < n {
            let active = (n - start).min(LANES);
            for lane in 0..LANES {
                if lane < active {
                    load(start + lane, lane, ws);
                } else {
                    clear_lane(ws, self.layout.inputs(), lane);
                }
            }
            self.forward_block(ws);
            total += self.head_block(ws, active);
            self.backward_block(ws);
            start += active;
        }
        self.collect_gradient(ws, n, grad);
        let weights = self.layout.weight_count;
        regularization.add_gradient(&self.params[..weights], &mut grad[..weights]);
        let loss = if n == 0 { 0.0 } else { total / n as f64 };
        BatchLoss {
            loss,
            objective: loss + regularization.penalty(self.weights()),
        }
    }

    /// The same over input vectors: `inputs` holds `labels.len()` rows of the
    /// network's input width.
    pub fn gradient_of_inputs(
        &self,
        ws: &mut Workspace<T>,
        inputs: &[T],
        labels: &[T],
        regularization: &Regularization,
        grad: &mut [T],
    ) -> BatchLoss {
        let width = self.layout.inputs();
        self.batch_gradient(ws, labels.len(), regularization, grad, |s, lane, ws| {
            for (j, &v) in inputs[s * width..][..width].iter().enumerate() {
                ws.a[j][lane] = v;
            }
            ws.labels[lane] = labels[s];
        })
    }

    /// The head's output for each input row into `out` (rows of the output
    /// width), and the mean loss.
    pub fn outputs_of_inputs(
        &self,
        ws: &mut Workspace<T>,
        inputs: &[T],
        labels: &[T],
        out: &mut [T],
    ) -> f64 {
        let width = self.layout.inputs();
        let k = self.layout.outputs();
        let n = labels.len();
        let mut total = 0.0;
        let mut start = 0;
        while start < n {
            let active = (n - start).min(LANES);
            for lane in 0..LANES {
                if lane < active {
                    let s = start + lane;
                    for (j, &v) in inputs[s * width..][..width].iter().enumerate() {
                        ws.a[j][lane] = v;
                    }
                    ws.labels[lane] = labels[s];
                } else {
                    clear_lane(ws, width, lane);
                }
            }
            self.forward_block(ws);
            total += self.head_block(ws, active);
            for lane in 0..active {
                for j in 0..k {
                    out[(start + lane) * k + j] = ws.out[j][lane];
                }
            }
            start += active;
        }
        if n == 0 {
            0.0
        } else {
            total / n as f64
        }
    }
}

/// Zero inputs on an idle lane keep its arithmetic finite (its delta is
/// zero, and 0 * inf would be NaN).
pub(crate) fn clear_lane<T: Real>(ws: &mut Workspace<T>, inputs: usize, lane: usize) {
    for row in &mut ws.a[..inputs] {
        row[lane] = T::ZERO;
    }
    ws.labels[lane] = T::ZERO;
}
