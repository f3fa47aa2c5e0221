//! Many samples through the network, a block of `LANES` at a time: the
//! kernel's blocks stitched together. The trainer feeds points through their
//! features; the reference tests feed input vectors directly.

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
    /// Runs `n` samples forward through the network and its head, a block at
    /// a time, and returns the summed loss. `load(sample, lane, ws)` writes a
    /// sample's inputs into lane `lane` of `ws.a` and its label into
    /// `ws.labels[lane]`; after each block, `visit(ws, first, active)` sees
    /// the block of samples `first..first + active`.
    pub fn for_each_block(
        &self,
        ws: &mut Workspace<T>,
        n: usize,
        load: impl FnMut(usize, usize, &mut Workspace<T>),
        visit: impl FnMut(&mut Workspace<T>, usize, usize),
    ) -> f64 {
        self.blocks_with(ws, n, false, load, visit)
    }

    /// [`Mlp::for_each_block`]; with `slopes`, each block's forward pass
    /// also stores the slopes its backward pass needs.
    fn blocks_with(
        &self,
        ws: &mut Workspace<T>,
        n: usize,
        slopes: bool,
        mut load: impl FnMut(usize, usize, &mut Workspace<T>),
        mut visit: impl FnMut(&mut Workspace<T>, usize, usize),
    ) -> f64 {
        let mut total = 0.0;
        let mut first = 0;
        while first < n {
            let active = (n - first).min(LANES);
            for lane in 0..LANES {
                if lane < active {
                    load(first + lane, lane, ws);
                } else {
                    clear_lane(ws, self.layout.inputs(), lane);
                }
            }
            if slopes {
                self.forward_block_training(ws);
            } else {
                self.forward_block(ws);
            }
            total += self.head_block(ws, active);
            visit(ws, first, active);
            first += active;
        }
        total
    }

    /// dObjective/dparam for `n` samples into `grad` (one value per
    /// parameter); `load` as in [`Mlp::for_each_block`], and `visit` sees each
    /// block after its backward pass (its deltas are in `ws.delta`).
    pub fn batch_gradient(
        &self,
        ws: &mut Workspace<T>,
        n: usize,
        regularization: &Regularization,
        grad: &mut [T],
        load: impl FnMut(usize, usize, &mut Workspace<T>),
        mut visit: impl FnMut(&mut Workspace<T>, usize, usize),
    ) -> BatchLoss {
        let total = self.blocks_with(ws, n, true, load, |ws, first, active| {
            self.backward_block(ws);
            visit(ws, first, active);
        });
        self.collect_gradient(ws, n, grad);
        let weights = self.layout.weight_count;
        regularization.add_gradient(&self.params[..weights], &mut grad[..weights]);
        let loss = if n == 0 { 0.0 } else { total / n as f64 };
        BatchLoss {
            loss,
            objective: loss + regularization.penalty(self.weights()),
        }
    }

    /// dObjective/dparam over input vectors: `inputs` holds `labels.len()`
    /// rows of the network's input width.
    pub fn gradient_of_inputs(
        &self,
        ws: &mut Workspace<T>,
        inputs: &[T],
        labels: &[T],
        regularization: &Regularization,
        grad: &mut [T],
    ) -> BatchLoss {
        let load = load_rows(inputs, labels, self.layout.inputs());
        self.batch_gradient(ws, labels.len(), regularization, grad, load, |_, _, _| {})
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
        let k = self.layout.outputs();
        let n = labels.len();
        let load = load_rows(inputs, labels, self.layout.inputs());
        let total = self.for_each_block(ws, n, load, |ws, first, active| {
            for lane in 0..active {
                for (j, o) in out[(first + lane) * k..][..k].iter_mut().enumerate() {
                    *o = ws.out[j][lane];
                }
            }
        });
        if n == 0 {
            0.0
        } else {
            total / n as f64
        }
    }
}

/// A loader of input rows and their labels.
pub(crate) fn load_rows<'a, T: Real>(
    inputs: &'a [T],
    labels: &'a [T],
    width: usize,
) -> impl FnMut(usize, usize, &mut Workspace<T>) + 'a {
    move |s, lane, ws| {
        for (row, &v) in ws.a.iter_mut().zip(&inputs[s * width..][..width]) {
            row[lane] = v;
        }
        ws.labels[lane] = labels[s];
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
