// @ts-check
// Step by step, stage 1: the minibatch — which training points this step
// uses (stochastic gradient descent), each one clickable.

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { coord, labelText } from "./teach-text.js";
import { samplePicker } from "./teach-picker.js";

/** @typedef {import("./teach.js").Teach} View */
/** @typedef {import("./teach.js").Backprop} Backprop */

/** @param {View} v */
export function batchStage(v) {
  const bp = /** @type {Backprop} */ (v.bp);
  const trainCount = v.points.filter((p) => !p.test).length;
  const list = el("ol", { class: "teach-points" }, ...bp.batch.map((i, s) => {
    const p = v.points[i];
    const b = el("button", { type: "button", class: "teach-point", "data-key": `point-${s}` },
      `${s + 1}. (${coord(p?.x)}, ${coord(p?.y)}) → ${p ? labelText(v, p.label) : ""}`);
    if (s === v.sample) b.setAttribute("aria-current", "true");
    b.addEventListener("click", async () => {
      v.sample = s;
      await v.loadTrace();
      v.render();
    });
    return el("li", {}, b);
  }));
  return [
    el("h3", {}, t("teach.batch.heading")),
    el("p", {}, t("teach.batch.text", { size: bp.batch.length, batchSize: v.cfg.batchSize, train: trainCount })),
    el("p", {}, t("teach.batch.sgd")),
    el("p", { class: "teach-sub" }, t("teach.batch.canvas")),
    samplePicker(v),
    list,
  ];
}
