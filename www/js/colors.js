// @ts-check
// The engine's colours as its catalog gives them (`Playground.catalog().colors`):
// a point's colour from its label, a problem's palette of classes, and the
// legend's scale. The worker uses them for data set thumbnails and the palette.

/** @typedef {{classes: number[][], negative: number[], positive: number[], scale: number[]}} Colors */

/** The scale's colour at a value in [−1, 1]. @param {Colors} colors @param {number} v */
function scaleAt(colors, v) {
  const n = colors.scale.length / 4;
  const i = Math.round(((Math.max(-1, Math.min(1, v)) + 1) / 2) * (n - 1));
  return colors.scale.slice(4 * i, 4 * i + 4);
}

/**
 * A point's colour: ±1 for two classes, the class's own colour for several,
 * the scale for a regression value.
 * @param {Colors} colors @param {string} problem @param {number} label
 */
export function labelColor(colors, problem, label) {
  if (problem === "multiclass") return colors.classes[Math.max(0, label | 0) % colors.classes.length];
  if (problem === "classification") return label > 0 ? colors.positive : colors.negative;
  return scaleAt(colors, label);
}

/**
 * Every point's colour as RGBA bytes.
 * @param {Colors} colors @param {string} problem @param {{label: number}[]} points
 */
export function pointColors(colors, problem, points) {
  const out = new Uint8ClampedArray(points.length * 4);
  points.forEach((p, i) => out.set(labelColor(colors, problem, p.label), 4 * i));
  return out;
}

/**
 * The labels a learner picks from (keys 1..K) with their colours, and the scale.
 * @param {Colors} colors @param {string} problem @param {number} classes
 */
export function palette(colors, problem, classes) {
  /** @type {number[]} */
  const labels =
    problem === "multiclass" ? Array.from({ length: classes }, (_, k) => k)
      : problem === "classification" ? [1, -1]
        : [-1, -0.5, 0, 0.5, 1];
  return {
    problem,
    labels,
    colors: labels.map((label) => Array.from(labelColor(colors, problem, label))),
    scale: Array.from(colors.scale),
  };
}
