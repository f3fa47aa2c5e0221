// @ts-check
// The "Loss landscape" panel (www/js/landscape.js) in headless Chromium: the
// surface it draws holds, at probed cells, exactly the loss the engine
// reports once those two parameters are set to the cell's values (over the
// training set and over the next minibatch); the drawn path is the two
// parameters after each of the first 20 steps; the warped view puts each
// point at its hidden activations (trace()). Writes landscape-{en,ko}-{1400,375}.png
// into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8107/ node --test landscape.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */
/** @typedef {{layer: number, row: number, col: number}} Param */

const browser = browserPerFile();

/** Opens the panel with its button. @param {Page} page */
async function open(page) {
  await page.click("#landscape-open");
  await page.locator("#landscape").waitFor({ state: "visible" });
}

/** The surface canvas's data attributes, parsed. @param {Page} page */
function surface(page) {
  return page.evaluate(() => {
    const d = /** @type {HTMLElement} */ (document.getElementById("landscape-canvas")).dataset;
    if (!d.values) return null;
    return {
      values: /** @type {number[]} */ (JSON.parse(d.values)),
      center: /** @type {number[]} */ (JSON.parse(d.center ?? "[]")),
      span: Number(d.span),
      res: Number(d.res),
      source: d.source,
      p1: JSON.parse(d.p1 ?? "null"),
      p2: JSON.parse(d.p2 ?? "null"),
      path: /** @type {number[][]} */ (JSON.parse(d.path ?? "[]")),
    };
  });
}

/**
 * Waits for a surface of these parameters and source computed at the
 * engine's current values of them.
 * @param {Page} page @param {Param} p1 @param {Param} p2 @param {string} source
 */
async function settledSurface(page, p1, p2, source) {
  const want = [p1, p2].map((p) => JSON.stringify(p));
  return waitFor(async () => {
    const s = await surface(page);
    if (!s || s.source !== source || JSON.stringify(s.p1) !== want[0] || JSON.stringify(s.p2) !== want[1]) return null;
    const model = await call(page, "model");
    return s.center[0] === read(model, p1) && s.center[1] === read(model, p2) ? s : null;
  }, `a ${source} surface of the chosen parameters`);
}

/** A parameter's value in a model. @param {any} model @param {Param} p */
function read(model, p) {
  const layer = model.layers[p.layer];
  return p.col === layer.weights[0].length ? layer.biases[p.row] : layer.weights[p.row][p.col];
}

/** A copy of a model with one parameter set. @param {any} model @param {Param} p @param {number} v */
function withParam(model, p, v) {
  const m = structuredClone(model);
  const layer = m.layers[p.layer];
  if (p.col === layer.weights[0].length) layer.biases[p.row] = v;
  else layer.weights[p.row][p.col] = v;
  return m;
}

/** Cell i's value along an axis, as the engine computes it (f64, rounded to f32). */
const axis = (/** @type {number} */ c, /** @type {number} */ span, /** @type {number} */ i, /** @type {number} */ res) =>
  Math.fround(c + span * ((2 * i) / (res - 1) - 1));

/** @param {Param} p */
const key = (p) => `${p.layer},${p.row},${p.col}`;

// Layer 0's inputs are x1, x2: column 2 is a bias. Layer 1 follows 4 neurons.
const BIAS = { layer: 0, row: 1, col: 2 };
const WEIGHT = { layer: 1, row: 0, col: 3 };

