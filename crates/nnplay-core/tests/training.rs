//! The trainer's behaviour: learning, determinism, schedule, divergence,
//! editing, evaluation and introspection.

mod common;

use common::w_default;
use nnplay_core::trainer::grid_coord;
use nnplay_core::{
    Activation, Config, Dataset, Error, OptimizerConfig, OptimizerKind, Point, Problem, Trainer,
};

fn trainer(config: &Config) -> Trainer {
    Trainer::new(config).expect("valid config")
}

#[test]
fn w_default_learns_the_circle() {
    let mut t = trainer(&w_default());
    t.train(200).unwrap();
    let loss = t.loss();
    assert!(loss.test_accuracy.unwrap() >= 0.95, "{loss:?}");
    assert!(loss.test < 0.05, "{loss:?}");
}

#[test]
fn multiclass_and_regression_learn() {
    let multi = Config {
        problem: Problem::Multiclass,
        classes: 4,
        hidden: vec![8],
        optimizer: OptimizerConfig {
            kind: OptimizerKind::Adam,
            learning_rate: 0.01,
            ..Default::default()
        },
        ..w_default()
    };
    let mut t = trainer(&multi);
    assert_eq!(t.config().dataset, Some(Dataset::Blobs));
    t.train(50).unwrap();
    assert!(t.loss().test_accuracy.unwrap() > 0.9, "{:?}", t.loss());

    let regression = Config {
        problem: Problem::Regression,
        hidden: vec![8, 8],
        ..w_default()
    };
    let mut t = trainer(&regression);
    assert_eq!(t.points().len(), 1200, "TF Playground's regression count");
    let before = t.loss().test;
    t.train(50).unwrap();
    let after = t.loss();
    assert!(
        after.test < before / 10.0 && after.test < 0.01,
        "{before} -> {after:?}"
    );
    assert_eq!(after.test_accuracy, None);
}

fn param_bits(t: &Trainer) -> Vec<u32> {
    t.params().iter().map(|p| p.to_bits()).collect()
}

#[test]
fn same_seed_same_bits() {
    let config = Config {
        features: nnplay_core::Feature::ALL.to_vec(),
        hidden: vec![8, 8, 8],
        ..w_default()
    };
    let mut a = trainer(&config);
    let mut b = trainer(&config);
    assert_eq!(a.points(), b.points(), "same data");
    assert_eq!(param_bits(&a), param_bits(&b), "same init");
    assert_eq!(a.next_batch(), b.next_batch(), "same shuffle");
    for _ in 0..100 {
        a.step().unwrap();
        b.step().unwrap();
        assert_eq!(a.next_batch(), b.next_batch());
    }
    assert_eq!(param_bits(&a), param_bits(&b), "same 100-step trajectory");

    let other = trainer(&Config { seed: 43, ..config });
    assert_ne!(a.points(), other.points());
}

#[test]
fn every_dataset_has_its_size_split_and_labels() {
    for problem in [
        Problem::Classification,
        Problem::Multiclass,
        Problem::Regression,
    ] {
        for &dataset in Dataset::for_problem(problem) {
            let config = Config {
                problem,
                classes: 5,
                dataset: Some(dataset),
                noise: 0.3,
                train_ratio: 0.7,
                ..w_default()
            };
            let t = trainer(&config);
            let n = config.normalized().unwrap().samples;
            assert_eq!(t.points().len(), n, "{dataset:?}");
            let train = t.points().iter().filter(|p| !p.test).count();
            assert_eq!(train, (n as f64 * 0.7).round() as usize, "{dataset:?}");
            for p in t.points() {
                assert!(p.x.abs() <= 6.0 && p.y.abs() <= 6.0, "{dataset:?} {p:?}");
                match problem {
                    Problem::Classification => assert!(p.label == 1.0 || p.label == -1.0),
                    Problem::Multiclass => assert!((0.0..5.0).contains(&p.label)),
                    Problem::Regression => assert!(p.label.abs() <= 1.0),
                }
            }
            if problem != Problem::Regression {
                let first = t.points()[0].label;
                assert!(
                    t.points().iter().any(|p| p.label != first),
                    "{dataset:?}: one class"
                );
            }
        }
    }
}

