//! The hot loops: forward and backward passes over a block of `LANES` points
//! at once, stored structure-of-arrays (`[neuron][lane]`).
//!
//! Every lane runs the very same sequence of operations as a lone point
//! would, and every sum keeps its order, so a result never depends on which
//! lane or block a point landed in, and the bits are the same natively and in
//! wasm. The inner loops run over lanes, which the compiler turns into SIMD.

// Index loops over lanes and outputs read like the maths they compute.
#![allow(clippy::needless_range_loop)]

use alloc::vec;
use alloc::vec::Vec;

use crate::activation::Activation;
use crate::network::Mlp;
use crate::real::Real;

/// Points per block.
pub const LANES: usize = 16;

pub(crate) type Lanes<T> = [T; LANES];

/// Scratch space for one network, reused across blocks and calls so the hot
/// loops never allocate.
#[derive(Clone, Debug)]
pub struct Workspace<T> {
    /// Every neuron's activation a, inputs first, `[neuron][lane]`.
    pub a: Vec<Lanes<T>>,
    /// Every neuron's pre-activation z (the input part is unused).
    pub z: Vec<Lanes<T>>,
    /// Every hidden neuron's slope f'(z), written by the forward pass with
    /// its value, for the backward pass to use.
    pub slope: Vec<Lanes<T>>,
    /// Every neuron's dLoss/dz.
    pub delta: Vec<Lanes<T>>,
    /// Per-lane sums of dLoss/dparam, `[param][lane]`.
    pub grad: Vec<Lanes<T>>,
    /// The head's output for each lane, `[output][lane]`.
    pub out: Vec<Lanes<T>>,
    pub labels: Lanes<T>,
    /// Each lane's loss, from the last `head_block`.
    pub losses: Lanes<T>,
}

impl<T: Real> Workspace<T> {
    pub fn new(mlp: &Mlp<T>) -> Self {
        let lay = &mlp.layout;
        Workspace {
            a: vec![[T::ZERO; LANES]; lay.neuron_count],
            z: vec![[T::ZERO; LANES]; lay.neuron_count],
            slope: vec![[T::ZERO; LANES]; lay.neuron_count],
            delta: vec![[T::ZERO; LANES]; lay.neuron_count],
            grad: vec![[T::ZERO; LANES]; lay.param_count],
            out: vec![[T::ZERO; LANES]; lay.outputs()],
            labels: [T::ZERO; LANES],
            losses: [T::ZERO; LANES],
        }
    }

    /// Whether this workspace was made for a network of this shape.
    pub fn fits(&self, mlp: &Mlp<T>) -> bool {
        self.a.len() == mlp.layout.neuron_count && self.grad.len() == mlp.layout.param_count
    }

    /// The input rows of the block, `[feature][lane]`.
    pub fn inputs_mut(&mut self, count: usize) -> &mut [Lanes<T>] {
        &mut self.a[..count]
    }
}

impl Activation {
    /// A layer's a = f(z) over every lane and, given `slopes`, its f'(z)
    /// there too (see [`Activation::value_and_slope`]: for tanh and sigmoid
    /// both come from one exponential). Out of line and a layer at a time:
    /// this one copy of the nine activations' lane loops serves every
    /// forward pass (plain, batch-normalized and coupled), where each
    /// inlined copy cost the wasm kilobytes, and one call per layer costs
    /// nothing next to the arithmetic it wraps.
    #[inline(never)]
    pub(crate) fn activate<T: Real>(
        self,
        z: &[Lanes<T>],
        a: &mut [Lanes<T>],
        slopes: Option<&mut [Lanes<T>]>,
    ) {
        // One loop per activation, so the match stays outside the lanes.
        macro_rules! each {
            ($act:expr) => {
                match slopes {
                    Some(slopes) => {
                        for ((z, a), s) in z.iter().zip(a.iter_mut()).zip(slopes) {
                            for k in 0..LANES {
                                (a[k], s[k]) = $act.value_and_slope(z[k]);
                            }
                        }
                    }
                    None => {
                        for (z, a) in z.iter().zip(a.iter_mut()) {
                            for k in 0..LANES {
                                a[k] = $act.apply(z[k]);
                            }
                        }
                    }
                }
            };
        }
        match self {
            Activation::Linear => each!(Activation::Linear),
            Activation::Relu => each!(Activation::Relu),
            Activation::LeakyRelu => each!(Activation::LeakyRelu),
            Activation::Tanh => each!(Activation::Tanh),
            Activation::Sigmoid => each!(Activation::Sigmoid),
            Activation::Elu => each!(Activation::Elu),
            Activation::Softplus => each!(Activation::Softplus),
            Activation::Swish => each!(Activation::Swish),
            Activation::Gelu => each!(Activation::Gelu),
        }
    }
}

