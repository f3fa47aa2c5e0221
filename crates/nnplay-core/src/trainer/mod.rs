//! A training session: data, network, optimizer and the minibatch schedule.

mod coupled;
mod edit;
mod evaluate;
mod forward_pass;
mod freeze;
mod health;
mod inspect;
mod landscape;
mod minibatch;
mod point_features;
mod snapshot;

pub use evaluate::grid_coord;
use evaluate::load_point;
pub use forward_pass::{ForwardLayer, ForwardPass, NormPass, TrainingForward};
pub use health::{Health, LayerHealth, OutputHealth};
pub use landscape::{
    surface_axis, LossSource, ParamRef, MAX_SURFACE_RESOLUTION, MAX_SURFACE_SPAN, MAX_WARP_LINES,
    MAX_WARP_SAMPLES,
};
use point_features::PointFeatures;

pub use inspect::ParamState;
pub use snapshot::{NormMoments, OptimizerState, Schedule, Snapshot, SNAPSHOT_VERSION};

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use crate::config::Config;
use crate::coupled::Coupled;
use crate::data::{self, Point};
use crate::error::{Error, Result};
use crate::features::AxisValues;
use crate::head::Head;
use crate::kernel::Workspace;
use crate::limits::MAX_TRAIN_EPOCHS;
use crate::network::{Layout, Mlp};
use crate::optimizer::Optimizer;
use crate::rng::{Pcg32, Stream};

/// What a `step` or `train` call did.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct StepReport {
    pub epoch: u64,
    pub step: u64,
    /// The objective (mean loss + penalty) of the last minibatch.
    pub batch_loss: f64,
    /// True when this call found a NaN or infinite loss and stopped.
    pub diverged: bool,
}

/// Mean per-sample loss (no penalty) and accuracy on each split.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct LossReport {
    pub train: f64,
    pub test: f64,
    /// `None` for regression, and for a split with no points.
    pub train_accuracy: Option<f64>,
    pub test_accuracy: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Trainer {
    config: Config,
    points: Vec<Point>,
    /// `points`' feature values (kept in step with the points and features).
    point_features: PointFeatures,
    mlp: Mlp<f32>,
    optimizer: Optimizer<f32>,
    ws: Workspace<f32>,
    grad: Vec<f32>,
    /// The training points' indices in this epoch's order.
    order: Vec<u32>,
    /// Where the next minibatch starts in `order`.
    cursor: usize,
    epoch: u64,
    steps: u64,
    diverged: bool,
    shuffle_rng: Pcg32,
    /// Bumped whenever the network's function may have changed.
    revision: u64,
    /// The optimizer of batch normalization's γ and β (`BatchNorm::affine`).
    norm_optimizer: Optimizer<f32>,
    /// The buffers of a batch-normalized or dropout minibatch.
    coupled: Coupled<f32>,
    /// The dropout masks' generator, and the last minibatch's masks.
    dropout_rng: Pcg32,
    masks: Vec<f32>,
    /// The masks the last training step used (`step_dropout_masks`).
    step_masks: Vec<f32>,
    /// The grid's columns then rows (scratch: grows, never shrinks).
    axes: Vec<AxisValues>,
    /// The indices of one split's points (scratch, as above).
    split: Vec<u32>,
    /// Whether `step` leaves the biases still (see `set_biases_frozen`).
    biases_frozen: bool,
    /// The biases kept across an update while frozen (scratch, as above).
    held: Vec<f32>,
}

impl Trainer {
    /// Builds the data and the network the config describes.
    pub fn new(config: &Config) -> Result<Trainer> {
        let mut trainer = Trainer::empty(config.normalized()?);
        trainer.regenerate();
        Ok(trainer)
    }

