//! Every `Playground` call through its wasm-bindgen interface, and every
//! error path with its message. Runs in node (`cargo test -p nnplay-wasm
//! --target wasm32-unknown-unknown`) and in headless Chromium
//! (`WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver`, which
//! `cargo xtask test` sets); the canvas tests return early where there is no
//! canvas (node).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float32Array, Reflect, Uint8Array, Uint8ClampedArray, JSON};
use nnplay_wasm::Playground;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

// ----- helpers -----

/// A JS value from JSON text.
fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).expect("property")
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

fn stringify(v: &JsValue) -> String {
    JSON::stringify(v).expect("stringify").into()
}

/// A Rust value as the `JsValue` argument JS would pass.
fn v(x: impl Into<JsValue>) -> JsValue {
    x.into()
}

fn pg(json: &str) -> Playground {
    Playground::new(js(json)).expect("a valid config")
}

/// The message of the `Error` a call threw (failing unless it threw one).
#[track_caller]
fn thrown<T>(r: Result<T, JsValue>) -> String {
    let Err(e) = r else {
        panic!("expected the call to throw");
    };
    assert!(
        e.is_instance_of::<js_sys::Error>(),
        "threw a non-Error: {e:?}"
    );
    e.unchecked_into::<js_sys::Error>().message().into()
}

/// Asserts the call threw an Error whose message contains every `needle`.
#[track_caller]
fn throws<T>(r: Result<T, JsValue>, needles: &[&str]) {
    let msg = thrown(r);
    for n in needles {
        assert!(msg.contains(n), "message {msg:?} lacks {n:?}");
    }
}

/// `v` itself as an Array (`Array::from` would copy it).
fn arr(v: &JsValue) -> Array {
    v.clone().dyn_into().expect("an array")
}

fn array_len(v: &JsValue) -> u32 {
    v.dyn_ref::<Array>().expect("an array").length()
}

const SMALL: &str = r#"{"seed": 7, "samples": 100}"#;

// ----- construction and config -----

/// Two playgrounds hold the same points and the same model, bit for bit
/// (JSON of f32 values round-trips exactly).
fn assert_same_points_and_model(a: &Playground, b: &Playground) {
    assert_eq!(
        stringify(&a.points().unwrap()),
        stringify(&b.points().unwrap())
    );
    assert_eq!(
        stringify(&a.model().unwrap()),
        stringify(&b.model().unwrap())
    );
}

