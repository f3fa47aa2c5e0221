//! Config objects from JS: a partial object merged over a base config, and
//! every serde error named by its path (`config.optimizer.learningRate: ...`).
//!
//! JS values arrive as `serde_json::Value` (through serde-wasm-bindgen) so
//! that the merge is plain Rust and `deny_unknown_fields` is honoured (a
//! direct serde-wasm-bindgen struct deserialization only ever looks up the
//! struct's own fields, so it would silently ignore a misspelt one).

use nnplay_core::shortest::Shortest;
use nnplay_core::{Config, Problem};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The nested objects merged key by key rather than replaced.
const NESTED: [&str; 2] = ["optimizer", "regularization"];

/// A new config: `partial` over `base`.
///
/// - A key absent from `partial` keeps `base`'s value; `optimizer` and
///   `regularization` are merged key by key.
/// - A key set to `null` (or `undefined`) takes the default value
///   (`Config::default()`); `seed: null` draws a new random seed.
/// - When `partial` changes `problem` without giving `dataset` / `loss`, those
///   go back to the new problem's defaults; so do `classes`, and `samples`
///   when it was the old problem's default count.
/// - `fresh` (a new `Playground`): a missing `seed` is drawn at random too.
pub fn merge(
    base: &Config,
    partial: &Value,
    fresh: bool,
    random_seed: &mut dyn FnMut() -> Result<u32, String>,
) -> Result<Config, String> {
    let partial = match partial {
        Value::Null => &Map::new(),
        Value::Object(map) => map,
        other => {
            return Err(format!(
                "config: expected an object, got {}",
                kind_of(other)
            ))
        }
    };
    let defaults = as_map(&Config::default());
    let mut merged = as_map(base);

    for (key, value) in partial {
        let nested = NESTED.contains(&key.as_str())
            && value.is_object()
            && merged.get(key).is_some_and(Value::is_object);
        if let (true, Some(Value::Object(base_obj)), Value::Object(obj)) =
            (nested, merged.get_mut(key), value)
        {
            let nested_defaults = defaults.get(key).and_then(Value::as_object);
            for (k, v) in obj {
                let v = if v.is_null() {
                    nested_defaults
                        .and_then(|d| d.get(k))
                        .cloned()
                        .unwrap_or(Value::Null)
                } else {
                    v.clone()
                };
                base_obj.insert(k.clone(), v);
            }
            continue;
        }
        let v = match value {
            Value::Null if key == "seed" => Value::from(random_seed()?),
            Value::Null => defaults.get(key).cloned().unwrap_or(Value::Null),
            v => v.clone(),
        };
        merged.insert(key.clone(), v);
    }

    let new_problem = partial.get("problem").filter(|p| !p.is_null());
    let old_problem = as_map(base).get("problem").cloned();
    if new_problem.is_some() && new_problem != old_problem.as_ref() {
        for key in ["dataset", "loss"] {
            if !partial.contains_key(key) {
                merged.insert(key.into(), Value::Null);
            }
        }
        if !partial.contains_key("samples") && base.samples == base.problem.default_samples() {
            merged.insert("samples".into(), Value::from(0));
        }
        if !partial.contains_key("classes") {
            let problem: Problem = parse("config.problem", merged["problem"].clone())?;
            merged.insert("classes".into(), Value::from(problem.classes().2));
        }
    }
    if fresh && !partial.contains_key("seed") {
        merged.insert("seed".into(), Value::from(random_seed()?));
    }
    parse("config", Value::Object(merged))
}

/// `value` as a `T`, a failure named by its path under `what`:
/// `config.hidden[0]: invalid type: ...`, `points[3].label: ...`.
pub fn parse<T: DeserializeOwned>(what: &str, value: Value) -> Result<T, String> {
    nnplay_json::parse(what, &value)
}

fn as_map(config: &Config) -> Map<String, Value> {
    match serde_json::to_value(config) {
        Ok(Value::Object(map)) => map,
        // A Config always serializes to an object.
        _ => Map::new(),
    }
}

/// The config as JSON with its `f32` fields written the way a person would
/// (0.03, not 0.029999999329447746): each float is replaced by the shortest
/// decimal that reads back as the same `f32`.
pub fn display_value(config: &Config) -> Value {
    let mut v = Value::Object(as_map(config));
    tidy_floats(&mut v);
    v
}

fn tidy_floats(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                let short = shortest(f as f32);
                if let Some(num) = serde_json::Number::from_f64(short) {
                    *n = num;
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy_floats),
        Value::Object(map) => map.values_mut().for_each(tidy_floats),
        _ => {}
    }
}

/// The `f64` nearest the shortest decimal that reads back as `f` (what
/// `f.to_string().parse::<f64>()` gives), without core's decimal parser and
/// its ~10 KB of tables: the digits are an integer below 2^53 over a power
/// of ten up to 10^22, both exact in `f64`, so the one division rounds
/// correctly. Another `f` (below 1e-22, or of more digits) is kept exact.
fn shortest(f: f32) -> f64 {
    if !f.is_finite() {
        return f64::from(f);
    }
    let text = Shortest(f).to_string();
    let (mut digits, mut scale, mut after_point) = (0u64, 0i32, false);
    for c in text.bytes() {
        match c {
            b'.' => after_point = true,
            b'0'..=b'9' => {
                digits = digits * 10 + u64::from(c - b'0');
                scale += i32::from(after_point);
                if digits >= 1 << 53 || scale > 22 {
                    return f64::from(f);
                }
            }
            _ => {}
        }
    }
    let power = (0..scale).fold(1.0f64, |p, _| p * 10.0);
    let value = digits as f64 / power;
    if f.is_sign_negative() {
        -value
    } else {
        value
    }
}

pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shortest_is_the_decimal_a_person_wrote() {
        let mut values = vec![
            0.03f32, -0.03, 0.1, 1e-8, 0.999, 0.9, 100.0, 3.0, 0.0, -0.0, 1e-22,
        ];
        // Every exponent and many mantissas, through the fast path and past it.
        let mut bits = 0x0000_0001u32;
        while bits < 0x7f80_0000 {
            values.push(f32::from_bits(bits));
            values.push(-f32::from_bits(bits));
            bits += 0x1_3579;
        }
        for f in values {
            let got = super::shortest(f);
            let parsed = f.to_string().parse::<f64>().unwrap();
            let text = Shortest(f).to_string();
            let after_point = text.split_once('.').map_or(0, |(_, d)| d.len());
            if after_point <= 22 && text.trim_start_matches(['-', '0', '.']).len() <= 15 {
                assert_eq!(got.to_bits(), parsed.to_bits(), "{f}");
            }
            assert_eq!(got as f32, f, "{f}");
        }
    }

    use super::*;
    use nnplay_core::{Dataset, LossKind, OptimizerKind};
    use serde_json::json;

    fn seed_42() -> impl FnMut() -> Result<u32, String> {
        || Ok(42)
    }

    #[test]
    fn fresh_config_gets_defaults_and_a_random_seed() {
        let c = merge(&Config::default(), &json!({}), true, &mut seed_42()).unwrap();
        assert_eq!(c.seed, 42);
        assert_eq!(c.hidden, vec![4, 2]);
        let c = merge(
            &Config::default(),
            &json!({"seed": 7}),
            true,
            &mut seed_42(),
        )
        .unwrap();
        assert_eq!(c.seed, 7);
    }

    #[test]
    fn nested_objects_merge_key_by_key() {
        let mut base = Config::default();
        base.optimizer.kind = OptimizerKind::Adam;
        let c = merge(
            &base,
            &json!({"optimizer": {"learningRate": 0.1}}),
            false,
            &mut seed_42(),
        )
        .unwrap();
        assert_eq!(c.optimizer.kind, OptimizerKind::Adam);
        assert_eq!(c.optimizer.learning_rate, 0.1);
        assert_eq!(c.seed, 0, "an absent seed is kept");
    }

    #[test]
    fn null_means_default() {
        let mut base = Config {
            noise: 0.3,
            ..Config::default()
        };
        base.optimizer.learning_rate = 1.0;
        let c = merge(
            &base,
            &json!({"noise": null, "optimizer": {"learningRate": null}, "seed": null}),
            false,
            &mut seed_42(),
        )
        .unwrap();
        assert_eq!(c.noise, 0.0);
        assert_eq!(c.optimizer.learning_rate, 0.03);
        assert_eq!(c.seed, 42);
    }

    #[test]
    fn changing_the_problem_resets_dataset_loss_and_samples() {
        let base = Config::default().normalized().unwrap();
        let c = merge(
            &base,
            &json!({"problem": "regression"}),
            false,
            &mut seed_42(),
        )
        .unwrap()
        .normalized()
        .unwrap();
        assert_eq!(c.dataset, Some(Dataset::Plane));
        assert_eq!(c.loss, Some(LossKind::Squared));
        assert_eq!(c.samples, 1200);
        // the same problem again changes nothing
        let mut xor = base.clone();
        xor.dataset = Some(Dataset::Xor);
        let c = merge(
            &xor,
            &json!({"problem": "classification"}),
            false,
            &mut seed_42(),
        )
        .unwrap();
        assert_eq!(c.dataset, Some(Dataset::Xor));
    }

    #[test]
    fn errors_name_the_path() {
        let base = Config::default();
        let err = |v: Value| merge(&base, &v, false, &mut seed_42()).unwrap_err();
        assert!(err(json!({"noise": "x"})).starts_with("config.noise: invalid type"));
        let e = err(json!({"hidden": [4, "a"]}));
        assert!(e.starts_with("config.hidden[1]: "), "{e}");
        let e = err(json!({"learningrate": 1}));
        assert!(e.contains("unknown field `learningrate`"), "{e}");
        let e = err(json!({"optimizer": {"learningrate": 1}}));
        assert!(
            e.contains("optimizer") && e.contains("`learningrate`"),
            "{e}"
        );
        assert_eq!(err(json!([1])), "config: expected an object, got an array");
    }

    #[test]
    fn display_value_tidies_f32() {
        let v = display_value(&Config::default());
        assert_eq!(v["optimizer"]["learningRate"], json!(0.03));
        assert_eq!(v["seed"], json!(0));
        assert_eq!(v["dataset"], Value::Null);
    }
}
