//! Reads a value from JSON and, when it does not fit, names where:
//! `config.hidden[0]: invalid type: string "4", expected usize`.
//!
//! serde_json reports the line of a failure, not its path. The value is
//! written out pretty-printed — one leaf or bracket per line, in a layout
//! this module can replay — and read back; the failing line is then walked
//! down the value to the path of what sits on it. This costs one extra
//! write and read of text per call and no per-type code, where a
//! path-tracking deserializer wrapper (such as serde_path_to_error) repeats
//! every type's deserializer and cost the page's wasm ~9 KB gzipped.

#![no_std]

extern crate alloc;

use alloc::format;
use alloc::string::{String, ToString};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// `value` as a `T`; a failure is named by its path under `what`:
/// `config.hidden[0]: ...`, `points[3].label: ...`, `snapshot: ...`.
pub fn parse<T: DeserializeOwned>(what: &str, value: &Value) -> Result<T, String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| format!("{what}: {e}"))?;
    serde_json::from_str(&text).map_err(|err| {
        let path = path_at_line(value, err.line());
        format!("{what}{path}: {}", message(&err))
    })
}

/// The error's text without serde_json's " at line L column C" (the path
/// says where, in the learner's terms).
fn message(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    match full.strip_suffix(&position) {
        Some(text) => text.to_string(),
        None => full,
    }
}

/// How many lines `value` takes in serde_json's pretty layout: a scalar or
/// an empty container one; a container its opening line, its children,
/// and its closing line.
fn lines(value: &Value) -> usize {
    match value {
        Value::Object(map) if !map.is_empty() => 2 + map.values().map(lines).sum::<usize>(),
        Value::Array(items) if !items.is_empty() => 2 + items.iter().map(lines).sum::<usize>(),
        _ => 1,
    }
}

/// The path (`.key`, `[i]`, joined) of the innermost value whose text
/// covers `line` (1-based) of `value` pretty-printed; "" for the whole
/// value, or for a line on a container's own brackets.
fn path_at_line(value: &Value, line: usize) -> String {
    let mut path = String::new();
    let mut node = value;
    // The line `node` starts on (a child starts on its key's line).
    let mut start = 1;
    'descend: loop {
        // Each child in layout order, with the path segment that names it.
        let mut at = start + 1;
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let n = lines(child);
                    if line < at + n {
                        path.push('.');
                        path.push_str(key);
                        (node, start) = (child, at);
                        continue 'descend;
                    }
                    at += n;
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let n = lines(child);
                    if line < at + n {
                        path.push_str(&format!("[{i}]"));
                        (node, start) = (child, at);
                        continue 'descend;
                    }
                    at += n;
                }
            }
            _ => {}
        }
        return path;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Layer {
        weights: Vec<Vec<f32>>,
        biases: Vec<f32>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Session {
        hidden: Vec<usize>,
        learning_rate: f32,
        layers: Vec<Layer>,
        empty: Vec<u8>,
        last: Option<u32>,
    }

    fn good() -> Value {
        json!({
            "hidden": [4, 2],
            "learningRate": 0.03,
            "layers": [
                {"weights": [[0.5, -1.0], [0.25, 2.0]], "biases": [0.0, 1.0]},
                {"weights": [[1.0, 1.0]], "biases": [0.5]}
            ],
            "empty": [],
            "last": 7
        })
    }

    fn error_of(v: &Value) -> String {
        parse::<Session>("session", v).unwrap_err()
    }

    #[test]
    fn reads_a_good_value() {
        let s: Session = parse("session", &good()).unwrap();
        assert_eq!(s.hidden, [4, 2]);
        assert_eq!(s.learning_rate, 0.03);
        assert_eq!(s.layers[1].biases, [0.5]);
        assert_eq!(s.last, Some(7));
    }

    #[test]
    fn names_a_leaf_in_an_array() {
        let mut v = good();
        v["hidden"][1] = json!("2");
        let e = error_of(&v);
        assert!(
            e.starts_with("session.hidden[1]: invalid type: string \"2\""),
            "{e}"
        );
        assert!(!e.contains("line"), "{e}");
    }

    #[test]
    fn names_a_leaf_deep_inside_arrays_of_objects() {
        let mut v = good();
        v["layers"][1]["weights"][0][1] = json!(true);
        assert!(error_of(&v).starts_with("session.layers[1].weights[0][1]: invalid type: boolean"));
        let mut v = good();
        v["layers"][0]["biases"] = json!({});
        assert!(error_of(&v).starts_with("session.layers[0].biases: invalid type: map"));
    }

    #[test]
    fn names_the_field_after_empty_containers() {
        let mut v = good();
        v["last"] = json!(-1);
        assert!(
            error_of(&v).starts_with("session.last: invalid value: integer `-1`"),
            "{}",
            error_of(&v)
        );
    }

    #[test]
    fn a_missing_field_names_its_object() {
        let mut v = good();
        v["layers"][1].as_object_mut().unwrap().remove("biases");
        assert_eq!(error_of(&v), "session.layers[1]: missing field `biases`");
        let mut v = good();
        v.as_object_mut().unwrap().remove("hidden");
        assert_eq!(error_of(&v), "session: missing field `hidden`");
    }

    #[test]
    fn an_unknown_field_is_named() {
        let mut v = good();
        v["layers"][0]["bias"] = json!(1);
        let e = error_of(&v);
        assert!(
            e.starts_with("session.layers[0].bias: unknown field `bias`"),
            "{e}"
        );
    }

    #[test]
    fn the_whole_value_has_no_path() {
        assert!(error_of(&json!("x")).starts_with("session: invalid type: string"));
        assert!(error_of(&json!(3)).starts_with("session: invalid type: integer"));
    }
}
