// @ts-check
// Draws a loss surface the engine computed (a heat map with contour lines)
// and the optimizer's path over it, on one canvas; it computes nothing about
// the network.

/**
 * @typedef {object} Surface
 * @property {Float32Array} values  res × res losses, row-major from the top-left
 * @property {number} res
 * @property {number[]} center      the two parameters' values at the centre cell
 * @property {number} span          each axis runs centre ± span
 */

/** Contour levels drawn over the heat map. */
const LEVELS = 10;

/**
 * A loss on a 0..1 scale between the surface's least and greatest value
 * (logarithmic, so the valley's shape shows).
 * @param {number} v @param {number} lo @param {number} hi
 */
function unit(v, lo, hi) {
  const a = Math.log1p(v - lo);
  const b = Math.log1p(hi - lo);
  return b > 0 ? a / b : 0;
}

/** Low loss light, high loss dark (a sequential blue ramp). @param {number} u */
function ramp(u) {
  const lo = [247, 251, 255];
  const hi = [8, 48, 107];
  return lo.map((c, i) => Math.round(c + (hi[i] - c) * u));
}

/**
 * Line segments where the scalar field `f` (res × res, row-major) crosses
 * `level`, in cell units (marching squares, one segment per crossed edge pair).
 * @param {ArrayLike<number>} f @param {number} res @param {number} level
 * @returns {number[][]}
 */
export function contourSegments(f, res, level) {
  /** @type {number[][]} */
  const out = [];
  for (let r = 0; r + 1 < res; r++) {
    for (let c = 0; c + 1 < res; c++) {
      // Corners clockwise from the top-left, and the edges between them.
      const v = [f[r * res + c], f[r * res + c + 1], f[(r + 1) * res + c + 1], f[(r + 1) * res + c]];
      const p = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]];
      /** @type {number[][]} */
      const cross = [];
      for (let e = 0; e < 4; e++) {
        const a = v[e];
        const b = v[(e + 1) % 4];
        if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
        if ((a < level) !== (b < level)) {
          const s = (level - a) / (b - a);
          const [x0, y0] = p[e];
          const [x1, y1] = p[(e + 1) % 4];
          cross.push([x0 + s * (x1 - x0), y0 + s * (y1 - y0)]);
        }
      }
      if (cross.length >= 2) out.push([...cross[0], ...cross[1]]);
      if (cross.length === 4) out.push([...cross[2], ...cross[3]]);
    }
  }
  return out;
}

/**
 * Paints the surface as a heat map with contour lines over the whole canvas
 * (also used by the optimizer race, race-view.js); returns where a pair of
 * parameter values lands on it, in canvas pixels.
 * @param {HTMLCanvasElement} canvas @param {Surface} s
 * @returns {(p: number[]) => number[]}
 */
export function paintSurface(canvas, s) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  const { width: w, height: h } = canvas;
  const { values, res } = s;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const field = Array.from(values, (v) => (Number.isFinite(v) ? unit(v, lo, hi) : NaN));
  const image = new ImageData(res, res);
  field.forEach((u, i) => {
    const [r, g, b] = Number.isFinite(u) ? ramp(u) : [160, 160, 160];
    image.data.set([r, g, b, 255], i * 4);
  });
  const tile = new OffscreenCanvas(res, res);
  /** @type {OffscreenCanvasRenderingContext2D} */ (tile.getContext("2d")).putImageData(image, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.imageSmoothingEnabled = true;
  // Cell centres sit on the grid's nodes: the picture spans half a cell past them.
  const cell = w / (res - 1);
  ctx.drawImage(tile, -cell / 2, -cell / 2, w + cell, h + cell);

  ctx.lineWidth = 1;
  for (let k = 1; k < LEVELS; k++) {
    const level = k / LEVELS;
    ctx.strokeStyle = level < 0.5 ? "rgba(8, 48, 107, 0.55)" : "rgba(255, 255, 255, 0.6)";
    ctx.beginPath();
    for (const [x0, y0, x1, y1] of contourSegments(field, res, level)) {
      ctx.moveTo((x0 / (res - 1)) * w, (y0 / (res - 1)) * h);
      ctx.lineTo((x1 / (res - 1)) * w, (y1 / (res - 1)) * h);
    }
    ctx.stroke();
  }

  const [c1, c2] = s.center;
  return ([a, b]) => [((a - (c1 - s.span)) / (2 * s.span)) * w, ((c2 + s.span - b) / (2 * s.span)) * h];
}

/**
 * Draws the surface, its contours, the path and the current point.
 * @param {HTMLCanvasElement} canvas @param {Surface} s @param {number[][]} path
 */
export function drawLandscape(canvas, s, path) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  const at = paintSurface(canvas, s);
  // The current point, then the path over it (it ends there).
  const [x, y] = at(s.center);
  ctx.beginPath();
  ctx.arc(x, y, 4, 0, 2 * Math.PI);
  ctx.fillStyle = "#fff";
  ctx.fill();
  ctx.strokeStyle = "#000";
  ctx.lineWidth = 1.5;
  ctx.stroke();
  if (path.length > 0) {
    ctx.strokeStyle = "#e66100";
    ctx.lineWidth = 2;
    ctx.beginPath();
    path.forEach((p, i) => {
      const [x, y] = at(p);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    // One dot per step while there are few enough to tell apart.
    if (path.length < 400) {
      ctx.fillStyle = "#e66100";
      for (const p of path) {
        const [px, py] = at(p);
        ctx.fillRect(px - 1.5, py - 1.5, 3, 3);
      }
    }
    const [sx, sy] = at(path[0]);
    ctx.fillStyle = "#e66100";
    ctx.fillRect(sx - 3, sy - 3, 6, 6);
  }
}
