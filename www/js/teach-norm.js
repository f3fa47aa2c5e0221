// @ts-check
// Step by step, the forward stage in training mode: with batch normalization
// or dropout on, the numbers of the step the engine will take (its
// `trainingForward()`) — each neuron's z, the normalization of the chosen
// neuron over the minibatch (its z's, μ, σ², x̂, γx̂ + β, then a = f(…)) with
// the running estimates evaluation uses instead, and the neurons dropout
// dropped for this sample (marked in the list and on the diagram).

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { fnText, neuronName, num, sub, term } from "./teach-text.js";
import { picker } from "./teach-picker.js";

/** @typedef {import("./teach.js").Teach} View */
/**
 * @typedef {{mean: number[], var: number[], gamma: number[], beta: number[], runningMean: number[], runningVar: number[],
 *   xhat: number[][], y: number[][]}} NormPass
 * @typedef {{z: number[][], norm: NormPass | null, f: number[][], mask: number[][] | null, a: number[][]}} PassLayer
 * @typedef {{batch: number[], dropout: number, keepScale: number, eps: number, momentum: number,
 *   inputs: number[][], layers: PassLayer[], losses: number[]}} TrainingForward
 */

/** The minibatch z's written out in the normalization box, at most. */
const MAX_ZS = 200;

/** Whether the training step differs from evaluation: batch norm or dropout on. @param {any} cfg */
export const trainingDiffers = (cfg) => Boolean(cfg && (cfg.batchNorm || cfg.dropout > 0));

/**
 * The trace of one sample of the training pass, for the other stages: each
 * layer's z is what its activation is applied to (γx̂ + β with batch norm),
 * and a = f of it before any dropout mask (the output layer's, the output).
 * @param {TrainingForward} pass @param {number} s @returns {import("./teach.js").Trace}
 */
export function traceOfPass(pass, s) {
  return {
    inputs: pass.inputs[s],
    layers: pass.layers.map((L) => ({ z: (L.norm ? L.norm.y : L.z)[s], a: L.f[s] })),
  };
}

/** f written for an argument: tanh(γx̂ + β). @param {string} fn @param {string} arg */
const fnOf = (fn, arg) => (fn === "linear" ? arg : fnText(fn).replace("(z)", `(${arg})`));

/**
 * What the forward stage shows of layer `l` in training mode, or null when
 * the training step is evaluation's (neither technique on) or not read yet.
 * @param {View} v @param {number} l @param {string} fn the layer's function
 */
export function trainingLayer(v, l, fn) {
  const pass = /** @type {TrainingForward | null} */ (v.pass);
  const s = v.sample;
  if (!pass || !trainingDiffers(v.cfg) || !pass.layers[l] || s >= pass.batch.length) return null;
  const L = pass.layers[l];
  const last = l === pass.layers.length - 1;
  const norm = L.norm;
  const mask = L.mask?.[s] ?? null;
  const n = L.z[s].length;
  const selected = Math.min(v.normNeuron, n - 1);
  const dropped = (/** @type {number} */ i) => mask !== null && mask[i] === 0;
  const arg = norm ? "γx̂ + β" : "z";
  /** The lines after z = …: x̂, γx̂ + β, and a with its mask. @param {number} i */
  const rowLines = (i) => {
    if (last) return null;
    /** @type {Node[]} */
    const out = [];
    if (norm) {
      out.push(el("div", { class: "teach-eq" }, "x̂ = (z − μ) / √(σ² + ε) = ", el("b", { class: "teach-xhat" }, num(norm.xhat[s][i]))),
        el("div", { class: "teach-eq" }, `γx̂ + β = ${term(norm.gamma[i])} × ${term(norm.xhat[s][i])} + ${term(norm.beta[i])} = `, el("b", { class: "teach-y" }, num(norm.y[s][i]))));
    }
    const f = L.f[s][i];
    if (mask === null) {
      out.push(el("div", { class: "teach-eq" }, `a = ${fnOf(fn, arg)} = `, el("b", { class: "teach-a" }, num(L.a[s][i]))));
    } else if (dropped(i)) {
      out.push(el("div", { class: "teach-eq" }, "a = ", el("s", { class: "teach-f-dropped" }, `${fnOf(fn, arg)} = ${num(f)}`), " → ",
        el("b", { class: "teach-a" }, num(0)), " ", el("span", { class: "teach-drop-tag" }, t("teach.norm.dropped"))));
    } else {
      out.push(el("div", { class: "teach-eq" }, `a = ${fnOf(fn, arg)} × 1/(1 − p) = ${term(f)} × ${num(pass.keepScale)} = `,
        el("b", { class: "teach-a" }, num(L.a[s][i]))));
    }
    return out;
  };
  /** @type {Node[]} */
  const before = [el("p", { class: "teach-note teach-training" }, t("teach.norm.training"))];
  if (mask) {
    const names = mask.flatMap((m, i) => (m === 0 ? [neuronName(v, l, i)] : []));
    before.push(el("p", { class: "teach-sub teach-drop-note" },
      t("teach.norm.dropNote", { p: num(pass.dropout, 2), scale: num(pass.keepScale) }), " ",
      names.length ? t("teach.norm.dropList", { names: names.join(", ") }) : t("teach.norm.dropNone")));
  }
  return {
    /** What this layer reads, for this sample (after the layer before's dropout). */
    inputs: l === 0 ? pass.inputs[s] : pass.layers[l - 1].a[s],
    z: L.z[s],
    a: L.a[s],
    selected: norm ? selected : 0,
    /** The formula's second half: x̂ and the mask where the step has them. */
    formula: last ? null : `${norm ? "x̂ = (z − μ) / √(σ² + ε),  " : ""}a = ${fnOf(fn, arg)}${mask ? " × m" : ""}`,
    dropped,
    rowLines,
    before,
    after: norm ? normBox(v, pass, l, selected, fn) : [],
    /** Neurons of every hidden layer dropped for this sample, for the diagram. */
    droppedAll: /** @type {[number, number][]} */ (pass.layers.slice(0, -1).flatMap((H, hl) =>
      (H.mask?.[s] ?? []).flatMap((m, i) => (m === 0 ? [[hl, i]] : [])))),
  };
}

