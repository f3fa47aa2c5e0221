// @ts-check
// Step by step, stage 2: the forward pass, layer by layer — each neuron's
// z = w·a + … + b and a = f(z) with the engine's numbers (trace; with batch
// norm or dropout on, the training step's own, written out by teach-norm.js).

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { MAX_TERMS, fnText, inputSymbol, neuronName, num, outputFn, sub, term } from "./teach-text.js";
import { layerPicker } from "./teach-picker.js";
import { trainingLayer } from "./teach-norm.js";

/** @typedef {import("./teach.js").Teach} View */
/** @typedef {import("./teach.js").Model} Model */

/** @param {View} v */
export function forwardStage(v) {
  const model = /** @type {Model} */ (v.model);
  const tr = v.trace;
  const l = v.layer;
  const layer = model.layers[l];
  const last = l === v.sizes.length - 2;
  const fn = last ? outputFn(v) : v.cfg.activation;
  const train = trainingLayer(v, l, fn);
  const inputs = train ? train.inputs : l === 0 ? tr?.inputs : tr?.layers[l - 1]?.a;
  const nIn = v.sizes[l];
  const shown = Math.min(nIn, MAX_TERMS);
  const symTerms = Array.from({ length: shown }, (_, j) => `w${sub(j + 1)}·${inputSymbol(v, l, j)}`);
  if (nIn > shown) symTerms.push("…");
  const fnName = fn === "softmax" ? "softmax" : fn === "tanh" ? "tanh" : t(`act.${fn}`);
  const rows = layer.weights.map((w, i) => {
    /** @type {(Node | string)[]} */
    const numTerms = Array.from({ length: shown }, (_, j) => el("span", { class: "teach-term" }, `${term(w[j])} × ${term(inputs?.[j] ?? NaN)}`));
    if (nIn > shown) numTerms.push(el("span", { class: "teach-term" }, t("teach.more", { n: nIn - shown })));
    const z = train ? train.z[i] : tr?.layers[l]?.z[i];
    const a = train ? train.a[i] : tr?.layers[l]?.a[i];
    const li = el("li", { class: `teach-neuron${train?.dropped(i) ? " teach-dropped" : ""}`, tabindex: "0", "data-key": `n-${l}-${i}`, "data-layer": String(l), "data-index": String(i) },
      el("div", { class: "teach-neuron-name" }, neuronName(v, l, i)),
      el("div", { class: "teach-eq" }, "z = ", ...numTerms.flatMap((s) => [s, " + "]), num(layer.biases[i]),
        " = ", el("b", { class: "teach-z" }, num(z))),
      ...(train?.rowLines(i) ?? [el("div", { class: "teach-eq" }, `a = ${fnText(fn)} = `, el("b", { class: "teach-a" }, num(a)))]));
    const show = () => v.host.highlightNeuron(l, i);
    li.addEventListener("pointerenter", show);
    li.addEventListener("focus", show);
    if (train?.after.length) {
      // Batch norm: a click (or Enter) on a neuron shows its normalization below the list.
      if (i === train.selected) li.setAttribute("aria-current", "true");
      const pick = () => {
        v.normNeuron = i;
        v.render();
      };
      li.addEventListener("click", pick);
      li.addEventListener("keydown", (e) => e.key === "Enter" && pick());
    }
    return li;
  });
  v.host.highlightNeuron(l, train?.selected ?? 0);
  if (train?.droppedAll.length) v.host.overlay?.({ dropped: train.droppedAll });
  const inputLine = l === 0
    ? t("teach.forward.inputs", { values: (tr?.inputs ?? []).map((x, j) => `${inputSymbol(v, 0, j)} = ${num(x)}`).join(", ") })
    : t("teach.forward.prev");
  return [
    el("h3", {}, t("teach.forward.heading")),
    el("p", {}, t("teach.forward.text")),
    layerPicker(v),
    el("p", { class: "teach-formula" }, `z = ${[...symTerms, "b"].join(" + ")},  ${train?.formula ?? `a = ${fnText(fn)}`}`),
    el("p", { class: "teach-sub" }, `${inputLine} ${t("teach.forward.fn", { name: fnName })}`),
    ...(train?.before ?? []),
    el("ol", { class: "teach-neurons" }, ...rows),
    ...(train?.after ?? []),
    last ? el("p", { class: "teach-sub" }, t(`teach.forward.out.${fn}`)) : el("p", { class: "teach-sub" }, t("teach.forward.next")),
  ];
}
