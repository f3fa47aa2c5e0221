//! Frozen biases (`set_biases_frozen`): with every optimizer, steps move the
//! weights and leave every bias at the same bits, even one that had built up
//! a moment before it was frozen; unfrozen, the biases train again.

mod common;

use common::w_default;
use nnplay_core::{Config, OptimizerKind, Trainer};

fn with(kind: OptimizerKind) -> Config {
    let mut c = w_default();
    c.optimizer.kind = kind;
    c.optimizer.learning_rate = 0.05;
    c
}

fn biases(t: &Trainer) -> Vec<f32> {
    t.params()[t.layout().weight_count..].to_vec()
}

fn weights(t: &Trainer) -> Vec<f32> {
    t.params()[..t.layout().weight_count].to_vec()
}

#[test]
fn frozen_biases_stay_and_weights_train_with_every_optimizer() {
    for kind in OptimizerKind::ALL {
        let mut t = Trainer::new(&with(kind)).unwrap();
        t.set_biases_frozen(true);
        assert!(t.biases_frozen());
        let (b0, w0) = (biases(&t), weights(&t));
        for _ in 0..40 {
            t.step().unwrap();
        }
        assert_eq!(biases(&t), b0, "{kind:?}: the biases did not move");
        assert_ne!(weights(&t), w0, "{kind:?}: the weights trained");
    }
}

#[test]
fn a_bias_with_momentum_built_up_stays_once_frozen_and_trains_once_unfrozen() {
    let mut t = Trainer::new(&with(OptimizerKind::Momentum)).unwrap();
    for _ in 0..10 {
        t.step().unwrap();
    }
    t.set_biases_frozen(true);
    let b = biases(&t);
    for _ in 0..10 {
        t.step().unwrap();
    }
    assert_eq!(
        biases(&t),
        b,
        "the velocity built up before could not move them"
    );
    t.set_biases_frozen(false);
    t.step().unwrap();
    assert_ne!(biases(&t), b, "unfrozen, they train");
}

#[test]
fn frozen_weights_follow_the_same_steps_as_an_unfrozen_run_whose_biases_are_pinned() {
    // Plain SGD: a frozen run's weight update is w - lr * dL/dw at the same
    // point, so one step from the same start equals the unfrozen run's
    // weights (the bias moving cannot change this step's weight gradient).
    let c = with(OptimizerKind::Sgd);
    let mut frozen = Trainer::new(&c).unwrap();
    frozen.set_biases_frozen(true);
    let mut free = Trainer::new(&c).unwrap();
    frozen.step().unwrap();
    free.step().unwrap();
    assert_eq!(weights(&frozen), weights(&free));
    assert_ne!(biases(&frozen), biases(&free));
}
