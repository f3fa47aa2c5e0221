// @ts-check
// The ONNX export (the export module's exportOnnx(pg.snapshot())) run by onnxruntime-node: over a grid its one
// output equals the engine's grid() and predict(), for every activation,
// every head, several feature sets and no hidden layer at all, with and
// without batch normalization.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as ort from "onnxruntime-node";
import { engineGlue, exportGlue } from "./lib/wasm.mjs";

const RESOLUTION = 41;
const TOLERANCE = 1e-5;

const { Playground } = await engineGlue();
/** The exports' own module (the page loads it only when a learner exports). */
const { exportOnnx } = await exportGlue();
const ACTIVATIONS = Playground.catalog?.().activations ?? [
  "linear", "relu", "leakyRelu", "tanh", "sigmoid", "elu", "softplus", "swish", "gelu",
];
const ALL_FEATURES = ["x1", "x2", "x1Squared", "x2Squared", "x1x2", "sinX1", "sinX2", "cosX1", "cosX2"];

/** The heads: each problem and loss, named by the output transform it gives. */
const HEADS = {
  tanh: { problem: "classification", loss: "squared" },
  sigmoid: { problem: "classification", loss: "crossEntropy" },
  softmax: { problem: "multiclass", classes: 4, dataset: "blobs", loss: "crossEntropy" },
  identity: { problem: "regression", loss: "squared" },
  "identity (huber)": { problem: "regression", loss: "huber", dataset: "gaussians" },
};

/**
 * Cell (row, col) of the engine's grid: x1 = coord(col), x2 = -coord(row),
 * with coord(i) = -6 + 12 i / (res - 1) rounded to f32, as the core computes it.
 * @param {number} res
 */
function gridPoints(res) {
  const coord = (/** @type {number} */ i) => Math.fround(-6 + (12 * i) / (res - 1));
  const xy = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      xy[2 * (r * res + c)] = coord(c);
      xy[2 * (r * res + c) + 1] = -coord(r);
    }
  }
  return xy;
}

/**
 * Trains a network from `config` a little, exports it, runs it over the
 * grid in onnxruntime and compares with grid() and, on a sample of cells,
 * predict().
 * @param {Record<string, unknown>} config
 */
async function roundTrip(config) {
  const pg = new Playground({ seed: 7, samples: 200, optimizer: { kind: "adam", learningRate: 0.01 }, ...config });
  try {
    pg.train(3);
    const k = pg.layerSizes().at(-1);
    const bytes = exportOnnx(pg.snapshot());
    assert.ok(bytes instanceof Uint8Array && bytes.length > 0, "exportOnnx gives bytes");
    const session = await ort.InferenceSession.create(bytes);
    assert.deepEqual(session.inputNames, ["points"]);
    assert.deepEqual(session.outputNames, ["output"]);
    const xy = gridPoints(RESOLUTION);
    const n = RESOLUTION * RESOLUTION;
    const result = await session.run({ points: new ort.Tensor("float32", xy, [n, 2]) });
    const out = result.output;
    assert.deepEqual(out.dims, [n, k], "output shape");
    const got = /** @type {Float32Array} */ (out.data);
    const want = pg.grid(RESOLUTION);
    assert.equal(got.length, want.length);
    let worst = 0;
    for (let i = 0; i < want.length; i++) {
      const err = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
      assert.ok(Number.isFinite(got[i]), `cell ${i}: onnxruntime gave ${got[i]}`);
      worst = Math.max(worst, err);
    }
    assert.ok(worst <= TOLERANCE, `${JSON.stringify(config)}: worst difference from grid() ${worst}`);
    for (let cell = 0; cell < n; cell += 97) {
      const p = pg.predict(xy[2 * cell], xy[2 * cell + 1]);
      const values = typeof p === "number" ? [p] : Array.from(p);
      for (let j = 0; j < k; j++) {
        const diff = Math.abs(got[cell * k + j] - values[j]) / Math.max(1, Math.abs(values[j]));
        assert.ok(diff <= TOLERANCE, `cell ${cell} output ${j}: onnx ${got[cell * k + j]}, predict ${values[j]}`);
      }
    }
    await session.release();
    return worst;
  } finally {
    pg.free();
  }
}

test("every activation with every head, all nine features", async () => {
  for (const activation of ACTIVATIONS) {
    for (const [name, head] of Object.entries(HEADS)) {
      const worst = await roundTrip({ ...head, activation, features: ALL_FEATURES, hidden: [5, 3] });
      assert.ok(worst <= TOLERANCE, `${activation} / ${name}`);
    }
  }
});

test("with batch norm (and dropout, absent at inference): every activation with every head", async () => {
  for (const activation of ACTIVATIONS) {
    for (const [name, head] of Object.entries(HEADS)) {
      const worst = await roundTrip({ ...head, activation, features: ALL_FEATURES, hidden: [5, 3], batchNorm: true, dropout: 0.2 });
      assert.ok(worst <= TOLERANCE, `${activation} / ${name} with batch norm`);
    }
  }
});

test("feature sets, in any order they are given", async () => {
  const sets = [["x1"], ["x2", "x1"], ["x1Squared", "x2Squared"], ["cosX2", "x1x2", "sinX1"], ["sinX2", "cosX1"], ALL_FEATURES];
  for (const features of sets) {
    for (const head of [HEADS.tanh, HEADS.softmax]) {
      await roundTrip({ ...head, features, hidden: [4], activation: "tanh" });
    }
  }
});

test("zero hidden layers: one Gemm and the head", async () => {
  for (const head of Object.values(HEADS)) {
    await roundTrip({ ...head, features: ["x1", "x2", "x1x2"], hidden: [] });
  }
});

test("a deep, wide network", async () => {
  await roundTrip({ ...HEADS.sigmoid, features: ALL_FEATURES, hidden: [16, 16, 8, 8, 8, 8], activation: "gelu" });
});

test("a bad snapshot is refused, naming the field; the module stays usable", () => {
  const pg = new Playground({ seed: 3, samples: 50 });
  try {
    const good = pg.snapshot();
    assert.throws(() => exportOnnx(undefined), /^Error: exportOnnx: snapshot must be an object/);
    assert.throws(() => exportOnnx({ ...good, version: 99 }), /exportOnnx: snapshot\.version: expected/);
    assert.throws(() => exportOnnx({ ...good, config: { ...good.config, activation: "nope" } }), /exportOnnx: snapshot\.config\.activation: /);
    assert.throws(() => exportOnnx({ ...good, model: { layers: [] } }), /exportOnnx: snapshot\.model/);
    const cyclic = /** @type {any} */ ({ ...good });
    cyclic.self = cyclic;
    assert.throws(() => exportOnnx(cyclic), /exportOnnx: snapshot: cannot be read as JSON/);
    assert.deepEqual(exportOnnx(good), exportOnnx(pg.snapshot()), "the same snapshot gives the same bytes");
  } finally {
    pg.free();
  }
});
