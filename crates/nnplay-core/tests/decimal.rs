//! `decimal::parse_f32` against core's `str::parse::<f32>`, bit for bit:
//! random decimal strings, f32s written every way, the exact midpoints
//! between neighbouring f32s and their near neighbours, and a table of hard
//! cases and of text that is not a number.

use nnplay_core::decimal::parse_f32;
use proptest::prelude::*;

/// `parse_f32(s)` is what core's parser gives; for a non-finite result
/// (overflow, `inf`, `nan`) it may instead refuse.
fn check(s: &str) {
    let got = parse_f32(s);
    match s.parse::<f32>() {
        Ok(want) if want.is_finite() => assert_eq!(
            got.map(f32::to_bits),
            Some(want.to_bits()),
            "{s:?}: want {want:e}, got {got:?}"
        ),
        Ok(want) => assert!(
            got.is_none() || got.map(f32::to_bits) == Some(want.to_bits()),
            "{s:?}: want {want} or None, got {got:?}"
        ),
        Err(_) => assert_eq!(got, None, "{s:?} is not a number"),
    }
}

/// The exact value halfway between the f32 with bits `c` and the next one
/// up (for `f32::MAX`, the overflow boundary), as an f64: `(2m + 1) * 2^(x - 1)`
/// needs 25 bits and an exponent of -150 or more, so it is exact.
fn midpoint(c: u32) -> f64 {
    let (m, x) = match c >> 23 {
        0 => (c, -149),
        e => (c & 0x7f_ffff | 1 << 23, e as i32 - 150),
    };
    f64::from(2 * m + 1) * 2f64.powi(x - 1)
}

/// Splits Rust's `{:e}` output into mantissa digits (no point) and exponent.
fn digits_and_exponent(text: &str) -> (String, i32) {
    let (mantissa, exp) = text.split_once('e').unwrap();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (digits.to_string(), exp.parse().unwrap())
}

/// `d.ddd…e<exp>` from mantissa digits.
fn scientific(digits: &str, exp: i32) -> String {
    let (head, tail) = digits.split_at(1);
    format!("{head}.{tail}e{exp}")
}

/// Every midpoint is written exactly (at most 113 significant digits; Rust's
/// `{:.Ne}` prints exact digits), then nudged: a digit `1` appended far out,
/// the last digit lowered by one, trailing zeros and nines, 800 digits long.
fn check_midpoint(c: u32) {
    let mid = midpoint(c);
    let (digits, exp) = digits_and_exponent(&format!("{mid:.130e}"));
    assert!(digits.len() <= 113, "{c:#x}: {digits}");
    let last = digits.len() - 1;
    let lowered = format!("{}{}", &digits[..last], digits.as_bytes()[last] - b'1');
    let zeros = "0".repeat(800 - digits.len());
    let nines = "9".repeat(30);
    for d in [
        digits.clone(),
        format!("{digits}1"),
        format!("{digits}00000001"),
        format!("{digits}{zeros}"),
        format!("{digits}{zeros}1"),
        lowered.clone(),
        format!("{lowered}{nines}"),
        format!("{lowered}{}", "9".repeat(800)),
    ] {
        check(&scientific(&d, exp));
    }
    // 16 or 17 digits within a unit of the midpoint: about half of them
    // round to it as f64 while not being it (the fast path must see that).
    let e = mid.log10().floor() as i32 - 15;
    let d = (mid / 10f64.powi(e)).round() as i64;
    for d in d - 1..=d + 1 {
        check(&format!("{d}e{e}"));
    }
    // The same midpoint without an exponent, and the f64s either side of it.
    check(format!("{mid:.300}").trim_end_matches('0'));
    for near in [
        f64::from_bits(mid.to_bits() - 1),
        f64::from_bits(mid.to_bits() + 1),
    ] {
        check(&format!("{near:.140e}"));
    }
}

#[test]
fn midpoints_across_every_binade() {
    // A stride prime to 2^23 walks every exponent and many mantissas.
    let mut c = 0u32;
    while c < 0x7f80_0000 {
        check_midpoint(c);
        c += 0x10_0003;
    }
    for c in [0, 1, 2, 0x7f_ffff, 0x80_0000, 0x3f80_0000, 0x4b80_0000] {
        check_midpoint(c);
    }
    check_midpoint(0x7f7f_ffff); // the overflow boundary
    check_midpoint(0x7f7f_fffe);
}

