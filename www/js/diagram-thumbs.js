// @ts-check
// The diagram's per-frame pictures (each hidden neuron's thumbnail and the
// output's) drawn into ONE canvas laid under the diagram's columns, in the
// box of each neuron's placeholder, so a frame repaints one canvas instead of
// one per neuron (each canvas is its own compositing layer, and committing
// dozens of them was most of a frame's main-thread time). It also keeps the
// hovered neuron's picture in a detached canvas for the big plot.

/** Tallest strip of the atlas, in pixels (well under the browser's limit on a canvas side). */
const STRIP = 8192;

export class ThumbSheet {
  /** @param {HTMLElement} root the scrolling diagram @param {HTMLElement} columns its columns (laid over the sheet) */
  constructor(root, columns) {
    this.root = root;
    this.columns = columns;
    this.canvas = /** @type {HTMLCanvasElement} */ (document.createElement("canvas"));
    this.canvas.className = "thumb-sheet";
    this.canvas.setAttribute("aria-hidden", "true");
    this.ctx = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext("2d"));
    /** Every neuron's picture as drawn by the engine, neuron-major in strips: one putImageData per strip. */
    this.atlas = /** @type {HTMLCanvasElement} */ (document.createElement("canvas"));
    this.atlasCtx = /** @type {CanvasRenderingContext2D} */ (this.atlas.getContext("2d"));
    /** The hovered neuron's picture, full resolution, for the big plot. */
    this.hover = /** @type {HTMLCanvasElement} */ (document.createElement("canvas"));
    /** Which hidden neuron `hover` shows (-1: none). */
    this.hovered = -1;
    /** The placeholders: hidden neurons (neuron-major), then the output's (if any). @type {HTMLElement[]} */
    this.boxes = [];
    /** @type {HTMLElement | null} */
    this.outputBox = null;
    /** Each placeholder's inside (past its border), in sheet CSS pixels. @type {{x: number, y: number, w: number, h: number}[]} */
    this.rects = [];
    /** @type {{x: number, y: number, w: number, h: number} | null} */
    this.outputRect = null;
    this.res = 0;
    /** How many neurons the atlas holds now. */
    this.count = 0;
    /** @type {CanvasImageSource | null} the last output picture */
    this.boundary = null;
    this.empty = "#eee";
    this.scale = 1;
    this.radius = 0;
    window.addEventListener("nnplay-theme", () => this.layout());
  }

  /**
   * Takes the (rebuilt) columns' placeholders.
   * @param {HTMLElement[]} hidden the hidden neurons' placeholders, neuron-major @param {HTMLElement | null} output the output's
   */
  setBoxes(hidden, output) {
    this.boxes = hidden;
    this.outputBox = output;
    this.count = 0;
    this.hovered = -1;
  }

  /** Places and sizes the sheet over the columns and finds each box again (after a rebuild or a resize). */
  layout() {
    const w = this.columns.scrollWidth;
    const h = this.columns.scrollHeight;
    const scale = window.devicePixelRatio || 1;
    this.scale = scale;
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.canvas.width = Math.max(1, Math.round(w * scale));
    this.canvas.height = Math.max(1, Math.round(h * scale));
    const box = this.root.getBoundingClientRect();
    const dx = this.root.scrollLeft - box.left;
    const dy = this.root.scrollTop - box.top;
    /** @param {HTMLElement} el */
    // Snapped to device pixels, as the browser places a canvas element: a picture half a pixel
    // off would be resampled (and look shifted) rather than copied.
    const snap = (/** @type {number} */ v) => Math.round(v * scale) / scale;
    const inside = (el) => {
      const r = el.getBoundingClientRect();
      const x = snap(r.left + dx + el.clientLeft);
      const y = snap(r.top + dy + el.clientTop);
      return { x, y, w: snap(x + el.clientWidth) - x, h: snap(y + el.clientHeight) - y };
    };
    this.rects = this.boxes.map(inside);
    this.outputRect = this.outputBox ? inside(this.outputBox) : null;
    // The pictures are clipped to the inside of each box's rounded border.
    const first = this.boxes[0] ?? this.outputBox;
    this.radius = first ? Math.max(0, parseFloat(getComputedStyle(first).borderTopLeftRadius) - first.clientTop) || 0 : 0;
    this.empty = getComputedStyle(this.root).getPropertyValue("--panel-2").trim() || "#eee";
    this.paint();
  }

  /**
   * A frame's pictures: every hidden neuron's (RGBA, neuron-major, `res` a side) and the output's.
   * @param {Uint8ClampedArray<ArrayBuffer>} rgba @param {number} res @param {CanvasImageSource | null} boundary
   */
  setPixels(rgba, res, boundary) {
    const n = res * res * 4;
    const count = Math.min(this.boxes.length, Math.floor(rgba.length / Math.max(1, n)));
    if (count > 0) {
      const perStrip = Math.max(1, Math.floor(STRIP / res));
      const strips = Math.ceil(count / perStrip);
      const aw = strips * res;
      const ah = Math.min(count, perStrip) * res;
      if (this.atlas.width !== aw || this.atlas.height !== ah) {
        this.atlas.width = aw;
        this.atlas.height = ah;
      }
      for (let s = 0; s < strips; s++) {
        const first = s * perStrip;
        const k = Math.min(perStrip, count - first);
        this.atlasCtx.putImageData(new ImageData(rgba.subarray(first * n, (first + k) * n), res, res * k), s * res, 0);
      }
    }
    this.res = res;
    this.count = count;
    if (boundary) this.boundary = boundary;
    this.paint();
    this.paintHover();
  }

  /** Where neuron i lies in the atlas. @param {number} i @returns {[number, number]} */
  source(i) {
    const perStrip = Math.max(1, Math.floor(STRIP / this.res));
    return [Math.floor(i / perStrip) * this.res, (i % perStrip) * this.res];
  }

  /** Draws every box: its picture, or the empty colour before the first frame. */
  paint() {
    const { ctx, res } = this;
    ctx.setTransform(this.scale, 0, 0, this.scale, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "low";
    ctx.fillStyle = this.empty;
    /** @param {{x: number, y: number, w: number, h: number}} r @param {() => void} draw */
    const clipped = (r, draw) => {
      ctx.save();
      ctx.beginPath();
      ctx.roundRect(r.x, r.y, r.w, r.h, this.radius);
      ctx.clip();
      draw();
      ctx.restore();
    };
    this.rects.forEach((r, i) => {
      if (i < this.count) {
        const [sx, sy] = this.source(i);
        clipped(r, () => ctx.drawImage(this.atlas, sx, sy, res, res, r.x, r.y, r.w, r.h));
      } else clipped(r, () => ctx.fillRect(r.x, r.y, r.w, r.h));
    });
    const o = this.outputRect;
    const boundary = this.boundary;
    if (o) clipped(o, () => (boundary ? ctx.drawImage(boundary, o.x, o.y, o.w, o.h) : ctx.fillRect(o.x, o.y, o.w, o.h)));
  }

  /** Shows hidden neuron i (-1: none) in the hover canvas; returns it. @param {number} i */
  hoverOn(i) {
    this.hovered = i;
    this.paintHover();
    return this.hover;
  }

  paintHover() {
    const i = this.hovered;
    if (i < 0 || i >= this.count) return;
    if (this.hover.width !== this.res) this.hover.width = this.hover.height = this.res;
    const [sx, sy] = this.source(i);
    const ctx = /** @type {CanvasRenderingContext2D} */ (this.hover.getContext("2d"));
    ctx.clearRect(0, 0, this.res, this.res);
    ctx.drawImage(this.atlas, sx, sy, this.res, this.res, 0, 0, this.res, this.res);
  }
}