#[test]
fn without_shuffle_minibatches_are_consecutive_slices() {
    let config = Config {
        shuffle: false,
        batch_size: 7,
        samples: 40,
        ..w_default()
    };
    let mut t = trainer(&config);
    let train: Vec<u32> = (0..t.points().len() as u32)
        .filter(|&i| !t.points()[i as usize].test)
        .collect();
    assert_eq!(train.len(), 20);
    let mut seen = Vec::new();
    while t.epoch() == 0 {
        seen.push(t.next_batch().to_vec());
        t.step().unwrap();
    }
    let sizes: Vec<usize> = seen.iter().map(|b| b.len()).collect();
    assert_eq!(sizes, [7, 7, 6], "the last one smaller");
    assert_eq!(seen.concat(), train);
    assert_eq!(t.step_count(), 3);
}

#[test]
fn full_batch_is_plain_gradient_descent() {
    let config = Config {
        batch_size: 10_000,
        ..w_default()
    };
    let mut t = trainer(&config);
    let mut grad = vec![0.0; t.params().len()];
    t.next_gradients(&mut grad).unwrap();
    let before = t.params().to_vec();
    let report = t.step().unwrap();
    assert_eq!((report.epoch, report.step), (1, 1), "one step is one epoch");
    for ((after, before), g) in t.params().iter().zip(&before).zip(&grad) {
        assert_eq!(*after, before - 0.03 * g, "w -= lr g");
    }
}

#[test]
fn gradients_and_deltas_leave_the_model_alone() {
    let mut t = trainer(&w_default());
    let lay = t.layout().clone();
    let batch = t.next_batch().len();
    let mut grad = vec![0.0; lay.param_count];
    let mut deltas = vec![0.0; batch * (lay.neuron_count - lay.inputs())];
    let (mut outputs, mut losses) = (vec![0.0; batch], vec![0.0; batch]);
    let before = param_bits(&t);
    let objective = t
        .next_backprop(&mut grad, &mut deltas, &mut outputs, &mut losses)
        .unwrap();
    assert_eq!(param_bits(&t), before);
    assert!(objective.is_finite() && grad.iter().any(|g| *g != 0.0));
    // The output bias's gradient is the mean of the output deltas.
    let out = lay.neuron_count - lay.inputs() - 1;
    let mean: f32 = (0..batch).map(|s| deltas[s * (out + 1) + out]).sum::<f32>() / batch as f32;
    let bias_grad = grad[lay.param_count - 1];
    assert!((mean - bias_grad).abs() < 1e-6, "{mean} vs {bias_grad}");
    // The objective is the mean of the samples' losses (no penalty here),
    // and each output is the network's prediction at that point.
    let mean_loss = losses.iter().map(|&l| l as f64).sum::<f64>() / batch as f64;
    assert!(
        (mean_loss - objective).abs() < 1e-6,
        "{mean_loss} vs {objective}"
    );
    for (&i, &o) in t.next_batch().to_vec().iter().zip(&outputs) {
        let p = t.points()[i as usize];
        let mut want = [0.0];
        t.predict_into(p.x, p.y, &mut want).unwrap();
        assert_eq!(o, want[0]);
    }
    // next_gradients gives the same gradient.
    let mut again = vec![0.0; lay.param_count];
    assert_eq!(t.next_gradients(&mut again).unwrap(), objective);
    assert_eq!(again, grad);
    // And a step then uses exactly that gradient.
    let before = t.params().to_vec();
    t.step().unwrap();
    assert_eq!(t.params()[0], before[0] - 0.03 * grad[0]);
    let mut small = vec![0.0; 3];
    assert!(matches!(
        t.next_gradients(&mut small),
        Err(Error::Buffer {
            name: "gradients",
            ..
        })
    ));
    assert!(matches!(
        t.next_backprop(&mut grad, &mut deltas, &mut outputs, &mut losses[1..]),
        Err(Error::Buffer { name: "losses", .. })
    ));
}

