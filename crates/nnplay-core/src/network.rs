//! A fully-connected network: layer l computes z = W a + b, a = f(z).
//!
//! All parameters live in one flat buffer: every layer's weights (out x in,
//! row-major) first, then every layer's biases. The optimizer walks it in one
//! loop, and the penalty covers exactly its weight part.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use crate::activation::Activation;
use crate::batchnorm::{check_model_norm, BatchNorm, NormParams};
use crate::config::Init;
use crate::error::{Error, Result};
use crate::head::Head;
use crate::real::Real;
use crate::rng::Pcg32;

/// Where each layer's parameters and neurons sit in the flat buffers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Neurons per layer, inputs first.
    pub sizes: Vec<usize>,
    /// Start of layer l's weights in the parameter buffer.
    pub weight_offsets: Vec<usize>,
    /// Start of layer l's biases in the parameter buffer.
    pub bias_offsets: Vec<usize>,
    /// Start of layer l's neurons (inputs are layer 0) in a per-neuron buffer.
    pub neuron_offsets: Vec<usize>,
    pub weight_count: usize,
    pub param_count: usize,
    pub neuron_count: usize,
}

impl Layout {
    pub fn new(sizes: &[usize]) -> Layout {
        let layers = sizes.len() - 1;
        let mut weight_offsets = Vec::with_capacity(layers);
        let mut weight_count = 0;
        for l in 0..layers {
            weight_offsets.push(weight_count);
            weight_count += sizes[l] * sizes[l + 1];
        }
        let mut bias_offsets = Vec::with_capacity(layers);
        let mut param_count = weight_count;
        for &n in &sizes[1..] {
            bias_offsets.push(param_count);
            param_count += n;
        }
        let mut neuron_offsets = Vec::with_capacity(sizes.len());
        let mut neuron_count = 0;
        for &n in sizes {
            neuron_offsets.push(neuron_count);
            neuron_count += n;
        }
        Layout {
            sizes: sizes.to_vec(),
            weight_offsets,
            bias_offsets,
            neuron_offsets,
            weight_count,
            param_count,
            neuron_count,
        }
    }

    /// Number of weight layers (one fewer than `sizes`).
    pub fn layers(&self) -> usize {
        self.sizes.len() - 1
    }

    pub fn inputs(&self) -> usize {
        self.sizes[0]
    }

    pub fn outputs(&self) -> usize {
        self.sizes[self.sizes.len() - 1]
    }

    /// Hidden neurons only (every layer but the inputs and the outputs).
    pub fn hidden_count(&self) -> usize {
        self.neuron_count - self.inputs() - self.outputs()
    }

    /// Index of weight `W[row][col]` of layer l in the parameter buffer.
    pub fn weight_index(&self, layer: usize, row: usize, col: usize) -> Result<usize> {
        if layer >= self.layers() {
            return Err(Error::ModelShape {
                message: format!("layer {layer} does not exist (there are {})", self.layers()),
            });
        }
        let (n_in, n_out) = (self.sizes[layer], self.sizes[layer + 1]);
        if row >= n_out || col >= n_in {
            return Err(Error::ModelShape {
                message: format!(
                    "layer {layer} has weights {n_out} x {n_in}; ({row}, {col}) is outside"
                ),
            });
        }
        Ok(self.weight_offsets[layer] + row * n_in + col)
    }
}

/// The parameters of every layer in the shape a person reads them:
/// `layers[l].weights[out][in]`, `layers[l].biases[out]`.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Model {
    pub layers: Vec<LayerParams>,
}

#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct LayerParams {
    pub weights: Vec<Vec<f32>>,
    pub biases: Vec<f32>,
    /// The layer's batch normalization; absent when the network has none
    /// (and in models saved before it existed).
    #[cfg_attr(
        feature = "serde",
        serde(default, rename = "batchNorm", skip_serializing_if = "Option::is_none")
    )]
    pub batch_norm: Option<NormParams>,
}

/// A multi-layer perceptron over the scalar `T`.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp<T> {
    pub layout: Layout,
    /// Every weight, then every bias (see the module notes).
    pub params: Vec<T>,
    pub activation: Activation,
    pub head: Head,
    /// Batch normalization of the hidden layers, when the network has it.
    pub norm: Option<BatchNorm<T>>,
}

impl<T: Real> Mlp<T> {
    /// A network with every parameter zero.
    pub fn zeros(sizes: &[usize], activation: Activation, head: Head) -> Mlp<T> {
        let layout = Layout::new(sizes);
        let params = vec![T::ZERO; layout.param_count];
        Mlp {
            layout,
            params,
            activation,
            head,
            norm: None,
        }
    }

    /// The same network with batch normalization (PyTorch's initial state)
    /// before every hidden activation.
    pub fn with_batch_norm(mut self) -> Mlp<T> {
        self.norm = Some(BatchNorm::new(self.layout.hidden_count()));
        self
    }

