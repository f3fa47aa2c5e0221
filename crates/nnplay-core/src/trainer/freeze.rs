//! Holding every bias still while the weights train: the race on a single
//! neuron's two weights needs a loss surface that is exactly the one its
//! paths walk on, so the third parameter (the bias) must not move.

use super::Trainer;

impl Trainer {
    /// From now on, `step` leaves every bias at its value: its gradient is
    /// zeroed before the optimizer's update (so no moment builds up) and the
    /// bias is written back after it (so a moment built up before cannot
    /// move it either). Weights train as before. Not part of the config or
    /// the snapshot: a session property, off after `Trainer::new`/`restore`.
    pub fn set_biases_frozen(&mut self, frozen: bool) {
        self.biases_frozen = frozen;
    }

    pub fn biases_frozen(&self) -> bool {
        self.biases_frozen
    }

    /// Before an update: keeps the biases and zeroes their gradient.
    pub(super) fn hold_biases(&mut self) {
        let first = self.mlp.layout.weight_count;
        self.held.clear();
        self.held.extend_from_slice(&self.mlp.params[first..]);
        self.grad[first..].fill(0.0);
    }

    /// After an update: puts the kept biases back.
    pub(super) fn put_biases_back(&mut self) {
        let first = self.mlp.layout.weight_count;
        self.mlp.params[first..].copy_from_slice(&self.held);
    }
}
