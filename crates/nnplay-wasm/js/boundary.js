// @ts-check
// The JS half of the wasm boundary: reads a caller's argument into JSON text
// and writes into a caller's typed array or canvas through intrinsics captured
// at load, so no getter, Proxy trap or overridden method of the caller's runs
// while the engine works (every function here is called through a catching
// import, so whatever a caller's code throws comes back to Rust as an Err).

const stringify = JSON.stringify;
const isArray = Array.isArray;
const arrayFrom = Array.from;
const TypedArray = Object.getPrototypeOf(Uint8Array);
const tagGetter = /** @type {() => string | undefined} */ (
  Object.getOwnPropertyDescriptor(TypedArray.prototype, Symbol.toStringTag)?.get
);
const lengthGetter = /** @type {() => number} */ (
  Object.getOwnPropertyDescriptor(TypedArray.prototype, "length")?.get
);
const setInto = TypedArray.prototype.set;
const canvasOf = (/** @type {string} */ name) => {
  const proto = /** @type {any} */ (globalThis)[name]?.prototype;
  return proto ? { put: proto.putImageData, canvas: Object.getOwnPropertyDescriptor(proto, "canvas")?.get } : null;
};
const contexts = [canvasOf("CanvasRenderingContext2D"), canvasOf("OffscreenCanvasRenderingContext2D")];

/**
 * `value` as JSON text (`null` for undefined), refusing what JSON would
 * silently drop or change: non-finite numbers, bigints, symbols, functions.
 * Typed arrays read as arrays; `undefined` members as null. Each refusal
 * names its path under `what`.
 * @param {unknown} value
 * @param {string} what
 * @returns {string}
 */
export function toJson(value, what) {
  /** @type {WeakMap<object, string>} */
  const paths = new WeakMap();
  const text = stringify(value, function (key, v) {
    const parent = paths.get(this);
    const path = parent === undefined ? what : isArray(this) ? `${parent}[${key}]` : `${parent}.${key}`;
    switch (typeof v) {
      case "number":
        if (!Number.isFinite(v)) throw new TypeError(`${path}: must be a finite number, got ${v}`);
        return v;
      case "undefined":
        return null;
      case "object":
        if (v === null) return v;
        if (tagGetter.call(v) !== undefined) v = arrayFrom(v);
        paths.set(v, path);
        return v;
      case "string":
      case "boolean":
        return v;
      default:
        throw new TypeError(`${path}: expected a number, string, boolean, array or object, got a ${typeof v}`);
    }
  });
  return text === undefined ? "null" : text;
}

/**
 * What was thrown, as text (reading it may itself throw: then a fixed text).
 * @param {unknown} thrown
 * @returns {string}
 */
export function messageOf(thrown) {
  try {
    if (thrown instanceof Error) return String(thrown.message);
    if (typeof thrown === "string") return thrown;
    return `a ${typeof thrown} was thrown`;
  } catch {
    return "a value that cannot be read was thrown";
  }
}

/**
 * The typed array's kind ("Float32Array", ...) and length, or null when
 * `out` is not a typed array; runs no code of the caller's.
 * @param {unknown} out
 * @returns {string | null}
 */
export function typedArrayKind(out) {
  const tag = tagGetter.call(out);
  return tag === undefined ? null : tag;
}

/** @param {unknown} out @returns {number} */
export function typedArrayLength(out) {
  return lengthGetter.call(out);
}

/**
 * Copies `values` into `out` (checked by kind and length before).
 * @param {unknown} out
 * @param {ArrayLike<number>} values
 */
export function copyInto(out, values) {
  setInto.call(out, values);
}

/**
 * Which 2D context `ctx` is: 0 (a canvas's), 1 (an offscreen canvas's), or
 * -1 when it is neither; a brand check, running no code of the caller's.
 * @param {unknown} ctx
 * @returns {number}
 */
export function contextKind(ctx) {
  for (let i = 0; i < contexts.length; i++) {
    const c = contexts[i];
    if (!c?.canvas) continue;
    try {
      c.canvas.call(ctx);
      return i;
    } catch {
      // not this kind
    }
  }
  return -1;
}

/**
 * Puts `pixels` (RGBA, side x side) at (0, 0) of a context of `kind`.
 * @param {unknown} ctx
 * @param {number} kind
 * @param {Uint8Array} pixels
 * @param {number} side
 */
export function putPixels(ctx, kind, pixels, side) {
  const image = new ImageData(new Uint8ClampedArray(pixels), side, side);
  contexts[kind]?.put.call(ctx, image, 0, 0);
}
