//! Prints the bits of every parameter after `steps` minibatch updates of the
//! W-default workload with the given seed, for the native-vs-wasm identity
//! test: `cargo run --release -p nnplay-core --example replay --features serde -- 42 100`.

use nnplay_core::{Config, Dataset, Trainer};

fn main() {
    let mut args = std::env::args().skip(1);
    let seed: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let steps: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let config = Config {
        seed,
        dataset: Some(Dataset::Circle),
        samples: 500,
        ..Config::default()
    };
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
    // model() order: layer by layer, each layer's weights row-major then its biases.
    let mut bits = Vec::new();
    for layer in trainer.model().layers {
        for row in &layer.weights {
            bits.extend(row.iter().map(|w| w.to_bits()));
        }
        bits.extend(layer.biases.iter().map(|b| b.to_bits()));
    }
    let list: Vec<String> = bits.iter().map(|b| b.to_string()).collect();
    println!("{{\"weights\": [{}]}}", list.join(", "));
}
