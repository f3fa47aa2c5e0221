//! Prints the bits of every parameter after `steps` minibatch updates of the
//! W-default workload with the given seed, for the native-vs-wasm identity
//! test: `cargo run --release -p nnplay-core --example replay --features serde -- 42 100`.
//! A third argument `norm` trains with batch norm and dropout 0.3 on hidden
//! [6, 5] (Adam), and the bits then include γ, β and the running estimates.

use nnplay_core::{Config, Dataset, OptimizerConfig, OptimizerKind, Trainer};

fn main() {
    let mut args = std::env::args().skip(1);
    let seed: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let steps: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let mut config = Config {
        seed,
        dataset: Some(Dataset::Circle),
        samples: 500,
        ..Config::default()
    };
    if args.next().as_deref() == Some("norm") {
        config.hidden = vec![6, 5];
        config.batch_norm = true;
        config.dropout = 0.3;
        config.optimizer = OptimizerConfig {
            kind: OptimizerKind::Adam,
            learning_rate: 0.01,
            ..Default::default()
        };
    }
    let mut trainer = match Trainer::new(&config) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("replay: {e}");
            std::process::exit(2);
        }
    };
    for _ in 0..steps {
        if let Err(e) = trainer.step() {
            eprintln!("replay: {e}");
            std::process::exit(2);
        }
    }
    // model() order: layer by layer, each layer's weights row-major, its
    // biases, then its batch norm's γ, β, running mean and variance.
    let mut bits = Vec::new();
    for layer in trainer.model().layers {
        for row in &layer.weights {
            bits.extend(row.iter().map(|w| w.to_bits()));
        }
        bits.extend(layer.biases.iter().map(|b| b.to_bits()));
        if let Some(n) = &layer.batch_norm {
            for v in [&n.gamma, &n.beta, &n.running_mean, &n.running_var] {
                bits.extend(v.iter().map(|x| x.to_bits()));
            }
        }
    }
    let list: Vec<String> = bits.iter().map(|b| b.to_string()).collect();
    println!("{{\"weights\": [{}]}}", list.join(", "));
}
