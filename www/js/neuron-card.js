// @ts-check
// The neuron of lesson 1, whole: hovering, focusing or tapping a neuron of the
// diagram shows its incoming weights and bias with z = w·a + b worked out for
// one point — the last place the pointer was over the output plot — from the
// engine's trace() and model() (a tap keeps the card open while the pointer
// moves over the plot).

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { featureLabel } from "./diagram.js";
import { num, sub, term } from "./teach-text.js";

/** @typedef {import("./engine-client.js").EngineClient} EngineClient */

export class NeuronCard {
  /**
   * @param {HTMLElement} diagram the diagram's root @param {HTMLCanvasElement} plot the output plot
   * @param {EngineClient} engine @param {() => {features: string[], hidden: number[]} | null} config
   * @param {string[]} order every feature in the engine's order (the order of trace's inputs)
   */
  constructor(diagram, plot, engine, config, order) {
    this.engine = engine;
    this.order = order;
    this.config = config;
    this.card = el("div", { id: "neuron-card", class: "neuron-card", role: "status", hidden: "" });
    document.body.append(this.card);
    /** @type {{layer: number, index: number, node: HTMLElement} | null} */
    this.at = null;
    this.pinned = false;
    this.point = { x: 0, y: 0 };
    this.seq = 0;
    /** @param {Event} e */
    const nodeOf = (e) => /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (e.target).closest?.(".node.neuron, .node.out"));
    /** @param {HTMLElement} node */
    const open = (node) => {
      const hidden = this.config()?.hidden.length ?? 0;
      const layer = node.classList.contains("out") ? hidden : Number(node.dataset.layer);
      this.at = { layer, index: Number(node.dataset.index), node };
      void this.show();
    };
    diagram.addEventListener("pointerover", (e) => {
      const node = nodeOf(e);
      if (node && !this.pinned) open(node);
    });
    diagram.addEventListener("pointerout", (e) => {
      if (nodeOf(e) && !this.pinned) this.hide();
    });
    diagram.addEventListener("focusin", (e) => {
      const node = nodeOf(e);
      if (node) open(node);
    });
    diagram.addEventListener("focusout", () => !this.pinned && this.hide());
    diagram.addEventListener("click", (e) => {
      const node = nodeOf(e);
      if (!node) return;
      this.pinned = !(this.pinned && this.at?.node === node);
      if (this.pinned) open(node);
      else this.hide();
    });
    plot.addEventListener("pointermove", (e) => {
      const r = plot.getBoundingClientRect();
      this.point = { x: ((e.clientX - r.left) / r.width) * 12 - 6, y: 6 - ((e.clientY - r.top) / r.height) * 12 };
      if (this.at && !this.card.hidden) void this.show();
    });
  }

  hide() {
    this.at = null;
    this.pinned = false;
    this.card.hidden = true;
  }

  /** Reads the neuron's weights and the point's trace; writes the card. */
  async show() {
    const at = this.at;
    const cfg = this.config();
    if (!at || !cfg) return;
    const seq = ++this.seq;
    const { x, y } = this.point;
    const [model, trace] = await Promise.all([this.engine.call("model"), this.engine.call("trace", x, y)]);
    if (seq !== this.seq || this.at !== at) return;
    const L = model.layers[at.layer];
    const w = L?.weights[at.index];
    const z = trace.layers[at.layer]?.z[at.index];
    if (!w || typeof z !== "number") return this.hide();
    const inputs = at.layer === 0 ? Array.from(trace.inputs, Number) : Array.from(trace.layers[at.layer - 1].a, Number);
    const names = at.layer === 0 ? this.order.filter((f) => cfg.features.includes(f)).map(featureLabel) : inputs.map((_, j) => `a${sub(j + 1)}`);
    const b = L.biases[at.index];
    const name = at.layer === cfg.hidden.length ? t("diagram.outputNeuron") : t("teach.neuron", { layer: at.layer + 1, index: at.index + 1 });
    this.card.replaceChildren(
      el("b", {}, t("card.title", { name })),
      el("div", { class: "card-point", "data-x": String(x), "data-y": String(y) }, t("card.point", { x: num(x, 2), y: num(y, 2) })),
      el("ul", {}, ...w.map((/** @type {number} */ wj, /** @type {number} */ j) =>
        el("li", { class: "card-term" }, `w${sub(j + 1)} · ${names[j] ?? ""} = ${term(wj, 3)} × ${term(inputs[j], 3)} = ${num(wj * inputs[j], 4)}`))),
      el("div", { class: "card-bias", "data-value": String(b) }, `${t("card.bias")} b = ${num(b, 4)}`),
      el("div", { class: "card-z", "data-value": String(z) }, `z = w·a + b = ${num(z, 4)}`),
      el("div", { class: "card-hint" }, t("card.hint")),
    );
    this.card.hidden = false;
    const r = at.node.getBoundingClientRect();
    const cw = this.card.offsetWidth;
    this.card.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - cw - 4))}px`;
    this.card.style.top = `${r.bottom + 6}px`;
  }
}