#[test]
fn divergence_stops_training_and_reset_recovers() {
    let config = Config {
        activation: Activation::Relu,
        hidden: vec![8, 8],
        optimizer: OptimizerConfig {
            learning_rate: 100.0,
            ..Default::default()
        },
        problem: Problem::Regression,
        ..w_default()
    };
    let mut t = trainer(&config);
    let report = t.train(50).unwrap();
    assert!(report.diverged && t.diverged(), "{report:?}");
    assert_eq!(t.step(), Err(Error::Diverged));
    assert_eq!(t.train(1), Err(Error::Diverged));
    // The state stays readable.
    let _ = t.model();
    let _ = t.loss();
    assert!(!t.points().is_empty());
    t.reset();
    assert!(!t.diverged() && t.step_count() == 0);
    t.step().unwrap();
}

#[test]
fn grid_matches_prediction_and_neurons_match_trace() {
    // Every feature, so the grid's per-axis feature tables are checked too.
    let mut t = trainer(&Config {
        hidden: vec![3, 2],
        features: nnplay_core::Feature::ALL.to_vec(),
        ..w_default()
    });
    t.train(3).unwrap();
    let res = 9;
    let mut out = vec![0.0; res * res];
    let mut neurons = vec![0.0; res * res * 5];
    t.grid_into(res, &mut out, Some(&mut neurons)).unwrap();
    let lay = t.layout().clone();
    let mut z = vec![0.0; lay.neuron_count];
    let mut a = vec![0.0; lay.neuron_count];
    for row in 0..res {
        for col in 0..res {
            let (x, y) = (grid_coord(col, res), -grid_coord(row, res));
            let mut p = [0.0];
            t.predict_into(x, y, &mut p).unwrap();
            let cell = row * res + col;
            assert_eq!(p[0].to_bits(), out[cell].to_bits(), "cell {row},{col}");
            t.trace_into(x, y, &mut z, &mut a).unwrap();
            let inputs = lay.inputs();
            for h in 0..5 {
                assert_eq!(neurons[h * res * res + cell], a[inputs + h]);
            }
            let o = inputs + 5;
            assert_eq!(a[o], z[o], "the output's a is its z before the head");
            assert_eq!(
                out[cell],
                nnplay_core::fast::tanh(z[o]),
                "the head is the fast tanh"
            );
        }
    }
    assert_eq!(grid_coord(0, res), -6.0);
    assert_eq!(grid_coord(res - 1, res), 6.0);
    assert!(matches!(
        t.grid_into(1, &mut out, None),
        Err(Error::Buffer { .. })
    ));
    assert!(matches!(
        t.grid_into(res, &mut out[1..], None),
        Err(Error::Buffer { .. })
    ));
}

#[test]
fn a_rectangular_grid_is_row_major_from_the_top_left() {
    let mut t = trainer(&Config {
        features: nnplay_core::Feature::ALL.to_vec(),
        ..w_default()
    });
    let (w, h) = (7, 4);
    let mut out = vec![0.0; w * h];
    let mut neurons = vec![0.0; w * h * 6];
    t.grid_rect_into(w, h, &mut out, Some(&mut neurons))
        .unwrap();
    for row in 0..h {
        for col in 0..w {
            let mut p = [0.0];
            t.predict_into(grid_coord(col, w), -grid_coord(row, h), &mut p)
                .unwrap();
            assert_eq!(
                p[0].to_bits(),
                out[row * w + col].to_bits(),
                "cell {row},{col}"
            );
        }
    }
    assert!(matches!(
        t.grid_rect_into(w, 1, &mut out, None),
        Err(Error::Buffer { name: "height", .. })
    ));
    assert!(matches!(
        t.grid_rect_into(h, w, &mut out[1..], None),
        Err(Error::Buffer { name: "grid", .. })
    ));
}

#[test]
fn multiclass_grid_has_k_probabilities_per_cell() {
    let mut t = trainer(&Config {
        problem: Problem::Multiclass,
        classes: 5,
        ..w_default()
    });
    let mut out = vec![0.0; 4 * 4 * 5];
    t.grid_into(4, &mut out, None).unwrap();
    for cell in out.chunks(5) {
        let sum: f32 = cell.iter().sum();
        assert!((sum - 1.0).abs() < 1e-5 && cell.iter().all(|p| *p > 0.0));
    }
}

