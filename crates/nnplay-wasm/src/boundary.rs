//! Every JS argument read into plain Rust data, and every write into a
//! caller's object, in ways that cannot re-enter or alias: numbers are read
//! by type (`as_f64` runs no `valueOf`), objects through `js/boundary.js`'s
//! catching JSON reader, typed arrays and canvases through intrinsics. A
//! caller's getter, Proxy trap, cycle or wrong type becomes an `Err` naming
//! the argument; nothing a caller wrote ever runs while the engine is
//! borrowed, and no JS exception ever unwinds through wasm.

use nnplay_core::limits::MAX_CSV_BYTES;
use nnplay_core::shortest::Num;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// The longest JSON text an argument may become (a snapshot of 10,000
/// points and the largest network fits with room to spare).
pub const MAX_JSON_CHARS: usize = 16 << 20;

#[wasm_bindgen(module = "/js/boundary.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = toJson)]
    fn to_json_text(value: &JsValue, what: &str) -> Result<js_sys::JsString, JsValue>;
    #[wasm_bindgen(js_name = messageOf)]
    fn message_of(thrown: &JsValue) -> String;
    #[wasm_bindgen(catch, js_name = typedArrayKind)]
    fn typed_array_kind(out: &JsValue) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(catch, js_name = typedArrayLength)]
    fn typed_array_length(out: &JsValue) -> Result<f64, JsValue>;
    #[wasm_bindgen(catch, js_name = copyInto)]
    fn copy_f32_into(out: &JsValue, values: &[f32]) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = copyInto)]
    fn copy_u8_into(out: &JsValue, values: &[u8]) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = contextKind)]
    fn context_kind(ctx: &JsValue) -> Result<i32, JsValue>;
    #[wasm_bindgen(catch, js_name = putPixels)]
    fn put_pixels(ctx: &JsValue, kind: i32, pixels: &[u8], side: u32) -> Result<(), JsValue>;
}

/// A boundary failure, already worded (the method name is added by the caller).
pub type Read<T> = Result<T, String>;

fn kind(v: &JsValue) -> String {
    v.js_typeof().as_string().unwrap_or_default()
}

/// A JS number, as it is (no coercion: a string or an object is refused).
pub fn number(name: &str, v: &JsValue) -> Read<f64> {
    v.as_f64()
        .ok_or_else(|| format!("{name} must be a number, got a {}", kind(v)))
}

/// A finite number as `f32` (the engine checks its range).
pub fn float(name: &str, v: &JsValue) -> Read<f32> {
    let n = number(name, v)?;
    if n.is_finite() {
        Ok(n as f32)
    } else {
        Err(format!("{name} must be a finite number, got {}", Num(n)))
    }
}

/// A non-negative integer (an index, a count, a resolution).
pub fn integer(name: &str, v: &JsValue) -> Read<usize> {
    let n = number(name, v)?;
    if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 {
        Ok(n as usize)
    } else {
        Err(format!(
            "{name} must be a non-negative integer, got {}",
            Num(n)
        ))
    }
}

/// A boolean; `undefined` is false.
pub fn boolean(name: &str, v: &JsValue) -> Read<bool> {
    if v.is_undefined() {
        return Ok(false);
    }
    v.as_bool()
        .ok_or_else(|| format!("{name} must be a boolean, got a {}", kind(v)))
}

/// A string of at most `max` bytes (measured before it is copied).
pub fn string(name: &str, v: &JsValue, max: usize) -> Read<String> {
    if !v.is_string() {
        return Err(format!("{name} must be a string, got a {}", kind(v)));
    }
    let s: &js_sys::JsString = v.unchecked_ref();
    // UTF-16 units; a UTF-8 byte count is at most three times that.
    if s.length() as usize > max {
        return Err(too_long(name, s.length() as usize, max));
    }
    let text = String::from(s);
    if text.len() > max {
        return Err(too_long(name, text.len(), max));
    }
    Ok(text)
}

fn too_long(name: &str, got: usize, max: usize) -> String {
    format!("{name} is {got} characters long, more than the limit of {max}")
}

/// CSV text for an import.
pub fn csv(name: &str, v: &JsValue) -> Read<String> {
    string(name, v, MAX_CSV_BYTES)
}

/// A JS value as JSON (see `toJson` in `js/boundary.js`): a getter or a
/// Proxy that throws, a cycle, a too-deep or too-large value, a bigint or a
/// symbol is an error naming `what`. serde_json's recursion limit bounds the
/// depth.
pub fn json(what: &str, v: &JsValue) -> Read<Value> {
    let text = to_json_text(v, what)
        .map_err(|e| format!("{what} could not be read: {}", message_of(&e)))?;
    let chars = text.length() as usize;
    if chars > MAX_JSON_CHARS {
        return Err(format!(
            "{what} is {chars} characters of JSON, more than the limit of {MAX_JSON_CHARS}"
        ));
    }
    let text = String::from(text);
    serde_json::from_str(&text).map_err(|e| format!("{what} could not be read: {e}"))
}

/// A caller's output array: its kind was checked to be one of `kinds`.
pub struct Out<'a> {
    value: &'a JsValue,
    len: usize,
}

/// Checks that `out` is a typed array of one of `kinds` and reads its length.
pub fn out<'a>(v: &'a JsValue, kinds: &[&str]) -> Read<Out<'a>> {
    let kind = typed_array_kind(v).ok().flatten();
    match kind {
        Some(k) if kinds.contains(&k.as_str()) => {
            let len = typed_array_length(v).map_err(|e| message_of(&e))? as usize;
            Ok(Out { value: v, len })
        }
        _ => Err(format!("out must be a {}", kinds[0])),
    }
}

impl Out<'_> {
    fn check(&self, needed: usize) -> Read<()> {
        if self.len == needed {
            Ok(())
        } else {
            Err(format!("out has {} values, needs {needed}", self.len))
        }
    }

    pub fn write_f32(&self, values: &[f32]) -> Read<()> {
        self.check(values.len())?;
        copy_f32_into(self.value, values).map_err(|e| message_of(&e))
    }

    pub fn write_u8(&self, values: &[u8]) -> Read<()> {
        self.check(values.len())?;
        copy_u8_into(self.value, values).map_err(|e| message_of(&e))
    }
}

/// A 2D context (a canvas's or an offscreen canvas's), brand-checked.
pub struct Context<'a> {
    value: &'a JsValue,
    kind: i32,
}

pub fn context(v: &JsValue) -> Read<Context<'_>> {
    match context_kind(v) {
        Ok(kind) if kind >= 0 => Ok(Context { value: v, kind }),
        _ => Err(
            "ctx must be a CanvasRenderingContext2D or an OffscreenCanvasRenderingContext2D".into(),
        ),
    }
}

impl Context<'_> {
    /// Puts RGBA pixels of a `side` x `side` picture at (0, 0).
    pub fn put(&self, pixels: &[u8], side: usize) -> Read<()> {
        put_pixels(self.value, self.kind, pixels, side as u32).map_err(|e| message_of(&e))
    }
}
