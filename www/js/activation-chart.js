// @ts-check
// The step-by-step view's activation chart: f and f′ as the engine sampled
// them over [−zMax, zMax], and one neuron's point on f with its tangent,
// in the theme's colours.

import { num } from "./teach-text.js";

/**
 * Draws the chart into `c` at its displayed size.
 * @param {HTMLCanvasElement} c
 * @param {{z: number[], a: number[], slope: number[]}} curve the engine's samples
 * @param {{z: number | undefined, a: number | undefined, slope: number | undefined} | null} dot the marked neuron
 * @param {number} zMax the half-width of the z range
 */
export function drawActivationChart(c, curve, dot, zMax) {
  const rect = c.getBoundingClientRect();
  if (rect.width < 20 || rect.height < 20) return;
  const dpr = window.devicePixelRatio || 1;
  c.width = Math.round(rect.width * dpr);
  c.height = Math.round(rect.height * dpr);
  const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d"));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const style = getComputedStyle(c);
  const css = (/** @type {string} */ v, /** @type {string} */ fallback) => style.getPropertyValue(v).trim() || fallback;
  const fColor = css("--act-f", "#1f6fb2");
  const slopeColor = css("--act-slope", "#c2410c");
  const axisColor = css("--muted", "#5d6878");
  const gridColor = css("--chart-grid", "rgba(128,128,128,0.25)");
  const dotColor = css("--text", "#1c2430");
  const bg = css("--panel", "#ffffff");

  // The vertical range: both curves and 0, with a margin.
  const values = [...curve.a, ...curve.slope, 0].filter(Number.isFinite);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = (hi - lo) * 0.08 || 0.5;
  lo -= pad;
  hi += pad;
  const left = 34, right = 8, top = 8, bottom = 20;
  const w = rect.width - left - right;
  const h = rect.height - top - bottom;
  const X = (/** @type {number} */ z) => left + ((z + zMax) / (2 * zMax)) * w;
  const Y = (/** @type {number} */ v) => top + ((hi - v) / (hi - lo)) * h;

  ctx.clearRect(0, 0, rect.width, rect.height);
  ctx.font = "11px system-ui, sans-serif";
  // Grid and tick labels.
  const span = hi - lo;
  const step = [0.25, 0.5, 1, 2, 5, 10].find((s) => span / s <= 6) ?? 20;
  ctx.lineWidth = 1;
  ctx.strokeStyle = gridColor;
  ctx.fillStyle = axisColor;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    ctx.beginPath();
    ctx.moveTo(left, Y(v));
    ctx.lineTo(left + w, Y(v));
    ctx.stroke();
    ctx.fillText(num(v, step < 1 ? 2 : 0), left - 4, Y(v));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let z = -zMax; z <= zMax; z += 2) {
    ctx.beginPath();
    ctx.moveTo(X(z), top);
    ctx.lineTo(X(z), top + h);
    ctx.stroke();
    ctx.fillText(num(z, 0), X(z), top + h + 4);
  }
  // The axes at 0.
  ctx.strokeStyle = axisColor;
  ctx.beginPath();
  ctx.moveTo(left, Y(0));
  ctx.lineTo(left + w, Y(0));
  ctx.moveTo(X(0), top);
  ctx.lineTo(X(0), top + h);
  ctx.stroke();
  ctx.textAlign = "right";
  ctx.textBaseline = "top";
  ctx.fillText("z", left + w - 2, Y(0) + 3);

  /** @param {number[]} ys @param {string} color @param {number[]} dash */
  const line = (ys, color, dash) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2.25;
    ctx.setLineDash(dash);
    ctx.beginPath();
    curve.z.forEach((z, k) => (k === 0 ? ctx.moveTo(X(z), Y(ys[k])) : ctx.lineTo(X(z), Y(ys[k]))));
    ctx.stroke();
    ctx.setLineDash([]);
  };
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, w, h);
  ctx.clip();
  line(curve.slope, slopeColor, [6, 4]);
  line(curve.a, fColor, []);

  // The marked neuron: a dot on f at its z (from trace) and the tangent of slope f′(z).
  if (dot && typeof dot.z === "number" && typeof dot.a === "number") {
    const inside = Math.abs(dot.z) <= zMax && dot.a >= lo && dot.a <= hi;
    const px = X(Math.max(-zMax, Math.min(zMax, dot.z)));
    const py = Y(Math.max(lo, Math.min(hi, dot.a)));
    if (inside && typeof dot.slope === "number") {
      ctx.strokeStyle = slopeColor;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(X(dot.z - 1), Y(dot.a - dot.slope));
      ctx.lineTo(X(dot.z + 1), Y(dot.a + dot.slope));
      ctx.stroke();
    }
    ctx.restore();
    ctx.beginPath();
    ctx.arc(px, py, 5.5, 0, 2 * Math.PI);
    ctx.fillStyle = inside ? dotColor : bg;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = inside ? bg : dotColor;
    ctx.stroke();
  } else {
    ctx.restore();
  }
}
