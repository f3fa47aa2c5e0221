// @ts-check
// The loss chart: training loss (solid), test loss (dashed) and every step's
// minibatch loss (a faint min/max envelope, so SGD's noise shows) against the
// step, with labelled axes and ticks in margins the curves never enter, on a
// linear or log scale, over the whole history or the last N epochs.

import { LossHistory } from "./chart-series.js";
import { t } from "./i18n.js";

/** Plot margins in CSS px: tick labels and axis titles live here, never under a curve. */
const MARGIN = { left: 52, right: 10, top: 8, bottom: 34 };

/**
 * About `count` round tick values covering [lo, hi].
 * @param {number} lo @param {number} hi @param {number} count
 */
export function niceTicks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

/** @param {number} v */
function lossLabel(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.001) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}

/** @param {number} v */
function stepLabel(v) {
  return v >= 10000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Math.round(v));
}

export class LossChart {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    this.history = new LossHistory();
    this.log = false;
    /** Epochs shown (0: the whole history). */
    this.window = 0;
    this.queued = false;
    new ResizeObserver(() => this.resize()).observe(canvas);
  }

  resize() {
    const r = this.canvas.getBoundingClientRect();
    const dpr = Math.min(3, window.devicePixelRatio || 1);
    const w = Math.max(1, Math.round(r.width * dpr));
    const h = Math.max(1, Math.round(r.height * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    this.requestDraw();
  }

  clear() {
    this.history.clear();
    this.requestDraw();
  }

  /**
   * One frame's losses (NaN where there is none) and the minibatch losses of its steps.
   * @param {number} step @param {number} epoch @param {number} train @param {number} test @param {ArrayLike<number>} batch
   */
  push(step, epoch, train, test, batch) {
    this.history.push(step, epoch, train, test, batch);
    this.requestDraw();
  }

  /** @param {boolean} log */
  setLog(log) {
    this.log = log;
    this.requestDraw();
  }

  /** @param {number} epochs the last N epochs, or 0 for the whole history */
  setWindow(epochs) {
    this.window = epochs;
    this.requestDraw();
  }

  requestDraw() {
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      this.draw();
    });
  }

  draw() {
    const { ctx, canvas, history: hist } = this;
    const w = canvas.width;
    const h = canvas.height;
    const dpr = w / Math.max(1, canvas.clientWidth);
    ctx.clearRect(0, 0, w, h);
    const style = getComputedStyle(canvas);
    const color = (/** @type {string} */ name, /** @type {string} */ fallback) => style.getPropertyValue(name).trim() || fallback;
    const muted = color("--muted", "#666");
    const px = { l: MARGIN.left * dpr, r: w - MARGIN.right * dpr, t: MARGIN.top * dpr, b: h - MARGIN.bottom * dpr };
    const xTitle = t("chart.axisStep");
    const yTitle = t("chart.axisLoss");
    canvas.dataset.xLabel = xTitle;
    canvas.dataset.yLabel = yTitle;

    // What is in view: steps [x0, x1].
    const x0 = hist.windowStart(this.window);
    const x1 = Math.max(x0 + 1, hist.lastStep());
    const ok = (/** @type {number} */ v) => Number.isFinite(v) && (!this.log || v > 0);
    const tv = (/** @type {number} */ v) => (this.log ? Math.log10(v) : v);
    const X = (/** @type {number} */ s) => px.l + ((s - x0) / (x1 - x0)) * (px.r - px.l);

    // Minibatch losses, merged into one column per CSS pixel (min, max, mean).
    const cols = Math.max(1, Math.round((px.r - px.l) / dpr));
    /** @type {{step: number, min: number, max: number, sum: number, n: number}[]} */
    const columns = [];
    for (const b of hist.buckets) {
      if (b.last < x0 || b.count === 0) continue;
      const c = Math.max(0, Math.min(cols - 1, Math.floor(((b.step - x0) / (x1 - x0)) * cols)));
      const col = columns[columns.length - 1];
      if (col && col.step === c) {
        col.min = Math.min(col.min, b.min);
        col.max = Math.max(col.max, b.max);
        col.sum += b.sum;
        col.n += b.count;
      } else {
        columns.push({ step: c, min: b.min, max: b.max, sum: b.sum, n: b.count });
      }
    }
    // The y range covers every drawn value.
    let lo = Infinity;
    let hi = -Infinity;
    const see = (/** @type {number} */ v) => {
      if (!ok(v)) return;
      const y = tv(v);
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    };
    for (const c of columns) {
      see(c.min);
      see(c.max);
    }
    for (let i = 0; i < hist.steps.length; i++) {
      if (hist.steps[i] < x0) continue;
      see(hist.train[i]);
      see(hist.test[i]);
    }
    if (!(hi >= lo)) {
      lo = this.log ? -2 : 0;
      hi = this.log ? 0 : 1;
    }
    if (this.log) {
      lo = Math.floor(lo * 2) / 2;
      hi = Math.max(lo + 0.5, Math.ceil(hi * 2) / 2);
    } else {
      lo = Math.min(0, lo);
      if (hi <= lo) hi = lo + 1;
    }
    const Y = (/** @type {number} */ v) => px.b - ((tv(v) - lo) / (hi - lo)) * (px.b - px.t);

    // Grid, ticks and their labels (in the margins).
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    ctx.fillStyle = muted;
    ctx.strokeStyle = color("--chart-grid", "rgba(128,128,128,0.25)");
    ctx.lineWidth = dpr;
    const rows = Math.max(2, Math.floor((px.b - px.t) / (28 * dpr)));
    let yt = this.log ? niceTicks(lo, hi, rows).filter((d) => Number.isInteger(d)).map((d) => 10 ** d) : niceTicks(lo, hi, rows);
    // A log range inside one decade: round values instead of powers of ten.
    if (this.log && yt.length < 2) yt = niceTicks(10 ** lo, 10 ** hi, rows).filter((v) => v > 0);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.beginPath();
    for (const v of yt) {
      const y = Y(v);
      ctx.moveTo(px.l, y);
      ctx.lineTo(px.r, y);
      ctx.fillText(lossLabel(v), px.l - 5 * dpr, y);
    }
    const xTicks = niceTicks(x0, x1, Math.max(2, Math.floor((px.r - px.l) / (70 * dpr)))).filter((s) => Number.isInteger(s));
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const s of xTicks) {
      const x = X(s);
      ctx.moveTo(x, px.t);
      ctx.lineTo(x, px.b);
      ctx.fillText(stepLabel(s), x, px.b + 4 * dpr);
    }
    ctx.stroke();
    canvas.dataset.yTicks = yt.map(lossLabel).join(" ");
    canvas.dataset.xTicks = xTicks.map(stepLabel).join(" ");

    // Axes and their titles.
    ctx.strokeStyle = muted;
    ctx.beginPath();
    ctx.moveTo(px.l, px.t);
    ctx.lineTo(px.l, px.b);
    ctx.lineTo(px.r, px.b);
    ctx.stroke();
    ctx.textBaseline = "bottom";
    ctx.fillText(xTitle, (px.l + px.r) / 2, h - 1 * dpr);
    ctx.save();
    ctx.translate(12 * dpr, (px.t + px.b) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText(yTitle, 0, 0);
    ctx.restore();

    // The curves, clipped to the plot.
    ctx.save();
    ctx.beginPath();
    ctx.rect(px.l, px.t - dpr, px.r - px.l, px.b - px.t + 2 * dpr);
    ctx.clip();
    const colX = (/** @type {number} */ c) => px.l + ((c + 0.5) / cols) * (px.r - px.l);
    ctx.strokeStyle = color("--chart-batch", "rgba(230,120,30,0.35)");
    ctx.lineWidth = dpr;
    ctx.beginPath();
    for (const c of columns) {
      if (!ok(c.min) || !ok(c.max)) continue;
      const x = colX(c.step);
      ctx.moveTo(x, Y(c.max) - 0.5 * dpr);
      ctx.lineTo(x, Y(c.min) + 0.5 * dpr);
    }
    // Consecutive columns joined through their means, so single steps read as a trace.
    let open = false;
    for (const c of columns) {
      const m = c.sum / c.n;
      if (!ok(m)) {
        open = false;
        continue;
      }
      if (open) ctx.lineTo(colX(c.step), Y(m));
      else ctx.moveTo(colX(c.step), Y(m));
      open = true;
    }
    ctx.stroke();
    /** @param {number[]} series @param {string} stroke @param {number[]} dash */
    const line = (series, stroke, dash) => {
      ctx.strokeStyle = stroke;
      ctx.lineWidth = 1.8 * dpr;
      ctx.setLineDash(dash.map((d) => d * dpr));
      ctx.beginPath();
      let on = false;
      for (let i = 0; i < series.length; i++) {
        const s = hist.steps[i];
        if (s < x0 || !ok(series[i])) {
          on = false;
          continue;
        }
        if (on) ctx.lineTo(X(s), Y(series[i]));
        else ctx.moveTo(X(s), Y(series[i]));
        on = true;
      }
      ctx.stroke();
      ctx.setLineDash([]);
    };
    line(hist.train, color("--chart-train", "#888"), []);
    line(hist.test, color("--chart-test", "#222"), [5, 3]);
    ctx.restore();
    this.expose(columns);
  }

  /**
   * Lets a test read what was drawn: the number of minibatch columns, their
   * mean absolute change from one column to the next (in loss units) and
   * their mean min-max spread.
   * @param {{min: number, max: number, sum: number, n: number}[]} columns
   */
  expose(columns) {
    let change = 0;
    let spread = 0;
    let n = 0;
    for (let i = 0; i < columns.length; i++) {
      const m = columns[i].sum / columns[i].n;
      spread += columns[i].max - columns[i].min;
      if (i > 0) {
        change += Math.abs(m - columns[i - 1].sum / columns[i - 1].n);
        n++;
      }
    }
    const d = this.canvas.dataset;
    d.batchColumns = String(columns.length);
    d.batchChange = String(n > 0 ? change / n : 0);
    d.batchSpread = String(columns.length > 0 ? spread / columns.length : 0);
    d.steps = String(this.history.lastStep());
  }
}

/**
 * Wires the chart's own tools: the window (#chart-window: whole history or
 * the last N epochs) and the expand button (#chart-expand: a taller chart).
 * @param {LossChart} chart
 */
export function initChartTools(chart) {
  const win = /** @type {HTMLSelectElement} */ (document.getElementById("chart-window"));
  const expand = /** @type {HTMLButtonElement} */ (document.getElementById("chart-expand"));
  win.addEventListener("change", () => chart.setWindow(Number(win.value)));
  expand.addEventListener("click", () => {
    const on = expand.getAttribute("aria-pressed") !== "true";
    expand.setAttribute("aria-pressed", String(on));
    chart.canvas.classList.toggle("chart-tall", on);
  });
}
