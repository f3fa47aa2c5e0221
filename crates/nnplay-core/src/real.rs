//! The scalar the maths is written over: `f32` for the engine, `f64` for the
//! finite-difference gradient checks. Every transcendental goes through
//! `libm`, so the same inputs give the same bits natively and in wasm.

use core::fmt::Debug;
use core::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};

pub trait Real:
    Copy
    + Debug
    + Default
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + 'static
{
    const ZERO: Self;
    const ONE: Self;
    const HALF: Self;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn tanh(self) -> Self;
    /// (tanh x, u = e^(-2|x|), 1 / (1 + u)): the slope sech² x = 4u / (1 + u)^2
    /// and the tanh head's residual come from the same exponential as the
    /// value (`fast::tanh_parts` for f32).
    fn tanh_parts(self) -> (Self, Self, Self);
    fn sqrt(self) -> Self;
    fn abs(self) -> Self;
    fn is_finite(self) -> bool;
    fn max(self, other: Self) -> Self {
        if other > self {
            other
        } else {
            self
        }
    }
}

macro_rules! impl_real {
    ($t:ty, $exp:path, $ln:path, $ln1p:path, $tanh:path, $tanh_parts:path, $sqrt:path, $abs:path) => {
        impl Real for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const HALF: Self = 0.5;
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn exp(self) -> Self {
                $exp(self)
            }
            #[inline(always)]
            fn ln(self) -> Self {
                $ln(self)
            }
            #[inline(always)]
            fn ln_1p(self) -> Self {
                $ln1p(self)
            }
            #[inline(always)]
            fn tanh(self) -> Self {
                $tanh(self)
            }
            #[inline(always)]
            fn tanh_parts(self) -> (Self, Self, Self) {
                $tanh_parts(self)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                $sqrt(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                $abs(self)
            }
            #[inline(always)]
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
        }
    };
}

// f32 is the engine's own scalar: its tanh is `fast`'s, built on the same
// exponential as its slope, used the same way in training and in drawing
// (error < 2.5e-7, 1.5e-6 relative).
impl_real!(
    f32,
    libm::expf,
    libm::logf,
    libm::log1pf,
    crate::fast::tanh,
    crate::fast::tanh_parts,
    libm::sqrtf,
    libm::fabsf
);
impl_real!(
    f64,
    libm::exp,
    libm::log,
    libm::log1p,
    libm::tanh,
    tanh_parts_f64,
    libm::sqrt,
    libm::fabs
);

/// f64's [`Real::tanh_parts`], from libm.
fn tanh_parts_f64(x: f64) -> (f64, f64, f64) {
    let u = libm::exp(-2.0 * libm::fabs(x));
    (libm::tanh(x), u, 1.0 / (1.0 + u))
}
