//! `Trainer::health`: dead and saturated hidden units and a saturated
//! output, measured on the training points, for networks whose weights are
//! set by hand so the right answer is known.

use nnplay_core::trainer::Health;
use nnplay_core::{Activation, Config, Dataset, LayerParams, Model, Point, Trainer};

fn trainer(activation: Activation, hidden: Vec<usize>) -> Trainer {
    let config = Config {
        seed: 3,
        dataset: Some(Dataset::Circle),
        hidden,
        activation,
        ..Config::default()
    };
    Trainer::new(&config).expect("a valid config")
}

/// A layer of `outputs` × `inputs` zero weights with the given biases.
fn layer(inputs: usize, biases: Vec<f32>) -> LayerParams {
    LayerParams {
        weights: vec![vec![0.0; inputs]; biases.len()],
        biases,
        batch_norm: None,
    }
}

fn health_of(t: &mut Trainer, layers: Vec<LayerParams>) -> Health {
    t.set_model(&Model { layers }).expect("the model fits");
    t.health()
}

#[test]
fn a_relu_unit_below_zero_everywhere_is_dead_and_one_above_is_not() {
    let mut t = trainer(Activation::Relu, vec![4]);
    let h = health_of(
        &mut t,
        vec![layer(2, vec![-1.0, -1.0, -1.0, 0.5]), layer(4, vec![0.0])],
    );
    assert_eq!(h.layers.len(), 1);
    assert_eq!(h.layers[0].neurons, 4);
    assert_eq!(h.layers[0].dead, 0.75);
    // relu does not saturate: a unit at 0 is dead, not saturated.
    assert_eq!(h.layers[0].saturated, 0.0);
    assert!(h.points > 0);
}

#[test]
fn a_relu_unit_alive_on_a_single_training_point_is_not_dead() {
    let mut t = trainer(Activation::Relu, vec![1]);
    t.set_points(&[
        Point {
            x: -2.0,
            y: 0.0,
            label: 1.0,
            test: false,
        },
        Point {
            x: 3.0,
            y: 0.0,
            label: -1.0,
            test: false,
        },
        // A test point where the unit lives does not count.
        Point {
            x: 5.0,
            y: 0.0,
            label: -1.0,
            test: true,
        },
    ])
    .unwrap();
    // z = x1 - 2.5: positive only at x1 = 3 (training) and 5 (test).
    let mut model = Model {
        layers: vec![layer(2, vec![-2.5]), layer(1, vec![0.0])],
    };
    model.layers[0].weights[0][0] = 1.0;
    let h = health_of(&mut t, model.layers.clone());
    assert_eq!((h.points, h.layers[0].dead), (2, 0.0));
    model.layers[0].biases[0] = -4.0;
    let h = health_of(&mut t, model.layers);
    assert_eq!(h.layers[0].dead, 1.0, "alive only on the test point: dead");
}

#[test]
fn tanh_units_with_huge_biases_saturate_and_small_ones_do_not() {
    let mut t = trainer(Activation::Tanh, vec![2, 3]);
    let h = health_of(
        &mut t,
        vec![
            layer(2, vec![8.0, 0.1]),
            layer(2, vec![-9.0, 0.2, 4.0]),
            layer(3, vec![0.0]),
        ],
    );
    assert_eq!(h.layers[0].saturated, 0.5);
    // tanh(4) has slope 1.3e-3 < 0.02: saturated; tanh(0.2) is not.
    assert!((h.layers[1].saturated - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!((h.layers[0].dead, h.layers[1].dead), (0.0, 0.0));
}

#[test]
fn sigmoid_saturates_at_a_fourth_of_its_peak_slope_scale() {
    let mut t = trainer(Activation::Sigmoid, vec![2]);
    // sigmoid(5) has slope 6.6e-3 > 0.02 * 0.25 = 5e-3; sigmoid(-6) has 2.5e-3.
    let h = health_of(&mut t, vec![layer(2, vec![5.0, -6.0]), layer(2, vec![0.0])]);
    assert_eq!(h.layers[0].saturated, 0.5);
}

#[test]
fn a_saturated_output_counts_the_points_it_gets_wrong() {
    let mut t = trainer(Activation::Tanh, vec![]);
    let negatives = t
        .points()
        .iter()
        .filter(|p| !p.test && p.label < 0.0)
        .count();
    // No hidden layer; the output is tanh(10) on every point: class +1.
    let h = health_of(&mut t, vec![layer(2, vec![10.0])]);
    assert!(h.layers.is_empty());
    assert_eq!(h.output.saturated, 1.0);
    let expected = negatives as f64 / h.points as f64;
    assert!((h.output.saturated_wrong - expected).abs() < 1e-12);
    assert!(h.output.saturated_wrong > 0.3 && h.output.saturated_wrong < 0.7);
    // tanh(0.5) is far from its limit.
    let h = health_of(&mut t, vec![layer(2, vec![0.5])]);
    assert_eq!((h.output.saturated, h.output.saturated_wrong), (0.0, 0.0));
}

#[test]
fn the_default_network_is_healthy_and_no_points_means_no_shares() {
    let mut t = trainer(Activation::Tanh, vec![4, 2]);
    let h = t.health();
    assert_eq!(h.layers.len(), 2);
    assert!(h.layers.iter().all(|l| l.dead == 0.0 && l.saturated == 0.0));
    assert_eq!(h.output.saturated, 0.0);
    t.clear_points();
    let h = t.health();
    assert_eq!(h.points, 0);
    assert!(h.layers.iter().all(|l| l.dead == 0.0 && l.saturated == 0.0));
    assert_eq!(h.output.saturated_wrong, 0.0);
}

#[test]
fn health_changes_nothing() {
    let mut t = trainer(Activation::Relu, vec![3]);
    t.train(2).unwrap();
    let (model, loss) = (t.model(), t.loss());
    let _ = t.health();
    assert_eq!(t.model(), model);
    assert_eq!(t.loss(), loss);
    t.step().unwrap();
}
