//! The next minibatch's gradient: where the batch sits in the epoch, and
//! one path that computes its gradient for a training step, for
//! `gradients()` and, sample by sample, for the backward pass a learner
//! steps through.

use super::{expect_len, Trainer};
use crate::error::Result;
use crate::kernel::Workspace;
use crate::network::Layout;

impl Trainer {
    /// Where the next minibatch sits in `order` (the one place it is computed).
    pub(super) fn batch_range(&self) -> core::ops::Range<usize> {
        self.cursor..(self.cursor + self.config.batch_size).min(self.order.len())
    }

    /// The indices of the points in the next minibatch.
    pub fn next_batch(&self) -> &[u32] {
        &self.order[self.batch_range()]
    }

    /// dObjective/dparam of the next minibatch into `grad` (parameter order),
    /// without changing anything; returns the objective.
    pub fn next_gradients(&mut self, grad: &mut [f32]) -> Result<f64> {
        self.next_minibatch(Some(grad), None)
    }

    /// Everything the next minibatch's backward pass knows, for teaching:
    /// the gradient into `grad`, and per sample its dLoss/dz of every
    /// non-input neuron (`deltas`, `[sample][neuron]`, unscaled by the batch
    /// size), its output (`outputs`, `[sample][output]`) and its loss
    /// (`losses`). Nothing changes; the objective is returned.
    pub fn next_backprop(
        &mut self,
        grad: &mut [f32],
        deltas: &mut [f32],
        outputs: &mut [f32],
        losses: &mut [f32],
    ) -> Result<f64> {
        let lay = &self.mlp.layout;
        let n = self.next_batch().len();
        let per_sample = lay.neuron_count - lay.inputs();
        expect_len("deltas", deltas.len(), n * per_sample)?;
        expect_len("outputs", outputs.len(), n * lay.outputs())?;
        expect_len("losses", losses.len(), n)?;
        let record = Record {
            deltas,
            outputs,
            losses,
        };
        self.next_minibatch(Some(grad), Some(record))
    }

    /// dObjective/dparam of the next minibatch into `grad` (the session's
    /// own buffer when `None`), each sample into `record` if given; returns
    /// the objective.
    pub(super) fn next_minibatch(
        &mut self,
        grad: Option<&mut [f32]>,
        record: Option<Record>,
    ) -> Result<f64> {
        let range = self.batch_range();
        if self.coupled() {
            if let Some(g) = grad.as_deref() {
                expect_len("gradients", g.len(), self.mlp.layout.param_count)?;
            }
            return self.coupled_minibatch(range, grad, record);
        }
        let Trainer {
            mlp,
            ws,
            points,
            point_features,
            config,
            order,
            grad: own,
            ..
        } = self;
        let grad = match grad {
            Some(g) => {
                expect_len("gradients", g.len(), mlp.layout.param_count)?;
                g
            }
            None => own.as_mut_slice(),
        };
        let batch = &order[range];
        // dObjective/dparam over the batch's training points into `grad`;
        // `record`, when given, receives per-sample deltas, outputs and losses.
        let mut record = record;
        let lay = &mlp.layout;
        Ok(mlp
            .batch_gradient(
                ws,
                batch.len(),
                &config.regularization,
                grad,
                |s, lane, ws| point_features.load(ws, points, batch[s] as usize, lane),
                |ws, first, active| record_block(&mut record, lay, ws, first, active),
            )
            .objective)
    }
}

/// Per-sample records of a minibatch's backward pass.
pub(super) struct Record<'a> {
    /// `[sample][non-input neuron]`.
    deltas: &'a mut [f32],
    /// `[sample][output]`.
    outputs: &'a mut [f32],
    /// `[sample]`.
    losses: &'a mut [f32],
}

/// Copies a block's per-sample deltas, outputs and losses into `record`.
pub(super) fn record_block(
    record: &mut Option<Record>,
    lay: &Layout,
    ws: &Workspace<f32>,
    first: usize,
    active: usize,
) {
    let Some(r) = record.as_mut() else { return };
    let inputs = lay.inputs();
    let neurons = lay.neuron_count - inputs;
    let k = lay.outputs();
    for lane in 0..active {
        let s = first + lane;
        let row = &mut r.deltas[s * neurons..][..neurons];
        for (v, lanes) in row.iter_mut().zip(&ws.delta[inputs..]) {
            *v = lanes[lane];
        }
        for (v, lanes) in r.outputs[s * k..][..k].iter_mut().zip(&ws.out) {
            *v = lanes[lane];
        }
        r.losses[s] = ws.losses[lane];
    }
}
