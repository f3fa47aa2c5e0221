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

const BODY: &str = r#"
ACTIVATIONS = {
    "linear": nn.Identity,
    "relu": nn.ReLU,
    "leakyRelu": lambda: nn.LeakyReLU(0.01),
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "elu": lambda: nn.ELU(1.0),
    "softplus": nn.Softplus,
    "swish": nn.SiLU,
    "gelu": lambda: nn.GELU(approximate="tanh"),
}


def features(x1, x2):
    """The selected features of the points, side by side [N, F] (float32)."""
    x1, x2 = x1.double(), x2.double()
    table = {
        "x1": lambda: x1,
        "x2": lambda: x2,
        "x1Squared": lambda: x1 * x1,
        "x2Squared": lambda: x2 * x2,
        "x1x2": lambda: x1 * x2,
        "sinX1": lambda: torch.sin(x1),
        "sinX2": lambda: torch.sin(x2),
        "cosX1": lambda: torch.cos(x1),
        "cosX2": lambda: torch.cos(x2),
    }
    return torch.stack([table[name]() for name in FEATURES], dim=1).float()


def build():
    """The layers with torch.nn, holding WEIGHTS."""
    modules = []
    tensor = lambda v: torch.tensor(v, dtype=torch.float32)  # noqa: E731
    for i, (weight, bias, norm) in enumerate(WEIGHTS):
        linear = nn.Linear(len(weight[0]), len(weight))
        with torch.no_grad():
            linear.weight.copy_(tensor(weight))
            linear.bias.copy_(tensor(bias))
        modules.append(linear)
        if norm is not None:
            bn = nn.BatchNorm1d(len(weight), eps=1e-5, momentum=0.1)
            with torch.no_grad():
                for target, values in zip((bn.weight, bn.bias, bn.running_mean, bn.running_var), norm):
                    target.copy_(tensor(values))
            linear.bias.register_hook(torch.zeros_like)
            modules.append(bn)
        if i < len(WEIGHTS) - 1:
            modules.append(ACTIVATIONS[ACTIVATION]())
            if DROPOUT > 0:
                modules.append(nn.Dropout(DROPOUT))
    return nn.Sequential(*modules)


def output(z):
    """What predict() shows: the head's transform of the last layer's z."""
    if HEAD == "tanh-squared":
        return torch.tanh(z)
    if HEAD == "sigmoid-cross-entropy":
        return torch.sigmoid(z)
    if HEAD == "softmax-cross-entropy":
        return torch.softmax(z, dim=1)
    return z


def losses(z, y):
    """Each sample's loss, from the logits z and the labels y."""
    if HEAD == "tanh-squared":
        return 0.5 * (torch.tanh(z[:, 0]) - y) ** 2
    if HEAD == "sigmoid-cross-entropy":
        return F.binary_cross_entropy_with_logits(z[:, 0], (y + 1) / 2, reduction="none")
    if HEAD == "softmax-cross-entropy":
        return F.cross_entropy(z, y.long(), reduction="none")
    if HEAD == "linear-huber":
        return F.huber_loss(z[:, 0], y, delta=1.0, reduction="none")
    return 0.5 * (z[:, 0] - y) ** 2


def penalty(model):
    """L1 rate sum |w| or L2 (rate / 2) sum w^2, over weights, not biases."""
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    if PENALTY == "l1":
        return PENALTY_RATE * sum(w.abs().sum() for w in weights)
    if PENALTY == "l2":
        return 0.5 * PENALTY_RATE * sum((w * w).sum() for w in weights)
    return torch.zeros(())


def optimizer(params):
    if OPTIMIZER == "momentum":
        return torch.optim.SGD(params, lr=LEARNING_RATE, momentum=MOMENTUM)
    if OPTIMIZER == "nesterov":
        return torch.optim.SGD(params, lr=LEARNING_RATE, momentum=MOMENTUM, nesterov=True)
    if OPTIMIZER == "rmsprop":
        return torch.optim.RMSprop(params, lr=LEARNING_RATE, alpha=RMSPROP_ALPHA, eps=EPS)
    if OPTIMIZER == "adam":
        return torch.optim.Adam(params, lr=LEARNING_RATE, betas=BETAS, eps=EPS)
    return torch.optim.SGD(params, lr=LEARNING_RATE)


def accuracy(out, y):
    """The share classified right; None for regression."""
    if HEAD == "tanh-squared":
        right = (out[:, 0] >= 0) == (y > 0)
    elif HEAD == "sigmoid-cross-entropy":
        right = (out[:, 0] >= 0.5) == (y > 0)
    elif HEAD == "softmax-cross-entropy":
        right = out.argmax(dim=1) == y.long()
    else:
        return None
    return right.float().mean().item()


def split(test):
    rows = [p for p in POINTS if bool(p[3]) == test]
    xy = torch.tensor([(p[0], p[1]) for p in rows], dtype=torch.float32).reshape(-1, 2)
    y = torch.tensor([p[2] for p in rows], dtype=torch.float32)
    return features(xy[:, 0], xy[:, 1]), y


def evaluate(model, x, y):
    """Mean loss (no penalty) and accuracy, as nnplay's loss() reports them."""
    if len(y) == 0:
        return 0.0, None
    model.eval()  # batch norm's running estimates, no dropout
    with torch.no_grad():
        z = model(x)
    model.train()
    return losses(z, y).mean().item(), accuracy(output(z), y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--steps", type=int, default=None, help="stop after this many updates")
    parser.add_argument("--step-losses", action="store_true", help="print each update's objective")
    args = parser.parse_args()
    torch.manual_seed(SEED)
    model = build()
    model.train()
    opt = optimizer(model.parameters())
    x_train, y_train = split(False)
    x_test, y_test = split(True)
    n = len(y_train)
    if n == 0:
        sys.exit("no training points")
    steps = 0
    for epoch in range(1, args.epochs + 1):
        # nnplay shuffles with its own generator: with SHUFFLE the order differs.
        order = torch.randperm(n) if SHUFFLE else torch.arange(n)
        if WEIGHTS[0][2] is not None and n > 1 and n % BATCH_SIZE == 1:
            order = order[:-1]  # batch norm cannot train on a lone point
        for start in range(0, n, BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            opt.zero_grad()
            objective = losses(model(x_train[batch]), y_train[batch]).mean() + penalty(model)
            objective.backward()
            opt.step()
            steps += 1
            if args.step_losses:
                print(f"step {steps}: objective {objective.item()!r}")
            if args.steps is not None and steps >= args.steps:
                break
        train, _ = evaluate(model, x_train, y_train)
        test, _ = evaluate(model, x_test, y_test)
        print(f"epoch {epoch}: train loss {train:.6f}, test loss {test:.6f}")
        if args.steps is not None and steps >= args.steps:
            break
    _, train_acc = evaluate(model, x_train, y_train)
    _, test_acc = evaluate(model, x_test, y_test)
    if train_acc is None:
        print("accuracy: none (regression)")
    else:
        test_text = "none" if test_acc is None else f"{test_acc:.4f}"
        print(f"accuracy: train {train_acc:.4f}, test {test_text}")


if __name__ == "__main__":
    main()
"#;

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
