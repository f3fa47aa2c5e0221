//! The next minibatch's forward pass exactly as the next training step
//! computes it, for teaching: every layer's linear sum per sample, batch
//! normalization's batch mean and biased variance with x̂ and γx̂ + β (and
//! the running estimates evaluation uses instead), the dropout masks the
//! step will draw, and each activation after its mask. Nothing changes: the
//! masks come from a copy of the dropout stream, as the step's pass draws
//! them, and every sum runs in the order the training pass runs it, so each
//! number is the step's own to the bit.

use alloc::vec;
use alloc::vec::Vec;

use super::{expect_len, Trainer};
use crate::batchnorm::{BatchNorm, EPS, MOMENTUM};
use crate::dropout::{draw_masks, keep_scale};
use crate::error::{Error, Result};
use crate::network::Mlp;
use crate::real::Real;

/// The next minibatch's training-mode forward pass (see the module).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct TrainingForward {
    /// The indices of the minibatch's points, in the step's order.
    pub batch: Vec<u32>,
    /// The dropout rate p (0: no dropout).
    pub dropout: f32,
    /// A kept neuron's factor 1 / (1 - p) (1 without dropout).
    pub keep_scale: f32,
    /// Batch normalization's ε (added to σ² under the root) and the
    /// momentum of its running estimates.
    pub eps: f64,
    pub momentum: f64,
    /// Each sample's input features, `[sample][feature]`.
    pub inputs: Vec<Vec<f32>>,
    /// Every layer after the inputs, the output layer last.
    pub layers: Vec<ForwardLayer>,
    /// Each sample's loss.
    pub losses: Vec<f32>,
}

/// One layer of the pass; every per-sample field is `[sample][neuron]`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ForwardLayer {
    /// The linear sum w·a + b (before any normalization).
    pub z: Vec<Vec<f32>>,
    /// Batch normalization of this layer (`None`: the output layer, or a
    /// network without it).
    pub norm: Option<NormPass>,
    /// The activation f of the normalized sum (of z without batch norm),
    /// before the dropout mask; the output layer's is the head's output.
    pub f: Vec<Vec<f32>>,
    /// The dropout mask: 0 (dropped) or 1 / (1 - p) (`None`: no dropout, or
    /// the output layer).
    pub mask: Option<Vec<Vec<f32>>>,
    /// What the next layer reads: f times the mask; the output layer's is
    /// the network's output (one value, or K probabilities).
    pub a: Vec<Vec<f32>>,
}

/// One hidden layer's batch normalization over the minibatch.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct NormPass {
    /// Per neuron: the batch mean μ and biased variance σ² of z.
    pub mean: Vec<f32>,
    pub var: Vec<f32>,
    pub gamma: Vec<f32>,
    pub beta: Vec<f32>,
    /// Per neuron: the running estimates evaluation normalizes with.
    pub running_mean: Vec<f32>,
    pub running_var: Vec<f32>,
    /// Per sample: x̂ = (z - μ) / sqrt(σ² + ε), and y = γ x̂ + β.
    pub xhat: Vec<Vec<f32>>,
    pub y: Vec<Vec<f32>>,
}

/// The layers and losses of a training-mode pass over given inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct ForwardPass {
    pub layers: Vec<ForwardLayer>,
    pub losses: Vec<f32>,
}

impl Trainer {
    /// The forward pass the next `step` will compute: the same minibatch,
    /// the same masks, the batch's statistics. Nothing changes.
    pub fn next_training_forward(&self) -> Result<TrainingForward> {
        let batch = self.next_batch();
        if batch.is_empty() {
            return Err(Error::NoTrainingData);
        }
        let features = &self.config.features;
        let mut inputs = Vec::with_capacity(batch.len() * features.len());
        let mut labels = Vec::with_capacity(batch.len());
        for &i in batch {
            let p = &self.points[i as usize];
            inputs.extend(features.iter().map(|f| f.value(p.x, p.y)));
            labels.push(p.label);
        }
        let rate = self.config.dropout;
        let masks = (rate > 0.0).then(|| {
            let mut masks = Vec::new();
            let hidden = self.mlp.layout.hidden_count();
            draw_masks(
                &mut self.dropout_rng.clone(),
                rate,
                batch.len(),
                hidden,
                &mut masks,
            );
            masks
        });
        let pass = self
            .mlp
            .training_forward(&inputs, &labels, masks.as_deref())?;
        Ok(TrainingForward {
            batch: batch.to_vec(),
            dropout: rate,
            keep_scale: if rate > 0.0 { keep_scale(rate) } else { 1.0 },
            eps: EPS,
            momentum: MOMENTUM,
            inputs: inputs
                .chunks_exact(features.len().max(1))
                .map(<[f32]>::to_vec)
                .collect(),
            layers: pass.layers,
            losses: pass.losses,
        })
    }
}

