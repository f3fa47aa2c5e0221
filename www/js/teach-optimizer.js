// @ts-check
// Step by step, stage 6's optimizer: each optimizer's own update of one
// parameter — SGD, momentum, Nesterov, RMSprop, Adam, and the L1/L2 term —
// written out with the engine's numbers (its state before the step, the
// gradient, the config), computed in f32 as the engine computes, next to the
// engine's own state and value after the step.

import { t } from "./i18n.js";
import { el } from "./dom.js";
import { num, term } from "./teach-text.js";

const f = Math.fround;
/** A constant of the config as the learner set it (its f32 shown with 7 digits: 0.9, not 0.8999999761581421). @param {number} x */
const k = (x) => (x !== 0 && Math.abs(x) < 1e-4 ? num(x, 4) : String(Number(x.toPrecision(7))));

/** @typedef {{first: number, second: number, steps: number, value: number}} ParamState */
/** @typedef {{kind: string, learningRate: number, momentum: number, beta1: number, beta2: number, rho: number, eps: number}} OptimizerConfig */
/** @typedef {{key: string, text: string, value: number}} Row */

/** The update's formulas, in symbols. @param {string} kind @param {string} sym */
export function formulas(kind, sym) {
  switch (kind) {
    case "momentum": return ["v ← μ·v + g", `${sym} ← ${sym} − α·v`];
    case "nesterov": return ["v ← μ·v + g", `${sym} ← ${sym} − α·(g + μ·v)`];
    case "rmsprop": return ["s ← ρ·s + (1 − ρ)·g²", `${sym} ← ${sym} − α·g / (√s + ε)`];
    case "adam": return ["m ← β₁·m + (1 − β₁)·g", "v ← β₂·v + (1 − β₂)·g²", "m̂ = m / (1 − β₁ᵗ)", "v̂ = v / (1 − β₂ᵗ)", `${sym} ← ${sym} − α·m̂ / (√v̂ + ε)`];
    default: return [`${sym} ← ${sym} − α·g`];
  }
}

/**
 * One update written out: each line's formula with its numbers and its value
 * (f32 arithmetic in the engine's order), the new value, and which of the
 * state's buffers hold what (`first`/`second`: the name the learner reads).
 * @param {OptimizerConfig} c @param {string} sym @param {number} w @param {number} g @param {ParamState} s
 * @returns {{rows: Row[], after: number, first: string | null, second: string | null, firstValue: number, secondValue: number}}
 */
export function compute(c, sym, w, g, s) {
  const lr = f(c.learningRate);
  const n = (/** @type {number} */ x) => num(x, 6);
  const tm = (/** @type {number} */ x) => term(x, 6);
  /** @type {Row[]} */
  const rows = [];
  let after = w;
  let first = null;
  let second = null;
  let firstValue = s.first;
  let secondValue = s.second;
  switch (c.kind) {
    case "momentum":
    case "nesterov": {
      const mu = f(c.momentum);
      const v = f(f(mu * s.first) + g);
      rows.push({ key: "v", text: `v = ${k(mu)} × ${tm(s.first)} + ${tm(g)}`, value: v });
      if (c.kind === "momentum") {
        after = f(w - f(lr * v));
        rows.push({ key: "new", text: `${sym} − α·v = ${n(w)} − ${k(lr)} × ${tm(v)}`, value: after });
      } else {
        after = f(w - f(lr * f(g + f(mu * v))));
        rows.push({ key: "new", text: `${sym} − α·(g + μ·v) = ${n(w)} − ${k(lr)} × (${n(g)} + ${k(mu)} × ${tm(v)})`, value: after });
      }
      first = "v";
      firstValue = v;
      break;
    }
    case "rmsprop": {
      const rho = f(c.rho);
      const sNew = f(f(rho * s.second) + f(f(f(1 - rho) * g) * g));
      rows.push({ key: "s", text: `s = ${k(rho)} × ${tm(s.second)} + ${k(f(1 - rho))} × ${tm(g)}²`, value: sNew });
      const root = f(Math.sqrt(sNew));
      after = f(w - f(f(lr * g) / f(root + f(c.eps))));
      rows.push({ key: "new", text: `${sym} − α·g / (√s + ε) = ${n(w)} − ${k(lr)} × ${tm(g)} / (${n(root)} + ${k(c.eps)})`, value: after });
      second = "s";
      secondValue = sNew;
      break;
    }
    case "adam": {
      const [b1, b2] = [f(c.beta1), f(c.beta2)];
      const step = s.steps + 1;
      const c1 = f(1 - Math.pow(b1, step));
      const c2 = f(1 - Math.pow(b2, step));
      const m = f(f(b1 * s.first) + f(f(1 - b1) * g));
      const v = f(f(b2 * s.second) + f(f(f(1 - b2) * g) * g));
      const mHat = f(m / c1);
      const vHat = f(v / c2);
      const root = f(Math.sqrt(vHat));
      after = f(w - f(f(lr * mHat) / f(root + f(c.eps))));
      rows.push(
        { key: "t", text: "t", value: step },
        { key: "m", text: `m = ${k(b1)} × ${tm(s.first)} + ${k(f(1 - b1))} × ${tm(g)}`, value: m },
        { key: "v", text: `v = ${k(b2)} × ${tm(s.second)} + ${k(f(1 - b2))} × ${tm(g)}²`, value: v },
        { key: "mhat", text: `m̂ = ${n(m)} / (1 − ${k(b1)}${sup(step)}) = ${n(m)} / ${n(c1)}`, value: mHat },
        { key: "vhat", text: `v̂ = ${n(v)} / (1 − ${k(b2)}${sup(step)}) = ${n(v)} / ${n(c2)}`, value: vHat },
        { key: "new", text: `${sym} − α·m̂ / (√v̂ + ε) = ${n(w)} − ${k(lr)} × ${tm(mHat)} / (${n(root)} + ${k(c.eps)})`, value: after },
      );
      first = "m";
      second = "v";
      firstValue = m;
      secondValue = v;
      break;
    }
    default:
      after = f(w - f(lr * g));
      rows.push({ key: "new", text: `${sym} − α·g = ${n(w)} − ${k(lr)} × ${tm(g)}`, value: after });
  }
  return { rows, after, first, second, firstValue, secondValue };
}