#[test]
fn editing_points() {
    let mut t = trainer(&Config {
        samples: 10,
        ..w_default()
    });
    let i = t.add_point_to(1.0, 2.0, 1.0, Some(false)).unwrap();
    assert_eq!((i, t.points().len()), (10, 11));
    assert!(!t.points()[i].test, "asked to train");
    t.move_point(i, -3.0, 4.5).unwrap();
    assert_eq!((t.points()[i].x, t.points()[i].y), (-3.0, 4.5));
    t.set_label(i, -1.0).unwrap();
    assert_eq!(t.points()[i].label, -1.0);
    t.remove_point(0).unwrap();
    assert_eq!(t.points().len(), 10);

    assert_eq!(
        t.move_point(10, 0.0, 0.0),
        Err(Error::PointIndex { index: 10, len: 10 })
    );
    assert!(matches!(t.remove_point(99), Err(Error::PointIndex { .. })));
    assert!(matches!(
        t.add_point(7.0, 0.0, 1.0),
        Err(Error::Point { field: "x", .. })
    ));
    assert!(matches!(
        t.add_point(0.0, f32::NAN, 1.0),
        Err(Error::Point { field: "y", .. })
    ));
    assert!(matches!(
        t.add_point(0.0, 0.0, 0.5),
        Err(Error::Point { field: "label", .. })
    ));
    assert!(matches!(
        t.set_label(0, 3.0),
        Err(Error::Point { field: "label", .. })
    ));

    let replacement = vec![
        Point {
            x: 1.0,
            y: 1.0,
            label: 1.0,
            test: false,
        },
        Point {
            x: -1.0,
            y: -1.0,
            label: -1.0,
            test: true,
        },
    ];
    t.set_points(&replacement).unwrap();
    assert_eq!(t.points(), &replacement[..]);
    assert_eq!(t.next_batch(), &[0]);
    t.step().unwrap();

    t.clear_points();
    assert!(t.points().is_empty());
    assert_eq!(t.step(), Err(Error::NoTrainingData));
    let loss = t.loss();
    assert!(loss.train.is_finite() && loss.test.is_finite());
    assert_eq!(
        (loss.train_accuracy, loss.test_accuracy),
        (None, None),
        "no points, no accuracy"
    );
}

#[test]
fn set_config_keeps_weights_unless_the_shape_changes() {
    let mut t = trainer(&w_default());
    t.train(2).unwrap();
    let trained = t.params().to_vec();
    let points = t.points().to_vec();
    let mut c = t.config().clone();
    c.optimizer.learning_rate = 0.1;
    c.activation = Activation::Relu;
    c.batch_size = 3;
    c.loss = Some(nnplay_core::LossKind::CrossEntropy);
    t.set_config(&c).unwrap();
    assert_eq!(t.params(), &trained[..], "hyperparameters keep the weights");
    assert_eq!(t.network().head, nnplay_core::Head::SigmoidCrossEntropy);
    assert_eq!(t.network().activation, Activation::Relu);
    assert_eq!(t.points(), &points[..]);
    c.hidden = vec![5];
    t.set_config(&c).unwrap();
    assert_eq!(t.layout().sizes, [2, 5, 1]);
    assert_eq!(
        t.points(),
        &points[..],
        "an architecture change keeps the data"
    );
    let reshaped = t.params().to_vec();
    c.noise = 0.2;
    t.set_config(&c).unwrap();
    assert_ne!(t.points(), &points[..], "a data change regenerates");
    assert_eq!(t.params(), &reshaped[..], "and keeps the weights");
    t.step().unwrap();
    c.optimizer.learning_rate = -1.0;
    let err = t.set_config(&c).unwrap_err();
    assert_eq!(
        err.to_string(),
        "config.optimizer.learningRate: must be > 0 and <= 100, got -1"
    );
    assert_eq!(
        t.config().optimizer.learning_rate,
        0.1,
        "a refused config changes nothing"
    );
}

