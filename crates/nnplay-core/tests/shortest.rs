//! `shortest::Shortest` and `shortest::Num` against core's `{}`: every f32
//! written exactly as core writes it (random bits, every binade's edges,
//! subnormals, powers of ten), and every f64 a person or JS would pass
//! (short decimals, integers) too; any other f64 reads back as itself.

use nnplay_core::shortest::{Num, Shortest};
use proptest::prelude::*;

fn same_f32(v: f32) {
    assert_eq!(
        Shortest(v).to_string(),
        format!("{v}"),
        "bits {:#x}",
        v.to_bits()
    );
}

fn same_f64(v: f64) {
    assert_eq!(Num(v).to_string(), format!("{v}"), "{v:e}");
}

#[test]
fn special_values_and_edges() {
    for v in [
        0.0f32,
        -0.0,
        1.0,
        -1.0,
        0.1,
        0.03,
        5.0,
        1e-7,
        f32::MAX,
        f32::MIN_POSITIVE,
        f32::from_bits(1),
        f32::from_bits(0x007f_ffff),
        f32::INFINITY,
        f32::NEG_INFINITY,
        16_777_216.0,
        16_777_217.0,
        1e-38,
        1e10,
        1e30,
        3.402_823_5e38,
    ] {
        same_f32(v);
    }
    assert_eq!(Shortest(f32::NAN).to_string(), "NaN");
    for v in [
        0.0f64,
        -0.0,
        0.1,
        1e-5,
        10.0,
        4_294_967_296.0,
        4_294_967_297.0,
        1e300,
        -2.5,
        f64::INFINITY,
    ] {
        same_f64(v);
    }
    assert_eq!(Num(f64::NAN).to_string(), "NaN");
}

#[test]
fn every_binade_edge_and_power_of_ten() {
    for exp in 0u32..255 {
        for m in [0u32, 1, 2, 0x3f_ffff, 0x40_0000, 0x7f_fffe, 0x7f_ffff] {
            same_f32(f32::from_bits((exp << 23) | m));
        }
    }
    for k in -45..=38 {
        let v: f32 = format!("1e{k}").parse().unwrap();
        same_f32(v);
        same_f32(v.next_up());
        same_f32(v.next_down());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn random_f32s_are_written_as_core_writes_them(bits in any::<u32>()) {
        let v = f32::from_bits(bits);
        prop_assume!(!v.is_nan());
        same_f32(v);
    }

    #[test]
    fn short_decimals_as_f64_are_written_as_core_writes_them(
        digits in 1u64..1_000_000_000_000_000,
        exp in -22i32..=7,
    ) {
        let v: f64 = format!("{digits}e{exp}").parse().unwrap();
        same_f64(v);
        same_f64(-v);
    }

    #[test]
    fn any_f64_reads_back(bits in any::<u64>()) {
        let v = f64::from_bits(bits);
        prop_assume!(v.is_finite());
        let text = Num(v).to_string();
        let back: f64 = text.parse().unwrap();
        // Outside the exact range the digits are checked against an
        // approximate 10^e: within ~1e-14 relative (64 ulps).
        let ulps = back.abs().to_bits().abs_diff(v.abs().to_bits());
        prop_assert!(ulps <= 64, "{v:e} -> {text} ({ulps} ulps)");
    }
}
