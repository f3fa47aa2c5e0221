//! Fast f32 exp and tanh with no branch on the value's range, so the lane
//! loops vectorize them (libm's expf and tanhf are scalar calls).
//!
//! tanh is built on exp's own pieces (see [`tanh_parts`]): one exponential
//! gives the unit's value, its slope sech², and the head's residual, each
//! with its relative precision, where a separate tanh (a rational fit, as
//! it once was) and a second exp for the slope cost two evaluations a unit.

/// e^x for f32, branch-free so lane loops vectorize it (libm's expf is a
/// scalar call): x = n ln 2 + r with |r| <= ln(2) / 2, e^r as 1 + r +
/// r^2 q(r) with q a cubic fitted to e^r (degree 5 in all), times 2^n built
/// from the exponent bits. Only IEEE add, subtract, multiply and bit moves,
/// so the bits are the same natively and in wasm. Relative error < 5e-7
/// over [-87, 88] (checked below); x is clamped into that range (e^-87 is
/// still a normal f32), and a NaN stays a NaN.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let (scale, e_r) = exp_split(x);
    (1.0 + e_r) * scale
}

/// e^x as `scale (1 + e_r)`: `scale` = 2^n exactly and e_r = e^r - 1 with
/// |r| <= ln(2) / 2, each to its own relative precision, so e^x - 1 and
/// e^x + 1 can be formed with one rounding where 2^n is near 1.
#[inline(always)]
fn exp_split(x: f32) -> (f32, f32) {
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
    let e_r = r + r * r * q;
    let n_int = shifted.to_bits() as i32 - ROUND_SHIFT.to_bits() as i32;
    let scale = f32::from_bits(((n_int + 127) << 23) as u32);
    (scale, e_r)
}

const EXP_MIN: f32 = -87.0;
const EXP_MAX: f32 = 88.0;
const ROUND_SHIFT: f32 = 12_582_912.0;
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// e^r = 1 + r + r^2 q(r) on |r| <= ln(2) / 2, q cubic: a Chebyshev fit
/// of (e^r - 1 - r) / r^2 (relative error of e^r 4e-7 before rounding).
const EXP_TAIL: [f32; 4] = [0.499_997_5, 0.166_666_31, 0.041_833_803, 0.008_357_2];

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
/// same polynomial as [`exp`]'s, written in f (r = f ln 2).
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
/// 2^f - 1 = f (c1 + c2 f + ... + c5 f^4) on |f| <= 1/2: `EXP_TAIL`'s fit
/// of e^r with r = f ln 2, so c1 = ln 2 and c(k+2) = EXP_TAIL[k] ln(2)^(k+2).
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
