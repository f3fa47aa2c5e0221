// @ts-check
/// <reference lib="webworker" />
// The optimizer race's engine: a second module worker that owns five wasm
// Playgrounds (one per runner, built from one config that differs only in
// the optimizer and batch size, each with its biases frozen) and a sixth that
// only computes the loss surface they all walk on. The main playground's
// worker is never touched.
//
// Messages in (from race.js; each has an id and gets a reply):
//   {type: "start", runners: [{optimizer, batchSize}], config, weights, bias}
//        builds the runners at the same start; replies {start: [w1, w2], bias, trainCount, losses}
//   {type: "step", count}   every runner steps `count` times; replies {paths, losses, step, diverged}:
//        paths[r] = [w1, w2] after each step, losses[r] = the training loss after each step
//   {type: "surface", center, span, res}   the training loss over w1 × w2 at the frozen bias
//   {type: "read"}          each runner's {loss: loss().train, model: model(), state: state(), biasesFrozen}
//   {type: "stop"}          frees every Playground

import init, { Playground } from "../pkg/nnplay_wasm.js";

/** The two weights of the single neuron: W[0][0] (x1) and W[0][1] (x2). */
const W1 = { layer: 0, row: 0, col: 0 };
const W2 = { layer: 0, row: 0, col: 1 };

/** @type {Playground[]} */
let runners = [];
/** @type {Playground | null} */
let ground = null;
/** The model every runner started from (the surface's Playground keeps its bias). @type {any} */
let startModel = null;

/** @param {unknown} err */
function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}

function stop() {
  for (const p of runners) p.free();
  runners = [];
  ground?.free();
  ground = null;
}

/** @param {Playground} p */
const weights = (p) => [p.param(W1), p.param(W2)];

/**
 * @param {{runners: {optimizer: any, batchSize: number}[], config: any, weights: number[], bias: number}} m
 */
function start(m) {
  stop();
  startModel = { layers: [{ weights: [m.weights.slice()], biases: [m.bias] }] };
  for (const r of m.runners) {
    const p = new Playground({ ...m.config, optimizer: { ...m.config.optimizer, ...r.optimizer }, batchSize: r.batchSize });
    runners.push(p);
    p.setModel(startModel);
    p.freezeBiases(true);
  }
  ground = new Playground(m.config);
  ground.setModel(startModel);
  const first = runners[0];
  return {
    start: weights(first),
    starts: runners.map(weights),
    bias: first.param({ layer: 0, row: 0, col: 2 }),
    trainCount: first.state().trainCount,
    losses: runners.map((p) => p.loss().train),
  };
}

/** @param {number} count */
function step(count) {
  /** @type {number[][][]} */
  const paths = runners.map(() => []);
  /** @type {number[][]} */
  const losses = runners.map(() => []);
  const diverged = runners.map((p) => p.state().diverged);
  runners.forEach((p, r) => {
    for (let k = 0; k < count && !diverged[r]; k++) {
      const report = p.step();
      if (report.diverged) {
        diverged[r] = true;
        break;
      }
      paths[r].push(weights(p));
      losses[r].push(p.loss().train);
    }
  });
  return { paths, losses, diverged, steps: runners.map((p) => p.state().step) };
}

/** @param {{center: number[], span: number, res: number}} m */
function surface(m) {
  if (!ground) throw new Error("the race has not started");
  const layer = startModel.layers[0];
  ground.setModel({ layers: [{ weights: [m.center.slice()], biases: layer.biases }] });
  const values = new Float32Array(m.res * m.res);
  ground.lossSurface(W1, W2, m.span, m.res, "train", values);
  return { values, center: weights(ground) };
}

function read() {
  return runners.map((p) => ({ loss: p.loss().train, model: p.model(), state: p.state(), biasesFrozen: p.biasesFrozen() }));
}

/** @param {any} m */
async function handle(m) {
  await init();
  switch (m.type) {
    case "start":
      return start(m);
    case "step":
      return step(Math.max(1, m.count | 0));
    case "surface":
      return surface(m);
    case "read":
      return read();
    case "stop":
      stop();
      return null;
    default:
      throw new Error(`unknown message ${m.type}`);
  }
}

// One message at a time, in order.
let queue = Promise.resolve();
self.addEventListener("message", (/** @type {MessageEvent} */ event) => {
  const m = event.data;
  queue = queue.then(async () => {
    try {
      const result = await handle(m);
      /** @type {DedicatedWorkerGlobalScope} */ (/** @type {unknown} */ (self)).postMessage({ id: m.id, ok: true, result });
    } catch (err) {
      /** @type {DedicatedWorkerGlobalScope} */ (/** @type {unknown} */ (self)).postMessage({ id: m.id, ok: false, error: messageOf(err) });
    }
  });
});
