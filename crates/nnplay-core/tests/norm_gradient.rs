//! The coupled pass's gradient (batch norm and dropout) against f64 central
//! finite differences of its own objective, for every activation and head:
//! weights, biases, γ and β, over a minibatch that spans two blocks.

// Index loops over parameters read like the perturbation they make.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{close, random_mlp};
use nnplay_core::config::MAX_CLASSES;
use nnplay_core::coupled::Coupled;
use nnplay_core::kernel::Workspace;
use nnplay_core::{Activation, Head, Mlp, Pcg32, Regularization, RegularizationKind};

const N: usize = 21;

fn objective(
    mlp: &Mlp<f64>,
    x: &[f64],
    y: &[f64],
    masks: Option<&[f64]>,
) -> (f64, Vec<f64>, Vec<f64>) {
    let mut ws = Workspace::new(mlp);
    let mut cp = Coupled::new();
    let mut grad = vec![0.0; mlp.params.len()];
    let reg = Regularization {
        kind: RegularizationKind::L2,
        rate: 0.01,
    };
    let b = mlp
        .coupled_gradient_of_inputs(&mut cp, &mut ws, x, y, masks, &reg, &mut grad, None)
        .unwrap();
    (b.objective, grad, cp.norm_grad.clone())
}

#[test]
fn coupled_backprop_matches_central_differences() {
    let heads = [
        Head::TanhSquared,
        Head::SigmoidCrossEntropy,
        Head::SoftmaxCrossEntropy,
        Head::LinearSquared,
        Head::LinearHuber,
    ];
    let mut checked = 0;
    for (a, &activation) in Activation::ALL.iter().enumerate() {
        let head = heads[a % heads.len()];
        let outputs = if head == Head::SoftmaxCrossEntropy {
            3
        } else {
            1
        };
        assert!(outputs <= MAX_CLASSES);
        for (batch_norm, dropout) in [(true, false), (false, true), (true, true)] {
            let seed = (a * 10 + batch_norm as usize * 2 + dropout as usize) as u64;
            let sizes = [3, 5, 4, outputs];
            let mut mlp: Mlp<f64> = random_mlp(&sizes, activation, head, seed);
            let mut rng = Pcg32::new(seed, 17);
            if batch_norm {
                mlp = mlp.with_batch_norm();
                for v in &mut mlp.norm.as_mut().unwrap().affine {
                    *v = rng.uniform(-1.2, 1.2);
                }
            }
            let x: Vec<f64> = (0..N * 3).map(|_| rng.uniform(-2.0, 2.0)).collect();
            let y: Vec<f64> = (0..N)
                .map(|_| match head {
                    Head::SoftmaxCrossEntropy => rng.below(3) as f64,
                    Head::TanhSquared | Head::SigmoidCrossEntropy => {
                        if rng.next_f64() < 0.5 {
                            -1.0
                        } else {
                            1.0
                        }
                    }
                    _ => rng.uniform(-2.5, 2.5),
                })
                .collect();
            let masks: Option<Vec<f64>> = dropout.then(|| {
                (0..N * 9)
                    .map(|_| if rng.next_f64() < 0.3 { 0.0 } else { 1.0 / 0.7 })
                    .collect()
            });
            let m = masks.as_deref();
            let (_, grad, norm_grad) = objective(&mlp, &x, &y, m);
            let h = 1e-6;
            let name = format!("{activation:?}/{head:?}/bn {batch_norm}/dropout {dropout}");
            for i in 0..mlp.params.len() {
                let mut p = mlp.clone();
                p.params[i] += h;
                let up = objective(&p, &x, &y, m).0;
                p.params[i] -= 2.0 * h;
                let down = objective(&p, &x, &y, m).0;
                let fd = (up - down) / (2.0 * h);
                assert!(
                    close(grad[i], fd, 1e-5, 1e-7),
                    "{name}: param {i}: {} vs {fd}",
                    grad[i]
                );
                checked += 1;
            }
            let affine = mlp.norm.as_ref().map_or(0, |n| n.affine.len());
            for j in 0..affine {
                let mut p = mlp.clone();
                p.norm.as_mut().unwrap().affine[j] += h;
                let up = objective(&p, &x, &y, m).0;
                p.norm.as_mut().unwrap().affine[j] -= 2.0 * h;
                let down = objective(&p, &x, &y, m).0;
                let fd = (up - down) / (2.0 * h);
                let g = norm_grad[j];
                assert!(close(g, fd, 1e-5, 1e-7), "{name}: γ/β {j}: {g} vs {fd}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}
