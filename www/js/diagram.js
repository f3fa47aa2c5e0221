// @ts-check
// The network diagram: a column of feature toggles (each with its picture),
// one column per hidden layer (each neuron a thumbnail of its output over the
// input plane, with +/- buttons), the output node(s), and SVG links coloured
// by the weight's sign and sized by its magnitude. Hovering a link shows its
// weight, clicking edits it; hovering a neuron shows it on the big canvas.

import { el } from "./dom.js";
import { t, tn } from "./i18n.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Engine feature names in engine order, with how they are written. */
export const FEATURES = [
  ["x1", "X₁"], ["x2", "X₂"], ["x1Squared", "X₁²"], ["x2Squared", "X₂²"], ["x1x2", "X₁X₂"],
  ["sinX1", "sin(X₁)"], ["sinX2", "sin(X₂)"], ["cosX1", "cos(X₁)"], ["cosX2", "cos(X₂)"],
];

export const MAX_LAYERS = 8;
export const MAX_NEURONS = 16;

/**
 * @typedef {object} DiagramHandlers
 * @property {(features: string[]) => void} features
 * @property {(hidden: number[]) => void} hidden
 * @property {(layer: number, row: number, col: number, value: number) => void} weight
 * @property {(neuron: HTMLCanvasElement | null, caption: string) => void} hoverNeuron
 */

/** @param {number[]} rgba */
const css = (rgba) => `rgb(${rgba[0]},${rgba[1]},${rgba[2]})`;

/** @param {number} layer @param {number} index */
const neuronName = (layer, index) => t("diagram.neuron", { layer: layer + 1, index: index + 1 });

/** @param {number} layer @param {number} index */
const hiddenName = (layer, index) => t("diagram.hiddenNeuron", { layer: layer + 1, index: index + 1 });

export class Diagram {
  /**
   * @param {HTMLElement} root
   * @param {DiagramHandlers} on
   */
  constructor(root, on) {
    this.root = root;
    this.on = on;
    this.svg = document.createElementNS(SVG_NS, "svg");
    this.svg.classList.add("links");
    this.columns = document.createElement("div");
    this.columns.className = "columns";
    root.replaceChildren(this.svg, this.columns);
    this.tooltip = /** @type {HTMLElement} */ (document.getElementById("tooltip"));
    this.editor = /** @type {HTMLFormElement} */ (document.getElementById("weight-editor"));
    this.key = "";
    /** @type {string[]} */
    this.features = [];
    /** @type {number[]} */
    this.hidden = [];
    /** @type {string} */
    this.problem = "classification";
    this.outputs = 1;
    /** @type {HTMLCanvasElement[]} hidden-neuron thumbnails, neuron-major */
    this.thumbs = [];
    /** @type {HTMLCanvasElement | null} */
    this.outputThumb = null;
    /** @type {SVGPathElement[][][]} links[layer][row][col] */
    this.links = [];
    /** @type {{layers: {weights: number[][], biases: number[]}[]} | null} */
    this.model = null;
    /** @type {{neg: number[], pos: number[]}} */
    this.linkColors = { neg: [245, 147, 34], pos: [8, 119, 189] };
    /** @type {number[][]} */
    this.classColors = [];
    /** @type {{layer: number, row: number, col: number} | null} */
    this.editing = null;
    /** @type {HTMLElement | null} where focus goes back after editing */
    this.returnFocus = null;
    this.layoutQueued = false;
    /** @type {{layer: number, index: number} | null} the neuron the step-by-step view marks */
    this.marked = null;
    new ResizeObserver(() => this.queueLayout()).observe(root);
    this.attachLinkEvents();
    this.attachEditor();
  }

  /** @param {{neg: number[], pos: number[]}} colors */
  setLinkColors(colors) {
    this.linkColors = colors;
  }

  /**
   * Sets the feature pictures (RGBA, 9 of them, feature-major).
   * @param {Uint8ClampedArray<ArrayBuffer>} rgba @param {number} res
   */
  setFeaturePixels(rgba, res) {
    this.featurePixels = { rgba, res };
  }

