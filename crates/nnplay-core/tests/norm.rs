//! Batch normalization and dropout in the trainer: replay, evaluation
//! without dropout, the running estimates, the minibatch-of-one rule,
//! snapshots, and the deep sigmoid network batch norm rescues.

mod common;

use common::w_default;
use nnplay_core::{Activation, Config, Error, LossKind, OptimizerConfig, OptimizerKind, Trainer};

fn trainer(config: &Config) -> Trainer {
    Trainer::new(config).expect("valid config")
}

fn both() -> Config {
    Config {
        hidden: vec![6, 5],
        dropout: 0.1,
        batch_norm: true,
        batch_size: 7,
        ..w_default()
    }
}

fn bits(t: &Trainer) -> Vec<u32> {
    let mut v: Vec<u32> = t.params().iter().map(|p| p.to_bits()).collect();
    for layer in t.model().layers {
        if let Some(n) = layer.batch_norm {
            for x in [n.gamma, n.beta, n.running_mean, n.running_var] {
                v.extend(x.iter().map(|p| p.to_bits()));
            }
        }
    }
    v
}

#[test]
fn a_run_with_both_replays_bit_for_bit_and_learns() {
    let (mut a, mut b) = (trainer(&both()), trainer(&both()));
    a.train(30).unwrap();
    b.train(30).unwrap();
    assert_eq!(bits(&a), bits(&b));
    assert!(a.loss().test_accuracy.unwrap() > 0.9, "{:?}", a.loss());
    // Another seed draws other masks (and other data and weights).
    let mut c = trainer(&Config { seed: 7, ..both() });
    c.train(1).unwrap();
    assert_ne!(bits(&a), bits(&c));
}

#[test]
fn dropout_changes_training_but_never_evaluation() {
    let plain = Config {
        hidden: vec![8, 8],
        ..w_default()
    };
    let dropped = Config {
        dropout: 0.5,
        ..plain.clone()
    };
    let (mut p, mut d) = (trainer(&plain), trainer(&dropped));
    // Same weights before training: evaluation is identical.
    assert_eq!(p.loss(), d.loss());
    let mut out = [0.0f32; 1];
    d.predict_into(1.0, 2.0, &mut out).unwrap();
    let first = out[0];
    for _ in 0..3 {
        d.predict_into(1.0, 2.0, &mut out).unwrap();
        assert_eq!(out[0], first, "no mask at evaluation");
    }
    p.step().unwrap();
    d.step().unwrap();
    assert_ne!(p.params(), d.params(), "the masks changed the gradient");
    let masks = d.dropout_masks();
    assert_eq!(masks.len(), 10 * 16);
    let dropped = masks.iter().filter(|&&m| m == 0.0).count();
    assert!((40..=120).contains(&dropped), "{dropped} of 160 dropped");
    assert!(p.dropout_masks().is_empty());
}

#[test]
fn inspecting_the_next_minibatch_changes_nothing() {
    let mut t = trainer(&both());
    t.train(2).unwrap();
    let n = t.params().len();
    let (mut g1, mut g2) = (vec![0.0; n], vec![0.0; n]);
    let before = bits(&t);
    t.next_gradients(&mut g1).unwrap();
    t.next_gradients(&mut g2).unwrap();
    assert_eq!(g1, g2, "the same masks and statistics twice");
    assert_eq!(bits(&t), before);
    // The step takes the gradient that was shown.
    let mut u = trainer(&both());
    u.train(2).unwrap();
    let lr = both().optimizer.learning_rate;
    u.step().unwrap();
    for ((&w0, &w1), &g) in t.params().iter().zip(u.params()).zip(&g1) {
        assert_eq!(w1, w0 - lr * g);
    }
}

#[test]
fn running_estimates_follow_pytorch_momentum() {
    let c = Config {
        hidden: vec![3],
        batch_norm: true,
        shuffle: false,
        batch_size: 500,
        ..w_default()
    };
    let mut t = trainer(&c);
    let layer = |t: &Trainer| t.model().layers[0].batch_norm.clone().unwrap();
    let start = layer(&t);
    assert_eq!(start.gamma, vec![1.0; 3]);
    assert_eq!(start.beta, vec![0.0; 3]);
    assert_eq!(start.running_mean, vec![0.0; 3]);
    assert_eq!(start.running_var, vec![1.0; 3]);
    // The batch's statistics by hand, from the first layer's linear sums.
    let model = t.model();
    let train: Vec<_> = t.points().iter().filter(|p| !p.test).cloned().collect();
    let n = train.len() as f64;
    let w = &model.layers[0].weights;
    let b = &model.layers[0].biases;
    t.step().unwrap();
    let after = layer(&t);
    for j in 0..3 {
        let z: Vec<f64> = train
            .iter()
            .map(|p| w[j][0] as f64 * p.x as f64 + w[j][1] as f64 * p.y as f64 + b[j] as f64)
            .collect();
        let mean = z.iter().sum::<f64>() / n;
        let var = z.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
        let (rm, rv) = (after.running_mean[j] as f64, after.running_var[j] as f64);
        assert!((rm - 0.1 * mean).abs() < 1e-5, "{rm} vs {}", 0.1 * mean);
        assert!(
            (rv - (0.9 + 0.1 * var)).abs() < 1e-4,
            "{rv} vs {}",
            0.9 + 0.1 * var
        );
    }
    assert_ne!(after.gamma, start.gamma, "γ trains");
}

