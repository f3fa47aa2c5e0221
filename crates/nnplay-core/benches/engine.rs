//! The engine's speed on docs/design.md's reference workloads, printed as
//! throughput: `cargo bench -p nnplay-core` (or `cargo xtask bench`).
//!
//! - W-default: TF Playground's defaults (x1, x2; hidden [4, 2]; tanh).
//! - W-max: TF Playground's largest (seven features; hidden 6 x 8).
//!
//! "samples" counts training samples per second (whole epochs of the 250
//! training points); "grid" counts grid points per second for the output and
//! every neuron's picture over 100 x 100 in one pass; "frame" is one epoch +
//! train/test loss + that grid.

use divan::counter::ItemsCount;
use divan::Bencher;
use nnplay_core::{Config, Feature, Trainer};

fn main() {
    divan::main();
}

fn w_default() -> Config {
    Config {
        seed: 1,
        ..Config::default()
    }
}

fn w_max() -> Config {
    Config {
        // x1, x2, their squares, x1x2 and the two sines: all but the cosines.
        features: Feature::ALL[..7].to_vec(),
        hidden: vec![8; 6],
        ..w_default()
    }
}

fn workload(name: &str) -> Config {
    match name {
        "W-default" => w_default(),
        _ => w_max(),
    }
}

const WORKLOADS: [&str; 2] = ["W-default", "W-max"];
const RES: usize = 100;

#[divan::bench(args = WORKLOADS)]
fn training_samples(bencher: Bencher, name: &str) {
    let mut t = Trainer::new(&workload(name)).unwrap();
    let per_epoch = t.points().iter().filter(|p| !p.test).count();
    bencher
        .counter(ItemsCount::new(per_epoch))
        .bench_local(|| t.train(1).unwrap());
}

#[divan::bench(args = WORKLOADS)]
fn grid_points(bencher: Bencher, name: &str) {
    let mut t = Trainer::new(&workload(name)).unwrap();
    let mut out = vec![0.0; RES * RES];
    let mut neurons = vec![0.0; RES * RES * t.layout().hidden_count()];
    bencher
        .counter(ItemsCount::new(RES * RES))
        .bench_local(|| t.grid_into(RES, &mut out, Some(&mut neurons)).unwrap());
}

#[divan::bench(args = WORKLOADS)]
fn frames(bencher: Bencher, name: &str) {
    let mut t = Trainer::new(&workload(name)).unwrap();
    let mut out = vec![0.0; RES * RES];
    let mut neurons = vec![0.0; RES * RES * t.layout().hidden_count()];
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        t.train(1).unwrap();
        divan::black_box(t.loss());
        t.grid_into(RES, &mut out, Some(&mut neurons)).unwrap();
    });
}
