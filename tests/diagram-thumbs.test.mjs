// @ts-check
// The diagram's pictures drawn into one canvas (www/js/diagram-thumbs.js), in
// headless Chromium: under each hidden neuron's box, the one sheet canvas
// shows that neuron's own picture as the engine computes it
// (`neuronPixels`), and under the output's box the engine's decision
// boundary (`boundaryPixels`) — at 1400 px and at 375 px on a 2× screen, in
// English and Korean, before and after training steps and a rebuild. A
// picture missing, stale, or in another neuron's box fails. Also: the
// diagram has one picture canvas that changes per frame, not one per neuron;
// hovering a neuron still shows its picture on the big plot. Writes
// diagram-thumbs-en-1400.png and diagram-thumbs-ko-375.png into tests/artifacts/.
//
// Run: cargo xtask build && node --test tests/diagram-thumbs.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { DEFAULT_UI, encodeHash } from "../www/js/state.js";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();
const NARROW = { contextOptions: { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 } };
/** The pictures' side the engine is asked for here (the page draws 64 for networks this small). */
const RES = 64;

/**
 * For each hidden neuron's box (and the output's), how far the sheet's pixels
 * under it are from each engine picture: per box, the mean absolute RGB
 * difference over a 7 × 7 grid of points inside it, against every picture.
 * @param {Page} page
 * @returns {Promise<{ hidden: number[][], output: number | null, sheets: number }>}
 */
async function compare(page) {
  const neurons = Array.from(/** @type {Uint8ClampedArray} */ (await call(page, "neuronPixels", RES)));
  const boundary = Array.from(/** @type {Uint8ClampedArray} */ (await call(page, "boundaryPixels", 256, false)));
  return page.evaluate(([neurons, boundary, res]) => {
    const root = /** @type {HTMLElement} */ (document.getElementById("diagram"));
    const sheet = /** @type {HTMLCanvasElement} */ (root.querySelector("canvas.thumb-sheet"));
    const s = sheet.getBoundingClientRect();
    const scale = sheet.width / s.width;
    const data = /** @type {CanvasRenderingContext2D} */ (sheet.getContext("2d")).getImageData(0, 0, sheet.width, sheet.height).data;
    const grid = [0.15, 0.27, 0.39, 0.5, 0.61, 0.73, 0.85];
    /** The sheet's colours at the grid points inside a box. @param {HTMLElement} box */
    const shown = (box) => {
      const r = box.getBoundingClientRect();
      const [x0, y0, w, h] = [r.left - s.left + box.clientLeft, r.top - s.top + box.clientTop, box.clientWidth, box.clientHeight];
      return grid.flatMap((fy) => grid.map((fx) => {
        const i = (Math.floor((y0 + fy * h) * scale) * sheet.width + Math.floor((x0 + fx * w) * scale)) * 4;
        return [data[i], data[i + 1], data[i + 2]];
      }));
    };
    /** Mean |difference| between what a box shows and picture k of side `side` in `pixels`. @param {number[][]} seen @param {number[]} pixels @param {number} side @param {number} k */
    const distance = (seen, pixels, side, k) => {
      let sum = 0;
      let n = 0;
      grid.forEach((fy, row) => grid.forEach((fx, col) => {
        const at = (k * side * side + Math.floor(fy * side) * side + Math.floor(fx * side)) * 4;
        const c = seen[row * grid.length + col];
        for (let ch = 0; ch < 3; ch++) sum += Math.abs(c[ch] - pixels[at + ch]);
        n += 3;
      }));
      return sum / n;
    };
    const boxes = /** @type {HTMLElement[]} */ ([...root.querySelectorAll(".node.neuron .thumb")]);
    const count = neurons.length / (res * res * 4);
    const hidden = boxes.map((box) => {
      const seen = shown(box);
      return Array.from({ length: count }, (_, k) => distance(seen, neurons, res, k));
    });
    const out = /** @type {HTMLElement | null} */ (root.querySelector(".node.out .thumb"));
    return {
      hidden,
      output: out ? distance(shown(out), boundary, 256, 0) : null,
      sheets: root.querySelectorAll("canvas.thumb-sheet").length,
    };
  }, /** @type {[number[], number[], number]} */ ([neurons, boundary, RES]));
}

/**
 * Every box shows its own neuron's picture (close to it, and closer than to
 * any other neuron's), and the output's box the boundary.
 * @param {Page} page @param {number} hiddenCount @param {string} when
 */
