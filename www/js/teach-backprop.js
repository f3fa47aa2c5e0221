// @ts-check
// Step by step, stage 5: backpropagation — every neuron's δ = ∂L/∂z from the
// output back, its formula filled with the engine's numbers (f′(z) included),
// and drawn on the diagram layer by layer.

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { MAX_TERMS, lossKind, neuronName, num, sub, term, yText } from "./teach-text.js";
import { layerPicker } from "./teach-picker.js";

/** @typedef {import("./teach.js").Teach} View */
/** @typedef {import("./teach.js").Model} Model */
/** @typedef {import("./teach.js").Backprop} Backprop */

/**
 * An output neuron's δ with its numbers put in (the result is the engine's).
 * @param {number} k the output neuron @returns {string}
 * @param {View} v
 */
export function deltaFilled(v, k) {
  const bp = /** @type {Backprop} */ (v.bp);
  const p = v.currentPoint();
  const o = bp.outputs[v.sample] ?? [];
  if (!p) return "δ = ";
  const y = yText(v, p.label);
  switch (lossKind(v)) {
    case "softmax.crossEntropy":
      return `δ = ŷ${sub(k + 1)} − t${sub(k + 1)} = ${num(o[k])} − ${p.label === k ? 1 : 0} = `;
    case "sigmoid.crossEntropy":
      return `δ = ŷ − t = ${num(o[0])} − ${p.label > 0 ? 1 : 0} = `;
    case "linear.huber":
      return `δ = clip(${num(o[0])} − ${y}, −1, 1) = `;
    case "linear.squared":
      return `δ = ŷ − y = ${num(o[0])} − ${y} = `;
    default:
      return `δ = (${num(o[0])} − ${y}) · (1 − ${term(o[0])}²) = `;
  }
}

/**
 * A hidden neuron's δ with its numbers put in: f′ at its z, times the
 * next layer's weights and δ (the result is the engine's).
 * @param {number} l @param {number} i @returns {(Node | string)[]}
 * @param {View} v
 */
export function hiddenDeltaFilled(v, l, i) {
  const bp = /** @type {Backprop} */ (v.bp);
  const next = /** @type {Model} */ (v.model).layers[l + 1];
  const dNext = bp.deltas[v.sample]?.[l + 1] ?? [];
  const z = v.trace?.layers[l]?.z[i];
  const shown = Math.min(dNext.length, MAX_TERMS);
  /** @type {(Node | string)[]} */
  const terms = Array.from({ length: shown }, (_, k) => el("span", { class: "teach-term" }, `${term(next.weights[k][i])} × ${term(dNext[k])}`));
  if (dNext.length > shown) terms.push(el("span", { class: "teach-term" }, t("teach.more", { n: dNext.length - shown })));
  const slope = v.slopes[l]?.[i];
  const sum = term(dNext.reduce((s, d, k) => s + next.weights[k][i] * d, 0));
  const slopeSpan = el("span", { class: "teach-slope", "data-value": String(slope) }, term(slope));
  const joined = terms.flatMap((x, k) => (k === 0 ? [x] : [" + ", x]));
  const layer = v.pass?.layers[l];
  // Batch norm: δ also runs back through the minibatch's μ and σ², so no
  // one-sample formula gives it; the note under the formula says so.
  if (layer?.norm) return [`δ = ∂L/∂z = `];
  // Dropout: a = f(z) · m, so the mask m (0, or 1/(1 − p)) joins the slope.
  const m = layer?.mask?.[v.sample]?.[i];
  if (m !== undefined) return [`δ = f′(${num(z)}) · m · (`, ...joined, ") = ", slopeSpan, ` × ${term(m)} × ${sum} = `];
  return [`δ = f′(${num(z)}) · (`, ...joined, ") = ", slopeSpan, ` × ${sum} = `];
}

/** @param {View} v */
export function backpropStage(v) {
  const bp = /** @type {Backprop} */ (v.bp);
  const deltas = bp.deltas[v.sample] ?? [];
  const l = v.layer;
  const last = l === v.sizes.length - 2;
  const rows = (deltas[l] ?? []).map((d, i) => {
    const li = el("li", { class: "teach-neuron", tabindex: "0", "data-key": `d-${l}-${i}`, "data-layer": String(l), "data-index": String(i) },
      el("div", { class: "teach-neuron-name" }, neuronName(v, l, i)),
      el("div", { class: "teach-eq" }, ...(last ? [deltaFilled(v, i)] : hiddenDeltaFilled(v, l, i)), el("b", { class: "teach-delta" }, num(d))));
    const show = () => v.host.highlightNeuron(l, i);
    li.addEventListener("pointerenter", show);
    li.addEventListener("focus", show);
    return li;
  });
  v.host.highlightNeuron(l, 0);
  // The diagram follows: δ and the gradients from the output back to this layer.
  v.host.overlay?.({ deltas, gradients: bp.gradients, from: l });
  return [
    el("h3", {}, t("teach.backprop.heading")),
    el("p", {}, t("teach.backprop.text")),
    layerPicker(v),
    el("p", { class: "teach-formula" }, last ? t(`teach.backprop.out.${lossKind(v)}`) : t("teach.backprop.hidden")),
    el("p", { class: "teach-sub" }, last ? t("teach.backprop.outNote") : t("teach.backprop.hiddenNote")),
    ...(!last && v.pass?.layers[l]?.norm ? [el("p", { class: "teach-sub teach-pass-note" }, t("teach.backprop.normNote"))] : []),
    ...(!last && !v.pass?.layers[l]?.norm && v.pass?.layers[l]?.mask ? [el("p", { class: "teach-sub teach-pass-note" }, t("teach.backprop.dropNote"))] : []),
    el("ol", { class: "teach-neurons" }, ...rows),
    el("p", { class: "teach-sub" }, t("teach.backprop.grad")),
  ];
}
