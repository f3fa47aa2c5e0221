// @ts-check
// The "Loss landscape" panel: the learner picks two parameters and sees the
// loss over them (training set or next minibatch) with the optimizer's real
// path, and picks a hidden layer's two neurons to see the input plane warped
// into their coordinates. It asks the engine worker for every number
// (surface, track, warp messages) and hands them to the two views to draw.

import { t } from "./i18n.js";
import { el, messageOf } from "./dom.js";
import { drawLandscape } from "./landscape-view.js";
import { drawWarp } from "./warp-view.js";

/** @typedef {import("./engine-client.js").EngineClient} EngineClient */
/** @typedef {import("./engine-client.js").Frame} Frame */
/** @typedef {{layer: number, row: number, col: number}} Param */

/** Cells per side of the loss surface. */
const SURFACE_RES = 31;
/** Grid lines per direction, and vertices per line, of the warped plane. */
const WARP_LINES = 13;
const WARP_SAMPLES = 41;
/** Half-widths the learner can pick for the surface's axes. */
const SPANS = [0.5, 1, 2, 4, 8];
/** The most path points kept (the oldest are dropped). */
const MAX_PATH = 5000;
/** Least pause between two surface computations while training runs (ms). */
const PAUSE_MS = 120;

/** @param {Param} p */
const key = (p) => `${p.layer},${p.row},${p.col}`;
/** @param {string} s @returns {Param} */
const unkey = (s) => {
  const [layer, row, col] = s.split(",").map(Number);
  return { layer, row, col };
};

/** @param {string} labelKey @param {HTMLElement} control */
const field = (labelKey, control) => el("label", { class: "field" }, el("span", { "data-lkey": labelKey }), control);

