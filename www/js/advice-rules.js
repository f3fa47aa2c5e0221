// @ts-check
// What the advice panel should say, decided without the DOM: the shape of the
// recent loss curve (rising, oscillating, barely moving), and from it, the
// engine's health figures and the config, the advice to give and its fix.

/** The learning rates of the page's menu, smallest first. */
export const RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

/** Data sets no straight line (or plane) fits, by problem. */
const NONLINEAR = {
  classification: ["circle", "xor", "spiral", "moons", "checkerboard", "rings"],
  multiclass: ["spiral"],
  regression: ["gaussians"],
};
/** Input features that are straight lines in the plane. */
const LINEAR_FEATURES = ["x1", "x2"];
/** Hidden neurons (in the narrowest layer) a data set needs at the least. */
const NEEDS = { circle: 3, xor: 3, moons: 3, gauss: 1, spiral: 6, checkerboard: 6, rings: 6, blobs: 2, plane: 1, gaussians: 4 };

/** Below this loss the network has learned enough that dead or slow units are no trouble. */
const LEARNED = 0.05;
/** Below this loss, ups and downs are SGD's noise near the minimum, not overshooting. */
const NOISE_FLOOR = 0.02;

/** How many recent losses the trend reads. */
export const WINDOW = 30;
/** The fewest losses it judges from. */
export const MIN_POINTS = 12;

/**
 * The shape of the recent losses (oldest first; non-finite values ignored):
 * "rising" (the last third well above the first), "oscillating" (it turns
 * up and down often, and the ups and downs are large next to its net
 * change), "flat" (it barely moves), "falling", or "unknown" (too few).
 * @param {number[]} losses
 * @returns {"rising" | "oscillating" | "flat" | "falling" | "unknown"}
 */
export function trend(losses) {
  const v = losses.slice(-WINDOW).filter((x) => Number.isFinite(x));
  if (v.length < MIN_POINTS) return "unknown";
  const third = Math.floor(v.length / 3);
  const mean = (/** @type {number[]} */ a) => a.reduce((s, x) => s + x, 0) / a.length;
  const head = mean(v.slice(0, third));
  const tail = mean(v.slice(-third));
  const level = Math.max(mean(v), 1e-12);
  let turns = 0;
  let travel = 0;
  let prev = 0;
  for (let i = 1; i < v.length; i++) {
    const d = v[i] - v[i - 1];
    travel += Math.abs(d);
    if (d !== 0) {
      if (prev !== 0 && Math.sign(d) !== Math.sign(prev)) turns++;
      prev = d;
    }
  }
  const net = Math.abs(v[v.length - 1] - v[0]);
  const jumpy = travel / (v.length - 1) > 0.1 * level;
  if (turns >= 0.3 * (v.length - 2) && jumpy && travel > 4 * net) return "oscillating";
  if (tail > head * 1.1 && tail - head > 0.01 * level) return "rising";
  if (travel / level < 0.01 && Math.abs(tail - head) / level < 0.005) return "flat";
  return "falling";
}

/** The next menu rate below `rate` (about a third of it), or half of it below the menu. @param {number} rate */
export function lowerRate(rate) {
  const below = RATES.filter((r) => r < rate * 0.999);
  return below.length ? below[below.length - 1] : rate / 2;
}

/** Two menu steps down (about a tenth): for weights the rate has already wrecked. @param {number} rate */
export function muchLowerRate(rate) {
  return lowerRate(lowerRate(rate));
}

/** The next menu rate above `rate`, or twice it above the menu. @param {number} rate */
export function higherRate(rate) {
  return RATES.find((r) => r > rate * 1.001) ?? rate * 2;
}

/**
 * @typedef {{key: string, params?: Record<string, string | number>}} Words
 * @typedef {{label: Words, config?: Record<string, unknown>, reset?: boolean}} Fix
 * @typedef {{kind: string, text: Words, fix: Fix | null}} Advice
 * @typedef {{points: number, layers: {neurons: number, dead: number, saturated: number}[],
 *   output: {saturated: number, saturatedWrong: number}}} Health
 */

/** @param {number} x a share 0..1 */
const pct = (x) => `${Math.round(x * 100)}%`;

/**
 * Why a network of this shape cannot fit its data, if it cannot: no hidden
 * layer, or a linear activation everywhere, on data no straight line fits
 * (from straight-line features alone), or too few neurons once the loss
 * stalls. Each says the notes' point: a stack of linear layers is one
 * linear layer.
 * @param {any} config the engine's normalized config
 * @param {string} shape the loss's `trend`
 * @param {number} loss the latest training loss
 * @returns {Advice | null}
 */
