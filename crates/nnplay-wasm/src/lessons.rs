//! What the teaching views read off the session: every neuron's z and a for
//! one input, the next minibatch's backward pass and gradient, and an
//! activation function sampled with its slope.

use nnplay_core::{Error, LayerParams, Layout, Model};
use serde::Serialize;

use crate::engine::{message, Engine};
use nnplay_core::shortest::Shortest;

/// `trace(x, y)`: the inputs, then every layer's z and a.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Trace {
    pub inputs: Vec<f32>,
    pub layers: Vec<TraceLayer>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TraceLayer {
    pub z: Vec<f32>,
    pub a: Vec<f32>,
}

/// `backprop()`: the backward pass of the next minibatch, for teaching.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Backprop {
    /// The indices of the minibatch's points.
    pub batch: Vec<u32>,
    /// Its objective (mean loss + penalty) before the update.
    pub objective: f64,
    /// dObjective/dparam, shaped like `model()`.
    pub gradients: Model,
    /// dLoss/dz of every neuron after the inputs, `[sample][layer][neuron]`.
    pub deltas: Vec<Vec<Vec<f32>>>,
    /// Each sample's output (one value, or K probabilities).
    pub outputs: Vec<Vec<f32>>,
    /// Each sample's loss (the objective is their mean plus the penalty).
    pub losses: Vec<f32>,
}

impl Engine {
    /// Every neuron's z and a for one input, by layer. The output layer's `a`
    /// is the network's output (tanh, sigmoid, softmax or identity applied to
    /// its z), as `predict` gives it.
    pub fn trace(&mut self, x: f32, y: f32) -> Result<Trace, String> {
        let count = self.layout().neuron_count;
        self.scratch.resize(count, 0.0);
        self.scratch2.resize(count, 0.0);
        self.trainer
            .trace_into(x, y, &mut self.scratch, &mut self.scratch2)
            .map_err(message)?;
        let lay = self.layout().clone();
        let (z, a) = (&self.scratch, &self.scratch2);
        let slice = |v: &[f32], l: usize| v[lay.neuron_offsets[l]..][..lay.sizes[l]].to_vec();
        let inputs = slice(a, 0);
        let mut layers: Vec<TraceLayer> = (1..lay.sizes.len())
            .map(|l| TraceLayer {
                z: slice(z, l),
                a: slice(a, l),
            })
            .collect();
        let out = self.predict(x, y)?.to_vec();
        if let Some(last) = layers.last_mut() {
            last.a = out;
        }
        Ok(Trace { inputs, layers })
    }

    /// The next minibatch's backward pass: its points, objective, gradient
    /// and every sample's deltas. Nothing is updated.
    pub fn backprop(&mut self) -> Result<Backprop, String> {
        let batch = self.trainer.next_batch().to_vec();
        if batch.is_empty() {
            return Err(message(Error::NoTrainingData));
        }
        let lay = self.layout().clone();
        let (per_sample, k, n) = (lay.neuron_count - lay.inputs(), lay.outputs(), batch.len());
        let mut grad = vec![0.0; lay.param_count];
        let mut deltas = vec![0.0; n * per_sample];
        let mut outputs = vec![0.0; n * k];
        let mut losses = vec![0.0; n];
        let objective = self
            .trainer
            .next_backprop(&mut grad, &mut deltas, &mut outputs, &mut losses)
            .map_err(message)?;
        let deltas = deltas
            .chunks_exact(per_sample)
            .map(|sample| {
                (1..lay.sizes.len())
                    .map(|l| {
                        sample[lay.neuron_offsets[l] - lay.inputs()..][..lay.sizes[l]].to_vec()
                    })
                    .collect()
            })
            .collect();
        Ok(Backprop {
            batch,
            objective,
            gradients: model_from_flat(&lay, &grad),
            deltas,
            outputs: outputs.chunks_exact(k).map(<[f32]>::to_vec).collect(),
            losses,
        })
    }

    /// dObjective/dparam for the next minibatch, shaped like `model()`.
    pub fn gradients(&mut self) -> Result<Model, String> {
        if self.trainer.next_batch().is_empty() {
            return Err(message(Error::NoTrainingData));
        }
        self.scratch.resize(self.layout().param_count, 0.0);
        self.trainer
            .next_gradients(&mut self.scratch)
            .map_err(message)?;
        Ok(model_from_flat(self.layout(), &self.scratch))
    }
}

/// `activationCurve(...)`: an activation function and its slope, sampled.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Curve {
    pub z: Vec<f32>,
    /// f(z).
    pub a: Vec<f32>,
    /// f'(z).
    pub slope: Vec<f32>,
}

/// `samples` evenly spaced values of z over [from, to] with f(z) and f'(z),
/// exactly as the engine computes them in training.
pub fn activation_curve(name: &str, from: f32, to: f32, samples: usize) -> Result<Curve, String> {
    let Some(f) = nnplay_core::Activation::from_name(name) else {
        let names: Vec<&str> = nnplay_core::Activation::ALL
            .iter()
            .map(|a| a.name())
            .collect();
        return Err(format!(
            "unknown activation `{name}` (one of: {})",
            names.join(", ")
        ));
    };
    if !(from.is_finite() && to.is_finite() && from < to) {
        return Err(format!(
            "needs finite from < to, got {} and {}",
            Shortest(from),
            Shortest(to)
        ));
    }
    if !(2..=10_000).contains(&samples) {
        return Err(format!("samples must be 2..=10000, got {samples}"));
    }
    let step = (to as f64 - from as f64) / (samples - 1) as f64;
    let z: Vec<f32> = (0..samples)
        .map(|i| (from as f64 + step * i as f64) as f32)
        .collect();
    let a: Vec<f32> = z.iter().map(|&v| f.apply(v)).collect();
    let slope = z
        .iter()
        .zip(&a)
        .map(|(&v, &av)| f.derivative(v, av))
        .collect();
    Ok(Curve { z, a, slope })
}

