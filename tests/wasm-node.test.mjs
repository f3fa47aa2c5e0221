// @ts-check
// The `--target web` build of nnplay-wasm in node (initSync): it learns
// W-default, and it gives the same weights, bit for bit, as the native core.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { W_DEFAULT } from "./lib/workloads.mjs";
import { engineGlue } from "./lib/wasm.mjs";

const ROOT = process.env.NNPLAY_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Frees a Playground without masking the error that got us here (after a
 * failed call its borrow flag may still be set, and free() then throws).
 * @param {any} pg
 */
function release(pg) {
  try {
    pg.free?.();
  } catch {
    // ignored: the original failure is what matters
  }
}


/**
 * Every weight and bias in `model()` order (layer by layer: weights row-major,
 * then biases, then any batch norm's γ, β, running mean and variance) as f32
 * bit patterns.
 * @param {{ layers: { weights: number[][], biases: number[], batchNorm?: Record<string, number[]> }[] }} model
 * @returns {number[]}
 */
function modelBits(model) {
  /** @type {number[]} */
  const flat = [];
  for (const layer of model.layers) {
    for (const row of layer.weights) flat.push(...row);
    flat.push(...layer.biases);
    const n = layer.batchNorm;
    if (n) flat.push(...n.gamma, ...n.beta, ...n.runningMean, ...n.runningVar);
  }
  return Array.from(new Uint32Array(Float32Array.from(flat).buffer));
}

test("W-default: 200 epochs on circle reach test accuracy >= 0.95", async () => {
  const { Playground } = await engineGlue();
  const pg = new Playground({ seed: 42, ...W_DEFAULT });
  try {
    pg.train(200);
    const loss = pg.loss();
    assert.ok(Number.isFinite(loss.test), `test loss ${loss.test}`);
    assert.ok(loss.testAccuracy >= 0.95, `test accuracy ${loss.testAccuracy} < 0.95`);
  } finally {
    release(pg);
  }
});

for (const norm of [false, true]) {
  const what = norm ? " with batch norm and dropout" : "";
  test(`same seed, same weights as the native core (bit-identical)${what}`, { timeout: 15 * 60_000 }, () => sameBits(norm));
}

/** @param {boolean} norm batch norm, dropout 0.3, hidden [6, 5], Adam (the replay example's `norm`) */
async function sameBits(norm) {
  const seed = 42;
  const steps = 100;
  const cargo = process.env.CARGO ?? "cargo";
  const args = ["run", "-q", "--release", "-p", "nnplay-core", "--example", "replay", "--features", "serde", "--", String(seed), String(steps)];
  if (norm) args.push("norm");
  const { stdout } = await promisify(execFile)(cargo, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const lastLine = stdout.trim().split("\n").at(-1) ?? "";
  /** @type {{ weights: number[] }} */
  const native = JSON.parse(lastLine);
  assert.ok(Array.isArray(native.weights) && native.weights.length > 0, "replay printed no weights");

  const { Playground } = await engineGlue();
  const extra = norm ? { hidden: [6, 5], batchNorm: true, dropout: 0.3, optimizer: { kind: "adam", learningRate: 0.01 } } : {};
  const pg = new Playground({ seed, ...W_DEFAULT, ...extra });
  try {
    for (let i = 0; i < steps; i++) pg.step();
    const wasm = modelBits(pg.model());
    assert.equal(wasm.length, native.weights.length, "parameter count");
    const first = wasm.findIndex((bits, i) => bits !== native.weights[i]);
    if (first !== -1) {
      const asF32 = (/** @type {number} */ bits) => new Float32Array(new Uint32Array([bits]).buffer)[0];
      assert.fail(
        `parameter ${first} differs after ${steps} steps: wasm ${asF32(wasm[first])} ` +
          `(0x${wasm[first].toString(16)}), native ${asF32(native.weights[first])} ` +
          `(0x${native.weights[first].toString(16)})`,
      );
    }
  } finally {
    release(pg);
  }
}