    /// A session of a normalized config with no points and zero weights.
    fn empty(config: Config) -> Trainer {
        let mlp = new_network(&config);
        Trainer {
            optimizer: Optimizer::new(config.optimizer, mlp.layout.param_count),
            norm_optimizer: Optimizer::new(config.optimizer, norm_count(&mlp)),
            coupled: Coupled::new(),
            dropout_rng: Pcg32::for_stream(config.seed as u64, Stream::Dropout),
            masks: Vec::new(),
            step_masks: Vec::new(),
            ws: Workspace::new(&mlp),
            grad: vec![0.0; mlp.layout.param_count],
            mlp,
            points: Vec::new(),
            point_features: PointFeatures::new(&config.features),
            order: Vec::new(),
            cursor: 0,
            epoch: 0,
            steps: 0,
            diverged: false,
            shuffle_rng: Pcg32::for_stream(config.seed as u64, Stream::Shuffle),
            revision: 0,
            axes: Vec::new(),
            split: Vec::new(),
            biases_frozen: false,
            held: Vec::new(),
            config,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Applies a new config. Data is regenerated when a data field changed;
    /// the network is rebuilt when its shape, seed or init changed; otherwise
    /// the weights are kept and training goes on (on the new data, if any).
    pub fn set_config(&mut self, config: &Config) -> Result<()> {
        let new = config.normalized()?;
        self.revision += 1;
        let old = core::mem::replace(&mut self.config, new);
        let c = &self.config;
        let data_changed = c.seed != old.seed
            || c.problem != old.problem
            || c.classes != old.classes
            || c.dataset != old.dataset
            || c.samples != old.samples
            || c.noise != old.noise;
        let network_changed = c.seed != old.seed
            || c.problem != old.problem
            || c.classes != old.classes
            || c.features != old.features
            || c.hidden != old.hidden
            || c.init != old.init
            || c.batch_norm != old.batch_norm;
        let resplit = c.train_ratio != old.train_ratio;
        // With batch norm the epoch's order depends on the batch size (see
        // `restart_epoch`).
        let rebatch = c.batch_norm && c.batch_size != old.batch_size;
        let reorder = data_changed || resplit || rebatch || c.shuffle != old.shuffle;
        if data_changed {
            self.generate_points();
        } else if resplit {
            data::split(&mut self.points, self.config.train_ratio);
        }
        if !data_changed && self.config.features != old.features {
            self.refresh_point_features();
        }
        if network_changed {
            self.reset();
            return Ok(());
        }
        let c = &self.config;
        self.mlp.activation = c.activation;
        self.mlp.head = Head::new(c.problem, c.loss_kind());
        if c.optimizer.kind != old.optimizer.kind {
            self.optimizer = Optimizer::new(c.optimizer, self.mlp.layout.param_count);
            self.norm_optimizer = Optimizer::new(c.optimizer, norm_count(&self.mlp));
        } else {
            self.optimizer.config = c.optimizer;
            self.norm_optimizer.config = c.optimizer;
        }
        if reorder {
            self.restart_epoch();
        }
        Ok(())
    }

    /// New data from the config (hand-placed points are replaced), then reset.
    pub fn regenerate(&mut self) {
        self.generate_points();
        self.reset();
    }

    /// The config's data set, drawn from the seed's data stream.
    fn generate_points(&mut self) {
        self.points = data::draw(&self.config);
        self.refresh_point_features();
    }

    /// Recomputes every point's feature values (new points or features).
    fn refresh_point_features(&mut self) {
        let features = &self.config.features;
        self.point_features.rebuild(features, &self.points);
    }

    /// Fresh weights from the seed, a fresh optimizer, counters at zero.
    /// The data is kept. Recovers from divergence.
    pub fn reset(&mut self) {
        let c = &self.config;
        let mlp = new_network(c);
        if mlp.layout != self.mlp.layout {
            self.ws = Workspace::new(&mlp);
            self.grad = vec![0.0; mlp.layout.param_count];
        }
        self.mlp = mlp;
        let mut rng = Pcg32::for_stream(c.seed as u64, Stream::Init);
        self.mlp.initialize(c.init, &mut rng);
        self.optimizer = Optimizer::new(c.optimizer, self.mlp.layout.param_count);
        self.norm_optimizer = Optimizer::new(c.optimizer, norm_count(&self.mlp));
        self.shuffle_rng = Pcg32::for_stream(c.seed as u64, Stream::Shuffle);
        self.dropout_rng = Pcg32::for_stream(c.seed as u64, Stream::Dropout);
        self.step_masks.clear();
        self.epoch = 0;
        self.steps = 0;
        self.diverged = false;
        self.revision += 1;
        self.restart_epoch();
    }

    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    pub fn step_count(&self) -> u64 {
        self.steps
    }

    pub fn diverged(&self) -> bool {
        self.diverged
    }

    /// A counter that changes whenever the network's function may have
    /// changed (a step, new weights, a new config): a cached grid computed at
    /// the same revision is still the grid.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn layout(&self) -> &Layout {
        &self.mlp.layout
    }

    pub fn network(&self) -> &Mlp<f32> {
        &self.mlp
    }

    /// Every weight then every bias (see `network`).
    pub fn params(&self) -> &[f32] {
        &self.mlp.params
    }

    // ----- training -----

    /// One minibatch update.
    pub fn step(&mut self) -> Result<StepReport> {
        if self.diverged {
            return Err(Error::Diverged);
        }
        if self.order.is_empty() {
            return Err(Error::NoTrainingData);
        }
        let range = self.batch_range();
        let end = range.end;
        let objective = self.next_minibatch(None, None)?;
        let finite = |g: &[f32]| g.iter().all(|g| g.is_finite());
        if !objective.is_finite() || !finite(&self.grad) || !finite(&self.coupled.norm_grad) {
            self.diverged = true;
            return Ok(self.report(objective));
        }
        if self.biases_frozen {
            self.hold_biases();
        }
        self.optimizer.update(&mut self.mlp.params, &self.grad);
        if self.biases_frozen {
            self.put_biases_back();
        }
        self.coupled_update(range.len());
        self.steps += 1;
        self.revision += 1;
        self.cursor = end;
        if self.cursor >= self.order.len() {
            self.epoch += 1;
            self.restart_epoch();
        }
        Ok(self.report(objective))
    }

    /// Trains until `epochs` more epochs have been completed (the first one
    /// finishes the epoch in progress); at most [`MAX_TRAIN_EPOCHS`] per call,
    /// so that a call always ends soon.
    pub fn train(&mut self, epochs: u32) -> Result<StepReport> {
        if epochs as usize > MAX_TRAIN_EPOCHS {
            return Err(Error::Limit {
                what: "epochs",
                message: format!(
                    "at most {MAX_TRAIN_EPOCHS} per call (the engine's limit), got {epochs}"
                ),
            });
        }
        let target = self.epoch + epochs as u64;
        let mut report = self.report(f64::NAN);
        while self.epoch < target {
            report = self.step()?;
            if report.diverged {
                break;
            }
        }
        Ok(report)
    }

    fn report(&self, batch_loss: f64) -> StepReport {
        StepReport {
            epoch: self.epoch,
            step: self.steps,
            batch_loss,
            diverged: self.diverged,
        }
    }

    /// A new epoch order: the training points, shuffled if asked.
    fn restart_epoch(&mut self) {
        self.order.clear();
        self.order.extend(
            self.points
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.test)
                .map(|(i, _)| i as u32),
        );
        if self.config.shuffle {
            self.shuffle_rng.shuffle(&mut self.order);
        }
        // Batch norm cannot train on a lone point: one left over at the end
        // of the epoch sits this epoch out (a different one each epoch when
        // shuffled), as `drop_last` would in PyTorch for that batch alone.
        let n = self.order.len();
        if self.config.batch_norm && n > 1 && n % self.config.batch_size == 1 {
            self.order.pop();
        }
        self.cursor = 0;
    }
}

fn new_network(config: &Config) -> Mlp<f32> {
    let head = Head::new(config.problem, config.loss_kind());
    let mlp = Mlp::zeros(&config.layer_sizes(), config.activation, head);
    if config.batch_norm {
        mlp.with_batch_norm()
    } else {
        mlp
    }
}

/// How many γ and β values the network trains (0 without batch norm).
fn norm_count(mlp: &Mlp<f32>) -> usize {
    mlp.norm.as_ref().map_or(0, |n| n.affine.len())
}

fn expect_len(name: &'static str, got: usize, expected: usize) -> Result<()> {
    if got == expected {
        Ok(())
    } else {
        Err(Error::Buffer {
            name,
            message: format!("needs {expected} values, got {got}"),
        })
    }
}
