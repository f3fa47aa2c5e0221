//! Writes numbers the way `{}` does — the fewest significant digits that
//! read back as the same number, never an exponent (`0.03`, `5`,
//! `0.0000001`, `-0`, `inf`, `NaN`) — without core's float formatting,
//! whose Grisu and Dragon code and tables cost the page's wasm ~9 KB
//! gzipped. Messages, the CSV writer and the config shown to a learner use
//! it; [`crate::decimal::parse_f32`] reads it back.
//!
//! How: for p = 1, 2, ... significant digits, the p-digit decimals nearest
//! the value are its rounding `d` (from an f64 estimate, off by at most one)
//! and `d ± 1`; the first p at which one of them reads back as the value
//! gives the answer (the nearest of those that do). For an `f32` "reads
//! back" is checked exactly with [`crate::decimal::parse_f32`]; nine digits
//! always suffice. For an `f64` (only in messages) it is checked with one
//! f64 multiplication or division, exact when the digits fit 2^53 and the
//! power is at most 10^22; elsewhere (huge, tiny or 17-digit values, which
//! no learner types) they read back within ~1e-14 relative.

use core::fmt;

use crate::decimal::parse_f32;

/// An `f32` written as `{}` writes it (tests/shortest.rs checks this bit
/// for bit against core over random values).
#[derive(Clone, Copy, Debug)]
pub struct Shortest(pub f32);

/// An `f64` written as `{}` writes it when the shortest digits can be
/// checked exactly (see the module's notes); for messages.
#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl fmt::Display for Shortest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write_special(f, v as f64).unwrap_or_else(|| {
            let a = v.abs();
            let (digits, exp) = shortest(a as f64, 9, |d, e| {
                let mut buf = Buf::new();
                buf.digits(d);
                buf.push(b'e');
                buf.int(e);
                parse_f32(buf.as_str()) == Some(a)
            });
            write_plain(f, digits, exp)
        })
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write_special(f, v).unwrap_or_else(|| {
            let a = v.abs();
            let (digits, exp) = shortest(a, 17, |d, e| {
                let back = times_pow10(d as f64, e);
                // Exact when d < 2^53 and |e| <= 22 (one correctly rounded
                // operation); elsewhere 10^|e| itself is a few ulps off, so
                // within 16 ulps is taken as equal.
                if d < 1 << 53 && e.abs() <= 22 {
                    back == a
                } else {
                    back.to_bits().abs_diff(a.to_bits()) <= 16
                }
            });
            write_plain(f, digits, exp)
        })
    }
}

/// Writes the sign, and the whole of NaN, an infinity or a zero; `None`
/// when a finite nonzero magnitude is still to be written.
fn write_special(f: &mut fmt::Formatter<'_>, v: f64) -> Option<fmt::Result> {
    if v.is_nan() {
        return Some(f.write_str("NaN"));
    }
    if v.is_sign_negative() {
        if let Err(e) = f.write_str("-") {
            return Some(Err(e));
        }
    }
    if v.is_infinite() {
        Some(f.write_str("inf"))
    } else if v == 0.0 {
        Some(f.write_str("0"))
    } else {
        None
    }
}

/// The shortest `(digits, exp)` with `digits * 10^exp` accepted by
/// `reads_back`, trying at most `max_digits` digits (the last try's
/// rounding is taken if none is accepted). `a` is finite and positive.
fn shortest(a: f64, max_digits: i32, reads_back: impl Fn(u64, i32) -> bool) -> (u64, i32) {
    let k = decade(a);
    let mut fallback = (1, k);
    for p in 1..=max_digits {
        let e = k - (p - 1);
        let scaled = times_pow10(a, -e);
        let d = round(scaled);
        fallback = (d.max(1), e);
        // The rounding first, then its neighbours, nearest first.
        let (near, far) = if scaled >= d as f64 {
            (d + 1, d.wrapping_sub(1))
        } else {
            (d.wrapping_sub(1), d + 1)
        };
        for c in [d, near, far] {
            if c != 0 && c != u64::MAX && reads_back(c, e) {
                return trim(c, e);
            }
        }
    }
    trim(fallback.0, fallback.1)
}

