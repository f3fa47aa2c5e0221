// @ts-check
// "Step by step": one training step of the real network, with the real
// numbers, in the order of the course notes. This module holds the view's
// state, reads it from the engine (trace, backprop, model, config, loss,
// activationCurve; trainingForward with batch norm or dropout) and shows one stage at a time from the stage table; each
// stage is written down by its own module.

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { batchStage } from "./teach-batch.js";
import { forwardStage } from "./teach-forward.js";
import { CURVE_SAMPLES, CURVE_Z, activationStage, currentDot } from "./teach-activation.js";
import { lossStage } from "./teach-loss.js";
import { backpropStage } from "./teach-backprop.js";
import { updateStage } from "./teach-update.js";
import { samplePicker } from "./teach-picker.js";
import { traceOfPass, trainingDiffers } from "./teach-norm.js";
import { drawActivationChart } from "./activation-chart.js";

/** @typedef {import("./engine-client.js").EngineClient} EngineClient */
/** @typedef {{layers: {weights: number[][], biases: number[]}[]}} Model */
/** @typedef {{batch: number[], objective: number, gradients: Model, deltas: number[][][], outputs: number[][], losses: number[]}} Backprop */
/** @typedef {{inputs: number[], layers: {z: number[], a: number[]}[]}} Trace */

/**
 * The stages, in order: `render` writes one down; `sample` shows the ‹ sample ›
 * picker above it; `neuron` lets it mark a neuron in the diagram; `layer`
 * is where its ‹ layer › picker starts ("first" or "output").
 * @type {{name: string, render: (v: Teach) => Node[], sample?: boolean, neuron?: boolean, layer?: "first" | "output"}[]}
 */
const STAGE_TABLE = [
  { name: "batch", render: batchStage },
  { name: "forward", render: forwardStage, sample: true, neuron: true, layer: "first" },
  { name: "activation", render: activationStage, sample: true, neuron: true },
  { name: "loss", render: lossStage, sample: true },
  { name: "backprop", render: backpropStage, sample: true, neuron: true, layer: "output" },
  { name: "update", render: updateStage },
];
export const STAGES = STAGE_TABLE.map((s) => s.name);

/**
 * The fastest pace (an index into the worker's paces: 1 and 3 steps/s) at
 * which the panel follows training: each step's numbers are read as it is
 * taken. Faster, the panel pauses training when it opens.
 */
const FOLLOW_MAX_SPEED = 1;
/** The pace "Slow motion" sets: one step a second. */
export const SLOW_MOTION_SPEED = 0;

/**
 * @typedef {object} TeachHost
 * @property {EngineClient} engine
 * @property {any} catalog               the engine's tables (`Playground.catalog()`): heads, features
 * @property {() => void} pause           stops training (opening the panel does, unless it is slow)
 * @property {() => boolean} playing       whether training runs
 * @property {() => number} speed          the pace (an index into the worker's paces, slowest first)
 * @property {(on: boolean) => void} slowMotion  plays at SLOW_MOTION_SPEED, or pauses
 * @property {(h: {batch: number[], current: number} | null) => void} highlightPoints
 * @property {(layer: number, index: number) => void} highlightNeuron  layer counts after the inputs; −1 clears
 * @property {(o: import("./diagram-overlay.js").Overlay | null) => void} [overlay]  δ, gradients or a marked weight on the diagram
 */

