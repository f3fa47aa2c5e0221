// @ts-check
// The peers of tests/bench/engine.mjs, measured live in the same node process
// on the same workloads: convnetjs and TensorFlow.js (@tensorflow/tfjs on its
// cpu backend, and on @tensorflow/tfjs-backend-wasm, one thread), from npm.
//
// Each peer builds the workload's network (hidden tanh layers, a tanh output,
// loss ½(o − y)², plain SGD at the workload's learning rate, minibatches of the
// workload's size averaged like TF Playground) and is timed on
//   training samples/s  whole epochs over the 250 training points
//   grid points/s       the output and every hidden neuron over a 100 x 100 grid,
//                       read back to JS
// The peers get their input features precomputed (nnplay computes them inside
// its figures) and train without shuffling: both favour the peers slightly.
import { readFileSync } from "node:fs";
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** @typedef {{ features: string[], hidden: number[], batchSize: number, optimizer: { learningRate: number } }} Workload */
/** @typedef {{ xs: Float32Array[], ys: number[] }} Data */
/** @typedef {{ peer: string, samplesPerSec: number, gridPointsPerSec: number }} PeerResult */

/** Each input feature as nnplay's engine defines it. @type {Record<string, (x: number, y: number) => number>} */
const FEATURES = {
  x1: (x) => x,
  x2: (_, y) => y,
  x1Squared: (x) => x * x,
  x2Squared: (_, y) => y * y,
  x1x2: (x, y) => x * y,
  sinX1: (x) => Math.sin(x),
  sinX2: (_, y) => Math.sin(y),
  cosX1: (x) => Math.cos(x),
  cosX2: (_, y) => Math.cos(y),
};

/**
 * The feature vector of one point.
 * @param {string[]} features @param {number} x @param {number} y
 */
export function featureVector(features, x, y) {
  return Float32Array.from(features, (name) => {
    const f = FEATURES[name];
    if (!f) throw new Error(`peers: unknown feature ${name}`);
    return f(x, y);
  });
}

/**
 * The 100 x 100 grid's feature vectors over [-6, 6]², row-major from the top-left.
 * @param {string[]} features @param {number} res
 */
export function gridInputs(features, res) {
  /** @type {Float32Array[]} */
  const out = [];
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      out.push(featureVector(features, -6 + (12 * (c + 0.5)) / res, 6 - (12 * (r + 0.5)) / res));
    }
  }
  return out;
}

/**
 * Calls `fn` for ~`seconds` after a warm-up (a fifth of that unless given);
 * returns calls/s.
 * @param {() => unknown} fn @param {number} seconds @param {number} [warmup] seconds
 */
export function measure(fn, seconds, warmup = Math.max(0.05, seconds / 5)) {
  const once = (/** @type {number} */ budget) => {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < budget * 1000);
    return (calls * 1000) / elapsed;
  };
  once(warmup);
  return once(seconds);
}

// ---- convnetjs -------------------------------------------------------------

/**
 * convnetjs: one sample at a time through `Net.forward` / `Trainer.train`.
 * @param {Workload} w @param {Data} data @param {Float32Array[]} grid @param {number} seconds
 * @returns {PeerResult}
 */
export function benchConvnet(w, data, grid, seconds) {
  const convnetjs = require("convnetjs");
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: "input", out_sx: 1, out_sy: 1, out_depth: w.features.length },
    ...w.hidden.map((n) => ({ type: "fc", num_neurons: n, activation: "tanh" })),
    { type: "fc", num_neurons: 1, activation: "tanh" },
  ]);
  // A tanh output with ½(o − y)²: convnetjs's regression layer passes o − y back.
  net.layers.push(new convnetjs.RegressionLayer({ in_sx: 1, in_sy: 1, in_depth: 1 }));
  const trainer = new convnetjs.Trainer(net, {
    method: "sgd",
    learning_rate: w.optimizer.learningRate,
    batch_size: w.batchSize,
    momentum: 0,
    l1_decay: 0,
    l2_decay: 0,
  });
  const toVol = (/** @type {Float32Array} */ f) => {
    const v = new convnetjs.Vol(1, 1, f.length, 0);
    for (let i = 0; i < f.length; i++) v.w[i] = f[i];
    return v;
  };
  const xs = data.xs.map(toVol);
  const ys = data.ys.map((y) => [y]);
  const epochs = measure(() => {
    for (let i = 0; i < xs.length; i++) trainer.train(xs[i], ys[i]);
  }, seconds);

  const gridVols = grid.map(toVol);
  // The hidden neurons are the tanh layers' outputs; the output is the last one.
  const tanhLayers = net.layers.filter((/** @type {{ layer_type: string }} */ l) => l.layer_type === "tanh");
  let sink = 0;
  const grids = measure(() => {
    for (const v of gridVols) {
      net.forward(v, false);
      for (const l of tanhLayers) sink += l.out_act.w[0];
    }
  }, seconds);
  if (Number.isNaN(sink)) throw new Error("convnetjs: NaN on the grid");
  return { peer: "convnetjs", samplesPerSec: epochs * xs.length, gridPointsPerSec: grids * grid.length };
}

