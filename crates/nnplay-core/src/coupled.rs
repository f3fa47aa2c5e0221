//! The training pass of a whole minibatch at once, for the two techniques
//! that need it: batch normalization (each neuron's batch statistics couple
//! every sample) and dropout (a mask per sample and neuron). It runs the
//! kernel's block loops layer by layer over all the minibatch's blocks; the
//! plain path (neither technique) stays the kernel's own, untouched.

// Index loops over lanes read like the maths they compute.
#![allow(clippy::needless_range_loop)]

use alloc::vec;
use alloc::vec::Vec;

use crate::batch::{clear_lane, load_rows, BatchLoss};
use crate::batchnorm::EPS;
use crate::config::Regularization;
use crate::error::{Error, Result};
use crate::kernel::{add_layer_gradient, column_sum, times, weighted_sum, Lanes, Workspace, LANES};
use crate::network::Mlp;
use crate::real::Real;

/// The buffers of a coupled pass: one block per `LANES` samples, kept
/// between calls (they grow, never shrink).
#[derive(Clone, Debug, Default)]
pub struct Coupled<T> {
    /// One workspace per block (without gradient sums: those go to the
    /// caller's workspace).
    blocks: Vec<Workspace<T>>,
    /// Per block, every hidden neuron's x̂ = (z - mean) / sqrt(var + eps).
    xhat: Vec<Vec<Lanes<T>>>,
    /// Per block, every hidden neuron's mask (0 or 1 / (1 - rate)).
    mask: Vec<Vec<Lanes<T>>>,
    /// The last pass's mean of every hidden neuron's linear sum.
    pub mean: Vec<T>,
    /// The last pass's biased variance of the same.
    pub var: Vec<T>,
    inv_std: Vec<T>,
    /// dObjective/d(γ, β) of the last pass, in `BatchNorm::affine`'s order.
    pub norm_grad: Vec<T>,
}

impl<T: Real> Coupled<T> {
    pub fn new() -> Self {
        Coupled {
            blocks: Vec::new(),
            xhat: Vec::new(),
            mask: Vec::new(),
            mean: Vec::new(),
            var: Vec::new(),
            inv_std: Vec::new(),
            norm_grad: Vec::new(),
        }
    }

    /// Makes room for `blocks` blocks of `mlp`.
    fn prepare(&mut self, mlp: &Mlp<T>, blocks: usize) {
        let lay = &mlp.layout;
        let hidden = lay.hidden_count();
        let fits = self
            .blocks
            .first()
            .is_none_or(|ws| ws.a.len() == lay.neuron_count && ws.out.len() == lay.outputs());
        if !fits {
            *self = Coupled::new();
        }
        let zero = [T::ZERO; LANES];
        while self.blocks.len() < blocks {
            self.blocks.push(Workspace {
                a: vec![zero; lay.neuron_count],
                z: vec![zero; lay.neuron_count],
                slope: vec![zero; lay.neuron_count],
                delta: vec![zero; lay.neuron_count],
                grad: Vec::new(),
                out: vec![zero; lay.outputs()],
                labels: zero,
                losses: zero,
            });
            self.xhat.push(vec![zero; hidden]);
            self.mask.push(vec![zero; hidden]);
        }
        for v in [&mut self.mean, &mut self.var, &mut self.inv_std] {
            v.resize(hidden, T::ZERO);
        }
        self.norm_grad.resize(2 * hidden, T::ZERO);
    }
}

