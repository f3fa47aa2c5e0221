//! `parse` against hand-written cases, and against serde_json's own text
//! reader: for every mistake, the same message serde_json gives (which the
//! page showed before this crate had its own deserializer), with a path.

use nnplay_json::{describe, parse, Deserializer};
use serde::Deserialize;
use serde_json::{json, Value};

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
    assert_eq!(s.layers[0].weights, [[0.5, -1.0], [0.25, 2.0]]);
    assert_eq!(s.last, Some(7));
    let mut v = good();
    v["last"] = Value::Null;
    assert_eq!(parse::<Session>("session", &v).unwrap().last, None);
}

#[test]
fn names_a_leaf_in_an_array() {
    let mut v = good();
    v["hidden"][1] = json!("2");
    assert_eq!(
        error_of(&v),
        "session.hidden[1]: invalid type: string \"2\", expected usize"
    );
}

#[test]
fn names_a_leaf_deep_inside_arrays_of_objects() {
    let mut v = good();
    v["layers"][1]["weights"][0][1] = json!(true);
    assert_eq!(
        error_of(&v),
        "session.layers[1].weights[0][1]: invalid type: boolean `true`, expected f32"
    );
    let mut v = good();
    v["layers"][0]["biases"] = json!({});
    assert_eq!(
        error_of(&v),
        "session.layers[0].biases: invalid type: map, expected a sequence"
    );
}

#[test]
fn negative_into_unsigned() {
    let mut v = good();
    v["last"] = json!(-1);
    assert_eq!(
        error_of(&v),
        "session.last: invalid value: integer `-1`, expected u32"
    );
}

#[test]
fn out_of_range_for_its_type() {
    let mut v = good();
    v["last"] = json!(1u64 << 40);
    assert_eq!(
        error_of(&v),
        "session.last: invalid value: integer `1099511627776`, expected u32"
    );
    let mut v = good();
    v["empty"] = json!([300]);
    assert_eq!(
        error_of(&v),
        "session.empty[0]: invalid value: integer `300`, expected u8"
    );
}

#[test]
fn a_float_is_not_an_integer() {
    let mut v = good();
    v["hidden"][0] = json!(4.0);
    assert_eq!(
        error_of(&v),
        "session.hidden[0]: invalid type: floating point `4.0`, expected usize"
    );
    v["hidden"][0] = json!(2.5);
    assert_eq!(
        error_of(&v),
        "session.hidden[0]: invalid type: floating point `2.5`, expected usize"
    );
}

