//! The teaching views of gradient descent: the loss surface over two
//! parameters equals the loss the trainer reports with those two values set,
//! and changes nothing; the warp equals the hidden activations `trace_into`
//! reports.

mod common;

use common::w_default;
use nnplay_core::trainer::{grid_coord, surface_axis, LossSource, ParamRef};
use nnplay_core::{Config, Trainer};

fn trained() -> Trainer {
    let mut t = Trainer::new(&w_default()).expect("valid config");
    t.train(3).unwrap();
    // Mid-epoch, so the next minibatch is not the epoch's first.
    for _ in 0..4 {
        t.step().unwrap();
    }
    t
}

const W: ParamRef = ParamRef {
    layer: 1,
    row: 0,
    col: 2,
};
/// Layer 0's inputs are x1, x2: column 2 is its biases.
const B: ParamRef = ParamRef {
    layer: 0,
    row: 3,
    col: 2,
};

#[test]
fn a_bias_is_the_column_after_the_weights() {
    let t = trained();
    let model = t.model();
    assert_eq!(t.param(B).unwrap(), model.layers[0].biases[3]);
    assert_eq!(t.param(W).unwrap(), model.layers[1].weights[0][2]);
    let past = ParamRef {
        layer: 0,
        row: 4,
        col: 2,
    };
    assert!(t.param(past).unwrap_err().to_string().contains("bias 4"));
    let no_layer = ParamRef {
        layer: 3,
        row: 0,
        col: 0,
    };
    assert!(t.param(no_layer).is_err());
}

fn set(t: &mut Trainer, p: ParamRef, v: f32) {
    let mut model = t.model();
    let layer = &mut model.layers[p.layer];
    if p.col == layer.weights[0].len() {
        layer.biases[p.row] = v;
    } else {
        layer.weights[p.row][p.col] = v;
    }
    t.set_model(&model).unwrap();
}

#[test]
fn the_surface_is_the_reported_loss_at_each_cell() {
    let mut t = trained();
    let res = 7;
    let span = 1.5;
    let mut out = vec![0.0; res * res];
    t.loss_surface_into(B, W, span, res, LossSource::Train, &mut out)
        .unwrap();
    let (c1, c2) = (t.param(B).unwrap(), t.param(W).unwrap());
    for (row, col) in [(0, 0), (3, 3), (6, 2), (1, 5)] {
        let mut probe = t.clone();
        set(&mut probe, B, surface_axis(c1, span, col, res));
        set(&mut probe, W, surface_axis(c2, span, res - 1 - row, res));
        let expected = probe.loss().train as f32;
        assert_eq!(out[row * res + col], expected, "cell ({row}, {col})");
    }
    // The centre cell is the current network.
    assert_eq!(out[3 * res + 3], t.loss().train as f32);
    // The corners differ: the surface is not flat.
    assert_ne!(out[0], out[res * res - 1]);
}

#[test]
fn the_batch_surface_is_the_next_minibatch_loss() {
    let mut t = trained();
    let res = 5;
    let mut out = vec![0.0; res * res];
    t.loss_surface_into(W, B, 2.0, res, LossSource::Batch, &mut out)
        .unwrap();
    let (c1, c2) = (t.param(W).unwrap(), t.param(B).unwrap());
    let mut grad = vec![0.0; t.layout().param_count];
    for (row, col) in [(0, 4), (2, 2), (4, 1)] {
        let mut probe = t.clone();
        set(&mut probe, W, surface_axis(c1, 2.0, col, res));
        set(&mut probe, B, surface_axis(c2, 2.0, res - 1 - row, res));
        // W-default has no regularization: the objective is the mean loss.
        let expected = probe.next_gradients(&mut grad).unwrap() as f32;
        assert_eq!(out[row * res + col], expected, "cell ({row}, {col})");
    }
    let mut full = vec![0.0; res * res];
    t.loss_surface_into(W, B, 2.0, res, LossSource::Train, &mut full)
        .unwrap();
    assert_ne!(out, full, "a minibatch's surface is not the training set's");
}

