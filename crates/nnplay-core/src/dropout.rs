//! Inverted dropout: while training, each hidden neuron of each sample is
//! dropped (its activation times 0) with probability `rate`, and the kept
//! ones are scaled by 1 / (1 - rate), so evaluation, which drops nothing,
//! sees activations of the same expected size. The masks come from the
//! session's own dropout stream, so a run replays bit for bit.

use alloc::vec::Vec;

use crate::rng::Pcg32;

/// The factor of a kept neuron: 1 / (1 - rate), in `f32`.
pub fn keep_scale(rate: f32) -> f32 {
    1.0 / (1.0 - rate)
}

/// Draws the masks of `samples` samples into `masks`, `[sample][hidden
/// neuron]`: 0 for a dropped neuron, [`keep_scale`] for a kept one. One
/// uniform draw per neuron, samples in minibatch order, neurons in layer
/// order; a draw below `rate` drops the neuron.
pub fn draw_masks(rng: &mut Pcg32, rate: f32, samples: usize, hidden: usize, masks: &mut Vec<f32>) {
    let keep = keep_scale(rate);
    masks.clear();
    masks.extend((0..samples * hidden).map(|_| {
        if rng.next_f64() < rate as f64 {
            0.0
        } else {
            keep
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_about_the_rate_and_replays() {
        let mut masks = Vec::new();
        draw_masks(&mut Pcg32::new(3, 5), 0.3, 1000, 10, &mut masks);
        let dropped = masks.iter().filter(|&&m| m == 0.0).count();
        assert!((2700..3300).contains(&dropped), "{dropped}");
        assert!(masks.iter().all(|&m| m == 0.0 || m == keep_scale(0.3)));
        let mut again = Vec::new();
        draw_masks(&mut Pcg32::new(3, 5), 0.3, 1000, 10, &mut again);
        assert_eq!(masks, again);
        draw_masks(&mut Pcg32::new(3, 5), 0.0, 10, 10, &mut again);
        assert!(again.iter().all(|&m| m == 1.0));
    }
}
