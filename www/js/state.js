// @ts-check
// App state that is not the engine's (view options), and the URL hash that
// carries everything needed to reproduce a picture: the engine's normalized
// config, the view options and, once the data were shaped by hand, every point
// packed as little-endian Float32 (x, y, label) plus a bitset of test flags.
//
// and the trained weights and biases (Float32, layer by layer: W row-major,
// then b), so a link reproduces the exact picture.
//
// Hash format:  #s=<base64url(JSON {v: 1, c: config, u: ui})>[&p=<base64url(points)>][&w=<base64url(f32 params)>][&lang=en|ko]
//
// `lang` is optional and read by i18n.js: a hash holding only `lang=ko` is a
// link with no state (the defaults, in Korean), not a broken one. So is
// `tour=N` (1..7), read by tour.js: the guided tour opens at lesson N.

/** @typedef {{x: number, y: number, label: number, test: boolean}} Point */

/**
 * @typedef {object} UiState
 * @property {boolean} showTest   draw the test points
 * @property {boolean} discretize draw the output as hard classes
 * @property {number} speed       index into the worker's pace table (0..8)
 * @property {boolean} chartLog   loss chart on a log scale
 */

/** @type {Readonly<UiState>} */
export const DEFAULT_UI = Object.freeze({ showTest: true, discretize: false, speed: 4, chartLog: false });

/** How many speeds there are (SPEEDS in worker.js); their labels are "speed.<i>" in www/locales. */
export const SPEED_COUNT = 9;

/** The longest link hash read, in characters (room for tens of thousands of hand-made points). */
export const MAX_HASH_LENGTH = 800_000;
/** How deeply a link's config may nest (a config is at most two levels deep). */
const MAX_DEPTH = 4;

/** How deeply a parsed JSON value nests (stops counting past `limit`). @param {unknown} v @param {number} limit */
function depth(v, limit) {
  if (limit < 0 || v === null || typeof v !== "object") return 0;
  let d = 0;
  for (const x of Object.values(v)) {
    d = Math.max(d, depth(x, limit - 1));
    if (d >= limit) break;
  }
  return d + 1;
}

/** @param {Uint8Array} bytes */
export function toBase64Url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** @param {string} text */
export function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Packs points: u32 count, then count * (x, y, label) f32, then test bits.
 * @param {Point[]} points
 */
export function packPoints(points) {
  const n = points.length;
  const bytes = new Uint8Array(4 + n * 12 + Math.ceil(n / 8));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, n, true);
  points.forEach((p, i) => {
    const o = 4 + i * 12;
    view.setFloat32(o, p.x, true);
    view.setFloat32(o + 4, p.y, true);
    view.setFloat32(o + 8, p.label, true);
    if (p.test) bytes[4 + n * 12 + (i >> 3)] |= 1 << (i & 7);
  });
  return bytes;
}

/**
 * @param {Uint8Array} bytes
 * @returns {Point[]}
 */
export function unpackPoints(bytes) {
  if (bytes.length < 4) throw new Error("points: too short");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true);
  if (bytes.length !== 4 + n * 12 + Math.ceil(n / 8)) throw new Error("points: wrong length");
  /** @type {Point[]} */
  const out = [];
  for (let i = 0; i < n; i++) {
    const o = 4 + i * 12;
    const x = view.getFloat32(o, true);
    const y = view.getFloat32(o + 4, true);
    const label = view.getFloat32(o + 8, true);
    if (![x, y, label].every(Number.isFinite)) throw new Error("points: not finite");
    out.push({ x, y, label, test: (bytes[4 + n * 12 + (i >> 3)] & (1 << (i & 7))) !== 0 });
  }
  return out;
}

/** @typedef {{gamma: number[], beta: number[], runningMean: number[], runningVar: number[]}} NormParams */
/** @typedef {{layers: {weights: number[][], biases: number[], batchNorm?: NormParams}[]}} Model */

/** A batch norm's four arrays, in the order the link packs them. */
const NORM_FIELDS = /** @type {const} */ (["gamma", "beta", "runningMean", "runningVar"]);

/**
 * Packs every weight and bias as little-endian Float32, layer by layer (a
 * layer with batch norm adds its γ, β, running mean and variance).
 * @param {Model} model
 */
