// @ts-check
// The "race on the same hill" in the landscape panel: full-batch gradient
// descent, SGD, minibatch, momentum and Adam train one neuron with two
// weights from the same start, side by side, in a second engine worker
// (race-worker.js); this module holds their paths and losses and hands them
// to race-view.js to draw.

import { t } from "./i18n.js";
import { el, messageOf } from "./dom.js";
import { LOOKS, drawLossChart, drawRace, drawSwatch } from "./race-view.js";

/** Cells per side of the race's loss surface. */
const RES = 41;
/** The learning rates offered (shared by all five runners), and the default. */
const RATES = [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
const DEFAULT_RATE = 0.1;
/** Steps per turn of the play loop, and the pause between turns (ms). */
const STEPS_PER_TURN = 2;
const TURN_MS = 40;
/** The race stops itself here. */
const MAX_STEPS = 600;

/**
 * The single neuron of the notes: inputs x1 and x2, no hidden layer, a
 * sigmoid output with cross-entropy, on two gaussian clouds centred on the
 * origin (so the bias it is held at, 0, costs little). The same seed, so the
 * same data and shuffles, for every runner.
 */
const NEURON = Object.freeze({
  seed: 7,
  problem: "classification",
  dataset: "gauss",
  noise: 0.2,
  samples: 200,
  trainRatio: 0.5,
  features: ["x1", "x2"],
  hidden: [],
  loss: "crossEntropy",
  regularization: { kind: "none", rate: 0 },
  shuffle: true,
});
/** Where every runner starts: [w1, w2], and the bias held still. */
const START = [-2.5, 2];
const BIAS = 0;
/** The surface's first window: it contains the start and the valley's floor. */
const FIRST_WINDOW = { center: [1.25, 1.5], span: 4 };
/** The engine's largest span. */
const MAX_SPAN = 100;

/**
 * The five runners: only the optimizer and the batch size differ. A batch
 * of every training point is plain gradient descent.
 * @type {{key: string, optimizer: Record<string, unknown>, batchSize: number}[]}
 */
export const RUNNERS = [
  { key: "race.gd", optimizer: { kind: "sgd" }, batchSize: NEURON.samples },
  { key: "race.sgd", optimizer: { kind: "sgd" }, batchSize: 1 },
  { key: "race.minibatch", optimizer: { kind: "sgd" }, batchSize: 10 },
  { key: "race.momentum", optimizer: { kind: "momentum", momentum: 0.9 }, batchSize: NEURON.samples },
  { key: "race.adam", optimizer: { kind: "adam" }, batchSize: NEURON.samples },
];

export class Race {
  /**
   * Builds the race's section at the end of `root` (the landscape panel) and
   * starts it the first time the panel is shown.
   * @param {HTMLElement} root @param {{onError: (message: string) => void}} host
   */
  constructor(root, host) {
    this.root = root;
    this.host = host;
    /** @type {Worker | null} */
    this.worker = null;
    this.nextId = 1;
    /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
    this.pending = new Map();
    /** @type {number[][][]} */
    this.paths = [];
    /** @type {number[][]} */
    this.losses = [];
    /** @type {boolean[]} */
    this.diverged = [];
    this.steps = 0;
    this.bias = BIAS;
    this.window = { ...FIRST_WINDOW };
    /** @type {import("./landscape-view.js").Surface | null} */
    this.surface = null;
    this.playing = false;
    this.started = false;
    /** Bumped by every start: replies of an older race are dropped. */
    this.generation = 0;
    this.drawQueued = false;
    /** The surface whose values the canvas's data-values hold. @type {object | null} */
    this.drawnSurface = null;

    this.rate = /** @type {HTMLSelectElement} */ (el("select", { id: "race-rate" }));
    for (const r of RATES) this.rate.append(el("option", { value: String(r) }, String(r)));
    this.rate.value = String(DEFAULT_RATE);
    this.restart = el("button", { type: "button", id: "race-restart", class: "text-button", "data-lkey": "race.restart" });
    this.play = el("button", { type: "button", id: "race-play", class: "text-button", "aria-pressed": "false" });
    this.stepButton = el("button", { type: "button", id: "race-step", class: "text-button", "data-lkey": "race.step" });
    this.counter = el("output", { id: "race-steps", class: "race-steps", "aria-live": "off" });
    this.canvas = /** @type {HTMLCanvasElement} */ (el("canvas", { id: "race-canvas", width: "360", height: "360", role: "img" }));
    this.axes = el("p", { class: "landscape-hint race-axes" });
    this.chart = /** @type {HTMLCanvasElement} */ (el("canvas", { id: "race-chart", width: "360", height: "200", role: "img" }));
    this.table = el("tbody");
    this.intro = el("p", { class: "landscape-hint race-intro" });

    root.append(
      el("section", { class: "race", id: "race", "aria-labelledby": "race-title" },
        el("h3", { id: "race-title", "data-lkey": "race.title" }),
        this.intro,
        el("div", { class: "landscape-controls" },
          el("label", { class: "field" }, el("span", { "data-lkey": "race.rate" }), this.rate),
          this.restart, this.play, this.stepButton, this.counter),
        el("div", { class: "race-body" },
          el("figure", { class: "race-figure" }, this.canvas, this.axes),
          el("div", { class: "race-side" },
            this.chart,
            el("table", { class: "race-table" },
              el("thead", {}, el("tr", {},
                el("th", { scope: "col", "data-lkey": "race.runner" }),
                el("th", { scope: "col", class: "num", "data-lkey": "race.loss" }))),
              this.table))),
        el("p", { class: "landscape-hint", "data-lkey": "race.hint" })),
    );
    this.rows = RUNNERS.map((r, i) => {
      const swatch = /** @type {HTMLCanvasElement} */ (el("canvas", { width: "34", height: "14", class: "race-swatch", "aria-hidden": "true" }));
      drawSwatch(swatch, LOOKS[i]);
      const name = el("span", { "data-lkey": r.key });
      const loss = el("td", { class: "num race-loss", "data-runner": String(i) });
      this.table.append(el("tr", {}, el("th", { scope: "row" }, el("span", { class: "race-name" }, swatch, name)), loss));
      return loss;
    });

    const fail = (/** @type {unknown} */ err) => this.host.onError(messageOf(err));
    this.restart.addEventListener("click", () => void this.start().catch(fail));
    this.rate.addEventListener("change", () => void this.start().catch(fail));
    this.play.addEventListener("click", () => (this.playing ? this.pause() : this.resume()));
    this.stepButton.addEventListener("click", () => {
      this.pause();
      void this.advance(1).catch(fail);
    });
    // The panel opening starts the race once; closing it pauses.
    new MutationObserver(() => {
      if (root.hidden) this.pause();
      else if (!this.started) void this.start().catch(fail);
    }).observe(root, { attributes: true, attributeFilter: ["hidden"] });
    // Test hook: each runner's loss, model and state, read from its engine.
    const hook = /** @type {any} */ (window).nnplay;
    if (hook) hook.race = () => this.request({ type: "read" });
    this.relabel();
  }

  /** @param {Record<string, unknown>} message @returns {Promise<any>} */
  request(message) {
    if (!this.worker) {
      this.worker = new Worker(new URL("./race-worker.js", import.meta.url), { type: "module" });
      this.worker.addEventListener("message", (e) => {
        const p = this.pending.get(e.data.id);
        if (!p) return;
        this.pending.delete(e.data.id);
        if (e.data.ok) p.resolve(e.data.result);
        else p.reject(new Error(e.data.error));
      });
      this.worker.addEventListener("error", (e) => {
        e.preventDefault();
        for (const p of this.pending.values()) p.reject(new Error(e.message || "the race's worker failed"));
        this.pending.clear();
      });
    }
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  /** Builds the five runners at the start and clears the race. */
  async start() {
    this.pause();
    this.started = true;
    const generation = ++this.generation;
    const config = { ...NEURON, optimizer: { learningRate: Number(this.rate.value) } };
    const r = await this.request({ type: "start", runners: RUNNERS, config, weights: START, bias: BIAS });
    if (generation !== this.generation) return;
    this.canvas.dataset.config = JSON.stringify(config);
    this.bias = r.bias;
    this.paths = r.starts.map((/** @type {number[]} */ s) => [s]);
    this.losses = r.losses.map((/** @type {number} */ l) => [l]);
    this.diverged = RUNNERS.map(() => false);
    this.steps = 0;
    this.window = { ...FIRST_WINDOW };
    this.surface = null;
    await this.fetchSurface(generation);
    this.show();
  }

  resume() {
    if (this.playing || this.steps >= MAX_STEPS) return;
    this.playing = true;
    this.showPlay();
    const turn = () => {
      if (!this.playing) return;
      this.advance()
        .then(() => {
          if (this.steps >= MAX_STEPS || this.diverged.every(Boolean)) this.pause();
          else if (this.playing) setTimeout(turn, TURN_MS);
        })
        .catch((err) => {
          this.pause();
          this.host.onError(messageOf(err));
        });
    };
    turn();
  }

  pause() {
    this.playing = false;
    this.showPlay();
  }

  /** Every runner takes `count` more steps; the surface grows when a path leaves it. */
  async advance(count = STEPS_PER_TURN) {
    if (!this.started || this.steps >= MAX_STEPS) return;
    const generation = this.generation;
    const r = await this.request({ type: "step", count: Math.min(count, MAX_STEPS - this.steps) });
    if (generation !== this.generation) return;
    r.paths.forEach((/** @type {number[][]} */ p, /** @type {number} */ i) => this.paths[i].push(...p));
    r.losses.forEach((/** @type {number[]} */ l, /** @type {number} */ i) => this.losses[i].push(...l));
    this.diverged = r.diverged;
    this.steps = Math.max(...r.steps);
    if (this.outside()) await this.fetchSurface(generation);
    this.show();
  }

  /** Whether a finite path point lies outside the surface's window (it then grows to hold them all with room to spare, so it is recomputed seldom). */
  outside() {
    const { center, span } = this.window;
    if (span >= MAX_SPAN) return false;
    let lo = [Infinity, Infinity];
    let hi = [-Infinity, -Infinity];
    for (const path of this.paths) {
      for (const p of path) {
        if (!p.every(Number.isFinite)) continue;
        lo = lo.map((v, i) => Math.min(v, p[i]));
        hi = hi.map((v, i) => Math.max(v, p[i]));
      }
    }
    const inside = [0, 1].every((i) => lo[i] >= center[i] - span && hi[i] <= center[i] + span);
    if (inside) return false;
    lo = lo.map((v, i) => Math.min(v, center[i] - span));
    hi = hi.map((v, i) => Math.max(v, center[i] + span));
    const half = Math.max(hi[0] - lo[0], hi[1] - lo[1]) / 2;
    this.window = { center: [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2], span: Math.min(MAX_SPAN, half * 1.5) };
    return true;
  }

  /** @param {number} generation */
  async fetchSurface(generation) {
    const { center, span } = this.window;
    const s = await this.request({ type: "surface", center, span, res: RES });
    if (generation !== this.generation) return;
    this.surface = { values: s.values, res: RES, center: s.center, span };
  }

  /** Draws on the next frame (at most once per frame). */
  show() {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      this.draw();
    });
  }

  draw() {
    this.intro.textContent = t("race.intro", { bias: String(this.bias) });
    this.counter.textContent = t("race.steps", { n: this.steps, max: MAX_STEPS });
    this.counter.dataset.step = String(this.steps);
    if (this.surface) {
      drawRace(this.canvas, this.surface, this.paths);
      const [c1, c2] = this.surface.center;
      const s = this.surface.span;
      const f = (/** @type {number} */ v) => Number(v.toFixed(2)).toString();
      this.axes.textContent = t("race.axes", { w1from: f(c1 - s), w1to: f(c1 + s), w2from: f(c2 - s), w2to: f(c2 + s), bias: f(this.bias) });
      this.canvas.dataset.paths = JSON.stringify(this.paths);
      this.canvas.dataset.center = JSON.stringify(this.surface.center);
      this.canvas.dataset.span = String(s);
      this.canvas.dataset.res = String(this.surface.res);
      this.canvas.dataset.bias = String(this.bias);
      if (this.drawnSurface !== this.surface) this.canvas.dataset.values = JSON.stringify(Array.from(this.surface.values));
      this.drawnSurface = this.surface;
    }
    drawLossChart(this.chart, this.losses, { step: t("race.stepAxis"), loss: t("race.lossAxis") });
    this.chart.dataset.losses = JSON.stringify(this.losses);
    this.rows.forEach((cell, i) => {
      const l = this.losses[i]?.[this.losses[i].length - 1];
      cell.dataset.value = l === undefined ? "" : String(l);
      cell.textContent = this.diverged[i] ? t("race.diverged") : l === undefined ? "–" : l.toFixed(4);
    });
  }

  showPlay() {
    this.play.textContent = t(this.playing ? "race.pause" : "race.play");
    this.play.setAttribute("aria-pressed", String(this.playing));
  }

  /** Writes every word again in the current language. */
  relabel() {
    for (const e of this.root.querySelectorAll("#race [data-lkey]")) e.textContent = t(/** @type {string} */ (/** @type {HTMLElement} */ (e).dataset.lkey));
    this.canvas.setAttribute("aria-label", t("race.surfaceLabel"));
    this.chart.setAttribute("aria-label", t("race.chartLabel"));
    this.showPlay();
    this.draw();
  }
}
