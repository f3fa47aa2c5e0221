//! The session behind a `Playground` and its pictures, in plain Rust (no JS
//! types, so it runs and is tested natively too): the output and every
//! hidden neuron over a grid and their colours, written into buffers the
//! engine owns and reuses, so that after the first frame of a given size,
//! drawing allocates nothing.

use nnplay_core::trainer::grid_coord;
use nnplay_core::{Config, Error, Feature, Head, Layout, Problem, Trainer};
use serde::Serialize;

use crate::colors::{class_color, BoundaryMap, Palette};

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

pub struct Engine {
    pub(crate) trainer: Trainer,
    /// The output over the last grid, `[cell][output]`.
    values: Vec<f32>,
    /// Every hidden neuron over the last grid, `[neuron][cell]`.
    neurons: Vec<f32>,
    /// What the last grid pass computed: `values` (and, if it kept them,
    /// `neurons`) are current while its resolution and revision are.
    evaluated: Option<Evaluated>,
    /// The resolution every hidden neuron was last asked for at: a grid
    /// pass at it keeps them too, so a frame that asks for the boundary and
    /// the neurons at one resolution takes one pass, while a boundary drawn
    /// finer than the thumbnails does not copy out every neuron at its own
    /// resolution (48 neurons at 256 x 256 are 12 MB a frame).
    neurons_wanted: Option<usize>,
    /// The last RGBA picture.
    pixels: Vec<u8>,
    /// Gradients, traces and predictions.
    pub(crate) scratch: Vec<f32>,
    pub(crate) scratch2: Vec<f32>,
    palette: Palette,
}

