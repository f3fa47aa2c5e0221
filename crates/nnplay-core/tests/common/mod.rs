//! Helpers shared by the integration tests.
#![allow(dead_code)]

use nnplay_core::{
    Activation, Config, Head, LossKind, Mlp, Problem, Real, Regularization, RegularizationKind,
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