#[test]
fn a_minibatch_of_one_is_refused_or_never_formed() {
    let e = Trainer::new(&Config {
        batch_size: 1,
        ..both()
    })
    .unwrap_err();
    assert!(
        matches!(&e, Error::Config { field, .. } if field == "batchSize"),
        "{e}"
    );
    assert!(e.to_string().contains("batch normalization"), "{e}");
    // 250 training points in batches of 3: the lone last one sits out.
    let c = Config {
        batch_size: 3,
        ..both()
    };
    let mut t = trainer(&c);
    let train = t.points().iter().filter(|p| !p.test).count();
    assert_eq!(train % 3, 1, "the case under test");
    t.train(2).unwrap();
    assert_eq!(t.step_count(), 2 * (train as u64 / 3));
}

#[test]
fn a_snapshot_trains_on_bit_for_bit() {
    let c = Config {
        optimizer: OptimizerConfig {
            kind: OptimizerKind::Adam,
            learning_rate: 0.01,
            ..Default::default()
        },
        ..both()
    };
    let mut a = trainer(&c);
    a.train(2).unwrap();
    a.step().unwrap();
    let s = a.snapshot();
    assert!(s.optimizer.norm.is_some() && s.schedule.dropout.is_some());
    let mut b = Trainer::restore(&s).unwrap();
    a.train(3).unwrap();
    b.train(3).unwrap();
    assert_eq!(bits(&a), bits(&b));
    // A snapshot without batch norm's moments is refused by name.
    let mut broken = s.clone();
    broken.optimizer.norm = None;
    let e = Trainer::restore(&broken).unwrap_err().to_string();
    assert!(e.contains("optimizer.norm"), "{e}");
    let mut broken = s.clone();
    broken.model.layers[1]
        .batch_norm
        .as_mut()
        .unwrap()
        .running_var[2] = -1.0;
    let e = Trainer::restore(&broken).unwrap_err().to_string();
    assert!(e.contains("layers[1].batchNorm.runningVar[2]"), "{e}");
}

#[test]
fn set_model_names_the_batch_norm_field() {
    let mut t = trainer(&both());
    let mut m = t.model();
    m.layers[0].batch_norm = None;
    let e = t.set_model(&m).unwrap_err().to_string();
    assert!(e.contains("layers[0].batchNorm is missing"), "{e}");
    let mut m = t.model();
    m.layers[1].batch_norm.as_mut().unwrap().gamma.pop();
    let e = t.set_model(&m).unwrap_err().to_string();
    assert!(
        e.contains("layers[1].batchNorm.gamma: expected 5 values"),
        "{e}"
    );
    let mut plain = trainer(&w_default());
    let mut m = plain.model();
    m.layers[0].batch_norm = t.model().layers[0].batch_norm.clone();
    let e = plain.set_model(&m).unwrap_err().to_string();
    assert!(e.contains("no batch normalization"), "{e}");
    let good = t.model();
    let mut other = trainer(&Config { seed: 3, ..both() });
    other.set_model(&good).unwrap();
    assert_eq!(other.model(), good);
}

/// The figure of the README: a deep sigmoid network on the circle.
fn deep_sigmoid(batch_norm: bool) -> f64 {
    let c = Config {
        seed: 1,
        hidden: vec![8; 6],
        activation: Activation::Sigmoid,
        loss: Some(LossKind::CrossEntropy),
        optimizer: OptimizerConfig {
            kind: OptimizerKind::Sgd,
            learning_rate: 0.1,
            ..Default::default()
        },
        batch_norm,
        ..Config::default()
    };
    let mut t = trainer(&c);
    t.train(300).unwrap();
    let loss = t.loss();
    println!("deep sigmoid, batch norm {batch_norm}: {loss:?}");
    loss.test_accuracy.unwrap()
}

#[test]
fn batch_norm_trains_a_deep_sigmoid_network() {
    let with = deep_sigmoid(true);
    let without = deep_sigmoid(false);
    println!("test accuracy after 300 epochs: with batch norm {with}, without {without}");
    assert!(with >= 0.9, "with batch norm: {with}");
}
