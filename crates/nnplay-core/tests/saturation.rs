//! The engine where units saturate (|z| up to 15, tanh and sigmoid within
//! 1e-13 of their limits), against JAX in f64 (tests/reference/saturated.json,
//! made by make_fixtures.py): every sample's dLoss/dz of every neuron within
//! 1e-3 relative, on every head and through hidden tanh and sigmoid, and
//! Adam and RMSprop trajectories from saturated starts within 1e-4 relative.

mod common;

use common::{case, close, flat_params, numbers, optimizer_config, Case};
use nnplay_core::kernel::{Workspace, LANES};
use nnplay_core::optimizer::Optimizer;
use serde_json::Value;

/// Per-sample dLoss/dz, relative to f64.
const DELTA_REL: f64 = 1e-3;
/// Trajectories, relative to f64 (with a floor far below any parameter).
const TRAJ_REL: f64 = 1e-4;
const TRAJ_ABS: f64 = 1e-7;

fn fixtures() -> Value {
    serde_json::from_str(include_str!("reference/saturated.json")).expect("saturated.json parses")
}

/// The engine's per-sample dLoss/dz of every non-input neuron, `[sample][neuron]`.
fn engine_deltas(c: &Case<f32>) -> Vec<Vec<f32>> {
    let width = c.mlp.layout.inputs();
    let neurons = c.mlp.layout.neuron_count;
    let mut ws = Workspace::new(&c.mlp);
    let mut grad = vec![0.0f32; c.mlp.params.len()];
    let mut deltas = vec![Vec::new(); c.labels.len()];
    c.mlp.batch_gradient(
        &mut ws,
        c.labels.len(),
        &c.regularization,
        &mut grad,
        |s, lane, ws| {
            for (row, &x) in ws.a.iter_mut().zip(&c.inputs[s * width..][..width]) {
                row[lane] = x;
            }
            ws.labels[lane] = c.labels[s];
        },
        |ws, first, active| {
            assert!(active <= LANES);
            for lane in 0..active {
                deltas[first + lane] = ws.delta[width..neurons].iter().map(|d| d[lane]).collect();
            }
        },
    );
    deltas
}

#[test]
fn saturated_deltas_match_jax_per_sample_on_every_head() {
    let all = fixtures();
    let cases = all["forward"].as_array().unwrap();
    let mut heads = std::collections::BTreeSet::new();
    let mut hidden = std::collections::BTreeSet::new();
    let (mut checked, mut worst, mut deepest) = (0, 0.0f64, 0.0f64);
    for v in cases {
        let c = case(v);
        heads.insert(format!("{:?}", c.mlp.head));
        if c.mlp.layout.layers() > 1 {
            hidden.insert(c.mlp.activation.name());
        }
        let z: Vec<Vec<f64>> = v["z"].as_array().unwrap().iter().map(numbers).collect();
        let want: Vec<Vec<f64>> = v["deltas"]
            .as_array()
            .unwrap()
            .iter()
            .map(numbers)
            .collect();
        for (s, got) in engine_deltas(&c).iter().enumerate() {
            assert_eq!(got.len(), want[s].len(), "{}", c.name);
            for (n, (&g, &w)) in got.iter().zip(&want[s]).enumerate() {
                let rel = (g as f64 - w).abs() / w.abs();
                assert!(
                    rel <= DELTA_REL,
                    "{}: sample {s} neuron {n} (z = {}): dLoss/dz = {g:e}, JAX says {w:e} ({rel:.1e} relative)",
                    c.name,
                    z[s][n]
                );
                worst = worst.max(rel);
                deepest = deepest.max(z[s][n].abs());
                checked += 1;
            }
        }
    }
    assert_eq!(heads.len(), 5, "every head: {heads:?}");
    assert_eq!(hidden.len(), 2, "hidden tanh and sigmoid: {hidden:?}");
    assert!(deepest > 14.0, "units as deep as |z| = {deepest}");
    println!("{checked} per-sample deltas, |z| up to {deepest:.2}: worst {worst:.1e} relative");
}

#[test]
fn adam_and_rmsprop_from_saturated_starts_follow_optax() {
    let all = fixtures();
    let trajectories = all["trajectories"].as_array().unwrap();
    let mut kinds = std::collections::BTreeSet::new();
    let mut worst = 0.0f64;
    for v in trajectories {
        let mut c = case(v);
        kinds.insert(v["optimizer"]["kind"].as_str().unwrap().to_string());
        let mut optimizer = Optimizer::new(optimizer_config(&v["optimizer"]), c.mlp.params.len());
        let mut ws = Workspace::new(&c.mlp);
        let mut grad = vec![0.0f32; c.mlp.params.len()];
        let objectives = numbers(&v["objectives"]);
        let models = v["models"].as_array().unwrap();
        assert_eq!(objectives.len(), 25);
        for (t, (&want_objective, model)) in objectives.iter().zip(models).enumerate() {
            let batch = c.mlp.gradient_of_inputs(
                &mut ws,
                &c.inputs,
                &c.labels,
                &c.regularization,
                &mut grad,
            );
            assert!(
                close(batch.objective, want_objective, TRAJ_REL, 0.0),
                "{} step {t}: objective {} vs {want_objective}",
                c.name,
                batch.objective
            );
            optimizer.update(&mut c.mlp.params, &grad);
            for (i, (&g, w)) in c.mlp.params.iter().zip(flat_params(model)).enumerate() {
                assert!(
                    close(g as f64, w, TRAJ_REL, TRAJ_ABS),
                    "{} after step {}: param {i} = {g}, optax says {w}",
                    c.name,
                    t + 1
                );
                worst = worst.max((g as f64 - w).abs() / w.abs().max(1e-3));
            }
        }
    }
    assert_eq!(kinds.len(), 2, "Adam and RMSprop: {kinds:?}");
    println!(
        "{} trajectories: worst {worst:.1e} relative",
        trajectories.len()
    );
}
