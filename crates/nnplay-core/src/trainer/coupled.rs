//! The session's side of batch normalization and dropout: their minibatch
//! pass (masks drawn from the dropout stream), and after each update the
//! step of γ and β and of the running estimates.

use super::minibatch::{record_block, Record};
use super::Trainer;
use crate::dropout::draw_masks;
use crate::error::Result;

impl Trainer {
    /// Whether the next minibatch takes the coupled path.
    pub(super) fn coupled(&self) -> bool {
        self.config.batch_norm || self.config.dropout > 0.0
    }

    /// The coupled minibatch's gradient into `grad` (γ and β's into the
    /// coupled buffers), each sample into `record`; draws the masks from a
    /// copy of the dropout stream, so nothing changes until `step` moves it.
    pub(super) fn coupled_minibatch(
        &mut self,
        range: core::ops::Range<usize>,
        grad: Option<&mut [f32]>,
        mut record: Option<Record>,
    ) -> Result<f64> {
        let Trainer {
            mlp,
            ws,
            points,
            point_features,
            config,
            order,
            grad: own,
            coupled,
            dropout_rng,
            masks,
            ..
        } = self;
        let grad = grad.unwrap_or(own.as_mut_slice());
        let batch = &order[range];
        let hidden = mlp.layout.hidden_count();
        let masks = (config.dropout > 0.0).then(|| {
            draw_masks(
                &mut dropout_rng.clone(),
                config.dropout,
                batch.len(),
                hidden,
                masks,
            );
            masks.as_slice()
        });
        let lay = &mlp.layout;
        let loss = mlp.coupled_gradient(
            coupled,
            ws,
            batch.len(),
            masks,
            &config.regularization,
            grad,
            |s, lane, ws| point_features.load(ws, points, batch[s] as usize, lane),
            |ws, first, active| record_block(&mut record, lay, ws, first, active),
        )?;
        Ok(loss.objective)
    }

    /// After an update of the weights by a minibatch of `n` points: γ and β
    /// take their step, the running estimates theirs, and the dropout
    /// stream moves past the masks it drew (the same masks the minibatch
    /// used, kept as the step's own).
    pub(super) fn coupled_update(&mut self, n: usize) {
        if let Some(norm) = &mut self.mlp.norm {
            self.norm_optimizer
                .update(&mut norm.affine, &self.coupled.norm_grad);
            norm.update_running(&self.coupled.mean, &self.coupled.var, n);
        }
        if self.config.dropout > 0.0 {
            let hidden = self.mlp.layout.hidden_count();
            draw_masks(
                &mut self.dropout_rng,
                self.config.dropout,
                n,
                hidden,
                &mut self.masks,
            );
            self.step_masks.clone_from(&self.masks);
        } else {
            self.step_masks.clear();
        }
    }

    /// The dropout masks of the last minibatch computed (`[sample][hidden
    /// neuron]`, 0 = dropped); empty when dropout is off. Reading the next
    /// minibatch's gradient (`next_gradients`, `next_backprop`) computes one:
    /// its masks are then these.
    pub fn dropout_masks(&self) -> &[f32] {
        if self.config.dropout > 0.0 {
            &self.masks
        } else {
            &[]
        }
    }

    /// The dropout masks the last training step (`step`, `train`) used,
    /// `[sample][hidden neuron]` (0 = dropped, 1 / (1 − rate) = kept), for
    /// as many samples as its minibatch had. Reading the next minibatch's
    /// gradient leaves them be. Empty when dropout is off (now, or during
    /// that step), and when no step was taken since the weights were reset.
    pub fn step_dropout_masks(&self) -> &[f32] {
        if self.config.dropout > 0.0 {
            &self.step_masks
        } else {
            &[]
        }
    }
}
