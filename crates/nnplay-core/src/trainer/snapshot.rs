//! A whole session as plain data and back: config, points, weights,
//! optimizer state, the epoch's schedule and the counters, so a restored
//! session trains on exactly (bit for bit) as the saved one would have.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::Trainer;
use crate::config::Config;
use crate::data::Point;
use crate::error::{Error, Result};
use crate::limits::MAX_POINTS;
use crate::network::Model;
use crate::rng::Pcg32;

/// The format's version; a snapshot of another version is refused.
pub const SNAPSHOT_VERSION: u32 = 1;

/// Everything a session holds (see [`Trainer::snapshot`]).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct Snapshot {
    pub version: u32,
    pub config: Config,
    pub points: Vec<Point>,
    pub model: Model,
    pub optimizer: OptimizerState,
    /// Completed epochs.
    pub epoch: u64,
    /// Updates taken.
    pub step: u64,
    pub diverged: bool,
    pub schedule: Schedule,
}

/// The optimizer's memory, in parameter order (every weight, then every
/// bias): velocities or first moments, running means of g², and the number
/// of updates it has taken (Adam's t).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct OptimizerState {
    pub first: Vec<f32>,
    pub second: Vec<f32>,
    pub steps: u64,
    /// The same moments of batch normalization's every γ then every β;
    /// absent without batch norm (and in snapshots made before it).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub norm: Option<NormMoments>,
}

/// The optimizer's moments of γ and β (their step count is `steps`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct NormMoments {
    pub first: Vec<f32>,
    pub second: Vec<f32>,
}

/// Where the epoch in progress stands.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Schedule {
    /// The training points' indices in this epoch's order.
    pub order: Vec<u32>,
    /// Where the next minibatch starts in `order`.
    pub cursor: usize,
    /// The shuffle generator's state and increment, as hexadecimal text
    /// (64-bit values do not fit a JS number).
    pub shuffle: [String; 2],
    /// The dropout generator's state and increment, likewise; absent in
    /// snapshots made before dropout (which start its stream afresh).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub dropout: Option<[String; 2]>,
}

fn bad(field: &str, message: impl Into<String>) -> Error {
    Error::Snapshot {
        field: field.into(),
        message: message.into(),
    }
}

/// Re-roots an error of a part of the snapshot under `field`.
fn under(field: &str, e: Error) -> Error {
    match e {
        Error::Config { field: f, message } => bad(&format!("config.{f}"), message),
        other => bad(field, other.to_string()),
    }
}

fn expect_len(field: &str, got: usize, expected: usize) -> Result<()> {
    if got == expected {
        Ok(())
    } else {
        Err(bad(field, format!("expected {expected} values, got {got}")))
    }
}

/// A generator from its state and increment in hexadecimal, `schedule.<name>`.
fn generator(name: &str, text: &[String; 2]) -> Result<Pcg32> {
    let hex = |i: usize| {
        u64::from_str_radix(&text[i], 16)
            .map_err(|_| bad(&format!("schedule.{name}[{i}]"), "is not a hexadecimal u64"))
    };
    Pcg32::from_state(hex(0)?, hex(1)?)
        .ok_or_else(|| bad(&format!("schedule.{name}[1]"), "a PCG increment is odd"))
}

impl Trainer {
    /// The whole session as plain data.
    pub fn snapshot(&self) -> Snapshot {
        let (first, second, steps) = self.optimizer.state();
        let (state, increment) = self.shuffle_rng.state();
        let (d_state, d_increment) = self.dropout_rng.state();
        let (norm_first, norm_second, _) = self.norm_optimizer.state();
        Snapshot {
            version: SNAPSHOT_VERSION,
            config: self.config.clone(),
            points: self.points.clone(),
            model: self.mlp.model(),
            optimizer: OptimizerState {
                first: first.to_vec(),
                second: second.to_vec(),
                steps,
                norm: self.mlp.norm.is_some().then(|| NormMoments {
                    first: norm_first.to_vec(),
                    second: norm_second.to_vec(),
                }),
            },
            epoch: self.epoch,
            step: self.steps,
            diverged: self.diverged,
            schedule: Schedule {
                order: self.order.clone(),
                cursor: self.cursor,
                shuffle: [format!("{state:016x}"), format!("{increment:016x}")],
                dropout: Some([format!("{d_state:016x}"), format!("{d_increment:016x}")]),
            },
        }
    }

    /// A session equal to the one `snapshot` was taken of. Every part is
    /// checked first; a bad one is named (`snapshot.points[3]: ...`) and
    /// nothing is built.
    pub fn restore(s: &Snapshot) -> Result<Trainer> {
        if s.version != SNAPSHOT_VERSION {
            let v = s.version;
            return Err(bad(
                "version",
                format!("expected {SNAPSHOT_VERSION}, got {v}"),
            ));
        }
        let config = s.config.normalized().map_err(|e| under("config", e))?;
        let mut t = Trainer::empty(config);
        if s.points.len() > MAX_POINTS {
            let n = s.points.len();
            return Err(bad(
                "points",
                format!("at most {MAX_POINTS} points (the engine's limit), got {n}"),
            ));
        }
        for (i, p) in s.points.iter().enumerate() {
            t.check_point(p.x, p.y, p.label)
                .map_err(|e| under(&format!("points[{i}]"), e))?;
        }
        t.points = s.points.clone();
        t.refresh_point_features();
        t.mlp.set_model(&s.model).map_err(|e| under("model", e))?;
        let n = t.mlp.layout.param_count;
        let o = &s.optimizer;
        for (field, values) in [
            ("optimizer.first", &o.first),
            ("optimizer.second", &o.second),
        ] {
            expect_len(field, values.len(), n)?;
            if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                return Err(bad(&format!("{field}[{i}]"), "must be finite"));
            }
        }
        t.optimizer.set_state(&o.first, &o.second, o.steps);
        let norm_count = t.mlp.norm.as_ref().map_or(0, |n| n.affine.len());
        match (&o.norm, norm_count) {
            (None, 0) => {}
            (None, _) => {
                return Err(bad(
                    "optimizer.norm",
                    "is missing (config.batchNorm is true)",
                ))
            }
            (Some(_), 0) => {
                return Err(bad(
                    "optimizer.norm",
                    "this network has no batch normalization (config.batchNorm is false)",
                ))
            }
            (Some(m), n) => {
                for (field, values) in [
                    ("optimizer.norm.first", &m.first),
                    ("optimizer.norm.second", &m.second),
                ] {
                    expect_len(field, values.len(), n)?;
                    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                        return Err(bad(&format!("{field}[{i}]"), "must be finite"));
                    }
                }
                t.norm_optimizer.set_state(&m.first, &m.second, o.steps);
            }
        }
        let order = &s.schedule.order;
        for (i, &p) in order.iter().enumerate() {
            if t.points.get(p as usize).is_none_or(|p| p.test) {
                return Err(bad(
                    &format!("schedule.order[{i}]"),
                    format!("{p} is not the index of a training point"),
                ));
            }
        }
        if s.schedule.cursor > order.len() {
            return Err(bad(
                "schedule.cursor",
                format!("must be at most {}, got {}", order.len(), s.schedule.cursor),
            ));
        }
        t.shuffle_rng = generator("shuffle", &s.schedule.shuffle)?;
        if let Some(d) = &s.schedule.dropout {
            t.dropout_rng = generator("dropout", d)?;
        }
        t.order = order.clone();
        t.cursor = s.schedule.cursor;
        t.epoch = s.epoch;
        t.steps = s.step;
        t.diverged = s.diverged;
        Ok(t)
    }
}
