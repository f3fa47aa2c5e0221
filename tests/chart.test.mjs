// @ts-check
// The loss chart in real headless Chromium: at 1400 x 1000 it is at least
// 160 px tall with both axes labelled; played with the real button, its
// drawn minibatch trace (each step's loss) varies far more with batch size 1
// than with the full batch — SGD's noise, measured on what the chart drew.
// Writes chart-{batch1,full}-{en,ko}-{desktop,mobile}.png into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8107/ node --test chart.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, waitFor } from "./lib/page-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();
const WWW = join(dirname(fileURLToPath(import.meta.url)), "..", "www");
/** @param {string} lang @returns {Record<string, string>} */
const locale = (lang) => JSON.parse(readFileSync(join(WWW, "locales", `${lang}.json`), "utf8"));
/** The pace "1,000 steps / s", found by its English label. */
const FAST = Number(Object.entries(locale("en")).find(([k, v]) => /^speed\.\d+$/.test(k) && /^1,000 steps/.test(v))?.[0].slice(6));

/**
 * A link to circle (seed 1) with a batch size, at the fast pace.
 * @param {number} batchSize @param {string} lang
 */
function link(batchSize, lang) {
  const json = JSON.stringify({ v: 1, c: { seed: 1, batchSize }, u: { showTest: true, discretize: false, speed: FAST, chartLog: false } });
  return `index.html#s=${Buffer.from(json).toString("base64url")}&lang=${lang}`;
}

/** The chart's exposed figures. @param {Page} page */
const drawn = (page) =>
  page.locator("#chart").evaluate((c) => ({ ...(/** @type {HTMLElement} */ (c).dataset) }));

/**
 * Plays (real click) until the chart has drawn at least `steps` steps, pauses
 * (real click) and returns what the chart drew.
 * @param {Page} page @param {number} steps
 */
async function playFor(page, steps) {
  await page.click("#play");
  await waitFor(async () => Number((await drawn(page)).steps) >= steps, `${steps} steps on the chart`, 30_000);
  await page.click("#play");
  await waitFor(async () => (await page.locator("#play").getAttribute("aria-pressed")) === "false", "paused");
  await page.waitForTimeout(200);
  return drawn(page);
}

for (const lang of ["en", "ko"]) {
  const words = locale(lang);
  for (const [view, viewport] of /** @type {const} */ ([["desktop", { width: 1400, height: 1000 }], ["mobile", { width: 375, height: 800 }]])) {
    test(`${lang} ${view}: the chart is tall, has labelled axes, and batch 1 is noisier than the full batch`, async () => {
      /** @type {Record<string, number>} */
      const change = {};
      for (const [name, batch] of /** @type {const} */ ([["batch1", 1], ["full", 250]])) {
        await withPage(browser(), link(batch, lang), { contextOptions: { viewport } }, async ({ page }) => {
          const box = await page.locator("#chart").boundingBox();
          assert.ok(box, "the chart has a box");
          if (view === "desktop") assert.ok(box.height >= 160, `the chart is ${box.height} px tall, want >= 160`);
          const d = await playFor(page, 300);
          assert.equal(d.xLabel, words["chart.axisStep"], "x axis label");
          assert.equal(d.yLabel, words["chart.axisLoss"], "y axis label");
          assert.ok((d.xTicks ?? "").split(" ").length >= 2, `x ticks: ${d.xTicks}`);
          assert.ok((d.yTicks ?? "").split(" ").length >= 2, `y ticks: ${d.yTicks}`);
          assert.ok(Number(d.batchColumns) >= 100, `the minibatch trace has ${d.batchColumns} columns`);
          change[name] = Number(d.batchChange);
          await page.locator(".output-panel").scrollIntoViewIfNeeded();
          await page.locator(".chart-wrap").screenshot({ path: join(ARTIFACTS, `chart-${name}-${lang}-${view}.png`) });
        });
      }
      assert.ok(
        change.batch1 > 5 * change.full,
        `mean |step-to-step change| of the drawn minibatch trace: batch 1 ${change.batch1}, full batch ${change.full}`,
      );
    });
  }
}

test("the taller button doubles the chart and the window select shows the last epochs", async () => {
  await withPage(browser(), link(10, "en"), { contextOptions: { viewport: { width: 1400, height: 1000 } } }, async ({ page }) => {
    const before = (await page.locator("#chart").boundingBox())?.height ?? 0;
    await page.click("#chart-expand");
    await waitFor(async () => ((await page.locator("#chart").boundingBox())?.height ?? 0) > 1.5 * before, "a taller chart");
    const all = await playFor(page, 600);
    await page.selectOption("#chart-window", "10");
    await waitFor(async () => (await drawn(page)).xTicks !== all.xTicks, "new x ticks");
    const last = await drawn(page);
    // 10 epochs of 25 steps: the axis starts near step 350, not at 0.
    const first = Number((last.xTicks ?? "").split(" ")[0]);
    assert.ok(first > 200, `the last 10 epochs start at step ${first} (ticks ${last.xTicks})`);
  });
});
