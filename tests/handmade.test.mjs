// @ts-check
// Hand-made data in Chromium: points added by hand follow the train/test
// split (drawn from the seed, so exactly reproducible) or join the test set
// when "add as test" is on; once the data is the learner's own (after Clear,
// or a hand edit) no data set tile is chosen; the brush draws its outline,
// its size control changes the painted area; the class keys work while the
// brush tool has focus.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test handmade.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { WIDE, call, waitFor } from "./lib/page-helpers.mjs";

const browser = browserPerFile();

/** @param {import("playwright-core").Page} page */
const ready = (page) => waitFor(() => page.evaluate(() => document.querySelectorAll("#datasets .dataset").length > 0), "the data set tiles");

/** The tiles marked chosen. @param {import("playwright-core").Page} page */
const pressedTiles = (page) =>
  page.evaluate(() => [...document.querySelectorAll('#datasets .dataset[aria-pressed="true"]')].map((b) => /** @type {HTMLElement} */ (b).dataset.dataset));

/** Client coordinates of a domain point on the output canvas. @param {import("playwright-core").Page} page @param {number} x @param {number} y */
async function clientOf(page, x, y) {
  const box = /** @type {{x: number, y: number, width: number, height: number}} */ (await page.locator("#output").boundingBox());
  return { cx: box.x + ((x + 6) / 12) * box.width, cy: box.y + ((6 - y) / 12) * box.height };
}

test("added points follow the split, seeded; addPoint's 4th argument and 'add as test' force the test set", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await ready(page);
    await call(page, "setConfig", { trainRatio: 0.5, seed: 11 });
    const draw = () =>
      page.evaluate(async () => {
        const nnplay = /** @type {any} */ (window).nnplay;
        await nnplay.call("clearPoints");
        /** @type {boolean[]} */
        const tests = [];
        for (let k = 0; k < 300; k++) {
          const i = await nnplay.call("addPoint", ((k % 20) - 10) * 0.5, (Math.floor(k / 20) - 7) * 0.7, k % 2 ? 1 : -1);
          tests.push((await nnplay.call("points"))[i].test);
        }
        return tests;
      });
    const first = await draw();
    const tested = first.filter(Boolean).length;
    assert.ok(tested >= 120 && tested <= 180, `${tested} of 300 hand-added points test at split 0.5`);
    assert.deepEqual(await draw(), first, "the same seed and edits give the same split");
    const forced = await call(page, "addPoint", 1, 1, 1, true);
    assert.equal((await call(page, "points"))[forced].test, true);
    const loss = await call(page, "loss");
    assert.ok(Number.isFinite(loss.test), "test loss is a number once hand-made points test");

    // The page's toggle: a click with "add as test" on adds a test point.
    await page.locator("#add-test").check();
    const before = (await call(page, "points")).length;
    const { cx, cy } = await clientOf(page, 5.5, 5.7);
    await page.mouse.click(cx, cy);
    const after = await waitFor(async () => {
      const p = await call(page, "points");
      return p.length === before + 1 ? p : null;
    }, "the clicked point");
    assert.equal(after[after.length - 1].test, true, "'add as test' puts the clicked point in the test set");
  }));

test("no data set tile is chosen once the data is the learner's own; a tile brings its data back", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await ready(page);
    await waitFor(async () => (await pressedTiles(page)).length === 1, "the default tile chosen");
    assert.deepEqual(await pressedTiles(page), ["circle"]);
    await page.locator("#clear").click();
    await waitFor(async () => (await call(page, "points")).length === 0, "the points cleared");
    await waitFor(async () => (await pressedTiles(page)).length === 0, "no tile chosen after Clear");
    // The circle tile again: circle's data comes back, and its tile is chosen.
    await page.locator('#datasets .dataset[data-dataset="circle"]').click();
    await waitFor(async () => (await call(page, "points")).length > 100, "circle's points back");
    await waitFor(async () => (await pressedTiles(page)).join() === "circle", "circle chosen again");
    // A hand-added point makes the data the learner's own too.
    const { cx, cy } = await clientOf(page, 5.6, -5.6);
    await page.mouse.click(cx, cy);
    await waitFor(async () => (await pressedTiles(page)).length === 0, "no tile chosen after a hand edit");
  }));

test("the brush shows its outline, its size changes the painted area, and the class keys work while it has focus", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await ready(page);
    await page.locator('input[name="tool"][value="brush"]').check();
    // Class keys while the brush's radio has focus.
    await page.locator('input[name="tool"][value="brush"]').focus();
    await page.keyboard.press("2");
    await waitFor(() => page.evaluate(() => document.querySelector('#palette [aria-checked="true"]') === document.querySelectorAll("#palette .swatch")[1]), "class 2 picked while the brush has focus");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("value")), "brush", "the focus stayed on the brush");

    /** Paints one dab at (x, y) with a brush size; returns the farthest new point's distance. @param {number} x @param {number} y @param {string} size */
    const dab = async (x, y, size) => {
      await page.locator("#brush-size").evaluate((e, v) => {
        /** @type {HTMLInputElement} */ (e).value = v;
        e.dispatchEvent(new Event("input", { bubbles: true }));
      }, size);
      const before = (await call(page, "points")).length;
      const { cx, cy } = await clientOf(page, x, y);
      await page.mouse.move(cx, cy);
      const radius = await waitFor(() => page.evaluate(() => document.getElementById("output")?.dataset.brush), "the brush outline drawn");
      await page.mouse.down();
      await page.mouse.up();
      const points = await waitFor(async () => {
        const p = await call(page, "points");
        return p.length > before ? p : null;
      }, "painted points");
      await page.waitForTimeout(200);
      const added = (await call(page, "points")).slice(before);
      assert.ok(added.every((/** @type {any} */ p) => p.label === -1), "painted with class 2");
      return { far: Math.max(...added.map((/** @type {any} */ p) => Math.hypot(p.x - x, p.y - y))), count: added.length, radius: Number(radius), points };
    };
    await call(page, "clearPoints");
    const small = await dab(-3, 3, "0.2");
    const big = await dab(3, -3, "2.4");
    assert.ok(small.far <= 0.2 + 1e-6, `a small brush paints within 0.2 (farthest ${small.far})`);
    assert.ok(big.far > 0.6 && big.far <= 2.4 + 1e-6, `a big brush paints a larger area (farthest ${big.far})`);
    assert.ok(big.count > small.count, "a bigger brush paints more points");
    assert.ok(big.radius > 8 * small.radius, `the outline grows with the size (${small.radius} → ${big.radius} px)`);
    // The outline is drawn on the canvas: pixels on its circle differ from the tool "point".
    const ring = await page.evaluate(() => {
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById("output"));
      return c.toDataURL();
    });
    await page.locator('input[name="tool"][value="point"]').check();
    await page.mouse.move(1, 1);
    await waitFor(() => page.evaluate(() => !document.getElementById("output")?.dataset.brush), "the outline gone with the point tool");
    const plain = await page.evaluate(() => /** @type {HTMLCanvasElement} */ (document.getElementById("output")).toDataURL());
    assert.notEqual(ring, plain, "the outline changed the plot's pixels");
  }));
