//! Helpers shared by the integration tests.
#![allow(dead_code)]

use nnplay_core::{
    Activation, Config, Head, LossKind, Mlp, OptimizerConfig, OptimizerKind, Problem, Real,
    Regularization, RegularizationKind,
};

pub fn problem(name: &str) -> Problem {
    match name {
        "classification" => Problem::Classification,
        "multiclass" => Problem::Multiclass,
        "regression" => Problem::Regression,
        other => panic!("unknown problem {other}"),
    }
}

pub fn loss(name: &str) -> LossKind {
    match name {
        "squared" => LossKind::Squared,
        "crossEntropy" => LossKind::CrossEntropy,
        "huber" => LossKind::Huber,
        other => panic!("unknown loss {other}"),
    }
}

pub fn regularization(kind: &str, rate: f64) -> Regularization {
    let kind = match kind {
        "none" => RegularizationKind::None,
        "l1" => RegularizationKind::L1,
        "l2" => RegularizationKind::L2,
        other => panic!("unknown regularization {other}"),
    };
    Regularization {
        kind,
        rate: rate as f32,
    }
}

pub fn activation(name: &str) -> Activation {
    Activation::from_name(name).unwrap_or_else(|| panic!("unknown activation {name}"))
}

/// A network of the given shape with parameters drawn from `seed`.
pub fn random_mlp<T: Real>(
    sizes: &[usize],
    activation: Activation,
    head: Head,
    seed: u64,
) -> Mlp<T> {
    let mut mlp = Mlp::zeros(sizes, activation, head);
    let mut rng = nnplay_core::Pcg32::new(seed, 99);
    for p in mlp.params.iter_mut() {
        *p = T::from_f64(rng.uniform(-0.8, 0.8));
    }
    mlp
}

/// |got - want| <= abs + rel |want|.
pub fn close(got: f64, want: f64, rel: f64, abs: f64) -> bool {
    (got - want).abs() <= abs + rel * want.abs()
}

pub fn w_default() -> Config {
    Config {
        seed: 42,
        ..Config::default()
    }
}

/// A JSON array of numbers (a fixture's values, written in full precision).
pub fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

/// A JSON matrix (an array of rows), row after row.
pub fn rows(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .expect("rows")
        .iter()
        .flat_map(numbers)
        .collect()
}

/// A fixture's model as the engine's flat parameters: every layer's
/// weights (row by row), then every layer's biases.
pub fn flat_params(model: &serde_json::Value) -> Vec<f64> {
    let layers = model["layers"].as_array().expect("layers");
    let mut params: Vec<f64> = layers.iter().flat_map(|l| rows(&l["weights"])).collect();
    params.extend(layers.iter().flat_map(|l| numbers(&l["biases"])));
    params
}

/// A fixture's optimizer (`{kind, learningRate, momentum, beta1, beta2, rho, eps}`).
pub fn optimizer_config(v: &serde_json::Value) -> OptimizerConfig {
    let kind = match v["kind"].as_str().unwrap() {
        "sgd" => OptimizerKind::Sgd,
        "momentum" => OptimizerKind::Momentum,
        "nesterov" => OptimizerKind::Nesterov,
        "rmsprop" => OptimizerKind::Rmsprop,
        "adam" => OptimizerKind::Adam,
        other => panic!("unknown optimizer {other}"),
    };
    let f = |key: &str| v[key].as_f64().unwrap() as f32;
    OptimizerConfig {
        kind,
        learning_rate: f("learningRate"),
        momentum: f("momentum"),
        beta1: f("beta1"),
        beta2: f("beta2"),
        rho: f("rho"),
        eps: f("eps"),
    }
}

/// A fixture case: the network (with its batch-norm state, if any) at the
/// fixture's weights, its data and its penalty.
pub struct Case<T> {
    pub name: String,
    pub mlp: Mlp<T>,
    pub regularization: Regularization,
    pub inputs: Vec<T>,
    pub labels: Vec<T>,
}

/// Reads a case of reference/fixtures.json, norm.json or saturated.json;
/// every weight is exact in f32, so the f32 and f64 engines start alike.
pub fn case<T: Real>(v: &serde_json::Value) -> Case<T> {
    let sizes: Vec<usize> = numbers(&v["sizes"]).iter().map(|&s| s as usize).collect();
    let head = Head::new(
        problem(v["problem"].as_str().unwrap()),
        loss(v["loss"].as_str().unwrap()),
    );
    let mut mlp = Mlp::zeros(&sizes, activation(v["activation"].as_str().unwrap()), head);
    if v["batchNorm"].as_bool().unwrap_or(false) {
        mlp = mlp.with_batch_norm();
        let norm = mlp.norm.as_mut().unwrap();
        let h = norm.hidden();
        let set = |dst: &mut [T], key: &str| {
            let src = norm_field(&v["model"], key);
            assert_eq!(dst.len(), src.len(), "{}: {key}", v["name"]);
            for (d, &s) in dst.iter_mut().zip(&src) {
                *d = T::from_f64(s);
            }
        };
        set(&mut norm.affine[..h], "gamma");
        set(&mut norm.affine[h..], "beta");
        set(&mut norm.running_mean, "runningMean");
        set(&mut norm.running_var, "runningVar");
    }
    let params = flat_params(&v["model"]);
    assert_eq!(params.len(), mlp.params.len(), "{}", v["name"]);
    for (p, &w) in mlp.params.iter_mut().zip(&params) {
        assert_eq!((w as f32) as f64, w, "fixture values are exact in f32");
        *p = T::from_f64(w);
    }
    let reg = &v["regularization"];
    Case {
        name: v["name"].as_str().unwrap().to_string(),
        mlp,
        regularization: regularization(
            reg["kind"].as_str().unwrap(),
            reg["rate"].as_f64().unwrap(),
        ),
        inputs: rows(&v["inputs"]).into_iter().map(T::from_f64).collect(),
        labels: numbers(&v["labels"]).into_iter().map(T::from_f64).collect(),
    }
}

/// One batch-norm field of every hidden layer of a fixture's model, in
/// neuron order.
pub fn norm_field(model: &serde_json::Value, key: &str) -> Vec<f64> {
    let layers = model["layers"].as_array().unwrap();
    layers
        .iter()
        .filter(|l| !l["batchNorm"].is_null())
        .flat_map(|l| numbers(&l["batchNorm"][key]))
        .collect()
}
