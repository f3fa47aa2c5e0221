//! Backpropagation against central finite differences in f64, for every
//! activation x loss x regularization on random networks.

mod common;

use common::{close, random_mlp};
use nnplay_core::kernel::Workspace;
use nnplay_core::{
    Activation, Head, LossKind, Mlp, Pcg32, Problem, Real, Regularization, RegularizationKind,
};

const HEADS: [(Problem, LossKind); 5] = [
    (Problem::Classification, LossKind::Squared),
    (Problem::Classification, LossKind::CrossEntropy),
    (Problem::Multiclass, LossKind::CrossEntropy),
    (Problem::Regression, LossKind::Squared),
    (Problem::Regression, LossKind::Huber),
];

const PENALTIES: [RegularizationKind; 3] = [
    RegularizationKind::None,
    RegularizationKind::L1,
    RegularizationKind::L2,
];

/// Random inputs and labels fitting the head.
fn batch<T: Real>(
    head: Head,
    inputs: usize,
    outputs: usize,
    n: usize,
    seed: u64,
) -> (Vec<T>, Vec<T>) {
    let mut rng = Pcg32::new(seed, 5);
    let x = (0..n * inputs)
        .map(|_| T::from_f64(rng.uniform(-2.0, 2.0)))
        .collect();
    let y = (0..n)
        .map(|_| {
            T::from_f64(match head {
                Head::TanhSquared | Head::SigmoidCrossEntropy => {
                    if rng.next_f64() < 0.5 {
                        -1.0
                    } else {
                        1.0
                    }
                }
                Head::SoftmaxCrossEntropy => rng.below(outputs as u32) as f64,
                // Wide enough that Huber sees both of its pieces.
                Head::LinearSquared | Head::LinearHuber => rng.uniform(-2.5, 2.5),
            })
        })
        .collect();
    (x, y)
}

fn objective(mlp: &Mlp<f64>, x: &[f64], y: &[f64], reg: &Regularization) -> f64 {
    let mut ws = Workspace::new(mlp);
    let mut grad = vec![0.0; mlp.params.len()];
    mlp.gradient_of_inputs(&mut ws, x, y, reg, &mut grad)
        .objective
}

#[test]
fn backprop_matches_central_differences_for_every_combination() {
    let mut checked = 0;
    for (a, &activation) in Activation::ALL.iter().enumerate() {
        for (h, &(problem, loss)) in HEADS.iter().enumerate() {
            for (r, &kind) in PENALTIES.iter().enumerate() {
                let seed = (a * 100 + h * 10 + r) as u64;
                let head = Head::new(problem, loss);
                let outputs = if problem == Problem::Multiclass { 3 } else { 1 };
                // Three hidden layers so every activation's derivative is
                // chained through several layers; 11 samples span two blocks.
                let sizes = [3, 5, 4, 3, outputs];
                let mlp: Mlp<f64> = random_mlp(&sizes, activation, head, seed);
                let (x, y) = batch::<f64>(head, 3, outputs, 11, seed);
                let reg = Regularization { kind, rate: 0.05 };

                let mut ws = Workspace::new(&mlp);
                let mut grad = vec![0.0; mlp.params.len()];
                mlp.gradient_of_inputs(&mut ws, &x, &y, &reg, &mut grad);

                let step = 1e-6;
                for (p, &analytic) in grad.iter().enumerate() {
                    let mut plus = mlp.clone();
                    plus.params[p] += step;
                    let mut minus = mlp.clone();
                    minus.params[p] -= step;
                    let numeric = (objective(&plus, &x, &y, &reg)
                        - objective(&minus, &x, &y, &reg))
                        / (2.0 * step);
                    assert!(
                        close(analytic, numeric, 1e-5, 1e-7),
                        "{}/{problem:?}/{loss:?}/{kind:?}: param {p}: backprop {analytic} vs numeric {numeric}",
                        activation.name(),
                    );
                }

                // The f32 engine computes the same gradient, to f32 precision.
                let mlp32: Mlp<f32> = random_mlp(&sizes, activation, head, seed);
                let (x32, y32) = batch::<f32>(head, 3, outputs, 11, seed);
                let mut ws32 = Workspace::new(&mlp32);
                let mut grad32 = vec![0.0f32; mlp32.params.len()];
                mlp32.gradient_of_inputs(&mut ws32, &x32, &y32, &reg, &mut grad32);
                for (p, (&g32, &g64)) in grad32.iter().zip(&grad).enumerate() {
                    assert!(
                        close(g32 as f64, g64, 1e-3, 1e-5),
                        "{}/{problem:?}/{loss:?}/{kind:?}: f32 param {p}: {g32} vs f64 {g64}",
                        activation.name(),
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 9 * 5 * 3);
}