#[test]
fn null_is_not_a_value() {
    let mut v = good();
    v["learningRate"] = Value::Null;
    assert_eq!(
        error_of(&v),
        "session.learningRate: invalid type: null, expected f32"
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
fn an_unknown_field_is_named_in_its_object() {
    let mut v = good();
    v["layers"][0]["bias"] = json!(1);
    assert_eq!(
        error_of(&v),
        "session.layers[0].bias: unknown field `bias`, expected `weights` or `biases`"
    );
}

#[test]
fn the_whole_value_has_no_path() {
    assert_eq!(
        error_of(&json!("x")),
        "session: invalid type: string \"x\", expected struct Session"
    );
    assert_eq!(
        error_of(&json!(3)),
        "session: invalid type: integer `3`, expected struct Session"
    );
    assert_eq!(
        parse::<u8>("n", &json!(-3)).unwrap_err(),
        "n: invalid value: integer `-3`, expected u8"
    );
}

#[derive(Deserialize, Debug, PartialEq, Default, Clone, Copy)]
#[serde(rename_all = "camelCase")]
enum Kind {
    #[default]
    Sgd,
    RmsProp,
    #[serde(rename = "x1Squared")]
    X1Squared,
}

#[derive(Deserialize, Debug, PartialEq, Default)]
struct Meters(f64);

/// A point as the engine reads it: no `deny_unknown_fields`, a defaulted field.
#[derive(Deserialize, Debug, PartialEq, Default)]
struct Point {
    x: f32,
    y: f32,
    label: f32,
    #[serde(default)]
    test: bool,
}

#[derive(Deserialize, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
struct Everything {
    count: u32,
    offset: i64,
    small: i8,
    ratio: f32,
    exact: f64,
    flag: bool,
    name: String,
    letter: char,
    kind: Kind,
    maybe_kind: Option<Kind>,
    #[serde(rename = "len")]
    length: Meters,
    pair: (u16, bool),
    points: Vec<Point>,
    unit: (),
}

#[test]
fn reads_every_kind_of_value() {
    let v = json!({
        "count": 4000000000u32, "offset": -9007199254740993i64, "small": -128,
        "ratio": 3, "exact": 0.1, "flag": true, "name": "é 한 \"q\"", "letter": "z",
        "kind": "rmsProp", "maybeKind": "x1Squared", "len": 2.5, "pair": [7, false],
        "points": [{"x": 1, "y": -0.5, "label": 1}, {"x": 0, "y": 0, "label": -1, "test": true,
                    "note": {"ignored": [1, {"deep": null}]}}],
        "unit": null
    });
    let e: Everything = parse("e", &v).unwrap();
    assert_eq!(
        e,
        Everything {
            count: 4_000_000_000,
            offset: -9_007_199_254_740_993,
            small: -128,
            ratio: 3.0,
            exact: 0.1,
            flag: true,
            name: "é 한 \"q\"".into(),
            letter: 'z',
            kind: Kind::RmsProp,
            maybe_kind: Some(Kind::X1Squared),
            length: Meters(2.5),
            pair: (7, false),
            points: vec![
                Point {
                    x: 1.0,
                    y: -0.5,
                    label: 1.0,
                    test: false
                },
                Point {
                    x: 0.0,
                    y: 0.0,
                    label: -1.0,
                    test: true
                },
            ],
            unit: (),
        }
    );
    // Every field defaulted; null for an Option.
    let e: Everything = parse("e", &json!({"maybeKind": null})).unwrap();
    assert_eq!(e, Everything::default());
    // A struct is read from an object only, not from its fields in an array.
    assert_eq!(
        parse::<Everything>("e", &json!({"points": [[1, 2, 3]]})).unwrap_err(),
        "e.points[0]: invalid type: sequence, expected struct Point"
    );
}

#[test]
fn names_a_bad_enum_variant() {
    assert_eq!(
        parse::<Everything>("e", &json!({"kind": "adam"})).unwrap_err(),
        "e.kind: unknown variant `adam`, expected one of `sgd`, `rmsProp`, `x1Squared`"
    );
    assert_eq!(
        parse::<Vec<Kind>>("kinds", &json!(["sgd", 3])).unwrap_err(),
        "kinds[1]: invalid type: integer `3`, expected enum Kind"
    );
}

#[test]
fn names_a_point_in_a_list() {
    let v = json!([{"x": 0, "y": 0, "label": 1}, {"x": 0, "y": 0, "label": 1},
                   {"x": 0, "y": 0, "label": 1}, {"x": 0, "y": 0, "label": "one"}]);
    assert_eq!(
        parse::<Vec<Point>>("points", &v).unwrap_err(),
        "points[3].label: invalid type: string \"one\", expected f32"
    );
    let v = json!([{"x": 0, "y": 0}]);
    assert_eq!(
        parse::<Vec<Point>>("points", &v).unwrap_err(),
        "points[0]: missing field `label`"
    );
}

#[test]
fn an_array_too_long_for_its_type() {
    assert_eq!(
        parse::<Everything>("e", &json!({"pair": [1, true, 3]})).unwrap_err(),
        "e.pair: invalid length 3, expected fewer elements in array"
    );
    assert_eq!(
        parse::<Everything>("e", &json!({"pair": [1]})).unwrap_err(),
        "e.pair: invalid length 1, expected a tuple of size 2"
    );
}

/// serde_json's message for reading `value` as `T` from text, without its
/// " at line L column C".
fn serde_json_says<T: serde::de::DeserializeOwned + core::fmt::Debug>(value: &Value) -> String {
    let err = serde_json::from_str::<T>(&value.to_string()).unwrap_err();
    let full = err.to_string();
    let at = format!(" at line {} column {}", err.line(), err.column());
    full.strip_suffix(&at).unwrap_or(&full).to_string()
}

/// Puts each of many wrong values at `path` in `base` and checks that the
/// message is serde_json's (the path is checked by the tests above).
fn same_messages_as_serde_json<T: serde::de::DeserializeOwned + core::fmt::Debug>(
    base: &Value,
    path: &[&str],
) {
    let wrongs = [
        json!(null),
        json!(true),
        json!("x\"y"),
        json!(-1),
        json!(4.0),
        json!(2.5),
        json!(-0.125),
        json!(0.001),
        json!(1u64 << 40),
        json!(u64::MAX),
        json!(i64::MIN),
        json!([]),
        json!([1, "a"]),
        json!({}),
        json!({"a": 1}),
    ];
    for wrong in wrongs {
        let mut v = base.clone();
        let mut slot = &mut v;
        for key in path {
            slot = match key.parse::<usize>() {
                Ok(i) => &mut slot[i],
                Err(_) => &mut slot[*key],
            };
        }
        *slot = wrong.clone();
        // A struct from an array: serde_json reads its fields in order; we
        // refuse it (see `reads_every_kind_of_value`).
        let ours = match parse::<T>("", &v) {
            Err(e)
                if wrong.is_array() && e.contains(": invalid type: sequence, expected struct ") =>
            {
                continue;
            }
            Ok(_) => {
                assert!(
                    serde_json::from_str::<T>(&v.to_string()).is_ok(),
                    "{path:?} = {wrong}"
                );
                continue;
            }
            Err(e) => e,
        };
        let (_, message) = ours.split_once(": ").unwrap();
        // serde_json's reader says only "expected value" for an enum that
        // is not a string; ours says what it got and what was expected.
        if message.ends_with(", expected enum Kind") {
            continue;
        }
        assert_eq!(message, serde_json_says::<T>(&v), "{path:?} = {wrong}");
    }
}

#[test]
fn every_mistake_reads_as_serde_json_says_it() {
    let base = json!({"points": [{"x": 1, "y": 2, "label": 1}], "pair": [1, true]});
    for field in [
        "count",
        "offset",
        "small",
        "ratio",
        "exact",
        "flag",
        "name",
        "letter",
        "kind",
        "maybeKind",
        "len",
        "pair",
        "points",
        "unit",
    ] {
        same_messages_as_serde_json::<Everything>(&base, &[field]);
    }
    for path in [
        &["points", "0"][..],
        &["points", "0", "x"],
        &["points", "0", "test"],
        &["pair", "0"],
    ] {
        same_messages_as_serde_json::<Everything>(&base, path);
    }
    same_messages_as_serde_json::<Everything>(&base, &[]);
    same_messages_as_serde_json::<Session>(&good(), &["layers", "1", "weights", "0"]);
    same_messages_as_serde_json::<Session>(&good(), &["layers", "1"]);
    same_messages_as_serde_json::<Session>(&good(), &["last"]);
}

#[test]
fn the_error_shows_its_path_and_message() {
    let err =
        Everything::deserialize(Deserializer::new(&json!({"points": [{"x": "a"}]}))).unwrap_err();
    assert_eq!(err.path(), ".points[0].x");
    assert_eq!(err.message(), "invalid type: string \"a\", expected f32");
    assert_eq!(format!("{err}"), err.message());
    assert_eq!(
        format!("{err:#}"),
        ".points[0].x: invalid type: string \"a\", expected f32"
    );
}

#[test]
fn describes_a_value_briefly() {
    let cases = [
        (json!(null), "null"),
        (json!(true), "true"),
        (json!(7), "7"),
        (json!(-3), "-3"),
        (json!(2.5), "2.5"),
        (json!(4.0), "4"),
        (json!("be\"st"), "\"be\\\"st\""),
        (json!([1]), "an array"),
        (json!({"a": 1}), "an object"),
    ];
    for (value, shown) in cases {
        assert_eq!(describe(&value), shown);
    }
}
