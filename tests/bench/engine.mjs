// @ts-check
// The JS benchmark of design.md "Reference workloads": the `--target web`
// build of nnplay-wasm in node (initSync), one thread.
//
//   cargo xtask bench                       (builds, then runs this)
//   node tests/bench/engine.mjs [--seconds S] [--json]
//
// Figures per workload:
//   training samples/s   train(epochs) over ~S seconds
//   grid points/s        gridInto(100) (which evaluates the output and every
//                        neuron in one pass), alone and with neuronsInto(100)
//                        copying the neurons out
//   frames/s             train(1) + loss() + gridInto(100) + neuronsInto(100)
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { W_DEFAULT as BASE_DEFAULT, W_MAX as BASE_MAX } from "../lib/workloads.mjs";

const ROOT = process.env.NNPLAY_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const GLUE = join(ROOT, "www", "pkg", "nnplay_wasm.js");
const WASM = join(ROOT, "www", "pkg", "nnplay_wasm_bg.wasm");
const RESOLUTION = 100;

const args = process.argv.slice(2);
const secondsArg = args.indexOf("--seconds");
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : Number(process.env.BENCH_SECONDS ?? 1);
const JSON_OUT = args.includes("--json");
if (!(SECONDS > 0)) throw new Error("--seconds needs a positive number");

// One seed for every figure, so runs are comparable.
const W_DEFAULT = { seed: 1, ...BASE_DEFAULT };
const W_MAX = { seed: 1, ...BASE_MAX };

/** design.md's figures for TF Playground's own engine (same machine class). */
const TFP = {
  "W-default": { samples: 1.96e6, grid: 3.6e6, frames: null },
  "W-max": { samples: 0.158e6, grid: 0.41e6, frames: 22 },
};

/**
 * Calls `fn` until `seconds` have passed (at least once); returns calls/s.
 * @param {() => unknown} fn
 * @param {number} seconds
 */
function rate(fn, seconds) {
  const budget = seconds * 1000;
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < budget);
  return (calls * 1000) / elapsed;
}

/**
 * Warm up for a fifth of the time, then measure.
 * @param {() => unknown} fn
 */
function measure(fn) {
  rate(fn, Math.max(0.05, SECONDS / 5));
  return rate(fn, SECONDS);
}

/**
 * @param {any} Playground
 * @param {string} name
 * @param {object} config
 */
function benchWorkload(Playground, name, config) {
  const pg = new Playground(config);
  try {
    const trainCount = pg.points().filter((/** @type {{ test: boolean }} */ p) => !p.test).length;
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
    return { workload: name, trainSamples: trainCount, samplesPerSec: samples, gridPointsPerSec: gridOnly, gridNeuronPointsPerSec: gridNeurons, framesPerSec: frames };
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

/** @param {number} x */
const mega = (x) => `${(x / 1e6).toFixed(3)} M`;

async function main() {
  if (!existsSync(GLUE) || !existsSync(WASM)) {
    throw new Error(`${GLUE} is missing: run \`cargo xtask build --release\` first (cargo xtask bench does)`);
  }
  const glue = await import(pathToFileURL(GLUE).href);
  glue.initSync({ module: readFileSync(WASM) });

  const results = [benchWorkload(glue.Playground, "W-default", W_DEFAULT), benchWorkload(glue.Playground, "W-max", W_MAX)];
  if (JSON_OUT) {
    console.log(JSON.stringify({ node: process.version, wasmBytes: statSync(WASM).size, seconds: SECONDS, results }));
    return;
  }
  console.log(`nnplay JS benchmark: node ${process.version}, ${statSync(WASM).size} byte .wasm, one thread, ~${SECONDS} s per figure, grid ${RESOLUTION}x${RESOLUTION}`);
  const rows = [["workload", "training samples/s", "grid points/s (output)", "grid points/s (+ neurons)", "frames/s"]];
  for (const r of results) {
    rows.push([r.workload, mega(r.samplesPerSec), mega(r.gridPointsPerSec), mega(r.gridNeuronPointsPerSec), r.framesPerSec.toFixed(1)]);
    const ref = TFP[/** @type {"W-default" | "W-max"} */ (r.workload)];
    rows.push([
      "  TF Playground",
      mega(ref.samples),
      "",
      mega(ref.grid),
      ref.frames == null ? "" : String(ref.frames),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
  console.log("(TF Playground rows: design.md's figures for its engine, whose forward pass computes every neuron at each grid point)");
}

await main();
