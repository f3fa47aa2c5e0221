//! The `Playground`'s state and every computation behind it, in plain Rust
//! (no JS types), so it runs and is tested natively too. Results are written
//! into buffers the engine owns and reuses: after the first frame of a given
//! size, drawing allocates nothing.

use nnplay_core::trainer::grid_coord;
use nnplay_core::{Config, Error, Feature, Head, LayerParams, Layout, Model, Problem, Trainer};
use serde::Serialize;

use crate::colors::{class_color, Palette, Rgba};

use nnplay_core::limits::{MAX_GRID_VALUES as MAX_VALUES, MAX_RESOLUTION};

/// `state()`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub epoch: u64,
    pub step: u64,
    pub diverged: bool,
    pub point_count: usize,
    pub train_count: usize,
    pub test_count: usize,
}

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

pub struct Engine {
    pub trainer: Trainer,
    /// The output over the last grid, `[cell][output]`.
    values: Vec<f32>,
    /// Every hidden neuron over the last grid, `[neuron][cell]`.
    neurons: Vec<f32>,
    /// (resolution, trainer revision) that `values` and `neurons` hold: a
    /// frame's boundary and neuron pictures come from one forward pass.
    evaluated: Option<(usize, u64)>,
    /// The last RGBA picture.
    pixels: Vec<u8>,
    /// Gradients, traces and predictions.
    scratch: Vec<f32>,
    scratch2: Vec<f32>,
    palette: Palette,
}

/// A core error as the message JS sees.
pub fn message(err: Error) -> String {
    err.to_string()
}

impl Engine {
    pub fn new(config: &Config) -> Result<Engine, Error> {
        Ok(Engine::with_trainer(Trainer::new(config)?))
    }

    /// An engine around a session (a restored one, say).
    pub fn with_trainer(trainer: Trainer) -> Engine {
        Engine {
            trainer,
            values: Vec::new(),
            neurons: Vec::new(),
            evaluated: None,
            pixels: Vec::new(),
            scratch: Vec::new(),
            scratch2: Vec::new(),
            palette: Palette::new(),
        }
    }

    fn layout(&self) -> &Layout {
        self.trainer.layout()
    }

    fn head(&self) -> Head {
        self.trainer.network().head
    }

    /// Checks a resolution and that `maps` maps of it fit; returns the cells.
    pub fn cells(resolution: usize, maps: usize) -> Result<usize, String> {
        if !(2..=MAX_RESOLUTION).contains(&resolution) {
            return Err(format!(
                "resolution must be an integer in 2..={MAX_RESOLUTION}, got {resolution}"
            ));
        }
        let cells = resolution * resolution;
        if cells * maps > MAX_VALUES {
            return Err(format!(
                "resolution {resolution} needs {} values for {maps} maps, more than the \
                 limit of {MAX_VALUES}: use a smaller resolution",
                cells * maps
            ));
        }
        Ok(cells)
    }

    pub fn state(&self) -> State {
        let points = self.trainer.points();
        let test_count = points.iter().filter(|p| p.test).count();
        State {
            epoch: self.trainer.epoch(),
            step: self.trainer.step_count(),
            diverged: self.trainer.diverged(),
            point_count: points.len(),
            train_count: points.len() - test_count,
            test_count,
        }
    }

    /// The output at (x, y): one value, or K probabilities.
    pub fn predict(&mut self, x: f32, y: f32) -> Result<&[f32], String> {
        self.scratch.resize(self.layout().outputs(), 0.0);
        self.trainer
            .predict_into(x, y, &mut self.scratch)
            .map_err(message)?;
        Ok(&self.scratch)
    }

    /// Evaluates the output and every hidden neuron over the grid in one
    /// pass, unless the last pass already did so for this network.
    fn evaluate(&mut self, resolution: usize) -> Result<(), String> {
        let revision = self.trainer.revision();
        if self.evaluated == Some((resolution, revision)) {
            return Ok(());
        }
        self.evaluated = None;
        let (k, hidden) = (self.layout().outputs(), self.layout().hidden_count());
        let cells = Self::cells(resolution, k.max(hidden))?;
        self.values.resize(cells * k, 0.0);
        self.neurons.resize(cells * hidden, 0.0);
        self.trainer
            .grid_into(resolution, &mut self.values, Some(&mut self.neurons))
            .map_err(message)?;
        self.evaluated = Some((resolution, revision));
        Ok(())
    }

