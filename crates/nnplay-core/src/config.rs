//! Everything a learner can set, its defaults, and its validation.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::features::Feature;
use crate::limits;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Problem {
    /// Two classes, labels +1 / -1.
    #[default]
    Classification,
    /// K classes, labels 0..K-1.
    Multiclass,
    /// A real value per point.
    Regression,
}

impl Problem {
    pub const ALL: [Problem; 3] = [
        Problem::Classification,
        Problem::Multiclass,
        Problem::Regression,
    ];

    /// TF Playground's point count for the problem (what `samples: 0` means).
    pub fn default_samples(self) -> usize {
        match self {
            Problem::Regression => 1200,
            _ => 500,
        }
    }

    /// The classes a problem allows (`min..=max`) and starts with.
    pub fn classes(self) -> (usize, usize, usize) {
        match self {
            Problem::Classification => (2, 2, 2),
            Problem::Multiclass => (2, MAX_CLASSES, 3),
            Problem::Regression => (1, 1, 1),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Problem::Classification => "classification",
            Problem::Multiclass => "multiclass",
            Problem::Regression => "regression",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Dataset {
    Circle,
    Xor,
    Gauss,
    Spiral,
    Moons,
    Checkerboard,
    Rings,
    Blobs,
    Plane,
    Gaussians,
}

impl Dataset {
    pub const ALL: [Dataset; 10] = [
        Dataset::Circle,
        Dataset::Xor,
        Dataset::Gauss,
        Dataset::Spiral,
        Dataset::Moons,
        Dataset::Checkerboard,
        Dataset::Rings,
        Dataset::Blobs,
        Dataset::Plane,
        Dataset::Gaussians,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dataset::Circle => "circle",
            Dataset::Xor => "xor",
            Dataset::Gauss => "gauss",
            Dataset::Spiral => "spiral",
            Dataset::Moons => "moons",
            Dataset::Checkerboard => "checkerboard",
            Dataset::Rings => "rings",
            Dataset::Blobs => "blobs",
            Dataset::Plane => "plane",
            Dataset::Gaussians => "gaussians",
        }
    }

    /// The data sets that make sense for a problem.
    pub fn for_problem(problem: Problem) -> &'static [Dataset] {
        match problem {
            Problem::Classification => &[
                Dataset::Circle,
                Dataset::Xor,
                Dataset::Gauss,
                Dataset::Spiral,
                Dataset::Moons,
                Dataset::Checkerboard,
                Dataset::Rings,
            ],
            Problem::Multiclass => &[Dataset::Blobs, Dataset::Spiral],
            Problem::Regression => &[Dataset::Plane, Dataset::Gaussians],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum LossKind {
    /// 0.5 (o - y)^2 on the tanh (classification) or linear (regression) output.
    Squared,
    /// Cross-entropy from the logits: sigmoid for two classes, softmax for K.
    CrossEntropy,
    /// Huber with delta 1 on a linear output (regression only).
    Huber,
}

impl LossKind {
    pub fn name(self) -> &'static str {
        match self {
            LossKind::Squared => "squared",
            LossKind::CrossEntropy => "crossEntropy",
            LossKind::Huber => "huber",
        }
    }

    pub fn for_problem(problem: Problem) -> &'static [LossKind] {
        match problem {
            Problem::Classification => &[LossKind::Squared, LossKind::CrossEntropy],
            Problem::Multiclass => &[LossKind::CrossEntropy],
            Problem::Regression => &[LossKind::Squared, LossKind::Huber],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Init {
    /// TF Playground's: w ~ U(-0.5, 0.5), b = 0.1.
    #[default]
    Tfp,
    /// w ~ U(+-sqrt(6 / (in + out))), b = 0.
    Xavier,
    /// w ~ U(+-sqrt(6 / in)), b = 0.
    He,
    /// Every weight and bias 0.
    Zero,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum OptimizerKind {
    #[default]
    Sgd,
    Momentum,
    Nesterov,
    Rmsprop,
    Adam,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 5] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::Rmsprop,
        OptimizerKind::Adam,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::Rmsprop => "rmsprop",
            OptimizerKind::Adam => "adam",
        }
    }

    /// The `OptimizerConfig` fields (camelCase) the update reads besides
    /// the learning rate.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            OptimizerKind::Sgd => &[],
            OptimizerKind::Momentum | OptimizerKind::Nesterov => &["momentum"],
            OptimizerKind::Rmsprop => &["rho", "eps"],
            OptimizerKind::Adam => &["beta1", "beta2", "eps"],
        }
    }
}

/// The optimizer and its hyperparameters (PyTorch's definitions and defaults).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", default, deny_unknown_fields)
)]
pub struct OptimizerConfig {
    pub kind: OptimizerKind,
    pub learning_rate: f32,
    /// mu of momentum and Nesterov.
    pub momentum: f32,
    pub beta1: f32,
    pub beta2: f32,
    /// The decay of RMSprop's running mean of g^2 (PyTorch's alpha).
    pub rho: f32,
    pub eps: f32,
}

