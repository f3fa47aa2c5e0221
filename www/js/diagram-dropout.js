// @ts-check
// Dropout on the diagram: while dropout is on, each hidden neuron is hatched
// and dimmed by the share of the last training step's minibatch points it was
// switched off for (simply on or off with a batch of one, "k/n" on it
// otherwise), and a caption under the diagram says what the marks mean. With
// dropout off, or before the first step, nothing is marked. The marks are
// drawn on a small canvas over each neuron, only where they changed, so a
// frame costs no style or layout work.

import { el } from "./dom.js";
import { lang, t } from "./i18n.js";

/** @typedef {import("./dropout-counts.js").Dropped} Dropped */

/** The marks' canvas side in pixels (drawn over a 30–40 px neuron: sharp on a 2× screen). */
const SIDE = 80;

/** The hatching's strength for a share of the minibatch: faint for one point in many, full for all. @param {number} share */
export const strength = (share) => (share > 0 ? 0.3 + 0.7 * share : 0);

export class DropoutMarks {
  /** @param {HTMLElement} diagram the diagram's root (#diagram): the caption goes right after it */
  constructor(diagram) {
    this.root = diagram;
    this.caption = /** @type {HTMLParagraphElement} */ (el("p", { class: "drop-caption", hidden: "" }));
    diagram.after(this.caption);
    /** The hidden neurons' nodes, layer after layer (found again after the diagram is rebuilt). @type {HTMLElement[]} */
    this.nodes = [];
    /** The marks' canvas over each node. @type {HTMLCanvasElement[]} */
    this.canvases = [];
    /** The count each canvas shows (absent: not drawn). @type {number[]} */
    this.drawn = [];
    this.samples = 0;
    /** What the caption says now. */
    this.captionKey = "";
    this.colors = { wash: "#fff", ink: "#000" };
    /** Each "k/n" mark drawn once, then copied: a frame only clears and copies. @type {Map<string, HTMLCanvasElement>} */
    this.stamps = new Map();
    // A new theme: the marks are drawn again, at once, in its colours.
    window.addEventListener("nnplay-theme", () => {
      if (this.canvases.length === 0) return;
      this.readColors();
      this.drawn.forEach((k, i) => this.draw(this.canvases[i], k, this.samples));
    });
  }

  readColors() {
    const style = getComputedStyle(this.root);
    this.colors = { wash: style.getPropertyValue("--panel").trim() || "#fff", ink: style.getPropertyValue("--text").trim() || "#000" };
    this.stamps.clear();
  }

  /**
   * Marks the neurons the step's minibatch dropped, or clears the marks.
   * @param {Dropped | null | undefined} dropped per hidden neuron, the points it was off for (absent: no masks)
   * @param {number} step the training step that minibatch was (the frame's step counter)
   * @param {number} rate the config's dropout rate
   */
  show(dropped, step, rate) {
    if (!dropped || !(rate > 0)) {
      this.clear();
      return;
    }
    if (this.nodes.length === 0 || !this.nodes[0].isConnected) this.attach();
    const { counts, samples } = dropped;
    if (counts.length !== this.nodes.length) {
      // The diagram is between two architectures: the next frame fits.
      this.clear();
      return;
    }
    if (samples !== this.samples) this.drawn = [];
    this.samples = samples;
    for (let i = 0; i < counts.length; i++) {
      if (this.drawn[i] === counts[i]) continue;
      this.drawn[i] = counts[i];
      this.draw(this.canvases[i], counts[i], samples);
    }
    this.root.dataset.droppedStep = String(step);
    this.root.dataset.droppedSamples = String(samples);
    // The caption says what the marks mean, not this step's numbers: it changes only with the
    // rate, the batch size or the language.
    const key = `${lang()}/${samples}/${rate}`;
    if (key !== this.captionKey) {
      this.captionKey = key;
      const percent = Math.round(rate * 100);
      this.caption.textContent = samples === 1 ? t("diagram.dropped.one", { rate: percent }) : t("diagram.dropped.many", { rate: percent, n: samples });
      this.caption.hidden = false;
    }
  }

  /** Puts a marks canvas over every hidden neuron of the (rebuilt) diagram. */
  attach() {
    for (const c of this.canvases) c.remove();
    this.nodes = /** @type {HTMLElement[]} */ ([...this.root.querySelectorAll(".node.neuron")]);
    this.canvases = this.nodes.map((node) => {
      const c = /** @type {HTMLCanvasElement} */ (el("canvas", { class: "drop-mark", width: String(SIDE), height: String(SIDE), "aria-hidden": "true" }));
      node.append(c);
      return c;
    });
    this.drawn = [];
    this.readColors();
  }

  /** One neuron's marks for k of n points. @param {HTMLCanvasElement} canvas @param {number} k @param {number} n */
  draw(canvas, k, n) {
    canvas.dataset.dropped = String(k);
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.clearRect(0, 0, SIDE, SIDE);
    if (k === 0) return;
    const key = `${k}/${n}`;
    let stamp = this.stamps.get(key);
    if (!stamp) {
      // At most one per count of the batch size: a batch-size change starts afresh.
      if (this.stamps.size > 64) this.stamps.clear();
      stamp = /** @type {HTMLCanvasElement} */ (el("canvas", { width: String(SIDE), height: String(SIDE) }));
      this.paint(/** @type {CanvasRenderingContext2D} */ (stamp.getContext("2d")), k, n);
      this.stamps.set(key, stamp);
    }
    ctx.drawImage(stamp, 0, 0);
  }

  /**
   * The marks for k of n points: a wash that dims the neuron's picture and
   * diagonal hatching, both as strong as the share of points it was off for,
   * and "k/n" when there were several.
   * @param {CanvasRenderingContext2D} ctx @param {number} k @param {number} n
   */
  paint(ctx, k, n) {
    const share = k / n;
    ctx.globalAlpha = 0.6 * share;
    ctx.fillStyle = this.colors.wash;
    ctx.fillRect(0, 0, SIDE, SIDE);
    ctx.globalAlpha = strength(share);
    ctx.strokeStyle = this.colors.ink;
    ctx.lineWidth = SIDE / 24;
    ctx.beginPath();
    for (let d = -SIDE; d < SIDE; d += SIDE / 6) {
      ctx.moveTo(d, SIDE);
      ctx.lineTo(d + SIDE, 0);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    if (n > 1) {
      const text = `${k}/${n}`;
      ctx.font = `600 ${SIDE / 3.6}px system-ui, sans-serif`;
      const w = ctx.measureText(text).width + SIDE / 12;
      const h = SIDE / 3.1;
      ctx.fillStyle = this.colors.wash;
      ctx.fillRect(SIDE - w, SIDE - h, w, h);
      ctx.fillStyle = this.colors.ink;
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      ctx.fillText(text, SIDE - SIDE / 24, SIDE - SIDE / 40);
    }
  }

  /** Takes every mark and the caption away. */
  clear() {
    if (this.canvases.length === 0 && this.caption.hidden) return;
    for (const c of this.canvases) c.remove();
    this.nodes = [];
    this.canvases = [];
    this.drawn = [];
    this.samples = 0;
    delete this.root.dataset.droppedStep;
    delete this.root.dataset.droppedSamples;
    this.captionKey = "";
    this.caption.hidden = true;
    this.caption.textContent = "";
  }
}