export function packModel(model) {
  /** @type {number[]} */
  const flat = [];
  for (const layer of model.layers) {
    for (const row of layer.weights) flat.push(...row);
    flat.push(...layer.biases);
    if (layer.batchNorm) for (const f of NORM_FIELDS) flat.push(...layer.batchNorm[f]);
  }
  const bytes = new Uint8Array(flat.length * 4);
  const view = new DataView(bytes.buffer);
  flat.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

/**
 * Rebuilds a model of the given layer sizes from packed parameters.
 * @param {Uint8Array} bytes @param {number[]} sizes [nIn, ...hidden, nOut]
 * @param {boolean} [batchNorm] whether the hidden layers carry batch norm
 * @returns {Model}
 */
export function unpackModel(bytes, sizes, batchNorm = false) {
  const normed = (/** @type {number} */ l) => batchNorm && l < sizes.length - 1;
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l] * (sizes[l - 1] + 1 + (normed(l) ? 4 : 0));
  if (bytes.length !== count * 4) throw new Error("weights: wrong count for this network");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  const next = () => {
    const v = view.getFloat32(o, true);
    o += 4;
    if (!Number.isFinite(v)) throw new Error("weights: not finite");
    return v;
  };
  /** @type {Model} */
  const model = { layers: [] };
  for (let l = 1; l < sizes.length; l++) {
    const weights = Array.from({ length: sizes[l] }, () => Array.from({ length: sizes[l - 1] }, next));
    const biases = Array.from({ length: sizes[l] }, next);
    if (normed(l)) {
      const [gamma, beta, runningMean, runningVar] = NORM_FIELDS.map(() => Array.from({ length: sizes[l] }, next));
      model.layers.push({ weights, biases, batchNorm: { gamma, beta, runningMean, runningVar } });
    } else {
      model.layers.push({ weights, biases });
    }
  }
  return model;
}

/**
 * @param {{config: any, ui: UiState, points: Point[] | null, model?: Model | null, lang?: string | null}} state
 * @returns {string} the hash, starting with "#"
 */
export function encodeHash(state) {
  const json = JSON.stringify({ v: 1, c: state.config, u: state.ui });
  let hash = `#s=${toBase64Url(new TextEncoder().encode(json))}`;
  if (state.points) hash += `&p=${toBase64Url(packPoints(state.points))}`;
  if (state.model) hash += `&w=${toBase64Url(packModel(state.model))}`;
  if (state.lang) hash += `&lang=${encodeURIComponent(state.lang)}`;
  return hash;
}

/**
 * Reads a hash. Returns null when there is none; throws on anything invalid.
 * @param {string} hash
 * @returns {{config: any, ui: UiState, points: Point[] | null, weights: Uint8Array | null} | null}
 */
export function decodeHash(hash) {
  const text = hash.replace(/^#/, "");
  if (text === "") return null;
  if (text.length > MAX_HASH_LENGTH) {
    throw new Error(`the link is ${text.length} characters long, more than the limit of ${MAX_HASH_LENGTH}`);
  }
  const params = new URLSearchParams(text);
  params.delete("lang");
  params.delete("tour");
  if (params.size === 0) return null;
  const s = params.get("s");
  if (!s) throw new Error("the link has no state");
  const parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(s)));
  if (!parsed || typeof parsed !== "object" || parsed.v !== 1) throw new Error("unknown link version");
  if (!parsed.c || typeof parsed.c !== "object" || Array.isArray(parsed.c)) throw new Error("the link's config is not an object");
  if (depth(parsed.c, MAX_DEPTH) > MAX_DEPTH) throw new Error(`the link's config nests deeper than ${MAX_DEPTH} levels`);
  const u = parsed.u && typeof parsed.u === "object" ? parsed.u : {};
  /** @type {UiState} */
  const ui = {
    showTest: typeof u.showTest === "boolean" ? u.showTest : DEFAULT_UI.showTest,
    discretize: typeof u.discretize === "boolean" ? u.discretize : DEFAULT_UI.discretize,
    speed: Number.isInteger(u.speed) && u.speed >= 0 && u.speed < SPEED_COUNT ? u.speed : DEFAULT_UI.speed,
    chartLog: typeof u.chartLog === "boolean" ? u.chartLog : DEFAULT_UI.chartLog,
  };
  const p = params.get("p");
  const w = params.get("w");
  return { config: parsed.c, ui, points: p ? unpackPoints(fromBase64Url(p)) : null, weights: w ? fromBase64Url(w) : null };
}
