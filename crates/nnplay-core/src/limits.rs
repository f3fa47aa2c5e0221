//! Every range and size limit the engine enforces, in one place: config
//! validation, point editing, evaluation and the catalog all read these.

use alloc::format;

use crate::data::DOMAIN;
use crate::error::{Error, Result};
use crate::shortest::{Num, Shortest};

/// An interval of allowed values; both ends inclusive unless marked open.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Range {
    pub min: f64,
    pub max: f64,
    /// `min` itself is not allowed.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_false"))]
    pub min_exclusive: bool,
    /// `max` itself is not allowed.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_false"))]
    pub max_exclusive: bool,
}

#[cfg(feature = "serde")]
fn is_false(b: &bool) -> bool {
    !*b
}

impl Range {
    /// [min, max].
    pub const fn closed(min: f64, max: f64) -> Range {
        Range {
            min,
            max,
            min_exclusive: false,
            max_exclusive: false,
        }
    }

    /// (min, max].
    pub const fn open_min(min: f64, max: f64) -> Range {
        Range {
            min_exclusive: true,
            ..Range::closed(min, max)
        }
    }

    /// [min, max).
    pub const fn open_max(min: f64, max: f64) -> Range {
        Range {
            max_exclusive: true,
            ..Range::closed(min, max)
        }
    }

    pub fn contains(&self, v: f64) -> bool {
        let above = if self.min_exclusive {
            v > self.min
        } else {
            v >= self.min
        };
        let below = if self.max_exclusive {
            v < self.max
        } else {
            v <= self.max
        };
        v.is_finite() && above && below
    }

    /// The range as a reader writes it: `[0, 1)`, `(0, 100]`.
    pub fn describe(&self) -> alloc::string::String {
        let open = if self.min_exclusive { "(" } else { "[" };
        let close = if self.max_exclusive { ")" } else { "]" };
        format!("{open}{}, {}{close}", Num(self.min), Num(self.max))
    }

    /// Ok when `v` is inside; otherwise a config error naming `field`.
    pub fn check(&self, field: &str, v: f32) -> Result<()> {
        if self.contains(v as f64) {
            Ok(())
        } else if self.min_exclusive && !self.max_exclusive {
            let (min, max, v) = (Num(self.min), Num(self.max), Shortest(v));
            Err(Error::config(
                field,
                format!("must be > {min} and <= {max}, got {v}"),
            ))
        } else {
            Err(Error::config(
                field,
                format!("must be within {}, got {}", self.describe(), Shortest(v)),
            ))
        }
    }

    /// The same for a count: `min..=max` in the message.
    pub fn check_count(&self, field: &str, v: usize) -> Result<()> {
        if self.contains(v as f64) {
            Ok(())
        } else {
            Err(Error::config(
                field,
                format!("must be {}..={}, got {v}", Num(self.min), Num(self.max)),
            ))
        }
    }
}

/// The most points a session holds (generated, imported or placed).
pub const MAX_POINTS: usize = 10_000;
/// The most hidden neurons over all layers.
pub const MAX_TOTAL_HIDDEN: usize = 512;
/// The most hidden layers.
pub const MAX_HIDDEN_LAYERS: usize = 16;
/// The most neurons in one hidden layer.
pub const MAX_WIDTH: usize = 64;
/// The most classes of a multiclass problem.
pub const MAX_CLASSES: usize = 8;
/// The most epochs one `train` call runs (so that a call always ends soon).
pub const MAX_TRAIN_EPOCHS: usize = 1_000;
/// The largest grid side of one evaluation.
pub const MAX_RESOLUTION: usize = 1024;
/// The most values (grid cells x maps) one evaluation produces: 16 M, i.e.
/// 64 MB of `f32`.
pub const MAX_GRID_VALUES: usize = 1 << 24;
/// The longest CSV text an import reads, in bytes.
pub const MAX_CSV_BYTES: usize = 1 << 20;

pub const LEARNING_RATE: Range = Range::open_min(0.0, 100.0);
/// Momentum's mu, Adam's betas and RMSprop's rho.
pub const DECAY: Range = Range::open_max(0.0, 1.0);
pub const EPS: Range = Range::open_min(0.0, 1.0);
pub const NOISE: Range = Range::closed(0.0, 0.5);
pub const TRAIN_RATIO: Range = Range::closed(0.1, 0.9);
pub const REGULARIZATION_RATE: Range = Range::closed(0.0, 10.0);
/// The dropout rate of every hidden layer (the share of neurons dropped).
pub const DROPOUT: Range = Range::closed(0.0, 0.9);
pub const SAMPLES: Range = Range::closed(1.0, MAX_POINTS as f64);
pub const BATCH_SIZE: Range = Range::closed(1.0, MAX_POINTS as f64);
pub const HIDDEN_LAYERS: Range = Range::closed(0.0, MAX_HIDDEN_LAYERS as f64);
pub const LAYER_WIDTH: Range = Range::closed(1.0, MAX_WIDTH as f64);
/// A point's coordinates: the domain [-6, 6].
pub const COORDINATE: Range = Range::closed(-(DOMAIN as f64), DOMAIN as f64);
/// A regression label.
pub const REGRESSION_LABEL: Range = Range::closed(-1e6, 1e6);

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn open_ends_are_refused_and_named() {
        assert!(LEARNING_RATE.contains(100.0) && !LEARNING_RATE.contains(0.0));
        assert!(DECAY.contains(0.0) && !DECAY.contains(1.0));
        assert!(!NOISE.contains(f64::NAN) && !NOISE.contains(f64::INFINITY));
        let e = DECAY.check("optimizer.momentum", 1.0).unwrap_err();
        let noise = NOISE.check("noise", 0.9).unwrap_err().to_string();
        assert!(noise.ends_with("got 0.9"), "{noise}");
        assert_eq!(
            e.to_string(),
            "config.optimizer.momentum: must be within [0, 1), got 1"
        );
        let e = SAMPLES.check_count("samples", 20_000).unwrap_err();
        assert_eq!(
            e.to_string(),
            "config.samples: must be 1..=10000, got 20000"
        );
    }
}