#[test]
fn bad_configs_name_their_field() {
    let cases: Vec<(Config, &str)> = vec![
        (
            Config {
                hidden: vec![4, 0],
                ..w_default()
            },
            "hidden[1]",
        ),
        (
            Config {
                hidden: vec![1; 17],
                ..w_default()
            },
            "hidden",
        ),
        (
            Config {
                hidden: vec![65],
                ..w_default()
            },
            "hidden[0]",
        ),
        (
            Config {
                features: vec![],
                ..w_default()
            },
            "features",
        ),
        (
            Config {
                noise: 0.7,
                ..w_default()
            },
            "noise",
        ),
        (
            Config {
                train_ratio: 0.95,
                ..w_default()
            },
            "trainRatio",
        ),
        (
            Config {
                batch_size: 0,
                ..w_default()
            },
            "batchSize",
        ),
        (
            Config {
                problem: Problem::Multiclass,
                classes: 9,
                ..w_default()
            },
            "classes",
        ),
        (
            Config {
                dataset: Some(Dataset::Plane),
                ..w_default()
            },
            "dataset",
        ),
        (
            Config {
                problem: Problem::Multiclass,
                classes: 3,
                loss: Some(nnplay_core::LossKind::Squared),
                ..w_default()
            },
            "loss",
        ),
        (
            Config {
                samples: 1_000_000,
                ..w_default()
            },
            "samples",
        ),
    ];
    for (config, field) in cases {
        match Trainer::new(&config) {
            Err(Error::Config { field: f, .. }) => assert_eq!(f, field),
            other => panic!(
                "{field}: expected a config error, got {:?}",
                other.map(|_| ())
            ),
        }
    }
}

#[test]
fn points_export_and_import_as_csv() {
    let mut t = trainer(&Config {
        samples: 20,
        ..w_default()
    });
    t.add_point(1.5, -2.25, -1.0).unwrap();
    let text = t.export_csv();
    let mut other = trainer(&Config {
        samples: 5,
        seed: 9,
        ..w_default()
    });
    assert_eq!(other.import_csv(&text).unwrap(), 21);
    assert_eq!(
        other.points(),
        t.points(),
        "exactly the same points and splits"
    );
    other.step().unwrap();

    // A point that does not fit the problem is refused by its line, and
    // nothing changes.
    let before = other.points().to_vec();
    let bad = "x,y,label\n1,1,1\n2,2,0.5\n";
    let err = other.import_csv(bad).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 3: point label: must be +1 or -1, got 0.5"
    );
    assert!(matches!(
        other.import_csv("1,7,1\n"),
        Err(Error::Import { line: 1, .. })
    ));
    assert_eq!(other.points(), &before[..]);
}

/// Hand-placed points follow the split: drawn from the seed with the data's
/// ratio (so the same edits give the same split), or forced by the caller.
#[test]
fn added_points_follow_the_split() {
    let tested = |ratio: f32, seed: u32| {
        let mut t = trainer(&Config {
            samples: 10,
            train_ratio: ratio,
            seed,
            ..w_default()
        });
        t.clear_points();
        let mut tests = Vec::new();
        for k in 0..400 {
            let x = (k % 20) as f32 * 0.5 - 5.0;
            let y = (k / 20) as f32 * 0.5 - 5.0;
            let i = t.add_point(x, y, 1.0).unwrap();
            tests.push(t.points()[i].test);
        }
        tests
    };
    let half = tested(0.5, 7);
    let count = half.iter().filter(|&&t| t).count();
    assert!(
        (160..=240).contains(&count),
        "{count} of 400 test at ratio 0.5"
    );
    assert_eq!(half, tested(0.5, 7), "the same seed, the same split");
    assert_ne!(half, tested(0.5, 8), "another seed, another split");
    let mostly_train = tested(0.9, 7).iter().filter(|&&t| t).count();
    assert!(
        (15..=70).contains(&mostly_train),
        "{mostly_train} of 400 at 0.9"
    );

    let mut t = trainer(&w_default());
    let i = t.add_point_to(0.5, 0.5, -1.0, Some(true)).unwrap();
    assert!(t.points()[i].test, "forced to test");
    let before = t.loss();
    assert!(before.test.is_finite());
    let j = t.add_point_to(0.5, 0.5, -1.0, Some(false)).unwrap();
    assert!(!t.points()[j].test, "forced to train");
}
