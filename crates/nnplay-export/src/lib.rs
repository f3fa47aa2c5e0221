//! The network a learner trained in nnplay, taken out to the real
//! frameworks: an ONNX model ([`onnx::model`]) that onnxruntime runs, and a
//! PyTorch script ([`pytorch::script`]) that rebuilds and retrains it.
//!
//! `#![no_std]` + alloc like the engine, so the wasm build carries it. Both
//! exports read one [`Network`]: the engine's own description of what it
//! computes, so neither format keeps a second copy of the maths.

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod onnx;
pub mod pytorch;

use alloc::format;
use alloc::string::String;

use nnplay_core::{Activation, Config, Feature, Head, LayerParams, Model};

/// What the engine computes for a point, layer by layer: the features, then
/// per layer `z = W a + b` and (hidden layers) `a = f(z)`, then the head.
///
/// Per-layer extras (batch normalization between z and f, dropout in
/// training only) belong in [`Layer`]: each export turns a layer into its
/// ops in one place (`onnx::Builder::layer`, `pytorch`'s module list).
#[derive(Clone, Copy, Debug)]
pub struct Network<'a> {
    /// The inputs, in the engine's order ([`Feature::ALL`]'s).
    pub features: &'a [Feature],
    pub activation: Activation,
    pub head: Head,
    /// Hidden layers then the output layer.
    pub layers: &'a [LayerParams],
}

/// One layer as the exports see it.
#[derive(Clone, Copy, Debug)]
pub struct Layer<'a> {
    pub params: &'a LayerParams,
    /// The activation after `z`; `None` for the output layer (the head
    /// follows it instead).
    pub activation: Option<Activation>,
}

impl<'a> Network<'a> {
    /// The network of a normalized `config` with the weights `model`; the
    /// model's shape must be the config's.
    pub fn new(config: &'a Config, model: &'a Model) -> Result<Network<'a>, String> {
        let sizes = config.layer_sizes();
        if model.layers.len() + 1 != sizes.len() {
            return Err(format!(
                "model has {} layers, the config {}",
                model.layers.len(),
                sizes.len() - 1
            ));
        }
        for (l, layer) in model.layers.iter().enumerate() {
            let (n_in, n_out) = (sizes[l], sizes[l + 1]);
            let rows_ok = layer.weights.iter().all(|row| row.len() == n_in);
            if layer.weights.len() != n_out || layer.biases.len() != n_out || !rows_ok {
                return Err(format!(
                    "model layer {l} is not {n_out} x {n_in} with {n_out} biases"
                ));
            }
        }
        Ok(Network {
            features: &config.features,
            activation: config.activation,
            head: Head::new(config.problem, config.loss_kind()),
            layers: &model.layers,
        })
    }

    /// Every layer, hidden ones with the activation.
    pub fn layers(&self) -> impl Iterator<Item = Layer<'a>> + '_ {
        let last = self.layers.len() - 1;
        self.layers
            .iter()
            .enumerate()
            .map(move |(l, params)| Layer {
                params,
                activation: (l < last).then_some(self.activation),
            })
    }

    /// Width of the output layer (1, or K classes).
    pub fn outputs(&self) -> usize {
        self.layers[self.layers.len() - 1].biases.len()
    }
}
