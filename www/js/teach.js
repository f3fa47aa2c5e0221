// @ts-check
// "Step by step": one training step of the real network, with the real
// numbers, in the order of the course notes — the minibatch (stochastic
// gradient descent), the forward pass (the neuron: z = Wx + b, a = f(z)), the
// activation function (f and f′, and where one neuron sits on them), the
// loss, backpropagation (δ = ∂L/∂z) and the gradient-descent update
// (w ← w − α·g). Every number comes from the engine (trace, backprop, model,
// config, loss, step, activationCurve); this module only writes them down.

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { FEATURES } from "./diagram.js";

/** @typedef {import("./engine-client.js").EngineClient} EngineClient */
/** @typedef {{layers: {weights: number[][], biases: number[]}[]}} Model */
/** @typedef {{batch: number[], objective: number, gradients: Model, deltas: number[][][], outputs: number[][], losses: number[]}} Backprop */
/** @typedef {{inputs: number[], layers: {z: number[], a: number[]}[]}} Trace */

export const STAGES = ["batch", "forward", "activation", "loss", "backprop", "update"];
/** The activation stage's chart: z from −CURVE_Z to CURVE_Z, sampled CURVE_SAMPLES times. */
const CURVE_Z = 6;
const CURVE_SAMPLES = 241;
/**
 * Each hidden activation written out (f, then f′), as the engine defines them
 * (crates/nnplay-core/src/activation.rs). Only symbols: the numbers are the engine's.
 * @type {Record<string, [string, string]>}
 */
const FORMULAS = {
  linear: ["f(z) = z", "f′(z) = 1"],
  relu: ["f(z) = max(0, z)", "f′(z) = 1 (z > 0),  0 (z ≤ 0)"],
  leakyRelu: ["f(z) = z (z > 0),  0.01·z (z ≤ 0)", "f′(z) = 1 (z > 0),  0.01 (z ≤ 0)"],
  tanh: ["f(z) = tanh z = (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ)", "f′(z) = 1 − tanh² z"],
  sigmoid: ["f(z) = σ(z) = 1 / (1 + e⁻ᶻ)", "f′(z) = σ(z)·(1 − σ(z))"],
  elu: ["f(z) = z (z > 0),  eᶻ − 1 (z ≤ 0)", "f′(z) = 1 (z > 0),  eᶻ (z ≤ 0)"],
  softplus: ["f(z) = ln(1 + eᶻ)", "f′(z) = σ(z) = 1 / (1 + e⁻ᶻ)"],
  swish: ["f(z) = z·σ(z)", "f′(z) = σ(z) + z·σ(z)·(1 − σ(z))"],
  gelu: ["f(z) = ½·z·(1 + tanh u),  u = √(2/π)·(z + 0.044715·z³)", "f′(z) = ½·(1 + tanh u) + ½·z·(1 − tanh² u)·u′"],
};
/** Terms written out in a weighted sum before "…". */
const MAX_TERMS = 4;

/**
 * A number as the panel shows it: `digits` decimals, a true minus sign, and
 * three significant digits in exponent form for tiny values.
 * @param {number | null | undefined} v @param {number} [digits]
 */
export function num(v, digits = 4) {
  if (typeof v !== "number" || !Number.isFinite(v)) return "–";
  const s = v !== 0 && Math.abs(v) < 10 ** -digits ? v.toExponential(2) : v.toFixed(digits);
  return s.replace(/^-/, "−");
}
/** A point's coordinate (two decimals, a true minus sign). @param {number | undefined} v */
const coord = (v) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(2).replace(/^-/, "−") : "–");
/** A number in parentheses when negative (inside a sum). @param {number} v @param {number} [digits] */
const term = (v, digits = 4) => (v < 0 ? `(${num(v, digits)})` : num(v, digits));

const SUB = "₀₁₂₃₄₅₆₇₈₉";
/** @param {number} n */
const sub = (n) => String(n).split("").map((d) => SUB[Number(d)]).join("");

