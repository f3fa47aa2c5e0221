// @ts-check
// The advice panel's rules in node (www/js/advice-rules.js): the shape of a
// loss curve, the learning-rate and "why can't it fit" advice they lead to,
// and that every key they use exists, with its placeholders, in both locales.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { fitAdvice, higherRate, lowerRate, muchLowerRate, rateAdvice, trend } from "../www/js/advice-rules.js";

const WWW = join(dirname(fileURLToPath(import.meta.url)), "..", "www");
const en = JSON.parse(readFileSync(join(WWW, "locales", "en.json"), "utf8"));
const ko = JSON.parse(readFileSync(join(WWW, "locales", "ko.json"), "utf8"));

/** @param {number} n @param {(i: number) => number} f */
const series = (n, f) => Array.from({ length: n }, (_, i) => f(i));

const CIRCLE = {
  problem: "classification",
  dataset: "circle",
  features: ["x1", "x2"],
  hidden: [4, 2],
  activation: "tanh",
  optimizer: { kind: "sgd", learningRate: 0.03 },
};
/** @param {Record<string, unknown>} change @param {Record<string, unknown>} [opt] */
const cfg = (change, opt = {}) => ({ ...CIRCLE, ...change, optimizer: { ...CIRCLE.optimizer, ...opt } });
const HEALTHY = { points: 250, layers: [{ neurons: 4, dead: 0, saturated: 0 }], output: { saturated: 0.1, saturatedWrong: 0 } };

test("trend reads a loss curve's shape over its last window", () => {
  assert.equal(trend(series(8, (i) => 1 - i * 0.01)), "unknown", "too few points");
  assert.equal(trend(series(30, (i) => 0.5 * Math.exp(-i / 10))), "falling");
  assert.equal(trend(series(30, (i) => 0.2 + 0.01 * i)), "rising");
  assert.equal(trend(series(30, (i) => 0.6 + (i % 2 ? 0.2 : -0.2))), "oscillating");
  assert.equal(trend(series(30, (i) => 0.6 + (i % 3 === 0 ? 0.15 : -0.05) * Math.sin(i))), "oscillating");
  assert.equal(trend(series(30, (i) => 0.5 - 1e-5 * i)), "flat");
  // A slow but steady fall is not flat; a small wobble on a falling curve is still falling.
  assert.equal(trend(series(30, (i) => 0.5 - 0.003 * i)), "falling");
  assert.equal(trend(series(30, (i) => 0.5 * Math.exp(-i / 8) + 0.002 * (i % 2))), "falling");
  // Only the last 30 count; NaN (no loss) is skipped.
  assert.equal(trend([...series(30, (i) => 0.2 + 0.01 * i), ...series(30, (i) => 0.5 * Math.exp(-i / 10))]), "falling");
  assert.equal(trend([NaN, ...series(20, (i) => 0.2 + 0.01 * i), NaN]), "rising");
});

test("the fixes move along the page's menu of rates", () => {
  assert.equal(lowerRate(10), 3);
  assert.equal(lowerRate(0.03), 0.01);
  assert.equal(lowerRate(0.00001), 0.000005);
  assert.equal(lowerRate(5), 3);
  assert.equal(muchLowerRate(10), 1);
  assert.equal(muchLowerRate(0.3), 0.03);
  assert.equal(higherRate(0.001), 0.003);
  assert.equal(higherRate(10), 20);
});

test("a loss that oscillates or rises names the learning rate and offers a lower one", () => {
  const a = rateAdvice(cfg({}, { learningRate: 10 }), "oscillating", 0.9, HEALTHY);
  assert.equal(a?.kind, "oscillating");
  assert.deepEqual(a?.text, { key: "advice.oscillating", params: { rate: 10 } });
  assert.deepEqual(a?.fix?.config, { optimizer: { learningRate: 3 } });
  assert.equal(rateAdvice(cfg({}, { learningRate: 1 }), "rising", 0.9, null)?.kind, "rising");
  assert.equal(rateAdvice(cfg({}), "falling", 0.3, HEALTHY), null, "a falling loss needs no advice");
  assert.equal(rateAdvice(cfg({}, { learningRate: 0.3 }), "oscillating", 0.001, HEALTHY), null, "SGD's noise near the minimum is no overshoot");
});

test("a loss that barely moves while high asks for a larger rate; a low or fast-rate one does not", () => {
  const a = rateAdvice(cfg({}, { learningRate: 0.0001 }), "flat", 0.5, HEALTHY);
  assert.equal(a?.kind, "slow");
  assert.deepEqual(a?.fix?.config, { optimizer: { learningRate: 0.001 } });
  assert.equal(rateAdvice(cfg({}, { learningRate: 0.0001 }), "flat", 0.01, HEALTHY), null, "already learned");
  assert.equal(rateAdvice(cfg({}, { learningRate: 0.3 }), "flat", 0.5, HEALTHY), null, "not a small rate");
});