  /**
   * Rebuilds the columns when the architecture changed.
   * @param {{features: string[], hidden: number[], problem: string, classes: number}} cfg
   * @param {number[][]} classColors
   */
  setArchitecture(cfg, classColors) {
    const outputs = cfg.problem === "multiclass" ? cfg.classes : 1;
    const key = JSON.stringify([cfg.features, cfg.hidden, cfg.problem, outputs, classColors]);
    if (key === this.key) return;
    this.key = key;
    this.features = [...cfg.features];
    this.hidden = [...cfg.hidden];
    this.problem = cfg.problem;
    this.outputs = outputs;
    this.classColors = classColors;
    this.build();
  }

  /** Rebuilds the columns so their strings follow the active language. */
  relabel() {
    if (this.key) this.build();
    if (this.editing) {
      const link = this.editing;
      /** @type {HTMLElement} */ (document.getElementById("weight-name")).textContent = t("editor.linkInto", { name: this.linkTo(link) });
      const picker = /** @type {HTMLSelectElement} */ (document.getElementById("weight-link"));
      for (const opt of picker.options) opt.textContent = t("editor.from", { name: this.linkFrom({ ...link, col: Number(opt.value) }) });
    }
  }

  build() {
    /** The head of a column: a title (or buttons) and a subtitle. @param {...(Node | string)} parts */
    const columnHead = (...parts) => el("div", { class: "col-head" }, ...parts);
    /** An empty thumbnail canvas. */
    const thumb = () => /** @type {HTMLCanvasElement} */ (el("canvas", { class: "thumb" }));

    // Features.
    const fnodes = el("div", { class: "nodes" });
    FEATURES.forEach(([name, label], fi) => {
      const on = this.features.includes(name);
      const c = thumb();
      if (this.featurePixels) {
        const { rgba, res } = this.featurePixels;
        c.width = c.height = res;
        const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d"));
        ctx.putImageData(new ImageData(rgba.slice(fi * res * res * 4, (fi + 1) * res * res * 4), res, res), 0, 0);
      }
      const b = el(
        "button",
        {
          type: "button",
          class: `node feature${on ? " on" : ""}`,
          "data-feature": name,
          "aria-pressed": String(on),
          "aria-label": t(on ? "diagram.feature.on" : "diagram.feature.off", { name: label }),
          title: t(on ? "diagram.feature.turnOff" : "diagram.feature.turnOn", { name: label }),
        },
        el("span", { class: "node-label" }, label),
        c,
      );
      b.addEventListener("click", () => {
        const next = FEATURES.map(([n]) => n).filter((n) => (n === name ? !on : this.features.includes(n)));
        if (next.length === 0) return; // at least one input
        this.on.features(next);
      });
      b.addEventListener("pointerenter", () => this.on.hoverNeuron(c, t("diagram.feature", { name: label })));
      b.addEventListener("pointerleave", () => this.on.hoverNeuron(null, ""));
      fnodes.append(b);
    });
    const cols = [
      el(
        "div",
        { class: "col col-features" },
        columnHead(
          el("span", { class: "col-title" }, t("diagram.features")),
          el("span", { class: "col-sub" }, t("diagram.features.sub")),
        ),
        fnodes,
      ),
    ];

    // Hidden layers.
    this.thumbs = [];
    this.hidden.forEach((width, layer) => {
      /** A +/- button that changes this layer's width by `delta`. @param {string} text @param {string} label @param {number} delta */
      const widthButton = (text, label, delta) => {
        const button = /** @type {HTMLButtonElement} */ (
          el("button", { type: "button", class: "round-button small", "aria-label": label }, text)
        );
        button.disabled = delta < 0 ? width <= 1 : width >= MAX_NEURONS;
        button.addEventListener("click", () => this.on.hidden(this.hidden.map((w, i) => (i === layer ? w + delta : w))));
        return button;
      };
      const nodes = el("div", { class: "nodes" });
      for (let i = 0; i < width; i++) {
        const c = thumb();
        const node = el(
          "div",
          {
            class: "node neuron",
            tabindex: "0",
            "data-layer": String(layer),
            "data-index": String(i),
            role: "img",
            "aria-label": hiddenName(layer, i),
          },
          c,
        );
        const show = () => this.on.hoverNeuron(c, `${hiddenName(layer, i)}${this.biasText(layer, i)}`);
        const hide = () => this.on.hoverNeuron(null, "");
        node.addEventListener("pointerenter", show);
        node.addEventListener("pointerleave", hide);
        node.addEventListener("focus", show);
        node.addEventListener("blur", hide);
        node.addEventListener("keydown", (e) => this.keyEdit(e, node, layer, i));
        nodes.append(node);
        this.thumbs.push(c);
      }
      cols.push(
        el(
          "div",
          { class: "col col-hidden", "data-layer": String(layer) },
          columnHead(
            el(
              "div",
              { class: "pm" },
              widthButton("−", t("diagram.removeNeuron", { layer: layer + 1 }), -1),
              widthButton("+", t("diagram.addNeuron", { layer: layer + 1 }), +1),
            ),
            el("span", { class: "col-sub" }, tn("diagram.neurons", width)),
          ),
          nodes,
        ),
      );
    });

    // Output.
    const onodes = el("div", { class: "nodes" });
    this.outputThumb = null;
    for (let k = 0; k < this.outputs; k++) {
      const node = el("div", { class: "node out", "data-index": String(k), tabindex: "0", role: "img" });
      node.addEventListener("keydown", (e) => this.keyEdit(e, node, this.hidden.length, k));
      if (this.outputs === 1) {
        const c = thumb();
        c.width = c.height = 64;
        node.append(c);
        this.outputThumb = c;
        node.setAttribute("aria-label", t("diagram.outputNeuron"));
      } else {
        node.classList.add("class-node");
        const color = this.classColors[k];
        if (color) node.style.background = css(color);
        node.textContent = String(k + 1);
        node.setAttribute("aria-label", t("diagram.outputClass", { k: k + 1 }));
      }
      onodes.append(node);
    }
    cols.push(
      el("div", { class: "col col-output" }, columnHead(el("span", { class: "col-title" }, t("diagram.output"))), onodes),
    );

    this.columns.replaceChildren(...cols);
    if (this.marked) this.highlight(this.marked.layer, this.marked.index);
    // Big networks get smaller thumbnails so more of them fit.
    const widest = Math.max(0, ...this.hidden);
    this.root.classList.toggle("dense", this.hidden.length >= 5 || widest >= 10);
    this.layout();
  }

