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
    let mut text = String::new();
    pretty(value, 0, &mut text);
    serde_json::from_str(&text).map_err(|err| {
        let path = path_at_line(value, err.line());
        format!("{what}{path}: {}", message(&err))
    })
}

/// Writes `value` in serde_json's pretty layout (two-space indent, one leaf
/// or bracket per line, an empty container on one line), which
/// [`path_at_line`] replays. Written here rather than by serde_json's
/// serializer so that floats go through `core::fmt`'s shortest form, which
/// the module already carries for its messages, instead of serde_json's own
/// float writer and its ~10 KB table. A float keeps a `.0` when it is whole,
/// so it reads back as a float, as it was.
fn pretty(value: &Value, indent: usize, out: &mut String) {
    use core::fmt::Write;
    let newline = |out: &mut String, indent: usize| {
        out.push('\n');
        out.extend(core::iter::repeat_n(' ', indent));
    };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else if let Some(f) = n.as_f64() {
                let start = out.len();
                let _ = write!(out, "{f}");
                if !out[start..].contains('.') {
                    out.push_str(".0");
                }
            }
        }
        Value::String(s) => string(s, out),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent + 2);
                pretty(item, indent + 2, out);
            }
            newline(out, indent);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent + 2);
                string(key, out);
                out.push_str(": ");
                pretty(item, indent + 2, out);
            }
            newline(out, indent);
            out.push('}');
        }
    }
}

/// `s` as a JSON string literal.
fn string(s: &str, out: &mut String) {
    use core::fmt::Write;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
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
    fn writes_what_serde_json_reads_back_unchanged() {
        let v = json!({
            "a": [1, -2, 0.1, 3.0, -1.5e-7, 2.5e10, 123456789012u64],
            "s\"k\\": "quote \" backslash \\ newline \n tab \t nul \u{0} \u{1f} é 한",
            "e": {"x": [], "y": {}, "z": null, "t": true, "f": false},
            "n": [[[]], [{}]]
        });
        let mut text = String::new();
        pretty(&v, 0, &mut text);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v, "{text}");
        // Whole floats stay floats.
        assert!(back["a"][3].is_f64() && back["a"][5].is_f64(), "{text}");
        // The layout path_at_line replays: serde_json's, line for line.
        let theirs = serde_json::to_string_pretty(&v).unwrap();
        assert_eq!(text.lines().count(), theirs.lines().count());
        assert_eq!(text.lines().count(), lines(&v));
        for (mine, theirs) in text.lines().zip(theirs.lines()) {
            // Same indent, and the same key where the line has one.
            let key = |l: &str| {
                let indent = l.len() - l.trim_start().len();
                (indent, l.split_once("\": ").map(|(k, _)| k.to_string()))
            };
            assert_eq!(key(mine), key(theirs), "{text}");
        }
    }

    #[test]
    fn the_whole_value_has_no_path() {
        assert!(error_of(&json!("x")).starts_with("session: invalid type: string"));
        assert!(error_of(&json!(3)).starts_with("session: invalid type: integer"));
    }
}
