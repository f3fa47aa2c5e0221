//! The output layer's transform and loss: what the network's last z means.

use crate::activation::{sigmoid, softplus};
use crate::config::{LossKind, Problem};
use crate::real::Real;

/// An output transform paired with its loss. For every head, dLoss/dz has
/// the simple "output minus target" form, which is why they come in pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    /// Classification as in TF Playground: o = tanh(z), labels +1/-1, 0.5 (o - y)^2.
    TanhSquared,
    /// o = sigmoid(z), t = (y + 1) / 2, loss softplus(z) - t z.
    SigmoidCrossEntropy,
    /// o = softmax(z), labels 0..K-1, loss `logsumexp(z) - z[y]`.
    SoftmaxCrossEntropy,
    /// o = z, 0.5 (z - y)^2.
    LinearSquared,
    /// o = z, Huber with delta 1.
    LinearHuber,
}

impl Head {
    pub fn new(problem: Problem, loss: LossKind) -> Head {
        match (problem, loss) {
            (Problem::Classification, LossKind::CrossEntropy) => Head::SigmoidCrossEntropy,
            (Problem::Classification, _) => Head::TanhSquared,
            (Problem::Multiclass, _) => Head::SoftmaxCrossEntropy,
            (Problem::Regression, LossKind::Huber) => Head::LinearHuber,
            (Problem::Regression, _) => Head::LinearSquared,
        }
    }

    /// For one sample with logits `z`: writes the output into `out`, dLoss/dz
    /// into `delta`, and returns the loss. All three slices have the output
    /// layer's width.
    #[inline]
    pub fn evaluate<T: Real>(self, z: &[T], label: T, out: &mut [T], delta: &mut [T]) -> T {
        match self {
            Head::TanhSquared => {
                let o = z[0].tanh();
                let r = o - label;
                out[0] = o;
                delta[0] = r * (T::ONE - o * o);
                T::HALF * r * r
            }
            Head::SigmoidCrossEntropy => {
                let t = (label + T::ONE) * T::HALF;
                let o = sigmoid(z[0]);
                out[0] = o;
                delta[0] = o - t;
                softplus(z[0]) - t * z[0]
            }
            Head::SoftmaxCrossEntropy => {
                let target = class_index(label, z.len());
                let max = z.iter().fold(z[0], |m, &v| m.max(v));
                let mut sum = T::ZERO;
                for (o, &zj) in out.iter_mut().zip(z) {
                    *o = (zj - max).exp();
                    sum += *o;
                }
                for (j, (o, d)) in out.iter_mut().zip(delta.iter_mut()).enumerate() {
                    *o = *o / sum;
                    *d = if j == target { *o - T::ONE } else { *o };
                }
                sum.ln() + max - z[target]
            }
            Head::LinearSquared => {
                let r = z[0] - label;
                out[0] = z[0];
                delta[0] = r;
                T::HALF * r * r
            }
            Head::LinearHuber => {
                let r = z[0] - label;
                out[0] = z[0];
                if r.abs() <= T::ONE {
                    delta[0] = r;
                    T::HALF * r * r
                } else {
                    delta[0] = if r > T::ZERO { T::ONE } else { -T::ONE };
                    r.abs() - T::HALF
                }
            }
        }
    }

    /// Only the output, for drawing and prediction.
    #[inline]
    pub fn output<T: Real>(self, z: &[T], out: &mut [T]) {
        match self {
            Head::TanhSquared => out[0] = z[0].tanh(),
            Head::SigmoidCrossEntropy => out[0] = sigmoid(z[0]),
            Head::SoftmaxCrossEntropy => {
                let mut scratch = [T::ZERO; crate::config::MAX_CLASSES];
                let delta = &mut scratch[..z.len()];
                self.evaluate(z, T::ZERO, out, delta);
            }
            Head::LinearSquared | Head::LinearHuber => out[0] = z[0],
        }
    }

    /// Whether the output classifies the label right; `None` for regression.
    pub fn is_correct<T: Real>(self, out: &[T], label: T) -> Option<bool> {
        match self {
            Head::TanhSquared => Some((out[0] >= T::ZERO) == (label > T::ZERO)),
            Head::SigmoidCrossEntropy => Some((out[0] >= T::HALF) == (label > T::ZERO)),
            Head::SoftmaxCrossEntropy => {
                let mut best = 0;
                for (j, &o) in out.iter().enumerate() {
                    if o > out[best] {
                        best = j;
                    }
                }
                Some(best == class_index(label, out.len()))
            }
            Head::LinearSquared | Head::LinearHuber => None,
        }
    }
}

/// A class label as an index, clamped into 0..k (labels are validated on the
/// way in; the clamp only keeps a bad one from indexing out of bounds).
#[inline]
fn class_index<T: Real>(label: T, k: usize) -> usize {
    let v = label.to_f64();
    if v >= 0.0 {
        (v as usize).min(k - 1)
    } else {
        0
    }
}
