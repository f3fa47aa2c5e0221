// @ts-check
// A seeded fuzzer over the whole wasm `Playground` API: random calls with
// valid and hostile JS values (throwing getters, Proxies, cycles, deep
// nesting, valueOf with side effects incl. free(), wrong types, huge sizes,
// NaN/Infinity, symbols, BigInt), each outcome classified and the instance and
// the module checked after every call.

import { rng } from "../lib/rng.mjs";

/** Every instance method with its argument count. */
export const METHODS = {
  step: 0, train: 1, reset: 0, regenerate: 0, predict: 2, loss: 0, state: 0,
  points: 0, setPoints: 1, addPoint: 3, movePoint: 3, removePoint: 1, setPointLabel: 2,
  clearPoints: 0, exportPoints: 0, importPoints: 1, model: 0, setModel: 1, setWeight: 4,
  backprop: 0, gradients: 0, snapshot: 0, setConfig: 1, config: 0, layerSizes: 0,
  grid: 1, gridInto: 2, neurons: 1, neuronsInto: 2, boundaryPixels: 2, boundaryPixelsInto: 3,
  neuronPixels: 1, neuronPixelsInto: 2, featurePixels: 1, outputPixels: 1, drawBoundary: 3,
  colorScale: 1, activationCurve: 4, pointColors: 0, trace: 2, freezeBiases: 1, biasesFrozen: 0,
  health: 0, lossSurface: 6, open: 1, optimizerState: 3, param: 1, setBias: 3, warp: 6,
  trainingForward: 0, dropoutMasks: 0,
};
/** Static methods (and the constructor) with their argument count. */
export const STATICS = { "new Playground": 1, catalog: 0, samplePoints: 1, restore: 1 };

/** @param {number} depth */
function deep(depth) {
  /** @type {any} */
  let o = { seed: 1 };
  for (let i = 0; i < depth; i++) o = { optimizer: o };
  return o;
}

/**
 * The value pools: `hostile(ctx)` returns a fresh hostile value, where
 * `ctx.pg()` is the instance under test (so side effects can reach it).
 * @param {ReturnType<typeof rng>} r
 * @param {{ pg: () => any, Playground: any }} ctx
 */
export function values(r, ctx) {
  const numbers = [0, 1, 2, 3, 5, 10, 16, -1, 0.5, 1.5, -0, 6, -6, 7, 1e9, 4294967295, 4294967296, NaN, Infinity, -Infinity, 1e308, -1e308, 3e38, Number.MAX_SAFE_INTEGER];
  const smallInts = [0, 1, 2, 3, 4, 8, 10, 12];
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const detached = new Float32Array(16);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  /** @type {(() => unknown)[]} */
  const hostile = [
    () => r.pick(numbers),
    () => "",
    () => "tanh",
    () => "x,y,label\n1,1,1\n2,2,-1\n",
    () => "1,oops,1",
    () => "x".repeat(r.below(3) === 0 ? 2_000_000 : 100),
    () => true,
    () => null,
    () => undefined,
    () => Symbol("s"),
    () => 10n,
    () => () => 1,
    () => ({ valueOf() { ctx.pg().free(); return 0; } }),
    () => ({ valueOf() { throw new Error("valueOf threw"); } }),
    () => ({ toString() { ctx.pg().free(); return "tanh"; } }),
    () => ({ get noise() { throw new Error("getter threw"); } }),
    () => ({ get seed() { ctx.pg().free(); return 1; } }),
    () => ({ get noise() { ctx.pg().step(); return 0.1; } }),
    () => ({ get layers() { ctx.pg().setConfig({ hidden: [2] }); return []; } }),
    () => new Proxy({}, { ownKeys() { throw new Error("trap threw"); } }),
    () => new Proxy({}, { get() { ctx.pg().free(); return 1; } }),
    () => new Proxy(new Float32Array(100), { getPrototypeOf() { ctx.pg().free(); return Float32Array.prototype; } }),
    () => revoked.proxy,
    () => { const o = /** @type {any} */ ({}); o.o = o; return { optimizer: o }; },
    () => deep(r.pick([50, 200, 5000, 100_000])),
    () => ({ seed: 1, noise: NaN }),
    () => ({ classes: 1e9 }),
    () => ({ hidden: [64, 64, 64, 64, 64, 64, 64, 64, 64] }),
    () => ({ samples: 1e6 }),
    () => Array.from({ length: r.pick([0, 3, 10_001]) }, (_, i) => ({ x: (i % 12) - 6, y: 0, label: 1 })),
    () => [{ x: 1, y: 1, label: 10n }],
    () => ({ layers: [{ weights: [[3e38, 3e38]], biases: [0] }] }),
    () => new Float32Array(r.pick([0, 4, 16, 100, 600])),
    () => new Uint8ClampedArray(r.pick([0, 64, 400, 1600])),
    () => new Uint8Array(400),
    () => detached,
    () => new ctx.Playground({ seed: 2, samples: 10 }),
    () => ({ version: 1, config: {}, points: [], model: { layers: [] } }),
    () => ctx.pg(),
  ];
  const valid = {
    /** @param {string} method @param {number} i */
    arg(method, i) {
      switch (method) {
        case "train": return r.pick([0, 1, 2]);
        case "predict": case "trace": case "addPoint": return r.pick([-6, -1, 0, 2.5, 6]);
        case "movePoint": case "removePoint": case "setPointLabel": return i === 0 ? r.below(30) : r.pick([-1, 0, 1, 2]);
        case "setWeight": return i < 3 ? r.below(3) : r.pick([0.5, -2]);
        case "grid": case "neurons": case "boundaryPixels": case "neuronPixels": case "featurePixels": case "outputPixels":
          return i === 0 ? r.pick([2, 4, 10]) : r.next() < 0.5;
        case "gridInto": case "neuronsInto": case "boundaryPixelsInto": case "neuronPixelsInto": case "drawBoundary":
          return i === 0 ? r.pick([2, 4, 10]) : r.next() < 0.5 ? false : new Float32Array(100);
        case "colorScale": return r.pick([1, 2, 64]);
        case "activationCurve": return i === 0 ? r.pick(["tanh", "relu", "swish"]) : i === 3 ? 9 : i === 1 ? -2 : 2;
        case "setConfig": case "samplePoints": case "new Playground":
          return r.pick([{ seed: 3, samples: 30 }, { hidden: [3] }, { problem: "multiclass", classes: 3, samples: 30 }, { problem: "regression", samples: 30 }, { optimizer: { kind: "adam" } }, { batchSize: 4 }, {}]);
        case "setPoints": return [{ x: 1, y: 1, label: 1 }, { x: -1, y: 2, label: -1, test: true }];
        case "importPoints": return "x,y,label\n1,1,1\n-2,0.5,-1\n";
        case "optimizerState": case "setBias": return i < 2 ? r.below(2) : r.pick([0.5, -2]);
        case "param": return { layer: 0, row: r.below(3), col: r.below(2) };
        case "lossSurface":
          return [{ layer: 0, row: 0, col: 0 }, { layer: 0, row: 0, col: 1 }, r.pick([1, 3]), r.pick([2, 4]), r.pick(["train", "batch"]), new Float32Array(16)][i];
        case "warp": return [0, 0, 1, r.pick([2, 3]), r.pick([2, 4]), new Float32Array(2 * 3 * 4 * 2)][i];
        case "open": {
          if (r.next() < 0.5) return "{\"version\": 1}";
          try {
            return JSON.stringify(ctx.pg().snapshot());
          } catch {
            return "{}"; // the instance was freed by a hostile value: a bad file then
          }
        }
        default: return undefined;
      }
    },
  };
  return { hostile, valid };
}

