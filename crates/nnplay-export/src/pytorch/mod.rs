//! The network, its points and its training as one runnable PyTorch script.
//!
//! The script builds the same layers with `torch.nn`, loads the weights
//! given, embeds the points, and trains with the engine's loss, penalty,
//! optimizer (PyTorch's own, which the engine follows), batch size and
//! order. Every number is written as the exact decimal of its f32, so the
//! script starts from the engine's very bits.

use alloc::string::String;
use core::fmt::Write;

use nnplay_core::{Config, Head, OptimizerKind, Point, RegularizationKind};

use crate::Network;

/// What the script does when run as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Epochs it trains for (`--epochs` overrides it).
    pub epochs: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options { epochs: 100 }
    }
}

/// The Python source of the script for `net` (built from `config` and the
/// weights to start from) and the `points`.
pub fn script(config: &Config, net: &Network, points: &[Point], options: Options) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = write_script(&mut s, config, net, points, options);
    s
}

fn write_script(
    s: &mut String,
    config: &Config,
    net: &Network,
    points: &[Point],
    options: Options,
) -> core::fmt::Result {
    let sizes: alloc::vec::Vec<String> = core::iter::once(net.features.len())
        .chain(net.layers.iter().map(|l| l.biases.len()))
        .map(|n| alloc::format!("{n}"))
        .collect();
    writeln!(s, "#!/usr/bin/env python3")?;
    writeln!(
        s,
        "\"\"\"An nnplay network ({}, {} activation) exported to PyTorch.",
        sizes.join("-"),
        net.activation.name()
    )?;
    s.push_str(DOC);
    writeln!(
        s,
        "FEATURES = [{}]",
        quoted(net.features.iter().map(|f| f.name()))
    )?;
    writeln!(s, "ACTIVATION = \"{}\"", net.activation.name())?;
    writeln!(s, "HEAD = \"{}\"", head_key(net.head))?;
    let o = &config.optimizer;
    s.push_str("# The engine's float32 hyperparameters, written exactly.\n");
    writeln!(s, "OPTIMIZER = \"{}\"", optimizer_key(o.kind))?;
    writeln!(s, "LEARNING_RATE = {}", num(o.learning_rate))?;
    writeln!(s, "MOMENTUM = {}", num(o.momentum))?;
    writeln!(s, "BETAS = ({}, {})", num(o.beta1), num(o.beta2))?;
    writeln!(s, "RMSPROP_ALPHA = {}", num(o.rho))?;
    writeln!(s, "EPS = {}", num(o.eps))?;
    let r = &config.regularization;
    let kind = match r.kind {
        RegularizationKind::None => "none",
        RegularizationKind::L1 => "l1",
        RegularizationKind::L2 => "l2",
    };
    writeln!(s, "PENALTY = \"{kind}\"")?;
    writeln!(s, "PENALTY_RATE = {}", num(r.rate))?;
    writeln!(s, "BATCH_SIZE = {}", config.batch_size)?;
    writeln!(
        s,
        "SHUFFLE = {}",
        if config.shuffle { "True" } else { "False" }
    )?;
    writeln!(s, "SEED = {}", config.seed)?;
    writeln!(s, "DROPOUT = {}", num(config.dropout))?;
    writeln!(s, "EPOCHS = {}", options.epochs)?;
    s.push_str(
        "\n# Per layer: the weights (out x in, rows), the biases, and the batch norm\n\
         # (gamma, beta, running mean, running variance) or None.\nWEIGHTS = [\n",
    );
    for layer in net.layers {
        s.push_str("    (\n        [\n");
        for row in &layer.weights {
            writeln!(s, "            [{}],", nums(row))?;
        }
        writeln!(s, "        ],\n        [{}],", nums(&layer.biases))?;
        match &layer.batch_norm {
            Some(n) => {
                s.push_str("        (\n");
                for v in [&n.gamma, &n.beta, &n.running_mean, &n.running_var] {
                    writeln!(s, "            [{}],", nums(v))?;
                }
                s.push_str("        ),\n    ),\n");
            }
            None => s.push_str("        None,\n    ),\n"),
        }
    }
    s.push_str("]\n\n# (x1, x2, label, is_test)\nPOINTS = [\n");
    for p in points {
        writeln!(
            s,
            "    ({}, {}, {}, {}),",
            num(p.x),
            num(p.y),
            num(p.label),
            u8::from(p.test)
        )?;
    }
    s.push_str("]\n");
    s.push_str(BODY);
    Ok(())
}

/// The script's key for a head: its output transform and loss.
fn head_key(head: Head) -> &'static str {
    match head {
        Head::TanhSquared => "tanh-squared",
        Head::SigmoidCrossEntropy => "sigmoid-cross-entropy",
        Head::SoftmaxCrossEntropy => "softmax-cross-entropy",
        Head::LinearSquared => "linear-squared",
        Head::LinearHuber => "linear-huber",
    }
}

