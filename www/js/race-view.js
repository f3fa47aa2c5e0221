// @ts-check
// Draws the optimizer race: five paths (each its own colour-blind-safe
// colour, dash and marker) over the loss surface landscape-view.js paints,
// and the five losses against the step on a small chart; it computes
// nothing about the network.

import { paintSurface } from "./landscape-view.js";

/**
 * How each runner is told apart: an Okabe–Ito colour, a dash pattern and an
 * end marker, so no runner depends on colour alone.
 * @typedef {{color: string, dash: number[], marker: "circle" | "triangle" | "square" | "diamond" | "cross"}} Look
 */

/** @type {Look[]} */
export const LOOKS = [
  { color: "#0072B2", dash: [], marker: "circle" },
  { color: "#D55E00", dash: [2, 3], marker: "triangle" },
  { color: "#E69F00", dash: [7, 4], marker: "square" },
  { color: "#009E73", dash: [12, 4], marker: "diamond" },
  { color: "#CC79A7", dash: [8, 3, 2, 3], marker: "cross" },
];

/**
 * A marker of `look` centred at (x, y), `r` pixels wide.
 * @param {CanvasRenderingContext2D} ctx @param {Look} look @param {number} x @param {number} y @param {number} r
 */
export function drawMarker(ctx, look, x, y, r) {
  ctx.save();
  ctx.setLineDash([]);
  ctx.beginPath();
  switch (look.marker) {
    case "circle":
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      break;
    case "triangle":
      ctx.moveTo(x, y - r * 1.15);
      ctx.lineTo(x + r * 1.1, y + r * 0.85);
      ctx.lineTo(x - r * 1.1, y + r * 0.85);
      ctx.closePath();
      break;
    case "square":
      ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      break;
    case "diamond":
      ctx.moveTo(x, y - r * 1.25);
      ctx.lineTo(x + r * 1.25, y);
      ctx.lineTo(x, y + r * 1.25);
      ctx.lineTo(x - r * 1.25, y);
      ctx.closePath();
      break;
    case "cross": {
      const a = r * 0.45;
      const b = r * 1.2;
      for (const [dx, dy] of [[-b, -a], [-a, -a], [-a, -b], [a, -b], [a, -a], [b, -a], [b, a], [a, a], [a, b], [-a, b], [-a, a], [-b, a]]) ctx.lineTo(x + dx, y + dy);
      ctx.closePath();
      break;
    }
  }
  ctx.fillStyle = look.color;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = "#fff";
  ctx.stroke();
  ctx.restore();
}

/**
 * A polyline in `look`'s colour and dash, over a wider white halo so it reads
 * on both ends of the surface's ramp.
 * @param {CanvasRenderingContext2D} ctx @param {Look} look @param {number[][]} xy @param {number} width
 */
function strokePath(ctx, look, xy, width) {
  if (xy.length < 2) return;
  ctx.beginPath();
  xy.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  ctx.setLineDash([]);
  ctx.strokeStyle = "rgba(255, 255, 255, 0.85)";
  ctx.lineWidth = width + 2.5;
  ctx.stroke();
  ctx.setLineDash(look.dash);
  ctx.strokeStyle = look.color;
  ctx.lineWidth = width;
  ctx.stroke();
  ctx.setLineDash([]);
}

/**
 * The surface, the common start (a ring) and each runner's path ending in
 * its marker. Returns each path's points in canvas pixels.
 * @param {HTMLCanvasElement} canvas @param {import("./landscape-view.js").Surface} surface
 * @param {number[][][]} paths  paths[r] = [w1, w2] from the start, after each step
 */
export function drawRace(canvas, surface, paths) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  const at = paintSurface(canvas, surface);
  const xy = paths.map((path) => path.map(at));
  xy.forEach((points, r) => strokePath(ctx, LOOKS[r], points, 2));
  // The ends last, so no path hides a marker.
  xy.forEach((points, r) => {
    const end = points[points.length - 1];
    if (end) drawMarker(ctx, LOOKS[r], end[0], end[1], 5);
  });
  const start = xy.find((p) => p.length > 0)?.[0];
  if (start) {
    ctx.beginPath();
    ctx.arc(start[0], start[1], 7, 0, 2 * Math.PI);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#fff";
    ctx.stroke();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#000";
    ctx.stroke();
  }
  return xy;
}

/** @param {number} v */
const tick = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(2)).toString());

/**
 * Loss against the step for each runner (linear axes from 0), with ticks
 * and the two axis names.
 * @param {HTMLCanvasElement} canvas @param {number[][]} losses  losses[r][k] = training loss after k steps
 * @param {{step: string, loss: string}} words
 */
export function drawLossChart(canvas, losses, words) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  const { width: w, height: h } = canvas;
  const style = getComputedStyle(canvas);
  const text = style.getPropertyValue("--text").trim() || "#1c2430";
  const grid = style.getPropertyValue("--chart-grid").trim() || "rgba(120,130,145,0.22)";
  ctx.clearRect(0, 0, w, h);
  const box = { left: 44, right: w - 10, top: 10, bottom: h - 34 };
  const steps = Math.max(1, ...losses.map((l) => l.length - 1));
  let top = 0;
  for (const l of losses) for (const v of l) if (Number.isFinite(v)) top = Math.max(top, v);
  top = top > 0 ? top * 1.05 : 1;
  const x = (/** @type {number} */ k) => box.left + (k / steps) * (box.right - box.left);
  const y = (/** @type {number} */ v) => box.bottom - (Math.min(v, top) / top) * (box.bottom - box.top);
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = text;
  ctx.strokeStyle = grid;
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    ctx.beginPath();
    ctx.moveTo(box.left, y(v));
    ctx.lineTo(box.right, y(v));
    ctx.stroke();
    ctx.fillText(tick(v), box.left - 4, y(v));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let i = 0; i <= 4; i++) {
    const k = Math.round((steps * i) / 4);
    ctx.fillText(String(k), x(k), box.bottom + 4);
  }
  ctx.fillText(words.step, (box.left + box.right) / 2, box.bottom + 18);
  ctx.save();
  ctx.translate(11, (box.top + box.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(words.loss, 0, 0);
  ctx.restore();
  losses.forEach((l, r) => {
    const look = LOOKS[r];
    ctx.beginPath();
    l.forEach((v, k) => (k === 0 ? ctx.moveTo(x(k), y(v)) : ctx.lineTo(x(k), y(v))));
    ctx.setLineDash(look.dash);
    ctx.strokeStyle = look.color;
    ctx.lineWidth = 2;
    ctx.stroke();
    ctx.setLineDash([]);
    const last = l.length - 1;
    if (last >= 0 && Number.isFinite(l[last])) drawMarker(ctx, look, x(last), y(l[last]), 3.5);
  });
}

/**
 * A short sample of a runner's line and marker, for the legend.
 * @param {HTMLCanvasElement} canvas @param {Look} look
 */
export function drawSwatch(canvas, look) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  ctx.beginPath();
  ctx.moveTo(2, h / 2);
  ctx.lineTo(w - 2, h / 2);
  ctx.setLineDash(look.dash);
  ctx.strokeStyle = look.color;
  ctx.lineWidth = 2.5;
  ctx.stroke();
  drawMarker(ctx, look, w / 2, h / 2, 4.5);
}
