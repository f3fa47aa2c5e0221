//! `pg.open(text)`: a saved file back into this playground. A session file
//! (what `snapshot()` gives) replaces the whole session; a model file (what
//! `model()` gives) loads its weights into the current network. The two are
//! told apart by their fields; every field is read by the engine's own serde
//! types, so fields added to them later load with no change here. A bad file
//! is refused naming the problem, and nothing changes.

use nnplay_core::{Error, Model, Snapshot, Trainer};
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::boundary::{self as arg, MAX_JSON_CHARS};
use crate::engine::Engine;
use crate::{config, to_js, JsResult, Playground};

/// Fields only a session file has; any one of them makes the file a session.
const SESSION_FIELDS: [&str; 5] = ["version", "config", "points", "optimizer", "schedule"];
/// The field a model file has.
const MODEL_FIELD: &str = "layers";

/// What `open` loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Opened {
    /// The whole session: config, points, weights, optimizer, counters.
    Session,
    /// The weights and biases, into the current network.
    Model,
}

#[wasm_bindgen]
impl Playground {
    /// Opens the text of a saved file (at most 16 Mi characters): a session
    /// file replaces the whole session (as `Playground.restore` would build
    /// it); a model file loads its weights into the current network, whose
    /// shape it must fit (the optimizer's state is cleared, as by
    /// `setModel`). Returns `{kind: "session" | "model"}`. A bad file throws
    /// naming the problem (`open: the file is not JSON: ... at line 1 column
    /// 5`, `open: snapshot.points[3].x: ...`, `open: model.layers[1].weights:
    /// expected 4 rows, got 3 ...`) and nothing changes.
    pub fn open(&self, text: JsValue) -> JsResult<JsValue> {
        self.call(
            "open",
            || arg::string("file", &text, MAX_JSON_CHARS),
            |e, text| {
                let kind = open_text(e, &text)?;
                to_js(&serde_json::json!({ "kind": kind }))
            },
        )
    }
}

/// Reads `text` and loads it into `engine`; on failure `engine` is untouched.
pub fn open_text(engine: &mut Engine, text: &str) -> Result<Opened, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("the file is not JSON: {e}"))?;
    let Value::Object(fields) = &value else {
        return Err(format!(
            "the file holds a JSON {}, not an nnplay session or model (a JSON object)",
            kind_of(&value)
        ));
    };
    if SESSION_FIELDS.iter().any(|f| fields.contains_key(*f)) {
        check_version(engine, fields)?;
        let snapshot: Snapshot = config::parse("snapshot", value)?;
        let trainer = Trainer::restore(&snapshot).map_err(|e| e.to_string())?;
        *engine = Engine::with_trainer(trainer);
        Ok(Opened::Session)
    } else if fields.contains_key(MODEL_FIELD) {
        let model: Model = config::parse("model", value)?;
        engine
            .trainer
            .set_model(&model)
            .map_err(|e| misfit(engine, &model, e))?;
        Ok(Opened::Model)
    } else {
        Err(
            "the file is neither an nnplay session (its fields include \"version\", \
             \"config\" and \"points\") nor a model (its field is \"layers\")"
                .into(),
        )
    }
}

/// A session of another format version is refused by its version, before
/// its fields (which that version may name differently) are read.
fn check_version(engine: &Engine, fields: &Map<String, Value>) -> Result<(), String> {
    let Some(version) = fields.get("version").and_then(Value::as_u64) else {
        // Missing or not a number: the snapshot's reader names it.
        return Ok(());
    };
    let known = engine.trainer.snapshot().version;
    if version == u64::from(known) {
        Ok(())
    } else {
        Err(format!(
            "snapshot.version: the file is a session of version {version}; \
             this nnplay opens version {known}"
        ))
    }
}

/// A model that does not fit the network: the core's message under `model.`,
/// with both networks' layer sizes.
fn misfit(engine: &Engine, model: &Model, err: Error) -> String {
    let Error::ModelShape { message } = err else {
        return err.to_string();
    };
    let at = if message.starts_with("layers") {
        format!("model.{message}")
    } else {
        format!("model.layers: {message}")
    };
    let file = model
        .layers
        .first()
        .map(|l| l.weights.first().map_or(0, Vec::len))
        .into_iter()
        .chain(model.layers.iter().map(|l| l.weights.len()));
    format!(
        "{at} (the file's layer sizes are {}, this network's are {}: shape the \
         network to match, or open a session file, which brings its own)",
        sizes(file),
        sizes(engine.trainer.layout().sizes.iter().copied())
    )
}