/**
 * @typedef {object} TeachHost
 * @property {EngineClient} engine
 * @property {() => void} pause           stops training (opening the panel does)
 * @property {(h: {batch: number[], current: number} | null) => void} highlightPoints
 * @property {(layer: number, index: number) => void} highlightNeuron  layer counts after the inputs; −1 clears
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
    /** Which hidden neuron the activation stage marks (an index into hiddenNeurons()). */
    this.hidden = 0;
    /** The current activation sampled over [−CURVE_Z, CURVE_Z] by the engine. */
    this.curve = /** @type {{name: string, z: number[], a: number[], slope: number[]} | null} */ (null);
    /** The marked neuron's slope, from the engine at exactly its z. */
    this.dot = /** @type {{name: string, layer: number, index: number, z: number, slope: number} | null} */ (null);

    this.stageList = /** @type {HTMLElement} */ (root.querySelector(".teach-stages"));
    this.body = /** @type {HTMLElement} */ (root.querySelector(".teach-body"));
    this.prev = /** @type {HTMLButtonElement} */ (root.querySelector(".teach-prev"));
    this.next = /** @type {HTMLButtonElement} */ (root.querySelector(".teach-next"));
    this.pos = /** @type {HTMLElement} */ (root.querySelector(".teach-pos"));
    this.title = /** @type {HTMLElement} */ (root.querySelector("h2"));

    opener.addEventListener("click", () => (this.isOpen ? this.close() : void this.open()));
    /** @type {HTMLElement} */ (root.querySelector(".teach-close")).addEventListener("click", () => this.close());
    this.prev.addEventListener("click", () => this.go(this.stage - 1));
    this.next.addEventListener("click", () => this.go(this.stage + 1));
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

  async open() {
    this.host.pause();
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
    this.opener.focus();
  }

  /** A frame arrived: the network or its data may have changed. @param {{playing: boolean}} f */
  onFrame(f) {
    if (!this.isOpen) return;
    this.running = f.playing;
    if (f.playing) {
      this.render();
      return;
    }
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
      if (state.diverged) {
        this.bp = null;
        this.error = t("teach.diverged");
      } else {
        try {
          this.bp = await e.call("backprop");
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
    this.trace = p ? await this.host.engine.call("trace", p.x, p.y) : null;
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
    if (next !== this.stage && STAGES[next] === "forward") this.layer = 0;
    if (next !== this.stage && STAGES[next] === "backprop") this.layer = Math.max(0, this.sizes.length - 2);
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
    /** @type {Node[]} */
    const parts = [];
    if (this.running) parts.push(el("p", { class: "teach-note" }, t("teach.running")));
    if (this.stepError) parts.push(el("p", { class: "teach-error", role: "alert" }, this.stepError));
    if (this.error) {
      parts.push(el("p", { class: "teach-error", role: "alert" }, this.error));
      this.host.highlightPoints(null);
      this.host.highlightNeuron(-1, -1);
    } else if (!this.bp || !this.cfg || !this.model) {
      parts.push(el("p", { class: "teach-note" }, t("teach.loading")));
    } else {
      const stage = STAGES[this.stage];
      this.host.highlightPoints({ batch: this.bp.batch, current: this.bp.batch[this.sample] });
      if (stage !== "forward" && stage !== "backprop" && stage !== "activation") this.host.highlightNeuron(-1, -1);
      if (stage === "forward" || stage === "activation" || stage === "loss" || stage === "backprop") parts.push(this.samplePicker());
      if (stage === "batch") parts.push(...this.batchStage());
      else if (stage === "forward") parts.push(...this.forwardStage());
      else if (stage === "activation") parts.push(...this.activationStage());
      else if (stage === "loss") parts.push(...this.lossStage());
      else if (stage === "backprop") parts.push(...this.backpropStage());
      else parts.push(...this.updateStage());
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

  /** The current sample: ‹ k of n › and its point. */
  samplePicker() {
    const bp = /** @type {Backprop} */ (this.bp);
    const p = this.currentPoint();
    const prev = el("button", { type: "button", class: "teach-arrow", "data-key": "sample-prev", "aria-label": t("teach.sample.prev") }, "‹");
    const next = el("button", { type: "button", class: "teach-arrow", "data-key": "sample-next", "aria-label": t("teach.sample.next") }, "›");
    prev.addEventListener("click", () => void this.moveSample(-1));
    next.addEventListener("click", () => void this.moveSample(1));
    const text = el("span", { class: "teach-sample-text" },
      t("teach.sample", { k: this.sample + 1, n: bp.batch.length }),
      el("span", { class: "teach-sub" }, p ? ` (x₁ = ${coord(p.x)}, x₂ = ${coord(p.y)}; ${t("teach.label")} ${this.labelText(p.label)})` : ""));
    return el("div", { class: "teach-sample", role: "group", "aria-label": t("teach.sample.group") }, prev, text, next);
  }

  /** @param {number} label */
  labelText(label) {
    if (this.cfg.problem === "multiclass") return t("legend.class", { k: label + 1 });
    if (this.cfg.problem === "classification") return label > 0 ? "+1" : "−1";
    return coord(label);
  }

  /** Name of a neuron (layer counts after the inputs). @param {number} layer @param {number} i */
  neuronName(layer, i) {
    const last = this.sizes.length - 2;
    if (layer === last) return this.sizes[last + 1] > 1 ? t("teach.outputK", { k: i + 1 }) : t("diagram.outputNeuron");
    return t("teach.neuron", { layer: layer + 1, index: i + 1 });
  }

  /** Symbol of input j of a layer: a feature's name, or the previous neuron's a. @param {number} layer @param {number} j */
  inputSymbol(layer, j) {
    if (layer === 0) {
      const names = FEATURES.filter(([n]) => this.cfg.features.includes(n)).map(([, label]) => label);
      return names[j] ?? `x${sub(j + 1)}`;
    }
    return `a${sub(j + 1)}`;
  }

  /** A layer's heading (layer counts after the inputs). @param {number} layer */
  layerName(layer) {
    return layer === this.sizes.length - 2 ? t("teach.outputLayer") : t("teach.hiddenLayer", { n: layer + 1 });
  }

  /** ‹ layer › picker for the forward and backprop stages. */
  layerPicker() {
    const layers = this.sizes.length - 1;
    const prev = el("button", { type: "button", class: "teach-arrow", "data-key": "layer-prev", "aria-label": t("teach.layer.prev") }, "‹");
    const next = el("button", { type: "button", class: "teach-arrow", "data-key": "layer-next", "aria-label": t("teach.layer.next") }, "›");
    /** @type {HTMLButtonElement} */ (prev).disabled = this.layer === 0;
    /** @type {HTMLButtonElement} */ (next).disabled = this.layer >= layers - 1;
    prev.addEventListener("click", () => this.setLayer(this.layer - 1));
    next.addEventListener("click", () => this.setLayer(this.layer + 1));
    return el("div", { class: "teach-sample teach-layer", role: "group", "aria-label": t("teach.layer.group") }, prev,
      el("span", { class: "teach-sample-text" }, `${this.layerName(this.layer)} `, el("span", { class: "teach-sub" }, t("teach.layerOf", { k: this.layer + 1, n: layers }))), next);
  }

  /** @param {number} layer */
  setLayer(layer) {
    this.layer = Math.max(0, Math.min(this.sizes.length - 2, layer));
    this.render();
  }

  /** The name of the output function of the last layer. */
  outputFn() {
    const c = this.cfg;
    if (c.problem === "multiclass") return "softmax";
    if (c.problem === "regression") return "linear";
    return c.loss === "crossEntropy" ? "sigmoid" : "tanh";
  }

  /** @param {string} fn */
  fnText(fn) {
    return fn === "linear" ? "z" : fn === "softmax" ? "softmax(z)" : fn === "sigmoid" ? "σ(z)" : `${fn === "tanh" ? "tanh" : t(`act.${fn}`)}(z)`;
  }

  // ---- 1. the minibatch ----------------------------------------------------------

  batchStage() {
    const bp = /** @type {Backprop} */ (this.bp);
    const trainCount = this.points.filter((p) => !p.test).length;
    const list = el("ol", { class: "teach-points" }, ...bp.batch.map((i, s) => {
      const p = this.points[i];
      const b = el("button", { type: "button", class: "teach-point", "data-key": `point-${s}` },
        `${s + 1}. (${coord(p?.x)}, ${coord(p?.y)}) → ${p ? this.labelText(p.label) : ""}`);
      if (s === this.sample) b.setAttribute("aria-current", "true");
      b.addEventListener("click", async () => {
        this.sample = s;
        await this.loadTrace();
        this.render();
      });
      return el("li", {}, b);
    }));
    return [
      el("h3", {}, t("teach.batch.heading")),
      el("p", {}, t("teach.batch.text", { size: bp.batch.length, batchSize: this.cfg.batchSize, train: trainCount })),
      el("p", {}, t("teach.batch.sgd")),
      el("p", { class: "teach-sub" }, t("teach.batch.canvas")),
      this.samplePicker(),
      list,
    ];
  }

  // ---- 2. the forward pass -------------------------------------------------------

  forwardStage() {
    const model = /** @type {Model} */ (this.model);
    const tr = this.trace;
    const l = this.layer;
    const layer = model.layers[l];
    const last = l === this.sizes.length - 2;
    const fn = last ? this.outputFn() : this.cfg.activation;
    const inputs = l === 0 ? tr?.inputs : tr?.layers[l - 1]?.a;
    const nIn = this.sizes[l];
    const shown = Math.min(nIn, MAX_TERMS);
    const symTerms = Array.from({ length: shown }, (_, j) => `w${sub(j + 1)}·${this.inputSymbol(l, j)}`);
    if (nIn > shown) symTerms.push("…");
    const fnName = fn === "softmax" ? "softmax" : fn === "tanh" ? "tanh" : t(`act.${fn}`);
    const rows = layer.weights.map((w, i) => {
      /** @type {(Node | string)[]} */
      const numTerms = Array.from({ length: shown }, (_, j) => el("span", { class: "teach-term" }, `${term(w[j])} × ${term(inputs?.[j] ?? NaN)}`));
      if (nIn > shown) numTerms.push(el("span", { class: "teach-term" }, t("teach.more", { n: nIn - shown })));
      const z = tr?.layers[l]?.z[i];
      const a = tr?.layers[l]?.a[i];
      const li = el("li", { class: "teach-neuron", tabindex: "0", "data-key": `n-${l}-${i}`, "data-layer": String(l), "data-index": String(i) },
        el("div", { class: "teach-neuron-name" }, this.neuronName(l, i)),
        el("div", { class: "teach-eq" }, "z = ", ...numTerms.flatMap((s) => [s, " + "]), num(layer.biases[i]),
          " = ", el("b", { class: "teach-z" }, num(z))),
        el("div", { class: "teach-eq" }, `a = ${this.fnText(fn)} = `, el("b", { class: "teach-a" }, num(a))));
      const show = () => this.host.highlightNeuron(l, i);
      li.addEventListener("pointerenter", show);
      li.addEventListener("focus", show);
      return li;
    });
    this.host.highlightNeuron(l, 0);
    const inputLine = l === 0
      ? t("teach.forward.inputs", { values: (tr?.inputs ?? []).map((v, j) => `${this.inputSymbol(0, j)} = ${num(v)}`).join(", ") })
      : t("teach.forward.prev");
    return [
      el("h3", {}, t("teach.forward.heading")),
      el("p", {}, t("teach.forward.text")),
      this.layerPicker(),
      el("p", { class: "teach-formula" }, `z = ${[...symTerms, "b"].join(" + ")},  a = ${this.fnText(fn)}`),
      el("p", { class: "teach-sub" }, `${inputLine} ${t("teach.forward.fn", { name: fnName })}`),
      el("ol", { class: "teach-neurons" }, ...rows),
      last ? el("p", { class: "teach-sub" }, t(`teach.forward.out.${fn}`)) : el("p", { class: "teach-sub" }, t("teach.forward.next")),
    ];
  }

  // ---- 3. the activation function ---------------------------------------------------

  /** ‹ neuron › picker over the hidden neurons of every hidden layer. */
  neuronPicker() {
    const hidden = this.hiddenNeurons();
    const [l, i] = hidden[this.hidden];
    const prev = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "teach-arrow", "data-key": "neuron-prev", "aria-label": t("teach.act.neuron.prev") }, "‹"));
    const next = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "teach-arrow", "data-key": "neuron-next", "aria-label": t("teach.act.neuron.next") }, "›"));
    prev.disabled = this.hidden === 0;
    next.disabled = this.hidden >= hidden.length - 1;
    prev.addEventListener("click", () => void this.moveNeuron(-1));
    next.addEventListener("click", () => void this.moveNeuron(1));
    return el("div", { class: "teach-sample teach-layer", role: "group", "aria-label": t("teach.act.neuron.group") }, prev,
      el("span", { class: "teach-sample-text teach-act-neuron" }, `${this.neuronName(l, i)} `, el("span", { class: "teach-sub" }, t("teach.act.neuronOf", { k: this.hidden + 1, n: hidden.length }))), next);
  }

  /** The marked neuron's dot, if the engine's slope is for the current activation and z. */
  currentDot() {
    const hidden = this.hiddenNeurons();
    const pair = hidden[this.hidden];
    if (!pair) return null;
    const [l, i] = pair;
    const z = this.trace?.layers[l]?.z[i];
    const a = this.trace?.layers[l]?.a[i];
    const d = this.dot;
    const fresh = d && d.name === this.cfg.activation && d.layer === l && d.index === i && d.z === z;
    return { layer: l, index: i, z, a, slope: fresh ? d.slope : undefined };
  }

  activationStage() {
    const name = /** @type {string} */ (this.cfg.activation);
    const label = t(`act.${name}`);
    /** @type {Node[]} */
    const out = [el("h3", {}, t("teach.act.heading")), el("p", {}, t("teach.act.why"))];
    if (this.hiddenNeurons().length === 0) {
      this.host.highlightNeuron(-1, -1);
      out.push(el("p", { class: "teach-note teach-act-none" }, t("teach.act.none")));
      return out;
    }
    const dot = /** @type {NonNullable<ReturnType<Teach["currentDot"]>>} */ (this.currentDot());
    this.host.highlightNeuron(dot.layer, dot.index);
    const [f, df] = FORMULAS[name] ?? ["", ""];
    const canvas = el("canvas", { class: "teach-act-chart", role: "img",
      "aria-label": t("teach.act.chart", { name: label, z: num(dot.z), a: num(dot.a), slope: num(dot.slope) }) });
    const swatch = (/** @type {string} */ kind) => el("span", { class: `teach-swatch ${kind}`, "aria-hidden": "true" });
    out.push(
      el("p", {}, t("teach.act.current"), " ", el("b", { class: "teach-act-name", "data-name": name }, label)),
      el("p", { class: "teach-formula teach-act-formula" }, f),
      el("p", { class: "teach-formula teach-act-formula" }, df),
      el("p", { class: "teach-act-shape" }, t(`teach.act.shape.${name}`)),
      this.neuronPicker(),
      canvas,
      el("ul", { class: "teach-act-legend" },
        el("li", {}, swatch("f"), t("teach.act.legend.f")),
        el("li", {}, swatch("slope"), t("teach.act.legend.slope")),
        el("li", {}, swatch("dot"), t("teach.act.legend.dot"))),
      el("dl", { class: "teach-values" },
        el("dt", {}, t("teach.act.z")), el("dd", { class: "teach-act-z" }, num(dot.z)),
        el("dt", {}, t("teach.act.a")), el("dd", { class: "teach-act-a" }, num(dot.a)),
        el("dt", {}, t("teach.act.slope")), el("dd", { class: "teach-act-slope" }, num(dot.slope))),
      el("p", { class: "teach-sub" }, t("teach.act.slopeNote")),
    );
    if (name === "linear") out.push(el("p", { class: "teach-sub" }, t("teach.act.linearNote")));
    out.push(el("p", { class: "teach-sub" }, t("teach.act.note")));
    return out;
  }

  /** Draws f and f′ (the engine's samples) and the marked neuron on the activation stage's canvas. */
  drawActivation() {
    if (!this.isOpen || STAGES[this.stage] !== "activation") return;
    const c = /** @type {HTMLCanvasElement | null} */ (this.body.querySelector("canvas.teach-act-chart"));
    const curve = this.curve;
    if (!c || !curve || curve.name !== this.cfg?.activation) return;
    const rect = c.getBoundingClientRect();
    if (rect.width < 20 || rect.height < 20) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(rect.width * dpr);
    c.height = Math.round(rect.height * dpr);
    const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d"));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const style = getComputedStyle(c);
    const css = (/** @type {string} */ v, /** @type {string} */ fallback) => style.getPropertyValue(v).trim() || fallback;
    const fColor = css("--act-f", "#1f6fb2");
    const slopeColor = css("--act-slope", "#c2410c");
    const axisColor = css("--muted", "#5d6878");
    const gridColor = css("--chart-grid", "rgba(128,128,128,0.25)");
    const dotColor = css("--text", "#1c2430");
    const bg = css("--panel", "#ffffff");

    // The vertical range: both curves and 0, with a margin.
    const values = [...curve.a, ...curve.slope, 0].filter(Number.isFinite);
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    const pad = (hi - lo) * 0.08 || 0.5;
    lo -= pad;
    hi += pad;
    const left = 34, right = 8, top = 8, bottom = 20;
    const w = rect.width - left - right;
    const h = rect.height - top - bottom;
    const X = (/** @type {number} */ z) => left + ((z + CURVE_Z) / (2 * CURVE_Z)) * w;
    const Y = (/** @type {number} */ v) => top + ((hi - v) / (hi - lo)) * h;

    ctx.clearRect(0, 0, rect.width, rect.height);
    ctx.font = "11px system-ui, sans-serif";
    // Grid and tick labels.
    const span = hi - lo;
    const step = [0.25, 0.5, 1, 2, 5, 10].find((s) => span / s <= 6) ?? 20;
    ctx.lineWidth = 1;
    ctx.strokeStyle = gridColor;
    ctx.fillStyle = axisColor;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
      ctx.beginPath();
      ctx.moveTo(left, Y(v));
      ctx.lineTo(left + w, Y(v));
      ctx.stroke();
      ctx.fillText(num(v, step < 1 ? 2 : 0), left - 4, Y(v));
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (let z = -CURVE_Z; z <= CURVE_Z; z += 2) {
      ctx.beginPath();
      ctx.moveTo(X(z), top);
      ctx.lineTo(X(z), top + h);
      ctx.stroke();
      ctx.fillText(num(z, 0), X(z), top + h + 4);
    }
    // The axes at 0.
    ctx.strokeStyle = axisColor;
    ctx.beginPath();
    ctx.moveTo(left, Y(0));
    ctx.lineTo(left + w, Y(0));
    ctx.moveTo(X(0), top);
    ctx.lineTo(X(0), top + h);
    ctx.stroke();
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    ctx.fillText("z", left + w - 2, Y(0) + 3);

    /** @param {number[]} ys @param {string} color @param {number[]} dash */
    const line = (ys, color, dash) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2.25;
      ctx.setLineDash(dash);
      ctx.beginPath();
      curve.z.forEach((z, k) => (k === 0 ? ctx.moveTo(X(z), Y(ys[k])) : ctx.lineTo(X(z), Y(ys[k]))));
      ctx.stroke();
      ctx.setLineDash([]);
    };
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, w, h);
    ctx.clip();
    line(curve.slope, slopeColor, [6, 4]);
    line(curve.a, fColor, []);

    // The marked neuron: a dot on f at its z (from trace) and the tangent of slope f′(z).
    const dot = this.currentDot();
    if (dot && typeof dot.z === "number" && typeof dot.a === "number") {
      const inside = Math.abs(dot.z) <= CURVE_Z && dot.a >= lo && dot.a <= hi;
      const px = X(Math.max(-CURVE_Z, Math.min(CURVE_Z, dot.z)));
      const py = Y(Math.max(lo, Math.min(hi, dot.a)));
      if (inside && typeof dot.slope === "number") {
        ctx.strokeStyle = slopeColor;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(X(dot.z - 1), Y(dot.a - dot.slope));
        ctx.lineTo(X(dot.z + 1), Y(dot.a + dot.slope));
        ctx.stroke();
      }
      ctx.restore();
      ctx.beginPath();
      ctx.arc(px, py, 5.5, 0, 2 * Math.PI);
      ctx.fillStyle = inside ? dotColor : bg;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = inside ? bg : dotColor;
      ctx.stroke();
    } else {
      ctx.restore();
    }
  }

  // ---- 4. the loss -----------------------------------------------------------------

  lossKind() {
    const c = this.cfg;
    if (c.problem === "multiclass") return "softmax";
    if (c.problem === "classification") return c.loss === "crossEntropy" ? "bce" : "squaredTanh";
    return c.loss === "huber" ? "huber" : "squared";
  }

  lossStage() {
    const bp = /** @type {Backprop} */ (this.bp);
    const p = this.currentPoint();
    const out = bp.outputs[this.sample] ?? [];
    const kind = this.lossKind();
    const outText = out.length > 1
      ? out.map((v, k) => `${t("legend.class", { k: k + 1 })}: ${num(v)}`).join(", ")
      : num(out[0]);
    const penalty = this.cfg.regularization?.kind !== "none" && this.cfg.regularization?.rate > 0;
    return [
      el("h3", {}, t("teach.loss.heading")),
      el("p", {}, t("teach.loss.text")),
      el("p", { class: "teach-formula" }, t(`teach.loss.formula.${kind}`)),
      el("p", { class: "teach-formula teach-filled" }, this.lossFilled()),
      el("dl", { class: "teach-values" },
        el("dt", {}, t("teach.loss.output")), el("dd", { class: out.length > 1 ? "teach-output wide" : "teach-output" }, outText),
        el("dt", {}, t("teach.loss.label")), el("dd", {}, p ? this.labelText(p.label) : "–"),
        el("dt", {}, t("teach.loss.sample")), el("dd", { class: "teach-sample-loss" }, num(bp.losses[this.sample])),
        el("dt", {}, t("teach.loss.objective", { n: bp.batch.length })), el("dd", { class: "teach-objective" }, num(bp.objective))),
      el("p", { class: "teach-sub" }, t(penalty ? "teach.loss.penalty" : "teach.loss.mean")),
    ];
  }

  /** The true value y as written in a formula. @param {number} label */
  yText(label) {
    return this.cfg.problem === "classification" ? (label > 0 ? "1" : "(−1)") : term(label);
  }

  /**
   * The current sample's loss with its numbers put in. Nothing is computed
   * here: the result at the end is the engine's.
   */
  lossFilled() {
    const bp = /** @type {Backprop} */ (this.bp);
    const p = this.currentPoint();
    const o = bp.outputs[this.sample] ?? [];
    const L = num(bp.losses[this.sample]);
    if (!p) return "";
    switch (this.lossKind()) {
      case "softmax":
        return `L = −ln ŷ${sub(p.label + 1)} = −ln ${num(o[p.label])} = ${L}`;
      case "bce":
        return p.label > 0 ? `L = −ln ŷ = −ln ${num(o[0])} = ${L}` : `L = −ln(1 − ŷ) = −ln(1 − ${num(o[0])}) = ${L}`;
      case "huber":
        return `|ŷ − y| = |${num(o[0])} − ${this.yText(p.label)}|  →  L = ${L}`;
      default:
        return `L = ½ (${num(o[0])} − ${this.yText(p.label)})² = ${L}`;
    }
  }

  /**
   * An output neuron's δ with its numbers put in (the result is the engine's).
   * @param {number} k the output neuron @returns {string}
   */
  deltaFilled(k) {
    const bp = /** @type {Backprop} */ (this.bp);
    const p = this.currentPoint();
    const o = bp.outputs[this.sample] ?? [];
    if (!p) return "δ = ";
    const y = this.yText(p.label);
    switch (this.lossKind()) {
      case "softmax":
        return `δ = ŷ${sub(k + 1)} − t${sub(k + 1)} = ${num(o[k])} − ${p.label === k ? 1 : 0} = `;
      case "bce":
        return `δ = ŷ − t = ${num(o[0])} − ${p.label > 0 ? 1 : 0} = `;
      case "huber":
        return `δ = clip(${num(o[0])} − ${y}, −1, 1) = `;
      case "squared":
        return `δ = ŷ − y = ${num(o[0])} − ${y} = `;
      default:
        return `δ = (${num(o[0])} − ${y}) · (1 − ${term(o[0])}²) = `;
    }
  }

  /**
   * A hidden neuron's δ with its numbers put in: f′ at its z, times the
   * next layer's weights and δ (the result is the engine's).
   * @param {number} l @param {number} i @returns {(Node | string)[]}
   */
  hiddenDeltaFilled(l, i) {
    const bp = /** @type {Backprop} */ (this.bp);
    const next = /** @type {Model} */ (this.model).layers[l + 1];
    const dNext = bp.deltas[this.sample]?.[l + 1] ?? [];
    const z = this.trace?.layers[l]?.z[i];
    const shown = Math.min(dNext.length, MAX_TERMS);
    /** @type {(Node | string)[]} */
    const terms = Array.from({ length: shown }, (_, k) => el("span", { class: "teach-term" }, `${term(next.weights[k][i])} × ${term(dNext[k])}`));
    if (dNext.length > shown) terms.push(el("span", { class: "teach-term" }, t("teach.more", { n: dNext.length - shown })));
    return [`δ = f′(${num(z)}) · (`, ...terms.flatMap((x, k) => (k === 0 ? [x] : [" + ", x])), ") = "];
  }

  // ---- 5. backpropagation -------------------------------------------------------------

  backpropStage() {
    const bp = /** @type {Backprop} */ (this.bp);
    const deltas = bp.deltas[this.sample] ?? [];
    const l = this.layer;
    const last = l === this.sizes.length - 2;
    const rows = (deltas[l] ?? []).map((d, i) => {
      const li = el("li", { class: "teach-neuron", tabindex: "0", "data-key": `d-${l}-${i}`, "data-layer": String(l), "data-index": String(i) },
        el("div", { class: "teach-neuron-name" }, this.neuronName(l, i)),
        el("div", { class: "teach-eq" }, ...(last ? [this.deltaFilled(i)] : this.hiddenDeltaFilled(l, i)), el("b", { class: "teach-delta" }, num(d))));
      const show = () => this.host.highlightNeuron(l, i);
      li.addEventListener("pointerenter", show);
      li.addEventListener("focus", show);
      return li;
    });
    this.host.highlightNeuron(l, 0);
    return [
      el("h3", {}, t("teach.backprop.heading")),
      el("p", {}, t("teach.backprop.text")),
      this.layerPicker(),
      el("p", { class: "teach-formula" }, last ? t(`teach.backprop.out.${this.lossKind()}`) : t("teach.backprop.hidden")),
      el("p", { class: "teach-sub" }, last ? t("teach.backprop.outNote") : t("teach.backprop.hiddenNote")),
      el("ol", { class: "teach-neurons" }, ...rows),
      el("p", { class: "teach-sub" }, t("teach.backprop.grad")),
    ];
  }

  // ---- 6. gradient descent ------------------------------------------------------------

  updateStage() {
    const bp = /** @type {Backprop} */ (this.bp);
    const model = /** @type {Model} */ (this.model);
    const pick = /** @type {{layer: number, row: number, col: number}} */ (this.pick);
    const layers = this.sizes.length - 1;
    const opt = this.cfg.optimizer;
    const alpha = opt.learningRate;

    /** @param {string} key @param {string} label @param {[string, string][]} options @param {number} value @param {(v: number) => void} set */
    const select = (key, label, options, value, set) => {
      const s = /** @type {HTMLSelectElement} */ (el("select", { "data-key": key }, ...options.map(([v, text]) => el("option", { value: v }, text))));
      s.value = String(value);
      s.addEventListener("change", () => set(Number(s.value)));
      return el("label", { class: "teach-field" }, el("span", {}, label), s);
    };
    const change = (/** @type {Partial<typeof pick>} */ p) => {
      this.pick = { ...pick, ...p };
      if (!this.validPick(this.pick)) this.pick = { ...this.pick, row: 0, col: 0 };
      this.result = null;
      this.render();
    };
    const layerSel = select("pick-layer", t("teach.update.layer"),
      Array.from({ length: layers }, (_, l) => [String(l), this.layerName(l)]), pick.layer, (v) => change({ layer: v, row: 0, col: 0 }));
    const rowSel = select("pick-row", t("teach.update.neuron"),
      Array.from({ length: this.sizes[pick.layer + 1] }, (_, i) => [String(i), this.neuronName(pick.layer, i)]), pick.row, (v) => change({ row: v }));
    const colSel = select("pick-col", t("teach.update.input"),
      [...Array.from({ length: this.sizes[pick.layer] }, (_, j) => /** @type {[string, string]} */ ([String(j), pick.layer === 0 ? this.inputSymbol(0, j) : this.neuronName(pick.layer - 1, j)])),
        [String(this.sizes[pick.layer]), t("teach.update.bias")]], pick.col, (v) => change({ col: v }));
    this.host.highlightNeuron(pick.layer, pick.row);

    const isBias = pick.col === this.sizes[pick.layer];
    const sym = isBias ? "b" : "w";
    const r = this.result;
    const w = r ? r.before : isBias ? model.layers[pick.layer].biases[pick.row] : model.layers[pick.layer].weights[pick.row][pick.col];
    const g = r ? r.grad : isBias ? bp.gradients.layers[pick.layer].biases[pick.row] : bp.gradients.layers[pick.layer].weights[pick.row][pick.col];
    const a = r ? r.alpha : alpha;
    const kind = r ? r.kind : opt.kind;

    const values = el("dl", { class: "teach-values" },
      el("dt", {}, t(isBias ? "teach.update.b" : "teach.update.w")), el("dd", { class: "teach-w" }, num(w, 5)),
      el("dt", {}, t("teach.update.g", { sym, n: bp.batch.length })), el("dd", { class: "teach-g" }, num(g, 5)),
      el("dt", {}, t("teach.update.alpha")), el("dd", { class: "teach-alpha" }, String(a)));
    const button = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "teach-take", "data-key": "take" }, t("teach.update.take")));
    button.disabled = this.busy;
    button.addEventListener("click", () => void this.takeStep());

    /** @type {Node[]} */
    const out = [
      el("h3", {}, t("teach.update.heading")),
      el("p", {}, t("teach.update.text")),
      el("div", { class: "teach-picks" }, layerSel, rowSel, colSel),
      el("p", { class: "teach-formula" }, `${sym} ← ${sym} − α·g`),
      values,
      el("p", { class: "teach-sub" }, t("teach.update.gNote")),
    ];
    if (!r) {
      out.push(el("p", {}, t("teach.update.before")), button);
    } else {
      out.push(
        el("p", { class: "teach-done", role: "status" }, t("teach.update.done", { step: r.step })),
        el("p", { class: "teach-formula" }, `${sym} − α·g = ${num(r.before, 5)} − ${r.alpha} × ${term(r.grad, 5)}`),
        el("dl", { class: "teach-values" },
          el("dt", {}, t("teach.update.new", { sym })), el("dd", { class: "teach-new" }, num(r.after, 5))),
        el("p", { class: "teach-sub" }, t(r.kind === "sgd" ? "teach.update.sgd" : "teach.update.other", { name: t(`opt.${r.kind}`) })),
        el("dl", { class: "teach-values" },
          el("dt", {}, t("teach.update.objBefore", { n: r.batchSize })), el("dd", { class: "teach-obj-before" }, num(r.objective)),
          el("dt", {}, t("teach.update.trainBefore")), el("dd", { class: "teach-train-before" }, num(r.trainBefore)),
          el("dt", {}, t("teach.update.trainAfter")), el("dd", { class: "teach-train-after" }, num(r.trainAfter))),
        el("p", { class: "teach-sub" }, t("teach.update.lossNote")),
        el("p", {}, t("teach.update.again")),
        button,
      );
      button.textContent = t("teach.update.takeNext");
    }
    void kind;
    return out;
  }

  /** Reads the chosen parameter from a model. @param {Model} m */
  picked(m) {
    const p = /** @type {{layer: number, row: number, col: number}} */ (this.pick);
    const L = m.layers[p.layer];
    return p.col === this.sizes[p.layer] ? L.biases[p.row] : L.weights[p.row][p.col];
  }

  /** Takes one gradient-descent step in the engine and records before and after. */
  async takeStep() {
    if (this.busy || !this.pick) return;
    const e = this.host.engine;
    this.busy = true;
    this.render();
    try {
      // The exact numbers the update uses, read just before it.
      const [model, bp, cfg, loss] = await Promise.all([e.call("model"), e.call("backprop"), e.call("config"), e.call("loss")]);
      const pick = this.pick;
      const r = await e.call("step");
      const [after, lossAfter] = await Promise.all([e.call("model"), e.call("loss")]);
      if (this.pick !== pick) return;
      this.result = {
        before: this.picked(model),
        grad: this.picked(bp.gradients),
        alpha: cfg.optimizer.learningRate,
        kind: cfg.optimizer.kind,
        after: this.picked(after),
        objective: bp.objective,
        batchSize: bp.batch.length,
        trainBefore: loss.train,
        trainAfter: lossAfter.train,
        step: r.step,
      };
      this.stepError = "";
    } catch (err) {
      this.stepError = t("teach.update.failed", { message: err instanceof Error ? err.message : String(err) });
    } finally {
      this.busy = false;
    }
    await this.reload();
  }

  /** Re-renders in the active language. */
  relabel() {
    this.render();
  }
}
