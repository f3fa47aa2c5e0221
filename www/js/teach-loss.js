// @ts-check
// Step by step, stage 4: the loss — the formula of the chosen head, the
// current sample's loss with its numbers put in, and the minibatch's mean.

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { labelText, lossKind, num, sub, yText } from "./teach-text.js";

/** @typedef {import("./teach.js").Teach} View */
/** @typedef {import("./teach.js").Backprop} Backprop */

/** @param {View} v */
export function lossStage(v) {
  const bp = /** @type {Backprop} */ (v.bp);
  const p = v.currentPoint();
  const out = bp.outputs[v.sample] ?? [];
  const kind = lossKind(v);
  const outText = out.length > 1
    ? out.map((v, k) => `${t("legend.class", { k: k + 1 })}: ${num(v)}`).join(", ")
    : num(out[0]);
  const penalty = v.cfg.regularization?.kind !== "none" && v.cfg.regularization?.rate > 0;
  return [
    el("h3", {}, t("teach.loss.heading")),
    el("p", {}, t("teach.loss.text")),
    el("p", { class: "teach-formula" }, t(`teach.loss.formula.${kind}`)),
    el("p", { class: "teach-formula teach-filled" }, lossFilled(v)),
    el("dl", { class: "teach-values" },
      el("dt", {}, t("teach.loss.output")), el("dd", { class: out.length > 1 ? "teach-output wide" : "teach-output" }, outText),
      el("dt", {}, t("teach.loss.label")), el("dd", {}, p ? labelText(v, p.label) : "–"),
      el("dt", {}, t("teach.loss.sample")), el("dd", { class: "teach-sample-loss" }, num(bp.losses[v.sample])),
      el("dt", {}, t("teach.loss.objective", { n: bp.batch.length })), el("dd", { class: "teach-objective" }, num(bp.objective))),
    el("p", { class: "teach-sub" }, t(penalty ? "teach.loss.penalty" : "teach.loss.mean")),
  ];
}

/**
 * The current sample's loss with its numbers put in. Nothing is computed
 * here: the result at the end is the engine's.
 * @param {View} v
 */
export function lossFilled(v) {
  const bp = /** @type {Backprop} */ (v.bp);
  const p = v.currentPoint();
  const o = bp.outputs[v.sample] ?? [];
  const L = num(bp.losses[v.sample]);
  if (!p) return "";
  switch (lossKind(v)) {
    case "softmax.crossEntropy":
      return `L = −ln ŷ${sub(p.label + 1)} = −ln ${num(o[p.label])} = ${L}`;
    case "sigmoid.crossEntropy":
      return p.label > 0 ? `L = −ln ŷ = −ln ${num(o[0])} = ${L}` : `L = −ln(1 − ŷ) = −ln(1 − ${num(o[0])}) = ${L}`;
    case "linear.huber":
      return `|ŷ − y| = |${num(o[0])} − ${yText(v, p.label)}|  →  L = ${L}`;
    default:
      return `L = ½ (${num(o[0])} − ${yText(v, p.label)})² = ${L}`;
  }
}