impl<T: Real> Mlp<T> {
    /// dObjective/dparam of `n` samples trained as one minibatch into `grad`,
    /// and dObjective/d(γ, β) into `cp.norm_grad`: batch normalization with
    /// the minibatch's statistics (left in `cp.mean` / `cp.var` for the
    /// running estimates), dropout by `masks` (`[sample][hidden neuron]`,
    /// 0 or 1 / (1 - rate); `None` = no dropout). `load` and `visit` as in
    /// [`Mlp::batch_gradient`]; the gradient sums go through `acc.grad`.
    /// A batch-normalized minibatch of one point is refused, naming `batchSize`.
    #[allow(clippy::too_many_arguments)]
    pub fn coupled_gradient(
        &self,
        cp: &mut Coupled<T>,
        acc: &mut Workspace<T>,
        n: usize,
        masks: Option<&[T]>,
        regularization: &Regularization,
        grad: &mut [T],
        mut load: impl FnMut(usize, usize, &mut Workspace<T>),
        mut visit: impl FnMut(&mut Workspace<T>, usize, usize),
    ) -> Result<BatchLoss> {
        if self.norm.is_some() && n == 1 {
            return Err(Error::config(
                "batchSize",
                "batch normalization cannot train on a minibatch of 1 point (it has no variance)",
            ));
        }
        let lay = &self.layout;
        let (inputs, hidden) = (lay.inputs(), lay.hidden_count());
        let blocks = n.div_ceil(LANES);
        cp.prepare(self, blocks);
        let active = |b: usize| (n - b * LANES).min(LANES);
        for b in 0..blocks {
            let ws = &mut cp.blocks[b];
            for lane in 0..LANES {
                if lane < active(b) {
                    load(b * LANES + lane, lane, ws);
                } else {
                    clear_lane(ws, inputs, lane);
                }
            }
            for (h, m) in cp.mask[b].iter_mut().enumerate() {
                for lane in 0..LANES {
                    let s = b * LANES + lane;
                    m[lane] = match masks {
                        Some(ms) if lane < active(b) => ms[s * hidden + h],
                        Some(_) => T::ZERO,
                        None => T::ONE,
                    };
                }
            }
        }
        let total = self.coupled_forward(cp, n, masks.is_some());
        self.coupled_backward(cp, acc, n, masks.is_some());
        for (b, ws) in cp.blocks[..blocks].iter_mut().enumerate() {
            visit(ws, b * LANES, active(b));
        }
        self.collect_gradient(acc, n, grad);
        if self.norm.is_some() {
            // A bias before a batch norm is subtracted right back out with
            // the batch mean: its gradient is exactly 0. The sum above is 0
            // plus rounding, which Adam and RMSprop (dividing by the
            // gradient's size) would turn into steps of up to the learning
            // rate; the exact value is written instead.
            for l in 0..lay.layers() - 1 {
                grad[lay.bias_offsets[l]..][..lay.sizes[l + 1]].fill(T::ZERO);
            }
        }
        let inv_n = T::ONE / T::from_f64(n.max(1) as f64);
        for g in &mut cp.norm_grad {
            *g *= inv_n;
        }
        let weights = lay.weight_count;
        regularization.add_gradient(&self.params[..weights], &mut grad[..weights]);
        let loss = if n == 0 { 0.0 } else { total / n as f64 };
        Ok(BatchLoss {
            loss,
            objective: loss + regularization.penalty(self.weights()),
        })
    }

    /// The training-mode forward pass of every block; the summed loss.
    fn coupled_forward(&self, cp: &mut Coupled<T>, n: usize, dropout: bool) -> f64 {
        let lay = &self.layout;
        let (inputs, last) = (lay.inputs(), lay.layers() - 1);
        let blocks = n.div_ceil(LANES);
        let active = |b: usize| (n - b * LANES).min(LANES);
        let inv_n = T::ONE / T::from_f64(n.max(1) as f64);
        let Coupled {
            blocks: wss,
            xhat,
            mask,
            mean,
            var,
            inv_std,
            ..
        } = cp;
        let wss = &mut wss[..blocks];
        for l in 0..=last {
            let (n_in, n_out) = (lay.sizes[l], lay.sizes[l + 1]);
            let w = &self.params[lay.weight_offsets[l]..][..n_in * n_out];
            let bias = &self.params[lay.bias_offsets[l]..][..n_out];
            let (in_start, out_start) = (lay.neuron_offsets[l], lay.neuron_offsets[l + 1]);
            for ws in wss.iter_mut() {
                for (o, (row, &b)) in w.chunks_exact(n_in).zip(bias).enumerate() {
                    ws.z[out_start + o] = weighted_sum(row, b, &ws.a[in_start..][..n_in]);
                }
            }
            if l == last {
                for ws in wss.iter_mut() {
                    for o in out_start..out_start + n_out {
                        ws.a[o] = ws.z[o];
                    }
                }
                break;
            }
            let first = out_start - inputs;
            if let Some(norm) = &self.norm {
                for o in 0..n_out {
                    let (h, j) = (first + o, out_start + o);
                    let mut sum = T::ZERO;
                    for (b, ws) in wss.iter().enumerate() {
                        for &v in &ws.z[j][..active(b)] {
                            sum += v;
                        }
                    }
                    let mu = sum * inv_n;
                    let mut squares = T::ZERO;
                    for (b, ws) in wss.iter().enumerate() {
                        for &v in &ws.z[j][..active(b)] {
                            squares += (v - mu) * (v - mu);
                        }
                    }
                    let sigma2 = squares * inv_n;
                    let inv = T::ONE / (sigma2 + T::from_f64(EPS)).sqrt();
                    let (gamma, beta) = (norm.gamma(h), norm.beta(h));
                    for (b, ws) in wss.iter_mut().enumerate() {
                        let (x, z) = (&mut xhat[b][h], &mut ws.z[j]);
                        for k in 0..LANES {
                            x[k] = (z[k] - mu) * inv;
                            z[k] = gamma * x[k] + beta;
                        }
                    }
                    (mean[h], var[h], inv_std[h]) = (mu, sigma2, inv);
                }
            }
            for (b, ws) in wss.iter_mut().enumerate() {
                let z = &ws.z[out_start..][..n_out];
                let a = &mut ws.a[out_start..][..n_out];
                self.activation
                    .activate(z, a, Some(&mut ws.slope[out_start..][..n_out]));
                if dropout {
                    for (a, m) in a.iter_mut().zip(&mask[b][first..]) {
                        *a = times(*a, m);
                    }
                }
            }
        }
        let mut total = 0.0;
        for (b, ws) in wss.iter_mut().enumerate() {
            total += self.head_block(ws, active(b));
        }
        total
    }