/// `(digits, exp)` without trailing zeros in `digits`.
fn trim(mut digits: u64, mut exp: i32) -> (u64, i32) {
    while digits.is_multiple_of(10) {
        digits /= 10;
        exp += 1;
    }
    (digits, exp)
}

/// `floor(log10(a))` for a finite positive `a`.
fn decade(a: f64) -> i32 {
    // log10(2) times the binary exponent, then corrected.
    let bits = a.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let e2 = if biased == 0 {
        -1074 + 52
    } else {
        biased - 1023
    };
    let mut k = ((e2 as f64) * core::f64::consts::LOG10_2) as i32 - 1;
    while ge_pow10(a, k + 1) {
        k += 1;
    }
    while !ge_pow10(a, k) {
        k -= 1;
    }
    k
}

/// `a >= 10^k`, with `10^k` as f64 (exact for `|k| <= 22`; no f32 or
/// f64 value lies close enough to a larger power for its rounding to
/// matter to the digit count, which the digit search tolerates anyway).
fn ge_pow10(a: f64, k: i32) -> bool {
    times_pow10(a, -k) >= 1.0
}

/// `10^|n|` as f64 by squaring (exact up to 10^22); the decimal reader's
/// estimate uses it too.
pub(crate) fn pow10(n: i32) -> f64 {
    let (mut result, mut base, mut n) = (1.0f64, 10.0f64, n.unsigned_abs());
    while n > 0 {
        if n & 1 == 1 {
            result *= base;
        }
        base *= base;
        n >>= 1;
    }
    result
}

/// `x * 10^n`, in two steps where `10^|n|` alone would overflow.
fn times_pow10(x: f64, n: i32) -> f64 {
    match n {
        301.. => x * 1e300 * pow10(n - 300),
        0..=300 => x * pow10(n),
        -300..=-1 => x / pow10(-n),
        _ => x / 1e300 / pow10(-n - 300),
    }
}

/// `x` rounded half away from zero, as an integer (`x` is below 10^18).
fn round(x: f64) -> u64 {
    let whole = x as u64;
    if x - whole as f64 >= 0.5 {
        whole + 1
    } else {
        whole
    }
}

/// Writes `digits * 10^exp` without an exponent.
fn write_plain(f: &mut fmt::Formatter<'_>, digits: u64, exp: i32) -> fmt::Result {
    let mut buf = Buf::new();
    buf.digits(digits);
    let s = buf.as_str();
    let zeros = |f: &mut fmt::Formatter<'_>, n: i32| (0..n).try_for_each(|_| f.write_str("0"));
    let point = s.len() as i32 + exp;
    if exp >= 0 {
        f.write_str(s)?;
        zeros(f, exp)
    } else if point > 0 {
        let (int, frac) = s.split_at(point as usize);
        f.write_str(int)?;
        f.write_str(".")?;
        f.write_str(frac)
    } else {
        f.write_str("0.")?;
        zeros(f, -point)?;
        f.write_str(s)
    }
}

/// A few ASCII bytes on the stack (digits and an exponent).
struct Buf {
    bytes: [u8; 32],
    len: usize,
}

impl Buf {
    fn new() -> Self {
        Buf {
            bytes: [0; 32],
            len: 0,
        }
    }

    fn push(&mut self, b: u8) {
        self.bytes[self.len] = b;
        self.len += 1;
    }

    fn digits(&mut self, mut d: u64) {
        let start = self.len;
        loop {
            self.push(b'0' + (d % 10) as u8);
            d /= 10;
            if d == 0 {
                break;
            }
        }
        self.bytes[start..self.len].reverse();
    }

    fn int(&mut self, e: i32) {
        if e < 0 {
            self.push(b'-');
        }
        self.digits(u64::from(e.unsigned_abs()));
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits, '-' and 'e' are ever pushed.
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}
