//! Batch normalization and dropout against JAX and optax
//! (tests/reference/norm.json, made by make_fixtures.py --norm-only): the
//! training pass's outputs, loss, gradients (γ and β included) and batch
//! statistics with the fixture's own dropout masks, evaluation with the
//! running estimates, and 25-step trajectories of every optimizer with the
//! running estimates along.

mod common;

use common::{case, close, flat_params, norm_field, numbers, optimizer_config, rows};
use nnplay_core::coupled::Coupled;
use nnplay_core::kernel::Workspace;
use nnplay_core::optimizer::Optimizer;
use nnplay_core::Real;
use serde_json::Value;

const REL: f64 = 1e-5;
const ABS: f64 = 1e-6;

fn fixtures() -> Value {
    serde_json::from_str(include_str!("reference/norm.json")).expect("norm.json parses")
}

fn masks<T: Real>(v: &Value) -> Option<Vec<T>> {
    (!v.is_null()).then(|| rows(v).into_iter().map(T::from_f64).collect())
}

fn assert_within<T: Real>(what: &str, name: &str, got: &[T], want: &[f64], rel: f64, abs: f64) {
    assert_eq!(got.len(), want.len(), "{name}: {what} length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            close(g.to_f64(), w, rel, abs),
            "{name}: {what}[{i}] = {g:?}, JAX says {w}"
        );
    }
}

fn check_forward<T: Real>(rel: f64, abs: f64) {
    let all = fixtures();
    let cases = all["forward"].as_array().unwrap();
    assert!(cases.len() >= 9);
    let (mut with_bn, mut with_dropout) = (0, 0);
    for v in cases {
        let mut c = case::<T>(v);
        let n = c.labels.len();
        assert!(n > 16, "the statistics span more than one block");
        let k = c.mlp.layout.outputs();
        let mut ws = Workspace::new(&c.mlp);
        let mut cp = Coupled::new();
        let mut grad = vec![T::ZERO; c.mlp.params.len()];
        let mut out = vec![T::ZERO; n * k];
        let m = masks::<T>(&v["masks"]);
        with_dropout += m.is_some() as usize;
        let batch = c
            .mlp
            .coupled_gradient_of_inputs(
                &mut cp,
                &mut ws,
                &c.inputs,
                &c.labels,
                m.as_deref(),
                &c.regularization,
                &mut grad,
                Some(&mut out),
            )
            .unwrap();
        let name = &c.name;
        assert_within("outputs", name, &out, &rows(&v["outputs"]), rel, abs);
        let want = v["meanLoss"].as_f64().unwrap();
        assert!(
            close(batch.loss, want, rel, abs),
            "{name}: loss {} vs {want}",
            batch.loss
        );
        let want = v["objective"].as_f64().unwrap();
        let got = batch.objective;
        assert!(
            close(got, want, rel, abs),
            "{name}: objective {got} vs {want}"
        );
        let g = &v["gradients"];
        assert_within("gradient", name, &grad, &flat_params(g), rel, abs);
        // Evaluation: the running estimates, no masks.
        let mut eval = vec![T::ZERO; n * k];
        c.mlp
            .outputs_of_inputs(&mut ws, &c.inputs, &c.labels, &mut eval);
        assert_within(
            "evalOutputs",
            name,
            &eval,
            &rows(&v["evalOutputs"]),
            rel,
            abs,
        );
        let Some(norm) = c.mlp.norm.as_mut() else {
            continue;
        };
        with_bn += 1;
        let mut want_affine = norm_field(g, "gamma");
        want_affine.extend(norm_field(g, "beta"));
        assert_within("d(γ, β)", name, &cp.norm_grad, &want_affine, rel, abs);
        assert_within(
            "batchMean",
            name,
            &cp.mean,
            &numbers(&v["batchMean"]),
            rel,
            abs,
        );
        assert_within(
            "batchVar",
            name,
            &cp.var,
            &numbers(&v["batchVar"]),
            rel,
            abs,
        );
        norm.update_running(&cp.mean, &cp.var, n);
        let want = numbers(&v["runningMean"]);
        assert_within("runningMean", name, &norm.running_mean, &want, rel, abs);
        let want = numbers(&v["runningVar"]);
        assert_within("runningVar", name, &norm.running_var, &want, rel, abs);
    }
    assert!(
        with_bn >= 5 && with_dropout >= 5,
        "{with_bn} bn, {with_dropout} dropout"
    );
}

#[test]
fn training_pass_with_batch_norm_and_dropout_matches_jax() {
    check_forward::<f32>(REL, ABS);
}

#[test]
fn the_f64_engine_matches_jax_closely() {
    check_forward::<f64>(1e-10, 1e-12);
    // The trajectories' hyperparameters are f32-exact in the fixture.
    // (JAX's own f64 noise in a bias before batch norm, whose true
    // gradient is 0, reaches 1e-11 under Adam.)
    check_trajectories::<f64>(1e-9, 1e-10);
}

fn check_trajectories<T: Real>(rel: f64, abs: f64) {
    let all = fixtures();
    let mut kinds = std::collections::BTreeSet::new();
    for v in all["trajectories"].as_array().unwrap() {
        let mut c = case::<T>(v);
        let config = optimizer_config(&v["optimizer"]);
        kinds.insert(v["optimizer"]["kind"].as_str().unwrap().to_string());
        let mut optimizer = Optimizer::new(config, c.mlp.params.len());
        let affine = c.mlp.norm.as_ref().map_or(0, |n| n.affine.len());
        let mut norm_optimizer = Optimizer::new(config, affine);
        let mut ws = Workspace::new(&c.mlp);
        let mut cp = Coupled::new();
        let mut grad = vec![T::ZERO; c.mlp.params.len()];
        let objectives = numbers(&v["objectives"]);
        let models = v["models"].as_array().unwrap();
        assert_eq!(objectives.len(), 25);
        for (t, (want_objective, want)) in objectives.iter().zip(models).enumerate() {
            let m = masks::<T>(&v["masks"][t]);
            let batch = c
                .mlp
                .coupled_gradient_of_inputs(
                    &mut cp,
                    &mut ws,
                    &c.inputs,
                    &c.labels,
                    m.as_deref(),
                    &c.regularization,
                    &mut grad,
                    None,
                )
                .unwrap();
            let name = format!("{} step {t}", c.name);
            assert!(
                close(batch.objective, *want_objective, rel, abs),
                "{name}: objective {} vs {want_objective}",
                batch.objective
            );
            optimizer.update(&mut c.mlp.params, &grad);
            assert_within("params", &name, &c.mlp.params, &flat_params(want), rel, abs);
            if let Some(norm) = c.mlp.norm.as_mut() {
                norm_optimizer.update(&mut norm.affine, &cp.norm_grad);
                norm.update_running(&cp.mean, &cp.var, c.labels.len());
                let h = norm.hidden();
                let pairs = [
                    ("gamma", &norm.affine[..h]),
                    ("beta", &norm.affine[h..]),
                    ("runningMean", &norm.running_mean[..]),
                    ("runningVar", &norm.running_var[..]),
                ];
                for (key, got) in pairs {
                    assert_within(key, &name, got, &norm_field(want, key), rel, abs);
                }
            }
        }
    }
    assert_eq!(kinds.len(), 5, "every optimizer: {kinds:?}");
}

#[test]
fn trajectories_with_batch_norm_and_dropout_match_optax() {
    check_trajectories::<f32>(REL, ABS);
}
