//! What the engine offers, as one value a UI builds its controls from:
//! problems with their data sets and losses, activations, features,
//! optimizers with their parameters, ranges, limits and defaults — read off
//! the engine's own tables, so nothing is copied by hand.

use alloc::vec::Vec;

use crate::activation::Activation;
use crate::config::{Config, Dataset, Init, LossKind, OptimizerKind, Problem, RegularizationKind};
use crate::features::Feature;
use crate::head::Head;
use crate::limits::{self, Range};

/// The whole catalog (see the JS API's `Playground.catalog()`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Catalog {
    pub problems: Vec<ProblemInfo>,
    pub activations: Vec<&'static str>,
    pub features: Vec<&'static str>,
    pub inits: Vec<&'static str>,
    pub regularizations: Vec<&'static str>,
    pub optimizers: Vec<OptimizerInfo>,
    pub ranges: Ranges,
    /// The normalized default config (its `seed` is 0: a session draws one).
    pub defaults: Config,
}

/// One problem: what it can be trained on and with.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ProblemInfo {
    pub name: &'static str,
    pub datasets: Vec<&'static str>,
    pub default_dataset: &'static str,
    pub losses: Vec<LossInfo>,
    pub default_loss: &'static str,
    pub default_samples: usize,
    pub classes: Classes,
}

/// A loss and the output transform it is paired with (see [`Head`]).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LossInfo {
    pub name: &'static str,
    pub output: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Classes {
    pub min: usize,
    pub max: usize,
    pub default: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OptimizerInfo {
    pub kind: &'static str,
    /// The hyperparameters it reads besides the learning rate.
    pub params: &'static [&'static str],
}

/// An upper limit alone.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Max {
    pub max: usize,
}

/// Every range config validation and editing enforce, by field.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Ranges {
    pub learning_rate: Range,
    pub momentum: Range,
    pub beta1: Range,
    pub beta2: Range,
    pub rho: Range,
    pub eps: Range,
    pub noise: Range,
    pub train_ratio: Range,
    pub samples: Range,
    pub batch_size: Range,
    pub regularization_rate: Range,
    pub dropout: Range,
    pub hidden_layers: Range,
    pub layer_width: Range,
    pub total_hidden: Max,
    pub points: Max,
    pub coordinate: Range,
    /// Grid cells x maps of one evaluation (`resolution² × maps`).
    pub grid_values: Max,
    /// The largest grid side.
    pub resolution: Range,
    /// Epochs per `train` call.
    pub train_epochs: Max,
    /// Bytes of CSV text per import.
    pub csv_bytes: Max,
}

// The names of the choices no validation reads by name.

impl Init {
    pub const ALL: [Init; 4] = [Init::Tfp, Init::Xavier, Init::He, Init::Zero];

    pub fn name(self) -> &'static str {
        match self {
            Init::Tfp => "tfp",
            Init::Xavier => "xavier",
            Init::He => "he",
            Init::Zero => "zero",
        }
    }
}

impl RegularizationKind {
    pub const ALL: [RegularizationKind; 3] = [
        RegularizationKind::None,
        RegularizationKind::L1,
        RegularizationKind::L2,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RegularizationKind::None => "none",
            RegularizationKind::L1 => "l1",
            RegularizationKind::L2 => "l2",
        }
    }
}

/// The output transform a head applies to the last layer's z.
pub fn output_name(head: Head) -> &'static str {
    match head {
        Head::TanhSquared => "tanh",
        Head::SigmoidCrossEntropy => "sigmoid",
        Head::SoftmaxCrossEntropy => "softmax",
        Head::LinearSquared | Head::LinearHuber => "linear",
    }
}

fn problem_info(problem: Problem) -> ProblemInfo {
    let datasets = Dataset::for_problem(problem);
    let losses = LossKind::for_problem(problem);
    let (min, max, default) = problem.classes();
    ProblemInfo {
        name: problem.name(),
        datasets: datasets.iter().map(|d| d.name()).collect(),
        default_dataset: datasets[0].name(),
        losses: losses
            .iter()
            .map(|&l| LossInfo {
                name: l.name(),
                output: output_name(Head::new(problem, l)),
            })
            .collect(),
        default_loss: losses[0].name(),
        default_samples: problem.default_samples(),
        classes: Classes { min, max, default },
    }
}