/// bias + sum_i w[i] a[i] for every lane, the sum in order of i.
#[inline(always)]
pub(crate) fn weighted_sum<T: Real>(w: &[T], bias: T, a: &[Lanes<T>]) -> Lanes<T> {
    let mut z = [T::ZERO; LANES];
    weighted_sum_into(w, bias, a, &mut z);
    z
}

/// [`weighted_sum`] into `z`. Kept out of line on purpose: inlined into the
/// forward pass next to the nine activations, LLVM's wasm cost model left
/// these lane loops scalar (16 scalar multiply-adds per weight); on its own
/// it is one f32x4 multiply-add per four lanes, natively and in wasm alike.
/// The first term is added before the loop (the same sum, bias + w[0] a[0]
/// first): written as one loop that may run zero times, the wasm build kept
/// the bias's splat as 16 scalars and stored the lanes one at a time (16
/// extracts and 16 stores per call, where native code stores four vectors).
#[inline(never)]
pub(crate) fn weighted_sum_into<T: Real>(w: &[T], bias: T, a: &[Lanes<T>], z: &mut Lanes<T>) {
    let n = w.len().min(a.len());
    let mut acc = [bias; LANES];
    if let (Some(&w_0), Some(a_0)) = (w.first(), a.first()) {
        for k in 0..LANES {
            acc[k] = bias + w_0 * a_0[k];
        }
        for (&w_i, a_i) in w[1..n].iter().zip(&a[1..n]) {
            for k in 0..LANES {
                acc[k] += w_i * a_i[k];
            }
        }
    }
    *z = acc;
}

/// sum_o w[o * stride] d[o] for every lane (a column of W against the
/// deltas above), the sum in order of o; out of line like [`weighted_sum`].
#[inline(never)]
pub(crate) fn column_sum<T: Real>(w: &[T], stride: usize, d: &[Lanes<T>]) -> Lanes<T> {
    let mut acc = [T::ZERO; LANES];
    for (&w_o, d_o) in w.iter().step_by(stride).zip(d) {
        for k in 0..LANES {
            acc[k] += w_o * d_o[k];
        }
    }
    acc
}

impl<T: Real> Mlp<T> {
    /// z and a of every layer for the block whose inputs are in `ws.a`.
    /// The output layer's a is its raw z; the head is applied separately.
    #[inline]
    pub fn forward_block(&self, ws: &mut Workspace<T>) {
        self.forward_block_with(ws, false);
    }

    /// [`Mlp::forward_block`] that also stores every hidden neuron's slope
    /// f'(z) in `ws.slope` for [`Mlp::backward_block`], computed with its
    /// value (for tanh and sigmoid from the same exponential).
    #[inline]
    pub fn forward_block_training(&self, ws: &mut Workspace<T>) {
        self.forward_block_with(ws, true);
    }

    /// One body for both (out of line, so there is one copy of it).
    #[inline(never)]
    fn forward_block_with(&self, ws: &mut Workspace<T>, slopes: bool) {
        let lay = &self.layout;
        let last = lay.layers() - 1;
        for l in 0..=last {
            let (n_in, n_out) = (lay.sizes[l], lay.sizes[l + 1]);
            let w = &self.params[lay.weight_offsets[l]..][..n_in * n_out];
            let b = &self.params[lay.bias_offsets[l]..][..n_out];
            let out_start = lay.neuron_offsets[l + 1];
            let (before, after) = ws.a.split_at_mut(out_start);
            let a_in = &before[lay.neuron_offsets[l]..];
            let a_out = &mut after[..n_out];
            let z_out = &mut ws.z[out_start..][..n_out];
            let s_out = slopes.then(|| &mut ws.slope[out_start..][..n_out]);
            let rows = w.chunks_exact(n_in).zip(b);
            match (&self.norm, l != last) {
                (Some(norm), true) => {
                    let first = out_start - lay.inputs();
                    normalized_layer(norm, first, w, b, a_in, z_out);
                }
                _ => {
                    for ((row, &bias), z_o) in rows.zip(z_out.iter_mut()) {
                        weighted_sum_into(row, bias, a_in, z_o);
                    }
                }
            }
            if l == last {
                a_out.copy_from_slice(z_out);
            } else {
                self.activation.activate(z_out, a_out, s_out);
            }
        }
    }

