// @ts-check
// Draws the input plane as a hidden layer sees it: the grid lines and the
// data points at the coordinates the engine's `warp` call computed (the
// activations of two neurons), scaled to fit one canvas.

/**
 * @typedef {object} Warp
 * @property {Float32Array} values  points then grid-line vertices, each (a1, a2)
 * @property {number} points        how many of them are data points
 * @property {number} lines         grid lines per direction
 * @property {number} samples       vertices per line
 */

/**
 * Draws the warp; `colors` holds RGBA per point (`pointColors()`).
 * Returns the drawn coordinates of the points, (a1, a2) each.
 * @param {HTMLCanvasElement} canvas @param {Warp} warp @param {Uint8ClampedArray} colors
 * @returns {number[][]}
 */
export function drawWarp(canvas, warp, colors) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  const { width: w, height: h } = canvas;
  const v = warp.values;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let k = 0; k + 1 < v.length; k += 2) {
    if (!Number.isFinite(v[k]) || !Number.isFinite(v[k + 1])) continue;
    x0 = Math.min(x0, v[k]);
    x1 = Math.max(x1, v[k]);
    y0 = Math.min(y0, v[k + 1]);
    y1 = Math.max(y1, v[k + 1]);
  }
  if (!(x1 > x0)) [x0, x1] = [x0 - 1, x0 + 1];
  if (!(y1 > y0)) [y0, y1] = [y0 - 1, y0 + 1];
  const pad = 0.06;
  const sx = (w * (1 - 2 * pad)) / (x1 - x0);
  const sy = (h * (1 - 2 * pad)) / (y1 - y0);
  /** @param {number} a @param {number} b */
  const at = (a, b) => [w * pad + (a - x0) * sx, h - h * pad - (b - y0) * sy];

  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = "#fafafa";
  ctx.fillRect(0, 0, w, h);
  // Zero axes, when they are in view.
  ctx.strokeStyle = "rgba(0, 0, 0, 0.25)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  const [zx, zy] = at(0, 0);
  if (x0 <= 0 && 0 <= x1) ctx.moveTo(zx, 0), ctx.lineTo(zx, h);
  if (y0 <= 0 && 0 <= y1) ctx.moveTo(0, zy), ctx.lineTo(w, zy);
  ctx.stroke();

  ctx.strokeStyle = "rgba(90, 90, 90, 0.55)";
  ctx.beginPath();
  for (let line = 0; line < 2 * warp.lines; line++) {
    for (let s = 0; s < warp.samples; s++) {
      const k = 2 * (warp.points + line * warp.samples + s);
      const [x, y] = at(v[k], v[k + 1]);
      if (s === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
  }
  ctx.stroke();

  /** @type {number[][]} */
  const drawn = [];
  for (let i = 0; i < warp.points; i++) {
    const a = v[2 * i];
    const b = v[2 * i + 1];
    drawn.push([a, b]);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const [x, y] = at(a, b);
    const c = colors.length >= 4 * (i + 1) ? colors.subarray(4 * i, 4 * i + 3) : [80, 80, 80];
    ctx.beginPath();
    ctx.arc(x, y, 3, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
    ctx.fill();
    ctx.strokeStyle = "rgba(0, 0, 0, 0.6)";
    ctx.lineWidth = 0.75;
    ctx.stroke();
  }
  return drawn;
}