/// The catalog, built from the engine's definitions.
pub fn catalog() -> Catalog {
    let mut defaults = Config::default()
        .normalized()
        .unwrap_or_else(|_| Config::default());
    defaults.seed = 0;
    Catalog {
        problems: Problem::ALL.into_iter().map(problem_info).collect(),
        activations: Activation::ALL.iter().map(|a| a.name()).collect(),
        features: Feature::ALL.iter().map(|f| f.name()).collect(),
        inits: Init::ALL.iter().map(|i| i.name()).collect(),
        regularizations: RegularizationKind::ALL.iter().map(|r| r.name()).collect(),
        optimizers: OptimizerKind::ALL
            .iter()
            .map(|&k| OptimizerInfo {
                kind: k.name(),
                params: k.params(),
            })
            .collect(),
        ranges: Ranges {
            learning_rate: limits::LEARNING_RATE,
            momentum: limits::DECAY,
            beta1: limits::DECAY,
            beta2: limits::DECAY,
            rho: limits::DECAY,
            eps: limits::EPS,
            noise: limits::NOISE,
            train_ratio: limits::TRAIN_RATIO,
            samples: limits::SAMPLES,
            batch_size: limits::BATCH_SIZE,
            regularization_rate: limits::REGULARIZATION_RATE,
            dropout: limits::DROPOUT,
            hidden_layers: limits::HIDDEN_LAYERS,
            layer_width: limits::LAYER_WIDTH,
            total_hidden: Max {
                max: limits::MAX_TOTAL_HIDDEN,
            },
            points: Max {
                max: limits::MAX_POINTS,
            },
            coordinate: limits::COORDINATE,
            grid_values: Max {
                max: limits::MAX_GRID_VALUES,
            },
            resolution: Range::closed(2.0, limits::MAX_RESOLUTION as f64),
            train_epochs: Max {
                max: limits::MAX_TRAIN_EPOCHS,
            },
            csv_bytes: Max {
                max: limits::MAX_CSV_BYTES,
            },
        },
        defaults,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_choice_is_one_validation_accepts() {
        let c = catalog();
        assert_eq!(c.problems.len(), Problem::ALL.len());
        for (info, &problem) in c.problems.iter().zip(&Problem::ALL) {
            for &dataset in Dataset::for_problem(problem) {
                for &loss in LossKind::for_problem(problem) {
                    let config = Config {
                        problem,
                        classes: info.classes.default,
                        dataset: Some(dataset),
                        loss: Some(loss),
                        ..Config::default()
                    };
                    let n = config.normalized().unwrap();
                    assert_eq!(n.samples, info.default_samples);
                }
            }
        }
        assert_eq!(c.problems[0].losses[1].output, "sigmoid");
        assert_eq!(c.problems[1].losses[0].output, "softmax");
        assert_eq!(c.defaults.dataset, Some(Dataset::Circle));
        assert_eq!(c.optimizers[4].params, ["beta1", "beta2", "eps"]);
    }

    #[test]
    fn ranges_are_the_ones_validation_enforces() {
        let r = catalog().ranges;
        let with = |f: &dyn Fn(&mut Config)| {
            let mut c = Config::default();
            f(&mut c);
            c.normalized()
        };
        let lr = r.learning_rate.max as f32;
        assert!(with(&|c| c.optimizer.learning_rate = lr).is_ok());
        assert!(with(&|c| c.optimizer.learning_rate = lr * 1.01).is_err());
        assert!(with(&|c| c.optimizer.learning_rate = 0.0).is_err());
        let n = r.noise.max as f32;
        assert!(with(&|c| c.noise = n).is_ok());
        assert!(with(&|c| c.noise = n + 0.01).is_err());
        let s = r.samples.max as usize;
        assert!(with(&|c| c.samples = s).is_ok());
        assert!(with(&|c| c.samples = s + 1).is_err());
        let w = r.layer_width.max as usize;
        assert!(with(&|c| c.hidden = alloc::vec![w; 8]).is_ok());
        assert!(with(&|c| c.hidden = alloc::vec![w + 1]).is_err());
        let total = r.total_hidden.max;
        assert!(with(&|c| c.hidden = alloc::vec![w; total / w]).is_ok());
        assert!(with(&|c| c.hidden = alloc::vec![w; total / w + 1]).is_err());
        assert!(with(&|c| c.optimizer.beta2 = r.beta2.max as f32).is_err());
        assert!(with(&|c| c.dropout = r.dropout.max as f32).is_ok());
        assert!(with(&|c| c.dropout = r.dropout.max as f32 + 0.01).is_err());
    }
}