impl Mlp<f32> {
    /// The training-mode forward pass of `labels.len()` samples taken as one
    /// minibatch (`inputs` row by row): batch normalization with the batch's
    /// statistics, dropout by `masks` (`[sample][hidden neuron]`, 0 or
    /// 1 / (1 - p); `None` = none). Computed sample by sample with the very
    /// operations, in the very order, of the training pass (`coupled.rs`,
    /// whose lanes each run what a lone sample would), so it has its bits.
    pub fn training_forward(
        &self,
        inputs: &[f32],
        labels: &[f32],
        masks: Option<&[f32]>,
    ) -> Result<ForwardPass> {
        let lay = &self.layout;
        let n = labels.len();
        let (width, hidden, last) = (lay.inputs(), lay.hidden_count(), lay.layers() - 1);
        expect_len("inputs", inputs.len(), n * width)?;
        if let Some(m) = masks {
            expect_len("masks", m.len(), n * hidden)?;
        }
        if self.norm.is_some() && n == 1 {
            return Err(Error::config(
                "batchSize",
                "batch normalization cannot train on a minibatch of 1 point (it has no variance)",
            ));
        }
        let mut prev: Vec<Vec<f32>> = inputs.chunks_exact(width).map(<[f32]>::to_vec).collect();
        let mut layers = Vec::with_capacity(last + 1);
        let mut losses = Vec::with_capacity(n);
        for l in 0..=last {
            let (n_in, n_out) = (lay.sizes[l], lay.sizes[l + 1]);
            let w = &self.params[lay.weight_offsets[l]..][..n_in * n_out];
            let bias = &self.params[lay.bias_offsets[l]..][..n_out];
            let z: Vec<Vec<f32>> = prev
                .iter()
                .map(|a| {
                    w.chunks_exact(n_in)
                        .zip(bias)
                        .map(|(row, &b)| linear_sum(row, b, a))
                        .collect()
                })
                .collect();
            if l == last {
                let (mut out, mut delta) = (vec![0.0; n_out], vec![0.0; n_out]);
                let a: Vec<Vec<f32>> = z
                    .iter()
                    .zip(labels)
                    .map(|(z, &label)| {
                        losses.push(self.head.evaluate(z, label, &mut out, &mut delta));
                        out.clone()
                    })
                    .collect();
                layers.push(ForwardLayer {
                    z,
                    norm: None,
                    f: a.clone(),
                    mask: None,
                    a,
                });
                break;
            }
            let first = lay.neuron_offsets[l + 1] - width;
            let norm = self.norm.as_ref().map(|bn| normalize(bn, first, &z, n_out));
            let f: Vec<Vec<f32>> = norm
                .as_ref()
                .map_or(&z, |nm| &nm.y)
                .iter()
                .map(|s| s.iter().map(|&v| self.activation.apply(v)).collect())
                .collect();
            let mask: Option<Vec<Vec<f32>>> = masks.map(|m| {
                (0..n)
                    .map(|s| m[s * hidden + first..][..n_out].to_vec())
                    .collect()
            });
            let a: Vec<Vec<f32>> = match &mask {
                Some(mask) => f
                    .iter()
                    .zip(mask)
                    .map(|(f, m)| f.iter().zip(m).map(|(&f, &m)| f * m).collect())
                    .collect(),
                None => f.clone(),
            };
            prev = a.clone();
            layers.push(ForwardLayer {
                z,
                norm,
                f,
                mask,
                a,
            });
        }
        Ok(ForwardPass { layers, losses })
    }
}

/// bias + sum_i w[i] a[i], the sum in order of i (the kernel's `weighted_sum`
/// for one lane).
fn linear_sum(w: &[f32], bias: f32, a: &[f32]) -> f32 {
    let mut acc = bias;
    for (&w_i, &a_i) in w.iter().zip(a) {
        acc += w_i * a_i;
    }
    acc
}

/// Batch normalization of one layer's sums `z` (`[sample][neuron]`, its
/// hidden neurons from `first`), as the training pass computes it: the sums
/// over the samples in minibatch order, in f32.
fn normalize(bn: &BatchNorm<f32>, first: usize, z: &[Vec<f32>], n_out: usize) -> NormPass {
    let n = z.len();
    let inv_n = f32::ONE / f32::from_f64(n.max(1) as f64);
    let layer = |v: &[f32]| v[first..][..n_out].to_vec();
    let mut pass = NormPass {
        mean: vec![0.0; n_out],
        var: vec![0.0; n_out],
        gamma: (0..n_out).map(|o| bn.gamma(first + o)).collect(),
        beta: (0..n_out).map(|o| bn.beta(first + o)).collect(),
        running_mean: layer(&bn.running_mean),
        running_var: layer(&bn.running_var),
        xhat: vec![vec![0.0; n_out]; n],
        y: vec![vec![0.0; n_out]; n],
    };
    for o in 0..n_out {
        let mut sum = f32::ZERO;
        for s in z {
            sum += s[o];
        }
        let mu = sum * inv_n;
        let mut squares = f32::ZERO;
        for s in z {
            squares += (s[o] - mu) * (s[o] - mu);
        }
        let sigma2 = squares * inv_n;
        let inv = f32::ONE / Real::sqrt(sigma2 + f32::from_f64(EPS));
        let (gamma, beta) = (pass.gamma[o], pass.beta[o]);
        for (s, zs) in z.iter().enumerate() {
            let x = (zs[o] - mu) * inv;
            pass.xhat[s][o] = x;
            pass.y[s][o] = gamma * x + beta;
        }
        (pass.mean[o], pass.var[o]) = (mu, sigma2);
    }
    pass
}
