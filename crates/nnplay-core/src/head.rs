//! The output layer's transform and loss: what the network's last z means.

use crate::activation::{sech_squared, sigmoid, sigmoid_of_half_tanh, softplus};
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
            Head::TanhSquared | Head::SigmoidCrossEntropy => {
                let (o, d, loss) = self.evaluate_one(z[0], label);
                out[0] = o;
                delta[0] = d;
                loss
            }
            Head::SoftmaxCrossEntropy => {
                let target = class_index(label, z.len());
                let max = z.iter().fold(z[0], |m, &v| m.max(v));
                let mut sum = T::ZERO;
                let mut others = T::ZERO;
                for (j, (o, &zj)) in out.iter_mut().zip(z).enumerate() {
                    *o = (zj - max).exp();
                    sum += *o;
                    if j != target {
                        others += *o;
                    }
                }
                for (j, (o, d)) in out.iter_mut().zip(delta.iter_mut()).enumerate() {
                    *o = *o / sum;
                    // o_target - 1 = -(the other classes' share), summed
                    // directly: no cancellation when the target wins.
                    *d = if j == target { -(others / sum) } else { *o };
                }
                if z[target] >= max {
                    // logsumexp(z) - z_target = ln(1 + others), exact
                    // however small the others are.
                    others.ln_1p()
                } else {
                    sum.ln() + max - z[target]
                }
            }
            Head::LinearSquared | Head::LinearHuber => {
                let (o, d, loss) = self.evaluate_one(z[0], label);
                out[0] = o;
                delta[0] = d;
                loss
            }
        }
    }

    /// [`Head::evaluate`] for a one-output head: (output, dLoss/dz, loss).
    /// Branch-free but for the match, so a lane loop over it (with the match
    /// outside) vectorizes. Softmax has no one-output form: `z` is returned
    /// unchanged for it, with no gradient and no loss.
    #[inline(always)]
    pub(crate) fn evaluate_one<T: Real>(self, z: T, label: T) -> (T, T, T) {
        match self {
            Head::TanhSquared => {
                let (o, r, slope) = tanh_residual(z, label);
                (o, r * slope, T::HALF * r * r)
            }
            Head::SigmoidCrossEntropy => {
                let t = (label + T::ONE) * T::HALF;
                logistic_residual(z, t)
            }
            Head::LinearSquared => {
                let r = z - label;
                (z, r, T::HALF * r * r)
            }
            Head::LinearHuber => {
                let r = z - label;
                let m = r.abs();
                let sign = if r > T::ZERO { T::ONE } else { -T::ONE };
                if m <= T::ONE {
                    (z, r, T::HALF * r * r)
                } else {
                    (z, sign, m - T::HALF)
                }
            }
            Head::SoftmaxCrossEntropy => (z, T::ZERO, T::ZERO),
        }
    }

    /// [`Head::output`] for a one-output head (softmax: `z` unchanged).
    #[inline(always)]
    pub(crate) fn output_one<T: Real>(self, z: T) -> T {
        match self {
            Head::TanhSquared => z.tanh(),
            Head::SigmoidCrossEntropy => sigmoid(z),
            Head::LinearSquared | Head::LinearHuber | Head::SoftmaxCrossEntropy => z,
        }
    }

    /// Only the output, for drawing and prediction.
    #[inline]
    pub fn output<T: Real>(self, z: &[T], out: &mut [T]) {
        match self {
            Head::SoftmaxCrossEntropy => {
                let mut scratch = [T::ZERO; crate::config::MAX_CLASSES];
                let delta = &mut scratch[..z.len()];
                self.evaluate(z, T::ZERO, out, delta);
            }
            _ => out[0] = self.output_one(z[0]),
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

/// For the tanh head: the output o = tanh(z), the residual r = o - y and
/// tanh'(z), from one exponential, so all keep their relative precision in
/// saturation. With u = e^(-2|z|) and s = sign(z): 1 - tanh|z| =
/// 2u / (1 + u), 1 + tanh|z| = 2 / (1 + u), and tanh'(z) = 4u / (1 + u)^2
/// (see [`Real::tanh_parts`]). A label y = s gives r = -s 2u / (1 + u) (the
/// output is right and nearly exact: the difference of two numbers near 1
/// is never formed), y = -s gives r = s 2 / (1 + u); any other label falls
/// back to o minus y.
#[inline(always)]
fn tanh_residual<T: Real>(z: T, y: T) -> (T, T, T) {
    let (o, u, inv) = z.tanh_parts();
    let s = if z >= T::ZERO { T::ONE } else { -T::ONE };
    let two = T::from_f64(2.0);
    // All three candidates, then a choice: selects, which vectorize.
    let right = -s * two * u * inv;
    let wrong = s * two * inv;
    let other = o - y;
    let r = if y == s {
        right
    } else if y == -s {
        wrong
    } else {
        other
    };
    (o, r, sech_squared(u, inv))
}

/// For the sigmoid head with target t: the output o = sigmoid(z),
/// dLoss/dz = o - t and the loss softplus(z) - t z, from u = e^(-|z|) (the
/// u of tanh(z / 2), which sigmoid is made of) so all keep their relative
/// precision in saturation: t = 1 gives -sigmoid(-z) and softplus(-z),
/// t = 0 sigmoid(z) and softplus(z) (sigmoid(+-|z|) = 1 / (1 + u) or
/// u / (1 + u), softplus(+-z) = max(+-z, 0) + ln(1 + u)); any other t falls
/// back to o minus t.
#[inline(always)]
fn logistic_residual<T: Real>(z: T, t: T) -> (T, T, T) {
    let (half_tanh, u, inv) = (T::HALF * z).tanh_parts();
    let o = sigmoid_of_half_tanh(half_tanh);
    let log_term = u.ln_1p();
    let (up, down) = if z >= T::ZERO {
        (inv, u * inv)
    } else {
        (u * inv, inv)
    };
    if t == T::ONE {
        (o, -down, (-z).max(T::ZERO) + log_term)
    } else if t == T::ZERO {
        (o, up, z.max(T::ZERO) + log_term)
    } else {
        (o, o - t, softplus(z) - t * z)
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
