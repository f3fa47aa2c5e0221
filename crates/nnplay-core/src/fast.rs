//! Fast f32 tanh with no branch on the value's range, so the lane loops
//! vectorize it (libm's tanhf is a scalar call).
//!
//! tanh is built on a branch-free 2^t (see [`tanh_parts`]): one exponential
//! gives the unit's value, its slope sech², and the head's residual, each
//! with its relative precision, where a separate tanh (a rational fit, as
//! it once was) and a second exp for the slope cost two evaluations a unit.

/// Adding 1.5 * 2^23 rounds a float of magnitude below 2^22 to the nearest
/// integer n, which then sits in the low mantissa bits of the sum.
const ROUND_SHIFT: f32 = 12_582_912.0;

/// tanh(x), u = e^(-2|x|) and 1 / (1 + u), from one exponential.
///
/// tanh|x| = (1 - u) / (1 + u), and the slope and the tanh head's residual
/// follow from u and 1 / (1 + u) (sech² x = 4u / (1 + u)^2). u is 2^t with
/// t = -2|x| log2(e), as 2^n (1 + e_f) from `exp2_split` (n <= 0), so
/// 1 - u = (1 - 2^n) - 2^n e_f and 1 + u = (1 + 2^n) + 2^n e_f: 1 +- 2^n
/// and 2^n e_f are exact, each sum is rounded once, and tanh keeps its
/// relative precision near 0 (there n = 0 and 1 - u = -e_f) as well as in
/// saturation. Rounding t costs u a relative error of at most 6e-8 |t|
/// ln 2, which only matters where tanh is +-1 and the slope tiny (its
/// relative precision stays within 1e-5). Beyond |x| = 43.5, u stays at
/// 2^-125.5 (tanh is 1 in f32 long before). A NaN stays a NaN.
#[inline(always)]
pub fn tanh_parts(x: f32) -> (f32, f32, f32) {
    let m = f32::from_bits(x.to_bits() & !SIGN);
    let t = m * MINUS_TWO_LOG2_E;
    // Not `max`, which would turn a NaN into the bound.
    let t = if t < EXP2_MIN { EXP2_MIN } else { t };
    let (scale, e_f) = exp2_split(t);
    let tail = scale * e_f;
    let u = (1.0 + e_f) * scale;
    let inv = 1.0 / ((1.0 + scale) + tail);
    let magnitude = ((1.0 - scale) - tail) * inv;
    let tanh = f32::from_bits(magnitude.to_bits() | (x.to_bits() & SIGN));
    (tanh, u, inv)
}

/// 2^t as `scale (1 + e_f)` for t in [-125.5, 0]: `scale` = 2^n exactly,
/// n = t rounded, and e_f = 2^f - 1 for f = t - n (exact, |f| <= 1/2): the
/// polynomial is a fit of e^r on |r| <= ln(2) / 2 written in f (r = f ln 2).
#[inline(always)]
fn exp2_split(t: f32) -> (f32, f32) {
    let shifted = t + ROUND_SHIFT;
    let n = shifted - ROUND_SHIFT;
    let f = t - n;
    let mut p = EXP2_TAIL[4];
    for k in (0..4).rev() {
        p = p * f + EXP2_TAIL[k];
    }
    let e_f = f * p;
    let n_int = shifted.to_bits() as i32 - ROUND_SHIFT.to_bits() as i32;
    let scale = f32::from_bits(((n_int + 127) << 23) as u32);
    (scale, e_f)
}

const MINUS_TWO_LOG2_E: f32 = -2.0 * core::f32::consts::LOG2_E;
/// 2^-125.5 is still a normal f32, as is 2^-126 = its scale.
const EXP2_MIN: f32 = -125.5;
/// 2^f - 1 = f (c1 + c2 f + ... + c5 f^4) on |f| <= 1/2: with r = f ln 2,
/// e^r = 1 + r + r^2 q(r) for q a Chebyshev fit of (e^r - 1 - r) / r^2
/// (q = 0.4999975 + 0.16666631 r + 0.041833803 r^2 + 0.0083572 r^3, relative
/// error 4e-7 before rounding), so c1 = ln 2 and c(k+2) = q_k ln(2)^(k+2).
const EXP2_TAIL: [f32; 5] = [
    core::f32::consts::LN_2,
    0.240_225_3,
    0.055_503_99,
    0.009_656_71,
    0.001_337_174_6,
];

/// tanh(x) (see [`tanh_parts`]; what is not used of it is not computed).
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    tanh_parts(x).0
}

const SIGN: u32 = 0x8000_0000;

#[cfg(test)]
mod tests {
    /// Relative error of f32 against f64 (0 where both are 0).
    fn relative(got: f32, want: f64) -> f64 {
        if want == 0.0 {
            got.abs() as f64
        } else {
            ((got as f64 - want) / want).abs()
        }
    }

    #[test]
    fn tanh_and_its_slope_keep_their_relative_precision() {
        let (mut worst_tanh, mut worst_slope, mut worst_u): (f64, f64, f64) = (0.0, 0.0, 0.0);
        let mut worst_absolute: f64 = 0.0;
        let mut check = |x: f32| {
            let (t, u, inv) = super::tanh_parts(x);
            let xd = x as f64;
            worst_tanh = worst_tanh.max(relative(t, libm::tanh(xd)));
            worst_absolute = worst_absolute.max((t as f64 - libm::tanh(xd)).abs());
            let want_u = libm::exp(-2.0 * xd.abs());
            worst_u = worst_u.max(relative(u, want_u));
            let sech = 1.0 / libm::cosh(xd);
            worst_slope = worst_slope.max(relative(4.0 * u * inv * inv, sech * sech));
        };
        // Every step of 1/4096 over [-40, 40] (u = e^-80 is still normal)...
        let mut x = -40.0f32;
        while x <= 40.0 {
            check(x);
            x += 1.0 / 4096.0;
        }
        // ...and the small magnitudes, where a rounded 1 - u would lose tanh.
        let mut x = 1e-30f32;
        while x < 1.0 {
            check(x);
            check(-x);
            x *= 1.001;
        }
        assert!(
            worst_tanh < 1.5e-6,
            "tanh: worst relative error {worst_tanh}"
        );
        assert!(
            worst_absolute < 2.5e-7,
            "tanh: worst error {worst_absolute}"
        );
        assert!(worst_u < 5e-6, "u: worst relative error {worst_u}");
        assert!(
            worst_slope < 5e-6,
            "slope: worst relative error {worst_slope}"
        );
    }

    #[test]
    fn tanh_at_its_edges() {
        assert_eq!(super::tanh(0.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(super::tanh(-0.0).to_bits(), (-0.0f32).to_bits());
        assert!(super::tanh(f32::NAN).is_nan());
        assert!(super::tanh_parts(f32::NAN).1.is_nan());
        assert_eq!(super::tanh(f32::INFINITY), 1.0);
        assert_eq!(super::tanh(f32::NEG_INFINITY), -1.0);
        assert_eq!(super::tanh_parts(0.0), (0.0, 1.0, 0.5));
        let mut x = -50.0f32;
        while x <= 50.0 {
            let t = super::tanh(x);
            assert!(t.abs() <= 1.0 && t == -super::tanh(-x), "tanh({x}) = {t}");
            x += 1.0 / 64.0;
        }
    }
}