    /// The output over the grid, `[cell][output]`.
    pub fn grid(&mut self, resolution: usize) -> Result<&[f32], String> {
        self.evaluate(resolution)?;
        Ok(&self.values)
    }

    /// Every hidden neuron over the grid, `[neuron][cell]`.
    pub fn neurons(&mut self, resolution: usize) -> Result<&[f32], String> {
        self.evaluate(resolution)?;
        Ok(&self.neurons)
    }

    /// The output's colour over the grid (see `colors`).
    pub fn boundary_pixels(
        &mut self,
        resolution: usize,
        discretize: bool,
    ) -> Result<&[u8], String> {
        self.grid(resolution)?;
        let head = self.head();
        let k = self.layout().outputs();
        let cells = self.values.len() / k;
        self.pixels.resize(cells * 4, 0);
        let palette = &self.palette;
        let colour = |cell: &[f32]| -> Rgba {
            match head {
                Head::TanhSquared | Head::LinearSquared | Head::LinearHuber => {
                    palette.boundary(cell[0], discretize)
                }
                Head::SigmoidCrossEntropy => palette.boundary(2.0 * cell[0] - 1.0, discretize),
                Head::SoftmaxCrossEntropy => palette.classes(cell, discretize),
            }
        };
        for (px, cell) in self
            .pixels
            .chunks_exact_mut(4)
            .zip(self.values.chunks_exact(k))
        {
            px.copy_from_slice(&colour(cell));
        }
        Ok(&self.pixels)
    }

    /// Every hidden neuron's thumbnail, neuron-major (activations clamped to
    /// [-1, 1], the range of tanh).
    pub fn neuron_pixels(&mut self, resolution: usize) -> Result<&[u8], String> {
        self.neurons(resolution)?;
        self.pixels.resize(self.neurons.len() * 4, 0);
        for (px, &v) in self.pixels.chunks_exact_mut(4).zip(&self.neurons) {
            px.copy_from_slice(&self.palette.value(v));
        }
        Ok(&self.pixels)
    }

    /// The nine features' thumbnails in `Feature::ALL` order. Each feature
    /// is divided by its largest magnitude over the domain (`feature_scale`),
    /// so 0 stays white and the sign keeps its colour: x/6, x^2/36, x1x2/36,
    /// sin and cos as they are.
    pub fn feature_pixels(&mut self, resolution: usize) -> Result<&[u8], String> {
        let cells = Self::cells(resolution, Feature::ALL.len())?;
        self.pixels.resize(Feature::ALL.len() * cells * 4, 0);
        let coords: Vec<f32> = (0..resolution).map(|i| grid_coord(i, resolution)).collect();
        for (f, picture) in Feature::ALL
            .iter()
            .zip(self.pixels.chunks_exact_mut(cells * 4))
        {
            let scale = feature_scale(*f);
            for (cell, px) in picture.chunks_exact_mut(4).enumerate() {
                let (row, col) = (cell / resolution, cell % resolution);
                let v = f.value(coords[col], -coords[row]) / scale;
                px.copy_from_slice(&self.palette.value(v));
            }
        }
        Ok(&self.pixels)
    }

    /// `n` colours for a legend or for colouring weights: the diverging map
    /// at full strength from -1 to +1 (the colours of points, neurons and
    /// features; the boundary is the same map `BOUNDARY_LIGHTEN` lighter), or
    /// for multiclass the class colours in order (`n` spread evenly over the
    /// K classes; `n = K` gives each class once).
    pub fn color_scale(&self, n: usize) -> Result<Vec<u8>, String> {
        if !(1..=4096).contains(&n) {
            return Err(format!("n must be an integer in 1..=4096, got {n}"));
        }
        let multiclass = self.trainer.config().problem == Problem::Multiclass;
        let k = self.layout().outputs();
        if !multiclass {
            return Ok(self.palette.scale(n));
        }
        let mut out = Vec::with_capacity(n * 4);
        for i in 0..n {
            out.extend_from_slice(&class_color((i * k / n).min(k - 1)));
        }
        Ok(out)
    }

    /// Each point's fill colour: the map's end colours by label
    /// (classification), the class colour (multiclass), the value's colour
    /// (regression).
    pub fn point_colors(&mut self) -> &[u8] {
        let problem = self.trainer.config().problem;
        let points = self.trainer.points();
        self.pixels.resize(points.len() * 4, 0);
        for (px, p) in self.pixels.chunks_exact_mut(4).zip(points) {
            let c = match problem {
                Problem::Classification => {
                    self.palette.value(if p.label > 0.0 { 1.0 } else { -1.0 })
                }
                Problem::Multiclass => class_color(p.label.max(0.0) as usize),
                Problem::Regression => self.palette.value(p.label),
            };
            px.copy_from_slice(&c);
        }
        &self.pixels
    }

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

