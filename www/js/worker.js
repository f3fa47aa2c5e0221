// @ts-check
/// <reference lib="webworker" />
// The engine's home. This module worker owns the one wasm `Playground`, runs
// the training loop while playing, and sends the main thread frames: boundary
// pixels, neuron thumbnails, weights, losses and (when they changed) points and
// config. Pixel buffers travel as transferred typed arrays and come back after
// drawing ("ping-pong"), so a running playground allocates nothing per frame.
//
// Messages in  (from engine-client.js):
//   {type: "init", id, config, points}      build the Playground (points optional)
//   {type: "restore", id, snapshot}         the Playground of a saved snapshot
//   {type: "call", id, method, args}        any Playground method; replies its result
//   {type: "run", id, unit: "step"|"epoch"} one minibatch or one epoch
//   {type: "catalog", id}                   the engine's tables and limits (Playground.catalog())
//   {type: "thumbs", id, problem, classes, noise}  dataset previews
//   {type: "play", value} / {type: "speed", value} (index into SPEEDS) / {type: "discretize", value}
//   {type: "buffers", boundary, neurons}    pixel buffers given back after drawing
//   {type: "track", id, params}             record these two parameters after every step (null: stop)
//   {type: "surface", id, p1, p2, span, res, source}  the loss surface: {values, center}
//   {type: "warp", id, layer, n1, n2, lines, samples}  the warped plane: {values, points}
// Messages out:
//   {type: "reply", id, ok, result | error}
//   {type: "frame", ...}                    see sendFrame()

import init, { Playground } from "../pkg/nnplay_wasm.js";
import { palette, pointColors } from "./colors.js";
import { countDropped } from "./dropout-counts.js";

/** Side of the output picture, in engine pixels. */
const BOUNDARY_RES = 256;
/** Side of each neuron thumbnail (also drawn enlarged when a neuron is hovered). */
const THUMB_RES = 64;
/** Points in each data set thumbnail. */
const THUMB_POINTS = 240;
/** Side of the feature pictures. */
const FEATURE_RES = 64;
/**
 * The paces, slowest first: a rate in steps per second (whatever the number of
 * points), "1 epoch / frame" (the benchmark's setting) or as fast as the engine
 * goes (training fills each frame's budget).
 * @type {({rate: number} | {epochs: number} | {max: true})[]}
 */
const SPEEDS = [
  { rate: 1 }, { rate: 3 }, { rate: 10 }, { rate: 30 }, { rate: 100 }, { rate: 300 }, { rate: 1000 },
  { epochs: 1 },
  { max: true },
];
/** The pace a new page starts at (state.js DEFAULT_UI.speed): circle takes several seconds. */
const DEFAULT_SPEED = 4;
/** A frame never trains longer than this (ms), whatever the speed. */
const TRAIN_BUDGET_MS = 40;
/** Methods that do not change the playground (no frame needed after them). */
const READ_ONLY = new Set([
  "config", "points", "loss", "state", "model", "layerSizes", "predict", "grid",
  "gridInto", "neurons", "neuronsInto", "boundaryPixels", "neuronPixels",
  "featurePixels", "outputPixels", "colorScale", "pointColors", "trace",
  "gradients", "backprop", "exportPoints", "activationCurve", "snapshot", "health",
  "optimizerState", "lossSurface", "param", "warp", "trainingForward", "dropoutMasks",
]);
/** Methods that change the config (resent with the next frame). */
const CONFIG_METHODS = new Set(["setConfig", "regenerate", "setModel", "open"]);
/** Methods that change the points (resent with the next frame). */
const POINT_METHODS = new Set([
  "addPoint", "movePoint", "removePoint", "setPointLabel", "clearPoints",
  "setPoints", "regenerate", "setConfig", "importPoints", "open",
]);

