// @ts-check
// The big output canvas: the engine's boundary picture (or a hovered neuron's
// picture), axis ticks, and the data points drawn over it; pointer editing
// of the points is canvas-pointer.js's. Coordinates: the domain is [-6, 6]^2,
// x1 to the right, x2 up.

import { attachPointer } from "./canvas-pointer.js";

/** @typedef {import("./state.js").Point} Point */

export const DOMAIN = 6;
/** Hit radius for picking a point, in CSS pixels (larger for touch). */
const HIT_RADIUS = 9;
const HIT_RADIUS_TOUCH = 16;

/**
 * @typedef {object} EditHandlers
 * @property {(x: number, y: number) => void} add
 * @property {(index: number) => void} remove
 * @property {(index: number) => void} dragStart
 * @property {(index: number, x: number, y: number) => void} drag
 * @property {(index: number) => void} dragEnd
 * @property {() => void} brushStart
 * @property {(x: number, y: number) => void} brush
 * @property {() => void} brushEnd
 * @property {() => "point" | "brush"} tool
 * @property {() => number} brushRadius the brush's radius in domain units
 */

export class OutputCanvas {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {EditHandlers} on
   */
  constructor(canvas, on) {
    this.canvas = canvas;
    this.ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    this.on = on;
    /** The latest boundary picture, at the engine's resolution. */
    this.base = document.createElement("canvas");
    this.base.width = this.base.height = 256;
    this.baseCtx = /** @type {CanvasRenderingContext2D} */ (this.base.getContext("2d"));
    this.hasBase = false;
    /** @type {Point[]} */
    this.points = [];
    /** @type {Uint8ClampedArray} */
    this.colors = new Uint8ClampedArray(0);
    this.showTest = true;
    this.discretize = false;
    /** @type {HTMLCanvasElement | null} a neuron picture shown instead of the output */
    this.overlay = null;
    /** @type {{batch: number[], current: number} | null} points ringed by the step-by-step view */
    this.highlight = null;
    /** @type {{index: number, x: number, y: number} | null} */
    this.dragging = null;
    /** @type {{id: number, index: number, sx: number, sy: number, moved: boolean, timer: number} | null} */
    this.press = null;
    this.brushing = false;
    /** @type {{x: number, y: number} | null} where the pointer is over the plot (the brush's outline follows it) */
    this.hover = null;
    this.drawQueued = false;
    this.cssSize = 0;
    /** The points drawn once into their own layer, copied each frame while they stay as they are. */
    this.pointsLayer = document.createElement("canvas");
    /** @type {unknown[]} what the points layer shows (see drawPointsLayer) */
    this.pointsKey = [];
    /** Keyboard cursor (domain coordinates), shown while the canvas has focus. */
    this.cursor = { x: 0, y: 0 };
    this.focused = false;
    /** True when the focus came from a pointer press (no keyboard cursor, no focus ring). */
    this.pointerFocus = false;
    attachPointer(this);
    this.attachKeyboard();
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.resize();
  }

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    const size = Math.max(1, Math.round(rect.width));
    const dpr = Math.min(3, window.devicePixelRatio || 1);
    const px = Math.round(size * dpr);
    if (this.canvas.width !== px) {
      this.canvas.width = px;
      this.canvas.height = px;
    }
    this.cssSize = size;
    this.requestDraw();
  }

  /** @param {Uint8ClampedArray<ArrayBuffer>} rgba @param {number} res */
  setBoundary(rgba, res) {
    if (this.base.width !== res) this.base.width = this.base.height = res;
    this.baseCtx.putImageData(new ImageData(rgba, res, res), 0, 0);
    this.hasBase = true;
  }

  /** @param {Point[]} points @param {Uint8ClampedArray} colors */
  setPoints(points, colors) {
    this.points = points;
    this.colors = colors;
    // A point being dragged stays under the pointer, whatever the engine last said.
  }

  requestDraw() {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      this.draw();
    });
  }

  /** Domain -> canvas pixels. @param {number} x @param {number} y */
  toPixel(x, y) {
    const w = this.canvas.width;
    return [((x + DOMAIN) / (2 * DOMAIN)) * w, ((DOMAIN - y) / (2 * DOMAIN)) * w];
  }

  /** Client (CSS) coordinates -> domain, clamped. @param {number} cx @param {number} cy */
  toDomain(cx, cy) {
    const r = this.canvas.getBoundingClientRect();
    const fx = (cx - r.left) / r.width;
    const fy = (cy - r.top) / r.height;
    const clamp = (/** @type {number} */ v) => Math.max(-DOMAIN, Math.min(DOMAIN, v));
    return [clamp(-DOMAIN + fx * 2 * DOMAIN), clamp(DOMAIN - fy * 2 * DOMAIN)];
  }

  draw() {
    const { ctx, canvas } = this;
    const w = canvas.width;
    ctx.clearRect(0, 0, w, w);
    if (this.overlay) {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(this.overlay, 0, 0, w, w);
    } else if (this.hasBase) {
      ctx.imageSmoothingEnabled = !this.discretize;
      // "low" (bilinear): on this upscale Chromium's "high" differs by at most 2 of 255 per
      // channel, yet costs a few times more to rasterise, in every frame's commit.
      ctx.imageSmoothingQuality = "low";
      ctx.drawImage(this.base, 0, 0, w, w);
    }
    this.drawPointsLayer();
    if (this.highlight) this.drawHighlight(this.highlight);
    this.drawBrush();
    // The cursor is for keyboard users only (focus-visible), not after a click.
    if (this.focused && !this.pointerFocus && this.canvas.matches(":focus-visible")) this.drawCursor();
  }

  /**
   * Rings the minibatch's points, and the current sample with a larger ring and
   * a cross (dark and light strokes, visible on any background).
   * @param {{batch: number[], current: number}} h
   */
  drawHighlight(h) {
    const { ctx } = this;
    const dpr = this.canvas.width / Math.max(1, this.cssSize);
    /** @param {number} i @param {number} radius @param {number} width */
    const ring = (i, radius, width) => {
      const p = this.points[i];
      if (!p) return;
      const [px, py] = this.toPixel(p.x, p.y);
      for (const [color, w] of [["rgba(255,255,255,0.95)", width + 2], ["rgba(15,20,30,0.95)", width]]) {
        ctx.strokeStyle = /** @type {string} */ (color);
        ctx.lineWidth = /** @type {number} */ (w) * dpr;
        ctx.beginPath();
        ctx.arc(px, py, radius * dpr, 0, Math.PI * 2);
        ctx.stroke();
      }
    };
    for (const i of h.batch) if (i !== h.current) ring(i, 7, 1.5);
    ring(h.current, 12, 2.5);
    const p = this.points[h.current];
    if (p) {
      const [px, py] = this.toPixel(p.x, p.y);
      ctx.strokeStyle = "rgba(15,20,30,0.95)";
      ctx.lineWidth = 2 * dpr;
      ctx.beginPath();
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
        ctx.moveTo(px + dx * 13 * dpr, py + dy * 13 * dpr);
        ctx.lineTo(px + dx * 19 * dpr, py + dy * 19 * dpr);
      }
      ctx.stroke();
    }
  }

  /** The brush's outline where it would paint (its size on the plot); the radius in CSS px goes to `data-brush`. */
  drawBrush() {
    if (!this.hover || this.on.tool() !== "brush") {
      delete this.canvas.dataset.brush;
      return;
    }
    const { ctx } = this;
    const dpr = this.canvas.width / Math.max(1, this.cssSize);
    const [px, py] = this.toPixel(this.hover.x, this.hover.y);
    const radius = (this.on.brushRadius() / (2 * DOMAIN)) * this.canvas.width;
    for (const [color, width] of [["rgba(255,255,255,0.9)", 3], ["rgba(15,20,30,0.9)", 1.5]]) {
      ctx.strokeStyle = /** @type {string} */ (color);
      ctx.lineWidth = /** @type {number} */ (width) * dpr;
      ctx.setLineDash([5 * dpr, 4 * dpr]);
      ctx.beginPath();
      ctx.arc(px, py, radius, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    this.canvas.dataset.brush = (radius / dpr).toFixed(1);
  }

  drawCursor() {
    const { ctx } = this;
    const dpr = this.canvas.width / Math.max(1, this.cssSize);
    const [px, py] = this.toPixel(this.cursor.x, this.cursor.y);
    const arm = 9 * dpr;
    for (const [color, width] of [["rgba(255,255,255,0.9)", 3.5], ["rgba(15,20,30,0.95)", 1.5]]) {
      ctx.strokeStyle = /** @type {string} */ (color);
      ctx.lineWidth = /** @type {number} */ (width) * dpr;
      ctx.beginPath();
      ctx.moveTo(px - arm, py);
      ctx.lineTo(px + arm, py);
      ctx.moveTo(px, py - arm);
      ctx.lineTo(px, py + arm);
      ctx.stroke();
    }
  }

  /**
   * Keyboard editing while the canvas has focus: arrows move a cursor
   * (Shift: faster), Enter adds a point there, Delete removes the nearest one.
   */
  attachKeyboard() {
    const canvas = this.canvas;
    canvas.addEventListener("focus", () => {
      this.focused = true;
      this.requestDraw();
    });
    canvas.addEventListener("blur", () => {
      this.focused = false;
      this.pointerFocus = false;
      canvas.classList.remove("pointer-focus");
      this.requestDraw();
    });
    canvas.addEventListener("keydown", (e) => {
      if (e.key.startsWith("Arrow") || e.key === "Enter" || e.key === "Delete" || e.key === "Backspace") {
        this.pointerFocus = false;
        canvas.classList.remove("pointer-focus");
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const stepSize = e.shiftKey ? 1 : 0.25;
      /** @type {Record<string, [number, number]>} */
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      const move = moves[e.key];
      const clamp = (/** @type {number} */ v) => Math.max(-DOMAIN, Math.min(DOMAIN, v));
      if (move) {
        this.cursor.x = clamp(this.cursor.x + move[0] * stepSize);
        this.cursor.y = clamp(this.cursor.y + move[1] * stepSize);
      } else if (e.key === "Enter") {
        this.on.add(this.cursor.x, this.cursor.y);
      } else if (e.key === "Delete" || e.key === "Backspace") {
        const rect = canvas.getBoundingClientRect();
        const cx = rect.left + ((this.cursor.x + DOMAIN) / (2 * DOMAIN)) * rect.width;
        const cy = rect.top + ((DOMAIN - this.cursor.y) / (2 * DOMAIN)) * rect.height;
        const index = this.hit(cx, cy, true);
        if (index >= 0) this.on.remove(index);
      } else {
        return;
      }
      e.preventDefault();
      e.stopPropagation();
      this.requestDraw();
    });
  }

  /**
   * The points, from their layer: drawn there again only when they (their
   * colours, the test points' visibility, a drag, the canvas size) changed, so
   * a training frame, where only the picture under them changes, copies them
   * in one go instead of drawing a thousand antialiased circles.
   */
  drawPointsLayer() {
    const d = this.dragging;
    const key = [this.points, this.colors, this.showTest, this.canvas.width, this.cssSize, d?.index, d?.x, d?.y];
    const layer = this.pointsLayer;
    if (key.some((v, i) => v !== this.pointsKey[i])) {
      this.pointsKey = key;
      if (layer.width !== this.canvas.width) layer.width = layer.height = this.canvas.width;
      const ctx = /** @type {CanvasRenderingContext2D} */ (layer.getContext("2d"));
      ctx.clearRect(0, 0, layer.width, layer.height);
      this.drawPoints(ctx);
    }
    this.ctx.drawImage(layer, 0, 0);
  }

  /** @param {CanvasRenderingContext2D} ctx */
  drawPoints(ctx) {
    const dpr = this.canvas.width / Math.max(1, this.cssSize);
    const r = (this.cssSize < 300 ? 3 : 3.6) * dpr;
    const c = this.colors;
    // Training points: filled discs with a light rim. Test points: hollow rings
    // with a dark rim, so the two sets are told apart at a glance.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < this.points.length; i++) {
        const p = this.points[i];
        if (p.test !== (pass === 1)) continue;
        if (p.test && !this.showTest) continue;
        let { x, y } = p;
        if (this.dragging && this.dragging.index === i) ({ x, y } = this.dragging);
        const [px, py] = this.toPixel(x, y);
        const rgb = `rgb(${c[4 * i] ?? 128},${c[4 * i + 1] ?? 128},${c[4 * i + 2] ?? 128})`;
        ctx.beginPath();
        ctx.arc(px, py, r, 0, Math.PI * 2);
        if (!p.test) {
          ctx.fillStyle = rgb;
          ctx.fill();
          ctx.lineWidth = 1 * dpr;
          ctx.strokeStyle = "rgba(255,255,255,0.9)";
          ctx.stroke();
          ctx.beginPath();
          ctx.arc(px, py, r + 0.9 * dpr, 0, Math.PI * 2);
          ctx.lineWidth = 0.8 * dpr;
          ctx.strokeStyle = "rgba(15,20,30,0.4)";
          ctx.stroke();
        } else {
          ctx.lineWidth = 2 * dpr;
          ctx.strokeStyle = rgb;
          ctx.stroke();
          ctx.beginPath();
          ctx.arc(px, py, r + 1.4 * dpr, 0, Math.PI * 2);
          ctx.lineWidth = 0.9 * dpr;
          ctx.strokeStyle = "rgba(15,20,30,0.55)";
          ctx.stroke();
        }
        if (this.dragging && this.dragging.index === i) {
          ctx.beginPath();
          ctx.arc(px, py, r * 2.2, 0, Math.PI * 2);
          ctx.lineWidth = 1.5 * dpr;
          ctx.strokeStyle = "rgba(20,20,30,0.8)";
          ctx.stroke();
        }
      }
    }
  }

  /**
   * Index of the visible point nearest to a client position, within the hit radius.
   * @param {number} cx @param {number} cy @param {boolean} touch
   */
  hit(cx, cy, touch) {
    const rect = this.canvas.getBoundingClientRect();
    const limit = touch ? HIT_RADIUS_TOUCH : HIT_RADIUS;
    let best = -1;
    let bestD = limit * limit;
    const scale = rect.width / (2 * DOMAIN);
    for (let i = 0; i < this.points.length; i++) {
      const p = this.points[i];
      if (p.test && !this.showTest) continue;
      const dx = rect.left + (p.x + DOMAIN) * scale - cx;
      const dy = rect.top + (DOMAIN - p.y) * scale - cy;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }
}

/**
 * Writes the axis ticks (-6 .. 6) beside the plot.
 * @param {HTMLElement} xAxis @param {HTMLElement} yAxis
 */
export function drawAxes(xAxis, yAxis) {
  const ticks = [-6, -4, -2, 0, 2, 4, 6];
  const make = (/** @type {number} */ t, /** @type {boolean} */ vertical) => {
    const el = document.createElement("span");
    el.className = "tick";
    el.textContent = t < 0 ? `−${-t}` : String(t);
    const f = ((t + DOMAIN) / (2 * DOMAIN)) * 100;
    if (vertical) el.style.top = `${100 - f}%`;
    else el.style.left = `${f}%`;
    return el;
  };
  xAxis.replaceChildren(...ticks.map((t) => make(t, false)));
  const xl = document.createElement("span");
  xl.className = "axis-label";
  xl.textContent = "x₁";
  xAxis.append(xl);
  yAxis.replaceChildren(...ticks.map((t) => make(t, true)));
  const yl = document.createElement("span");
  yl.className = "axis-label";
  yl.textContent = "x₂";
  yAxis.append(yl);
}
