//! The output head over a block of lanes: one lane loop per one-output head
//! with the match outside it, so the head vectorizes as the layers do (a
//! per-lane call into [`Head::evaluate`] compiled to scalar code in wasm);
//! softmax, whose classes mix within a lane, one lane at a time.

// Index loops over lanes and outputs read like the maths they compute.
#![allow(clippy::needless_range_loop)]

use crate::config::MAX_CLASSES;
use crate::head::Head;
use crate::kernel::{Workspace, LANES};
use crate::network::Mlp;
use crate::real::Real;

impl<T: Real> Mlp<T> {
    /// Applies the head to the first `active` lanes: fills `ws.out` and the
    /// output deltas (zero on idle lanes), and returns the summed loss.
    pub fn head_block(&self, ws: &mut Workspace<T>, active: usize) -> f64 {
        let lay = &self.layout;
        let start = lay.neuron_offsets[lay.layers()];
        if self.head == Head::SoftmaxCrossEntropy {
            return self.softmax_block(ws, active);
        }
        // One output: a lane loop with the match outside, so it vectorizes.
        let (z, labels) = (ws.z[start], ws.labels);
        let (mut out, mut delta, mut losses) =
            ([T::ZERO; LANES], [T::ZERO; LANES], [T::ZERO; LANES]);
        macro_rules! each {
            ($head:expr) => {
                for k in 0..LANES {
                    (out[k], delta[k], losses[k]) = $head.evaluate_one(z[k], labels[k]);
                }
            };
        }
        match self.head {
            Head::TanhSquared => each!(Head::TanhSquared),
            Head::SigmoidCrossEntropy => each!(Head::SigmoidCrossEntropy),
            Head::LinearSquared => each!(Head::LinearSquared),
            Head::LinearHuber => each!(Head::LinearHuber),
            Head::SoftmaxCrossEntropy => unreachable!("handled above"),
        }
        let mut total = 0.0;
        for k in 0..LANES {
            if k < active {
                total += losses[k].to_f64();
            } else {
                delta[k] = T::ZERO;
                losses[k] = T::ZERO;
            }
        }
        ws.out[0] = out;
        ws.delta[start] = delta;
        ws.losses = losses;
        total
    }

    /// [`Mlp::head_block`] for softmax, one lane at a time.
    fn softmax_block(&self, ws: &mut Workspace<T>, active: usize) -> f64 {
        let lay = &self.layout;
        let k_out = lay.outputs();
        let start = lay.neuron_offsets[lay.layers()];
        let mut total = 0.0;
        let mut z = [T::ZERO; MAX_CLASSES];
        let mut o = [T::ZERO; MAX_CLASSES];
        let mut d = [T::ZERO; MAX_CLASSES];
        for lane in 0..LANES {
            if lane < active {
                for j in 0..k_out {
                    z[j] = ws.z[start + j][lane];
                }
                let loss = self.head.evaluate(
                    &z[..k_out],
                    ws.labels[lane],
                    &mut o[..k_out],
                    &mut d[..k_out],
                );
                total += loss.to_f64();
                ws.losses[lane] = loss;
                for j in 0..k_out {
                    ws.out[j][lane] = o[j];
                    ws.delta[start + j][lane] = d[j];
                }
            } else {
                for j in 0..k_out {
                    ws.delta[start + j][lane] = T::ZERO;
                }
            }
        }
        total
    }

    /// Only the head's output for every lane (drawing and prediction).
    pub fn output_block(&self, ws: &mut Workspace<T>) {
        let lay = &self.layout;
        let k_out = lay.outputs();
        let start = lay.neuron_offsets[lay.layers()];
        if self.head != Head::SoftmaxCrossEntropy {
            let mut out = ws.z[start];
            macro_rules! each {
                ($head:expr) => {
                    for v in out.iter_mut() {
                        *v = $head.output_one(*v);
                    }
                };
            }
            match self.head {
                Head::TanhSquared => each!(Head::TanhSquared),
                Head::SigmoidCrossEntropy => each!(Head::SigmoidCrossEntropy),
                _ => {}
            }
            ws.out[0] = out;
            return;
        }
        let mut z = [T::ZERO; MAX_CLASSES];
        let mut o = [T::ZERO; MAX_CLASSES];
        for lane in 0..LANES {
            for j in 0..k_out {
                z[j] = ws.z[start + j][lane];
            }
            self.head.output(&z[..k_out], &mut o[..k_out]);
            for j in 0..k_out {
                ws.out[j][lane] = o[j];
            }
        }
    }
}