/**
 * Runs `calls` random calls from `seed`; returns the counts per outcome
 * class and the first few failures (an outcome that is not "ok" or a named
 * `Error`, or an instance or module left unusable).
 * @param {any} glue the wasm-bindgen glue (initialised)
 * @param {{ seed: number, calls: number, onProgress?: (done: number, counts: Record<string, number>) => void }} options
 */
export function fuzz(glue, { seed, calls, onProgress }) {
  const { Playground } = glue;
  const r = rng(seed);
  /** @type {any} */
  let pg = new Playground({ seed: 1, samples: 30 });
  const ctx = { pg: () => pg, Playground };
  const pools = values(r, ctx);
  /** @type {Record<string, number>} */
  const counts = { calls: 0, ok: 0, namedError: 0, freed: 0, unnamedError: 0, nonError: 0, trap: 0, unusable: 0 };
  /** @type {string[]} */
  const failures = [];
  const fail = (/** @type {string} */ kind, /** @type {string} */ what) => {
    counts[kind]++;
    if (failures.length < 20) failures.push(`${kind}: ${what}`);
  };
  const names = Object.keys(METHODS);
  const statics = Object.keys(STATICS);
  for (let n = 0; n < calls; n++) {
    const isStatic = r.next() < 0.08;
    const method = isStatic ? r.pick(statics) : r.pick(names);
    const arity = isStatic ? STATICS[/** @type {keyof STATICS} */ (method)] : METHODS[/** @type {keyof METHODS} */ (method)];
    const hostileRate = r.pick([0, 0.3, 1]);
    const args = Array.from({ length: arity + (r.next() < 0.05 ? 1 : 0) }, (_, i) =>
      r.next() < hostileRate ? r.pick(pools.hostile)() : pools.valid.arg(method, i),
    );
    const target = pg;
    counts.calls++;
    try {
      /** @type {any} */
      let result;
      if (method === "new Playground") result = new Playground(...args);
      else if (isStatic) result = Playground[method](...args);
      else result = target[method](...args);
      counts.ok++;
      if (result instanceof Playground && result !== target) result.free();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) fail("trap", `${method}: ${e.message}`);
      else if (!(e instanceof Error)) fail("nonError", `${method} threw ${typeof e}`);
      else if (!e.message.startsWith(`${method}: `)) fail("unnamedError", `${method}: ${e.message.slice(0, 200)}`);
      else if (e.message.endsWith("this Playground was freed")) counts.freed++;
      else counts.namedError++;
    }
    // The instance: usable, or freed on purpose by a hostile value.
    try {
      pg.state();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!message.endsWith("this Playground was freed")) fail("unusable", `after ${method}: ${message}`);
      pg = new Playground({ seed: r.below(100), samples: 30 });
    }
    if (r.next() < 0.02) {
      // A hostile setConfig may leave a legal but large session; start small again.
      pg.free();
      pg = new Playground({ seed: r.below(100), samples: 30 });
    }
    // The module: a fresh instance still works.
    if (n % 64 === 0) {
      try {
        const fresh = new Playground({ seed: 5, samples: 20 });
        fresh.step();
        fresh.free();
      } catch (e) {
        fail("unusable", `module after ${method}: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
    }
    if (onProgress && n % 10_000 === 0) onProgress(n, counts);
  }
  pg.free();
  return { counts, failures };
}