#[test]
fn the_surface_changes_nothing() {
    let mut t = trained();
    let mut reference = t.clone();
    let before = t.params().to_vec();
    let revision = t.revision();
    let mut out = vec![0.0; 9 * 9];
    t.loss_surface_into(W, B, 3.0, 9, LossSource::Batch, &mut out)
        .unwrap();
    t.loss_surface_into(W, B, 3.0, 9, LossSource::Train, &mut out)
        .unwrap();
    assert_eq!(t.params(), &before[..]);
    assert_eq!(t.revision(), revision);
    for _ in 0..30 {
        assert_eq!(t.step().unwrap(), reference.step().unwrap());
    }
    assert_eq!(t.params(), reference.params());
}

#[test]
fn bad_surface_requests_name_the_argument() {
    let mut t = trained();
    let mut out = vec![0.0; 25];
    let err = |t: &mut Trainer, p2, span, res, out: &mut [f32]| {
        t.loss_surface_into(W, p2, span, res, LossSource::Train, out)
            .unwrap_err()
            .to_string()
    };
    assert!(err(&mut t, W, 1.0, 5, &mut out).contains("must differ"));
    assert!(err(&mut t, B, 0.0, 5, &mut out).starts_with("span:"));
    assert!(err(&mut t, B, f32::NAN, 5, &mut out).starts_with("span:"));
    assert!(err(&mut t, B, 1.0, 1, &mut out).starts_with("resolution:"));
    assert!(err(&mut t, B, 1.0, 500, &mut out).starts_with("resolution:"));
    assert!(err(&mut t, B, 1.0, 4, &mut out).starts_with("surface:"));
    let before = t.params().to_vec();
    assert_eq!(t.params(), &before[..]);
}

#[test]
fn the_warp_is_the_hidden_activations() {
    let mut t = trained();
    let (layer, n1, n2, lines, samples) = (0, 1, 3, 5, 9);
    let points = t.points().to_vec();
    let mut out = vec![0.0; 2 * (points.len() + 2 * lines * samples)];
    t.warp_into(layer, n1, n2, lines, samples, &mut out)
        .unwrap();
    let count = t.layout().neuron_count;
    let offset = t.layout().neuron_offsets[layer + 1];
    let (mut z, mut a) = (vec![0.0; count], vec![0.0; count]);
    let mut check = |x: f32, y: f32, k: usize, what: &str| {
        t.trace_into(x, y, &mut z, &mut a).unwrap();
        assert_eq!(
            [out[2 * k], out[2 * k + 1]],
            [a[offset + n1], a[offset + n2]],
            "{what}"
        );
    };
    for i in [0, 17, points.len() - 1] {
        check(points[i].x, points[i].y, i, "a point");
    }
    let n = points.len();
    // Vertical line 1, vertex 4; horizontal line 3, vertex 8.
    check(
        grid_coord(1, lines),
        grid_coord(4, samples),
        n + samples + 4,
        "vertical",
    );
    check(
        grid_coord(8, samples),
        grid_coord(3, lines),
        n + (lines + 3) * samples + 8,
        "horizontal",
    );
}

#[test]
fn bad_warp_requests_name_the_argument() {
    let mut t = trained();
    let mut out = vec![0.0; 4];
    let mut err = |layer, n1, lines| {
        t.warp_into(layer, n1, 0, lines, 4, &mut out)
            .unwrap_err()
            .to_string()
    };
    assert!(err(2, 0, 4).contains("hidden layer 2 does not exist"));
    assert!(err(1, 2, 4).contains("2 is outside"));
    assert!(err(0, 0, 1).starts_with("lines:"));
    assert!(err(0, 0, 4).starts_with("warp:"));
    let mut flat = Trainer::new(&Config {
        hidden: vec![],
        ..w_default()
    })
    .unwrap();
    assert!(flat.warp_into(0, 0, 1, 4, 4, &mut out).is_err());
}
