// @ts-check
// Step by step, stage 6: gradient descent — pick one weight or bias, see
// the optimizer's update with the engine's gradient, take the real step and
// read the engine's new value, its optimizer state and the losses before and
// after; the chosen weight is marked on the diagram.

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { inputSymbol, layerName, neuronName, num } from "./teach-text.js";
import { formulas, penaltyLines, updateBlock } from "./teach-optimizer.js";

/** @typedef {import("./teach.js").Teach} View */
/** @typedef {import("./teach.js").Model} Model */
/** @typedef {import("./teach.js").Backprop} Backprop */

/** @param {View} v */
export function updateStage(v) {
  const bp = /** @type {Backprop} */ (v.bp);
  const model = /** @type {Model} */ (v.model);
  const pick = /** @type {{layer: number, row: number, col: number}} */ (v.pick);
  const layers = v.sizes.length - 1;
  const opt = v.cfg.optimizer;
  const alpha = opt.learningRate;

  /** @param {string} key @param {string} label @param {[string, string][]} options @param {number} value @param {(v: number) => void} set */
  const select = (key, label, options, value, set) => {
    const s = /** @type {HTMLSelectElement} */ (el("select", { "data-key": key }, ...options.map(([v, text]) => el("option", { value: v }, text))));
    s.value = String(value);
    s.addEventListener("change", () => set(Number(s.value)));
    return el("label", { class: "teach-field" }, el("span", {}, label), s);
  };
  const change = (/** @type {Partial<typeof pick>} */ p) => {
    v.pick = { ...pick, ...p };
    if (!v.validPick(v.pick)) v.pick = { ...v.pick, row: 0, col: 0 };
    v.result = null;
    v.render();
  };
  const layerSel = select("pick-layer", t("teach.update.layer"),
    Array.from({ length: layers }, (_, l) => [String(l), layerName(v, l)]), pick.layer, (v) => change({ layer: v, row: 0, col: 0 }));
  const rowSel = select("pick-row", t("teach.update.neuron"),
    Array.from({ length: v.sizes[pick.layer + 1] }, (_, i) => [String(i), neuronName(v, pick.layer, i)]), pick.row, (v) => change({ row: v }));
  const colSel = select("pick-col", t("teach.update.input"),
    [...Array.from({ length: v.sizes[pick.layer] }, (_, j) => /** @type {[string, string]} */ ([String(j), pick.layer === 0 ? inputSymbol(v, 0, j) : neuronName(v, pick.layer - 1, j)])),
      [String(v.sizes[pick.layer]), t("teach.update.bias")]], pick.col, (v) => change({ col: v }));
  v.host.highlightNeuron(pick.layer, pick.row);

  const isBias = pick.col === v.sizes[pick.layer];
  const sym = isBias ? "b" : "w";
  const r = v.result;
  const w = r ? r.before : isBias ? model.layers[pick.layer].biases[pick.row] : model.layers[pick.layer].weights[pick.row][pick.col];
  const g = r ? r.grad : isBias ? bp.gradients.layers[pick.layer].biases[pick.row] : bp.gradients.layers[pick.layer].weights[pick.row][pick.col];
  const a = r ? r.alpha : alpha;
  const kind = r ? r.kind : opt.kind;
  v.host.overlay?.({ mark: { ...pick, before: w, after: r ? r.stateAfter.value : null } });

  const values = el("dl", { class: "teach-values" },
    el("dt", {}, t(isBias ? "teach.update.b" : "teach.update.w")), el("dd", { class: "teach-w" }, num(w, 5)),
    el("dt", {}, t("teach.update.g", { sym, n: bp.batch.length })), el("dd", { class: "teach-g" }, num(g, 5)),
    el("dt", {}, t("teach.update.alpha")), el("dd", { class: "teach-alpha" }, String(a)));
  const button = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "teach-take", "data-key": "take" }, t("teach.update.take")));
  button.disabled = v.busy;
  button.addEventListener("click", () => void takeStep(v));

  /** @type {Node[]} */
  const out = [
    el("h3", {}, t("teach.update.heading")),
    el("p", {}, t("teach.update.text")),
    el("div", { class: "teach-picks" }, layerSel, rowSel, colSel),
    el("p", { class: "teach-sub" }, t("teach.opt.heading", { name: t(`opt.${kind}`) })),
    ...formulas(kind, sym).map((f) => el("p", { class: "teach-formula" }, f)),
    values,
    el("p", { class: "teach-sub" }, t("teach.update.gNote")),
  ];
  if (!r) {
    out.push(el("p", {}, t("teach.update.before")), button);
  } else {
    out.push(
      el("p", { class: "teach-done", role: "status" }, t("teach.update.done", { step: r.step })),
      ...penaltyLines(r.regularization, isBias, r.before, r.grad),
      ...updateBlock(r, sym),
      el("dl", { class: "teach-values" },
        el("dt", {}, t("teach.update.objBefore", { n: r.batchSize })), el("dd", { class: "teach-obj-before" }, num(r.objective)),
        el("dt", {}, t("teach.update.trainBefore")), el("dd", { class: "teach-train-before" }, num(r.trainBefore)),
        el("dt", {}, t("teach.update.trainAfter")), el("dd", { class: "teach-train-after" }, num(r.trainAfter))),
      el("p", { class: "teach-sub" }, t("teach.update.lossNote")),
      el("p", {}, t("teach.update.again")),
      button,
    );
    button.textContent = t("teach.update.takeNext");
  }
  void kind;
  return out;
}

/** Reads the chosen parameter from a model. @param {View} v @param {Model} m */
export function picked(v, m) {
  const p = /** @type {{layer: number, row: number, col: number}} */ (v.pick);
  const L = m.layers[p.layer];
  return p.col === v.sizes[p.layer] ? L.biases[p.row] : L.weights[p.row][p.col];
}

/** Takes one gradient-descent step in the engine and records before and after. @param {View} v */
export async function takeStep(v) {
  if (v.busy || !v.pick) return;
  const e = v.host.engine;
  v.busy = true;
  v.render();
  try {
    // The exact numbers the update uses, read just before it.
    const pick = v.pick;
    const at = [pick.layer, pick.row, pick.col];
    const [model, bp, cfg, loss, stateBefore] = await Promise.all([e.call("model"), e.call("backprop"), e.call("config"), e.call("loss"), e.call("optimizerState", ...at)]);
    const r = await e.call("step");
    const [after, lossAfter, stateAfter] = await Promise.all([e.call("model"), e.call("loss"), e.call("optimizerState", ...at)]);
    if (v.pick !== pick) return;
    v.result = {
      before: picked(v, model),
      grad: picked(v, bp.gradients),
      alpha: cfg.optimizer.learningRate,
      kind: cfg.optimizer.kind,
      optimizer: cfg.optimizer,
      regularization: cfg.regularization,
      stateBefore,
      stateAfter,
      after: picked(v, after),
      objective: bp.objective,
      batchSize: bp.batch.length,
      trainBefore: loss.train,
      trainAfter: lossAfter.train,
      step: r.step,
    };
    v.stepError = "";
  } catch (err) {
    v.stepError = t("teach.update.failed", { message: err instanceof Error ? err.message : String(err) });
  } finally {
    v.busy = false;
  }
  await v.reload();
}
