// @ts-check
// The pace in real headless Chromium: the speed slider sets training steps
// per second, whatever the number of points. At the slowest pace a step takes
// at least half a second; at the default pace circle visibly takes seconds to
// learn (still > 0.1 test loss after 1 s of play, < 0.05 within 60 s); 12
// hand-made points and 500 generated ones learn at the same steps/s.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8107/ node --test pace.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { WIDE, call, waitFor } from "./lib/page-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();
const WWW = join(dirname(fileURLToPath(import.meta.url)), "..", "www");
const en = JSON.parse(readFileSync(join(WWW, "locales", "en.json"), "utf8"));
/** The index of the pace whose English label starts with `prefix`. @param {string} prefix */
const pace = (prefix) => {
  const key = Object.keys(en).find((k) => /^speed\.\d+$/.test(k) && en[k].startsWith(prefix));
  assert.ok(key, `a speed labelled "${prefix}..."`);
  return Number(key.slice("speed.".length));
};

/** The engine's step counter. @param {Page} page @returns {Promise<number>} */
const steps = async (page) => (await call(page, "state")).step;

/** Sets the speed slider with the real keyboard: Home, then ArrowRight `index` times. @param {Page} page @param {number} index */
async function setPace(page, index) {
  await page.focus("#speed");
  await page.keyboard.press("Home");
  for (let i = 0; i < index; i++) await page.keyboard.press("ArrowRight");
  assert.equal(await page.locator("#speed").inputValue(), String(index));
}

/**
 * Steps per second while playing, counted by the engine over `ms` after the
 * first step (the real play button starts and stops it).
 * @param {Page} page @param {number} ms
 */
async function stepsPerSecond(page, ms) {
  await page.click("#play");
  await waitFor(async () => (await steps(page)) > 0, "a first step");
  const s0 = await steps(page);
  const t0 = Date.now();
  await page.waitForTimeout(ms);
  const s1 = await steps(page);
  const t1 = Date.now();
  await page.click("#play");
  return ((s1 - s0) * 1000) / (t1 - t0);
}

/** Circle with its defaults (a fixed seed, so the run is the same every time). */
const CIRCLE = `index.html#s=${Buffer.from(JSON.stringify({ v: 1, c: { seed: 1 } })).toString("base64url")}`;

test("at the slowest pace one step takes at least half a second", async () => {
  await withPage(browser(), CIRCLE, WIDE, async ({ page }) => {
    await setPace(page, 0);
    assert.match(await page.locator("#speed-value").textContent() ?? "", /^1 step \/ s/);
    await page.click("#play");
    await waitFor(async () => (await steps(page)) >= 1, "the first step");
    const t0 = Date.now();
    await waitFor(async () => (await steps(page)) >= 4, "three more steps", 15_000);
    const perStep = (Date.now() - t0) / 3;
    assert.ok(perStep >= 500, `a step took ${perStep.toFixed(0)} ms`);
    // The step counter on the page follows each step.
    await waitFor(async () => Number(await page.locator("#step-count").textContent()) >= 4, "the counter shows it");
    await page.click("#play");
  });
});

test("at the default pace circle takes seconds to learn: > 0.1 after 1 s, < 0.05 within 60 s", async () => {
  await withPage(browser(), CIRCLE, WIDE, async ({ page }) => {
    assert.equal(await page.locator("#speed").inputValue(), String(pace("100 steps")), "the default pace");
    await page.click("#play");
    await page.waitForTimeout(1000);
    const after1s = Number(await page.locator("#test-loss").textContent());
    assert.ok(after1s > 0.1, `test loss after 1 s of play: ${after1s}`);
    const t0 = Date.now();
    await waitFor(async () => Number(await page.locator("#test-loss").textContent()) < 0.05, "test loss < 0.05", 60_000);
    console.log(`circle at the default pace: test loss ${after1s} after 1 s, < 0.05 after ${((Date.now() - t0) / 1000 + 1).toFixed(1)} s`);
  });
});

test("12 hand-made points and 500 points learn at the same steps per second", async () => {
  const rate = 30;
  const index = pace(`${rate} steps`);
  const big = await withPage(browser(), CIRCLE, WIDE, async ({ page }) => {
    await setPace(page, index);
    return stepsPerSecond(page, 4000);
  });
  const small = await withPage(browser(), CIRCLE, WIDE, async ({ page }) => {
    await page.click("#clear");
    await waitFor(async () => (await call(page, "points")).length === 0, "no points");
    const box = await page.locator("#output").boundingBox();
    assert.ok(box);
    const at = (/** @type {number} */ x, /** @type {number} */ y) => page.mouse.click(box.x + ((x + 6) / 12) * box.width, box.y + ((6 - y) / 12) * box.height);
    await page.keyboard.press("1");
    for (let i = 0; i < 6; i++) await at(-3, -3 + i);
    await page.keyboard.press("2");
    for (let i = 0; i < 6; i++) await at(3, -3 + i);
    await waitFor(async () => (await call(page, "points")).length === 12, "12 points");
    await setPace(page, index);
    return stepsPerSecond(page, 4000);
  });
  console.log(`at "${en[`speed.${index}`]}": 500 points ${big.toFixed(1)} steps/s, 12 points ${small.toFixed(1)} steps/s`);
  // The tolerance is about the pace (a step more or less in the window), not the machine.
  for (const [what, r] of [["500 points", big], ["12 points", small]]) {
    assert.ok(Math.abs(/** @type {number} */ (r) - rate) <= rate * 0.2, `${what}: ${r} steps/s, want ${rate} ± 20%`);
  }
  assert.ok(Math.abs(big - small) <= rate * 0.2, `500 points ${big} vs 12 points ${small} steps/s`);
});
