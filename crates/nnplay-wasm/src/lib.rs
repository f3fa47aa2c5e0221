//! nnplay for JavaScript: the `Playground` class (the README's "JS API"
//! section is the whole contract).
//!
//! ```js
//! import init, { Playground } from "./pkg/nnplay_wasm.js";
//! await init();
//! const pg = new Playground({ seed: 42, hidden: [4, 2] });
//! pg.train(10);
//! const pixels = new Uint8ClampedArray(100 * 100 * 4);
//! pg.boundaryPixelsInto(100, false, pixels);
//! ```
//!
//! # Errors
//!
//! Every failure throws a JS `Error` whose message starts with the method's
//! JS name and names the field or the argument:
//! `setConfig: config.optimizer.learningRate: must be > 0 and <= 100, got -1`,
//! `movePoint: point index 12 is out of range (there are 10 points)`,
//! `gridInto: out has 5 values, needs 10000`. Panics are bugs, not the error
//! path (a panic hook prints one to the console).
//!
//! # The boundary
//!
//! Every argument is taken as a `JsValue` and read into plain Rust data by
//! `boundary.rs` before the engine is borrowed: no `valueOf`, getter or Proxy
//! trap of the caller's runs during the engine's work, and whatever they
//! throw while being read comes back as an `Error` naming the method and the
//! argument. Every method takes `&self` (the engine sits in a `RefCell` the
//! method borrows itself), so a call from inside another (a getter calling
//! `step()`) is refused by name instead of tripping wasm-bindgen's aliasing
//! check, and `free()` is the class's own: it drops the engine, and any later
//! call says so (wasm-bindgen's null-pointer path, which leaks shadow stack
//! on every call, is never reached).
//!
//! # Typed arrays and their lifetime
//!
//! No result is a view on wasm memory, so nothing a caller holds is ever
//! invalidated by the module's memory growing:
//!
//! - the plain forms (`grid`, `neurons`, `boundaryPixels`, `neuronPixels`,
//!   `featurePixels`, `outputPixels`, `colorScale`, `pointColors`, `predict`)
//!   return a new JS typed array owned by the caller, valid for as long as
//!   the caller keeps it;
//! - the `*Into` forms (`gridInto`, `neuronsInto`, `boundaryPixelsInto`,
//!   `neuronPixelsInto`) copy into the caller's own array (`Float32Array`, or
//!   `Uint8ClampedArray` / `Uint8Array` for pixels), which must have exactly
//!   the length the call produces; it is written during the call only and
//!   stays the caller's. Reusing one array per frame allocates nothing: the
//!   `Playground` computes into buffers of its own that it keeps and reuses
//!   across calls (they grow to the largest size asked for, and never shrink).
//!
//! A `Playground` holds wasm memory until `free()` is called on it.

mod boundary;
mod catalog;
mod config;
mod dropout;
mod engine;
mod health;
mod inspect;
mod landscape;
mod lessons;
mod open;
mod pictures;
mod points;
mod race;
mod session;
mod training_forward;

/// The colour maps and the per-frame pixel loops (a crate of their own: see
/// its docs).
use nnplay_colors as colors;

use std::cell::RefCell;
use std::panic::{RefUnwindSafe, UnwindSafe};

use js_sys::Float32Array;
use nnplay_core::{Config, Model, Problem};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::boundary::{self as arg, Read};
use crate::engine::Engine;

type JsResult<T> = Result<T, JsValue>;

/// The JS `Error` of a failed call of `method`.
fn failed(method: &str, msg: impl core::fmt::Display) -> JsValue {
    js_sys::Error::new(&format!("{method}: {msg}")).into()
}

/// Rust values to plain JS objects (not Maps); `None` is `null`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Read<JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|e| format!("internal: could not convert a result to JS: {e}"))
}

/// A seed from the platform's secure random source (crypto.getRandomValues).
fn random_seed() -> Result<u32, String> {
    getrandom::u32().map_err(|e| {
        format!("config.seed: no seed was given and no random one could be drawn ({e})")
    })
}