/// An epoch count for `train`, within the engine's limit per call.
pub fn epochs(n: usize) -> Result<u32, String> {
    use nnplay_core::limits::MAX_TRAIN_EPOCHS;
    if n <= MAX_TRAIN_EPOCHS {
        Ok(n as u32)
    } else {
        Err(format!(
            "epochs must be at most {MAX_TRAIN_EPOCHS} per call (the engine's limit), got {n}"
        ))
    }
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
            neurons_wanted: None,
            pixels: Vec::new(),
            scratch: Vec::new(),
            scratch2: Vec::new(),
            palette: Palette::new(),
        }
    }

    pub(crate) fn layout(&self) -> &Layout {
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

    /// Evaluates the output over the grid, and every hidden neuron with it
    /// when `neurons` asks or they were last asked for at this resolution,
    /// unless the last pass already did so for this network.
    fn evaluate(&mut self, resolution: usize, neurons: bool) -> Result<(), String> {
        if neurons {
            self.neurons_wanted = Some(resolution);
        }
        let keep = self.neurons_wanted == Some(resolution);
        let now = Evaluated {
            resolution,
            revision: self.trainer.revision(),
            neurons: keep,
        };
        if let Some(last) = self.evaluated {
            let same = last.resolution == now.resolution && last.revision == now.revision;
            if same && (last.neurons || !keep) {
                return Ok(());
            }
        }
        self.evaluated = None;
        let (k, hidden) = (self.layout().outputs(), self.layout().hidden_count());
        let cells = Self::cells(resolution, k.max(hidden))?;
        self.values.resize(cells * k, 0.0);
        let neurons = if keep {
            self.neurons.resize(cells * hidden, 0.0);
            Some(&mut self.neurons[..])
        } else {
            None
        };
        // Called through an opaque pointer so that LLVM keeps the core's
        // grid pass (its per-block loops) out of line, built at the core's
        // opt-level 3, instead of inlining it into this crate's size-first
        // code: inlined here, W-default's grid ran ~15% slower.
        let grid_into: GridInto = Trainer::grid_into;
        core::hint::black_box(grid_into)(&mut self.trainer, resolution, &mut self.values, neurons)
            .map_err(message)?;
        self.evaluated = Some(now);
        Ok(())
    }

    /// The output over the grid, `[cell][output]`.
    pub fn grid(&mut self, resolution: usize) -> Result<&[f32], String> {
        self.evaluate(resolution, false)?;
        Ok(&self.values)
    }

    /// Every hidden neuron over the grid, `[neuron][cell]`.
    pub fn neurons(&mut self, resolution: usize) -> Result<&[f32], String> {
        self.evaluate(resolution, true)?;
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
        let map = match head {
            Head::TanhSquared | Head::LinearSquared | Head::LinearHuber => BoundaryMap::Signed,
            Head::SigmoidCrossEntropy => BoundaryMap::Probability,
            Head::SoftmaxCrossEntropy => BoundaryMap::Classes,
        };
        self.palette
            .fill_boundary(&self.values, k, map, discretize, &mut self.pixels);
        Ok(&self.pixels)
    }

    /// Every hidden neuron's thumbnail, neuron-major (activations clamped to
    /// [-1, 1], the range of tanh).
    pub fn neuron_pixels(&mut self, resolution: usize) -> Result<&[u8], String> {
        self.neurons(resolution)?;
        self.pixels.resize(self.neurons.len() * 4, 0);
        self.palette.fill_values(&self.neurons, &mut self.pixels);
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
}

/// The signature of [`Trainer::grid_into`].
/// What a grid pass computed (see `Engine::evaluated`).
#[derive(Clone, Copy)]
struct Evaluated {
    resolution: usize,
    revision: u64,
    neurons: bool,
}

type GridInto = fn(&mut Trainer, usize, &mut [f32], Option<&mut [f32]>) -> nnplay_core::Result<()>;

/// The largest |value| of a feature over the domain [-6, 6]^2.
pub fn feature_scale(f: Feature) -> f32 {
    match f {
        Feature::X1 | Feature::X2 => 6.0,
        Feature::X1Squared | Feature::X2Squared | Feature::X1X2 => 36.0,
        Feature::SinX1 | Feature::SinX2 | Feature::CosX1 | Feature::CosX2 => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(config: Config) -> Engine {
        Engine::new(&Config { seed: 1, ..config }).unwrap()
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
    fn neurons_are_kept_only_at_the_resolution_they_are_asked_for() {
        let mut e = engine(Config {
            hidden: vec![3, 2],
            ..Config::default()
        });
        let fresh = |e: &Engine, res: usize| {
            let mut t = e.trainer.clone();
            let mut out = vec![0.0; res * res];
            let mut neurons = vec![0.0; res * res * 5];
            t.grid_into(res, &mut out, Some(&mut neurons)).unwrap();
            (out, neurons)
        };
        // The boundary alone: no neuron is copied out, no buffer for them.
        let (out_16, neurons_16) = fresh(&e, 16);
        assert_eq!(e.grid(16).unwrap(), &out_16[..]);
        assert!(
            e.neurons.is_empty(),
            "no neuron buffer for the boundary alone"
        );
        // Thumbnails at 8 and the boundary at 16, frame after frame.
        for frame in 0..3 {
            let (out_8, neurons_8) = fresh(&e, 8);
            let (out_16, _) = fresh(&e, 16);
            assert_eq!(e.grid(16).unwrap(), &out_16[..], "frame {frame}");
            assert_eq!(e.neurons(8).unwrap(), &neurons_8[..], "frame {frame}");
            assert_eq!(e.grid(8).unwrap(), &out_8[..], "frame {frame}");
            assert_eq!(
                e.neurons.len(),
                8 * 8 * 5,
                "frame {frame}: neurons at 8 only"
            );
            e.trainer.step().unwrap();
        }
        // Both at one resolution: one pass serves both, and both are right.
        let (out_16, neurons_16_now) = fresh(&e, 16);
        assert_ne!(neurons_16_now, neurons_16, "the network moved");
        assert_eq!(e.neurons(16).unwrap(), &neurons_16_now[..]);
        e.trainer.step().unwrap();
        let (next_out, next_neurons) = fresh(&e, 16);
        assert_ne!(next_out, out_16);
        assert_eq!(e.grid(16).unwrap(), &next_out[..]);
        assert!(e.evaluated.is_some_and(|p| p.neurons), "kept at 16");
        assert_eq!(e.neurons(16).unwrap(), &next_neurons[..]);
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
