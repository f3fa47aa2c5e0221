//! The engine's own types through `parse`: a trained session round-trips
//! exactly, and every config field given a wrong value is named with the
//! message serde_json's reader gives (the page's wording before this crate
//! read values itself).

use nnplay_core::{Config, Model, Point, Snapshot, Trainer};
use nnplay_json::parse;
use serde_json::{json, Value};

fn trained() -> Snapshot {
    let config = Config {
        hidden: vec![3, 2],
        batch_norm: true,
        ..Config::default()
    };
    let mut trainer = Trainer::new(&config).unwrap();
    trainer.train(2).unwrap();
    trainer.snapshot()
}

#[test]
fn a_trained_session_reads_back_exactly() {
    let snapshot = trained();
    let value = serde_json::to_value(&snapshot).unwrap();
    let back: Snapshot = parse("snapshot", &value).unwrap();
    assert_eq!(back, snapshot);
    let model: Model = parse("model", &value["model"]).unwrap();
    assert_eq!(model, snapshot.model);
    let points: Vec<Point> = parse("points", &value["points"]).unwrap();
    assert_eq!(points, snapshot.points);
    let config: Config = parse("config", &json!({})).unwrap();
    assert_eq!(config, Config::default());
}

/// serde_json's message for reading `value` as `T` from text, without its
/// " at line L column C".
fn serde_json_says<T: serde::de::DeserializeOwned>(value: &Value) -> String {
    let err = serde_json::from_str::<T>(&value.to_string())
        .err()
        .expect("serde_json refuses it too");
    let full = err.to_string();
    let at = format!(" at line {} column {}", err.line(), err.column());
    full.strip_suffix(&at).unwrap_or(&full).to_string()
}

#[test]
fn every_config_field_names_a_wrong_value_as_serde_json_does() {
    let base = serde_json::to_value(Config::default()).unwrap();
    let wrongs = [
        json!(null),
        json!(true),
        json!("4"),
        json!(-1),
        json!(4.0),
        json!(0.5),
        json!(1u64 << 40),
        json!([1]),
        json!({"a": 1}),
    ];
    let mut checked = 0;
    for key in base.as_object().unwrap().keys() {
        for wrong in &wrongs {
            let mut v = base.clone();
            v[key.as_str()] = wrong.clone();
            let ours = parse::<Config>("config", &v);
            if wrong.is_array() && matches!(key.as_str(), "optimizer" | "regularization") {
                // A struct is read from an object only (serde_json would
                // also take its fields in order in an array).
                let expected = format!("config.{key}: invalid type: sequence, expected struct ");
                assert!(ours.unwrap_err().starts_with(&expected));
                continue;
            }
            let theirs = serde_json::from_str::<Config>(&v.to_string());
            assert_eq!(ours.is_ok(), theirs.is_ok(), "{key} = {wrong}: {ours:?}");
            let Err(ours) = ours else { continue };
            // serde_json's reader says only "expected value" for a
            // non-string where an enum's name belongs; ours says what it got.
            if ours.contains(", expected enum ") {
                assert!(ours.starts_with(&format!("config.{key}")), "{ours}");
                continue;
            }
            let at = if ours.contains("unknown field") {
                format!("config.{key}.a: ")
            } else if v[key.as_str()].is_array() && !ours.contains("invalid type: sequence") {
                format!("config.{key}[0]: ")
            } else {
                format!("config.{key}: ")
            };
            assert_eq!(
                ours,
                format!("{at}{}", serde_json_says::<Config>(&v)),
                "{key} = {wrong}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn snapshot_mistakes_are_named_by_path() {
    let mut v = serde_json::to_value(trained()).unwrap();
    v["points"][3]["x"] = json!("far");
    assert_eq!(
        parse::<Snapshot>("snapshot", &v).unwrap_err(),
        "snapshot.points[3].x: invalid type: string \"far\", expected f32"
    );
    let mut v = serde_json::to_value(trained()).unwrap();
    v["model"]["layers"][1]["weights"][0][1] = json!(null);
    assert_eq!(
        parse::<Snapshot>("snapshot", &v).unwrap_err(),
        "snapshot.model.layers[1].weights[0][1]: invalid type: null, expected f32"
    );
    let mut v = serde_json::to_value(trained()).unwrap();
    v["config"]["optimizer"]["lr"] = json!(0.1);
    assert!(parse::<Snapshot>("snapshot", &v)
        .unwrap_err()
        .starts_with("snapshot.config.optimizer.lr: unknown field `lr`, expected one of"));
    let mut v = serde_json::to_value(trained()).unwrap();
    v["model"]["layers"][0]["batchNorm"]
        .as_object_mut()
        .unwrap()
        .remove("gamma");
    assert_eq!(
        parse::<Snapshot>("snapshot", &v).unwrap_err(),
        "snapshot.model.layers[0].batchNorm: missing field `gamma`"
    );
    let mut v = serde_json::to_value(trained()).unwrap();
    v["config"]["activation"] = json!("sigmoidish");
    assert!(parse::<Snapshot>("snapshot", &v).unwrap_err().starts_with(
        "snapshot.config.activation: unknown variant `sigmoidish`, expected one of `linear`"
    ));
    let mut v = serde_json::to_value(trained()).unwrap();
    v["epoch"] = json!(-2);
    assert_eq!(
        parse::<Snapshot>("snapshot", &v).unwrap_err(),
        "snapshot.epoch: invalid value: integer `-2`, expected u64"
    );
}
