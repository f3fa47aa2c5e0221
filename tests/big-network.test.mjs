// @ts-check
// A network too big to draw at full resolution (issue 11, item 3): a valid
// link with hidden [64, 64, 64, 64, 1] (257 hidden neurons: at 256 × 256 its
// pictures would pass the engine's limit on one evaluation) starts and draws,
// and so does switching a running page to it. The page picks the largest
// resolution that fits `catalog.ranges.gridValues.max`; it never refuses a
// picture. Writes big-network.png into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test big-network.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, engineCatalog, waitFor } from "./lib/page-helpers.mjs";
import { DEFAULT_UI, encodeHash } from "../www/js/state.js";

/** @typedef {import("playwright-core").Page} Page */

const BIG = [64, 64, 64, 64, 1];
const browser = browserPerFile();

/** How many distinct colours the output canvas shows (a blank one has one or two). @param {Page} page */
const outputColours = (page) =>
  page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("output"));
    const d = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d")).getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  });

/**
 * Hidden-neuron thumbnails with something drawn in them: boxes under which the
 * diagram's one picture canvas (diagram-thumbs.js) shows more than the empty
 * box's colour.
 * @param {Page} page
 */
const drawnThumbs = (page) =>
  page.evaluate(() => {
    const root = /** @type {HTMLElement} */ (document.getElementById("diagram"));
    const sheet = /** @type {HTMLCanvasElement} */ (root.querySelector("canvas.thumb-sheet"));
    const s = sheet.getBoundingClientRect();
    const scale = sheet.width / s.width;
    const ctx = /** @type {CanvasRenderingContext2D} */ (sheet.getContext("2d"));
    const data = ctx.getImageData(0, 0, sheet.width, sheet.height).data;
    // The empty box's colour, as the canvas writes it.
    const probe = /** @type {CanvasRenderingContext2D} */ (document.createElement("canvas").getContext("2d"));
    probe.fillStyle = getComputedStyle(root).getPropertyValue("--panel-2").trim();
    probe.fillRect(0, 0, 1, 1);
    const empty = probe.getImageData(0, 0, 1, 1).data;
    return [...root.querySelectorAll(".node.neuron .thumb")].filter((el) => {
      const box = /** @type {HTMLElement} */ (el);
      const r = box.getBoundingClientRect();
      if (box.clientWidth < 2) return false;
      for (const fy of [0.25, 0.5, 0.75]) {
        for (const fx of [0.25, 0.5, 0.75]) {
          const x = Math.floor((r.left - s.left + box.clientLeft + fx * box.clientWidth) * scale);
          const y = Math.floor((r.top - s.top + box.clientTop + fy * box.clientHeight) * scale);
          const i = (y * sheet.width + x) * 4;
          if ([0, 1, 2].some((ch) => Math.abs(data[i + ch] - empty[ch]) > 2)) return true;
        }
      }
      return false;
    }).length;
  });

/** @param {Page} page */
async function expectDrawn(page) {
  const hiddenCount = BIG.reduce((a, b) => a + b, 0);
  const catalog = await engineCatalog();
  assert.ok(256 * 256 * hiddenCount > catalog.ranges.gridValues.max, "the network does not fit at full resolution");
  await waitFor(async () => (await page.locator(".node.neuron").count()) === hiddenCount, "every hidden neuron in the diagram", 30_000);
  await waitFor(async () => (await drawnThumbs(page)) === hiddenCount, "every neuron's picture drawn", 30_000);
  assert.ok((await outputColours(page)) > 20, "the output is drawn");
  assert.equal(await page.evaluate(() => document.body.dataset.error ?? null), null);
}

test("a valid link with 257 hidden neurons starts and draws", () => {
  const hash = encodeHash({ config: { dataset: "xor", hidden: BIG, seed: 4 }, ui: { ...DEFAULT_UI }, points: null });
  return withPage(browser(), hash, { ...WIDE, timeout: 60_000 }, async ({ page }) => {
    assert.deepEqual((await call(page, "config")).hidden, BIG);
    assert.equal(await page.locator("#notice").isHidden(), true, "no notice: the link is valid");
    await expectDrawn(page);
    await page.screenshot({ path: join(ARTIFACTS, "big-network.png") });
  });
});

test("a running page switched to 257 hidden neurons goes on drawing and training", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await page.locator("#play").click();
    await waitFor(async () => (await call(page, "state")).step > 20, "training");
    await call(page, "setConfig", { hidden: BIG });
    await expectDrawn(page);
    const step = (await call(page, "state")).step;
    await waitFor(async () => (await call(page, "state")).step > step, "training goes on", 30_000);
    await page.locator("#play").click();
  }));