#[test]
fn hard_cases() {
    let long_nines = "9".repeat(60);
    let cases = [
        "0",
        "-0",
        "+0",
        "0.0e0",
        "-0.000e-999",
        "00001",
        "1.",
        ".5",
        "-.5",
        "+3",
        "+.5e-3",
        "1.e5",
        "1E5",
        "1e+05",
        "0.1",
        "3.14159265358979323846264338327950288",
        "16777216",
        "16777217",
        "16777218",
        "16777219",
        "16777217.000000000000000000000000000001",
        "16777216.999999999999999999999999999999",
        "1.00000005960464477539062499999999",
        "1.000000059604644775390625",
        "1.00000005960464477539062500000001",
        "1.00000017881393432617187499999",
        "1.000000178813934326171875",
        // Within half an f64 ulp of an f32 midpoint (rounds to it as f64).
        "4768371866248344e-22",
        "5296956587750042e12",
        "4795025795827306e15",
        "2793941257550614e-20",
        "9007199254740993",
        "9007199254740993e-22",
        "123456789e22",
        "123456789e-22",
        "1e-45",
        "1.4e-45",
        "1.401298464324817e-45",
        "7.006e-46",
        "7.0064923216240861e-46",
        "7.006492321624085354618647916449580656401309709382578858785341419448955413429303e-46",
        "7.006492321624085354618647916449580656401309709382578858785341419448955413429303e-46",
        "7.00649232162408535461864791644958065640130970938257885878534141944895541342930300743319094181060791015625e-46",
        "7.006492321624085354618647916449580656401309709382578858785341419448955413429303007433190941810607910156250000000001e-46",
        "7.00649232162408535461864791644958065640130970938257885878534141944895541342930300743319094181060791015624999e-46",
        "1e-46",
        "1e-400",
        "1.1754942e-38",
        "1.17549435e-38",
        "1.1754943508222875e-38",
        "3.4028235e38",
        "3.40282347e38",
        "3.4028235677973366e38",
        "3.40282356779733661637539395458142568447e38",
        "340282356779733661637539395458142568448",
        "340282356779733661637539395458142568448.000000000000000000001",
        "3.40282357e38",
        "1e39",
        "1e400",
        "-1e400",
        "1e99999999999999999999999",
        "0e99999999999999999999999",
        "1e-99999999999999999999999",
        &long_nines,
        &format!("0.{long_nines}"),
        &format!("{long_nines}e-60"),
        &format!("0.{}1", "0".repeat(44)),
        &format!("0.{}1", "0".repeat(45)),
        &format!("0.{}1", "0".repeat(799)),
        &format!("1{}", "0".repeat(38)),
        &format!("1{}", "0".repeat(800)),
        &format!("1{}e-800", "0".repeat(800)),
        &format!("1.{}1", "0".repeat(800)),
        &format!("{}1e-760", "0".repeat(700)),
        &format!("0.{}1e70001", "0".repeat(70000)),
    ];
    for s in cases {
        check(s);
        check(&format!("-{s}"));
    }
}

#[test]
fn text_that_is_not_a_number_is_refused() {
    for s in [
        "", ".", "e5", "1e", "1e+", "1e-", "1.2.3", "--1", "+-1", "-", "+", "1 2", " 1", "1 ",
        "0x10", "1_0", ".e1", "1e5.0", "1,5", "١", "1e5e5", "nan1",
    ] {
        assert_eq!(s.parse::<f32>().ok(), None, "{s:?}");
        assert_eq!(parse_f32(s), None, "{s:?}");
    }
    for s in ["inf", "-inf", "Infinity", "NaN"] {
        check(s);
    }
}

/// A random decimal: sign, 1..40 digits with the point anywhere (or none),
/// an exponent in -60..60 (or none) written every way core accepts.
fn decimal() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "+", "-"]),
        prop::collection::vec(0u8..10, 1..40),
        prop::option::of(0usize..40),
        prop::option::of((prop::sample::select(vec!["e", "E"]), -60i32..60, 0usize..3)),
    )
        .prop_map(|(sign, digits, point, exp)| {
            let mut s = String::from(sign);
            for (i, d) in digits.iter().enumerate() {
                if point == Some(i) {
                    s.push('.');
                }
                s.push(char::from(b'0' + d));
            }
            if point.is_some_and(|p| p >= digits.len()) {
                s.push('.');
            }
            if let Some((e, x, zeros)) = exp {
                let sign = if x < 0 { "-" } else { ["", "+"][zeros % 2] };
                s += &format!("{e}{sign}{}{}", "0".repeat(zeros), x.unsigned_abs());
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn random_decimals_match_core(s in decimal()) {
        check(&s);
    }

    #[test]
    fn f32s_written_every_way_match_core(
        bits in any::<u32>(),
        extra in prop::collection::vec(0u8..10, 0..40),
        places in 0usize..60,
    ) {
        let f = f32::from_bits(bits);
        let extra: String = extra.iter().map(|d| char::from(b'0' + d)).collect();
        let e = format!("{f:e}");
        let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
        let point = if mantissa.contains('.') { "" } else { "." };
        let display = format!("{f}");
        let display_point = if display.contains('.') { "" } else { "." };
        for s in [
            display.clone(),
            e.clone(),
            format!("{f:.places$}"),
            format!("{f:.places$e}"),
            format!("{mantissa}{point}{extra}e{exp}"),
            format!("{display}{display_point}{extra}"),
        ] {
            check(&s);
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    #[test]
    fn random_midpoints_match_core(c in 0u32..0x7f80_0000) {
        check_midpoint(c);
    }
}