test("the engine's health figures: a saturated output, dead ReLUs and saturated layers come first", () => {
  const out = { ...HEALTHY, output: { saturated: 0.98, saturatedWrong: 0.45 } };
  const a = rateAdvice(cfg({}, { learningRate: 10 }), "flat", 1, out);
  assert.equal(a?.kind, "saturated-output");
  assert.deepEqual(a?.text.params, { share: "98%", wrong: "45%", rate: 10 });
  assert.equal(a?.fix?.reset, true, "saturated weights need fresh ones");
  assert.deepEqual(a?.fix?.config, { optimizer: { learningRate: 1 } });
  const dead = { ...HEALTHY, layers: [{ neurons: 4, dead: 0.75, saturated: 0 }, { neurons: 2, dead: 0.5, saturated: 0 }] };
  const d = rateAdvice(cfg({ activation: "relu" }, { learningRate: 3 }), "falling", 0.4, dead);
  assert.equal(d?.kind, "dead");
  assert.equal(d?.text.key, "advice.deadRelu");
  assert.equal(d?.text.params?.share, "67%");
  assert.deepEqual(d?.fix?.config, { optimizer: { learningRate: 0.3 } }, "two steps down the menu, and fresh weights");
  assert.equal(d?.fix?.reset, true);
  const small = rateAdvice(cfg({ activation: "relu" }, { learningRate: 0.01 }), "falling", 0.4, dead);
  assert.deepEqual(small?.fix, { label: { key: "advice.fix.reset" }, reset: true }, "at a small rate, just fresh weights");
  const sat = { ...HEALTHY, layers: [{ neurons: 4, dead: 0, saturated: 0.75 }] };
  assert.equal(rateAdvice(cfg({}, { learningRate: 3 }), "flat", 0.6, sat)?.kind, "saturated-hidden");
  assert.equal(rateAdvice(cfg({}, { learningRate: 3 }), "falling", 0.2, sat), null, "saturated but learning");
  assert.equal(rateAdvice(cfg({}, { learningRate: 0.1 }), "flat", 0.01, sat), null, "saturated but learned");
  assert.equal(rateAdvice(cfg({ activation: "relu" }, { learningRate: 3 }), "flat", 0.01, dead), null, "dead units, but learned");
});

test("why it cannot fit: no hidden layer, linear everywhere, too few neurons", () => {
  const xor = { dataset: "xor" };
  const none = fitAdvice(cfg({ ...xor, hidden: [] }), "unknown", NaN);
  assert.equal(none?.kind, "no-hidden");
  assert.deepEqual(none?.fix?.config, { hidden: [4] });
  assert.deepEqual(fitAdvice(cfg({ ...xor, hidden: [], activation: "linear" }), "unknown", NaN)?.fix?.config, { hidden: [4], activation: "tanh" });
  const linear = fitAdvice(cfg({ activation: "linear" }), "unknown", NaN);
  assert.equal(linear?.kind, "linear");
  assert.deepEqual(linear?.fix?.config, { activation: "tanh" });
  assert.equal(fitAdvice(cfg({ hidden: [2] }), "falling", 0.4), null, "still learning: no verdict");
  const few = fitAdvice(cfg({ hidden: [2, 2] }), "flat", 0.4);
  assert.equal(few?.kind, "too-few");
  assert.deepEqual(few?.fix?.config, { hidden: [3, 2] }, "the first layer bends the plane");
  assert.equal(fitAdvice(cfg({ hidden: [4, 2] }), "flat", 0.4), null, "TF Playground's 4-2 is enough for circle");
  // Data a line separates, or features that bend the line already: nothing to say.
  assert.equal(fitAdvice(cfg({ dataset: "gauss", hidden: [] }), "flat", 0.4), null);
  assert.equal(fitAdvice(cfg({ hidden: [], features: ["x1Squared", "x2Squared"] }), "flat", 0.4), null);
  assert.equal(fitAdvice(cfg({ problem: "regression", dataset: "plane", hidden: [] }), "flat", 0.4), null);
  assert.equal(fitAdvice(cfg({ problem: "regression", dataset: "gaussians", hidden: [] }), "flat", 0.4)?.kind, "no-hidden");
});

test("every advice key exists in English and Korean with the placeholders it is given", () => {
  const keys = Object.keys(en).filter((k) => k.startsWith("advice."));
  assert.ok(keys.length >= 20);
  const placeholders = (/** @type {string} */ s) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
  for (const key of keys) assert.deepEqual(placeholders(ko[key]), placeholders(en[key]), key);
  const dead = { points: 9, layers: [{ neurons: 2, dead: 1, saturated: 0 }], output: { saturated: 0, saturatedWrong: 0 } };
  const given = [
    rateAdvice(cfg({}, { learningRate: 10 }), "oscillating", 1, null),
    rateAdvice(cfg({}, { learningRate: 10 }), "rising", 1, null),
    rateAdvice(cfg({}, { learningRate: 0.001 }), "flat", 1, null),
    rateAdvice(cfg({}, { learningRate: 10 }), "flat", 1, { ...dead, layers: [], output: { saturated: 1, saturatedWrong: 0.5 } }),
    rateAdvice(cfg({ activation: "relu" }, { learningRate: 0.01 }), "flat", 1, dead),
    rateAdvice(cfg({}, { learningRate: 1 }), "flat", 1, dead),
    rateAdvice(cfg({}, { learningRate: 1 }), "flat", 1, { ...dead, layers: [{ neurons: 2, dead: 0, saturated: 1 }] }),
    fitAdvice(cfg({ hidden: [] }), "flat", 1),
    fitAdvice(cfg({ activation: "linear" }), "flat", 1),
    fitAdvice(cfg({ hidden: [1] }), "flat", 1),
  ];
  for (const a of given) {
    assert.ok(a);
    for (const w of [a.text, a.fix?.label]) {
      if (!w) continue;
      assert.ok(w.key in en && w.key in ko, `${w.key} is in both locales`);
      assert.deepEqual(Object.keys(w.params ?? {}).sort(), placeholders(en[w.key]), `${w.key}'s placeholders`);
    }
  }
});
