//! The colour maps: every pixel the page shows is coloured here, in Rust.
//!
//! - Values in [-1, 1] (a binary classifier's output, a regression output,
//!   a neuron's activation, a feature) use one diverging map: orange at -1,
//!   near-white at 0, blue at +1. Orange against blue differs along the
//!   blue-yellow axis that deuteranopes and protanopes keep, so the two sides
//!   stay apart for them (the stops are ColorBrewer's PuOr orange half and
//!   RdBu blue half, both listed as colour-blind safe). Colours are
//!   interpolated in sRGB between the five stops.
//! - Classes (multiclass) use the Okabe-Ito palette of eight, which was made
//!   to stay distinguishable under every common colour-vision deficiency.
//! - The decision boundary is drawn a little lighter than the points
//!   ([`BOUNDARY_LIGHTEN`] of the way to white), so points stand out on top
//!   of it. Alpha is always 255.
//!
//! A crate of its own (the wasm layer's `crate::colors`): the page colours
//! a 256 x 256 boundary and every neuron's thumbnail each frame, so these
//! loops are built at the release profile's full speed while the rest of
//! the wasm layer is built for size (the workspace's Cargo.toml).

/// One RGBA pixel.
pub type Rgba = [u8; 4];

/// The diverging map's stops at -1, -0.5, 0, +0.5, +1.
pub const DIVERGING_STOPS: [[u8; 3]; 5] = [
    [0xE6, 0x61, 0x01], // -1: orange
    [0xFD, 0xB8, 0x63], // -0.5: light orange
    [0xF7, 0xF7, 0xF7], // 0: near-white
    [0x92, 0xC5, 0xDE], // +0.5: light blue
    [0x05, 0x71, 0xB0], // +1: blue
];

/// Okabe-Ito's eight colours, the first two close to the binary map's ends.
pub const CLASS_COLORS: [[u8; 3]; 8] = [
    [0xE6, 0x9F, 0x00], // orange
    [0x00, 0x72, 0xB2], // blue
    [0x00, 0x9E, 0x73], // bluish green
    [0xD5, 0x5E, 0x00], // vermillion
    [0x56, 0xB4, 0xE9], // sky blue
    [0xCC, 0x79, 0xA7], // reddish purple
    [0xF0, 0xE4, 0x42], // yellow
    [0x00, 0x00, 0x00], // black
];

/// The colour of a value that is not a number (a diverged network): a grey
/// that no value maps to.
pub const NAN_COLOR: Rgba = [0x80, 0x80, 0x80, 0xFF];

/// How far towards white the boundary is drawn, compared with the points.
pub const BOUNDARY_LIGHTEN: f32 = 0.25;

const WHITE: [u8; 3] = [0xFF, 0xFF, 0xFF];

/// Entries of the lookup tables over [-1, 1] (odd, so 0 has its own entry).
const LUT_SIZE: usize = 1025;

/// `a` to `b` by `t` in [0, 1], per sRGB channel, rounded.
pub fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> Rgba {
    let ch = |i: usize| {
        let v = a[i] as f32 + (b[i] as f32 - a[i] as f32) * t;
        v.round().clamp(0.0, 255.0) as u8
    };
    [ch(0), ch(1), ch(2), 0xFF]
}

fn rgb(c: Rgba) -> [u8; 3] {
    [c[0], c[1], c[2]]
}

/// The diverging map at `v` (clamped to [-1, 1]), computed exactly.
pub fn diverging(v: f32) -> Rgba {
    if v.is_nan() {
        return NAN_COLOR;
    }
    let segments = (DIVERGING_STOPS.len() - 1) as f32;
    let t = (v.clamp(-1.0, 1.0) + 1.0) * 0.5 * segments;
    let i = (t as usize).min(DIVERGING_STOPS.len() - 2);
    mix(DIVERGING_STOPS[i], DIVERGING_STOPS[i + 1], t - i as f32)
}

/// `c` moved `amount` of the way to white.
pub fn lighten(c: Rgba, amount: f32) -> Rgba {
    mix(rgb(c), WHITE, amount)
}

/// Class `k`'s colour (classes past eight reuse the palette).
pub fn class_color(k: usize) -> Rgba {
    let c = CLASS_COLORS[k % CLASS_COLORS.len()];
    [c[0], c[1], c[2], 0xFF]
}

/// The colour maps as lookup tables, built once per `Playground`.
pub struct Palette {
    /// The diverging map at full strength (points, neurons, features).
    full: Vec<Rgba>,
    /// The diverging map lightened for the boundary.
    light: Vec<Rgba>,
}

/// How an output reads as a boundary colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundaryMap {
    /// One value in [-1, 1] (tanh, or a regression's linear output).
    Signed,
    /// One probability in [0, 1] (sigmoid), mapped to [-1, 1].
    Probability,
    /// One probability per class (softmax).
    Classes,
}

impl Default for Palette {
    fn default() -> Self {
        Self::new()
    }
}

impl Palette {
    pub fn new() -> Palette {
        let full: Vec<Rgba> = (0..LUT_SIZE)
            .map(|i| diverging(-1.0 + 2.0 * i as f32 / (LUT_SIZE - 1) as f32))
            .collect();
        let light = full.iter().map(|&c| lighten(c, BOUNDARY_LIGHTEN)).collect();
        Palette { full, light }
    }

