//! Model and config to JSON and back, exactly (the `serde` feature).
#![cfg(feature = "serde")]

use nnplay_core::{Config, Dataset, Model, OptimizerKind, Problem, Trainer};

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
