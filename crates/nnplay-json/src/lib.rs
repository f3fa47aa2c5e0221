//! Reads a value from JSON and, when it does not fit, names where:
//! `config.hidden[0]: invalid type: string "4", expected usize`.
//!
//! The value is read by this crate's own serde [`Deserializer`] over a
//! `&serde_json::Value` (`de.rs`), whose error carries the path of the part
//! that failed, built as the error returns up through each map value
//! (`.key`) and sequence element (`[i]`). The messages are worded as
//! serde_json words them (`null`, `floating point `4.5``), but no
//! serde_json deserializer or error is instantiated: each type's
//! `Deserialize` code runs against this one small deserializer only, and
//! floats in messages go through `core::fmt`, not serde_json's float writer
//! and its tables (together ~20 KB of the page's wasm).

#![no_std]

extern crate alloc;

mod de;

use alloc::format;
use alloc::string::{String, ToString};
use core::fmt;
use nnplay_core::shortest::Num;
use serde::de::{DeserializeOwned, Expected, Unexpected};
use serde_json::Value;

pub use de::Deserializer;

/// `value` as a `T`; a failure is named by its path under `what`:
/// `config.hidden[0]: ...`, `points[3].label: ...`, `snapshot: ...`.
pub fn parse<T: DeserializeOwned>(what: &str, value: &Value) -> Result<T, String> {
    T::deserialize(Deserializer::new(value)).map_err(|err| format!("{what}{err:#}"))
}

/// Why a value did not fit, and where: the path from the value read down to
/// the part that failed (`.layers[1].biases`; empty for the whole value).
///
/// `{}` shows the message; `{:#}` shows `{path}: {message}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    path: String,
    message: String,
}

impl Error {
    /// The path to the part that failed (`.layers[1].biases`, or "").
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error, one level further from the value that failed: under
    /// the map key `key`.
    #[cold]
    fn under_key(mut self, key: &str) -> Self {
        self.path.insert_str(0, key);
        self.path.insert(0, '.');
        self
    }

    /// The same error under the sequence index `index`.
    #[cold]
    fn under_index(mut self, index: usize) -> Self {
        self.path.insert_str(0, &format!("[{index}]"));
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl core::error::Error for Error {}

impl serde::de::Error for Error {
    #[cold]
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            path: String::new(),
            message: msg.to_string(),
        }
    }

    #[cold]
    fn invalid_type(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {expected}",
            Shown(unexpected)
        ))
    }

    #[cold]
    fn invalid_value(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {expected}",
            Shown(unexpected)
        ))
    }
}

/// A value that did not fit, in serde's words (`floating point `4.0``,
/// `string "x"`, `sequence`) but `null` for its "unit value", written here
/// rather than by serde's own Display so that a float goes through
/// [`Num`] and the page's wasm carries no core float formatting.
struct Shown<'a>(Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            Unexpected::Float(x) => {
                let text = Num(x).to_string();
                // serde marks a whole float as one: `4.0`, not `4`.
                let point = if x.is_finite() && !text.contains('.') {
                    ".0"
                } else {
                    ""
                };
                write!(f, "floating point `{text}{point}`")
            }
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// `value` shown briefly for a message, without serde_json's writer (whose
/// float code the page's wasm otherwise does without): a number, boolean or
/// `null` as written, a string quoted, a container by its kind.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.to_string(),
            (None, Some(i), _) => i.to_string(),
            (None, None, Some(f)) => Num(f).to_string(),
            _ => "a number".into(),
        },
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}