    /// dObjective/dparam for the next minibatch, shaped like `model()`.
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

/// The largest |value| of a feature over the domain [-6, 6]^2.
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
        return Err(format!("needs finite from < to, got {from} and {to}"));
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

pub fn feature_scale(f: Feature) -> f32 {
    match f {
        Feature::X1 | Feature::X2 => 6.0,
        Feature::X1Squared | Feature::X2Squared | Feature::X1X2 => 36.0,
        Feature::SinX1 | Feature::SinX2 | Feature::CosX1 | Feature::CosX2 => 1.0,
    }
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
            }
        })
        .collect();
    Model { layers }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_cached_grid_is_always_the_current_networks() {
        let mut e = engine(Config::default());
        let fresh = |e: &mut Engine| {
            let mut t = e.trainer.clone();
            let mut out = vec![0.0; 64];
            t.grid_into(8, &mut out, None).unwrap();
            out
        };
        let first = e.grid(8).unwrap().to_vec();
        assert_eq!(first, fresh(&mut e));
        let neurons = e.neurons(8).unwrap().to_vec();
        assert_eq!(
            e.grid(8).unwrap(),
            &first[..],
            "same revision: from the cache"
        );
        // Every change that moves the function invalidates the cache.
        let changes: [&dyn Fn(&mut Engine); 5] = [
            &|e| {
                e.trainer.step().unwrap();
            },
            &|e| e.trainer.set_weight(0, 0, 0, 3.0).unwrap(),
            &|e| {
                let mut m = e.trainer.model();
                m.layers[1].biases[0] = 2.0;
                e.trainer.set_model(&m).unwrap()
            },
            &|e| {
                let mut c = e.trainer.config().clone();
                c.activation = nnplay_core::Activation::Relu;
                e.trainer.set_config(&c).unwrap()
            },
            &|e| e.trainer.reset(),
        ];
        let mut last = first;
        for (i, change) in changes.iter().enumerate() {
            change(&mut e);
            let now = e.grid(8).unwrap().to_vec();
            assert_eq!(now, fresh(&mut e), "change {i}");
            assert_ne!(now, last, "change {i} moved the output");
            last = now;
        }
        assert_ne!(e.neurons(8).unwrap(), &neurons[..]);
        assert_eq!(e.grid(9).unwrap().len(), 81, "a new resolution recomputes");
    }

    #[test]
    fn sizes_of_every_picture() {
        let mut e = engine(Config::default());
        assert_eq!(e.grid(10).unwrap().len(), 100);
        assert_eq!(e.neurons(10).unwrap().len(), 600);
        assert_eq!(e.boundary_pixels(10, false).unwrap().len(), 400);
        assert_eq!(e.neuron_pixels(10).unwrap().len(), 2400);
        assert_eq!(e.feature_pixels(10).unwrap().len(), 3600);
        assert_eq!(e.point_colors().len(), 500 * 4);
        assert!(e.grid(1).unwrap_err().contains("resolution"));
        let mut m = engine(Config {
            problem: Problem::Multiclass,
            classes: 3,
            ..Config::default()
        });
        assert_eq!(m.grid(10).unwrap().len(), 300);
        assert_eq!(m.boundary_pixels(10, true).unwrap().len(), 400);
        assert_eq!(m.color_scale(3).unwrap().len(), 12);
    }

    #[test]
    fn too_many_values_is_an_error_not_an_abort() {
        let mut e = engine(Config {
            hidden: vec![64; 8],
            ..Config::default()
        });
        let err = e.neurons(1024).unwrap_err();
        assert!(err.contains("smaller resolution"), "{err}");
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

    #[test]
    fn feature_pictures_keep_zero_white() {
        let mut e = engine(Config::default());
        let px = e.feature_pixels(3).unwrap().to_vec();
        // x1 at the centre cell (0, 0) is 0: the middle colour
        let centre = &px[4 * 4..4 * 4 + 4];
        assert_eq!(centre, &crate::colors::diverging(0.0));
        // x1 at the left column is -6: the -1 end
        assert_eq!(&px[0..4], &crate::colors::diverging(-1.0));
    }
}