export class Teach {
  /** @param {HTMLElement} root @param {HTMLButtonElement} opener @param {TeachHost} host */
  constructor(root, opener, host) {
    this.root = root;
    this.opener = opener;
    this.host = host;
    this.stage = 0;
    this.sample = 0;
    /** Which layer the forward and backprop stages show (after the inputs). */
    this.layer = 0;
    /** The weight of the update stage: layer, row (neuron), col (input; = inputs for the bias). */
    this.pick = /** @type {{layer: number, row: number, col: number} | null} */ (null);
    /** @type {any} */
    this.cfg = null;
    /** @type {{x: number, y: number, label: number, test: boolean}[]} */
    this.points = [];
    /** @type {Model | null} */
    this.model = null;
    /** @type {Backprop | null} */
    this.bp = null;
    /** @type {Trace | null} */
    this.trace = null;
    /** The next step's training-mode pass (batch norm or dropout on), and the neuron normalized in full. */
    this.pass = /** @type {import("./teach-norm.js").TrainingForward | null} */ (null);
    this.normNeuron = 0;
    /** @type {{train: number} | null} */
    this.loss = null;
    /** @type {number[]} */
    this.sizes = [];
    /** @type {string} */
    this.error = "";
    /** Why the last "Take this step" failed, if it did. */
    this.stepError = "";
    this.stepCount = 0;
    /** The last update the learner took (kept until the chosen weight changes). */
    this.result = /** @type {any} */ (null);
    this.busy = false;
    this.loading = false;
    this.reloadQueued = false;
    this.running = false;
    /** Training runs slowly enough for every stage to follow each step. */
    this.following = false;
    /** Which hidden neuron the activation stage marks (an index into hiddenNeurons()). */
    this.hidden = 0;
    /** The current activation sampled over [−CURVE_Z, CURVE_Z] by the engine. */
    this.curve = /** @type {{name: string, z: number[], a: number[], slope: number[]} | null} */ (null);
    /** f′(z) of every hidden neuron for the current sample, [layer][neuron], from the engine. */
    this.slopes = /** @type {number[][]} */ ([]);
    /** The marked neuron's slope, from the engine at exactly its z. */
    this.dot = /** @type {{name: string, layer: number, index: number, z: number, slope: number} | null} */ (null);

    this.stageList = /** @type {HTMLElement} */ (root.querySelector(".teach-stages"));
    this.body = /** @type {HTMLElement} */ (root.querySelector(".teach-body"));
    this.prev = /** @type {HTMLButtonElement} */ (root.querySelector(".teach-prev"));
    this.next = /** @type {HTMLButtonElement} */ (root.querySelector(".teach-next"));
    this.pos = /** @type {HTMLElement} */ (root.querySelector(".teach-pos"));
    this.title = /** @type {HTMLElement} */ (root.querySelector("h2"));
    this.slow = /** @type {HTMLButtonElement} */ (root.querySelector(".teach-slow"));

    opener.addEventListener("click", () => (this.isOpen ? this.close() : void this.open()));
    /** @type {HTMLElement} */ (root.querySelector(".teach-close")).addEventListener("click", () => this.close());
    this.prev.addEventListener("click", () => this.go(this.stage - 1));
    this.next.addEventListener("click", () => this.go(this.stage + 1));
    this.slow.addEventListener("click", () => {
      this.following = !this.following;
      this.host.slowMotion(this.following);
      this.render();
    });
    // Keys typed in the panel belong to it (not to the page's shortcuts: Space, S, →, R).
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        this.close();
      }
      e.stopPropagation();
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.isOpen && !e.defaultPrevented) this.close();
    });
    // The chart follows the theme's colours and the panel's width.
    window.addEventListener("nnplay-theme", () => this.drawActivation());
    new ResizeObserver(() => this.drawActivation()).observe(this.body);
  }

  get isOpen() {
    return !this.root.hidden;
  }

  /** Whether training runs at a pace the stages can follow step by step. */
  followsTraining() {
    return this.host.playing() && this.host.speed() <= FOLLOW_MAX_SPEED;
  }

  async open() {
    // At slow motion training goes on and the stages follow it; faster, it pauses.
    if (!this.followsTraining()) this.host.pause();
    this.following = this.followsTraining();
    this.running = this.host.playing();
    this.root.hidden = false;
    document.body.classList.add("teaching");
    this.opener.setAttribute("aria-expanded", "true");
    this.stage = 0;
    this.result = null;
    this.stepError = "";
    this.render();
    this.title.focus();
    await this.reload();
  }

  close() {
    if (!this.isOpen) return;
    this.root.hidden = true;
    document.body.classList.remove("teaching");
    this.opener.setAttribute("aria-expanded", "false");
    this.host.highlightPoints(null);
    this.host.highlightNeuron(-1, -1);
    this.host.overlay?.(null);
    this.opener.focus();
  }

  /** A frame arrived: the network or its data may have changed. @param {{playing: boolean, state: {step: number}}} f */
  onFrame(f) {
    if (!this.isOpen) return;
    const followed = this.following;
    this.running = f.playing;
    this.following = this.followsTraining();
    if (f.playing && !this.following) {
      this.render();
      return;
    }
    // Following: read the stages again once per new step (frames come every display frame).
    if (this.following && followed && (this.loading || f.state.step === this.stepCount)) return;
    if (this.following && f.state.step !== this.stepCount) this.result = null; // the learner's own step is no longer the last
    if (this.busy) return;
    if (this.reloadQueued) return;
    this.reloadQueued = true;
    setTimeout(() => {
      this.reloadQueued = false;
      void this.reload();
    }, 30);
  }

  /** Reads everything the stages show from the engine. */
  async reload() {
    if (!this.isOpen) return;
    const e = this.host.engine;
    this.loading = true;
    try {
      const [cfg, points, model, sizes, loss, state] = await Promise.all([
        e.call("config"), e.call("points"), e.call("model"), e.call("layerSizes"), e.call("loss"), e.call("state"),
      ]);
      this.cfg = cfg;
      this.points = points;
      this.model = model;
      this.sizes = Array.from(sizes, Number);
      this.loss = loss;
      this.stepCount = state.step;
      this.error = "";
      this.pass = null;
      if (state.diverged) {
        this.bp = null;
        this.error = t("teach.diverged");
      } else {
        try {
          this.bp = await e.call("backprop");
          if (trainingDiffers(cfg)) this.pass = await e.call("trainingForward");
        } catch {
          this.bp = null;
          this.error = t("teach.noPoints");
        }
      }
      const layers = this.sizes.length - 1;
      if (this.layer >= layers) this.layer = 0;
      if (this.pick && !this.validPick(this.pick)) this.pick = null;
      if (!this.pick) this.pick = { layer: layers - 1, row: 0, col: 0 };
      if (this.bp && this.sample >= this.bp.batch.length) this.sample = 0;
      await this.loadTrace();
    } finally {
      this.loading = false;
    }
    this.render();
  }

  /** @param {{layer: number, row: number, col: number}} p */
  validPick(p) {
    return p.layer < this.sizes.length - 1 && p.row < this.sizes[p.layer + 1] && p.col <= this.sizes[p.layer];
  }

  async loadTrace() {
    const p = this.currentPoint();
    // With batch norm or dropout, the step's own numbers for this sample.
    if (this.pass && this.sample < this.pass.batch.length) this.trace = traceOfPass(this.pass, this.sample);
    else this.trace = p ? await this.host.engine.call("trace", p.x, p.y) : null;
    await this.loadActivation();
  }

  /** Every hidden neuron, layer by layer: [layer, index] (layer counts after the inputs). */
  hiddenNeurons() {
    /** @type {[number, number][]} */
    const out = [];
    for (let l = 0; l < this.sizes.length - 2; l++) for (let i = 0; i < this.sizes[l + 1]; i++) out.push([l, i]);
    return out;
  }

  /** Reads the activation stage's curve and the marked neuron's slope from the engine. */
  async loadActivation() {
    const e = this.host.engine;
    const name = this.cfg?.activation;
    const hidden = this.hiddenNeurons();
    if (typeof name !== "string" || hidden.length === 0) {
      this.dot = null;
      return;
    }
    if (this.hidden >= hidden.length) this.hidden = 0;
    // f′ at every hidden neuron's z, for the backprop stage's formulas.
    const zs = this.trace?.layers.slice(0, -1).map((L) => Array.from(L.z, Number)) ?? [];
    this.slopes = await Promise.all(zs.map((L) => Promise.all(L.map((z) => e.call("activationCurve", name, z, z + 1, 2)
      .then((/** @type {{slope: number[]}} */ c) => Number(c.slope[0]), () => NaN)))));
    if (this.curve?.name !== name) {
      const c = await e.call("activationCurve", name, -CURVE_Z, CURVE_Z, CURVE_SAMPLES);
      this.curve = { name, z: Array.from(c.z, Number), a: Array.from(c.a, Number), slope: Array.from(c.slope, Number) };
    }
    const [layer, index] = hidden[this.hidden];
    const z = this.trace?.layers[layer]?.z[index];
    if (typeof z !== "number" || !Number.isFinite(z)) {
      this.dot = null;
      return;
    }
    // f′ at exactly this z (the first of two samples over [z, z + 1]).
    const s = await e.call("activationCurve", name, z, z + 1, 2);
    this.dot = { name, layer, index, z, slope: Number(s.slope[0]) };
  }

  /** @param {number} delta */
  async moveNeuron(delta) {
    const n = this.hiddenNeurons().length;
    if (n === 0) return;
    this.hidden = Math.max(0, Math.min(n - 1, this.hidden + delta));
    await this.loadActivation();
    this.render();
  }

  currentPoint() {
    const i = this.bp?.batch[this.sample];
    return i === undefined ? null : this.points[i] ?? null;
  }

  /** @param {number} stage */
  go(stage) {
    const next = Math.max(0, Math.min(STAGES.length - 1, stage));
    // The forward pass starts at the first layer, backpropagation at the output.
    const start = STAGE_TABLE[next].layer;
    if (next !== this.stage && start === "first") this.layer = 0;
    if (next !== this.stage && start === "output") this.layer = Math.max(0, this.sizes.length - 2);
    this.stage = next;
    this.render();
  }

  /** @param {number} delta */
  async moveSample(delta) {
    if (!this.bp) return;
    const n = this.bp.batch.length;
    this.sample = (this.sample + delta + n) % n;
    await this.loadTrace();
    this.render();
  }

  // ---- rendering ---------------------------------------------------------------

  render() {
    if (!this.isOpen) return;
    this.root.dataset.stage = STAGES[this.stage];
    this.root.dataset.sample = String(this.sample);
    const point = this.bp?.batch[this.sample];
    if (point !== undefined) this.root.dataset.point = String(point);
    this.renderStageList();
    this.prev.disabled = this.stage === 0;
    this.next.disabled = this.stage === STAGES.length - 1;
    this.pos.textContent = t("teach.position", { n: this.stage + 1, total: STAGES.length });
    this.root.dataset.step = String(this.stepCount);
    this.slow.setAttribute("aria-pressed", String(this.following));
    this.slow.textContent = t(this.following ? "teach.slow.pause" : "teach.slow.play");
    /** @type {Node[]} */
    const parts = [];
    if (this.following) parts.push(el("p", { class: "teach-note teach-following", role: "status" }, t("teach.slow.following", { step: this.stepCount })));
    else if (this.running) parts.push(el("p", { class: "teach-note" }, `${t("teach.running")} ${t("teach.slow.hint")}`));
    if (this.stepError) parts.push(el("p", { class: "teach-error", role: "alert" }, this.stepError));
    if (this.error) {
      parts.push(el("p", { class: "teach-error", role: "alert" }, this.error));
      this.host.highlightPoints(null);
      this.host.highlightNeuron(-1, -1);
    } else if (!this.bp || !this.cfg || !this.model) {
      parts.push(el("p", { class: "teach-note" }, t("teach.loading")));
    } else {
      const stage = STAGE_TABLE[this.stage];
      this.host.highlightPoints({ batch: this.bp.batch, current: this.bp.batch[this.sample] });
      if (!stage.neuron) this.host.highlightNeuron(-1, -1);
      this.host.overlay?.(null);
      if (stage.sample) parts.push(samplePicker(this));
      parts.push(...stage.render(this));
    }
    // Keep the focused control focused across a rebuild (found again by its data-key).
    const active = /** @type {HTMLElement | null} */ (document.activeElement);
    const key = active && this.body.contains(active) ? active.dataset.key : undefined;
    this.body.replaceChildren(...parts);
    if (key) /** @type {HTMLElement | null} */ (this.body.querySelector(`[data-key="${key}"]`))?.focus();
    this.drawActivation();
  }

  renderStageList() {
    const items = STAGES.map((name, i) => {
      const b = el("button", { type: "button", class: "teach-stage", "data-stage": name }, el("span", { class: "teach-stage-n" }, String(i + 1)), t(`teach.stage.${name}`));
      if (i === this.stage) b.setAttribute("aria-current", "step");
      b.addEventListener("click", () => this.go(i));
      return el("li", {}, b);
    });
    const hadFocus = this.stageList.contains(document.activeElement);
    this.stageList.replaceChildren(...items);
    if (hadFocus) /** @type {HTMLElement | null} */ (this.stageList.querySelector('[aria-current="step"]'))?.focus();
  }

  /** @param {number} layer */
  setLayer(layer) {
    this.layer = Math.max(0, Math.min(this.sizes.length - 2, layer));
    this.render();
  }

  /** Draws the activation stage's chart (when it is shown and its curve is the current one). */
  drawActivation() {
    if (!this.isOpen || STAGES[this.stage] !== "activation") return;
    const c = /** @type {HTMLCanvasElement | null} */ (this.body.querySelector("canvas.teach-act-chart"));
    const curve = this.curve;
    if (!c || !curve || curve.name !== this.cfg?.activation) return;
    drawActivationChart(c, curve, currentDot(this), CURVE_Z);
  }

  /** Re-renders in the active language. */
  relabel() {
    this.render();
  }
}
