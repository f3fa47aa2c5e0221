// @ts-check
// Step by step, stage 3: the activation function — f and f′ as the engine
// computes them, one hidden neuron's z, a and slope marked on them, and why a
// network needs a non-linearity.

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { num } from "./teach-text.js";
import { neuronPicker } from "./teach-picker.js";

/** @typedef {import("./teach.js").Teach} View */

/** The activation stage's chart: z from −CURVE_Z to CURVE_Z, sampled CURVE_SAMPLES times. */
export const CURVE_Z = 6;
export const CURVE_SAMPLES = 241;

/** The marked neuron's dot, if the engine's slope is for the current activation and z. @param {View} v */
export function currentDot(v) {
  const hidden = v.hiddenNeurons();
  const pair = hidden[v.hidden];
  if (!pair) return null;
  const [l, i] = pair;
  const z = v.trace?.layers[l]?.z[i];
  const a = v.trace?.layers[l]?.a[i];
  const d = v.dot;
  const fresh = d && d.name === v.cfg.activation && d.layer === l && d.index === i && d.z === z;
  return { layer: l, index: i, z, a, slope: fresh ? d.slope : undefined };
}

/** @param {View} v */
export function activationStage(v) {
  const name = /** @type {string} */ (v.cfg.activation);
  const label = t(`act.${name}`);
  /** @type {Node[]} */
  const out = [el("h3", {}, t("teach.act.heading")), el("p", {}, t("teach.act.why"))];
  if (v.hiddenNeurons().length === 0) {
    v.host.highlightNeuron(-1, -1);
    out.push(el("p", { class: "teach-note teach-act-none" }, t("teach.act.none")));
    return out;
  }
  const dot = /** @type {NonNullable<ReturnType<typeof currentDot>>} */ (currentDot(v));
  v.host.highlightNeuron(dot.layer, dot.index);
  // f and f′ in symbols, from the locale files (the numbers are the engine's).
  const [f, df] = [t(`teach.act.f.${name}`), t(`teach.act.df.${name}`)];
  const canvas = el("canvas", { class: "teach-act-chart", role: "img",
    "aria-label": t("teach.act.chart", { name: label, z: num(dot.z), a: num(dot.a), slope: num(dot.slope) }) });
  const swatch = (/** @type {string} */ kind) => el("span", { class: `teach-swatch ${kind}`, "aria-hidden": "true" });
  out.push(
    el("p", {}, t("teach.act.current"), " ", el("b", { class: "teach-act-name", "data-name": name }, label)),
    el("p", { class: "teach-formula teach-act-formula" }, f),
    el("p", { class: "teach-formula teach-act-formula" }, df),
    el("p", { class: "teach-act-shape" }, t(`teach.act.shape.${name}`)),
    neuronPicker(v),
    canvas,
    el("ul", { class: "teach-act-legend" },
      el("li", {}, swatch("f"), t("teach.act.legend.f")),
      el("li", {}, swatch("slope"), t("teach.act.legend.slope")),
      el("li", {}, swatch("dot"), t("teach.act.legend.dot"))),
    el("dl", { class: "teach-values" },
      el("dt", {}, t("teach.act.z")), el("dd", { class: "teach-act-z" }, num(dot.z)),
      el("dt", {}, t("teach.act.a")), el("dd", { class: "teach-act-a" }, num(dot.a)),
      el("dt", {}, t("teach.act.slope")), el("dd", { class: "teach-act-slope" }, num(dot.slope))),
    el("p", { class: "teach-sub" }, t("teach.act.slopeNote")),
  );
  if (name === "linear") out.push(el("p", { class: "teach-sub" }, t("teach.act.linearNote")));
  out.push(el("p", { class: "teach-sub" }, t("teach.act.note")));
  return out;
}
