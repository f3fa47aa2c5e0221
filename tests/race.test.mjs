// @ts-check
// The optimizer race in the landscape panel (www/js/race.js) in headless
// Chromium: the five runners start at the same point (the engine's own
// weights, biases frozen); the drawn paths are each runner's two weights
// read back from its engine after each of the first 20 steps; full-batch
// gradient descent's loss never rises at a small learning rate; the five
// losses the page shows are each engine's training loss. Writes
// race-{en,ko}-{1400,375}.png into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8113/ node --test race.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, waitFor } from "./lib/page-helpers.mjs";
import { engineGlue } from "./lib/wasm.mjs";

/** @typedef {import("playwright-core").Page} Page */
/** @typedef {{loss: number, model: any, state: any, biasesFrozen: boolean}} Runner */

const browser = browserPerFile();

/** The built engine (www/pkg) in node. */
async function engineInNode() {
  return (await engineGlue()).Playground;
}

test("freezeBiases: off by default and after a restore, holds the bias through steps, refuses a non-boolean by name", async () => {
  const Playground = await engineInNode();
  const pg = new Playground({ seed: 3, hidden: [], optimizer: { kind: "adam", learningRate: 0.1 } });
  const bias = { layer: 0, row: 0, col: 2 };
  try {
    assert.equal(pg.biasesFrozen(), false);
    assert.throws(() => pg.freezeBiases("yes"), /^Error: freezeBiases: frozen/);
    assert.equal(pg.freezeBiases(true), true);
    const b = pg.param(bias);
    const w = pg.param({ layer: 0, row: 0, col: 0 });
    for (let k = 0; k < 10; k++) pg.step();
    assert.equal(pg.param(bias), b, "the bias stayed");
    assert.notEqual(pg.param({ layer: 0, row: 0, col: 0 }), w, "the weight trained");
    const again = Playground.restore(pg.snapshot());
    assert.equal(again.biasesFrozen(), false, "not part of the snapshot");
    again.free();
  } finally {
    pg.free();
  }
});

/** Opens the landscape panel; the race starts with it. @param {Page} page */
async function open(page) {
  await page.click("#landscape-open");
  await page.locator("#race").waitFor({ state: "visible" });
  await waitFor(() => paths(page), "the race's start");
}

/** Every runner read from its engine (the race worker's Playgrounds). @param {Page} page @returns {Promise<Runner[]>} */
const engines = (page) => page.evaluate(() => /** @type {any} */ (window).nnplay.race());

/** The drawn paths, or null before the first drawing. @param {Page} page @returns {Promise<number[][][] | null>} */
const paths = (page) =>
  page.evaluate(() => {
    const d = /** @type {HTMLElement} */ (document.getElementById("race-canvas")).dataset.paths;
    return d ? JSON.parse(d) : null;
  });

/** The step the page shows. @param {Page} page */
const shownStep = (page) => page.evaluate(() => Number(/** @type {HTMLElement} */ (document.getElementById("race-steps")).dataset.step));

/** The two weights of a runner's model. @param {Runner} r */
const weights = (r) => r.model.layers[0].weights[0];

/** Waits until the page has drawn step `k`. @param {Page} page @param {number} k */
const atStep = (page, k) =>
  waitFor(async () => (await shownStep(page)) === k && ((await paths(page))?.[0].length ?? 0) === k + 1, `step ${k} drawn`);

test("the five runners start at the same point and the drawn paths are the engines' weights after each of the first 20 steps", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await open(page);
    await atStep(page, 0);
    const start = await engines(page);
    assert.equal(start.length, 5);
    const first = /** @type {number[][][]} */ (await paths(page));
    for (const [r, runner] of start.entries()) {
      assert.deepEqual(first[r], [weights(runner)], `runner ${r} starts at its engine's weights`);
      assert.deepEqual(first[r][0], first[0][0], `runner ${r} starts where gradient descent does`);
      assert.equal(runner.biasesFrozen, true);
      assert.equal(runner.state.step, 0);
    }
    const bias = start[0].model.layers[0].biases[0];
    /** @type {number[][][]} */
    const expected = start.map((r) => [weights(r)]);
    for (let k = 1; k <= 20; k++) {
      await page.click("#race-step");
      await atStep(page, k);
      const now = await engines(page);
      now.forEach((r, i) => {
        assert.equal(r.state.step, k);
        assert.equal(r.model.layers[0].biases[0], bias, "the bias is held still");
        expected[i].push(weights(r));
      });
    }
    const drawn = /** @type {number[][][]} */ (await paths(page));
    assert.deepEqual(drawn, expected);
    // Five different walks: no two runners are at the same point after 20 steps.
    const ends = new Set(drawn.map((p) => JSON.stringify(p[20])));
    assert.equal(ends.size, 5, "the five optimizers took five different paths");
  }));

