//! Regularization penalties and the optimizers, as PyTorch defines them.

use alloc::vec;
use alloc::vec::Vec;

use crate::config::{OptimizerConfig, OptimizerKind, Regularization, RegularizationKind};
use crate::real::Real;

impl Regularization {
    /// The penalty on the weights: L2 (rate/2) sum w^2, L1 rate sum |w|.
    pub fn penalty<T: Real>(&self, weights: &[T]) -> f64 {
        let rate = self.rate as f64;
        match self.kind {
            RegularizationKind::None => 0.0,
            RegularizationKind::L1 => rate * weights.iter().map(|w| w.to_f64().abs()).sum::<f64>(),
            RegularizationKind::L2 => {
                0.5 * rate * weights.iter().map(|w| w.to_f64() * w.to_f64()).sum::<f64>()
            }
        }
    }

    /// Adds the penalty's gradient to `grad`: rate w (L2), rate sign(w) (L1,
    /// with sign(0) = 0).
    pub fn add_gradient<T: Real>(&self, weights: &[T], grad: &mut [T]) {
        let rate = T::from_f64(self.rate as f64);
        match self.kind {
            RegularizationKind::None => {}
            RegularizationKind::L1 => {
                for (g, &w) in grad.iter_mut().zip(weights) {
                    if w > T::ZERO {
                        *g += rate;
                    } else if w < T::ZERO {
                        *g -= rate;
                    }
                }
            }
            RegularizationKind::L2 => {
                for (g, &w) in grad.iter_mut().zip(weights) {
                    *g += rate * w;
                }
            }
        }
    }
}

/// The optimizer's memory: velocities or running moments, one per parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimizer<T> {
    pub config: OptimizerConfig,
    /// Momentum's velocity v, or Adam's first moment m.
    first: Vec<T>,
    /// RMSprop's or Adam's running mean of g^2.
    second: Vec<T>,
    /// Updates taken so far (Adam's t).
    steps: u64,
}

impl<T: Real> Optimizer<T> {
    pub fn new(config: OptimizerConfig, param_count: usize) -> Self {
        Optimizer {
            config,
            first: vec![T::ZERO; param_count],
            second: vec![T::ZERO; param_count],
            steps: 0,
        }
    }

    /// The moments (one per parameter each) and the number of updates taken.
    pub fn state(&self) -> (&[T], &[T], u64) {
        (&self.first, &self.second, self.steps)
    }

    /// Sets the state `state()` gave; both moments must have one value per
    /// parameter (the caller checks).
    pub fn set_state(&mut self, first: &[T], second: &[T], steps: u64) {
        self.first.copy_from_slice(first);
        self.second.copy_from_slice(second);
        self.steps = steps;
    }

    /// Forgets the moments (after new weights or a new optimizer).
    pub fn reset(&mut self) {
        self.first.fill(T::ZERO);
        self.second.fill(T::ZERO);
        self.steps = 0;
    }

    /// One update of `params` along the gradient `grad`.
    pub fn update(&mut self, params: &mut [T], grad: &[T]) {
        let c = &self.config;
        let lr = T::from_f64(c.learning_rate as f64);
        let one = T::ONE;
        self.steps += 1;
        match c.kind {
            OptimizerKind::Sgd => {
                for (w, &g) in params.iter_mut().zip(grad) {
                    *w -= lr * g;
                }
            }
            OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                let mu = T::from_f64(c.momentum as f64);
                let nesterov = c.kind == OptimizerKind::Nesterov;
                for ((w, &g), v) in params.iter_mut().zip(grad).zip(&mut self.first) {
                    *v = mu * *v + g;
                    *w -= lr * if nesterov { g + mu * *v } else { *v };
                }
            }
            OptimizerKind::Rmsprop => {
                let alpha = T::from_f64(c.rho as f64);
                let eps = T::from_f64(c.eps as f64);
                for ((w, &g), s) in params.iter_mut().zip(grad).zip(&mut self.second) {
                    *s = alpha * *s + (one - alpha) * g * g;
                    *w -= lr * g / (s.sqrt() + eps);
                }
            }
            OptimizerKind::Adam => {
                let (b1, b2) = (c.beta1 as f64, c.beta2 as f64);
                let t = self.steps as f64;
                let correction1 = T::from_f64(1.0 - libm::pow(b1, t));
                let correction2 = T::from_f64(1.0 - libm::pow(b2, t));
                let (b1, b2) = (T::from_f64(b1), T::from_f64(b2));
                let eps = T::from_f64(c.eps as f64);
                let moments = self.first.iter_mut().zip(self.second.iter_mut());
                for ((w, &g), (m, v)) in params.iter_mut().zip(grad).zip(moments) {
                    *m = b1 * *m + (one - b1) * g;
                    *v = b2 * *v + (one - b2) * g * g;
                    let m_hat = *m / correction1;
                    let v_hat = *v / correction2;
                    *w -= lr * m_hat / (v_hat.sqrt() + eps);
                }
            }
        }
    }
}