/// `[2, 4, 1]` as "2-4-1".
fn sizes(s: impl Iterator<Item = usize>) -> String {
    s.map(|n| n.to_string()).collect::<Vec<_>>().join("-")
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_core::Config;

    fn engine(seed: u32, hidden: &[usize]) -> Engine {
        let config = Config {
            seed,
            hidden: hidden.to_vec(),
            ..Config::default()
        };
        Engine::new(&config).unwrap()
    }

    fn session_text(e: &Engine) -> String {
        serde_json::to_string(&e.trainer.snapshot()).unwrap()
    }

    #[test]
    fn a_session_file_replaces_the_whole_session() {
        let mut saved = engine(3, &[3]);
        saved.trainer.train(2).unwrap();
        let text = session_text(&saved);
        let mut e = engine(9, &[5, 2]);
        assert_eq!(open_text(&mut e, &text), Ok(Opened::Session));
        assert_eq!(e.trainer.snapshot(), saved.trainer.snapshot());
        // Training on from either gives the same weights.
        saved.trainer.train(1).unwrap();
        e.trainer.train(1).unwrap();
        assert_eq!(e.trainer.model(), saved.trainer.model());
    }

    #[test]
    fn a_model_file_loads_the_weights_and_keeps_the_rest() {
        let mut other = engine(3, &[4, 2]);
        other.trainer.train(1).unwrap();
        let text = serde_json::to_string(&other.trainer.model()).unwrap();
        let mut e = engine(9, &[4, 2]);
        let (config, points) = (e.trainer.config().clone(), e.trainer.points().to_vec());
        assert_eq!(open_text(&mut e, &text), Ok(Opened::Model));
        assert_eq!(e.trainer.model(), other.trainer.model());
        assert_eq!(e.trainer.config(), &config);
        assert_eq!(e.trainer.points(), &points[..]);
    }

    /// Each bad file is refused with a message containing `expect`, and the
    /// engine's whole session is as it was.
    #[test]
    fn a_bad_file_names_the_problem_and_changes_nothing() {
        let good = engine(3, &[3]);
        let session: Value = serde_json::from_str(&session_text(&good)).unwrap();
        let with = |path: &[&str], v: Value| {
            let mut s = session.clone();
            let mut at = &mut s;
            for p in path {
                at = match p.parse::<usize>() {
                    Ok(i) => &mut at[i],
                    Err(_) => &mut at[*p],
                };
            }
            *at = v;
            s.to_string()
        };
        let model = serde_json::to_value(engine(3, &[3]).trainer.model()).unwrap();
        let cases: Vec<(String, &str)> = vec![
            ("{\"version\": 1,".into(), "not JSON: EOF while parsing a value at line 1 column 14"),
            ("[1, 2]".into(), "a JSON array, not an nnplay session or model"),
            ("{\"name\": 1}".into(), "neither an nnplay session"),
            (with(&["version"], 99.into()), "snapshot.version: the file is a session of version 99"),
            (with(&["points", "1", "x"], "far".into()), "snapshot.points[1].x: invalid type"),
            (with(&["model", "layers", "1", "weights"], Value::Array(vec![])), "snapshot.model"),
            (with(&["optimizer", "first"], Value::Array(vec![])), "snapshot.optimizer.first"),
            (with(&["config", "hidden"], "many".into()), "snapshot.config.hidden"),
            (with(&["surprise"], 1.into()), "unknown field `surprise`"),
            (serde_json::json!({"layers": [{"weights": [[1.0]], "biases": "x"}]}).to_string(), "model.layers[0].biases: invalid type"),
            (
                serde_json::to_string(&engine(3, &[4]).trainer.model()).unwrap(),
                "model.layers[0].weights: expected 3 rows, got 4 (the file's layer sizes are 2-4-1, this network's are 2-3-1",
            ),
            (
                serde_json::to_string(&engine(3, &[3, 2]).trainer.model()).unwrap(),
                "model.layers: expected 2 layers, got 3",
            ),
            ({
                let mut m = model.clone();
                m["layers"][0]["weights"][1][0] = "NaN".into();
                m.to_string()
            }, "model.layers[0].weights[1][0]: invalid type"),
        ];
        for (text, expect) in cases {
            let mut e = engine(3, &[3]);
            e.trainer.train(1).unwrap();
            let before = e.trainer.snapshot();
            let err = open_text(&mut e, &text).unwrap_err();
            assert!(err.contains(expect), "{expect:?} in {err:?}");
            assert_eq!(e.trainer.snapshot(), before, "nothing changed after {err}");
        }
    }
}
