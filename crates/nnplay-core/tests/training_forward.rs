//! `Trainer::next_training_forward`, the step-by-step view's training-mode
//! forward pass: it is what the next step computes (its outputs and losses
//! are backprop's to the bit, its masks the ones the step draws, its batch
//! statistics the ones the running estimates take), it changes nothing, its
//! numbers hold together (μ and σ² of the z's, x̂, γx̂ + β, the masks), and
//! over the JAX fixture's inputs it gives the fixture's batch statistics.

mod common;

use common::{activation, close, flat_params, loss, numbers, problem, rows, w_default};
use nnplay_core::batchnorm::{EPS, MOMENTUM};
use nnplay_core::trainer::TrainingForward;
use nnplay_core::{Config, Error, Head, Mlp, Point, Trainer};
use serde_json::Value;

fn trainer(config: &Config) -> Trainer {
    Trainer::new(config).expect("valid config")
}

fn both() -> Config {
    Config {
        hidden: vec![6, 5],
        dropout: 0.3,
        batch_norm: true,
        batch_size: 7,
        ..w_default()
    }
}

/// The pass's dropout masks in `Trainer::dropout_masks`'s order.
fn flat_masks(tf: &TrainingForward) -> Vec<f32> {
    let hidden = &tf.layers[..tf.layers.len() - 1];
    (0..tf.batch.len())
        .flat_map(|s| {
            hidden
                .iter()
                .flat_map(move |l| l.mask.as_ref().expect("a mask")[s].clone())
        })
        .collect()
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// The next minibatch's outputs and losses as backprop computes them.
fn backprop(t: &mut Trainer) -> (Vec<f32>, Vec<f32>) {
    let lay = t.layout().clone();
    let n = t.next_batch().len();
    let mut grad = vec![0.0; lay.param_count];
    let mut deltas = vec![0.0; n * (lay.neuron_count - lay.inputs())];
    let (mut outputs, mut losses) = (vec![0.0; n * lay.outputs()], vec![0.0; n]);
    t.next_backprop(&mut grad, &mut deltas, &mut outputs, &mut losses)
        .unwrap();
    (outputs, losses)
}

/// The running estimates the update makes of `old` and a batch's μ, σ² (the
/// core's formula, in f32).
fn moved(old: &[f32], batch: &[f32], unbias: f32) -> Vec<f32> {
    let m = MOMENTUM as f32;
    let keep = 1.0 - m;
    old.iter()
        .zip(batch)
        .map(|(&r, &v)| keep * r + m * (v * unbias))
        .collect()
}

#[test]
fn it_is_the_next_step_to_the_bit_and_changes_nothing() {
    for config in [
        both(),
        Config {
            dropout: 0.0,
            ..both()
        },
        Config {
            batch_norm: false,
            dropout: 0.5,
            ..both()
        },
    ] {
        let mut t = trainer(&config);
        // Thirty steps run over an epoch's end (a new shuffle, a new order).
        for _ in 0..30 {
            let tf = t.next_training_forward().unwrap();
            assert_eq!(tf, t.next_training_forward().unwrap(), "read twice");
            assert_eq!(tf.batch, t.next_batch());
            let (outputs, losses) = backprop(&mut t);
            let out = tf.layers.last().unwrap();
            let ours: Vec<f32> = out.a.iter().flatten().copied().collect();
            assert_eq!(bits(&ours), bits(&outputs), "outputs, {config:?}");
            assert_eq!(bits(&tf.losses), bits(&losses), "losses");
            let before = t.model();
            t.step().unwrap();
            if config.dropout > 0.0 {
                assert_eq!(bits(&flat_masks(&tf)), bits(t.dropout_masks()), "masks");
            } else {
                assert!(tf.layers.iter().all(|l| l.mask.is_none()));
            }
            // The update moved the running estimates by exactly this μ and σ².
            let n = tf.batch.len() as f64;
            let unbias = (n / (n - 1.0)) as f32;
            for (l, layer) in tf.layers.iter().enumerate() {
                let Some(norm) = &layer.norm else {
                    assert!(!config.batch_norm || l == tf.layers.len() - 1);
                    continue;
                };
                let old = before.layers[l].batch_norm.clone().unwrap();
                assert_eq!(norm.running_mean, old.running_mean);
                assert_eq!(norm.running_var, old.running_var);
                assert_eq!(norm.gamma, old.gamma);
                assert_eq!(norm.beta, old.beta);
                let new = t.model().layers[l].batch_norm.clone().unwrap();
                assert_eq!(new.running_mean, moved(&old.running_mean, &norm.mean, 1.0));
                assert_eq!(new.running_var, moved(&old.running_var, &norm.var, unbias));
            }
        }
    }
}

#[test]
fn its_numbers_hold_together() {
    let mut t = trainer(&both());
    t.train(1).unwrap();
    let tf = t.next_training_forward().unwrap();
    let n = tf.batch.len();
    assert_eq!((n, tf.dropout, tf.keep_scale), (7, 0.3, 1.0 / 0.7));
    assert_eq!((tf.eps, tf.momentum), (EPS, MOMENTUM));
    let model = t.model();
    let act = t.config().activation;
    let mut prev: Vec<Vec<f32>> = tf.inputs.clone();
    let mut dropped = 0;
    for (l, layer) in tf.layers.iter().enumerate() {
        let w = &model.layers[l].weights;
        let b = &model.layers[l].biases;
        for (s, z) in layer.z.iter().enumerate() {
            for (o, &z) in z.iter().enumerate() {
                let sum: f64 = w[o]
                    .iter()
                    .zip(&prev[s])
                    .map(|(&w, &a)| w as f64 * a as f64)
                    .sum::<f64>()
                    + b[o] as f64;
                assert!(
                    close(z as f64, sum, 1e-5, 1e-5),
                    "z[{l}][{s}][{o}] {z} vs {sum}"
                );
            }
        }
        if l == tf.layers.len() - 1 {
            assert!(layer.norm.is_none() && layer.mask.is_none());
            break;
        }
        let norm = layer.norm.as_ref().expect("batch norm");
        let mask = layer.mask.as_ref().expect("a mask");
        for o in 0..layer.z[0].len() {
            let zs: Vec<f64> = layer.z.iter().map(|z| z[o] as f64).collect();
            let mean = zs.iter().sum::<f64>() / n as f64;
            let var = zs.iter().map(|z| (z - mean) * (z - mean)).sum::<f64>() / n as f64;
            assert!(
                close(norm.mean[o] as f64, mean, 1e-5, 1e-6),
                "μ {} vs {mean}",
                norm.mean[o]
            );
            assert!(
                close(norm.var[o] as f64, var, 1e-4, 1e-6),
                "σ² {} vs {var}",
                norm.var[o]
            );
            for s in 0..n {
                let x = (zs[s] - mean) / (var + EPS).sqrt();
                assert!(
                    close(norm.xhat[s][o] as f64, x, 1e-3, 1e-4),
                    "x̂ {} vs {x}",
                    norm.xhat[s][o]
                );
                let y = norm.gamma[o] as f64 * norm.xhat[s][o] as f64 + norm.beta[o] as f64;
                assert!(close(norm.y[s][o] as f64, y, 1e-6, 1e-6));
                assert_eq!(layer.f[s][o], act.apply(norm.y[s][o]));
                let m = mask[s][o];
                assert!(m == 0.0 || m == tf.keep_scale, "{m}");
                dropped += (m == 0.0) as usize;
                assert_eq!(layer.a[s][o], layer.f[s][o] * m);
            }
        }
        prev = layer.a.clone();
    }
    assert!(dropped > 0, "some neuron of 7 × 11 is dropped at p = 0.3");
}

#[test]
fn without_batch_norm_or_dropout_it_is_the_trace_of_each_point() {
    let mut t = trainer(&Config {
        hidden: vec![4, 3],
        batch_size: 10,
        ..w_default()
    });
    t.train(1).unwrap();
    let tf = t.next_training_forward().unwrap();
    assert_eq!((tf.dropout, tf.keep_scale), (0.0, 1.0));
    let count = t.layout().neuron_count;
    let offsets = t.layout().neuron_offsets.clone();
    for (s, &i) in tf.batch.iter().enumerate() {
        let p = t.points()[i as usize];
        let (mut z, mut a) = (vec![0.0; count], vec![0.0; count]);
        t.trace_into(p.x, p.y, &mut z, &mut a).unwrap();
        assert_eq!(bits(&tf.inputs[s]), bits(&a[..offsets[1]]));
        for (l, layer) in tf.layers.iter().enumerate() {
            assert!(layer.norm.is_none() && layer.mask.is_none());
            let range = offsets[l + 1]..*offsets.get(l + 2).unwrap_or(&count);
            assert_eq!(bits(&layer.z[s]), bits(&z[range.clone()]), "z of layer {l}");
            if l + 1 < tf.layers.len() {
                assert_eq!(bits(&layer.a[s]), bits(&a[range]), "a of layer {l}");
            }
        }
    }
}

#[test]
fn it_refuses_what_the_step_refuses() {
    let mut t = trainer(&both());
    let lone = Point {
        x: 1.0,
        y: 2.0,
        label: 1.0,
        test: false,
    };
    t.set_points(&[lone]).unwrap();
    let e = t.next_training_forward().unwrap_err();
    assert!(
        matches!(&e, Error::Config { field, .. } if field == "batchSize"),
        "{e}"
    );
    assert!(t.step().is_err());
    t.set_points(&[]).unwrap();
    assert!(matches!(
        t.next_training_forward(),
        Err(Error::NoTrainingData)
    ));
}

#[test]
fn over_the_jax_fixture_it_gives_its_batch_statistics_and_outputs() {
    let all: Value =
        serde_json::from_str(include_str!("reference/norm.json")).expect("norm.json parses");
    let mut checked = 0;
    for v in all["forward"].as_array().unwrap() {
        let name = v["name"].as_str().unwrap();
        let sizes: Vec<usize> = numbers(&v["sizes"]).iter().map(|&s| s as usize).collect();
        let head = Head::new(
            problem(v["problem"].as_str().unwrap()),
            loss(v["loss"].as_str().unwrap()),
        );
        let mut mlp: Mlp<f32> =
            Mlp::zeros(&sizes, activation(v["activation"].as_str().unwrap()), head);
        if v["batchNorm"].as_bool().unwrap() {
            mlp = mlp.with_batch_norm();
        }
        let layers = v["model"]["layers"].as_array().unwrap();
        let mut model = mlp.model();
        for (l, layer) in layers.iter().enumerate() {
            let norm = &layer["batchNorm"];
            if norm.is_null() {
                continue;
            }
            let p = model.layers[l].batch_norm.as_mut().unwrap();
            let f = |k: &str| numbers(&norm[k]).iter().map(|&x| x as f32).collect();
            (p.gamma, p.beta) = (f("gamma"), f("beta"));
            (p.running_mean, p.running_var) = (f("runningMean"), f("runningVar"));
        }
        mlp.set_model(&model).unwrap();
        for (p, w) in mlp.params.iter_mut().zip(flat_params(&v["model"])) {
            *p = w as f32;
        }
        let f32s = |x: Vec<f64>| x.into_iter().map(|x| x as f32).collect::<Vec<f32>>();
        let inputs = f32s(rows(&v["inputs"]));
        let labels = f32s(numbers(&v["labels"]));
        let masks = (!v["masks"].is_null()).then(|| f32s(rows(&v["masks"])));
        let pass = mlp
            .training_forward(&inputs, &labels, masks.as_deref())
            .unwrap();
        let within = |what: &str, got: &[f32], want: &[f64]| {
            assert_eq!(got.len(), want.len(), "{name}: {what}");
            for (g, w) in got.iter().zip(want) {
                assert!(
                    close(*g as f64, *w, 1e-5, 1e-6),
                    "{name}: {what} {g} vs JAX {w}"
                );
            }
        };
        let out: Vec<f32> = pass
            .layers
            .last()
            .unwrap()
            .a
            .iter()
            .flatten()
            .copied()
            .collect();
        within("outputs", &out, &rows(&v["outputs"]));
        if mlp.norm.is_some() {
            let hidden = &pass.layers[..pass.layers.len() - 1];
            let stat = |f: fn(&nnplay_core::trainer::NormPass) -> &Vec<f32>| -> Vec<f32> {
                hidden
                    .iter()
                    .flat_map(|l| f(l.norm.as_ref().unwrap()).clone())
                    .collect()
            };
            within("batchMean", &stat(|n| &n.mean), &numbers(&v["batchMean"]));
            within("batchVar", &stat(|n| &n.var), &numbers(&v["batchVar"]));
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked} batch-norm cases");
}