  /**
   * Marks one neuron (for the step-by-step view); layer counts after the
   * inputs, so the output layer is hidden.length. A negative layer clears.
   * @param {number} layer @param {number} index
   */
  highlight(layer, index) {
    this.marked = { layer, index };
    for (const n of this.columns.querySelectorAll(".teach-on")) n.classList.remove("teach-on");
    if (layer < 0) return;
    const node = layer === this.hidden.length
      ? this.columns.querySelector(`.node.out[data-index="${index}"]`)
      : this.columns.querySelector(`.node.neuron[data-layer="${layer}"][data-index="${index}"]`);
    node?.classList.add("teach-on");
  }

  /** @param {number} layer @param {number} i */
  biasText(layer, i) {
    const b = this.model?.layers[layer]?.biases[i];
    return b === undefined || !Number.isFinite(b) ? "" : ` · ${t("diagram.bias", { value: b.toFixed(3) })}`;
  }

  queueLayout() {
    if (this.layoutQueued) return;
    this.layoutQueued = true;
    requestAnimationFrame(() => {
      this.layoutQueued = false;
      this.layout();
    });
  }

  /** Creates the link paths between node centres (after a rebuild or a resize). */
  layout() {
    const box = this.root.getBoundingClientRect();
    const w = this.columns.scrollWidth;
    const h = this.columns.scrollHeight;
    this.svg.setAttribute("width", String(w));
    this.svg.setAttribute("height", String(h));
    this.svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const scrollX = this.root.scrollLeft;
    const scrollY = this.root.scrollTop;
    /** @param {Element} el */
    const anchors = (el) => {
      const r = el.getBoundingClientRect();
      const y = r.top - box.top + scrollY + r.height / 2;
      return { left: r.left - box.left + scrollX, right: r.right - box.left + scrollX, y };
    };
    const cols = [...this.columns.querySelectorAll(".col")];
    if (cols.length === 0) return;
    const sources = [...cols[0].querySelectorAll(".feature")]
      .filter((el) => this.features.includes(/** @type {HTMLElement} */ (el).dataset.feature ?? ""))
      .map(anchors);
    const layers = [sources];
    for (let c = 1; c < cols.length; c++) {
      layers.push([...cols[c].querySelectorAll(".node")].map(anchors));
    }
    const visible = document.createDocumentFragment();
    const hits = document.createDocumentFragment();
    this.links = [];
    for (let l = 0; l + 1 < layers.length; l++) {
      /** @type {SVGPathElement[][]} */
      const rows = [];
      layers[l + 1].forEach((to, row) => {
        /** @type {SVGPathElement[]} */
        const paths = [];
        layers[l].forEach((from, col) => {
          const x0 = from.right;
          const x1 = to.left;
          const mx = (x0 + x1) / 2;
          const d = `M${x0},${from.y} C${mx},${from.y} ${mx},${to.y} ${x1},${to.y}`;
          const p = document.createElementNS(SVG_NS, "path");
          p.setAttribute("d", d);
          p.setAttribute("class", "link");
          visible.append(p);
          const hit = document.createElementNS(SVG_NS, "path");
          hit.setAttribute("d", d);
          hit.setAttribute("class", "link-hit");
          hit.dataset.layer = String(l);
          hit.dataset.row = String(row);
          hit.dataset.col = String(col);
          hits.append(hit);
          paths.push(p);
        });
        rows.push(paths);
      });
      this.links.push(rows);
    }
    this.svg.replaceChildren(visible, hits);
    if (this.model) this.setModel(this.model);
  }

