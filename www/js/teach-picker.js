// @ts-check
// The step-by-step view's ‹ › picker, one builder for its three uses: the
// sample of the minibatch, the layer, and the hidden neuron.

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { coord, labelText, layerName, neuronName } from "./teach-text.js";

/** @typedef {import("./teach.js").Teach} View */
/** @typedef {import("./teach.js").Backprop} Backprop */

/**
 * A ‹ text › group: `key` names its buttons (`<key>-prev`, `<key>-next`) and
 * its strings (`<strings>.prev`, `.next`, `.group`).
 * @param {{key: string, strings: string, text: (Node | string)[], move: (delta: number) => void,
 *   atStart?: boolean, atEnd?: boolean, groupClass?: string, textClass?: string}} o
 */
export function picker(o) {
  /** @param {"prev" | "next"} side @param {number} delta @param {boolean | undefined} disabled */
  const arrow = (side, delta, disabled) => {
    const b = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "teach-arrow", "data-key": `${o.key}-${side}`, "aria-label": t(`${o.strings}.${side}`) }, side === "prev" ? "‹" : "›"));
    b.disabled = Boolean(disabled);
    b.addEventListener("click", () => o.move(delta));
    return b;
  };
  return el("div", { class: o.groupClass ?? "teach-sample", role: "group", "aria-label": t(`${o.strings}.group`) },
    arrow("prev", -1, o.atStart), el("span", { class: o.textClass ?? "teach-sample-text" }, ...o.text), arrow("next", 1, o.atEnd));
}

/** The current sample: ‹ k of n › and its point (wraps around). @param {View} v */
export function samplePicker(v) {
  const bp = /** @type {Backprop} */ (v.bp);
  const p = v.currentPoint();
  return picker({
    key: "sample",
    strings: "teach.sample",
    move: (d) => void v.moveSample(d),
    text: [t("teach.sample", { k: v.sample + 1, n: bp.batch.length }),
      el("span", { class: "teach-sub" }, p ? ` (x₁ = ${coord(p.x)}, x₂ = ${coord(p.y)}; ${t("teach.label")} ${labelText(v, p.label)})` : "")],
  });
}

/** ‹ layer › for the forward and backprop stages. @param {View} v */
export function layerPicker(v) {
  const layers = v.sizes.length - 1;
  return picker({
    key: "layer",
    strings: "teach.layer",
    groupClass: "teach-sample teach-layer",
    atStart: v.layer === 0,
    atEnd: v.layer >= layers - 1,
    move: (d) => v.setLayer(v.layer + d),
    text: [`${layerName(v, v.layer)} `, el("span", { class: "teach-sub" }, t("teach.layerOf", { k: v.layer + 1, n: layers }))],
  });
}

/** ‹ neuron › over the hidden neurons of every hidden layer. @param {View} v */
export function neuronPicker(v) {
  const hidden = v.hiddenNeurons();
  const [l, i] = hidden[v.hidden];
  return picker({
    key: "neuron",
    strings: "teach.act.neuron",
    groupClass: "teach-sample teach-layer",
    textClass: "teach-sample-text teach-act-neuron",
    atStart: v.hidden === 0,
    atEnd: v.hidden >= hidden.length - 1,
    move: (d) => void v.moveNeuron(d),
    text: [`${neuronName(v, l, i)} `, el("span", { class: "teach-sub" }, t("teach.act.neuronOf", { k: v.hidden + 1, n: hidden.length }))],
  });
}
