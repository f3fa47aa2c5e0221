//! Model, config and whole sessions to JSON and back, exactly (the `serde`
//! feature).
#![cfg(feature = "serde")]

use nnplay_core::{Config, Dataset, Error, Model, OptimizerKind, Problem, Snapshot, Trainer};

#[test]
fn config_round_trips_through_json() {
    let mut config = Config {
        seed: 7,
        problem: Problem::Multiclass,
        classes: 5,
        hidden: vec![8, 3],
        ..Config::default()
    }
    .normalized()
    .unwrap();
    config.optimizer.kind = OptimizerKind::Adam;
    config.optimizer.learning_rate = 0.003;
    let json = serde_json::to_string(&config).unwrap();
    assert!(json.contains("\"learningRate\":0.003"), "{json}");
    assert!(json.contains("\"dataset\":\"blobs\""), "{json}");
    let back: Config = serde_json::from_str(&json).unwrap();
    assert_eq!(back, config);
}

#[test]
fn partial_json_takes_defaults_and_unknown_fields_are_named() {
    let c: Config =
        serde_json::from_str(r#"{"dataset": "spiral", "optimizer": {"kind": "rmsprop"}}"#).unwrap();
    assert_eq!(c.dataset, Some(Dataset::Spiral));
    assert_eq!(c.optimizer.rho, 0.99);
    assert_eq!(c.hidden, vec![4, 2]);
    let err = serde_json::from_str::<Config>(r#"{"learningrate": 1}"#).unwrap_err();
    assert!(err.to_string().contains("learningrate"), "{err}");
}

#[test]
fn model_round_trips_bit_for_bit() {
    let mut t = Trainer::new(&Config::default()).unwrap();
    t.train(3).unwrap();
    let model = t.model();
    let json = serde_json::to_string(&model).unwrap();
    let back: Model = serde_json::from_str(&json).unwrap();
    assert_eq!(back, model);
    let mut other = Trainer::new(&Config {
        seed: 99,
        ..Config::default()
    })
    .unwrap();
    other.set_model(&back).unwrap();
    let bits = |t: &Trainer| t.params().iter().map(|p| p.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&other), bits(&t));
}

fn bits(t: &Trainer) -> Vec<u32> {
    t.params().iter().map(|v| v.to_bits()).collect()
}

#[test]
fn a_restored_session_trains_on_bit_for_bit() {
    for kind in [
        OptimizerKind::Adam,
        OptimizerKind::Nesterov,
        OptimizerKind::Rmsprop,
    ] {
        let mut config = Config {
            seed: 11,
            samples: 120,
            noise: 0.1,
            batch_size: 7,
            hidden: vec![5, 3],
            ..Config::default()
        };
        config.optimizer.kind = kind;
        config.optimizer.learning_rate = 0.01;
        let mut a = Trainer::new(&config).unwrap();
        a.add_point(1.0, 2.0, -1.0).unwrap();
        for _ in 0..37 {
            a.step().unwrap();
        }
        let json = serde_json::to_string(&a.snapshot()).unwrap();
        let snapshot: Snapshot = serde_json::from_str(&json).unwrap();
        let mut b = Trainer::restore(&snapshot).unwrap();
        assert_eq!(b.snapshot(), a.snapshot(), "{kind:?}: restored as saved");
        for _ in 0..50 {
            let (ra, rb) = (a.step().unwrap(), b.step().unwrap());
            assert_eq!(ra.batch_loss.to_bits(), rb.batch_loss.to_bits());
        }
        assert_eq!(
            bits(&a),
            bits(&b),
            "{kind:?}: the same weights, bit for bit"
        );
        assert_eq!((a.epoch(), a.step_count()), (b.epoch(), b.step_count()));
        assert!(a.epoch() >= 2, "the schedule crossed epoch boundaries");
    }
}

#[test]
fn a_bad_snapshot_names_its_field_and_builds_nothing() {
    let mut t = Trainer::new(&Config {
        seed: 3,
        samples: 20,
        ..Config::default()
    })
    .unwrap();
    t.step().unwrap();
    let good = t.snapshot();
    let field = |f: &dyn Fn(&mut Snapshot)| {
        let mut s = good.clone();
        f(&mut s);
        match Trainer::restore(&s) {
            Err(Error::Snapshot { field, .. }) => field,
            Err(other) => panic!("not a snapshot error: {other}"),
            Ok(_) => panic!("restored a bad snapshot"),
        }
    };
    assert_eq!(field(&|s| s.version = 2), "version");
    assert_eq!(field(&|s| s.config.noise = 3.0), "config.noise");
    assert_eq!(field(&|s| s.points[3].x = 7.0), "points[3]");
    assert_eq!(field(&|s| s.points[0].label = 0.5), "points[0]");
    assert_eq!(field(&|s| s.model.layers[1].biases.clear()), "model");
    assert_eq!(
        field(&|s| s.optimizer.first.pop().map(drop).unwrap_or(())),
        "optimizer.first"
    );
    assert_eq!(
        field(&|s| s.optimizer.second[2] = f32::NAN),
        "optimizer.second[2]"
    );
    assert_eq!(field(&|s| s.schedule.order[0] = 999), "schedule.order[0]");
    assert_eq!(field(&|s| s.schedule.cursor = 10_000), "schedule.cursor");
    assert_eq!(
        field(&|s| s.schedule.shuffle[0] = "xyz".into()),
        "schedule.shuffle[0]"
    );
    assert_eq!(
        field(&|s| s.schedule.shuffle[1] = "2".into()),
        "schedule.shuffle[1]"
    );
    let e = Trainer::restore(&{
        let mut s = good.clone();
        s.points[3].x = 7.0;
        s
    })
    .err()
    .unwrap();
    assert!(
        e.to_string()
            .starts_with("snapshot.points[3]: point x: must be within"),
        "{e}"
    );
}
