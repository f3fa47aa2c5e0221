// @ts-check
// The network diagram: a column of feature toggles (each with its picture),
// one column per hidden layer (each neuron a thumbnail of its output over the
// input plane, with +/- buttons), the output node(s), and SVG links coloured
// by the weight's sign and sized by its magnitude. Hovering a link shows its
// weight, clicking edits it (weight-editor.js); hovering a neuron shows it on
// the big canvas. The links themselves are drawn by diagram-links.js.

import { el, placeInside } from "./dom.js";
import { t, tn } from "./i18n.js";
import { WeightEditor } from "./weight-editor.js";
import { colorLinks, drawLinks } from "./diagram-links.js";
import { drawOverlay } from "./diagram-overlay.js";
import { ThumbSheet } from "./diagram-thumbs.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** How a feature is written ("feature.<name>" in www/locales, else its engine name). @param {string} name */
export function featureLabel(name) {
  const key = `feature.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

/**
 * @typedef {object} DiagramHandlers
 * @property {(features: string[]) => void} features
 * @property {(hidden: number[]) => void} hidden
 * @property {(layer: number, row: number, col: number, value: number) => void} weight
 * @property {(layer: number, row: number, value: number) => void} bias
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
   * @param {HTMLElement} root @param {DiagramHandlers} on
   * @param {{features: string[], maxWidth: number}} engine the engine's features (in its order) and widest layer
   */
  constructor(root, on, engine) {
    this.root = root;
    this.on = on;
    /** The engine's features, in its order (their pictures come in this order). */
    this.featureNames = engine.features;
    this.maxWidth = engine.maxWidth;
    this.svg = document.createElementNS(SVG_NS, "svg");
    this.svg.classList.add("links");
    this.columns = document.createElement("div");
    this.columns.className = "columns";
    // The pictures that change every frame go into one canvas under the columns (diagram-thumbs.js).
    this.sheet = new ThumbSheet(root, this.columns);
    root.replaceChildren(this.svg, this.sheet.canvas, this.columns);
    this.tooltip = /** @type {HTMLElement} */ (document.getElementById("tooltip"));
    this.key = "";
    /** @type {string[]} */
    this.features = [];
    /** @type {number[]} */
    this.hidden = [];
    /** @type {string} */
    this.problem = "classification";
    this.outputs = 1;
    /** @type {HTMLElement[]} hidden-neuron thumbnail boxes (drawn by the sheet), neuron-major */
    this.thumbs = [];
    /** @type {HTMLElement | null} */
    this.outputThumb = null;
    /** @type {SVGPathElement[][][]} links[layer][row][col] */
    this.links = [];
    /** @type {{layers: {weights: number[][], biases: number[]}[]} | null} */
    this.model = null;
    /** @type {{neg: number[], pos: number[]}} */
    this.linkColors = { neg: [245, 147, 34], pos: [8, 119, 189] };
    /** @type {number[][]} */
    this.classColors = [];
    this.editor = new WeightEditor({
      weightOf: (link) => this.weightOf(link),
      linkFrom: (link) => this.linkFrom(link),
      linkTo: (link) => this.linkTo(link),
      inputsOf: (link) => this.model?.layers[link.layer]?.weights[link.row]?.length ?? 0,
      set: (layer, row, col, value) => (col === this.model?.layers[layer]?.weights[row]?.length ? this.on.bias(layer, row, value) : this.on.weight(layer, row, col, value)),
    });
    this.layoutQueued = false;
    /** @type {{layer: number, index: number} | null} the neuron the step-by-step view marks */
    this.marked = null;
    this.overlay = /** @type {import("./diagram-overlay.js").Overlay | null} */ (null);
    new ResizeObserver(() => this.queueLayout()).observe(root);
    this.attachLinkEvents();
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
    this.editor.relabel();
  }

  build() {
    /** The head of a column: a title (or buttons) and a subtitle. @param {...(Node | string)} parts */
    const columnHead = (...parts) => el("div", { class: "col-head" }, ...parts);
    /** An empty thumbnail canvas. */
    const thumb = () => /** @type {HTMLCanvasElement} */ (el("canvas", { class: "thumb" }));
    /** An empty box the sheet draws a picture into. */
    const sheetBox = () => el("div", { class: "thumb sheet" });

    // Features.
    const fnodes = el("div", { class: "nodes" });
    this.featureNames.forEach((name, fi) => {
      const label = featureLabel(name);
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
        const next = this.featureNames.filter((n) => (n === name ? !on : this.features.includes(n)));
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
        button.disabled = delta < 0 ? width <= 1 : width >= this.maxWidth;
        button.addEventListener("click", () => this.on.hidden(this.hidden.map((w, i) => (i === layer ? w + delta : w))));
        return button;
      };
      const nodes = el("div", { class: "nodes" });
      for (let i = 0; i < width; i++) {
        const c = sheetBox();
        const at = this.thumbs.length;
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
        const show = () => this.on.hoverNeuron(this.sheet.hoverOn(at), `${hiddenName(layer, i)}${this.biasText(layer, i)}`);
        const hide = () => {
          this.sheet.hoverOn(-1);
          this.on.hoverNeuron(null, "");
        };
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
        const c = sheetBox();
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
    this.sheet.setBoxes(this.thumbs, this.outputThumb);
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
    this.links = drawLinks(this.root, this.columns, this.svg, this.features);
    this.sheet.layout();
    if (this.model) this.setModel(this.model);
  }

  /**
   * Updates link colours/widths from the weights.
   * @param {{layers: {weights: number[][], biases: number[]}[]}} model
   */
  setModel(model) {
    this.model = model;
    colorLinks(this.links, model, this.linkColors);
    drawOverlay(this.root, this.columns, this.links, this.overlay, this.linkColors, this.hidden.length);
  }
  /** Shows δ, gradients or a marked weight over the diagram (null: none). @param {import("./diagram-overlay.js").Overlay | null} overlay */
  setOverlay(overlay) {
    this.overlay = overlay;
    if (this.model) this.setModel(this.model);
  }

  /**
   * Draws the neuron thumbnails (RGBA, neuron-major) and the output thumbnail.
   * @param {Uint8ClampedArray<ArrayBuffer>} rgba @param {number} res @param {HTMLCanvasElement | null} boundary
   */
  setPixels(rgba, res, boundary) {
    this.sheet.setPixels(rgba, res, boundary);
  }

  /** Where a link comes from. @param {{layer: number, row: number, col: number}} link */
  linkFrom(link) {
    return link.layer === 0
      ? (this.features[link.col] !== undefined ? featureLabel(this.features[link.col]) : t("diagram.input", { n: link.col + 1 }))
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
    const L = this.model?.layers[link.layer];
    return link.col === L?.weights[link.row]?.length ? L.biases[link.row] : L?.weights[link.row]?.[link.col];
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
      placeInside(this.tooltip, e.pageX + 12, e.pageY + 12);
    });
    this.svg.addEventListener("pointerleave", () => (this.tooltip.hidden = true));
    this.svg.addEventListener("click", (e) => {
      const link = linkOf(e);
      if (!link) return;
      this.tooltip.hidden = true;
      this.editor.open(link, e.pageX, e.pageY, null);
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
    this.editor.open({ layer, row, col: 0 }, r.left + window.scrollX, r.bottom + window.scrollY, node);
  }
}