export function fitAdvice(config, shape, loss) {
  const dataset = config.dataset;
  const curved = /** @type {Record<string, string[]>} */ (NONLINEAR)[config.problem]?.includes(dataset) ?? false;
  const straight = config.features.every((/** @type {string} */ f) => LINEAR_FEATURES.includes(f));
  if (!curved || !straight) return null;
  const params = { dataset };
  if (config.hidden.length === 0) {
    /** @type {Record<string, unknown>} */
    const change = { hidden: [4] };
    if (config.activation === "linear") change.activation = "tanh";
    return { kind: "no-hidden", text: { key: "advice.noHidden", params }, fix: { label: { key: "advice.fix.addLayer" }, config: change } };
  }
  if (config.activation === "linear") {
    return { kind: "linear", text: { key: "advice.linear", params }, fix: { label: { key: "advice.fix.tanh" }, config: { activation: "tanh" } } };
  }
  // The first hidden layer is the one that bends the input plane.
  const need = /** @type {Record<string, number>} */ (NEEDS)[dataset] ?? 1;
  const first = config.hidden[0];
  if (first < need && shape === "flat" && loss > 0.1) {
    const hidden = config.hidden.map((/** @type {number} */ n, /** @type {number} */ i) => (i === 0 ? need : n));
    return {
      kind: "too-few",
      text: { key: "advice.tooFew", params: { n: first, dataset } },
      fix: { label: { key: "advice.fix.widen", params: { n: need } }, config: { hidden } },
    };
  }
  return null;
}

/**
 * What the learning rate is doing wrong, if anything: a saturated output
 * or hidden layer, dead ReLUs, a loss that rises or oscillates, or one that
 * barely moves while still high.
 * @param {any} config the engine's normalized config
 * @param {string} shape the loss's `trend`
 * @param {number} loss the latest training loss
 * @param {Health | null} health the engine's `health()`, if read
 * @returns {Advice | null}
 */
export function rateAdvice(config, shape, loss, health) {
  const rate = config.optimizer.learningRate;
  const lower = lowerRate(rate);
  /** @type {Fix} */
  const lowerFix = { label: { key: "advice.fix.lower", params: { rate: lower } }, config: { optimizer: { learningRate: lower } } };
  // Saturated or dead units have lost their gradient: a lower rate alone
  // cannot bring them back, so the fix starts again from fresh weights, at
  // a rate well below the one that wrecked them.
  const much = muchLowerRate(rate);
  /** @type {Fix} */
  const lowerReset = { label: { key: "advice.fix.lowerReset", params: { rate: much } }, config: { optimizer: { learningRate: much } }, reset: true };
  const hidden = health?.layers ?? [];
  const units = hidden.reduce((s, l) => s + l.neurons, 0);
  const count = (/** @type {"dead" | "saturated"} */ k) => hidden.reduce((s, l) => s + l[k] * l.neurons, 0);
  if (health && health.points > 0) {
    if (health.output.saturatedWrong >= 0.2) {
      return {
        kind: "saturated-output",
        text: { key: "advice.saturatedOutput", params: { share: pct(health.output.saturated), wrong: pct(health.output.saturatedWrong), rate } },
        fix: lowerReset,
      };
    }
    if (units > 0 && count("dead") >= 0.5 * units && loss > LEARNED) {
      const relu = config.activation === "relu";
      return {
        kind: "dead",
        text: { key: relu ? "advice.deadRelu" : "advice.dead", params: { share: pct(count("dead") / units), rate } },
        fix: rate >= 0.1 ? lowerReset : { label: { key: "advice.fix.reset" }, reset: true },
      };
    }
    if (units > 0 && count("saturated") >= 0.5 * units && shape !== "falling" && loss > 2 * LEARNED) {
      return { kind: "saturated-hidden", text: { key: "advice.saturatedHidden", params: { share: pct(count("saturated") / units), rate } }, fix: lowerReset };
    }
  }
  // Near the bottom, SGD's own noise wobbles a tiny loss: that is no overshoot.
  if (!(loss > NOISE_FLOOR)) return null;
  if (shape === "oscillating") return { kind: "oscillating", text: { key: "advice.oscillating", params: { rate } }, fix: lowerFix };
  if (shape === "rising") return { kind: "rising", text: { key: "advice.rising", params: { rate } }, fix: lowerFix };
  if (shape === "flat" && loss > LEARNED && rate <= 0.01) {
    const higher = higherRate(rate);
    return {
      kind: "slow",
      text: { key: "advice.slow", params: { rate } },
      fix: { label: { key: "advice.fix.raise", params: { rate: higher } }, config: { optimizer: { learningRate: higher } } },
    };
  }
  return null;
}
