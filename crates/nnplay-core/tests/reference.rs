//! The engine against reference values computed by JAX and optax
//! (tests/reference/make_fixtures.py; the JSON is committed, CI needs no
//! Python): forward outputs, losses and gradients for every activation x loss
//! x regularization, and 25-step trajectories of every optimizer.

mod common;

use common::{case, close, flat_params, numbers, optimizer_config};
use nnplay_core::kernel::Workspace;
use nnplay_core::optimizer::Optimizer;
use nnplay_core::Real;
use serde_json::Value;

const REL: f64 = 1e-5;
const ABS: f64 = 1e-6;

fn fixtures() -> Value {
    let text = include_str!("reference/fixtures.json");
    serde_json::from_str(text).expect("fixtures.json parses")
}

fn assert_all_close<T: Real>(what: &str, name: &str, got: &[T], want: &[f64]) {
    assert_all_within(what, name, got, want, REL, ABS)
}

fn assert_all_within<T: Real>(what: &str, name: &str, got: &[T], want: &[f64], rel: f64, abs: f64) {
    assert_eq!(got.len(), want.len(), "{name}: {what} length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            close(g.to_f64(), w, rel, abs),
            "{name}: {what}[{i}] = {g:?}, JAX says {w}"
        );
    }
}

#[test]
fn forward_losses_and_gradients_match_jax() {
    let all = fixtures();
    let cases = all["forward"].as_array().unwrap();
    assert_eq!(cases.len(), 135, "every activation x loss x regularization");
    for v in cases {
        let c = case::<f32>(v);
        let mut ws = Workspace::new(&c.mlp);
        let k = c.mlp.layout.outputs();
        let mut out = vec![0.0f32; c.labels.len() * k];
        let mean = c
            .mlp
            .outputs_of_inputs(&mut ws, &c.inputs, &c.labels, &mut out);
        let want_out: Vec<f64> = v["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(numbers)
            .collect();
        assert_all_close("outputs", &c.name, &out, &want_out);
        let want_loss = v["meanLoss"].as_f64().unwrap();
        assert!(
            close(mean, want_loss, REL, ABS),
            "{}: loss {mean} vs {want_loss}",
            c.name
        );

        let mut grad = vec![0.0f32; c.mlp.params.len()];
        let batch =
            c.mlp
                .gradient_of_inputs(&mut ws, &c.inputs, &c.labels, &c.regularization, &mut grad);
        let want_objective = v["objective"].as_f64().unwrap();
        assert!(
            close(batch.objective, want_objective, REL, ABS),
            "{}: objective {} vs {want_objective}",
            c.name,
            batch.objective
        );
        assert_all_close("gradient", &c.name, &grad, &flat_params(&v["gradients"]));
    }
}

/// Runs every trajectory with the engine over `T`, comparing every step.
fn check_trajectories<T: Real>(rel: f64, abs: f64) {
    let all = fixtures();
    let trajectories = all["trajectories"].as_array().unwrap();
    let mut kinds = std::collections::BTreeSet::new();
    let mut zero_hidden = 0;
    for v in trajectories {
        let mut c = case::<T>(v);
        let config = optimizer_config(&v["optimizer"]);
        kinds.insert(v["optimizer"]["kind"].as_str().unwrap().to_string());
        if c.mlp.layout.layers() == 1 {
            zero_hidden += 1;
        }
        let mut optimizer = Optimizer::new(config, c.mlp.params.len());
        let mut ws = Workspace::new(&c.mlp);
        let mut grad = vec![T::ZERO; c.mlp.params.len()];
        let objectives = numbers(&v["objectives"]);
        let models = v["models"].as_array().unwrap();
        assert_eq!(objectives.len(), 25);
        for (t, (want_objective, want_model)) in objectives.iter().zip(models).enumerate() {
            let batch = c.mlp.gradient_of_inputs(
                &mut ws,
                &c.inputs,
                &c.labels,
                &c.regularization,
                &mut grad,
            );
            assert!(
                close(batch.objective, *want_objective, rel, abs),
                "{} step {t}: objective {} vs {want_objective}",
                c.name,
                batch.objective
            );
            optimizer.update(&mut c.mlp.params, &grad);
            let step = format!("params after step {}", t + 1);
            assert_all_within(
                &step,
                &c.name,
                &c.mlp.params,
                &flat_params(want_model),
                rel,
                abs,
            );
        }
    }
    assert_eq!(kinds.len(), 5, "every optimizer: {kinds:?}");
    assert!(
        zero_hidden >= 5,
        "a zero-hidden-layer network for every optimizer"
    );
}

/// The engine as it runs (f32) follows optax within the contract's tolerance.
#[test]
fn optimizer_trajectories_match_optax() {
    check_trajectories::<f32>(REL, ABS);
}