  /**
   * Updates link colours/widths from the weights.
   * @param {{layers: {weights: number[][], biases: number[]}[]}} model
   */
  setModel(model) {
    this.model = model;
    const pos = css(this.linkColors.pos);
    const neg = css(this.linkColors.neg);
    for (let l = 0; l < this.links.length; l++) {
      const W = model.layers[l]?.weights;
      if (!W) continue;
      const rows = this.links[l];
      for (let r = 0; r < rows.length; r++) {
        const paths = rows[r];
        const wr = W[r];
        if (!wr) continue;
        for (let c = 0; c < paths.length; c++) {
          const w = wr[c];
          const p = paths[c];
          if (!Number.isFinite(w)) {
            p.setAttribute("stroke", "#888");
            p.setAttribute("stroke-width", "0.5");
            continue;
          }
          const mag = Math.min(Math.abs(w), 4);
          p.setAttribute("stroke", w >= 0 ? pos : neg);
          p.setAttribute("stroke-width", (0.4 + mag * 1.6).toFixed(2));
          p.setAttribute("stroke-opacity", (0.35 + Math.min(mag, 1) * 0.6).toFixed(2));
        }
      }
    }
  }

  /**
   * Draws the neuron thumbnails (RGBA, neuron-major) and the output thumbnail.
   * @param {Uint8ClampedArray<ArrayBuffer>} rgba @param {number} res @param {HTMLCanvasElement | null} boundary
   */
  setPixels(rgba, res, boundary) {
    const n = res * res * 4;
    for (let i = 0; i < this.thumbs.length; i++) {
      const c = this.thumbs[i];
      if ((i + 1) * n > rgba.length) break;
      if (c.width !== res) c.width = c.height = res;
      const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d"));
      ctx.putImageData(new ImageData(rgba.subarray(i * n, (i + 1) * n), res, res), 0, 0);
    }
    if (this.outputThumb && boundary) {
      const ctx = /** @type {CanvasRenderingContext2D} */ (this.outputThumb.getContext("2d"));
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(boundary, 0, 0, this.outputThumb.width, this.outputThumb.height);
    }
  }

  /** Where a link comes from. @param {{layer: number, row: number, col: number}} link */
  linkFrom(link) {
    return link.layer === 0
      ? (FEATURES.find(([n]) => n === this.features[link.col])?.[1] ?? t("diagram.input", { n: link.col + 1 }))
      : neuronName(link.layer - 1, link.col);
  }

  /** Where a link goes. @param {{layer: number, row: number, col: number}} link */
  linkTo(link) {
    return link.layer === this.hidden.length
      ? this.outputs === 1 ? t("diagram.to.output") : t("diagram.to.outputK", { k: link.row + 1 })
      : neuronName(link.layer, link.row);
  }

  /** @param {{layer: number, row: number, col: number}} link */
  describe(link) {
    return `${this.linkFrom(link)} → ${this.linkTo(link)}`;
  }

