//! The one pseudo-random generator of the engine: PCG32 (PCG-XSH-RR 64/32,
//! M. E. O'Neill, 2014). Small, fast, and the same bits on every platform.
//!
//! A session derives independent streams from its one seed, so that changing
//! the network does not change the data and vice versa: see [`Stream`].

/// Which part of the engine draws from a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Data = 1,
    Init = 2,
    Shuffle = 3,
    /// Whether a hand-placed point trains or tests.
    Split = 4,
    /// Which hidden neurons dropout drops in each minibatch.
    Dropout = 5,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pcg32 {
    state: u64,
    increment: u64,
}

const MULTIPLIER: u64 = 6_364_136_223_846_793_005;

impl Pcg32 {
    /// The reference seeding procedure of PCG: `stream` selects one of 2^63
    /// independent sequences.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut rng = Pcg32 {
            state: 0,
            increment: (stream << 1) | 1,
        };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed);
        rng.next_u32();
        rng
    }

    pub fn for_stream(seed: u64, stream: Stream) -> Self {
        Self::new(seed, stream as u64)
    }

    /// The generator's whole state: (state, increment).
    pub fn state(&self) -> (u64, u64) {
        (self.state, self.increment)
    }

    /// A generator at a state `state()` gave; `None` when the increment is
    /// even (PCG's increments are odd).
    pub fn from_state(state: u64, increment: u64) -> Option<Self> {
        (increment & 1 == 1).then_some(Pcg32 { state, increment })
    }

    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(MULTIPLIER).wrapping_add(self.increment);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        let hi = (self.next_u32() >> 5) as u64; // 27 bits
        let lo = (self.next_u32() >> 6) as u64; // 26 bits
        ((hi << 26) | lo) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [low, high).
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.next_f64()
    }

    /// Standard normal by the Box-Muller transform.
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64(); // (0, 1]: ln stays finite
        let u2 = self.next_f64();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(core::f64::consts::TAU * u2)
    }

    /// Uniform integer in [0, n) without modulo bias (n > 0).
    pub fn below(&mut self, n: u32) -> u32 {
        debug_assert!(n > 0);
        // Reject the sliver of 2^32 that does not divide evenly by n: the r
        // below threshold = 2^32 mod n. As threshold < n, any r >= n passes
        // without it, so its division is only paid for the rare r < n (the
        // same draws and results, one division per call instead of two).
        loop {
            let r = self.next_u32();
            if r >= n || r >= n.wrapping_neg() % n {
                return r % n;
            }
        }
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u32 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_pcg32_reference_output() {
        // First outputs of pcg32_srandom_r(42, 54) from the PCG paper's demo.
        let mut rng = Pcg32::new(42, 54);
        let expected = [
            0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e,
        ];
        for e in expected {
            assert_eq!(rng.next_u32(), e);
        }
    }

    #[test]
    fn below_draws_as_plain_rejection_does() {
        // The reference: reject r < 2^32 mod n, then r mod n. Large n make
        // rejections common, so both paths run.
        let (mut fast, mut plain) = (Pcg32::new(9, 1), Pcg32::new(9, 1));
        let large = [
            1 << 31,
            (1 << 31) + 1,
            u32::MAX / 3 * 2,
            u32::MAX - 1,
            u32::MAX,
        ];
        for n in (1..3000).chain(large.into_iter().cycle().take(200)) {
            let want = loop {
                let r = plain.next_u32();
                if r >= n.wrapping_neg() % n {
                    break r % n;
                }
            };
            assert_eq!(fast.below(n), want, "n = {n}");
        }
        assert_eq!(fast, plain, "the same number of draws");
    }

    #[test]
    fn below_stays_in_range_and_shuffle_is_a_permutation() {
        let mut rng = Pcg32::new(7, 3);
        for n in 1..50 {
            assert!(rng.below(n) < n);
        }
        let mut v: alloc::vec::Vec<u32> = (0..100).collect();
        rng.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..100).collect::<alloc::vec::Vec<_>>());
        assert_ne!(v, sorted);
    }
}