test("at a small learning rate gradient descent's loss never rises; the five losses shown are the engines'", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await open(page);
    await page.selectOption("#race-rate", "0.01");
    await atStep(page, 0);
    await page.click("#race-play");
    await waitFor(async () => (await shownStep(page)) >= 120, "120 steps", 60_000);
    await page.click("#race-play");
    // Settled: the shown step stops changing.
    let last = -1;
    await waitFor(async () => {
      await new Promise((r) => setTimeout(r, 150));
      const now = await shownStep(page);
      const same = now === last;
      last = now;
      return same;
    }, "the race to stop");
    const runners = await engines(page);
    const losses = await page.evaluate(() => JSON.parse(/** @type {string} */ (document.getElementById("race-chart")?.dataset.losses)));
    const gd = /** @type {number[]} */ (losses[0]);
    assert.equal(gd.length, last + 1);
    for (let k = 1; k < gd.length; k++) assert.ok(gd[k] <= gd[k - 1], `step ${k}: ${gd[k]} > ${gd[k - 1]}`);
    assert.ok(gd[gd.length - 1] < gd[0] * 0.9, "gradient descent went downhill");
    const cells = await page.locator(".race-loss").evaluateAll((tds) => tds.map((td) => ({ text: td.textContent, value: /** @type {HTMLElement} */ (td).dataset.value })));
    assert.equal(cells.length, 5);
    runners.forEach((r, i) => {
      assert.equal(r.state.step, last, `runner ${i} took every step`);
      assert.equal(Number(cells[i].value), r.loss, `runner ${i}: the loss shown is its engine's`);
      assert.equal(cells[i].text, r.loss.toFixed(4), `runner ${i}: the number on the page`);
      assert.equal(losses[i][last], r.loss, `runner ${i}: the chart ends at its engine's loss`);
    });
  }));

test("the surface and every loss on the chart are the engine's loss of one neuron at those two weights and the held bias", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await open(page);
    for (let k = 1; k <= 10; k++) {
      await page.click("#race-step");
      await atStep(page, k);
    }
    const d = await page.evaluate(() => ({ .../** @type {HTMLElement} */ (document.getElementById("race-canvas")).dataset }));
    const config = JSON.parse(/** @type {string} */ (d.config));
    const values = /** @type {number[]} */ (JSON.parse(/** @type {string} */ (d.values)));
    const [center, span, res, bias] = [JSON.parse(/** @type {string} */ (d.center)), Number(d.span), Number(d.res), Number(d.bias)];
    const drawn = /** @type {number[][][]} */ (JSON.parse(/** @type {string} */ (d.paths)));
    const losses = await page.evaluate(() => JSON.parse(/** @type {string} */ (document.getElementById("race-chart")?.dataset.losses)));
    assert.equal(values.length, res * res);
    assert.equal((await engines(page))[0].model.layers[0].biases[0], bias);
    const Playground = await engineInNode();
    const pg = new Playground(config);
    /** The training loss at (w1, w2) with the held bias. @param {number} w1 @param {number} w2 */
    const lossAt = (w1, w2) => {
      pg.setModel({ layers: [{ weights: [[w1, w2]], biases: [bias] }] });
      return pg.loss().train;
    };
    try {
      const axis = (/** @type {number} */ c, /** @type {number} */ i) => Math.fround(c + span * ((2 * i) / (res - 1) - 1));
      for (const [row, col] of [[0, 0], [13, 29], [res - 1, 7]]) {
        const want = Math.fround(lossAt(axis(center[0], col), axis(center[1], res - 1 - row)));
        assert.equal(values[row * res + col], want, `cell (${row}, ${col})`);
      }
      drawn.forEach((path, r) => path.forEach(([w1, w2], k) => assert.equal(losses[r][k], lossAt(w1, w2), `runner ${r}, step ${k}`)));
    } finally {
      pg.free();
    }
  }));

for (const lang of ["en", "ko"]) {
  for (const width of [1400, 375]) {
    test(`screenshot: ${lang}, ${width} px`, () =>
      withPage(browser(), `#lang=${lang}`, { contextOptions: { viewport: { width, height: width < 600 ? 1700 : 900 } } }, async ({ page }) => {
        await open(page);
        await page.click("#race-play");
        await waitFor(async () => (await shownStep(page)) >= 60, "60 steps", 60_000);
        await page.click("#race-play");
        const race = page.locator("#race");
        await race.screenshot({ path: join(ARTIFACTS, `race-${lang}-${width}.png`) });
        const widths = await race.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, right: e.getBoundingClientRect().right, page: document.documentElement.clientWidth }));
        assert.ok(widths.scroll <= widths.client + 1 && widths.right <= widths.page + 1, `the race fits the window's width: ${JSON.stringify(widths)}`);
      }));
  }
}