  /** @param {{layer: number, row: number, col: number}} link */
  weightOf(link) {
    return this.model?.layers[link.layer]?.weights[link.row]?.[link.col];
  }

  attachLinkEvents() {
    /** @param {Event} e */
    const linkOf = (e) => {
      const t = /** @type {SVGElement} */ (e.target);
      if (!t.classList || !t.classList.contains("link-hit")) return null;
      return { layer: Number(t.dataset.layer), row: Number(t.dataset.row), col: Number(t.dataset.col) };
    };
    this.svg.addEventListener("pointermove", (e) => {
      const link = linkOf(e);
      if (!link) {
        this.tooltip.hidden = true;
        return;
      }
      const w = this.weightOf(link);
      this.tooltip.textContent = t("diagram.linkTooltip", { link: this.describe(link), value: w === undefined ? "?" : w.toFixed(4) });
      this.tooltip.hidden = false;
      this.tooltip.style.left = `${e.pageX + 12}px`;
      this.tooltip.style.top = `${e.pageY + 12}px`;
    });
    this.svg.addEventListener("pointerleave", () => (this.tooltip.hidden = true));
    this.svg.addEventListener("click", (e) => {
      const link = linkOf(e);
      if (!link) return;
      this.tooltip.hidden = true;
      this.openEditor(link, e.pageX, e.pageY);
    });
  }

  /**
   * Enter (or Space) on a focused neuron opens the editor for its incoming weights.
   * @param {KeyboardEvent} e @param {HTMLElement} node @param {number} layer @param {number} row
   */
  keyEdit(e, node, layer, row) {
    if (e.key !== "Enter" && e.key !== " ") return;
    e.preventDefault();
    e.stopPropagation();
    const r = node.getBoundingClientRect();
    this.returnFocus = node;
    this.openEditor({ layer, row, col: 0 }, r.left + window.scrollX, r.bottom + window.scrollY);
  }

  /** @param {{layer: number, row: number, col: number}} link */
  showWeight(link) {
    const input = /** @type {HTMLInputElement} */ (document.getElementById("weight-input"));
    const w = this.weightOf(link);
    input.value = w === undefined ? "0" : String(Math.round(w * 1e4) / 1e4);
  }

  /** @param {{layer: number, row: number, col: number}} link @param {number} x @param {number} y */
  openEditor(link, x, y) {
    this.editing = link;
    const input = /** @type {HTMLInputElement} */ (document.getElementById("weight-input"));
    const picker = /** @type {HTMLSelectElement} */ (document.getElementById("weight-link"));
    /** @type {HTMLElement} */ (document.getElementById("weight-name")).textContent = t("editor.linkInto", { name: this.linkTo(link) });
    const inputs = this.model?.layers[link.layer]?.weights[link.row]?.length ?? 0;
    picker.replaceChildren(
      ...Array.from({ length: inputs }, (_, col) => new Option(t("editor.from", { name: this.linkFrom({ ...link, col }) }), String(col))),
    );
    picker.value = String(link.col);
    this.showWeight(link);
    this.editor.hidden = false;
    this.editor.style.left = `${Math.min(x, window.innerWidth - 260)}px`;
    this.editor.style.top = `${y + 8}px`;
    input.focus();
    input.select();
  }

  attachEditor() {
    const input = /** @type {HTMLInputElement} */ (document.getElementById("weight-input"));
    const picker = /** @type {HTMLSelectElement} */ (document.getElementById("weight-link"));
    picker.addEventListener("change", () => {
      if (!this.editing) return;
      this.editing = { ...this.editing, col: Number(picker.value) };
      this.showWeight(this.editing);
    });
    const close = () => {
      this.editor.hidden = true;
      this.editing = null;
      this.returnFocus?.focus();
      this.returnFocus = null;
    };
    this.editor.addEventListener("submit", (e) => {
      e.preventDefault();
      const v = Number(input.value);
      if (this.editing && input.value.trim() !== "" && Number.isFinite(v)) {
        const { layer, row, col } = this.editing;
        this.on.weight(layer, row, col, v);
      }
      close();
    });
    /** @type {HTMLElement} */ (document.getElementById("weight-cancel")).addEventListener("click", close);
    this.editor.addEventListener("keydown", (e) => {
      if (e.key === "Escape") close();
    });
  }
}
