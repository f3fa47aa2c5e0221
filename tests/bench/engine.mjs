// @ts-check
// The JS benchmark of docs/design.md "Reference workloads": the `--target web`
// build of nnplay-wasm in node (initSync), one thread, side by side with its
// peers (convnetjs, TensorFlow.js cpu and wasm; tests/bench/peers.mjs) measured
// live in the same process.
//
//   cargo xtask bench                       (builds, then runs this)
//   node tests/bench/engine.mjs [--seconds S] [--json] [--no-peers]
//
// Figures per workload:
//   training samples/s   train(epochs) over ~S seconds
//   grid points/s        gridInto(100) (which evaluates the output and every
//                        neuron in one pass), alone and with neuronsInto(100)
//                        copying the neurons out
//   frames/s             train(1) + loss() + gridInto(100) + neuronsInto(100)
// and one table of training samples/s and grid points/s (output + every
// neuron, copied out) for nnplay and each peer, with the ratio nnplay / peer.
import { existsSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { W_DEFAULT as BASE_DEFAULT, W_MAX as BASE_MAX } from "../lib/workloads.mjs";
import { benchConvnet, benchTf, featureVector, gridInputs, loadTf, measure as measureFor } from "./peers.mjs";

const ROOT = process.env.NNPLAY_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const GLUE = join(ROOT, "www", "pkg", "nnplay_wasm.js");
const WASM = join(ROOT, "www", "pkg", "nnplay_wasm_bg.wasm");
const RESOLUTION = 100;

const args = process.argv.slice(2);
const secondsArg = args.indexOf("--seconds");
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : Number(process.env.BENCH_SECONDS ?? 1);
const JSON_OUT = args.includes("--json");
const PEERS = !args.includes("--no-peers");
if (!(SECONDS > 0)) throw new Error("--seconds needs a positive number");

// One seed for every figure, so runs are comparable.
const W_DEFAULT = { seed: 1, ...BASE_DEFAULT };
const W_MAX = { seed: 1, ...BASE_MAX };

/** TF Playground's own engine, quoted (measured on the same machine class; see docs/design.md). */
const TFP = {
  "W-default": { samples: 1.9e6, grid: 3.7e6, frames: null },
  "W-max": { samples: 0.16e6, grid: 0.42e6, frames: 36 },
};

/** Calls/s of `fn` over SECONDS, after a fifth of that to warm up. @param {() => unknown} fn */
const measure = (fn) => measureFor(fn, SECONDS);

/**
 * @param {any} Playground
 * @param {string} name
 * @param {object} config
 */
function benchWorkload(Playground, name, config) {
  const pg = new Playground(config);
  try {
    /** @type {{ x: number, y: number, label: number, test: boolean }[]} */
    const train = pg.points().filter((/** @type {{ test: boolean }} */ p) => !p.test);
    const trainCount = train.length;
    // Epochs per call so that one call takes a few milliseconds.
    const epochsPerCall = Math.max(1, Math.round(20_000 / Math.max(1, trainCount)));
    const trainCalls = measure(() => pg.train(epochsPerCall));
    const samples = trainCalls * epochsPerCall * trainCount;

    const cells = RESOLUTION * RESOLUTION;
    const sizes = pg.layerSizes();
    const hidden = sizes.slice(1, -1).reduce((a, b) => a + b, 0);
    const out = new Float32Array(cells * sizes[sizes.length - 1]);
    const neurons = new Float32Array(cells * hidden);
    // The engine caches the grid until the network changes; re-setting a
    // weight to its own value changes nothing but forces a fresh pass.
    const w0 = pg.model().layers[0].weights[0][0];
    const gridOnly = measure(() => {
      pg.setWeight(0, 0, 0, w0);
      pg.gridInto(RESOLUTION, out);
    }) * cells;
    const gridNeurons = measure(() => {
      pg.setWeight(0, 0, 0, w0);
      pg.gridInto(RESOLUTION, out);
      pg.neuronsInto(RESOLUTION, neurons);
    }) * cells;
    const frames = measure(() => {
      pg.train(1);
      pg.loss();
      pg.gridInto(RESOLUTION, out);
      pg.neuronsInto(RESOLUTION, neurons);
    });
    const result = { workload: name, trainSamples: trainCount, samplesPerSec: samples, gridPointsPerSec: gridOnly, gridNeuronPointsPerSec: gridNeurons, framesPerSec: frames };
    return { result, train };
  } finally {
    release(pg);
  }
}

/**
 * Frees a Playground without masking an earlier error.
 * @param {any} pg
 */
function release(pg) {
  try {
    pg.free?.();
  } catch {
    // ignored
  }
}

/** @param {number} x a rate, shown in M (millions) or, when small, k (thousands) */
const mega = (x) => (x >= 1e5 ? `${(x / 1e6).toFixed(3)} M` : `${(x / 1e3).toFixed(2)} k`);
/** @param {number} x */
const ratio = (x) => `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}x`;

/**
 * Prints rows as a table, the first row as its header.
 * @param {string[][]} rows
 * @param {number} [left] how many leading columns are text (left-aligned)
 */
function printTable(rows, left = 1) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c < left ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

/**
 * The peers on one workload, on nnplay's own training points.
 * @param {object} config
 * @param {{ x: number, y: number, label: number }[]} train
 * @returns {Promise<import("./peers.mjs").PeerResult[]>}
 */
async function benchPeers(config, train) {
  const w = /** @type {import("./peers.mjs").Workload} */ (config);
  const data = { xs: train.map((p) => featureVector(w.features, p.x, p.y)), ys: train.map((p) => p.label) };
  const grid = gridInputs(w.features, RESOLUTION);
  return [
    benchConvnet(w, data, grid, SECONDS),
    await benchTf("cpu", w, data, grid, SECONDS),
    await benchTf("wasm", w, data, grid, SECONDS),
  ];
}

async function main() {
  if (!existsSync(GLUE) || !existsSync(WASM)) {
    throw new Error(`${GLUE} is missing: run \`cargo xtask build --release\` first (cargo xtask bench does)`);
  }
  const glue = await import(pathToFileURL(GLUE).href);
  glue.initSync({ module: readFileSync(WASM) });

  const workloads = /** @type {const} */ ([["W-default", W_DEFAULT], ["W-max", W_MAX]]);
  const tfWasmFile = PEERS ? (await loadTf()).wasmFile : null;
  /** @type {ReturnType<typeof benchWorkload>["result"][]} */
  const results = [];
  /** @type {Record<string, import("./peers.mjs").PeerResult[]>} */
  const peers = {};
  // Each workload's peers right after nnplay's own figures, so they share the machine's load.
  for (const [name, config] of workloads) {
    const { result, train } = benchWorkload(glue.Playground, name, config);
    results.push(result);
    if (PEERS) peers[name] = await benchPeers(config, train);
  }
  if (JSON_OUT) {
    console.log(JSON.stringify({ node: process.version, loadAverage: loadavg()[0], wasmBytes: statSync(WASM).size, seconds: SECONDS, results, peers, tfWasmFile }));
    return;
  }
  console.log(`nnplay JS benchmark: node ${process.version}, ${statSync(WASM).size} byte .wasm, one thread, ~${SECONDS} s per figure, grid ${RESOLUTION}x${RESOLUTION}, load average ${loadavg()[0].toFixed(1)}`);
  const rows = [["workload", "training samples/s", "grid points/s (output)", "grid points/s (+ neurons)", "frames/s"]];
  for (const r of results) {
    rows.push([r.workload, mega(r.samplesPerSec), mega(r.gridPointsPerSec), mega(r.gridNeuronPointsPerSec), r.framesPerSec.toFixed(1)]);
  }
  printTable(rows);
  if (!PEERS) return;

  console.log("\nnnplay (wasm) and its peers, same node process, same workloads, one thread:");
  const table = [["workload", "engine", "training samples/s", "nnplay / it", "grid points/s (output + every neuron)", "nnplay / it"]];
  for (const r of results) {
    const name = r.workload;
    table.push([name, "nnplay wasm", mega(r.samplesPerSec), "", mega(r.gridNeuronPointsPerSec), ""]);
    for (const p of peers[name]) {
      table.push(["", p.peer, mega(p.samplesPerSec), ratio(r.samplesPerSec / p.samplesPerSec), mega(p.gridPointsPerSec), ratio(r.gridNeuronPointsPerSec / p.gridPointsPerSec)]);
    }
    const ref = TFP[/** @type {"W-default" | "W-max"} */ (name)];
    table.push(["", "TF Playground (quoted)", mega(ref.samples), ratio(r.samplesPerSec / ref.samples), mega(ref.grid), ratio(r.gridNeuronPointsPerSec / ref.grid)]);
  }
  printTable(table, 2);
  console.log(`TF Playground's engine is quoted, not run (docs/design.md; ~${TFP["W-max"].frames} engine frames/s at W-max against nnplay's ${results[1].framesPerSec.toFixed(0)} here).`);
  console.log(`tfjs wasm read ${tfWasmFile ?? "its .wasm (path not seen)"} from disk, no fetch; threads off. Peers get precomputed features and no shuffling.`);
}

await main();
