//! Reads a decimal number into the nearest `f32`, bit for bit what
//! `str::parse::<f32>` gives, without core's parser and its tables (they
//! cost the page's wasm ~15 KB gzipped; CSV import is their only use).
//!
//! Grammar: `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`,
//! as core reads it (`"1."`, `".5"`, `"+3"`, `"007"` and `"1e400"` are
//! numbers; `""`, `"."`, `"e5"`, `"1e"` are not). The words `inf` and `nan`
//! are refused: callers want finite numbers.
//!
//! # Why the result is correctly rounded
//!
//! Let `v` be the decimal's exact value (positive; the sign is put back at
//! the end) and call a *midpoint* the exact value halfway between two
//! neighbouring f32s, `(2m + 1) * 2^(x - 1)` for an f32 `m * 2^x`. Which
//! f32 `v` rounds to is decided only by where `v` lies among the midpoints
//! (ties go to the even one). Counting the zero/subnormal boundary `2^-150`
//! and the overflow boundary `2^128 - 2^103` as midpoints too, the answer
//! is the smallest f32 bit pattern `c` (or infinity) with `v <= mid(c)`,
//! and `v < mid(c)` when `c` is odd: see `above`.
//!
//! 1. **Digits kept.** A midpoint is an odd number times `2^-150` or more,
//!    so it has at most 113 significant decimal digits (`M * 5^150` with
//!    `M < 2^25`). We keep the first `KEEP` = 120 significant digits `T`
//!    and, when a nonzero digit was dropped, put one digit `1` after them.
//!    That is sound: then `v` lies strictly inside `(T, T + 1) * 10^e`, and
//!    a midpoint inside it would be a multiple of `10^(e + 7)` (its leading
//!    digit is at `e + 119` or above and it has at most 113 digits), so a
//!    multiple of `10^e` strictly between `T` and `T + 1`: there is none.
//!    The stand-in `(10 T + 1) * 10^(e - 1)` lies in the same open interval,
//!    so it is on the same side of every midpoint as `v`.
//! 2. **Far out.** Writing `v = D * 10^e` with `D` of `n` digits,
//!    `10^(n + e - 1) <= v < 10^(n + e)`. If `n + e >= 40`, `v >= 10^39`,
//!    past the overflow boundary (~3.4028236e38): infinity. If
//!    `n + e <= -46`, `v < 10^-46 < 2^-150` (~7.006e-46): zero.
//! 3. **Fast path.** If `D < 2^53` and `|e| <= 22`, `D` and `10^|e|` are
//!    exact f64s, so `r = D * 10^e` (or `D / 10^-e`) is `v` correctly
//!    rounded to f64, and `1e-22 <= r < 2^53 * 1e22 < f32::MAX` is in the
//!    f32 normal range. Every midpoint there is an f64 (25 significant
//!    bits), and rounding to f64 is monotone, so `r` is on the same side of
//!    every midpoint as `v` unless `r` *is* a midpoint: its f64 significand
//!    then ends in `1` followed by 28 zeros. Otherwise `r as f32` is the
//!    answer; if it is a midpoint we go on to step 4.
//! 4. **Exact path.** A candidate `c` from an f64 estimate (first 19 digits,
//!    `10^|e|` by squaring, `|e| <= 166`: relative error below `2^-44`, far
//!    under half an f32 ulp, so `c` is at most one off), then `above`
//!    compares `v` exactly with `mid(c)` in integers, moving `c` up or down
//!    until it is the smallest `c` with `!above(c)`. The estimate affects
//!    only how many steps that takes, never the answer.

/// Significant digits kept exactly (step 1 of the module's proof).
const KEEP: usize = 120;

/// Limbs of the integers compared by [`above`]: 768 bits. The largest is
/// `mid * 5^-e * 2^(k - e)` with `e >= -166` (step 2: `n + e >= -45`,
/// `n <= 121`) and `k <= 103`: below `2^(25 + 386 + 269) = 2^680`.
const LIMBS: usize = 24;

