//! Fast f32 tanh and exp with no branch on the value's range, so the lane
//! loops vectorize them (libm's tanhf and expf are scalar calls).
//!
//! tanh(x) ~ x P(s) / Q(s), s = (x / 9)^2, degree 6 over 6, fitted by
//! `tools/fit_tanh.py` (our own fit). Its largest error evaluated in f32 is
//! 3.6e-7 over [-12, 12] (the script measures it; `tests` below checks it
//! against f64 tanh); beyond |x| = 9, tanh is +-1 to within f32 rounding.

const CLAMP: f32 = 9.0;
const INV_CLAMP_SQ: f32 = 1.0 / (CLAMP * CLAMP);
const P: [f32; 7] = [
    1.0,
    9.981_23,
    13.791_955,
    -6.452_882_3,
    -0.399_059_9,
    6.114_654_5,
    0.483_836_5,
];
const Q: [f32; 7] = [
    1.0, 36.981_228, 137.485_15, 35.409_348, -69.588_36, 55.050_3, 24.339_935,
];

#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    // clamp keeps a NaN a NaN (divergence must stay visible).
    let x = x.clamp(-CLAMP, CLAMP);
    let s = x * x * INV_CLAMP_SQ;
    let mut num = P[6];
    let mut den = Q[6];
    for k in (0..6).rev() {
        num = num * s + P[k];
        den = den * s + Q[k];
    }
    x * num / den
}

/// e^x for f32, branch-free so lane loops vectorize it (libm's expf is a
/// scalar call): x = n ln 2 + r with |r| <= ln(2) / 2, e^r as 1 + r +
/// r^2 q(r) with q a cubic fitted to e^r (degree 5 in all: it is in every
/// tanh/sigmoid slope of the backward pass), times 2^n built from the
/// exponent bits. Only IEEE add, subtract, multiply and bit moves, so the
/// bits are the same natively and in wasm. Relative error < 5e-7 over
/// [-87, 88] (checked below); x is clamped into that range (e^-87 is still
/// a normal f32), and a NaN stays a NaN.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(EXP_MIN, EXP_MAX);
    // Adding 1.5 * 2^23 rounds x / ln 2 to the nearest integer n, which then
    // sits in the low mantissa bits of `shifted`.
    let shifted = x * core::f32::consts::LOG2_E + ROUND_SHIFT;
    let n = shifted - ROUND_SHIFT;
    // r = x - n ln 2 in two steps (ln 2 = LN2_HI + LN2_LO, LN2_HI exact in
    // few bits), so r keeps its precision.
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let mut q = EXP_TAIL[3];
    for k in (0..3).rev() {
        q = q * r + EXP_TAIL[k];
    }
    let p = 1.0 + (r + r * r * q);
    let n_int = shifted.to_bits() as i32 - ROUND_SHIFT.to_bits() as i32;
    let scale = f32::from_bits(((n_int + 127) << 23) as u32);
    p * scale
}

const EXP_MIN: f32 = -87.0;
const EXP_MAX: f32 = 88.0;
const ROUND_SHIFT: f32 = 12_582_912.0;
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// e^r = 1 + r + r^2 q(r) on |r| <= ln(2) / 2, q cubic: a Chebyshev fit
/// of (e^r - 1 - r) / r^2 (relative error of e^r 4e-7 before rounding).
const EXP_TAIL: [f32; 4] = [0.499_997_5, 0.166_666_31, 0.041_833_803, 0.008_357_2];

#[cfg(test)]
mod tests {
    #[test]
    fn within_4e_7_of_tanh_everywhere() {
        let mut worst: f64 = 0.0;
        let mut x = -12.0f32;
        while x <= 12.0 {
            let err = (super::tanh(x) as f64 - libm::tanh(x as f64)).abs();
            worst = worst.max(err);
            x += 1.0 / 4096.0;
        }
        assert!(worst < 4e-7, "worst error {worst}");
        assert_eq!(super::tanh(0.0), 0.0);
        assert!(super::tanh(f32::NAN).is_nan());
        assert_eq!(super::tanh(f32::INFINITY), super::tanh(9.0));
        assert!(super::tanh(9.0) <= 1.0 && super::tanh(-9.0) >= -1.0);
    }

    #[test]
    fn exp_within_5e_7_relative_everywhere() {
        let mut worst: f64 = 0.0;
        let mut x = -87.0f32;
        while x <= 88.0 {
            let want = libm::exp(x as f64);
            let err = ((super::exp(x) as f64 - want) / want).abs();
            worst = worst.max(err);
            x += 1.0 / 512.0;
        }
        assert!(worst < 5e-7, "worst relative error {worst}");
        assert_eq!(super::exp(0.0), 1.0);
        assert!(super::exp(f32::NAN).is_nan());
        assert_eq!(super::exp(f32::NEG_INFINITY), super::exp(-87.0));
        assert!(super::exp(-87.0) > 0.0 && super::exp(88.0).is_finite());
    }
}
