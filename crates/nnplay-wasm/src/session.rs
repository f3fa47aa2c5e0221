//! A whole `Playground` as a JSON-able object and back: `snapshot()` and
//! `Playground.restore(snapshot)`.

use nnplay_core::{Snapshot, Trainer};
use wasm_bindgen::prelude::*;

use crate::boundary as arg;
use crate::engine::Engine;
use crate::{config, err, static_call, to_js, JsResult, Playground};

#[wasm_bindgen]
impl Playground {
    /// A new `Playground` equal to the one `snapshot` was taken of (training
    /// on from either gives the same weights, bit for bit). A bad snapshot
    /// throws naming the field (`restore: snapshot.points[3]: ...`).
    pub fn restore(snapshot: JsValue) -> JsResult<Playground> {
        static_call("restore", || {
            let value = arg::json("snapshot", &snapshot)?;
            let snapshot: Snapshot = config::parse("snapshot", value)?;
            let trainer = Trainer::restore(&snapshot).map_err(err)?;
            Ok(Playground::wrap(Engine::with_trainer(trainer)))
        })
    }

    /// The whole session as a JSON-able object: `{version, config, points,
    /// model, optimizer: {first, second, steps}, epoch, step, diverged,
    /// schedule: {order, cursor, shuffle}}`; `Playground.restore` takes it.
    pub fn snapshot(&self) -> JsResult<JsValue> {
        self.with("snapshot", |e| {
            let snapshot = e.trainer.snapshot();
            let mut value = serde_json::to_value(&snapshot).map_err(err)?;
            value["config"] = config::display_value(&snapshot.config);
            to_js(&value)
        })
    }
}