/** @type {Playground | null} */
let pg = null;
let playing = false;
let speed = DEFAULT_SPEED;
/** Steps owed at a rate pace (fractional), and when they were last counted (ms). */
let credit = 0;
let creditAt = 0;
/** Each step's minibatch loss since the last frame (sent with it, for the chart). @type {number[]} */
let batchLosses = [];
/** The step counter of the last frame sent. */
let lastSentStep = 0;
/** A timer that wakes the loop when the next slow step is due. @type {ReturnType<typeof setTimeout> | null} */
let wake = null;
let discretize = false;
let dirty = true;
let configDirty = true;
let pointsDirty = true;
let scheduled = false;
let paletteKey = "";
/** Whether the config trains with dropout (read when the config changes, so a frame without it asks the engine nothing). */
let dropoutOn = false;
/** Link colours by the weight's sign (the engine's two class colours). @type {{neg: number[], pos: number[]} | null} */
let linkColors = null;
/** Free pixel buffers (two of each circulate). */
/** @type {Uint8ClampedArray[]} */
const boundaryPool = [];
/** @type {Uint8ClampedArray[]} */
const neuronPool = [];
/** The two parameters recorded after every step while the landscape is open. @type {any[] | null} */
let tracked = null;
/** Their values after each step since the last frame. @type {number[][]} */
let trackedPath = [];
/** How many boundary buffers were made (two circulate). */
let buffersMade = 0;

