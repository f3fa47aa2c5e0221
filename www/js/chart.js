// @ts-check
// The loss chart: training loss (solid) and test loss (dashed) over time, on a
// linear or log scale. Keeps at most MAX samples by halving the resolution of
// old history when full, so a long run costs nothing extra.

const MAX = 600;

export class LossChart {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    /** @type {number[]} */
    this.train = [];
    /** @type {number[]} */
    this.test = [];
    this.stride = 1;
    this.skipped = 0;
    this.log = false;
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
    this.train = [];
    this.test = [];
    this.stride = 1;
    this.skipped = 0;
    this.requestDraw();
  }

  /** @param {number} train @param {number} test */
  push(train, test) {
    if (++this.skipped < this.stride) return;
    this.skipped = 0;
    this.train.push(train);
    this.test.push(test);
    if (this.train.length >= MAX) {
      this.train = this.train.filter((_, i) => i % 2 === 0);
      this.test = this.test.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
    this.requestDraw();
  }

  /** @param {boolean} log */
  setLog(log) {
    this.log = log;
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
    const { ctx, canvas } = this;
    const w = canvas.width;
    const h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    const style = getComputedStyle(canvas);
    const trainColor = style.getPropertyValue("--chart-train").trim() || "#888";
    const testColor = style.getPropertyValue("--chart-test").trim() || "#222";
    const gridColor = style.getPropertyValue("--chart-grid").trim() || "rgba(128,128,128,0.25)";
    const values = [...this.train, ...this.test].filter((v) => Number.isFinite(v) && (!this.log || v > 0));
    if (values.length === 0) return;
    let lo = this.log ? Math.min(...values) : 0;
    let hi = Math.max(...values);
    if (this.log) {
      lo = Math.log10(lo);
      hi = Math.log10(hi);
      if (hi - lo < 0.5) lo = hi - 0.5;
    } else if (hi <= 0) {
      hi = 1;
    }
    const pad = 3 * (w / Math.max(1, canvas.clientWidth));
    const n = Math.max(2, this.train.length);
    const X = (/** @type {number} */ i) => pad + (i / (n - 1)) * (w - 2 * pad);
    const Y = (/** @type {number} */ v) => {
      const t = this.log ? Math.log10(v) : v;
      return h - pad - ((t - lo) / (hi - lo || 1)) * (h - 2 * pad);
    };
    // Grid: decades on log scale, quarters on linear.
    ctx.strokeStyle = gridColor;
    ctx.lineWidth = 1;
    ctx.beginPath();
    if (this.log) {
      for (let d = Math.ceil(lo); d <= Math.floor(hi); d++) {
        const y = Y(10 ** d);
        ctx.moveTo(0, y);
        ctx.lineTo(w, y);
      }
    } else {
      for (let q = 1; q < 4; q++) {
        const y = h - pad - (q / 4) * (h - 2 * pad);
        ctx.moveTo(0, y);
        ctx.lineTo(w, y);
      }
    }
    ctx.stroke();
    const dpr = w / Math.max(1, canvas.clientWidth);
    /** @param {number[]} series @param {string} color @param {number[]} dash */
    const line = (series, color, dash) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.6 * dpr;
      ctx.setLineDash(dash.map((d) => d * dpr));
      ctx.beginPath();
      let open = false;
      series.forEach((v, i) => {
        if (!Number.isFinite(v) || (this.log && v <= 0)) {
          open = false;
          return;
        }
        if (open) ctx.lineTo(X(i), Y(v));
        else ctx.moveTo(X(i), Y(v));
        open = true;
      });
      ctx.stroke();
      ctx.setLineDash([]);
    };
    line(this.train, trainColor, []);
    line(this.test, testColor, [4, 3]);
    // Scale: the top and bottom values of the axis.
    const label = (/** @type {number} */ t) => {
      const v = this.log ? 10 ** t : t;
      return v >= 0.01 || v === 0 ? v.toFixed(v >= 10 ? 0 : v >= 1 ? 1 : 2) : v.toExponential(0);
    };
    ctx.fillStyle = style.getPropertyValue("--muted").trim() || "#666";
    ctx.font = `${10 * dpr}px system-ui, sans-serif`;
    ctx.textBaseline = "top";
    ctx.fillText(label(hi), pad, pad);
    ctx.textBaseline = "bottom";
    ctx.fillText(label(lo), pad, h - pad);
  }
}
