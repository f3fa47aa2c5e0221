//! How healthy the network is on its training points, for the page's advice:
//! per hidden layer the share of dead units (output exactly 0 on every
//! training point) and of saturated units (a tanh or sigmoid whose slope is
//! nearly 0 on most points), and how often the output is saturated — and
//! saturated on the wrong side, where the squared loss's gradient vanishes.

use alloc::vec;
use alloc::vec::Vec;

use super::Trainer;
use crate::activation::Activation;
use crate::head::Head;

/// A point saturates a unit when its slope is at most this share of the
/// activation's steepest slope (|tanh| >= ~0.99, sigmoid within ~0.005 of 0 or 1).
pub const SATURATED_SLOPE: f32 = 0.02;
/// A unit is saturated when it saturates on at least this share of the points.
pub const SATURATED_SHARE: f64 = 0.9;

/// One hidden layer's health; shares are of its `neurons`.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct LayerHealth {
    pub neurons: usize,
    /// Share of units whose output is 0 on every training point.
    pub dead: f64,
    /// Share of units saturated on at least 90 % of the training points.
    pub saturated: f64,
}

/// The output's health; shares are of the training points.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct OutputHealth {
    /// Share of points where the output sits at its limit (slope <= 2 % of
    /// its steepest; for softmax, the top class's probability >= 0.99).
    pub saturated: f64,
    /// Share of points where it does so on the wrong class.
    pub saturated_wrong: f64,
}

/// `health()`: the network measured on its training points.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Health {
    /// How many training points were measured (0: every share is 0).
    pub points: usize,
    pub layers: Vec<LayerHealth>,
    pub output: OutputHealth,
}

impl Trainer {
    /// Dead and saturated units, layer by layer, and the output's
    /// saturation, over the training points. Changes nothing the learner sees.
    pub fn health(&mut self) -> Health {
        let Trainer {
            mlp,
            ws,
            points,
            point_features,
            split,
            ..
        } = self;
        split.clear();
        split.extend((0..points.len() as u32).filter(|&i| !points[i as usize].test));
        let lay = &mlp.layout;
        let hidden = lay.hidden_count();
        let first = lay.inputs();
        let k = lay.outputs();
        let activation = mlp.activation;
        let head = mlp.head;
        // Per hidden unit: points where it is not 0, points where it saturates.
        let mut alive = vec![0usize; hidden];
        let mut flat = vec![0usize; hidden];
        let (mut out_saturated, mut out_wrong) = (0usize, 0usize);
        mlp.for_each_block(
            ws,
            split.len(),
            |s, lane, ws| point_features.load(ws, points, split[s] as usize, lane),
            |ws, _, active| {
                for h in 0..hidden {
                    let (z, a) = (&ws.z[first + h], &ws.a[first + h]);
                    for lane in 0..active {
                        if a[lane] != 0.0 {
                            alive[h] += 1;
                        }
                        if saturates(activation, z[lane], a[lane]) {
                            flat[h] += 1;
                        }
                    }
                }
                for lane in 0..active {
                    let mut out = [0.0f32; crate::config::MAX_CLASSES];
                    for (o, lanes) in out.iter_mut().zip(&ws.out) {
                        *o = lanes[lane];
                    }
                    if output_saturates(head, &out[..k]) {
                        out_saturated += 1;
                        if head.is_correct(&out[..k], ws.labels[lane]) == Some(false) {
                            out_wrong += 1;
                        }
                    }
                }
            },
        );
        let n = split.len();
        let mut layers = Vec::with_capacity(lay.layers().saturating_sub(1));
        let mut offset = 0;
        for &neurons in &lay.sizes[1..lay.sizes.len() - 1] {
            let units = offset..offset + neurons;
            let dead = if n == 0 {
                0
            } else {
                alive[units.clone()].iter().filter(|&&c| c == 0).count()
            };
            let saturated = flat[units]
                .iter()
                .filter(|&&c| n > 0 && c as f64 >= SATURATED_SHARE * n as f64)
                .count();
            layers.push(LayerHealth {
                neurons,
                dead: share(dead, neurons),
                saturated: share(saturated, neurons),
            });
            offset += neurons;
        }
        Health {
            points: n,
            layers,
            output: OutputHealth {
                saturated: share(out_saturated, n),
                saturated_wrong: share(out_wrong, n),
            },
        }
    }
}

fn share(count: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        count as f64 / of as f64
    }
}

/// Whether a hidden unit with this z and a sits where its slope has all but
/// vanished. Only the S-shaped activations saturate; a relu at 0 is dead
/// there, which `health` counts apart.
fn saturates(activation: Activation, z: f32, a: f32) -> bool {
    let peak = match activation {
        Activation::Tanh => 1.0,
        Activation::Sigmoid => 0.25,
        _ => return false,
    };
    activation.derivative(z, a) <= SATURATED_SLOPE * peak
}

/// Whether the network's output (after its head) sits at its limit.
fn output_saturates(head: Head, out: &[f32]) -> bool {
    match head {
        Head::TanhSquared => out.first().is_some_and(|&o| 1.0 - o * o <= SATURATED_SLOPE),
        Head::SigmoidCrossEntropy => out
            .first()
            .is_some_and(|&o| o * (1.0 - o) <= SATURATED_SLOPE * 0.25),
        Head::SoftmaxCrossEntropy => out.iter().any(|&p| p >= 1.0 - SATURATED_SLOPE / 2.0),
        _ => false,
    }
}