/** @param {unknown} err */
function messageOf(err) {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** @type {any} */
let catalogCache = null;
/** The engine's tables and limits (`Playground.catalog()`), read once. */
function catalog() {
  catalogCache ??= Playground.catalog();
  return catalogCache;
}

/**
 * The largest side up to `want` whose grid of `maps` maps fits the engine's
 * limit on the values one evaluation may produce.
 * @param {number} want @param {number} maps
 */
function fitResolution(want, maps) {
  const max = Number(catalog().ranges.gridValues.max);
  return Math.max(2, Math.min(want, Math.floor(Math.sqrt(max / Math.max(1, maps)))));
}

/** @returns {Playground} */
function engine() {
  if (!pg) throw new Error("the playground is not initialised yet");
  return pg;
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  setTimeout(tick, 0);
}

/** One turn of the loop: train a little if playing, then send a frame if one is due. */
function tick() {
  scheduled = false;
  if (!pg) return;
  if (playing && boundaryPool.length > 0) {
    if (trainChunk() > 0) dirty = true;
  }
  if (dirty && boundaryPool.length > 0) {
    sendFrame();
  } else if (playing && boundaryPool.length > 0) {
    wakeForNextStep();
  }
  // When no buffer is free, the main thread is still drawing: its "buffers"
  // message schedules the next tick, which paces training to the display.
}

/** At a slow pace nothing was due this turn: come back when the next step is. */
function wakeForNextStep() {
  if (wake !== null) return;
  const plan = SPEEDS[speed];
  const rate = "rate" in plan ? plan.rate : 1000;
  const wait = Math.max(1, Math.min(100, ((1 - credit) * 1000) / rate));
  wake = setTimeout(() => {
    wake = null;
    schedule();
  }, wait);
}

/**
 * Trains for one frame's worth at the current pace; stops on divergence.
 * Never trains longer than TRAIN_BUDGET_MS. Returns how many steps it made.
 */
function trainChunk() {
  const p = engine();
  const plan = SPEEDS[speed] ?? SPEEDS[DEFAULT_SPEED];
  const start = performance.now();
  let want = Infinity;
  if ("rate" in plan) {
    credit = Math.min(credit + ((start - creditAt) * plan.rate) / 1000, Math.max(1, plan.rate / 2));
    creditAt = start;
    want = Math.floor(credit);
  }
  const epoch0 = p.state().epoch;
  let done = 0;
  try {
    while (done < want) {
      const r = stepAndRecord(p);
      done++;
      batchLosses.push(r.batchLoss);
      if (r.diverged) {
        stopOnDivergence();
        break;
      }
      if ("epochs" in plan && r.epoch - epoch0 >= plan.epochs) break;
      if ((done & 7) === 0 && performance.now() - start > TRAIN_BUDGET_MS) break;
    }
  } catch (err) {
    playing = false;
    dirty = true;
    post({ type: "warning", key: "warn.trainingStopped", message: messageOf(err) });
  }
  // Steps the budget could not fit are dropped: the pace is the engine's best.
  if ("rate" in plan) credit = done < want ? 0 : credit - done;
  return done;
}

/** One step; the tracked parameters' new values are recorded. @param {Playground} p */
function stepAndRecord(p) {
  const r = p.step();
  if (tracked && !r.diverged) trackedPath.push(tracked.map((q) => p.param(q)));
  return r;
}

/** One epoch: step by step while a path is recorded. @param {Playground} p */
function trainEpoch(p) {
  if (!tracked) return p.train(1);
  const epoch = p.state().epoch;
  let r;
  do r = stepAndRecord(p);
  while (!r.diverged && r.epoch === epoch);
  return r;
}

function stopOnDivergence() {
  playing = false;
  dirty = true;
}

/** @param {any} msg @param {Transferable[]} [transfer] */
function post(msg, transfer = []) {
  /** @type {DedicatedWorkerGlobalScope} */ (/** @type {unknown} */ (self)).postMessage(msg, transfer);
}

/** The colours of each class (or of a few regression values), when the problem or class count changed. */
function paletteIfChanged() {
  const cfg = engine().config();
  const key = `${cfg.problem}/${cfg.classes}`;
  if (key === paletteKey) return null;
  paletteKey = key;
  return palette(catalog().colors, cfg.problem, cfg.classes);
}

function sendFrame() {
  const p = engine();
  const sizes = Array.from(p.layerSizes());
  const hiddenCount = sizes.slice(1, -1).reduce((a, b) => a + b, 0);
  // One evaluation computes the output and every hidden neuron: a network too
  // big for the engine's limit at full resolution is drawn at a lower one.
  const maps = Math.max(sizes[sizes.length - 1] ?? 1, hiddenCount);
  const boundaryRes = fitResolution(BOUNDARY_RES, maps);
  const thumbRes = fitResolution(THUMB_RES, maps);
  let boundary = /** @type {Uint8ClampedArray} */ (boundaryPool.pop());
  if (boundary.length !== boundaryRes * boundaryRes * 4) boundary = new Uint8ClampedArray(boundaryRes * boundaryRes * 4);
  const need = hiddenCount * thumbRes * thumbRes * 4;
  let neurons = neuronPool.pop();
  // Allocation only happens when the architecture (so the size) changed.
  if (!neurons || neurons.length !== need) neurons = new Uint8ClampedArray(need);
  const config = configDirty ? p.config() : null;
  if (config) dropoutOn = config.dropout > 0;
  const state = p.state();
  if (!state.diverged) {
    p.boundaryPixelsInto(boundaryRes, discretize, boundary);
    if (hiddenCount > 0) p.neuronPixelsInto(thumbRes, neurons);
  }
  /** @type {Record<string, unknown>} */
  const frame = {
    type: "frame",
    boundary,
    neurons,
    boundaryRes,
    thumbRes,
    pixelsValid: !state.diverged,
    sizes,
    model: p.model(),
    loss: p.loss(),
    state,
    playing,
    // Dropout: per hidden neuron, the last step's minibatch points it was off for (null: none).
    dropped: dropoutOn && hiddenCount > 0 ? countDropped(p.dropoutMasks(), hiddenCount) : null,
    // Only the steps since the last frame (a reset in between drops the older ones).
    batchLosses: batchLosses.slice(Math.max(0, batchLosses.length - Math.max(0, state.step - lastSentStep))),
  };
  batchLosses = [];
  lastSentStep = state.step;
  if (config) {
    frame.config = config;
    frame.palette = paletteIfChanged();
    configDirty = false;
  }
  if (tracked) frame.path = trackedPath.splice(0);
  if (pointsDirty) {
    frame.points = p.points();
    frame.pointColors = p.pointColors();
    pointsDirty = false;
  }
  dirty = false;
  post(frame, [boundary.buffer, neurons.buffer]);
}

/** Small previews of each data set of a problem: its points and their colours. */
function thumbs(/** @type {{problem: string, classes: number, noise: number}} */ m) {
  const problem = catalog().problems.find((/** @type {{name: string}} */ p) => p.name === m.problem);
  return (problem?.datasets ?? []).map((/** @type {string} */ dataset) => {
    try {
      /** @type {{x: number, y: number, label: number}[]} */
      const pts = Playground.samplePoints({ problem: m.problem, classes: m.classes, dataset, samples: THUMB_POINTS, noise: m.noise, seed: 7 });
      return { dataset, xy: pts.map((q) => [q.x, q.y]), colors: pointColors(catalog().colors, m.problem, pts) };
    } catch (err) {
      return { dataset, error: messageOf(err), xy: [], colors: new Uint8ClampedArray(0) };
    }
  });
}

/** Makes `fresh` the playground (freeing the old one); replies what the page needs to start. @param {Playground} fresh */
function adopt(fresh) {
  pg?.free();
  pg = fresh;
  const colors = catalog().colors;
  linkColors = { neg: Array.from(colors.negative), pos: Array.from(colors.positive) };
  paletteKey = "";
  for (; buffersMade < 2; buffersMade++) boundaryPool.push(new Uint8ClampedArray(BOUNDARY_RES * BOUNDARY_RES * 4));
  configDirty = pointsDirty = dirty = true;
  schedule();
  return {
    config: pg.config(),
    featurePixels: pg.featurePixels(FEATURE_RES),
    featureRes: FEATURE_RES,
    linkColors,
  };
}

/** @param {any} m */
async function handle(m) {
  switch (m.type) {
    case "init": {
      await init();
      /** @type {Playground} */
      const fresh = new Playground(m.config ?? {});
      try {
        if (m.points) fresh.setPoints(m.points);
      } catch (err) {
        fresh.free();
        throw err;
      }
      return adopt(fresh);
    }
    case "restore":
      await init();
      return adopt(Playground.restore(m.snapshot));
    case "call": {
      const p = engine();
      const fn = /** @type {any} */ (p)[m.method];
      if (typeof fn !== "function") throw new Error(`Playground has no method ${m.method}`);
      const result = fn.apply(p, m.args ?? []);
      if (!READ_ONLY.has(m.method)) {
        dirty = true;
        if (CONFIG_METHODS.has(m.method)) configDirty = true;
        if (POINT_METHODS.has(m.method)) pointsDirty = true;
        schedule();
      }
      return result;
    }
    case "run": {
      const p = engine();
      playing = false;
      const r = m.unit === "epoch" ? trainEpoch(p) : stepAndRecord(p);
      if (m.unit !== "epoch") batchLosses.push(r.batchLoss);
      dirty = true;
      schedule();
      return r;
    }
    case "track": {
      tracked = m.params ?? null;
      trackedPath = [];
      const p = engine();
      return tracked ? tracked.map((q) => p.param(q)) : null;
    }
    case "surface": {
      const p = engine();
      const values = new Float32Array(m.res * m.res);
      p.lossSurface(m.p1, m.p2, m.span, m.res, m.source, values);
      return { values, center: [p.param(m.p1), p.param(m.p2)] };
    }
    case "warp": {
      const p = engine();
      const points = p.state().pointCount;
      const values = new Float32Array(2 * (points + 2 * m.lines * m.samples));
      p.warp(m.layer, m.n1, m.n2, m.lines, m.samples, values);
      return { values, points };
    }
    case "catalog":
      await init();
      return catalog();
    case "thumbs":
      return thumbs(m);
    case "play":
      playing = Boolean(m.value) && !(pg?.state().diverged);
      // The first step comes at once; the pace counts from now.
      credit = 1;
      creditAt = performance.now();
      dirty = true;
      schedule();
      return playing;
    case "speed":
      speed = Math.max(0, Math.min(SPEEDS.length - 1, m.value | 0));
      credit = Math.min(credit, 1);
      creditAt = performance.now();
      return speed;
    case "discretize":
      discretize = Boolean(m.value);
      dirty = true;
      schedule();
      return discretize;
    case "buffers":
      if (m.boundary) boundaryPool.push(m.boundary);
      if (m.neurons) neuronPool.push(m.neurons);
      schedule();
      return undefined;
    case "frame":
      dirty = true;
      schedule();
      return undefined;
    default:
      throw new Error(`unknown message ${m.type}`);
  }
}

// Messages are handled one at a time, in order (init is async: later messages wait for it).
let queue = Promise.resolve();
self.addEventListener("message", (/** @type {MessageEvent} */ event) => {
  const m = event.data;
  queue = queue.then(async () => {
    try {
      const result = await handle(m);
      if (m.id !== undefined) post({ type: "reply", id: m.id, ok: true, result });
    } catch (err) {
      if (m.id !== undefined) post({ type: "reply", id: m.id, ok: false, error: messageOf(err) });
      else post({ type: "warning", message: messageOf(err) });
    }
  });
});