export class Landscape {
  /**
   * @param {HTMLElement} root @param {HTMLButtonElement} opener
   * @param {{engine: EngineClient, onError: (message: string) => void}} host
   */
  constructor(root, opener, host) {
    this.root = root;
    this.opener = opener;
    this.host = host;
    this.isOpen = false;
    /** @type {number[]} */
    this.sizes = [];
    /** @type {string[]} */
    this.features = [];
    /** @type {number[][]} */
    this.path = [];
    this.lastStep = -1;
    this.colors = new Uint8ClampedArray(0);
    /** @type {import("./landscape-view.js").Surface | null} */
    this.surface = null;
    this.busy = false;
    this.again = false;

    this.p1 = /** @type {HTMLSelectElement} */ (el("select", { id: "landscape-p1" }));
    this.p2 = /** @type {HTMLSelectElement} */ (el("select", { id: "landscape-p2" }));
    this.span = /** @type {HTMLSelectElement} */ (el("select", { id: "landscape-span" }));
    for (const s of SPANS) this.span.append(el("option", { value: String(s) }, String(s)));
    this.span.value = "1";
    this.source = /** @type {HTMLSelectElement} */ (el("select", { id: "landscape-source" }));
    this.source.append(el("option", { value: "train", "data-lkey": "landscape.train" }), el("option", { value: "batch", "data-lkey": "landscape.batch" }));
    this.restart = el("button", { type: "button", class: "text-button", "data-lkey": "landscape.restart" });
    this.canvas = /** @type {HTMLCanvasElement} */ (el("canvas", { id: "landscape-canvas", width: "360", height: "360" }));
    this.layer = /** @type {HTMLSelectElement} */ (el("select", { id: "warp-layer" }));
    this.n1 = /** @type {HTMLSelectElement} */ (el("select", { id: "warp-n1" }));
    this.n2 = /** @type {HTMLSelectElement} */ (el("select", { id: "warp-n2" }));
    this.warpCanvas = /** @type {HTMLCanvasElement} */ (el("canvas", { id: "warp-canvas", width: "360", height: "360" }));
    this.warpNone = el("p", { class: "landscape-none", "data-lkey": "landscape.warpNone" });
    this.warpBody = el("div", { class: "landscape-controls" },
      field("landscape.warpLayer", this.layer), field("landscape.n1", this.n1), field("landscape.n2", this.n2));
    this.close = /** @type {HTMLElement} */ (root.querySelector(".landscape-close"));

    root.append(
      el("div", { class: "landscape-views" },
        el("section", { class: "landscape-view" },
          el("h3", { "data-lkey": "landscape.surface" }),
          el("div", { class: "landscape-controls" },
            field("landscape.p1", this.p1), field("landscape.p2", this.p2),
            field("landscape.source", this.source), field("landscape.span", this.span), this.restart),
          this.canvas,
          el("p", { class: "landscape-hint", "data-lkey": "landscape.hint" })),
        el("section", { class: "landscape-view" },
          el("h3", { "data-lkey": "landscape.warp" }),
          this.warpBody, this.warpNone, this.warpCanvas,
          el("p", { class: "landscape-hint", "data-lkey": "landscape.warpHint" }))),
    );

    opener.addEventListener("click", () => (this.isOpen ? this.hide() : this.show()));
    this.close.addEventListener("click", () => this.hide());
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.hide();
    });
    const retrack = () => void this.track().catch((err) => host.onError(messageOf(err)));
    this.p1.addEventListener("change", retrack);
    this.p2.addEventListener("change", retrack);
    this.restart.addEventListener("click", retrack);
    this.source.addEventListener("change", () => this.refresh());
    this.span.addEventListener("change", () => this.refresh());
    this.layer.addEventListener("change", () => {
      this.fillNeurons();
      this.refresh();
    });
    this.n1.addEventListener("change", () => this.refresh());
    this.n2.addEventListener("change", () => this.refresh());
    this.relabel();
  }

  show() {
    this.isOpen = true;
    this.root.hidden = false;
    this.opener.setAttribute("aria-expanded", "true");
    void this.track().catch((err) => this.host.onError(messageOf(err)));
    this.root.scrollIntoView({ block: "nearest" });
    /** @type {HTMLElement} */ (this.root.querySelector("h2")).focus();
  }

  hide() {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.root.hidden = true;
    this.opener.setAttribute("aria-expanded", "false");
    this.host.engine.request("track", { params: null }).catch(() => {});
    this.opener.focus();
  }

  /** The two chosen parameters. */
  params() {
    return [unkey(this.p1.value), unkey(this.p2.value)];
  }

  /** Starts a fresh path at the two parameters' current values. */
  async track() {
    if (!this.isOpen || this.p1.value === this.p2.value) return;
    const start = await this.host.engine.request("track", { params: this.params() });
    this.path = [start];
    this.refresh();
  }

  /** @param {Frame & {path?: number[][]}} f */
  onFrame(f) {
    if (f.pointColors) this.colors = f.pointColors;
    if (f.config) this.features = f.config.features;
    if (f.sizes.join() !== this.sizes.join()) {
      this.sizes = f.sizes;
      this.fillParams();
      this.fillLayers();
      if (this.isOpen) void this.track().catch((err) => this.host.onError(messageOf(err)));
    }
    if (!this.isOpen) return;
    if (f.path && f.path.length > 0) {
      this.path.push(...f.path);
      if (this.path.length > MAX_PATH) this.path.splice(0, this.path.length - MAX_PATH);
    }
    // A reset (or a restored session) starts the path again.
    if (f.state.step < this.lastStep) void this.track().catch(() => {});
    this.lastStep = f.state.step;
    if (!f.state.diverged) this.refresh();
  }

  /** Asks for a new surface and warp (one request at a time, paced while training). */
  refresh() {
    if (!this.isOpen) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.again = false;
    this.compute()
      .catch((err) => this.host.onError(messageOf(err)))
      .finally(() => {
        this.busy = false;
        if (this.again) setTimeout(() => this.refresh(), PAUSE_MS);
      });
  }

  async compute() {
    const engine = this.host.engine;
    if (this.p1.value !== this.p2.value) {
      const [p1, p2] = this.params();
      const span = Number(this.span.value);
      const source = this.source.value;
      const s = await engine.request("surface", { p1, p2, span, res: SURFACE_RES, source });
      this.surface = { values: s.values, res: SURFACE_RES, center: s.center, span };
      drawLandscape(this.canvas, this.surface, this.path);
      const d = this.canvas.dataset;
      d.values = JSON.stringify(Array.from(s.values));
      d.center = JSON.stringify(s.center);
      d.span = String(span);
      d.res = String(SURFACE_RES);
      d.source = source;
      d.p1 = JSON.stringify(p1);
      d.p2 = JSON.stringify(p2);
      d.path = JSON.stringify(this.path);
    }
    if (this.layer.value !== "" && this.n1.value !== this.n2.value) {
      const [layer, n1, n2] = [this.layer.value, this.n1.value, this.n2.value].map(Number);
      const w = await engine.request("warp", { layer, n1, n2, lines: WARP_LINES, samples: WARP_SAMPLES });
      const drawn = drawWarp(this.warpCanvas, { ...w, lines: WARP_LINES, samples: WARP_SAMPLES }, this.colors);
      const d = this.warpCanvas.dataset;
      d.points = JSON.stringify(drawn);
      d.layer = String(layer);
      d.n1 = String(n1);
      d.n2 = String(n2);
    }
  }

  /** A layer's name: hidden layers count from 1, the last is the output. @param {number} l weight layer */
  layerName(l) {
    return l + 1 === this.sizes.length - 1 ? t("landscape.outputLayer") : t("landscape.layerName", { n: l + 1 });
  }

  /** Every weight and bias, "layer l, neuron i ← input j" (the choice is kept when it still exists). */
  fillParams() {
    const keep = [this.p1.value, this.p2.value];
    /** @type {string[][]} */
    const options = [];
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      for (let row = 0; row < this.sizes[l + 1]; row++) {
        for (let col = 0; col <= this.sizes[l]; col++) {
          const from = col === this.sizes[l] ? t("landscape.bias")
            : l === 0 ? this.features[col] ?? `x${col + 1}` : t("landscape.neuron", { n: col + 1 });
          options.push([key({ layer: l, row, col }), t("landscape.param", { layer: this.layerName(l), neuron: row + 1, from })]);
        }
      }
    }
    for (const [i, select] of [this.p1, this.p2].entries()) {
      select.replaceChildren(...options.map(([v, label]) => el("option", { value: v }, label)));
      const fallback = options[Math.min(i, options.length - 1)]?.[0] ?? "";
      select.value = options.some(([v]) => v === keep[i]) ? keep[i] : fallback;
    }
  }

  /** The hidden layers with at least two neurons. */
  fillLayers() {
    const keep = this.layer.value;
    const layers = this.sizes.slice(1, -1).map((n, h) => [h, n]).filter(([, n]) => n >= 2);
    this.layer.replaceChildren(...layers.map(([h]) => el("option", { value: String(h) }, t("landscape.layerName", { n: h + 1 }))));
    if (layers.some(([h]) => String(h) === keep)) this.layer.value = keep;
    const none = layers.length === 0;
    this.warpNone.hidden = !none;
    this.warpBody.hidden = none;
    this.warpCanvas.hidden = none;
    this.fillNeurons();
  }

  fillNeurons() {
    const width = this.sizes[Number(this.layer.value) + 1] ?? 0;
    for (const [i, select] of [this.n1, this.n2].entries()) {
      const keep = select.value;
      select.replaceChildren(...Array.from({ length: width }, (_, n) => el("option", { value: String(n) }, t("landscape.neuron", { n: n + 1 }))));
      select.value = Number(keep) < width && keep !== "" ? keep : String(Math.min(i, width - 1));
    }
    if (this.n1.value === this.n2.value && width >= 2) this.n2.value = this.n1.value === "0" ? "1" : "0";
  }

  /** Writes every word again in the current language. */
  relabel() {
    for (const e of this.root.querySelectorAll("[data-lkey]")) e.textContent = t(/** @type {string} */ (/** @type {HTMLElement} */ (e).dataset.lkey));
    if (this.sizes.length > 0) {
      this.fillParams();
      this.fillLayers();
    }
  }
}