    /// The output layer's z for the block, `[output][lane]`.
    pub fn logits<'w>(&self, ws: &'w Workspace<T>) -> &'w [Lanes<T>] {
        &ws.z[self.layout.neuron_offsets[self.layout.layers()]..]
    }

    /// Backpropagates the output deltas through the block, adding every
    /// parameter's gradient into the per-lane sums `ws.grad`; the slopes
    /// are those [`Mlp::forward_block_training`] stored.
    pub fn backward_block(&self, ws: &mut Workspace<T>) {
        let lay = &self.layout;
        for l in (0..lay.layers()).rev() {
            let (n_in, n_out) = (lay.sizes[l], lay.sizes[l + 1]);
            let w = &self.params[lay.weight_offsets[l]..][..n_in * n_out];
            let in_start = lay.neuron_offsets[l];
            let out_start = lay.neuron_offsets[l + 1];
            let a_in = &ws.a[in_start..][..n_in];
            let (delta_before, delta_after) = ws.delta.split_at_mut(out_start);
            let d_out = &delta_after[..n_out];

            // dL/dW[o][i] = delta[o] a[i]; dL/db[o] = delta[o].
            let (g_w, g_rest) = ws.grad.split_at_mut(lay.bias_offsets[0]);
            let g_w = &mut g_w[lay.weight_offsets[l]..][..n_in * n_out];
            let g_b = &mut g_rest[lay.bias_offsets[l] - lay.bias_offsets[0]..][..n_out];
            add_layer_gradient(g_w, g_b, d_out, a_in);

            // delta[i] of the layer below = f'(z[i]) sum_o W[o][i] delta[o].
            if l > 0 {
                let s_in = &ws.slope[in_start..][..n_in];
                let d_in = &mut delta_before[in_start..][..n_in];
                for i in 0..n_in {
                    let sum = column_sum(&w[i..], n_in, d_out);
                    d_in[i] = times(sum, &s_in[i]);
                }
            }
        }
    }

    /// Sums the per-lane gradient sums into `grad` (one value per parameter),
    /// divides by the batch size `n`, and clears the sums for the next batch.
    pub fn collect_gradient(&self, ws: &mut Workspace<T>, n: usize, grad: &mut [T]) {
        let inv = T::ONE / T::from_f64(n.max(1) as f64);
        for (g, lanes) in grad.iter_mut().zip(ws.grad.iter_mut()) {
            *g = lane_sum(lanes) * inv;
            *lanes = [T::ZERO; LANES];
        }
    }
}

/// One hidden layer's z in evaluation with batch norm: from the running
/// estimates, per neuron. Out of line, so the plain layer loop
/// in [`Mlp::forward_block`] compiles as it does without batch norm (inlined,
/// this loop cost every network a third of its grid and training speed).
#[inline(never)]
fn normalized_layer<T: Real>(
    norm: &crate::batchnorm::BatchNorm<T>,
    first: usize,
    w: &[T],
    b: &[T],
    a_in: &[Lanes<T>],
    z_out: &mut [Lanes<T>],
) {
    let rows = w.chunks_exact(a_in.len()).zip(b);
    for (o, ((row, &bias), z_o)) in rows.zip(z_out.iter_mut()).enumerate() {
        let (mean, scale, beta) = norm.eval_coefficients(first + o);
        let mut z = weighted_sum(row, bias, a_in);
        for v in z.iter_mut() {
            *v = (*v - mean) * scale + beta;
        }
        *z_o = z;
    }
}

/// v[k] s[k] for every lane: a delta through its neurons' slopes.
#[inline(always)]
pub(crate) fn times<T: Real>(v: Lanes<T>, s: &Lanes<T>) -> Lanes<T> {
    core::array::from_fn(|k| v[k] * s[k])
}

/// Adds one layer's dL/dW[o][i] = delta[o] a[i] and dL/db[o] = delta[o]
/// to the per-lane sums `g_w` (out x in) and `g_b`.
#[inline(always)]
pub(crate) fn add_layer_gradient<T: Real>(
    g_w: &mut [Lanes<T>],
    g_b: &mut [Lanes<T>],
    d_out: &[Lanes<T>],
    a_in: &[Lanes<T>],
) {
    let n_in = a_in.len();
    // Each sum is copied into a local first: the compiler cannot tell that
    // `grad`, `delta` and `a` never overlap, and would otherwise keep every
    // lane in memory, one scalar at a time.
    for (o, d) in d_out.iter().enumerate() {
        let d = *d;
        for (g, a_i) in g_w[o * n_in..][..n_in].iter_mut().zip(a_in) {
            let mut sum = *g;
            for k in 0..LANES {
                sum[k] += d[k] * a_i[k];
            }
            *g = sum;
        }
        let mut sum = g_b[o];
        for k in 0..LANES {
            sum[k] += d[k];
        }
        g_b[o] = sum;
    }
}

/// The sum of a block's lanes by halving: lanes k and k + w/2 first, then
/// on down. A fixed order (the same bits everywhere) whose steps are vector
/// adds, instead of one long chain of scalar ones.
#[inline(always)]
fn lane_sum<T: Real>(lanes: &Lanes<T>) -> T {
    let mut s = *lanes;
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for k in 0..width {
            s[k] += s[k + width];
        }
    }
    s[0]
}