/// Runs a static method's body; a failure is thrown naming `method`.
fn static_call<T>(method: &str, body: impl FnOnce() -> Read<T>) -> JsResult<T> {
    body().map_err(|e| failed(method, e))
}

fn err(e: impl ToString) -> String {
    e.to_string()
}

/// One training session in the browser: data, network, optimizer, and the
/// pictures of what it learned.
#[wasm_bindgen]
pub struct Playground {
    /// `None` once freed.
    engine: RefCell<Option<Engine>>,
}

// With panic = "abort" nothing unwinds; a method that fails leaves the
// engine as the core left it (every core edit checks before it changes).
impl UnwindSafe for Playground {}
impl RefUnwindSafe for Playground {}

impl Playground {
    fn wrap(engine: Engine) -> Playground {
        Playground {
            engine: RefCell::new(Some(engine)),
        }
    }

    /// Every method's one path: `read` takes the JS arguments into Rust data
    /// (no borrow held), then `run` works on the engine; a failure of either
    /// is thrown as an `Error` starting with `method`.
    pub(crate) fn call<A, T>(
        &self,
        method: &str,
        read: impl FnOnce() -> Read<A>,
        run: impl FnOnce(&mut Engine, A) -> Read<T>,
    ) -> JsResult<T> {
        let args = read().map_err(|e| failed(method, e))?;
        let Ok(mut slot) = self.engine.try_borrow_mut() else {
            return Err(failed(
                method,
                "the Playground is busy (called from inside one of its own calls)",
            ));
        };
        let Some(engine) = slot.as_mut() else {
            return Err(failed(method, "this Playground was freed"));
        };
        run(engine, args).map_err(|e| failed(method, e))
    }

    /// A method with no arguments.
    pub(crate) fn with<T>(
        &self,
        method: &str,
        run: impl FnOnce(&mut Engine) -> Read<T>,
    ) -> JsResult<T> {
        self.call(method, || Ok(()), |e, ()| run(e))
    }
}