const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/** @param {number} n */
const sup = (n) => String(n).split("").map((d) => SUP[Number(d)]).join("");

/**
 * The L1/L2 term inside g, when on (weights only; biases carry no penalty).
 * @param {{kind: string, rate: number}} reg @param {boolean} isBias @param {number} w @param {number} g
 * @returns {Node[]}
 */
export function penaltyLines(reg, isBias, w, g) {
  if (!reg || reg.kind === "none" || isBias) return [];
  const rate = f(reg.rate);
  const extra = reg.kind === "l2" ? f(rate * w) : w > 0 ? rate : w < 0 ? -rate : 0;
  const formula = reg.kind === "l2" ? "λ·w" : "λ·sign(w)";
  return [
    el("p", { class: "teach-sub" }, t(`teach.opt.${reg.kind}`)),
    el("p", { class: "teach-formula teach-opt-penalty", "data-value": String(extra) },
      `g = ∂L/∂w + ${formula} = ${num(g - extra, 6)} + ${term(extra, 6)} = ${num(g, 6)}`),
  ];
}

/**
 * The written-out update after a step, with the engine's state and value
 * after it.
 * @param {any} r the step's record (teach-update.js) @param {string} sym
 * @returns {Node[]}
 */
export function updateBlock(r, sym) {
  const c = compute(r.optimizer, sym, r.before, r.grad, r.stateBefore);
  const kind = r.optimizer.kind;
  const stateItems = [];
  if (c.first) stateItems.push(`${c.first} = ${num(r.stateBefore.first, 6)}`);
  if (c.second) stateItems.push(`${c.second} = ${num(r.stateBefore.second, 6)}`);
  /** @type {Node[]} */
  const out = [];
  if (kind !== "sgd") {
    out.push(el("p", { class: "teach-sub" }, t("teach.opt.before", { steps: r.stateBefore.steps, state: stateItems.join(", ") })));
  }
  out.push(el("ol", { class: "teach-opt-rows" }, ...c.rows.map((row) => row.key === "t"
    ? el("li", {}, t("teach.opt.t", { t: row.value }))
    : el("li", {}, `${row.text} = `, el("b", { class: `teach-opt-${row.key}`, "data-value": String(row.value) }, num(row.value, 6))))));
  const e = r.stateAfter;
  /** @type {(string | Node)[]} */
  const engine = [el("dt", {}, t("teach.update.new", { sym })), el("dd", { class: "teach-new", "data-value": String(e.value) }, num(e.value, 6))];
  if (c.first) engine.push(el("dt", {}, c.first), el("dd", { class: "teach-engine-first", "data-value": String(e.first) }, num(e.first, 6)));
  if (c.second) engine.push(el("dt", {}, c.second), el("dd", { class: "teach-engine-second", "data-value": String(e.second) }, num(e.second, 6)));
  const same = e.value === c.after && (!c.first || e.first === c.firstValue) && (!c.second || e.second === c.secondValue);
  out.push(
    el("p", { class: "teach-sub" }, t("teach.opt.engine", { steps: e.steps })),
    el("dl", { class: "teach-values" }, ...engine),
    el("p", { class: same ? "teach-sub teach-opt-same" : "teach-error teach-opt-differs" }, t(same ? "teach.opt.same" : "teach.opt.differs")),
  );
  if (kind !== "sgd") out.push(el("p", { class: "teach-sub" }, t(`teach.opt.note.${kind}`)));
  return out;
}