test("the surface is the engine's loss at probed cells, over the training set and the next minibatch", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await call(page, "train", 2);
    await call(page, "step"); // mid-epoch: the next minibatch is not the first
    assert.equal((await call(page, "config")).regularization.kind, "none", "the minibatch loss is the objective");
    await open(page);
    await page.selectOption("#landscape-p1", key(BIAS));
    await page.selectOption("#landscape-p2", key(WEIGHT));
    const cells = [[0, 0], [7, 22], [30, 13]];
    for (const source of ["train", "batch"]) {
      await page.selectOption("#landscape-source", source);
      const s = await settledSurface(page, BIAS, WEIGHT, source);
      const model = await call(page, "model");
      const losses = s.values;
      assert.ok(new Set(losses).size > s.res, "the surface is not flat");
      for (const [row, col] of cells) {
        const v1 = axis(s.center[0], s.span, col, s.res);
        const v2 = axis(s.center[1], s.span, s.res - 1 - row, s.res);
        await call(page, "setModel", withParam(withParam(model, BIAS, v1), WEIGHT, v2));
        const engine = source === "train" ? (await call(page, "loss")).train : (await call(page, "backprop")).objective;
        assert.equal(losses[row * s.res + col], Math.fround(engine), `${source} cell (${row}, ${col})`);
      }
      await call(page, "setModel", model);
    }
    // The centre is the current network.
    const s = await settledSurface(page, BIAS, WEIGHT, "batch");
    const mid = (s.res - 1) / 2;
    assert.equal(s.values[mid * s.res + mid], Math.fround((await call(page, "backprop")).objective));
  }));

test("the drawn path is the two parameters after each of the first 20 steps", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    const p1 = { layer: 0, row: 0, col: 0 };
    const p2 = { layer: 0, row: 0, col: 1 };
    await open(page);
    await page.selectOption("#landscape-p1", key(p1));
    await page.selectOption("#landscape-p2", key(p2));
    await settledSurface(page, p1, p2, "train");
    const model = await call(page, "model");
    const expected = [[read(model, p1), read(model, p2)]];
    for (let k = 1; k <= 20; k++) {
      await page.click("#step");
      await waitFor(async () => (await call(page, "state")).step === k, `step ${k}`);
      const m = await call(page, "model");
      expected.push([read(m, p1), read(m, p2)]);
    }
    const s = await waitFor(async () => {
      const got = await surface(page);
      return got && got.path.length >= 21 ? got : null;
    }, "21 path points");
    assert.deepEqual(s.path, expected);
    assert.notDeepEqual(expected[20], expected[0], "the parameters moved");
  }));

test("the warped view puts each point at its hidden neurons' activations", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await call(page, "train", 5);
    await open(page);
    await page.selectOption("#warp-layer", "0");
    await page.selectOption("#warp-n1", "1");
    await page.selectOption("#warp-n2", "3");
    const points = await call(page, "points");
    const drawn = async () =>
      page.evaluate(() => {
        const d = /** @type {HTMLElement} */ (document.getElementById("warp-canvas")).dataset;
        return d.layer === "0" && d.n1 === "1" && d.n2 === "3" && d.points ? /** @type {number[][]} */ (JSON.parse(d.points)) : null;
      });
    const first = await waitFor(drawn, "the warp of neurons 1 and 3");
    assert.equal(first.length, points.length);
    for (const i of [0, 42, points.length - 1]) {
      const tr = await call(page, "trace", points[i].x, points[i].y);
      assert.deepEqual(first[i], [tr.layers[0].a[1], tr.layers[0].a[3]], `point ${i}`);
    }
    // It follows training.
    await page.click("#play");
    await waitFor(async () => JSON.stringify(await drawn()) !== JSON.stringify(first), "the warp to move as it trains");
    await page.click("#play");
  }));

for (const lang of ["en", "ko"]) {
  for (const width of [1400, 375]) {
    test(`screenshot: ${lang}, ${width} px`, () =>
      withPage(browser(), `#lang=${lang}`, { contextOptions: { viewport: { width, height: 900 } } }, async ({ page }) => {
        await call(page, "train", 3);
        // A larger step than the default, so the path shows at this scale.
        await call(page, "setConfig", { optimizer: { learningRate: 0.3 } });
        await open(page);
        await page.selectOption("#landscape-source", "batch");
        await settledSurface(page, { layer: 0, row: 0, col: 0 }, { layer: 0, row: 0, col: 1 }, "batch");
        for (let k = 0; k < 30; k++) await page.click("#step");
        await waitFor(async () => ((await surface(page))?.path.length ?? 0) >= 31, "the path");
        await waitFor(() => page.evaluate(() => Boolean(document.getElementById("warp-canvas")?.dataset.points)), "the warp");
        await page.locator("#landscape").screenshot({ path: join(ARTIFACTS, `landscape-${lang}-${width}.png`) });
      }));
  }
}
