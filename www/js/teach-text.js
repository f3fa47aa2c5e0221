// @ts-check
// How the step-by-step view writes numbers, symbols and names: a number with
// its true minus sign, subscripts, a layer's or a neuron's name, a label, the
// output function and the loss of the chosen head. Nothing is computed here.

import { t } from "./i18n.js";
import { featureLabel } from "./diagram.js";

/** @typedef {import("./teach.js").Teach} View */

/** Terms written out in a weighted sum before "…". */
export const MAX_TERMS = 4;

/**
 * A number as the panel shows it: `digits` decimals, a true minus sign, and
 * three significant digits times a power of ten for tiny values.
 * @param {number | null | undefined} v @param {number} [digits]
 */
export function num(v, digits = 4) {
  if (typeof v !== "number" || !Number.isFinite(v)) return "–";
  if (v !== 0 && Math.abs(v) < 10 ** -digits) {
    // 1.18 × 10⁻⁸: the same form everywhere, so tiny values compare by their powers of ten.
    const [mantissa, exp] = v.toExponential(2).split("e");
    return `${mantissa} × 10${String(Number(exp)).split("").map((c) => SUP[c] ?? "").join("")}`.replace(/^-/, "−");
  }
  return v.toFixed(digits).replace(/^-/, "−");
}
/** @type {Record<string, string>} */
const SUP = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
/** A point's coordinate (two decimals, a true minus sign). @param {number | undefined} v */
export const coord = (v) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(2).replace(/^-/, "−") : "–");
/** A number in parentheses when negative (inside a sum). @param {number} v @param {number} [digits] */
export const term = (v, digits = 4) => (v < 0 ? `(${num(v, digits)})` : num(v, digits));

const SUB = "₀₁₂₃₄₅₆₇₈₉";
/** @param {number} n */
export const sub = (n) => String(n).split("").map((d) => SUB[Number(d)]).join("");

/** @param {View} v @param {number} label */
export function labelText(v, label) {
  if (v.cfg.problem === "multiclass") return t("legend.class", { k: label + 1 });
  if (v.cfg.problem === "classification") return label > 0 ? "+1" : "−1";
  return coord(label);
}

/** Name of a neuron (layer counts after the inputs). @param {View} v @param {number} layer @param {number} i */
export function neuronName(v, layer, i) {
  const last = v.sizes.length - 2;
  if (layer === last) return v.sizes[last + 1] > 1 ? t("teach.outputK", { k: i + 1 }) : t("diagram.outputNeuron");
  return t("teach.neuron", { layer: layer + 1, index: i + 1 });
}

/** Symbol of input j of a layer: a feature's name, or the previous neuron's a. @param {View} v @param {number} layer @param {number} j */
export function inputSymbol(v, layer, j) {
  if (layer === 0) {
    const names = v.host.catalog.features.filter((/** @type {string} */ n) => v.cfg.features.includes(n)).map(featureLabel);
    return names[j] ?? `x${sub(j + 1)}`;
  }
  return `a${sub(j + 1)}`;
}

/** A layer's heading (layer counts after the inputs). @param {View} v @param {number} layer */
export function layerName(v, layer) {
  return layer === v.sizes.length - 2 ? t("teach.outputLayer") : t("teach.hiddenLayer", { n: layer + 1 });
}

/** The name of the output function of the last layer. @param {View} v */
export function outputFn(v) {
  const problem = v.host.catalog.problems.find((/** @type {{name: string}} */ p) => p.name === v.cfg.problem);
  return problem?.losses.find((/** @type {{name: string}} */ l) => l.name === v.cfg.loss)?.output ?? "linear";
}

/** @param {string} fn */
export function fnText(fn) {
  return fn === "linear" ? "z" : fn === "softmax" ? "softmax(z)" : fn === "sigmoid" ? "σ(z)" : `${fn === "tanh" ? "tanh" : t(`act.${fn}`)}(z)`;
}

/** The head — output function and loss — as one name ("tanh.squared"), the engine's pairing. @param {View} v */
export function lossKind(v) {
  return `${outputFn(v)}.${v.cfg.loss}`;
}

/** The true value y as written in a formula. @param {View} v @param {number} label */
export function yText(v, label) {
  return v.cfg.problem === "classification" ? (label > 0 ? "1" : "(−1)") : term(label);
}