    /// Draws the weights and sets the biases as the init scheme says (batch
    /// normalization, if any, starts from PyTorch's initial state).
    pub fn initialize(&mut self, init: Init, rng: &mut Pcg32) {
        if let Some(norm) = &mut self.norm {
            *norm = BatchNorm::new(norm.hidden());
        }
        let layout = &self.layout;
        for l in 0..layout.layers() {
            let (n_in, n_out) = (layout.sizes[l], layout.sizes[l + 1]);
            let (limit, bias) = match init {
                Init::Tfp => (0.5, 0.1),
                Init::Xavier => (libm::sqrt(6.0 / (n_in + n_out) as f64), 0.0),
                Init::He => (libm::sqrt(6.0 / n_in as f64), 0.0),
                Init::Zero => (0.0, 0.0),
            };
            let w = &mut self.params[layout.weight_offsets[l]..][..n_in * n_out];
            for v in w {
                *v = if limit > 0.0 {
                    T::from_f64(rng.uniform(-limit, limit))
                } else {
                    T::ZERO
                };
            }
            self.params[layout.bias_offsets[l]..][..n_out].fill(T::from_f64(bias));
        }
    }

    pub fn weights(&self) -> &[T] {
        &self.params[..self.layout.weight_count]
    }

    pub fn model(&self) -> Model {
        let lay = &self.layout;
        let last = lay.layers() - 1;
        let layers = (0..lay.layers())
            .map(|l| {
                let first = lay.neuron_offsets[l + 1] - lay.inputs();
                let (n_in, n_out) = (lay.sizes[l], lay.sizes[l + 1]);
                let w = &self.params[lay.weight_offsets[l]..][..n_in * n_out];
                LayerParams {
                    weights: w
                        .chunks_exact(n_in)
                        .map(|row| row.iter().map(|v| v.to_f64() as f32).collect())
                        .collect(),
                    biases: self.params[lay.bias_offsets[l]..][..n_out]
                        .iter()
                        .map(|v| v.to_f64() as f32)
                        .collect(),
                    batch_norm: match &self.norm {
                        Some(norm) if l < last => Some(norm.layer_params(first, n_out)),
                        _ => None,
                    },
                }
            })
            .collect();
        Model { layers }
    }

    /// Loads parameters, checking that the shape matches the network exactly.
    pub fn set_model(&mut self, model: &Model) -> Result<()> {
        check_model_shape(&self.layout, model)?;
        check_model_norm(&self.layout, self.norm.is_some(), model)?;
        let lay = &self.layout;
        for (l, layer) in model.layers.iter().enumerate() {
            let n_in = lay.sizes[l];
            for (r, row) in layer.weights.iter().enumerate() {
                for (c, &v) in row.iter().enumerate() {
                    self.params[lay.weight_offsets[l] + r * n_in + c] = T::from_f64(v as f64);
                }
            }
            for (r, &v) in layer.biases.iter().enumerate() {
                self.params[lay.bias_offsets[l] + r] = T::from_f64(v as f64);
            }
            if let (Some(norm), Some(p)) = (&mut self.norm, &layer.batch_norm) {
                norm.set_layer_params(lay.neuron_offsets[l + 1] - lay.inputs(), p);
            }
        }
        Ok(())
    }
}

/// Checks every layer, row and value of `model` against `layout`.
pub fn check_model_shape(layout: &Layout, model: &Model) -> Result<()> {
    let shape_error = |message| Err(Error::ModelShape { message });
    if model.layers.len() != layout.layers() {
        return shape_error(format!(
            "expected {} layers, got {}",
            layout.layers(),
            model.layers.len()
        ));
    }
    for (l, layer) in model.layers.iter().enumerate() {
        let (n_in, n_out) = (layout.sizes[l], layout.sizes[l + 1]);
        if layer.weights.len() != n_out {
            return shape_error(format!(
                "layers[{l}].weights: expected {n_out} rows, got {}",
                layer.weights.len()
            ));
        }
        for (r, row) in layer.weights.iter().enumerate() {
            if row.len() != n_in {
                return shape_error(format!(
                    "layers[{l}].weights[{r}]: expected {n_in} values, got {}",
                    row.len()
                ));
            }
            if let Some(c) = row.iter().position(|v| !v.is_finite()) {
                return shape_error(format!("layers[{l}].weights[{r}][{c}] is not finite"));
            }
        }
        if layer.biases.len() != n_out {
            return shape_error(format!(
                "layers[{l}].biases: expected {n_out} values, got {}",
                layer.biases.len()
            ));
        }
        if let Some(r) = layer.biases.iter().position(|v| !v.is_finite()) {
            return shape_error(format!("layers[{l}].biases[{r}] is not finite"));
        }
    }
    Ok(())
}