impl Default for OptimizerConfig {
    fn default() -> Self {
        OptimizerConfig {
            kind: OptimizerKind::Sgd,
            learning_rate: 0.03,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            rho: 0.99,
            eps: 1e-8,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum RegularizationKind {
    #[default]
    None,
    L1,
    L2,
}

/// A penalty on the weights (never the biases).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", default, deny_unknown_fields)
)]
pub struct Regularization {
    pub kind: RegularizationKind,
    pub rate: f32,
}

/// The whole set-up of a session. Every field has a default; `dataset`,
/// `loss` and `samples` default by problem (`None` / 0 mean "the default").
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", default, deny_unknown_fields)
)]
pub struct Config {
    pub seed: u32,
    pub problem: Problem,
    /// K for multiclass (2..=8); 2 for classification, 1 for regression.
    pub classes: usize,
    pub dataset: Option<Dataset>,
    /// How many points to generate; 0 = TF Playground's count for the problem.
    pub samples: usize,
    pub noise: f32,
    pub train_ratio: f32,
    pub features: Vec<Feature>,
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub loss: Option<LossKind>,
    pub init: Init,
    pub optimizer: OptimizerConfig,
    pub regularization: Regularization,
    pub batch_size: usize,
    pub shuffle: bool,
    /// Inverted dropout on every hidden layer while training (0 = off).
    pub dropout: f32,
    /// Batch normalization before every hidden layer's activation.
    pub batch_norm: bool,
}

impl Default for Config {
    /// TF Playground's defaults (the W-default workload).
    fn default() -> Self {
        Config {
            seed: 0,
            problem: Problem::Classification,
            classes: 2,
            dataset: None,
            samples: 0,
            noise: 0.0,
            train_ratio: 0.5,
            features: vec![Feature::X1, Feature::X2],
            hidden: vec![4, 2],
            activation: Activation::Tanh,
            loss: None,
            init: Init::Tfp,
            optimizer: OptimizerConfig::default(),
            regularization: Regularization::default(),
            batch_size: 10,
            shuffle: true,
            dropout: 0.0,
            batch_norm: false,
        }
    }
}

pub use crate::limits::{MAX_CLASSES, MAX_HIDDEN_LAYERS, MAX_WIDTH};