#[wasm_bindgen]
impl Playground {
    /// Builds the data and the network from `config` (every field optional;
    /// without a seed, a random one is drawn and reported by `config()`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> JsResult<Playground> {
        console_error_panic_hook::set_once();
        static_call("new Playground", || {
            let partial = arg::json("config", &config)?;
            let config = config::merge(&Config::default(), &partial, true, &mut random_seed)?;
            Ok(Playground::wrap(Engine::new(&config).map_err(err)?))
        })
    }

    /// Drops the engine and its memory now; every later call throws
    /// `<method>: this Playground was freed`. Freeing twice is harmless.
    pub fn free(&self) {
        // The engine is only ever borrowed while a method works on it, and
        // no code of a caller's runs then: this borrow always succeeds.
        if let Ok(mut slot) = self.engine.try_borrow_mut() {
            *slot = None;
        }
    }

    // ----- training -----

    /// One minibatch update: `{epoch, step, batchLoss, diverged}`.
    pub fn step(&self) -> JsResult<JsValue> {
        self.with("step", |e| to_js(&e.trainer.step().map_err(err)?))
    }

    /// `epochs` whole epochs (at most `catalog().ranges.trainEpochs.max`;
    /// stops early if the loss diverges).
    pub fn train(&self, epochs: JsValue) -> JsResult<JsValue> {
        self.call(
            "train",
            || engine::epochs(arg::integer("epochs", &epochs)?),
            |e, n| to_js(&e.trainer.train(n).map_err(err)?),
        )
    }

    /// Fresh weights from the seed, a fresh optimizer, counters at zero; the
    /// data is kept; divergence is cleared.
    pub fn reset(&self) -> JsResult<()> {
        self.with("reset", |e| {
            e.trainer.reset();
            Ok(())
        })
    }

    /// A new data set from the config (every point replaced), then `reset()`.
    pub fn regenerate(&self) -> JsResult<()> {
        self.with("regenerate", |e| {
            e.trainer.regenerate();
            Ok(())
        })
    }

    /// The output at (x, y): a number, or a `Float32Array` of K class
    /// probabilities (multiclass).
    pub fn predict(&self, x: JsValue, y: JsValue) -> JsResult<JsValue> {
        self.call(
            "predict",
            || Ok((arg::float("x", &x)?, arg::float("y", &y)?)),
            |e, (x, y)| {
                let multiclass = e.trainer.config().problem == Problem::Multiclass;
                let out = e.predict(x, y)?;
                Ok(if multiclass {
                    Float32Array::from(out).into()
                } else {
                    JsValue::from_f64(out[0] as f64)
                })
            },
        )
    }

    /// `{train, test, trainAccuracy, testAccuracy}` (accuracies `null` for
    /// regression).
    pub fn loss(&self) -> JsResult<JsValue> {
        self.with("loss", |e| to_js(&e.trainer.loss()))
    }

    /// `{epoch, step, diverged, pointCount, trainCount, testCount}`.
    pub fn state(&self) -> JsResult<JsValue> {
        self.with("state", |e| to_js(&e.state()))
    }

    // ----- the model -----

    /// `{layers: [{weights: number[][] (out x in), biases: number[]}]}`.
    pub fn model(&self) -> JsResult<JsValue> {
        self.with("model", |e| to_js(&e.trainer.model()))
    }

    /// Loads weights and biases of exactly the network's shape (the
    /// optimizer's state is cleared, and so is divergence).
    #[wasm_bindgen(js_name = setModel)]
    pub fn set_model(&self, model: JsValue) -> JsResult<()> {
        self.call(
            "setModel",
            || config::parse::<Model>("model", arg::json("model", &model)?),
            |e, model| e.trainer.set_model(&model).map_err(err),
        )
    }

    /// Sets `W[row][col]` of `layer` (0 = the first layer after the inputs).
    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(
        &self,
        layer: JsValue,
        row: JsValue,
        col: JsValue,
        value: JsValue,
    ) -> JsResult<()> {
        self.call(
            "setWeight",
            || {
                let at = (arg::integer("layer", &layer)?, arg::integer("row", &row)?);
                Ok((
                    at,
                    arg::integer("col", &col)?,
                    arg::number("value", &value)?,
                ))
            },
            |e, ((l, r), c, v)| e.trainer.set_weight(l, r, c, v as f32).map_err(err),
        )
    }

    /// The next minibatch's backward pass, for teaching: `{batch, objective,
    /// gradients, deltas, outputs, losses}` with `deltas[sample][layer][neuron]`
    /// = dLoss/dz for every layer after the inputs, `outputs[sample]` and
    /// `losses[sample]` each sample's output and loss. Nothing is updated.
    pub fn backprop(&self) -> JsResult<JsValue> {
        self.with("backprop", |e| to_js(&e.backprop()?))
    }

    /// dObjective/dparam for the next minibatch, shaped like `model()`;
    /// nothing is updated.
    pub fn gradients(&self) -> JsResult<JsValue> {
        self.with("gradients", |e| to_js(&e.gradients()?))
    }

    // ----- the config -----

    /// Merges `partial` over the current config (see `config::merge`).
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&self, partial: JsValue) -> JsResult<()> {
        self.call(
            "setConfig",
            || arg::json("config", &partial),
            |e, partial| {
                let current = e.trainer.config().clone();
                let config = config::merge(&current, &partial, false, &mut random_seed)?;
                e.trainer.set_config(&config).map_err(err)
            },
        )
    }

    /// The normalized config, every field present.
    pub fn config(&self) -> JsResult<JsValue> {
        self.with("config", |e| {
            to_js(&config::display_value(e.trainer.config()))
        })
    }

    /// `[nIn, ...hidden, nOut]`.
    #[wasm_bindgen(js_name = layerSizes)]
    pub fn layer_sizes(&self) -> JsResult<JsValue> {
        self.with("layerSizes", |e| to_js(&e.trainer.layout().sizes))
    }
}
