//! The per-parameter accessors used for teaching: `param_index`, `set_bias`
//! and `optimizer_state`, checked against each optimizer's update written
//! out by hand in f32.

mod common;

use common::w_default;
use nnplay_core::{
    Config, Error, OptimizerConfig, OptimizerKind, Regularization, RegularizationKind, Trainer,
};

fn with_optimizer(kind: OptimizerKind) -> Config {
    Config {
        optimizer: OptimizerConfig {
            kind,
            learning_rate: 0.03,
            ..Default::default()
        },
        regularization: Regularization {
            kind: RegularizationKind::L2,
            rate: 0.01,
        },
        ..w_default()
    }
}

/// Every (layer, row, col) of the network, the bias as col = inputs.
fn every_param(t: &Trainer) -> Vec<(usize, usize, usize)> {
    let sizes = t.layout().sizes.clone();
    let mut out = Vec::new();
    for l in 0..sizes.len() - 1 {
        for r in 0..sizes[l + 1] {
            for c in 0..=sizes[l] {
                out.push((l, r, c));
            }
        }
    }
    out
}

#[test]
fn param_index_names_each_weight_and_bias_of_the_model() {
    let t = Trainer::new(&w_default()).unwrap();
    let model = t.model();
    let sizes = t.layout().sizes.clone();
    for (l, r, c) in every_param(&t) {
        let i = t.param_index(l, r, c).unwrap();
        let want = if c == sizes[l] {
            model.layers[l].biases[r]
        } else {
            model.layers[l].weights[r][c]
        };
        assert_eq!(t.params()[i], want, "({l}, {r}, {c})");
        assert_eq!(t.optimizer_state(l, r, c).unwrap().value, want);
    }
    assert!(t.param_index(0, 0, sizes[0] + 1).is_err());
    assert!(t.optimizer_state(9, 0, 0).is_err());
}

#[test]
fn set_bias_changes_the_model_and_refuses_bad_input() {
    let mut t = Trainer::new(&w_default()).unwrap();
    let (mut before, mut after) = ([0.0f32], [0.0f32]);
    t.predict_into(0.5, 0.5, &mut before).unwrap();
    t.set_bias(1, 1, 2.5).unwrap();
    assert_eq!(t.model().layers[1].biases[1], 2.5);
    t.predict_into(0.5, 0.5, &mut after).unwrap();
    assert_ne!(after, before);
    assert!(matches!(
        t.set_bias(1, 2, 0.0),
        Err(Error::ModelShape { .. })
    ));
    assert!(matches!(
        t.set_bias(3, 0, 0.0),
        Err(Error::ModelShape { .. })
    ));
    assert!(t.set_bias(0, 0, f32::NAN).is_err());
    assert_eq!(t.model().layers[1].biases[1], 2.5);
}

/// The state and the value after one step, written out from the state
/// before, the gradient and the config, in f32 as the engine computes.
fn by_hand(c: &OptimizerConfig, w: f32, g: f32, m: f32, s: f32, t: u64) -> (f32, f32, f32) {
    let lr = c.learning_rate;
    match c.kind {
        OptimizerKind::Sgd => (w - lr * g, m, s),
        OptimizerKind::Momentum => {
            let v = c.momentum * m + g;
            (w - lr * v, v, s)
        }
        OptimizerKind::Nesterov => {
            let v = c.momentum * m + g;
            (w - lr * (g + c.momentum * v), v, s)
        }
        OptimizerKind::Rmsprop => {
            let s = c.rho * s + (1.0 - c.rho) * g * g;
            (w - lr * g / (s.sqrt() + c.eps), m, s)
        }
        OptimizerKind::Adam => {
            let m = c.beta1 * m + (1.0 - c.beta1) * g;
            let v = c.beta2 * s + (1.0 - c.beta2) * g * g;
            let c1 = (1.0 - libm::pow(c.beta1 as f64, t as f64)) as f32;
            let c2 = (1.0 - libm::pow(c.beta2 as f64, t as f64)) as f32;
            (w - lr * (m / c1) / ((v / c2).sqrt() + c.eps), m, v)
        }
    }
}

#[test]
fn optimizer_state_follows_each_optimizers_update() {
    for kind in OptimizerKind::ALL {
        let mut t = Trainer::new(&with_optimizer(kind)).unwrap();
        let params = every_param(&t);
        let mut grad = vec![0.0; t.layout().param_count];
        for step in 1..=4u64 {
            let before: Vec<_> = params
                .iter()
                .map(|&(l, r, c)| t.optimizer_state(l, r, c).unwrap())
                .collect();
            t.next_gradients(&mut grad).unwrap();
            t.step().unwrap();
            for (&(l, r, c), b) in params.iter().zip(&before) {
                assert_eq!(b.steps, step - 1);
                let g = grad[t.param_index(l, r, c).unwrap()];
                let cfg = t.config().optimizer;
                let (w, first, second) = by_hand(&cfg, b.value, g, b.first, b.second, step);
                let now = t.optimizer_state(l, r, c).unwrap();
                assert_eq!(now.kind, kind);
                assert_eq!(now.steps, step);
                assert_eq!(
                    (now.value, now.first, now.second),
                    (w, first, second),
                    "{kind:?} step {step} ({l}, {r}, {c})"
                );
            }
        }
    }
}