    /// The backward pass of every block: gradient sums into `acc.grad`,
    /// unscaled (γ, β) sums into `cp.norm_grad`, and each block's deltas
    /// (dLoss/d(linear sum) of every neuron) left in its workspace.
    fn coupled_backward(
        &self,
        cp: &mut Coupled<T>,
        acc: &mut Workspace<T>,
        n: usize,
        dropout: bool,
    ) {
        let lay = &self.layout;
        let (inputs, hidden, last) = (lay.inputs(), lay.hidden_count(), lay.layers() - 1);
        let blocks = n.div_ceil(LANES);
        let active = |b: usize| (n - b * LANES).min(LANES);
        let inv_n = T::ONE / T::from_f64(n.max(1) as f64);
        let count = T::from_f64(n as f64);
        let Coupled {
            blocks: wss,
            xhat,
            mask,
            inv_std,
            norm_grad,
            ..
        } = cp;
        let wss = &mut wss[..blocks];
        norm_grad.fill(T::ZERO);
        let (g_all_w, g_all_b) = acc.grad.split_at_mut(lay.bias_offsets[0]);
        for l in (0..=last).rev() {
            let (n_in, n_out) = (lay.sizes[l], lay.sizes[l + 1]);
            let w = &self.params[lay.weight_offsets[l]..][..n_in * n_out];
            let (in_start, out_start) = (lay.neuron_offsets[l], lay.neuron_offsets[l + 1]);
            let g_w = &mut g_all_w[lay.weight_offsets[l]..][..n_in * n_out];
            let g_b = &mut g_all_b[lay.bias_offsets[l] - lay.bias_offsets[0]..][..n_out];
            for ws in wss.iter() {
                let d_out = &ws.delta[out_start..][..n_out];
                add_layer_gradient(g_w, g_b, d_out, &ws.a[in_start..][..n_in]);
            }
            if l == 0 {
                break;
            }
            // dLoss/dz of the layer below: through the mask and f'.
            let first = in_start - inputs;
            for (b, ws) in wss.iter_mut().enumerate() {
                let (below, above) = ws.delta.split_at_mut(out_start);
                for i in 0..n_in {
                    let h = first + i;
                    let mut sum = column_sum(&w[i..], n_in, &above[..n_out]);
                    if dropout {
                        for k in 0..LANES {
                            sum[k] *= mask[b][h][k];
                        }
                    }
                    below[in_start + i] = times(sum, &ws.slope[in_start + i]);
                }
            }
            // Through the normalization: dLoss/dy to dLoss/d(linear sum).
            let Some(norm) = &self.norm else { continue };
            for i in 0..n_in {
                let (h, j) = (first + i, in_start + i);
                let (mut sum_g, mut sum_gx) = (T::ZERO, T::ZERO);
                for (b, ws) in wss.iter().enumerate() {
                    for k in 0..active(b) {
                        sum_g += ws.delta[j][k];
                        sum_gx += ws.delta[j][k] * xhat[b][h][k];
                    }
                }
                norm_grad[h] = sum_gx;
                norm_grad[hidden + h] = sum_g;
                let c = norm.gamma(h) * inv_std[h] * inv_n;
                for (b, ws) in wss.iter_mut().enumerate() {
                    let d = &mut ws.delta[j];
                    for k in 0..LANES {
                        d[k] = if k < active(b) {
                            c * (count * d[k] - sum_g - xhat[b][h][k] * sum_gx)
                        } else {
                            T::ZERO
                        };
                    }
                }
            }
        }
    }

    /// [`Mlp::coupled_gradient`] over input vectors (`labels.len()` rows of
    /// the input width); each sample's outputs into `out` when given.
    #[allow(clippy::too_many_arguments)]
    pub fn coupled_gradient_of_inputs(
        &self,
        cp: &mut Coupled<T>,
        acc: &mut Workspace<T>,
        inputs: &[T],
        labels: &[T],
        masks: Option<&[T]>,
        regularization: &Regularization,
        grad: &mut [T],
        mut out: Option<&mut [T]>,
    ) -> Result<BatchLoss> {
        let k = self.layout.outputs();
        let load = load_rows(inputs, labels, self.layout.inputs());
        let n = labels.len();
        self.coupled_gradient(
            cp,
            acc,
            n,
            masks,
            regularization,
            grad,
            load,
            |ws, first, active| {
                let Some(out) = out.as_deref_mut() else {
                    return;
                };
                for lane in 0..active {
                    for (j, o) in out[(first + lane) * k..][..k].iter_mut().enumerate() {
                        *o = ws.out[j][lane];
                    }
                }
            },
        )
    }
}
