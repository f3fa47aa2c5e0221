// @ts-check
// The PyTorch export (the export module's exportPytorch(pg.snapshot(), options)): run by python3 where torch imports,
// its first 50 minibatch objectives equal the engine's step() within 1e-4
// for every loss, optimizer and penalty; run as it is, it trains and reports.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { engineGlue, exportGlue } from "./lib/wasm.mjs";

/** The interpreter to run the scripts with (a venv's python, say). */
const PYTHON = process.env.NNPLAY_PYTHON ?? "python3";
const STEPS = 50;
const TOLERANCE = 1e-4;

const { Playground } = await engineGlue();
/** The exports' own module (the page loads it only when a learner exports). */
const { exportPytorch } = await exportGlue();

/** Whether `PYTHON -c "import torch"` works here. */
function torchAvailable() {
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "ignore", timeout: 120_000 });
    return true;
  } catch {
    return false;
  }
}
const HAS_TORCH = torchAvailable();
const SKIP = HAS_TORCH ? false : `skipped: \`${PYTHON} -c "import torch"\` fails here (set NNPLAY_PYTHON to an interpreter with torch)`;
if (SKIP) console.log(`# pytorch.test.mjs: ${SKIP}`);

const dir = mkdtempSync(join(tmpdir(), "nnplay-pytorch-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

/**
 * Writes `script` to a file and runs it with `args`; returns its stdout.
 * @param {string} script
 * @param {string[]} args
 */
function runScript(script, args) {
  const file = join(dir, "model.py");
  writeFileSync(file, script);
  return execFileSync(PYTHON, [file, ...args], { encoding: "utf8", timeout: 300_000 });
}

/**
 * The objectives the script prints with --step-losses.
 * @param {string} stdout
 */
function stepObjectives(stdout) {
  return [...stdout.matchAll(/^step (\d+): objective (\S+)$/gm)].map((m) => Number(m[2]));
}

/**
 * The engine's next `steps` batch objectives.
 * @param {any} pg
 * @param {number} steps
 */
function engineObjectives(pg, steps) {
  const out = [];
  for (let i = 0; i < steps; i++) out.push(pg.step().batchLoss);
  return out;
}

/**
 * @param {number[]} got
 * @param {number[]} want
 * @param {string} what
 */
function assertClose(got, want, what) {
  assert.equal(got.length, want.length, `${what}: ${got.length} steps printed, ${want.length} expected`);
  for (let i = 0; i < want.length; i++) {
    const diff = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    assert.ok(diff <= TOLERANCE, `${what}: step ${i + 1}: torch ${got[i]}, engine ${want[i]}`);
  }
}

/** Every loss (head), optimizer and penalty, with shuffle off. */
const CASES = [
  { problem: "classification", loss: "squared", optimizer: { kind: "sgd", learningRate: 0.03 } },
  {
    problem: "classification", loss: "crossEntropy", activation: "relu", batchSize: 7,
    optimizer: { kind: "momentum", learningRate: 0.05, momentum: 0.9 },
    regularization: { kind: "l2", rate: 0.01 },
  },
  {
    problem: "classification", loss: "squared", activation: "gelu", features: ["x1", "x2", "sinX1", "cosX2", "x1x2"],
    optimizer: { kind: "nesterov", learningRate: 0.02, momentum: 0.8 },
    regularization: { kind: "l1", rate: 0.003 },
  },
  {
    problem: "multiclass", classes: 3, dataset: "blobs", loss: "crossEntropy", activation: "swish", hidden: [6, 4],
    optimizer: { kind: "adam", learningRate: 0.01, beta1: 0.85, beta2: 0.99, eps: 1e-7 },
  },
  {
    problem: "regression", loss: "squared", activation: "elu",
    optimizer: { kind: "rmsprop", learningRate: 0.003, rho: 0.99 },
    regularization: { kind: "l2", rate: 0.001 },
  },
  {
    problem: "regression", loss: "huber", dataset: "gaussians", activation: "softplus", batchSize: 16,
    optimizer: { kind: "adam", learningRate: 0.02 },
  },
  // Batch norm (nn.BatchNorm1d, the running estimates along). Dropout stays 0
  // here: torch draws its own masks, so with dropout the runs differ step by step.
  {
    problem: "classification", loss: "crossEntropy", activation: "sigmoid", hidden: [6, 6, 6], batchNorm: true,
    batchSize: 9, optimizer: { kind: "adam", learningRate: 0.01 },
  },
  {
    problem: "classification", loss: "crossEntropy", activation: "leakyRelu", hidden: [],
    features: ["x1Squared", "x2Squared"], optimizer: { kind: "sgd", learningRate: 0.1 },
  },
];

test("the first 50 steps' objectives match the engine's (weights: initial)", { skip: SKIP }, () => {
  for (const config of CASES) {
    const pg = new Playground({ seed: 11, samples: 300, shuffle: false, ...config });
    try {
      const script = exportPytorch(pg.snapshot(), { weights: "initial" });
      const want = engineObjectives(pg, STEPS);
      const got = stepObjectives(runScript(script, ["--steps", String(STEPS), "--step-losses"]));
      assertClose(got, want, JSON.stringify(config));
    } finally {
      pg.free();
    }
  }
});

test("the current weights go on from where the engine is", { skip: SKIP }, () => {
  const pg = new Playground({ seed: 5, samples: 200, shuffle: false, activation: "sigmoid", optimizer: { kind: "sgd", learningRate: 0.1 } });
  try {
    pg.train(4);
    const script = exportPytorch(pg.snapshot(), { weights: "current" });
    const want = engineObjectives(pg, 20);
    const got = stepObjectives(runScript(script, ["--steps", "20", "--step-losses"]));
    assertClose(got, want, "after 4 epochs");
  } finally {
    pg.free();
  }
});

test("run as it is, it prints the loss per epoch and then the accuracy", { skip: SKIP }, () => {
  const pg = new Playground({ seed: 3, shuffle: false, optimizer: { kind: "sgd", learningRate: 0.03 } });
  try {
    const out = runScript(exportPytorch(pg.snapshot(), { weights: "initial", epochs: 3 }), []);
    const epochs = [...out.matchAll(/^epoch (\d+): train loss (\S+), test loss (\S+)$/gm)];
    assert.deepEqual(epochs.map((m) => m[1]), ["1", "2", "3"], out);
    pg.train(3);
    const engine = pg.loss();
    assert.ok(Math.abs(Number(epochs[2][2]) - engine.train) < 1e-4, `train loss ${epochs[2][2]} vs ${engine.train}`);
    assert.ok(Math.abs(Number(epochs[2][3]) - engine.test) < 1e-4, `test loss ${epochs[2][3]} vs ${engine.test}`);
    const acc = out.match(/^accuracy: train (\S+), test (\S+)$/m);
    assert.ok(acc, out);
    assert.ok(Math.abs(Number(acc[2]) - engine.testAccuracy) < 1e-3, `test accuracy ${acc[2]} vs ${engine.testAccuracy}`);
  } finally {
    pg.free();
  }
});

test("the script embeds every point and the weights asked for", () => {
  const pg = new Playground({ seed: 9, samples: 100 });
  try {
    const initial = exportPytorch(pg.snapshot(), { weights: "initial" });
    assert.equal(initial, exportPytorch(pg.snapshot(), { weights: "current" }), "before training they are the same");
    assert.equal(initial, exportPytorch(pg.snapshot(), undefined), "current is the default");
    const points = initial.slice(initial.indexOf("POINTS = ["));
    assert.equal([...points.matchAll(/^ {4}\(/gm)].length, 100);
    pg.train(2);
    assert.equal(exportPytorch(pg.snapshot(), { weights: "initial" }), initial, "initial stays the seed's");
    assert.notEqual(exportPytorch(pg.snapshot(), {}), initial, "current weights moved");
  } finally {
    pg.free();
  }
});

test("bad options name the option and change nothing", () => {
  const pg = new Playground({ seed: 9 });
  try {
    assert.throws(() => exportPytorch(pg.snapshot(), { weights: "best" }), /exportPytorch: options\.weights: must be "current" or "initial"/);
    assert.throws(() => exportPytorch(pg.snapshot(), { epochs: -1 }), /exportPytorch: options\.epochs/);
    assert.throws(() => exportPytorch(pg.snapshot(), { epoch: 3 }), /exportPytorch: options\.epoch: unknown option/);
    assert.throws(() => exportPytorch(pg.snapshot(), 5), /exportPytorch: options must be an object/);
    assert.match(exportPytorch(pg.snapshot(), { epochs: 7 }), /^EPOCHS = 7$/m);
  } finally {
    pg.free();
  }
});