#[wasm_bindgen_test]
fn same_seed_gives_the_same_points_and_model_bits() {
    let cfg = r#"{"seed": 42, "noise": 0.2, "hidden": [5, 3]}"#;
    let a = pg(cfg);
    let b = pg(cfg);
    assert_same_points_and_model(&a, &b);
    for _ in 0..30 {
        a.step().unwrap();
        b.step().unwrap();
    }
    assert_same_points_and_model(&a, &b);
    let c = pg(r#"{"seed": 43, "noise": 0.2, "hidden": [5, 3]}"#);
    assert_ne!(
        stringify(&a.points().unwrap()),
        stringify(&c.points().unwrap())
    );
}

#[wasm_bindgen_test]
fn no_seed_draws_one_that_replays() {
    let a = Playground::new(JsValue::UNDEFINED).unwrap();
    let seed = num(&a.config().unwrap(), "seed");
    assert!(seed >= 0.0 && seed.fract() == 0.0, "seed {seed}");
    let b = pg(&format!(r#"{{"seed": {seed}}}"#));
    assert_same_points_and_model(&a, &b);
    // {} and a null seed draw one too
    let c = pg("{}");
    assert!(num(&c.config().unwrap(), "seed") >= 0.0);
    let d = pg(r#"{"seed": null}"#);
    assert!(num(&d.config().unwrap(), "seed") >= 0.0);
}

#[wasm_bindgen_test]
fn config_is_normalized_with_every_field() {
    let p = pg(r#"{"seed": 3, "optimizer": {"learningRate": 0.1}}"#);
    let c = p.config().unwrap();
    for key in [
        "seed",
        "problem",
        "classes",
        "dataset",
        "samples",
        "noise",
        "trainRatio",
        "features",
        "hidden",
        "activation",
        "loss",
        "init",
        "optimizer",
        "regularization",
        "batchSize",
        "shuffle",
    ] {
        let v = get(&c, key);
        assert!(!v.is_undefined() && !v.is_null(), "{key} missing");
    }
    assert_eq!(get(&c, "dataset").as_string().unwrap(), "circle");
    assert_eq!(get(&c, "loss").as_string().unwrap(), "squared");
    assert_eq!(num(&c, "samples"), 500.0);
    let opt = get(&c, "optimizer");
    assert_eq!(num(&opt, "learningRate"), 0.1);
    assert_eq!(get(&opt, "kind").as_string().unwrap(), "sgd");
    assert_eq!(stringify(&p.layer_sizes().unwrap()), "[2,4,2,1]");
    // a plain object, not a Map
    assert!(!c.is_instance_of::<js_sys::Map>());
}

#[wasm_bindgen_test]
fn bad_configs_throw_naming_the_field() {
    let bad = |json: &str| Playground::new(js(json));
    throws(
        bad(r#"{"optimizer": {"learningRate": -1}}"#),
        &["config.optimizer.learningRate", "-1"],
    );
    throws(bad(r#"{"hidden": [0]}"#), &["config.hidden[0]"]);
    throws(bad(r#"{"hidden": [4, "a"]}"#), &["config.hidden[1]"]);
    throws(bad(r#"{"noise": "x"}"#), &["config.noise", "invalid type"]);
    throws(bad(r#"{"noise": 0.9}"#), &["config.noise", "0.9"]);
    throws(
        bad(r#"{"learningrate": 1}"#),
        &["unknown field", "learningrate"],
    );
    throws(
        bad(r#"{"optimizer": {"lr": 1}}"#),
        &["config.optimizer", "unknown field", "lr"],
    );
    throws(bad(r#"{"dataset": "blobs"}"#), &["config.dataset", "blobs"]);
    throws(bad(r#"{"loss": "huber"}"#), &["config.loss", "huber"]);
    throws(bad(r#"{"activation": "bogus"}"#), &["config.activation"]);
    throws(bad(r#"{"features": []}"#), &["config.features"]);
    throws(
        bad(r#"{"problem": "multiclass", "classes": 9}"#),
        &["config.classes"],
    );
    throws(bad(r#"{"batchSize": 0}"#), &["config.batchSize"]);
    throws(
        Playground::new(JsValue::from(5)),
        &["config: expected an object"],
    );
    // not expressible in JSON: NaN
    let obj = js("{}");
    Reflect::set(&obj, &"noise".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    throws(Playground::new(obj), &["config.noise", "finite"]);
}

#[wasm_bindgen_test]
fn set_config_merges_keeps_weights_and_rebuilds_when_it_must() {
    let p = pg(r#"{"seed": 5, "optimizer": {"kind": "adam"}, "noise": 0.1}"#);
    p.train(v(1.0)).unwrap();
    let model = stringify(&p.model().unwrap());
    let points = stringify(&p.points().unwrap());

    // a hyperparameter: weights and data kept, nested keys merged
    p.set_config(js(
        r#"{"optimizer": {"learningRate": 0.01}, "batchSize": 5}"#,
    ))
    .unwrap();
    let c = p.config().unwrap();
    assert_eq!(
        get(&get(&c, "optimizer"), "kind").as_string().unwrap(),
        "adam"
    );
    assert_eq!(num(&get(&c, "optimizer"), "learningRate"), 0.01);
    assert_eq!(num(&c, "batchSize"), 5.0);
    assert_eq!(num(&c, "noise"), 0.1);
    assert_eq!(stringify(&p.model().unwrap()), model);
    assert_eq!(stringify(&p.points().unwrap()), points);

    // the architecture: new weights of the new shape, data kept
    p.set_config(js(r#"{"hidden": [3]}"#)).unwrap();
    assert_eq!(stringify(&p.layer_sizes().unwrap()), "[2,3,1]");
    assert_eq!(stringify(&p.points().unwrap()), points);

    // the data: regenerated
    p.set_config(js(r#"{"dataset": "xor"}"#)).unwrap();
    assert_ne!(stringify(&p.points().unwrap()), points);

    // a bad partial throws and changes nothing
    let before = stringify(&p.config().unwrap());
    throws(
        p.set_config(js(r#"{"optimizer": {"learningRate": -1}}"#)),
        &["config.optimizer.learningRate"],
    );
    throws(p.set_config(js(r#"{"hiden": [2]}"#)), &["hiden"]);
    throws(p.set_config(js(r#"{"noise": "x"}"#)), &["config.noise"]);
    assert_eq!(stringify(&p.config().unwrap()), before);

    // a new problem brings its own dataset, loss and point count
    p.set_config(js(r#"{"problem": "regression"}"#)).unwrap();
    let c = p.config().unwrap();
    assert_eq!(get(&c, "dataset").as_string().unwrap(), "plane");
    assert_eq!(get(&c, "loss").as_string().unwrap(), "squared");
    assert_eq!(num(&c, "samples"), 1200.0);
    p.set_config(js(r#"{"problem": "multiclass", "classes": 4}"#))
        .unwrap();
    let c = p.config().unwrap();
    assert_eq!(get(&c, "dataset").as_string().unwrap(), "blobs");
    assert_eq!(get(&c, "loss").as_string().unwrap(), "crossEntropy");
    assert_eq!(stringify(&p.layer_sizes().unwrap()), "[2,3,4]");

    // null = the default
    p.set_config(js(r#"{"noise": null}"#)).unwrap();
    assert_eq!(num(&p.config().unwrap(), "noise"), 0.0);
}

// ----- the catalog -----

#[wasm_bindgen_test]
fn catalog_lists_what_the_engine_accepts() {
    let c = Playground::catalog().unwrap();
    assert!(!c.is_instance_of::<js_sys::Map>(), "a plain object");
    let problems = arr(&get(&c, "problems"));
    assert_eq!(problems.length(), 3);
    let first = problems.get(0);
    assert_eq!(get(&first, "name").as_string().unwrap(), "classification");
    assert_eq!(
        stringify(&get(&first, "datasets")),
        r#"["circle","xor","gauss","spiral","moons","checkerboard","rings"]"#
    );
    assert_eq!(get(&first, "defaultDataset").as_string().unwrap(), "circle");
    assert_eq!(num(&first, "defaultSamples"), 500.0);
    // every listed (problem, data set, loss) builds a Playground with that loss
    for p in problems.iter() {
        let name = get(&p, "name").as_string().unwrap();
        let classes = num(&get(&p, "classes"), "default");
        for d in arr(&get(&p, "datasets")).iter() {
            for l in arr(&get(&p, "losses")).iter() {
                let cfg = format!(
                    r#"{{"seed": 1, "samples": 20, "problem": "{name}", "classes": {classes},
                    "dataset": {}, "loss": {}}}"#,
                    stringify(&d),
                    stringify(&get(&l, "name"))
                );
                let made = pg(&cfg).config().unwrap();
                assert_eq!(stringify(&get(&made, "loss")), stringify(&get(&l, "name")));
            }
        }
    }
    // the defaults are a new Playground's config without its seed
    let config = pg(r#"{"seed": 0}"#).config().unwrap();
    Reflect::delete_property(config.unchecked_ref::<js_sys::Object>(), &"seed".into()).unwrap();
    assert_eq!(stringify(&get(&c, "defaults")), stringify(&config));
    let ranges = get(&c, "ranges");
    assert_eq!(num(&get(&ranges, "gridValues"), "max"), (1 << 24) as f64);
    assert_eq!(num(&get(&ranges, "points"), "max"), 10_000.0);
    assert_eq!(num(&get(&ranges, "coordinate"), "min"), -6.0);
    let colors = get(&c, "colors");
    assert_eq!(array_len(&get(&colors, "scale")), 64 * 4);
    assert_eq!(array_len(&get(&colors, "classes")), 8);
    // the scale's ends are the points' colours
    let ends = pg(SMALL).color_scale(v(2.0)).unwrap().to_vec();
    assert_eq!(
        stringify(&get(&colors, "negative")),
        format!("{:?}", &ends[..4]).replace(' ', "")
    );
    assert_eq!(
        stringify(&get(&colors, "positive")),
        format!("{:?}", &ends[4..]).replace(' ', "")
    );
}

#[wasm_bindgen_test]
fn sample_points_are_a_new_playgrounds_points() {
    let cfg = r#"{"seed": 5, "problem": "multiclass", "classes": 4, "samples": 60}"#;
    assert_eq!(
        stringify(&Playground::sample_points(js(cfg)).unwrap()),
        stringify(&pg(cfg).points().unwrap())
    );
    let none = Playground::sample_points(JsValue::UNDEFINED).unwrap();
    assert_eq!(array_len(&none), 500);
    throws(
        Playground::sample_points(js(r#"{"noise": 2}"#)),
        &["samplePoints", "config.noise"],
    );
}

// ----- snapshot and restore -----

/// Every weight and bias as JSON (f32 values print exactly).
fn weights(p: &Playground) -> String {
    stringify(&p.model().unwrap())
}

#[wasm_bindgen_test]
fn a_restored_playground_trains_on_bit_for_bit() {
    let a = pg(
        r#"{"seed": 21, "samples": 120, "batchSize": 7, "hidden": [5, 3],
        "optimizer": {"kind": "adam", "learningRate": 0.01}}"#,
    );
    for _ in 0..37 {
        a.step().unwrap();
    }
    // through JSON text, as a page would store it
    let saved = js(&stringify(&a.snapshot().unwrap()));
    let b = Playground::restore(saved).unwrap();
    assert_eq!(
        stringify(&b.snapshot().unwrap()),
        stringify(&a.snapshot().unwrap())
    );
    assert_eq!(
        stringify(&b.config().unwrap()),
        stringify(&a.config().unwrap())
    );
    for _ in 0..50 {
        a.step().unwrap();
        b.step().unwrap();
    }
    assert_eq!(weights(&a), weights(&b));
    assert_eq!(
        stringify(&a.state().unwrap()),
        stringify(&b.state().unwrap())
    );
    let s = a.snapshot().unwrap();
    assert_eq!(num(&s, "version"), 1.0);
    assert_eq!(num(&s, "step"), 87.0);
    assert_eq!(num(&get(&s, "optimizer"), "steps"), 87.0);
}

#[wasm_bindgen_test]
fn a_bad_snapshot_is_named_and_builds_nothing() {
    let p = pg(SMALL);
    let text = stringify(&p.snapshot().unwrap());
    let bad = |edit: &dyn Fn(&JsValue)| {
        let s = js(&text);
        edit(&s);
        Playground::restore(s)
    };
    throws(
        bad(&|s| {
            Reflect::set(s, &"version".into(), &JsValue::from(7)).unwrap();
        }),
        &["restore: snapshot.version", "7"],
    );
    throws(
        bad(&|s| {
            let pts = arr(&get(s, "points"));
            Reflect::set(&pts.get(3), &"x".into(), &JsValue::from(9)).unwrap();
        }),
        &["restore: snapshot.points[3]", "x"],
    );
    throws(
        bad(&|s| {
            arr(&get(&get(s, "optimizer"), "first")).pop();
        }),
        &["restore: snapshot.optimizer.first"],
    );
    throws(
        bad(&|s| {
            Reflect::set(&get(s, "config"), &"noise".into(), &JsValue::from(2)).unwrap();
        }),
        &["restore: snapshot.config.noise"],
    );
    throws(
        bad(&|s| {
            Reflect::delete_property(s.unchecked_ref::<js_sys::Object>(), &"model".into()).unwrap();
        }),
        &["restore: snapshot", "model"],
    );
    throws(
        Playground::restore(JsValue::from(3)),
        &["restore: snapshot"],
    );
}

// ----- training -----

#[wasm_bindgen_test]
fn step_and_train_report() {
    let p = pg(SMALL);
    let r = p.step().unwrap();
    assert_eq!(num(&r, "step"), 1.0);
    assert_eq!(num(&r, "epoch"), 0.0);
    assert!(num(&r, "batchLoss").is_finite());
    assert_eq!(get(&r, "diverged"), JsValue::FALSE);
    let r = p.train(v(3.0)).unwrap();
    assert_eq!(num(&r, "epoch"), 3.0);
    throws(p.train(v(-1.0)), &["train: epochs", "-1"]);
    throws(p.train(v(1.5)), &["train: epochs"]);
    let s = p.state().unwrap();
    assert_eq!(num(&s, "epoch"), 3.0);
    assert_eq!(num(&s, "pointCount"), 100.0);
    assert_eq!(num(&s, "trainCount") + num(&s, "testCount"), 100.0);
    assert_eq!(num(&s, "trainCount"), 50.0);
    assert_eq!(get(&s, "diverged"), JsValue::FALSE);

    p.reset().unwrap();
    let s = p.state().unwrap();
    assert_eq!(num(&s, "epoch"), 0.0);
    assert_eq!(num(&s, "step"), 0.0);

    let points = stringify(&p.points().unwrap());
    p.regenerate().unwrap();
    // same config and seed: the same data again, counters at zero
    assert_eq!(stringify(&p.points().unwrap()), points);
    assert_eq!(num(&p.state().unwrap(), "step"), 0.0);
}

#[wasm_bindgen_test]
fn training_learns_the_circle() {
    let p = pg(r#"{"seed": 42}"#);
    p.train(v(100.0)).unwrap();
    let l = p.loss().unwrap();
    assert!(num(&l, "testAccuracy") >= 0.9, "{}", stringify(&l));
    assert!(num(&l, "train") < 0.2);
}

#[wasm_bindgen_test]
fn divergence_stops_training_until_reset() {
    // huge weights on a linear network overflow the output
    let p = pg(r#"{"seed": 1, "problem": "regression", "activation": "linear", "hidden": [2]}"#);
    let huge = r#"{"layers": [
        {"weights": [[1e30, 1e30], [1e30, 1e30]], "biases": [0, 0]},
        {"weights": [[1e30, 1e30]], "biases": [0]}]}"#;
    p.set_model(js(huge)).unwrap();
    let r = p.step().unwrap();
    assert_eq!(get(&r, "diverged"), JsValue::TRUE);
    assert_eq!(get(&p.state().unwrap(), "diverged"), JsValue::TRUE);
    throws(p.step(), &["training diverged", "reset"]);
    throws(p.train(v(1.0)), &["training diverged", "reset"]);
    p.reset().unwrap();
    let r = p.step().unwrap();
    assert_eq!(get(&r, "diverged"), JsValue::FALSE);

    // a learning rate of 100 with relu
    let q = pg(
        r#"{"seed": 1, "problem": "regression", "activation": "relu",
        "hidden": [8, 8], "optimizer": {"learningRate": 100}}"#,
    );
    let r = q.train(v(20.0)).unwrap();
    assert_eq!(get(&r, "diverged"), JsValue::TRUE, "{}", stringify(&r));
    throws(q.step(), &["step: training diverged"]);
    q.reset().unwrap();
    q.set_config(js(r#"{"optimizer": {"learningRate": 0.01}}"#))
        .unwrap();
    assert_eq!(get(&q.train(v(1.0)).unwrap(), "diverged"), JsValue::FALSE);
}

#[wasm_bindgen_test]
fn predict_and_loss_by_problem() {
    let p = pg(SMALL);
    let out = p.predict(v(1.0), v(2.0)).unwrap();
    let out = out.as_f64().expect("a number for classification");
    assert!((-1.0..=1.0).contains(&out));
    let l = p.loss().unwrap();
    for k in ["train", "test", "trainAccuracy", "testAccuracy"] {
        assert!(num(&l, k).is_finite(), "{k}");
    }

    let m = pg(r#"{"seed": 2, "problem": "multiclass", "classes": 3}"#);
    let probs = m.predict(v(0.0), v(0.0)).unwrap();
    let probs = probs.dyn_into::<Float32Array>().expect("a Float32Array");
    assert_eq!(probs.length(), 3);
    let sum: f32 = probs.to_vec().iter().sum();
    assert!((sum - 1.0).abs() < 1e-5);

    let r = pg(r#"{"seed": 2, "problem": "regression"}"#);
    assert!(r.predict(v(0.0), v(0.0)).unwrap().as_f64().is_some());
    let l = r.loss().unwrap();
    assert!(get(&l, "trainAccuracy").is_null());
    assert!(get(&l, "testAccuracy").is_null());
}

// ----- points -----

#[wasm_bindgen_test]
fn points_edit_and_their_errors() {
    let p = pg(SMALL);
    let pts = p.points().unwrap();
    assert_eq!(array_len(&pts), 100);
    let first = Array::from(&pts).get(0);
    for k in ["x", "y", "label"] {
        assert!(num(&first, k).is_finite());
    }
    assert!(get(&first, "test").as_bool().is_some());

    let i = p
        .add_point(v(1.0), v(-1.0), v(1.0), JsValue::FALSE)
        .unwrap();
    assert_eq!(i, 100);
    let added = Array::from(&p.points().unwrap()).get(100);
    assert_eq!(
        stringify(&added),
        r#"{"x":1,"y":-1,"label":1,"test":false}"#
    );
    p.move_point(v(100.0), v(2.0), v(3.0)).unwrap();
    p.set_point_label(v(100.0), v(-1.0)).unwrap();
    let moved = Array::from(&p.points().unwrap()).get(100);
    assert_eq!(
        stringify(&moved),
        r#"{"x":2,"y":3,"label":-1,"test":false}"#
    );
    p.remove_point(v(100.0)).unwrap();
    assert_eq!(array_len(&p.points().unwrap()), 100);

    throws(
        p.move_point(v(100.0), v(0.0), v(0.0)),
        &["movePoint", "100", "out of range"],
    );
    throws(
        p.remove_point(v(100.0)),
        &["removePoint", "100", "out of range"],
    );
    throws(
        p.set_point_label(v(100.0), v(1.0)),
        &["setPointLabel", "100", "out of range"],
    );
    throws(
        p.move_point(v(-1.0), v(0.0), v(0.0)),
        &["movePoint: index", "-1"],
    );
    throws(
        p.move_point(v(0.5), v(0.0), v(0.0)),
        &["movePoint: index", "0.5"],
    );
    throws(
        p.move_point(v(0.0), v(7.0), v(0.0)),
        &["movePoint", "x", "7"],
    );
    throws(
        p.add_point(v(0.0), v(-9.0), v(1.0), JsValue::UNDEFINED),
        &["addPoint", "y", "-9"],
    );
    throws(
        p.add_point(v(0.0), v(0.0), v(0.5), JsValue::UNDEFINED),
        &["addPoint", "label", "+1 or -1"],
    );
    throws(
        p.set_point_label(v(0.0), v(2.0)),
        &["setPointLabel", "label", "2"],
    );

    let m = pg(r#"{"seed": 2, "problem": "multiclass", "classes": 3}"#);
    throws(
        m.add_point(v(0.0), v(0.0), v(3.0), JsValue::UNDEFINED),
        &["addPoint", "label", "0..3"],
    );
    m.add_point(v(0.0), v(0.0), v(2.0), JsValue::UNDEFINED)
        .unwrap();
    throws(
        m.add_point(v(0.0), v(0.0), v(1.0), v(1.0)),
        &["addPoint", "test"],
    );
    let forced = m.add_point(v(0.0), v(0.0), v(1.0), JsValue::TRUE).unwrap();
    let added = Array::from(&m.points().unwrap()).get(forced);
    assert_eq!(get(&added, "test").as_bool(), Some(true));

    // setPoints: checked, `test` optional; clearPoints
    p.set_points(js(
        r#"[{"x": 1, "y": 2, "label": 1}, {"x": -1, "y": 0, "label": -1, "test": true}]"#,
    ))
    .unwrap();
    let s = p.state().unwrap();
    assert_eq!(num(&s, "pointCount"), 2.0);
    assert_eq!(num(&s, "testCount"), 1.0);
    throws(
        p.set_points(js(
            r#"[{"x": 1, "y": 2, "label": 1}, {"x": 1, "y": 2, "label": "a"}]"#,
        )),
        &["setPoints", "points[1].label", "invalid type"],
    );
    throws(
        p.set_points(js(r#"[{"x": 1, "y": 2}]"#)),
        &["setPoints", "points[0]", "label"],
    );
    throws(
        p.set_points(js(r#"[{"x": 1, "y": 2, "label": 3}]"#)),
        &["setPoints", "label"],
    );
    throws(p.set_points(js("{}")), &["setPoints", "points"]);
    assert_eq!(num(&p.state().unwrap(), "pointCount"), 2.0);
    p.clear_points().unwrap();
    assert_eq!(array_len(&p.points().unwrap()), 0);
    throws(p.step(), &["step", "no training points"]);
    throws(p.gradients(), &["gradients", "no training points"]);
    assert_eq!(p.point_colors().unwrap().length(), 0);
}

// ----- the model -----

#[wasm_bindgen_test]
fn model_round_trips_and_wrong_shapes_are_named() {
    let p = pg(SMALL);
    let m = p.model().unwrap();
    let layers = Array::from(&get(&m, "layers"));
    assert_eq!(layers.length(), 3);
    let l0 = layers.get(0);
    assert_eq!(array_len(&get(&l0, "weights")), 4);
    assert_eq!(array_len(&Array::from(&get(&l0, "weights")).get(0)), 2);
    assert_eq!(array_len(&get(&l0, "biases")), 4);

    let text = stringify(&m);
    p.train(v(1.0)).unwrap();
    assert_ne!(stringify(&p.model().unwrap()), text);
    p.set_model(js(&text)).unwrap();
    assert_eq!(stringify(&p.model().unwrap()), text);
    // typed-array rows are read like arrays
    let typed = js(&text);
    let l0 = arr(&get(&typed, "layers")).get(0);
    let rows = arr(&get(&l0, "weights"));
    let row0 = Float32Array::from(&[0.5f32, -0.25][..]);
    rows.set(0, row0.into());
    p.set_model(typed).unwrap();
    let w = arr(&get(
        &arr(&get(&p.model().unwrap(), "layers")).get(0),
        "weights",
    ));
    assert_eq!(stringify(&w.get(0)), "[0.5,-0.25]");
    p.set_model(js(&text)).unwrap();

    // a missing row
    let short = js(&text);
    let w0 = arr(&get(&arr(&get(&short, "layers")).get(0), "weights"));
    w0.pop();
    throws(
        p.set_model(short),
        &["setModel", "layers[0].weights", "expected 4 rows, got 3"],
    );
    // a short row
    let short_row = js(&text);
    let w1 = arr(&get(&arr(&get(&short_row, "layers")).get(1), "weights"));
    arr(&w1.get(0)).pop();
    throws(
        p.set_model(short_row),
        &["setModel", "layers[1].weights[0]", "expected 4 values"],
    );
    // a missing layer, a wrong type, an unknown field
    throws(
        p.set_model(js(r#"{"layers": []}"#)),
        &["setModel", "expected 3 layers, got 0"],
    );
    throws(
        p.set_model(js(r#"{"layers": [{"weights": [["a"]], "biases": []}]}"#)),
        &["setModel", "model.layers[0].weights[0][0]", "invalid type"],
    );
    throws(p.set_model(js(r#"{"layer": []}"#)), &["setModel", "layer"]);
    assert_eq!(
        stringify(&p.model().unwrap()),
        text,
        "a failed setModel changes nothing"
    );

    p.set_weight(v(1.0), v(1.0), v(3.0), v(0.25)).unwrap();
    let w = Array::from(&get(
        &Array::from(&get(&p.model().unwrap(), "layers")).get(1),
        "weights",
    ));
    assert_eq!(Array::from(&w.get(1)).get(3).as_f64(), Some(0.25));
    throws(
        p.set_weight(v(0.0), v(9.0), v(0.0), v(1.0)),
        &["setWeight", "layer 0", "(9, 0)"],
    );
    throws(
        p.set_weight(v(0.0), v(0.0), v(2.0), v(1.0)),
        &["setWeight", "(0, 2)"],
    );
    throws(
        p.set_weight(v(3.0), v(0.0), v(0.0), v(1.0)),
        &["setWeight", "layer 3"],
    );
    throws(
        p.set_weight(v(-1.0), v(0.0), v(0.0), v(1.0)),
        &["setWeight: layer", "-1"],
    );
    throws(
        p.set_weight(v(0.0), v(0.0), v(0.0), v(f32::NAN)),
        &["setWeight", "finite"],
    );
}

#[wasm_bindgen_test]
fn gradients_have_the_model_shape_and_change_nothing() {
    let p = pg(SMALL);
    let before = stringify(&p.model().unwrap());
    let g = p.gradients().unwrap();
    assert_eq!(stringify(&p.model().unwrap()), before);
    let gl = Array::from(&get(&g, "layers"));
    let ml = Array::from(&get(&p.model().unwrap(), "layers"));
    assert_eq!(gl.length(), ml.length());
    for l in 0..gl.length() {
        let (a, b) = (gl.get(l), ml.get(l));
        assert_eq!(
            array_len(&get(&a, "weights")),
            array_len(&get(&b, "weights"))
        );
        assert_eq!(
            array_len(&Array::from(&get(&a, "weights")).get(0)),
            array_len(&Array::from(&get(&b, "weights")).get(0))
        );
        assert_eq!(array_len(&get(&a, "biases")), array_len(&get(&b, "biases")));
    }
    // the same minibatch twice: the same gradient; some of it non-zero
    assert_eq!(stringify(&p.gradients().unwrap()), stringify(&g));
    assert!(stringify(&g).chars().any(|c| ('1'..='9').contains(&c)));
}

#[wasm_bindgen_test]
fn activation_curves_for_teaching() {
    let p = pg(SMALL);
    let c = p
        .activation_curve(v("sigmoid"), v(-6.0), v(6.0), v(13.0))
        .unwrap();
    assert_eq!(array_len(&get(&c, "z")), 13);
    let a = Array::from(&get(&c, "a"));
    let slope = Array::from(&get(&c, "slope"));
    assert_eq!(a.get(6).as_f64(), Some(0.5));
    assert_eq!(slope.get(6).as_f64(), Some(0.25));
    throws(
        p.activation_curve(v("nope"), v(-1.0), v(1.0), v(5.0)),
        &["activationCurve", "unknown activation `nope`"],
    );
    throws(
        p.activation_curve(v("tanh"), v(-1.0), v(1.0), v(1.5)),
        &["activationCurve", "samples"],
    );
}

#[wasm_bindgen_test]
fn points_export_and_import_as_csv() {
    let p = pg(SMALL);
    p.add_point(v(1.5), v(-2.25), v(-1.0), JsValue::FALSE)
        .unwrap();
    let text = p.export_points().unwrap();
    assert!(text.starts_with("x,y,label,split\n"), "{text}");
    assert!(text.contains("\n1.5,-2.25,-1,train\n"), "{text}");
    let q = pg(SMALL);
    q.clear_points().unwrap();
    let n = q.import_points(v(&text)).unwrap();
    assert_eq!(n as usize, text.lines().count() - 1);
    assert_eq!(
        stringify(&q.points().unwrap()),
        stringify(&p.points().unwrap())
    );
    let before = stringify(&q.points().unwrap());
    throws(
        q.import_points(v("x,y,label\n1,1,1\n2,2,0.5\n")),
        &["importPoints", "line 3", "label"],
    );
    throws(
        q.import_points(v("1,oops,1\n")),
        &["importPoints", "line 1", "y `oops`"],
    );
    assert_eq!(
        stringify(&q.points().unwrap()),
        before,
        "a refused import changes nothing"
    );
}

#[wasm_bindgen_test]
fn backprop_shows_the_next_minibatch_and_changes_nothing() {
    let p = pg(SMALL);
    let before = stringify(&p.model().unwrap());
    let b = p.backprop().unwrap();
    assert_eq!(stringify(&p.model().unwrap()), before);
    assert_eq!(
        stringify(&get(&b, "gradients")),
        stringify(&p.gradients().unwrap())
    );
    let batch = Array::from(&get(&b, "batch"));
    let deltas = Array::from(&get(&b, "deltas"));
    assert!(batch.length() > 0);
    assert_eq!(
        deltas.length(),
        batch.length(),
        "one row of deltas per sample"
    );
    let layers = Array::from(&deltas.get(0));
    let sizes = Array::from(&p.layer_sizes().unwrap());
    assert_eq!(
        layers.length() + 1,
        sizes.length(),
        "every layer after the inputs"
    );
    for l in 0..layers.length() {
        assert_eq!(
            array_len(&layers.get(l)) as f64,
            sizes.get(l + 1).as_f64().unwrap()
        );
    }
    assert!(num(&b, "objective").is_finite());
    assert_eq!(array_len(&get(&b, "losses")), batch.length());
    assert_eq!(array_len(&get(&b, "outputs")), batch.length());
    p.clear_points().unwrap();
    throws(p.backprop(), &["backprop", "no training points"]);
}

// ----- pictures -----

#[wasm_bindgen_test]
fn grid_and_neurons_lengths_and_into_forms() {
    let p = pg(SMALL);
    let g = p.grid(v(10.0)).unwrap();
    assert_eq!(g.length(), 100);
    let out = Float32Array::new_with_length(100);
    p.grid_into(v(10.0), &out).unwrap();
    assert_eq!(out.to_vec(), g.to_vec());
    // the top-left cell is (-6, 6)
    assert_eq!(
        g.get_index(0),
        p.predict(v(-6.0), v(6.0)).unwrap().as_f64().unwrap() as f32
    );

    let n = p.neurons(v(10.0)).unwrap();
    assert_eq!(n.length(), 6 * 100);
    let out = Float32Array::new_with_length(600);
    p.neurons_into(v(10.0), &out).unwrap();
    assert_eq!(out.to_vec(), n.to_vec());

    throws(
        p.grid_into(v(10.0), &Float32Array::new_with_length(5)),
        &["gridInto", "5", "100"],
    );
    throws(
        p.neurons_into(v(10.0), &Float32Array::new_with_length(100)),
        &["neuronsInto", "600"],
    );
    throws(p.grid(v(1.0)), &["grid: resolution", "1"]);
    throws(p.grid(v(2.5)), &["grid: resolution", "2.5"]);
    throws(p.neurons(v(5000.0)), &["neurons: resolution", "5000"]);
    let not_f32: Float32Array = Uint8Array::new_with_length(100).unchecked_into();
    throws(
        p.grid_into(v(10.0), &not_f32),
        &["gridInto: out must be a Float32Array"],
    );

    let m = pg(r#"{"seed": 2, "problem": "multiclass", "classes": 5, "hidden": [3]}"#);
    assert_eq!(m.grid(v(8.0)).unwrap().length(), 5 * 64);
    assert_eq!(m.neurons(v(8.0)).unwrap().length(), 3 * 64);
    let none = pg(r#"{"seed": 2, "hidden": []}"#);
    assert_eq!(none.neurons(v(8.0)).unwrap().length(), 0);
    assert_eq!(none.neuron_pixels(v(8.0)).unwrap().length(), 0);
}

fn alpha_all_255(px: &[u8]) -> bool {
    px.chunks_exact(4).all(|p| p[3] == 255)
}

#[wasm_bindgen_test]
fn pixels_lengths_alpha_and_into_forms() {
    let p = pg(SMALL);
    let b = p.boundary_pixels(v(16.0), v(false)).unwrap().to_vec();
    assert_eq!(b.len(), 16 * 16 * 4);
    assert!(alpha_all_255(&b));
    assert_eq!(p.output_pixels(v(16.0)).unwrap().to_vec(), b);
    let out = Uint8ClampedArray::new_with_length(16 * 16 * 4);
    p.boundary_pixels_into(v(16.0), v(false), &out).unwrap();
    assert_eq!(out.to_vec(), b);
    // a plain Uint8Array works too
    let bytes = Uint8Array::new_with_length(16 * 16 * 4);
    p.boundary_pixels_into(v(16.0), v(false), bytes.unchecked_ref())
        .unwrap();
    assert_eq!(bytes.to_vec(), b);
    // discretized: only the two end colours
    let d = p.boundary_pixels(v(16.0), v(true)).unwrap().to_vec();
    let mut colours: Vec<&[u8]> = d.chunks_exact(4).collect();
    colours.sort();
    colours.dedup();
    assert!(colours.len() <= 2, "{colours:?}");
    throws(
        p.boundary_pixels_into(v(16.0), v(false), &Uint8ClampedArray::new_with_length(10)),
        &["boundaryPixelsInto", "10", "1024"],
    );
    let wrong: Uint8ClampedArray = Float32Array::new_with_length(1024).unchecked_into();
    throws(
        p.boundary_pixels_into(v(16.0), v(false), &wrong),
        &["boundaryPixelsInto: out must be a Uint8ClampedArray"],
    );
    throws(
        p.boundary_pixels(v(0.0), v(false)),
        &["boundaryPixels: resolution"],
    );

    let n = p.neuron_pixels(v(8.0)).unwrap().to_vec();
    assert_eq!(n.len(), 6 * 64 * 4);
    assert!(alpha_all_255(&n));
    let out = Uint8ClampedArray::new_with_length(6 * 64 * 4);
    p.neuron_pixels_into(v(8.0), &out).unwrap();
    assert_eq!(out.to_vec(), n);
    throws(
        p.neuron_pixels_into(v(8.0), &Uint8ClampedArray::new_with_length(64 * 4)),
        &["neuronPixelsInto", "1536"],
    );
    throws(p.neuron_pixels(v(-3.0)), &["neuronPixels: resolution"]);

    let f = p.feature_pixels(v(8.0)).unwrap().to_vec();
    assert_eq!(f.len(), 9 * 64 * 4);
    assert!(alpha_all_255(&f));
    // x1 and x2 are the same picture turned: they differ
    assert_ne!(&f[..256], &f[256..512]);
    throws(p.feature_pixels(v(1.0)), &["featurePixels: resolution"]);
    throws(
        p.output_pixels(v(1025.0)),
        &["outputPixels: resolution", "1025"],
    );

    let m = pg(r#"{"seed": 2, "problem": "multiclass", "classes": 4}"#);
    let px = m.boundary_pixels(v(12.0), v(false)).unwrap().to_vec();
    assert_eq!(px.len(), 12 * 12 * 4);
    assert!(alpha_all_255(&px));
    let r = pg(r#"{"seed": 2, "problem": "regression"}"#);
    assert!(alpha_all_255(
        &r.boundary_pixels(v(12.0), v(false)).unwrap().to_vec()
    ));
}

#[wasm_bindgen_test]
fn color_scale_and_point_colors() {
    let p = pg(SMALL);
    let s = p.color_scale(v(5.0)).unwrap().to_vec();
    assert_eq!(s.len(), 20);
    assert!(alpha_all_255(&s));
    assert_ne!(&s[..4], &s[16..]);
    throws(p.color_scale(v(0.0)), &["colorScale: n", "0"]);
    throws(p.color_scale(v(1.5)), &["colorScale: n", "1.5"]);

    let c = p.point_colors().unwrap().to_vec();
    assert_eq!(c.len(), 100 * 4);
    assert!(alpha_all_255(&c));
    let labels: Vec<f64> = Array::from(&p.points().unwrap())
        .iter()
        .map(|pt| num(&pt, "label"))
        .collect();
    // the same label, the same colour; the two labels, two colours
    let pos = labels.iter().position(|&l| l > 0.0).unwrap();
    let neg = labels.iter().position(|&l| l < 0.0).unwrap();
    for (i, &l) in labels.iter().enumerate() {
        let same = if l > 0.0 { pos } else { neg };
        assert_eq!(&c[i * 4..i * 4 + 4], &c[same * 4..same * 4 + 4]);
    }
    assert_ne!(&c[pos * 4..pos * 4 + 4], &c[neg * 4..neg * 4 + 4]);
    // colorScale's ends are the points' colours
    let ends = p.color_scale(v(2.0)).unwrap().to_vec();
    assert_eq!(&ends[..4], &c[neg * 4..neg * 4 + 4]);
    assert_eq!(&ends[4..], &c[pos * 4..pos * 4 + 4]);

    let m = pg(r#"{"seed": 2, "problem": "multiclass", "classes": 3}"#);
    let s = m.color_scale(v(3.0)).unwrap().to_vec();
    assert_eq!(s.len(), 12);
    assert!(s[..4] != s[4..8] && s[4..8] != s[8..12]);
}

#[wasm_bindgen_test]
fn trace_splits_by_layer() {
    let p = pg(r#"{"seed": 3, "features": ["x1", "x2", "x1x2"], "hidden": [4, 2]}"#);
    let t = p.trace(v(1.0), v(-2.0)).unwrap();
    assert_eq!(stringify(&get(&t, "inputs")), "[1,-2,-2]");
    let layers = Array::from(&get(&t, "layers"));
    let widths: Vec<u32> = layers.iter().map(|l| array_len(&get(&l, "a"))).collect();
    assert_eq!(widths, vec![4, 2, 1]);
    for l in layers.iter() {
        assert_eq!(array_len(&get(&l, "z")), array_len(&get(&l, "a")));
    }
    let out = Array::from(&get(&layers.get(2), "a"))
        .get(0)
        .as_f64()
        .unwrap();
    assert_eq!(out, p.predict(v(1.0), v(-2.0)).unwrap().as_f64().unwrap());
    // a hidden neuron's a is tanh of its z
    let h = layers.get(0);
    let (z, a) = (Array::from(&get(&h, "z")), Array::from(&get(&h, "a")));
    let (z0, a0) = (z.get(0).as_f64().unwrap(), a.get(0).as_f64().unwrap());
    assert!((z0.tanh() - a0).abs() < 1e-5);
}

// ----- drawing -----

#[wasm_bindgen_test]
fn draw_boundary_refuses_what_is_not_a_context() {
    let p = pg(SMALL);
    throws(
        p.draw_boundary(&js("{}"), v(10.0), v(false)),
        &["drawBoundary: ctx must be a CanvasRenderingContext2D"],
    );
    throws(
        p.draw_boundary(&JsValue::NULL, v(10.0), v(false)),
        &["drawBoundary: ctx"],
    );
}

#[wasm_bindgen_test]
fn draw_boundary_on_an_offscreen_canvas() {
    let has = Reflect::has(&js_sys::global(), &"OffscreenCanvas".into()).unwrap_or(false);
    if !has {
        return; // node: no canvas
    }
    let p = pg(SMALL);
    let canvas = web_sys::OffscreenCanvas::new(20, 20).unwrap();
    let ctx = canvas.get_context("2d").unwrap().expect("a 2d context");
    p.draw_boundary(&ctx, v(20.0), v(false)).unwrap();
    let ctx: web_sys::OffscreenCanvasRenderingContext2d = ctx.unchecked_into();
    let drawn = ctx.get_image_data(0.0, 0.0, 20.0, 20.0).unwrap().data().0;
    assert_eq!(
        drawn,
        p.boundary_pixels(v(20.0), v(false)).unwrap().to_vec()
    );
    throws(
        p.draw_boundary(&ctx, v(1.0), v(false)),
        &["drawBoundary: resolution"],
    );
}

#[wasm_bindgen_test]
fn draw_boundary_on_a_canvas() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return; // node, or a worker: no document
    };
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(12);
    canvas.set_height(12);
    let ctx = canvas.get_context("2d").unwrap().expect("a 2d context");
    let p = pg(SMALL);
    p.draw_boundary(&ctx, v(12.0), v(true)).unwrap();
    let ctx: web_sys::CanvasRenderingContext2d = ctx.unchecked_into();
    let drawn = ctx.get_image_data(0.0, 0.0, 12.0, 12.0).unwrap().data().0;
    assert_eq!(drawn, p.boundary_pixels(v(12.0), v(true)).unwrap().to_vec());
}