// ---- TensorFlow.js -----------------------------------------------------------

/** tfjs runs far slower in its first second or so (its code is still being optimized): warm up this long. */
const TF_WARMUP = 1.5;

/** @type {Promise<{ tf: any, wasmFile: string | null }> | null} */
let tfLoaded = null;

/**
 * Loads tfjs-core with the cpu and wasm backends. The wasm backend must read
 * its .wasm from node_modules: `fetch` is disabled while it loads, and the
 * file it read is reported.
 */
export function loadTf() {
  tfLoaded ??= (async () => {
    const tf = await import("@tensorflow/tfjs");
    await import("@tensorflow/tfjs-backend-wasm");
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false); // one thread, like nnplay's figures
    const realFetch = globalThis.fetch;
    const realRead = fs.readFileSync;
    /** @type {string | null} */
    let wasmFile = null;
    /** @type {string[]} */
    const fetched = [];
    globalThis.fetch = async (url) => {
      fetched.push(String(url));
      throw new Error(`tfjs-backend-wasm tried to fetch ${url}`);
    };
    fs.readFileSync = /** @type {typeof readFileSync} */ ((/** @type {any} */ path, /** @type {any} */ ...rest) => {
      if (String(path).endsWith(".wasm")) wasmFile = String(path);
      return realRead(path, ...rest);
    });
    try {
      if (!(await tf.setBackend("wasm"))) throw new Error("tfjs-backend-wasm did not initialise");
      if (fetched.length) throw new Error(`tfjs-backend-wasm fetched ${fetched.join(", ")}`);
    } finally {
      globalThis.fetch = realFetch;
      fs.readFileSync = realRead;
    }
    tf.env().set("DEBUG", false);
    return { tf, wasmFile };
  })();
  return tfLoaded;
}

/**
 * TensorFlow.js on one backend: parameters as variables, one
 * `optimizer.minimize` per minibatch, the grid as one batched forward pass
 * whose every layer is read back with `dataSync`.
 * @param {"cpu" | "wasm"} backend @param {Workload} w @param {Data} data
 * @param {Float32Array[]} grid @param {number} seconds
 * @returns {Promise<PeerResult>}
 */
export async function benchTf(backend, w, data, grid, seconds) {
  const { tf } = await loadTf();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} unavailable`);
  // The cpu backend's one-time advice to install tfjs-node (a native build, not a peer here).
  if (backend === "cpu") tf.backend().firstUse = false;
  const sizes = [w.features.length, ...w.hidden, 1];
  /** @type {{ W: any, b: any }[]} */
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    layers.push({
      W: tf.variable(tf.randomUniform([sizes[l - 1], sizes[l]], -0.5, 0.5, "float32", 1)),
      b: tf.variable(tf.fill([1, sizes[l]], 0.1)),
    });
  }
  /** @param {any} x @returns {any[]} every layer's activations */
  const forward = (x) => {
    const acts = [];
    let a = x;
    for (const { W, b } of layers) {
      a = tf.tanh(tf.add(tf.matMul(a, W), b));
      acts.push(a);
    }
    return acts;
  };
  const d = w.features.length;
  const flat = (/** @type {Float32Array[]} */ rows) => {
    const out = new Float32Array(rows.length * d);
    rows.forEach((r, i) => out.set(r, i * d));
    return out;
  };
  /** @type {{ x: any, y: any }[]} */
  const batches = [];
  for (let i = 0; i < data.xs.length; i += w.batchSize) {
    const rows = data.xs.slice(i, i + w.batchSize);
    batches.push({
      x: tf.tensor2d(flat(rows), [rows.length, d]),
      y: tf.tensor2d(Float32Array.from(data.ys.slice(i, i + w.batchSize)), [rows.length, 1]),
    });
  }
  const optimizer = tf.train.sgd(w.optimizer.learningRate);
  const gridX = tf.tensor2d(flat(grid), [grid.length, d]);
  try {
    // Timed per minibatch (an epoch takes tfjs a good part of a second), cycling through the epoch.
    let next = 0;
    const steps = measure(() => {
      const { x, y } = batches[next];
      next = (next + 1) % batches.length;
      tf.tidy(() => {
        optimizer.minimize(() => {
          const acts = forward(x);
          return tf.mul(0.5, tf.mean(tf.square(tf.sub(acts[acts.length - 1], y))));
        });
      });
      layers[0].b.dataSync(); // the step is done, not queued
    }, seconds, TF_WARMUP);
    const epochs = steps / batches.length;
    let sink = 0;
    const grids = measure(() => {
      tf.tidy(() => {
        for (const a of forward(gridX)) sink += a.dataSync()[0];
      });
    }, seconds, TF_WARMUP);
    if (Number.isNaN(sink)) throw new Error(`tfjs-${backend}: NaN on the grid`);
    return { peer: `tfjs ${backend}`, samplesPerSec: epochs * data.xs.length, gridPointsPerSec: grids * grid.length };
  } finally {
    tf.dispose([...layers.flatMap((l) => [l.W, l.b]), ...batches.flatMap((b) => [b.x, b.y]), gridX]);
    optimizer.dispose();
  }
}
