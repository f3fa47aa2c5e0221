//! `Playground.catalog()` and `Playground.samplePoints()`: the core's own
//! tables with the colour maps added, and a config's points without a session.

use nnplay_core::{catalog, data, Config, Point};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::boundary as arg;
use crate::colors::{class_color, Palette};
use crate::{config, random_seed, static_call, to_js, JsResult, Playground};

#[wasm_bindgen]
impl Playground {
    /// What the engine offers, for building controls: problems with their
    /// data sets and losses, activations, features, optimizers with their
    /// parameters, every range and limit, the default config and the colour
    /// maps, all from the engine's own tables.
    pub fn catalog() -> JsResult<JsValue> {
        static_call("catalog", || to_js(&catalog_value()))
    }

    /// The points `[{x, y, label, test}]` a config (merged over the
    /// defaults; a missing seed is 0) would start with, without building a
    /// network: for data-set thumbnails.
    #[wasm_bindgen(js_name = samplePoints)]
    pub fn sample_points(partial: JsValue) -> JsResult<JsValue> {
        static_call("samplePoints", || {
            let partial = arg::json("config", &partial)?;
            to_js(&sample_points(&partial, &mut random_seed)?)
        })
    }
}

/// Steps of the `colors.scale` legend, from -1 to +1.
pub const SCALE_STEPS: usize = 64;

/// The catalog as JSON: the core's [`catalog::catalog`] (defaults without
/// `seed`, floats written as a person would) and `colors`.
pub fn catalog_value() -> Value {
    let core = catalog::catalog();
    let mut value = serde_json::to_value(&core).unwrap_or(Value::Null);
    let mut defaults = config::display_value(&core.defaults);
    if let Value::Object(map) = &mut defaults {
        map.remove("seed");
    }
    let palette = Palette::new();
    let colors = json!({
        "classes": (0..nnplay_core::config::MAX_CLASSES).map(class_color).collect::<Vec<_>>(),
        "negative": palette.value(-1.0),
        "positive": palette.value(1.0),
        "scale": palette.scale(SCALE_STEPS),
    });
    if let Value::Object(map) = &mut value {
        map.insert("defaults".into(), defaults);
        map.insert("colors".into(), colors);
    }
    value
}

/// The points `partial` (merged over the defaults, as `new Playground`
/// would; a missing seed is 0) would start a session with.
pub fn sample_points(
    partial: &Value,
    random_seed: &mut dyn FnMut() -> Result<u32, String>,
) -> Result<Vec<Point>, String> {
    let config = config::merge(&Config::default(), partial, false, random_seed)?;
    data::for_config(&config).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_core::{Activation, Dataset, Feature, Problem, Trainer};

    #[test]
    fn lists_come_from_the_core_in_engine_order() {
        let c = catalog_value();
        let names = |key: &str| -> Vec<String> {
            c[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        };
        let activations: Vec<&str> = Activation::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(names("activations"), activations);
        let features: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names("features"), features);
        assert_eq!(names("regularizations"), ["none", "l1", "l2"]);
        let problems = c["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 3);
        for (p, problem) in problems.iter().zip(Problem::ALL) {
            assert_eq!(p["name"], problem.name());
            let datasets: Vec<&str> = Dataset::for_problem(problem)
                .iter()
                .map(|d| d.name())
                .collect();
            assert_eq!(p["datasets"], json!(datasets));
            assert_eq!(p["defaultSamples"], json!(problem.default_samples()));
        }
        assert_eq!(
            problems[0]["losses"],
            json!([{"name": "squared", "output": "tanh"},
                   {"name": "crossEntropy", "output": "sigmoid"}])
        );
        assert_eq!(
            problems[1]["classes"],
            json!({"min": 2, "max": 8, "default": 3})
        );
        assert_eq!(
            c["optimizers"][1],
            json!({"kind": "momentum", "params": ["momentum"]})
        );
        let r = &c["ranges"];
        assert_eq!(
            r["learningRate"],
            json!({"min": 0.0, "max": 100.0, "minExclusive": true})
        );
        assert_eq!(r["points"]["max"], json!(10_000));
        assert_eq!(r["coordinate"], json!({"min": -6.0, "max": 6.0}));
        assert_eq!(r["gridValues"]["max"], json!(1 << 24));
        assert!(c["defaults"].get("seed").is_none());
        assert_eq!(c["defaults"]["optimizer"]["learningRate"], json!(0.03));
        assert_eq!(c["defaults"]["dataset"], "circle");
        assert_eq!(c["colors"]["classes"].as_array().unwrap().len(), 8);
        assert_eq!(c["colors"]["scale"].as_array().unwrap().len(), 64 * 4);
    }

    #[test]
    fn defaults_are_what_a_session_starts_with() {
        let c = catalog_value();
        let mut defaults = c["defaults"].clone();
        defaults["seed"] = json!(0);
        let parsed: Config = serde_json::from_value(defaults).unwrap();
        let session = Trainer::new(&Config::default()).unwrap();
        assert_eq!(&parsed, session.config());
    }

    #[test]
    fn sample_points_are_a_sessions_points() {
        let partial = json!({"seed": 9, "dataset": "xor", "samples": 50});
        let mut no_seed = || Err("no seed".to_string());
        let points = sample_points(&partial, &mut no_seed).unwrap();
        let config = config::merge(&Config::default(), &partial, false, &mut no_seed).unwrap();
        assert_eq!(points, Trainer::new(&config).unwrap().points());
        let err = sample_points(&json!({"dataset": "plane"}), &mut no_seed).unwrap_err();
        assert!(err.contains("config.dataset"), "{err}");
    }
}
