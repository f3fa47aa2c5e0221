//! The masks a training step reports are the masks that step used: the
//! step's update is recomputed from the masks `step_dropout_masks()` returns
//! (through the network's own masked gradient, over the step's minibatch),
//! bit for bit; reading the next minibatch's gradient leaves them be; a reset
//! or dropout 0 empties them.

mod common;

use common::w_default;
use nnplay_core::coupled::Coupled;
use nnplay_core::kernel::Workspace;
use nnplay_core::{Config, Trainer};

fn config(batch_size: usize) -> Config {
    Config {
        hidden: vec![8, 6],
        dropout: 0.5,
        batch_size,
        ..w_default()
    }
}

/// The plain-SGD update of the minibatch `t` would take next, computed
/// with the given masks: the parameters after it.
fn update_with(t: &Trainer, masks: &[f32]) -> Vec<f32> {
    let mlp = t.network();
    let batch = t.next_batch();
    let points = t.points();
    let inputs: Vec<f32> = batch
        .iter()
        .flat_map(|&i| {
            let p = &points[i as usize];
            [p.x, p.y]
        })
        .collect();
    let labels: Vec<f32> = batch.iter().map(|&i| points[i as usize].label).collect();
    let mut grad = vec![0.0f32; mlp.params.len()];
    mlp.coupled_gradient_of_inputs(
        &mut Coupled::new(),
        &mut Workspace::new(mlp),
        &inputs,
        &labels,
        Some(masks),
        &t.config().regularization,
        &mut grad,
        None,
    )
    .expect("a gradient");
    let rate = t.config().optimizer.learning_rate;
    mlp.params
        .iter()
        .zip(&grad)
        .map(|(&w, &g)| w - rate * g)
        .collect()
}

#[test]
fn the_reported_masks_are_the_ones_the_step_used() {
    for batch_size in [1, 10, 7] {
        let mut t = Trainer::new(&config(batch_size)).unwrap();
        assert!(t.step_dropout_masks().is_empty(), "no step yet");
        t.train(2).unwrap();
        let hidden = 14;
        for step in 0..12 {
            let before = t.clone();
            let n = before.next_batch().len();
            t.step().unwrap();
            let masks = t.step_dropout_masks().to_vec();
            assert_eq!(masks.len(), n * hidden, "one mask per sample and neuron");
            assert!(
                masks.iter().all(|&m| m == 0.0 || m == 2.0),
                "dropped or kept ×2"
            );
            assert_eq!(
                update_with(&before, &masks),
                t.params(),
                "batch {batch_size}, step {step}: the step's update is the one these masks give"
            );
            // Other masks give another update (so the check above can fail).
            let mut other = masks.clone();
            other[0] = 2.0 - other[0];
            assert_ne!(update_with(&before, &other), t.params());
        }
    }
}

#[test]
fn reading_the_next_gradient_keeps_the_steps_masks() {
    let mut t = Trainer::new(&config(10)).unwrap();
    t.step().unwrap();
    let mine = t.step_dropout_masks().to_vec();
    assert_eq!(t.dropout_masks(), mine.as_slice());
    let mut g = vec![0.0; t.params().len()];
    t.next_gradients(&mut g).unwrap();
    assert_ne!(
        t.dropout_masks(),
        mine.as_slice(),
        "the next minibatch draws its own"
    );
    assert_eq!(t.step_dropout_masks(), mine.as_slice());
    // Each step draws new masks.
    t.step().unwrap();
    assert_ne!(t.step_dropout_masks(), mine.as_slice());
}

#[test]
fn a_reset_or_dropout_zero_reports_no_masks() {
    let mut t = Trainer::new(&config(10)).unwrap();
    t.step().unwrap();
    assert!(!t.step_dropout_masks().is_empty());
    t.reset();
    assert!(t.step_dropout_masks().is_empty(), "reset: no step since");
    t.step().unwrap();
    t.set_config(&Config {
        dropout: 0.0,
        ..config(10)
    })
    .unwrap();
    assert!(t.step_dropout_masks().is_empty(), "dropout off");
    t.step().unwrap();
    t.set_config(&config(10)).unwrap();
    assert!(
        t.step_dropout_masks().is_empty(),
        "the last step had no dropout"
    );
    let mut plain = Trainer::new(&Config {
        dropout: 0.0,
        ..config(10)
    })
    .unwrap();
    plain.step().unwrap();
    assert!(plain.step_dropout_masks().is_empty());
}