/**
 * The normalization of neuron `i` of layer `l` over the minibatch, with the
 * engine's numbers, and the running estimates evaluation uses.
 * @param {View} v @param {TrainingForward} pass @param {number} l @param {number} i @param {string} fn
 */
function normBox(v, pass, l, i, fn) {
  const L = pass.layers[l];
  const norm = /** @type {NormPass} */ (L.norm);
  const s = v.sample;
  const n = pass.batch.length;
  const zs = L.z.map((row) => row[i]);
  const items = zs.slice(0, MAX_ZS).map((z, k) => el("li", { class: `teach-norm-z${k === s ? " current" : ""}`, "data-sample": String(k) },
    `z${sub(k + 1)} = `, el("span", { class: "teach-norm-zv" }, num(z))));
  if (n > MAX_ZS) items.push(el("li", { class: "teach-sub" }, t("teach.norm.moreZs", { n: n - MAX_ZS })));
  const width = L.z[s].length;
  const [mu, v2] = [norm.mean[i], norm.var[i]];
  const mask = L.mask?.[s]?.[i];
  const aText = mask === undefined ? `a = ${fnOf(fn, "γx̂ + β")} = `
    : mask === 0 ? `a = ${fnOf(fn, "γx̂ + β")} × 0 = ` : `a = ${fnOf(fn, "γx̂ + β")} × ${num(pass.keepScale)} = `;
  return [el("div", { class: "teach-norm", "data-layer": String(l), "data-index": String(i) },
    el("h4", {}, t("teach.norm.heading", { name: neuronName(v, l, i) })),
    picker({
      key: "norm-neuron",
      strings: "teach.norm.neuron",
      groupClass: "teach-sample teach-layer",
      atStart: i === 0,
      atEnd: i >= width - 1,
      move: (d) => {
        v.normNeuron = Math.max(0, Math.min(width - 1, i + d));
        v.render();
      },
      text: [neuronName(v, l, i)],
    }),
    el("p", { class: "teach-sub" }, t("teach.norm.zs", { n })),
    el("ol", { class: "teach-norm-zs" }, ...items),
    el("p", { class: "teach-eq" }, `μ = (z₁ + … + z${sub(n)}) / ${n} = `, el("b", { class: "teach-norm-mean" }, num(mu))),
    el("p", { class: "teach-eq" }, `σ² = ((z₁ − μ)² + … + (z${sub(n)} − μ)²) / ${n} = `, el("b", { class: "teach-norm-var" }, num(v2))),
    el("p", { class: "teach-sub" }, t("teach.norm.sample", { k: s + 1 })),
    el("p", { class: "teach-eq" }, `x̂ = (z${sub(s + 1)} − μ) / √(σ² + ε) = (${num(zs[s])} − ${term(mu)}) / √(${num(v2)} + ${num(pass.eps)}) = `,
      el("b", { class: "teach-norm-xhat" }, num(norm.xhat[s][i]))),
    el("p", { class: "teach-eq" }, `γx̂ + β = ${term(norm.gamma[i])} × ${term(norm.xhat[s][i])} + ${term(norm.beta[i])} = `,
      el("b", { class: "teach-norm-y" }, num(norm.y[s][i]))),
    el("p", { class: "teach-eq" }, aText, el("b", { class: "teach-norm-a" }, num(L.a[s][i]))),
    el("p", { class: "teach-sub teach-norm-eval" }, t("teach.norm.eval", { momentum: String(Math.round(pass.momentum * 100)) })),
    el("dl", { class: "teach-values" },
      el("dt", {}, t("teach.norm.runningMean")), el("dd", { class: "teach-norm-rmean" }, num(norm.runningMean[i])),
      el("dt", {}, t("teach.norm.runningVar")), el("dd", { class: "teach-norm-rvar" }, num(norm.runningVar[i]))))];
}