async function expectPictures(page, hiddenCount, when) {
  const c = await compare(page);
  assert.equal(c.sheets, 1, `${when}: one picture canvas`);
  assert.equal(c.hidden.length, hiddenCount, `${when}: a box per hidden neuron`);
  c.hidden.forEach((d, i) => {
    assert.ok(d[i] < 12, `${when}: neuron ${i} shows its picture (mean difference ${d[i].toFixed(1)} of 255)`);
    d.forEach((other, k) => {
      if (k !== i) assert.ok(d[i] < other, `${when}: neuron ${i}'s box is closer to its own picture (${d[i].toFixed(1)}) than to neuron ${k}'s (${other.toFixed(1)})`);
    });
  });
  assert.ok(c.output !== null && c.output < 12, `${when}: the output box shows the boundary (mean difference ${c.output?.toFixed(1)})`);
}

const hashFor = (/** @type {object} */ config) => encodeHash({ config: { dataset: "spiral", seed: 3, ...config }, ui: { ...DEFAULT_UI }, points: null });

test("each neuron's box on the one sheet shows the engine's picture of that neuron (1400 px, en)", () =>
  withPage(browser(), hashFor({ hidden: [5, 3], features: ["x1", "x2", "x1Squared"] }), WIDE, async ({ page }) => {
    await expectPictures(page, 8, "start");
    // Training changes every picture; the sheet follows.
    const before = await compare(page);
    for (let i = 0; i < 3; i++) await page.click("#step");
    await waitFor(async () => (await call(page, "state")).step >= 3, "three steps");
    await waitFor(async () => {
      const c = await compare(page);
      return c.hidden.every((d, i) => d[i] < 12) && c.output !== null && c.output < 12;
    }, "the sheet showing the pictures after the steps");
    await expectPictures(page, 8, "after three steps");
    assert.notDeepEqual((await compare(page)).hidden, before.hidden, "the steps changed the pictures");
    // A rebuild (another architecture) lays the sheet out again.
    await call(page, "setConfig", { hidden: [2, 6, 4] });
    await waitFor(async () => (await page.locator("#diagram .node.neuron").count()) === 12, "the diagram rebuilt");
    await waitFor(async () => (await compare(page)).hidden.every((d, i) => d[i] < 12), "the rebuilt sheet drawn");
    await expectPictures(page, 12, "after the rebuild");
    // No per-neuron canvas: hidden neurons and the output have boxes, not canvases.
    assert.equal(await page.locator("#diagram .node.neuron canvas, #diagram .node.out canvas").count(), 0);
    await page.locator("#diagram").screenshot({ path: join(ARTIFACTS, "diagram-thumbs-en-1400.png") });

    // Hovering a neuron still shows its picture, full size, on the big plot.
    const box = await page.locator('#diagram .node.neuron[data-layer="1"][data-index="2"]').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await waitFor(async () => page.locator("#plot-caption").isVisible(), "the neuron caption");
    const neurons = await call(page, "neuronPixels", RES);
    const plotted = await page.evaluate(([pixels, res]) => {
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById("output"));
      const d = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d")).getImageData(0, 0, c.width, c.height).data;
      // Neuron 2 of layer 1 comes after layer 0's two: picture 4. Mean difference at points between the data points.
      let sum = 0;
      let n = 0;
      for (const [fx, fy] of [[0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9], [0.3, 0.7], [0.7, 0.3]]) {
        const at = ((Math.floor(fy * c.height) * c.width) + Math.floor(fx * c.width)) * 4;
        const src = (4 * res * res + Math.floor(fy * res) * res + Math.floor(fx * res)) * 4;
        for (let ch = 0; ch < 3; ch++) sum += Math.abs(d[at + ch] - pixels[src + ch]);
        n += 3;
      }
      return sum / n;
    }, /** @type {[number[], number]} */ ([Array.from(neurons), RES]));
    assert.ok(plotted < 20, `the big plot shows the hovered neuron (mean difference ${plotted.toFixed(1)})`);
    await page.mouse.move(5, 5);
    await waitFor(async () => page.locator("#plot-caption").isHidden(), "caption gone");
  }));

test("at 375 px on a 2× screen, in Korean, each box shows its neuron's picture", () =>
  withPage(browser(), hashFor({ hidden: [4, 4] }), NARROW, async ({ page }) => {
    await page.selectOption("#lang", "ko");
    await waitFor(async () => (await page.evaluate(() => document.documentElement.lang)) === "ko", "Korean");
    await waitFor(async () => (await compare(page)).hidden.every((d, i) => d[i] < 12), "the sheet drawn");
    await expectPictures(page, 8, "375 px, ko");
    await page.locator("#diagram").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "diagram-thumbs-ko-375.png") });
  }));