impl Config {
    /// Checks every field and fills the problem-dependent defaults: the
    /// config every other part of the engine may rely on. The ranges are
    /// those of [`crate::limits`], which the catalog reports.
    pub fn normalized(&self) -> Result<Config> {
        let mut c = self.clone();
        let (min, max, _) = c.problem.classes();
        if c.problem == Problem::Multiclass {
            limits::Range::closed(min as f64, max as f64).check_count("classes", c.classes)?;
        } else {
            // Only multiclass reads it; any other problem fixes it, but a
            // count no problem could have is still refused.
            limits::Range::closed(1.0, MAX_CLASSES as f64).check_count("classes", c.classes)?;
            c.classes = min;
        }
        let datasets = Dataset::for_problem(c.problem);
        let dataset = *c.dataset.get_or_insert(datasets[0]);
        if !datasets.contains(&dataset) {
            return Err(Error::config(
                "dataset",
                format!(
                    "{} is not a {} data set (choose one of: {})",
                    dataset.name(),
                    c.problem.name(),
                    join(datasets.iter().map(|d| d.name()))
                ),
            ));
        }
        let losses = LossKind::for_problem(c.problem);
        let loss = *c.loss.get_or_insert(losses[0]);
        if !losses.contains(&loss) {
            return Err(Error::config(
                "loss",
                format!(
                    "{} does not fit a {} problem (choose one of: {})",
                    loss.name(),
                    c.problem.name(),
                    join(losses.iter().map(|l| l.name()))
                ),
            ));
        }
        if c.samples == 0 {
            c.samples = c.problem.default_samples();
        }
        limits::SAMPLES.check_count("samples", c.samples)?;
        limits::NOISE.check("noise", c.noise)?;
        limits::TRAIN_RATIO.check("trainRatio", c.train_ratio)?;
        if c.features.is_empty() {
            return Err(Error::config("features", "choose at least one feature"));
        }
        c.features.sort_unstable();
        if c.features.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::config("features", "a feature is listed twice"));
        }
        limits::HIDDEN_LAYERS.check_count("hidden", c.hidden.len())?;
        for (i, &w) in c.hidden.iter().enumerate() {
            limits::LAYER_WIDTH.check_count(&format!("hidden[{i}]"), w)?;
        }
        let total: usize = c.hidden.iter().sum();
        if total > limits::MAX_TOTAL_HIDDEN {
            return Err(Error::config(
                "hidden",
                format!(
                    "at most {} hidden neurons in all, got {total}",
                    limits::MAX_TOTAL_HIDDEN
                ),
            ));
        }
        let o = &c.optimizer;
        limits::LEARNING_RATE.check("optimizer.learningRate", o.learning_rate)?;
        limits::DECAY.check("optimizer.momentum", o.momentum)?;
        limits::DECAY.check("optimizer.beta1", o.beta1)?;
        limits::DECAY.check("optimizer.beta2", o.beta2)?;
        limits::DECAY.check("optimizer.rho", o.rho)?;
        limits::EPS.check("optimizer.eps", o.eps)?;
        limits::REGULARIZATION_RATE.check("regularization.rate", c.regularization.rate)?;
        limits::BATCH_SIZE.check_count("batchSize", c.batch_size)?;
        limits::DROPOUT.check("dropout", c.dropout)?;
        crate::batchnorm::check_config(&c)?;
        Ok(c)
    }

    /// The problem's loss, once normalized.
    pub fn loss_kind(&self) -> LossKind {
        self.loss.unwrap_or(LossKind::for_problem(self.problem)[0])
    }

    pub fn dataset_kind(&self) -> Dataset {
        self.dataset
            .unwrap_or(Dataset::for_problem(self.problem)[0])
    }

    /// Neurons per layer, inputs first: [inputs, hidden..., outputs].
    pub fn layer_sizes(&self) -> Vec<usize> {
        let outputs = if self.problem == Problem::Multiclass {
            self.classes
        } else {
            1
        };
        let mut sizes = Vec::with_capacity(self.hidden.len() + 2);
        sizes.push(self.features.len());
        sizes.extend_from_slice(&self.hidden);
        sizes.push(outputs);
        sizes
    }
}

fn join<'a>(names: impl Iterator<Item = &'a str>) -> alloc::string::String {
    names.collect::<Vec<_>>().join(", ")
}