/// `s` as the nearest f32, or `None` if it is not a decimal number.
pub fn parse_f32(s: &str) -> Option<f32> {
    let b = s.as_bytes();
    let (negative, mut i) = match b.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    // The value is digits[..n] * 10^exp.
    let mut digits = [0u8; KEEP + 1];
    let (mut n, mut exp, mut seen, mut point, mut dropped) = (0, 0i64, false, false, false);
    let mut w = 0u64; // the first 19 of them
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                seen = true;
                if n < KEEP && (n > 0 || c != b'0') {
                    if n < 19 {
                        w = w * 10 + u64::from(c - b'0');
                    }
                    digits[n] = c - b'0';
                    n += 1;
                    exp -= i64::from(point);
                } else if n == KEEP {
                    dropped |= c != b'0';
                    exp += i64::from(!point);
                } else {
                    exp -= i64::from(point); // a leading zero
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => -1,
            Some(b'+') => 1,
            _ => 0,
        };
        i += usize::from(sign != 0);
        let start = i;
        let mut x = 0i64;
        while let Some(&c @ b'0'..=b'9') = b.get(i) {
            // Saturates as core's parser does (it stops growing at 2^16).
            if x < 0x10000 {
                x = x * 10 + i64::from(c - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += if sign < 0 { -x } else { x };
    }
    if i != b.len() {
        return None;
    }
    if dropped {
        digits[n] = 1;
        n += 1;
        exp -= 1;
    }
    let lead = n as i64 + exp;
    let bits = if n == 0 || lead <= -46 {
        0
    } else if lead >= 40 {
        0x7f80_0000
    } else {
        let digits = &digits[..n];
        let exp = exp as i32; // in -166..=39 (step 2)
        let take = n.min(19);
        let e = exp + (n - take) as i32;
        // 10^|e| by squaring. Exact for |e| <= 22: the squares 10^2 .. 10^16
        // and every partial product are powers of ten up to 10^22, all f64s
        // (5^22 < 2^53). Past that, a few roundings (for the estimate only).
        let p = crate::shortest::pow10(e);
        let r = if e < 0 { w as f64 / p } else { w as f64 * p };
        let exact = take == n && w < 1 << 53 && e.unsigned_abs() <= 22;
        let mut c = (r as f32).to_bits();
        if !exact || r.to_bits() & 0x1fff_ffff == 0x1000_0000 {
            while c < 0x7f80_0000 && above(digits, exp, c) {
                c += 1;
            }
            while c > 0 && !above(digits, exp, c - 1) {
                c -= 1;
            }
        }
        c
    };
    Some(f32::from_bits(bits | u32::from(negative) << 31))
}

/// Whether `digits * 10^exp` rounds above the finite f32 with bits `c`:
/// it is past the midpoint between `c` and the next f32 up, or exactly on
/// it with `c` odd (ties go to even).
fn above(digits: &[u8], exp: i32, c: u32) -> bool {
    let (m, x) = match c >> 23 {
        0 => (c, -149),
        e => (c & 0x7f_ffff | 1 << 23, e as i32 - 150),
    };
    // Compare v = digits * 5^exp * 2^exp with mid = (2m + 1) * 5^0 * 2^k,
    // each side multiplied by what makes both integers.
    let k = x - 1;
    let (mut v, mut mid) = ([0u32; LIMBS], [0u32; LIMBS]);
    for &d in digits {
        mul_add(&mut v, 10, u32::from(d));
    }
    mid[0] = 2 * m + 1;
    mul_pow(&mut v, 5, exp);
    mul_pow(&mut mid, 5, -exp);
    mul_pow(&mut v, 2, exp - k);
    mul_pow(&mut mid, 2, k - exp);
    match v.iter().rev().cmp(mid.iter().rev()) {
        core::cmp::Ordering::Greater => true,
        core::cmp::Ordering::Equal => m & 1 == 1,
        core::cmp::Ordering::Less => false,
    }
}

/// `a = a * base^n` (nothing when `n <= 0`), by factors that fit a u32.
#[inline(never)]
fn mul_pow(a: &mut [u32], base: u32, mut n: i32) {
    while n > 0 {
        let mut f = base;
        n -= 1;
        while n > 0 && f <= u32::MAX / base {
            f *= base;
            n -= 1;
        }
        mul_add(a, f, 0);
    }
}

/// `a = a * f + add`; [`LIMBS`] is large enough that nothing carries out.
/// Not inlined, so its loop is in the wasm once, not unrolled at each call.
#[inline(never)]
fn mul_add(a: &mut [u32], f: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in a.iter_mut() {
        let t = u64::from(*limb) * u64::from(f) + carry;
        *limb = t as u32;
        carry = t >> 32;
    }
    debug_assert_eq!(carry, 0, "decimal::mul_add overflowed");
}
