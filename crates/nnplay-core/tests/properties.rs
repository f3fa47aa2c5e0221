//! Property tests over random configs and random edit sequences: nothing
//! panics, every refusal is a typed error, and the invariants hold.

use nnplay_core::{
    Activation, Config, Dataset, Error, Feature, Init, LossKind, OptimizerConfig, OptimizerKind,
    Problem, Regularization, RegularizationKind, Trainer,
};
use proptest::prelude::*;

fn any_config() -> impl Strategy<Value = Config> {
    let problems = prop_oneof![
        Just(Problem::Classification),
        Just(Problem::Multiclass),
        Just(Problem::Regression)
    ];
    let datasets = proptest::option::of(proptest::sample::select(Dataset::ALL.to_vec()));
    let losses = proptest::option::of(proptest::sample::select(vec![
        LossKind::Squared,
        LossKind::CrossEntropy,
        LossKind::Huber,
    ]));
    let features = proptest::sample::subsequence(Feature::ALL.to_vec(), 0..=9);
    let hidden = proptest::collection::vec(0usize..=70, 0..=18);
    let optimizers = proptest::sample::select(vec![
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::Rmsprop,
        OptimizerKind::Adam,
    ]);
    let regs = proptest::sample::select(vec![
        RegularizationKind::None,
        RegularizationKind::L1,
        RegularizationKind::L2,
    ]);
    (
        (any::<u32>(), problems, 0usize..=10, datasets, 0usize..=300),
        (-0.2f32..0.7, 0.0f32..1.0, features, hidden),
        (proptest::sample::select(Activation::ALL.to_vec()), losses),
        (
            optimizers,
            -1.0f32..20.0,
            regs,
            -0.1f32..0.5,
            0usize..=600,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (seed, problem, classes, dataset, samples),
                (noise, train_ratio, features, hidden),
                (activation, loss),
                (kind, learning_rate, reg, rate, batch_size, shuffle),
            )| Config {
                seed,
                problem,
                classes,
                dataset,
                samples,
                noise,
                train_ratio,
                features,
                hidden,
                activation,
                loss,
                init: Init::Tfp,
                optimizer: OptimizerConfig {
                    kind,
                    learning_rate,
                    ..Default::default()
                },
                regularization: Regularization { kind: reg, rate },
                batch_size,
                shuffle,
                ..Config::default()
            },
        )
}

#[derive(Clone, Debug)]
enum Edit {
    Add(f32, f32, f32),
    Move(usize, f32, f32),
    Remove(usize),
    Relabel(usize, f32),
    Clear,
    Step,
    Train,
}

fn any_edit() -> impl Strategy<Value = Edit> {
    let coord = -7.0f32..7.0;
    let label = prop_oneof![Just(1.0f32), Just(-1.0), 0.0f32..4.0, -2.0f32..2.0];
    prop_oneof![
        (coord.clone(), coord.clone(), label.clone()).prop_map(|(x, y, l)| Edit::Add(x, y, l)),
        (0usize..300, coord.clone(), coord).prop_map(|(i, x, y)| Edit::Move(i, x, y)),
        (0usize..300).prop_map(Edit::Remove),
        (0usize..300, label).prop_map(|(i, l)| Edit::Relabel(i, l)),
        Just(Edit::Clear),
        Just(Edit::Step),
        Just(Edit::Train),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_config_builds_or_names_a_field(config in any_config()) {
        match Trainer::new(&config) {
            Ok(mut t) => {
                let c = t.config().clone();
                prop_assert_eq!(t.points().len(), c.samples);
                let train = t.points().iter().filter(|p| !p.test).count();
                prop_assert_eq!(train, (c.samples as f64 * c.train_ratio as f64).round() as usize);
                prop_assert_eq!(t.layout().sizes.clone(), c.layer_sizes());
                // Freshly initialised weights are finite, and so is every
                // output and every neuron's picture, whatever the config.
                let res = 5;
                let k = t.layout().outputs();
                let hidden = t.layout().hidden_count();
                let mut out = vec![0.0; res * res * k];
                let mut neurons = vec![0.0; res * res * hidden];
                prop_assert!(t.params().iter().all(|p| p.is_finite()));
                t.grid_into(res, &mut out, Some(&mut neurons)).unwrap();
                prop_assert!(out.iter().chain(&neurons).all(|v| v.is_finite()));
                // A step either trains, reports divergence, or finds no data.
                match t.step() {
                    Ok(report) => prop_assert_eq!(report.diverged, t.diverged()),
                    Err(e) => prop_assert_eq!(e, Error::NoTrainingData),
                }
                prop_assert!(t.grid_into(res, &mut out, Some(&mut neurons)).is_ok());
            }
            Err(Error::Config { field, message }) => {
                prop_assert!(!field.is_empty() && !message.is_empty());
            }
            Err(other) => prop_assert!(false, "untyped refusal {other:?}"),
        }
    }

    #[test]
    fn any_edit_sequence_keeps_the_invariants(
        problem in prop_oneof![Just(Problem::Classification), Just(Problem::Multiclass), Just(Problem::Regression)],
        edits in proptest::collection::vec(any_edit(), 0..40),
    ) {
        let config = Config { problem, classes: 3, samples: 30, batch_size: 4, ..Config::default() };
        let mut t = Trainer::new(&config).unwrap();
        let mut expected = t.points().len();
        for edit in edits {
            let len = t.points().len();
            let result = match edit {
                Edit::Add(x, y, l) => t.add_point(x, y, l).map(|i| { expected += 1; assert_eq!(i, len); }),
                Edit::Move(i, x, y) => t.move_point(i, x, y),
                Edit::Remove(i) => t.remove_point(i).map(|_| expected -= 1),
                Edit::Relabel(i, l) => t.set_label(i, l),
                Edit::Clear => { t.clear_points(); expected = 0; Ok(()) }
                Edit::Step => t.step().map(|_| ()),
                Edit::Train => t.train(1).map(|_| ()),
            };
            match result {
                Ok(()) => {}
                Err(Error::PointIndex { index, len: l }) => prop_assert!(index >= l && l == len),
                Err(Error::Point { .. }) | Err(Error::NoTrainingData) | Err(Error::Diverged) => {}
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
            prop_assert_eq!(t.points().len(), expected);
            prop_assert!(t.next_batch().len() <= 4);
            prop_assert!(t.next_batch().iter().all(|&i| (i as usize) < t.points().len() && !t.points()[i as usize].test));
            for p in t.points() {
                prop_assert!(p.x.abs() <= 6.0 && p.y.abs() <= 6.0);
            }
            let loss = t.loss();
            prop_assert!(loss.train.is_finite() && loss.test.is_finite());
        }
    }
}