    #[inline]
    fn index(v: f32) -> usize {
        let t = (v.clamp(-1.0, 1.0) + 1.0) * 0.5 * (LUT_SIZE - 1) as f32;
        (t + 0.5) as usize
    }

    /// The diverging map at full strength; NaN is [`NAN_COLOR`].
    #[inline]
    pub fn value(&self, v: f32) -> Rgba {
        if v.is_nan() {
            NAN_COLOR
        } else {
            self.full[Self::index(v)]
        }
    }

    /// `n` colours of the full-strength map from -1 to +1, RGBA bytes.
    pub fn scale(&self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n * 4);
        for i in 0..n {
            let v = if n == 1 {
                0.0
            } else {
                -1.0 + 2.0 * i as f32 / (n - 1) as f32
            };
            out.extend_from_slice(&self.value(v));
        }
        out
    }

    /// The boundary's (lighter) diverging map.
    #[inline]
    pub fn boundary(&self, v: f32, discretize: bool) -> Rgba {
        if v.is_nan() {
            NAN_COLOR
        } else if discretize {
            self.light[if v >= 0.0 { LUT_SIZE - 1 } else { 0 }]
        } else {
            self.light[Self::index(v)]
        }
    }

    /// Colours `values`, one per pixel, with the full-strength map into
    /// `out` (RGBA bytes, four per value).
    pub fn fill_values(&self, values: &[f32], out: &mut [u8]) {
        for (px, &v) in out.chunks_exact_mut(4).zip(values) {
            px.copy_from_slice(&self.value(v));
        }
    }

    /// Colours the decision boundary into `out` (RGBA bytes): `values` hold
    /// `k` outputs per pixel, read as `map` says.
    pub fn fill_boundary(
        &self,
        values: &[f32],
        k: usize,
        map: BoundaryMap,
        discretize: bool,
        out: &mut [u8],
    ) {
        for (px, cell) in out.chunks_exact_mut(4).zip(values.chunks_exact(k)) {
            let c = match map {
                BoundaryMap::Signed => self.boundary(cell[0], discretize),
                BoundaryMap::Probability => self.boundary(2.0 * cell[0] - 1.0, discretize),
                BoundaryMap::Classes => self.classes(cell, discretize),
            };
            px.copy_from_slice(&c);
        }
    }

    /// The boundary's colour for class probabilities `probs`: the winning
    /// class's colour, blended with white by how sure the network is
    /// (probability 1/K = white, 1 = the class colour); `discretize` gives the
    /// pure class colour.
    pub fn classes(&self, probs: &[f32], discretize: bool) -> Rgba {
        let mut best = 0;
        for (j, &p) in probs.iter().enumerate() {
            if p > probs[best] {
                best = j;
            }
        }
        let p = probs[best];
        if p.is_nan() {
            return NAN_COLOR;
        }
        let k = probs.len().max(2) as f32;
        let weight = if discretize {
            1.0
        } else {
            ((p - 1.0 / k) / (1.0 - 1.0 / k)).clamp(0.0, 1.0)
        };
        let c = rgb(class_color(best));
        mix(WHITE, c, weight * (1.0 - BOUNDARY_LIGHTEN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_and_middle_are_the_stops() {
        assert_eq!(diverging(-1.0), [0xE6, 0x61, 0x01, 0xFF]);
        assert_eq!(diverging(0.0), [0xF7, 0xF7, 0xF7, 0xFF]);
        assert_eq!(diverging(1.0), [0x05, 0x71, 0xB0, 0xFF]);
        assert_eq!(diverging(-7.0), diverging(-1.0));
        assert_eq!(diverging(f32::INFINITY), diverging(1.0));
        assert_eq!(diverging(f32::NAN), NAN_COLOR);
    }

    #[test]
    fn lookup_table_matches_the_exact_map() {
        let p = Palette::new();
        for i in 0..=200 {
            let v = -1.0 + i as f32 / 100.0;
            let (a, b) = (p.value(v), diverging(v));
            for c in 0..3 {
                assert!(a[c].abs_diff(b[c]) <= 1, "{v}: {a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn boundary_is_lighter_and_discretize_gives_the_ends() {
        let p = Palette::new();
        let light = p.boundary(1.0, false);
        let full = p.value(1.0);
        assert!(light[0] > full[0] && light[3] == 0xFF);
        assert_eq!(p.boundary(0.2, true), p.boundary(1.0, false));
        assert_eq!(p.boundary(-0.2, true), p.boundary(-1.0, false));
    }

    #[test]
    fn classes_blend_from_white_to_the_winner() {
        let p = Palette::new();
        assert_eq!(p.classes(&[0.5, 0.5], false), [0xFF, 0xFF, 0xFF, 0xFF]);
        let sure = p.classes(&[0.0, 0.0, 1.0], false);
        assert_eq!(sure, p.classes(&[0.2, 0.3, 0.5], true));
        assert_eq!(sure, lighten(class_color(2), BOUNDARY_LIGHTEN));
        assert_eq!(p.classes(&[f32::NAN, f32::NAN], false), NAN_COLOR);
    }
}
