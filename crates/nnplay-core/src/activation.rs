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

    /// (f(z), f'(z)) together, as the training pass stores them: tanh's and
    /// sigmoid's value and slope come from one exponential.
    #[inline(always)]
    pub fn value_and_slope<T: Real>(self, z: T) -> (T, T) {
        match self {
            Activation::Tanh => tanh_and_slope(z),
            Activation::Sigmoid => sigmoid_and_slope(z),
            _ => {
                let a = self.apply(z);
                (a, self.derivative(z, a))
            }
        }
    }

    /// f'(z), given z and a = f(z) (several derivatives are cheapest from a).
    /// tanh's and sigmoid's come from z, so they keep their relative
    /// precision where the unit saturates (1 - a^2 from a rounded a would
    /// lose it all); they are the very slopes [`Activation::value_and_slope`]
    /// gives.
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
            Activation::Tanh => tanh_and_slope(z).1,
            Activation::Sigmoid => sigmoid_and_slope(z).1,
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
    sigmoid_of_half_tanh((T::HALF * z).tanh())
}

/// sigmoid(z) from t = tanh(z / 2).
#[inline(always)]
pub(crate) fn sigmoid_of_half_tanh<T: Real>(t: T) -> T {
    T::HALF + T::HALF * t
}

/// sech^2(z) = 4u / (1 + u)^2 from tanh's parts u = e^(-2|z|) and
/// inv = 1 / (1 + u) (see [`Real::tanh_parts`]).
#[inline(always)]
pub(crate) fn sech_squared<T: Real>(u: T, inv: T) -> T {
    T::from_f64(4.0) * u * inv * inv
}

/// tanh(z) and tanh'(z) = sech^2(z) from one exponential u = e^(-2|z|):
/// sech^2(z) = 4u / (1 + u)^2. Every factor keeps its relative precision,
/// from z = 0 (exactly 1) into deep saturation (about 4 e^(-2|z|), never
/// the difference of two numbers near 1, as 1 - tanh^2 would be).
#[inline(always)]
pub fn tanh_and_slope<T: Real>(z: T) -> (T, T) {
    let (a, u, inv) = z.tanh_parts();
    (a, sech_squared(u, inv))
}

/// sigmoid(z) and sigmoid'(z) = sigmoid(z) sigmoid(-z) = u / (1 + u)^2 with
/// u = e^(-|z|), the u of tanh(z / 2) (sigmoid is (1 + tanh(z / 2)) / 2):
/// precise in saturation for the same reason as [`tanh_and_slope`].
#[inline(always)]
pub fn sigmoid_and_slope<T: Real>(z: T) -> (T, T) {
    let (t, u, inv) = (T::HALF * z).tanh_parts();
    (sigmoid_of_half_tanh(t), u * inv * inv)
}

/// ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|), stable for any z.
#[inline(always)]
pub fn softplus<T: Real>(z: T) -> T {
    z.max(T::ZERO) + (-z.abs()).exp().ln_1p()
}
