//! Activation functions f and their exact derivatives f'.

use crate::real::Real;

/// The non-linearity applied by every hidden neuron.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Activation {
    Linear,
    Relu,
    /// relu with slope 0.01 below zero.
    LeakyRelu,
    #[default]
    Tanh,
    Sigmoid,
    /// alpha = 1.
    Elu,
    Softplus,
    /// x * sigmoid(x), also called SiLU.
    Swish,
    /// The tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
    Gelu,
}

impl Activation {
    pub const ALL: [Activation; 9] = [
        Activation::Linear,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Elu,
        Activation::Softplus,
        Activation::Swish,
        Activation::Gelu,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leakyRelu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Elu => "elu",
            Activation::Softplus => "softplus",
            Activation::Swish => "swish",
            Activation::Gelu => "gelu",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// a = f(z).
    #[inline(always)]
    pub fn apply<T: Real>(self, z: T) -> T {
        match self {
            Activation::Linear => z,
            Activation::Relu => {
                if z > T::ZERO {
                    z
                } else {
                    T::ZERO
                }
            }
            Activation::LeakyRelu => {
                if z > T::ZERO {
                    z
                } else {
                    T::from_f64(0.01) * z
                }
            }
            Activation::Tanh => z.tanh(),
            Activation::Sigmoid => sigmoid(z),
            Activation::Elu => {
                if z > T::ZERO {
                    z
                } else {
                    z.exp() - T::ONE
                }
            }
            Activation::Softplus => softplus(z),
            Activation::Swish => z * sigmoid(z),
            Activation::Gelu => T::HALF * z * (T::ONE + gelu_inner(z).tanh()),
        }
    }

    /// f'(z), given z and a = f(z) (several derivatives are cheapest from a).
    /// tanh's and sigmoid's come from z, so they keep their relative
    /// precision where the unit saturates (1 - a^2 from a rounded a would
    /// lose it all).
    #[inline(always)]
    pub fn derivative<T: Real>(self, z: T, a: T) -> T {
        match self {
            Activation::Linear => T::ONE,
            // relu'(0) = 0, as in the contract.
            Activation::Relu => {
                if z > T::ZERO {
                    T::ONE
                } else {
                    T::ZERO
                }
            }
            Activation::LeakyRelu => {
                if z > T::ZERO {
                    T::ONE
                } else {
                    T::from_f64(0.01)
                }
            }
            Activation::Tanh => tanh_slope(z, a),
            Activation::Sigmoid => sigmoid_slope(z, a),
            Activation::Elu => {
                if z > T::ZERO {
                    T::ONE
                } else {
                    a + T::ONE
                }
            }
            Activation::Softplus => sigmoid(z),
            Activation::Swish => {
                let s = sigmoid(z);
                s + z * s * (T::ONE - s)
            }
            Activation::Gelu => {
                let t = gelu_inner(z).tanh();
                let k = T::from_f64(GELU_K);
                let inner_prime = k * (T::ONE + T::from_f64(3.0 * GELU_C) * z * z);
                T::HALF * (T::ONE + t) + T::HALF * z * (T::ONE - t * t) * inner_prime
            }
        }
    }
}

/// sqrt(2 / pi).
const GELU_K: f64 = 0.797_884_560_802_865_4;
const GELU_C: f64 = 0.044_715;

#[inline(always)]
fn gelu_inner<T: Real>(z: T) -> T {
    T::from_f64(GELU_K) * (z + T::from_f64(GELU_C) * z * z * z)
}

/// 1 / (1 + e^-z), through the identity sigmoid(z) = (1 + tanh(z / 2)) / 2:
/// it cannot overflow, and it shares tanh's fast, branch-free form.
#[inline(always)]
pub fn sigmoid<T: Real>(z: T) -> T {
    T::HALF + T::HALF * (T::HALF * z).tanh()
}

/// tanh'(z) = sech^2(z) from z and a = tanh(z): with u = e^(-2|z|),
/// sech^2(z) = 4u / (1 + u)^2, and 1 / (1 + u) = (1 + |a|) / 2, so it is
/// u (1 + |a|)^2 with no division. Every factor keeps its relative
/// precision (1 + |a| lies in [1, 2], so a's absolute error is a relative
/// one there), from z = 0 (exactly 1) into deep saturation (about
/// 4 e^(-2|z|), never the difference of two numbers near 1).
#[inline(always)]
pub fn tanh_slope<T: Real>(z: T, a: T) -> T {
    let m = z.abs();
    let u = (-(m + m)).fast_exp();
    let q = T::ONE + a.abs();
    u * (q * q)
}

/// sigmoid'(z) = sigmoid(z) sigmoid(-z) = u / (1 + u)^2 with u = e^(-|z|),
/// from z and a = sigmoid(z): 1 / (1 + u) = sigmoid(|z|), which is a or
/// 1 - a (the larger, in [1/2, 1], so no precision is lost), giving
/// u sigmoid(|z|)^2 with no division; precise in saturation for the same
/// reason as [`tanh_slope`].
#[inline(always)]
pub fn sigmoid_slope<T: Real>(z: T, a: T) -> T {
    let u = (-z.abs()).fast_exp();
    let q = if z >= T::ZERO { a } else { T::ONE - a };
    u * (q * q)
}

/// ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|), stable for any z.
#[inline(always)]
pub fn softplus<T: Real>(z: T) -> T {
    z.max(T::ZERO) + (-z.abs()).exp().ln_1p()
}