fn optimizer_key(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Sgd => "sgd",
        OptimizerKind::Momentum => "momentum",
        OptimizerKind::Nesterov => "nesterov",
        OptimizerKind::Rmsprop => "rmsprop",
        OptimizerKind::Adam => "adam",
    }
}

/// The exact value of an f32 as a Python float literal (its f64 is exact,
/// and Rust prints the shortest decimal that reads back to it).
fn num(v: f32) -> String {
    alloc::format!("{:?}", v as f64)
}

fn nums(values: &[f32]) -> String {
    let parts: alloc::vec::Vec<String> = values.iter().map(|&v| num(v)).collect();
    parts.join(", ")
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let parts: alloc::vec::Vec<String> = names.map(|n| alloc::format!("\"{n}\"")).collect();
    parts.join(", ")
}

const DOC: &str = r#"
Run it as it is: it trains for EPOCHS epochs, printing the train and test
loss after each, then the accuracy. Options: --epochs N, --steps N (stop
after N minibatch updates), --step-losses (print each update's objective:
mean loss + penalty, as nnplay's step() reports it). Needs torch (CPU).

Everything follows nnplay's numerics: features from (x1, x2) computed in
float64 then rounded to float32; layer z = W a + b then the activation;
the loss from the output layer's z; the penalty on weights only; the
optimizer as torch.optim defines it; minibatches as consecutive slices of
the training points in their order (the last one possibly smaller; with
batch norm a last one of a single point is left out, as nnplay does).
Batch norm is nn.BatchNorm1d between a layer's z and its activation (the
bias before it gets gradient 0, its exact value, as in nnplay); dropout is
nn.Dropout after the activation. Its masks come from torch's generator, not
nnplay's: with DROPOUT > 0 the two runs differ step by step (alike in
distribution only), so a step-by-step comparison holds for DROPOUT = 0.
"""

import argparse
import sys

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError:
    sys.exit("this script needs PyTorch: pip install torch")

"#;

/// The script's second half (its tables, the model, the training loop):
/// plain Python, kept as a file of its own so it reads and diffs as Python.
/// It uses the names the first half defines (`write_script`).
const BODY: &str = include_str!("body.py");
#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_core::{Activation, Trainer};

    #[test]
    fn every_activation_has_a_torch_module() {
        for a in Activation::ALL {
            let key = alloc::format!("\n    \"{}\": ", a.name());
            assert!(BODY.contains(&key), "no torch module for {}", a.name());
        }
    }

    #[test]
    fn numbers_read_back_to_the_same_f32() {
        for v in [
            0.03f32,
            -0.1,
            1.0,
            1e-8,
            0.999,
            f32::MIN_POSITIVE,
            5.960_464_5e-8,
        ] {
            let text = num(v);
            let back: f64 = text.parse().unwrap();
            assert_eq!(back as f32, v, "{text}");
        }
    }

    #[test]
    fn batch_norm_and_dropout_enter_the_script_with_their_state() {
        let config = Config {
            hidden: alloc::vec![3],
            batch_norm: true,
            dropout: 0.25,
            ..Config::default()
        };
        let mut trainer = Trainer::new(&config).unwrap();
        trainer.train(1).unwrap();
        let model = trainer.model();
        let net = Network::new(trainer.config(), &model).unwrap();
        let text = script(trainer.config(), &net, trainer.points(), Options::default());
        assert!(text.contains("\nDROPOUT = 0.25\n"));
        let norm = model.layers[0].batch_norm.as_ref().unwrap();
        for v in [
            &norm.gamma,
            &norm.beta,
            &norm.running_mean,
            &norm.running_var,
        ] {
            assert!(
                text.contains(&alloc::format!("[{}],", nums(v))),
                "{v:?} missing"
            );
        }
        assert!(
            text.contains("        None,\n    ),\n]"),
            "the output layer has none"
        );
    }

    #[test]
    fn the_script_holds_the_weights_and_every_point() {
        let trainer = Trainer::new(&Config::default()).unwrap();
        let model = trainer.model();
        let net = Network::new(trainer.config(), &model).unwrap();
        let text = script(
            trainer.config(),
            &net,
            trainer.points(),
            Options { epochs: 12 },
        );
        assert!(text.contains("\nEPOCHS = 12\n"));
        let w = model.layers[1].weights[1][0];
        assert!(text.contains(&num(w)), "weight {w} missing");
        let rows = text
            .lines()
            .filter(|l| l.starts_with("    (") && l.ends_with("),"));
        assert_eq!(rows.count(), trainer.points().len());
    }
}
