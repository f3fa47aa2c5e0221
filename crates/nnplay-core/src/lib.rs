//! nnplay's engine: small multi-layer perceptrons trained on 2-D toy data.
//!
//! `#![no_std]` with `alloc`; maths through `libm`, so results are the same
//! bits natively and in WebAssembly. Start with [`Trainer`], the whole
//! session; [`Mlp`] and the kernel are the maths underneath.

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod activation;
pub mod batch;
pub mod batchnorm;
pub mod catalog;
pub mod config;
pub mod coupled;
pub mod csv;
pub mod data;
pub mod decimal;
pub mod dropout;
pub mod error;
pub mod fast;
pub mod features;
pub mod head;
mod head_lanes;
pub mod kernel;
pub mod limits;
pub mod network;
pub mod optimizer;
pub mod real;
pub mod rng;
pub mod shortest;
pub mod trainer;

pub use activation::Activation;
pub use config::{
    Config, Dataset, Init, LossKind, OptimizerConfig, OptimizerKind, Problem, Regularization,
    RegularizationKind,
};
pub use data::Point;
pub use error::{Error, Result};
pub use features::Feature;
pub use head::Head;
pub use network::{LayerParams, Layout, Mlp, Model};
pub use real::Real;
pub use rng::Pcg32;
pub use trainer::{LossReport, Snapshot, StepReport, Trainer};
