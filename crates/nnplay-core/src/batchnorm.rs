//! Batch normalization before every hidden layer's activation, as PyTorch's
//! `BatchNorm1d` computes it: while training, each neuron's linear sum is
//! normalized with its minibatch mean and biased variance, then scaled by a
//! learnable γ and shifted by β; the running mean and the running unbiased
//! variance move towards the batch's by momentum 0.1; evaluation uses the
//! running estimates. The bias before the normalization is kept (as in
//! `nn.Linear` followed by `nn.BatchNorm1d`): training cancels it, the
//! running mean carries it.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::network::{Layout, Model};
use crate::real::Real;

/// PyTorch's `eps`: added to the variance before the square root.
pub const EPS: f64 = 1e-5;
/// PyTorch's `momentum`: the weight of the new batch in the running estimates.
pub const MOMENTUM: f64 = 0.1;

/// Refuses a config whose minibatch could not be normalized.
pub fn check_config(c: &Config) -> Result<()> {
    if c.batch_norm && c.batch_size < 2 {
        return Err(Error::config(
            "batchSize",
            format!(
                "batch normalization needs at least 2 points per minibatch \
                 (a lone point has no variance; PyTorch refuses it too), got {}",
                c.batch_size
            ),
        ));
    }
    Ok(())
}

/// The normalization state of every hidden neuron, in neuron order.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNorm<T> {
    /// Every γ, then every β: one buffer, so the optimizer walks it at once.
    pub affine: Vec<T>,
    pub running_mean: Vec<T>,
    pub running_var: Vec<T>,
}

impl<T: Real> BatchNorm<T> {
    /// PyTorch's initial state: γ = 1, β = 0, running mean 0, variance 1.
    pub fn new(hidden: usize) -> Self {
        let mut affine = vec![T::ONE; 2 * hidden];
        affine[hidden..].fill(T::ZERO);
        BatchNorm {
            affine,
            running_mean: vec![T::ZERO; hidden],
            running_var: vec![T::ONE; hidden],
        }
    }

    pub fn hidden(&self) -> usize {
        self.running_mean.len()
    }

    pub fn gamma(&self, h: usize) -> T {
        self.affine[h]
    }

    pub fn beta(&self, h: usize) -> T {
        self.affine[self.hidden() + h]
    }

    /// Evaluation's transform of hidden neuron `h`: y = (z - mean) s + β with
    /// s = γ / sqrt(var + eps); returns (mean, s, β).
    #[inline]
    pub fn eval_coefficients(&self, h: usize) -> (T, T, T) {
        let s = self.gamma(h) / (self.running_var[h] + T::from_f64(EPS)).sqrt();
        (self.running_mean[h], s, self.beta(h))
    }

    /// Moves the running estimates towards a minibatch's mean and biased
    /// variance (`n` points): the variance enters unbiased, n / (n - 1).
    pub fn update_running(&mut self, mean: &[T], var: &[T], n: usize) {
        let m = T::from_f64(MOMENTUM);
        let keep = T::ONE - m;
        let unbias = T::from_f64(n as f64 / (n as f64 - 1.0));
        for (r, &v) in self.running_mean.iter_mut().zip(mean) {
            *r = keep * *r + m * v;
        }
        for (r, &v) in self.running_var.iter_mut().zip(var) {
            *r = keep * *r + m * (v * unbias);
        }
    }
}

/// One hidden layer's normalization as a person reads it (model JSON).
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct NormParams {
    pub gamma: Vec<f32>,
    pub beta: Vec<f32>,
    pub running_mean: Vec<f32>,
    pub running_var: Vec<f32>,
}

impl<T: Real> BatchNorm<T> {
    /// Layer l's part (hidden neurons `start..start + n`).
    pub fn layer_params(&self, start: usize, n: usize) -> NormParams {
        let f = |v: &[T]| v[start..][..n].iter().map(|v| v.to_f64() as f32).collect();
        let hidden = self.hidden();
        NormParams {
            gamma: f(&self.affine[..hidden]),
            beta: f(&self.affine[hidden..]),
            running_mean: f(&self.running_mean),
            running_var: f(&self.running_var),
        }
    }

    /// Loads layer l's part (checked by [`check_model_norm`] first).
    pub fn set_layer_params(&mut self, start: usize, p: &NormParams) {
        let hidden = self.hidden();
        let put = |dst: &mut [T], src: &[f32]| {
            for (d, &s) in dst[start..].iter_mut().zip(src) {
                *d = T::from_f64(s as f64);
            }
        };
        let (gamma, beta) = self.affine.split_at_mut(hidden);
        put(gamma, &p.gamma);
        put(beta, &p.beta);
        put(&mut self.running_mean, &p.running_mean);
        put(&mut self.running_var, &p.running_var);
    }
}

/// Checks the `batchNorm` part of every layer: present with one finite value
/// per neuron (a running variance >= 0) on each hidden layer when the
/// network normalizes, absent otherwise.
pub fn check_model_norm(layout: &Layout, normalized: bool, model: &Model) -> Result<()> {
    let shape_error = |message| Err(Error::ModelShape { message });
    let last = layout.layers() - 1;
    for (l, layer) in model.layers.iter().enumerate() {
        let n = layout.sizes[l + 1];
        match (&layer.batch_norm, normalized && l < last) {
            (None, false) => {}
            (Some(_), false) if l == last => {
                return shape_error(format!(
                    "layers[{l}].batchNorm: the output layer is never normalized"
                ))
            }
            (Some(_), false) => {
                return shape_error(format!(
                    "layers[{l}].batchNorm: this network has no batch normalization \
                     (config.batchNorm is false)"
                ))
            }
            (None, true) => {
                return shape_error(format!(
                    "layers[{l}].batchNorm is missing (config.batchNorm is true)"
                ))
            }
            (Some(p), true) => {
                for (name, values) in [
                    ("gamma", &p.gamma),
                    ("beta", &p.beta),
                    ("runningMean", &p.running_mean),
                    ("runningVar", &p.running_var),
                ] {
                    if values.len() != n {
                        return shape_error(format!(
                            "layers[{l}].batchNorm.{name}: expected {n} values, got {}",
                            values.len()
                        ));
                    }
                    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                        return shape_error(format!(
                            "layers[{l}].batchNorm.{name}[{i}] is not finite"
                        ));
                    }
                }
                if let Some(i) = p.running_var.iter().position(|&v| v < 0.0) {
                    return shape_error(format!(
                        "layers[{l}].batchNorm.runningVar[{i}] is negative"
                    ));
                }
            }
        }
    }
    Ok(())
}
