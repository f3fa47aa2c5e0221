//! One parameter at a time, for teaching: where a weight or a bias sits, its
//! bias set by hand, and the optimizer's memory for it (read-only).

use alloc::format;

use super::Trainer;
use crate::config::OptimizerKind;
use crate::error::{Error, Result};
use crate::shortest::Shortest;

/// The optimizer's memory for one parameter: `first` is momentum's velocity
/// v or Adam's first moment m, `second` RMSprop's s or Adam's second moment
/// v (zero where the optimizer keeps none); `steps` the updates taken so far
/// (Adam's t).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ParamState {
    pub kind: OptimizerKind,
    /// The parameter's value now.
    pub value: f32,
    pub first: f32,
    pub second: f32,
    pub steps: u64,
}

impl Trainer {
    /// Index in the parameter buffer of `W[row][col]` of `layer`, or of the
    /// bias of neuron `row` when `col` equals the layer's input count.
    pub fn param_index(&self, layer: usize, row: usize, col: usize) -> Result<usize> {
        let lay = &self.mlp.layout;
        if layer < lay.layers() && col == lay.sizes[layer] {
            let biases = lay.sizes[layer + 1];
            if row >= biases {
                return Err(Error::ModelShape {
                    message: format!("layer {layer} has {biases} biases; bias {row} is outside"),
                });
            }
            return Ok(lay.bias_offsets[layer] + row);
        }
        lay.weight_index(layer, row, col)
    }

    /// Sets the bias of neuron `row` of `layer` (0 = the first layer after
    /// the inputs); the optimizer keeps its moments, as for `set_weight`.
    pub fn set_bias(&mut self, layer: usize, row: usize, value: f32) -> Result<()> {
        if !value.is_finite() {
            return Err(Error::ModelShape {
                message: format!("bias value must be finite, got {}", Shortest(value)),
            });
        }
        let lay = &self.mlp.layout;
        if layer >= lay.layers() {
            return Err(Error::ModelShape {
                message: format!("layer {layer} does not exist (there are {})", lay.layers()),
            });
        }
        let n = lay.sizes[layer + 1];
        if row >= n {
            return Err(Error::ModelShape {
                message: format!("layer {layer} has {n} biases; row {row} is outside"),
            });
        }
        let i = lay.bias_offsets[layer] + row;
        self.mlp.params[i] = value;
        self.revision += 1;
        Ok(())
    }

    /// The optimizer's state for one parameter (`col` = the layer's input
    /// count names the bias), as the next step will read it.
    pub fn optimizer_state(&self, layer: usize, row: usize, col: usize) -> Result<ParamState> {
        let i = self.param_index(layer, row, col)?;
        let (first, second, steps) = self.optimizer.state();
        Ok(ParamState {
            kind: self.config.optimizer.kind,
            value: self.mlp.params[i],
            first: first[i],
            second: second[i],
            steps,
        })
    }
}