/// A flat parameter-ordered buffer (every layer's weights, then every
/// layer's biases) in `model()`'s shape.
pub fn model_from_flat(lay: &Layout, flat: &[f32]) -> Model {
    let layers = (0..lay.layers())
        .map(|l| {
            let (n_in, n_out) = (lay.sizes[l], lay.sizes[l + 1]);
            LayerParams {
                weights: flat[lay.weight_offsets[l]..][..n_in * n_out]
                    .chunks_exact(n_in)
                    .map(<[f32]>::to_vec)
                    .collect(),
                biases: flat[lay.bias_offsets[l]..][..n_out].to_vec(),
                batch_norm: None,
            }
        })
        .collect();
    Model { layers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_core::Config;

    fn engine(config: Config) -> Engine {
        Engine::new(&Config { seed: 1, ..config }).unwrap()
    }

    #[test]
    fn model_from_flat_is_model_for_params() {
        let e = engine(Config::default());
        assert_eq!(
            model_from_flat(e.trainer.layout(), e.trainer.params()),
            e.trainer.model()
        );
    }

    #[test]
    fn backprop_shows_the_next_minibatch_without_changing_anything() {
        let mut e = engine(Config::default());
        let before = e.trainer.params().to_vec();
        let b = e.backprop().unwrap();
        assert_eq!(b.batch, e.trainer.next_batch());
        assert_eq!(b.batch.len(), 10);
        assert_eq!(b.gradients, e.gradients().unwrap());
        assert_eq!(e.trainer.params(), &before[..]);
        assert_eq!(b.deltas.len(), 10);
        let shape: Vec<usize> = b.deltas[0].iter().map(|l| l.len()).collect();
        assert_eq!(shape, [4, 2, 1]);
        // The output bias's gradient is the mean of the output deltas.
        let mean: f32 = b.deltas.iter().map(|d| d[2][0]).sum::<f32>() / 10.0;
        let bias = b.gradients.layers[2].biases[0];
        assert!((mean - bias).abs() < 1e-6, "{mean} vs {bias}");
        assert!(b.objective.is_finite());
        // Each sample's loss and output, and the objective is their mean
        // (no penalty here).
        let mean_loss = b.losses.iter().map(|&l| l as f64).sum::<f64>() / 10.0;
        assert!(
            (mean_loss - b.objective).abs() < 1e-6,
            "{mean_loss} vs {}",
            b.objective
        );
        for (&i, out) in b.batch.iter().zip(&b.outputs) {
            let p = e.trainer.points()[i as usize];
            assert_eq!(out, e.predict(p.x, p.y).unwrap());
        }
        e.trainer.clear_points();
        assert!(e.backprop().unwrap_err().contains("no training points"));
    }

    #[test]
    fn activation_curves_are_the_engines_own_functions() {
        let c = activation_curve("tanh", -4.0, 4.0, 9).unwrap();
        assert_eq!(c.z, [-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0]);
        assert_eq!(c.a[4], 0.0);
        assert_eq!(c.slope[4], 1.0);
        assert_eq!(c.a[5], nnplay_core::fast::tanh(1.0));
        let relu = activation_curve("relu", -1.0, 1.0, 3).unwrap();
        assert_eq!(
            (relu.a, relu.slope),
            (vec![0.0, 0.0, 1.0], vec![0.0, 0.0, 1.0])
        );
        assert!(activation_curve("swishy", -1.0, 1.0, 3)
            .unwrap_err()
            .contains("unknown activation `swishy`"));
        assert!(activation_curve("tanh", 1.0, -1.0, 3)
            .unwrap_err()
            .contains("from < to"));
        assert!(activation_curve("tanh", -1.0, 1.0, 1)
            .unwrap_err()
            .contains("samples"));
    }

    #[test]
    fn trace_splits_by_layer_and_ends_with_the_output() {
        let mut e = engine(Config::default());
        let t = e.trace(1.0, -2.0).unwrap();
        assert_eq!(t.inputs, vec![1.0, -2.0]);
        let widths: Vec<usize> = t.layers.iter().map(|l| l.a.len()).collect();
        assert_eq!(widths, vec![4, 2, 1]);
        let out = e.predict(1.0, -2.0).unwrap()[0];
        assert_eq!(t.layers[2].a[0], out);
        assert!((t.layers[2].z[0].tanh() - out).abs() < 1e-6);
    }

    #[test]
    fn gradients_match_the_model_shape_and_need_training_points() {
        let mut e = engine(Config::default());
        let g = e.gradients().unwrap();
        let m = e.trainer.model();
        assert_eq!(g.layers.len(), m.layers.len());
        for (a, b) in g.layers.iter().zip(&m.layers) {
            assert_eq!(a.weights.len(), b.weights.len());
            assert_eq!(a.weights[0].len(), b.weights[0].len());
            assert_eq!(a.biases.len(), b.biases.len());
        }
        e.trainer.clear_points();
        assert!(e.gradients().unwrap_err().contains("no training points"));
    }
}
