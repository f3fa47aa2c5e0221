//! A fast f32 tanh: a rational function with no branch on the value's
//! range, so the lane loops vectorize it (libm's tanhf is a scalar call).
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
}
