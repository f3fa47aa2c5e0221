// @ts-check
// Never lose work (issue 11, item 6), in real headless Chromium with one
// browser profile shared by the pages of a test: the session is saved in
// local storage as the learner works, a reload 100 ms after a drag keeps the
// drag, a bare URL offers the last session back and restores it exactly
// (config, points, weights, optimizer state, counters, undo/redo), "start
// fresh" forgets it, and training does not make the browser fetch the
// favicon again and again. Writes session-*.png into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test session.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserPerFile, openPage, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, emptySpot, waitFor } from "./lib/page-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */
/** @typedef {{x: number, y: number, label: number, test: boolean}} Point */

const browser = browserPerFile();

/** A fresh profile (storage shared by every page opened in it). */
const profile = () => browser().newContext(WIDE.contextOptions);

/** Client coordinates of a domain point on the output canvas. @param {Page} page @param {number} x @param {number} y */
async function toClient(page, x, y) {
  const box = await page.locator("#output").boundingBox();
  assert.ok(box, "output canvas has a box");
  return [box.x + ((x + 6) / 12) * box.width, box.y + ((6 - y) / 12) * box.height];
}

/**
 * Drags the point with no neighbour within 0.5 (so the press picks it) to an
 * empty spot with the real mouse; returns where it was and where it went.
 * @param {Page} page
 */
async function dragAPoint(page) {
  /** @type {Point[]} */
  const points = await call(page, "points");
  const lone = points.findIndex((p, i) => Math.abs(p.x) < 5 && Math.abs(p.y) < 5 &&
    points.every((q, j) => j === i || Math.hypot(p.x - q.x, p.y - q.y) > 0.5));
  assert.ok(lone >= 0, "a point to drag");
  const from = points[lone];
  const [tx, ty] = emptySpot(points);
  const [fx, fy] = await toClient(page, from.x, from.y);
  const [cx, cy] = await toClient(page, tx, ty);
  await page.mouse.move(fx, fy);
  await page.mouse.down();
  for (let k = 1; k <= 8; k++) await page.mouse.move(fx + ((cx - fx) * k) / 8, fy + ((cy - fy) * k) / 8);
  await page.mouse.up();
  return { from, to: { x: tx, y: ty }, count: points.length };
}

/** Is there a point within 0.15 of (x, y)? @param {Point[]} points @param {{x: number, y: number}} at */
const near = (points, at) => points.some((p) => Math.hypot(p.x - at.x, p.y - at.y) < 0.15);

/** The saved session record, parsed (null when none). @param {Page} page */
const saved = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("nnplay-session") ?? "null"));

test("a reload 100 ms after a drag restores that drag, and its undo", async () => {
  const ctx = await profile();
  try {
    const opened = await openPage(ctx, "");
    const { page } = opened;
    const { from, to, count } = await dragAPoint(page);
    await page.waitForTimeout(100);
    await page.reload({ waitUntil: "load" });
    await waitFor(() => page.evaluate(() => document.body.dataset.ready === "1"), "ready after the reload");
    /** @type {Point[]} */
    const points = await call(page, "points");
    assert.equal(points.length, count);
    assert.ok(near(points, to), "the dragged point is where it was dropped");
    assert.ok(!near(points, from), "and no longer where it was");
    assert.equal(await page.locator("#session").isVisible(), true, "the page says the session is back");
    await page.screenshot({ path: join(ARTIFACTS, "session-restored.png") });
    // The drag is one undo step, kept across the reload.
    await page.locator("#undo").click();
    await waitFor(async () => near(await call(page, "points"), from), "undo puts the point back");
    assert.deepEqual(opened.problems(), []);
  } finally {
    await ctx.close();
  }
});

test("a bare URL offers the last session and restores it exactly; start fresh forgets it", async () => {
  const ctx = await profile();
  try {
    /** @type {any} */
    let before;
    /** @type {Point[][]} */
    const states = [];
    await withPage(ctx, "", {}, async ({ page }) => {
      await call(page, "setConfig", { optimizer: { kind: "adam", learningRate: 0.01 }, hidden: [5, 3] });
      states.push(await call(page, "points"));
      await dragAPoint(page);
      await waitFor(async () => (await page.locator("#undo").isEnabled()), "an undo step");
      states.push(await call(page, "points"));
      await dragAPoint(page);
      await waitFor(async () => JSON.stringify(await call(page, "points")) !== JSON.stringify(states[1]), "the second drag");
      states.push(await call(page, "points"));
      await page.locator("#undo").click();
      await waitFor(async () => JSON.stringify(await call(page, "points")) === JSON.stringify(states[1]), "undo");
      await page.locator("#output").focus();
      for (let k = 0; k < 7; k++) await page.keyboard.press("s");
      await waitFor(async () => (await call(page, "state")).step === 7, "seven steps");
      before = await call(page, "snapshot");
      await waitFor(async () => (await saved(page))?.snapshot?.step === 7, "the session saved after the steps");
    });

    await withPage(ctx, "", {}, async ({ page }) => {
      await waitFor(() => page.locator("#session-resume").isVisible(), "the offer to resume");
      assert.equal((await call(page, "state")).step, 0, "nothing is restored before the learner says so");
      await page.screenshot({ path: join(ARTIFACTS, "session-offer.png") });
      await page.locator("#session-resume").click();
      await waitFor(async () => (await call(page, "state")).step === 7, "the resumed counters");
      assert.deepEqual(await call(page, "snapshot"), before, "config, points, weights, optimizer state and counters");
      assert.equal(await page.locator("#session").isHidden(), true);
      assert.equal(await page.locator("#step-count").textContent(), "7");
      // The undo history came back: redo, then undo twice walk the same states.
      await page.locator("#redo").click();
      await waitFor(async () => JSON.stringify(await call(page, "points")) === JSON.stringify(states[2]), "redo");
      await page.locator("#undo").click();
      await page.locator("#undo").click();
      await waitFor(async () => JSON.stringify(await call(page, "points")) === JSON.stringify(states[0]), "undo twice");
      assert.equal(await page.locator("#undo").isDisabled(), true);
    });

    await withPage(ctx, "", {}, async ({ page }) => {
      await waitFor(() => page.locator("#session-fresh").isVisible(), "the start-fresh choice");
      await Promise.all([page.waitForEvent("load"), page.locator("#session-fresh").click()]);
      await waitFor(() => page.evaluate(() => document.body.dataset.ready === "1"), "ready after starting fresh");
      assert.equal(await saved(page), null, "the saved session is gone");
      assert.equal(await page.locator("#session").isHidden(), true);
      const cfg = await call(page, "config");
      assert.equal(cfg.optimizer.kind, "sgd");
      assert.deepEqual(cfg.hidden, [4, 2]);
      assert.equal((await call(page, "state")).step, 0);
    });
  } finally {
    await ctx.close();
  }
});

test("a link opened in a new tab does not replace the saved session until the learner works", async () => {
  const ctx = await profile();
  try {
    await withPage(ctx, "", {}, async ({ page }) => {
      await dragAPoint(page);
      await waitFor(async () => (await saved(page)) !== null, "a saved session");
    });
    await withPage(ctx, "", {}, async ({ page }) => {
      const record = JSON.stringify(await saved(page));
      await page.waitForTimeout(400);
      assert.equal(JSON.stringify(await saved(page)), record, "opening the page saved nothing over it");
    });
  } finally {
    await ctx.close();
  }
});

test("training writes no favicon request and the link follows every edit at once", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    // Chromium fetches the page's icon again whenever the page's URL changes
    // (a hash write), so writing the link on every training frame re-requested
    // it all the time; while training runs the link now waits until it stops.
    /** @type {string[]} */
    const favicons = [];
    page.on("request", (r) => {
      if (r.url().includes("favicon")) favicons.push(r.url());
    });
    await page.waitForTimeout(500);
    favicons.length = 0;
    const before = page.url();
    await page.locator("#play").click();
    await waitFor(async () => (await call(page, "state")).step > 200, "training", 20_000);
    await page.waitForTimeout(3000);
    assert.deepEqual(favicons, [], "no favicon request while training");
    assert.equal(page.url(), before, "the link waits while training runs");
    await page.locator("#play").click();
    await waitFor(async () => page.url() !== before && page.url().includes("&w="), "the link with the trained weights once paused", 2000);
    // Editing writes the link right away, not on a timer.
    const paused = page.url();
    await dragAPoint(page);
    await waitFor(async () => page.url() !== paused && page.url().includes("&p="), "the link after the drag", 1000);
  }));

test("the offer to resume at 375 px in Korean: every word translated, nothing overflows", async () => {
  const ctx = await browser().newContext({ viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 });
  try {
    await withPage(ctx, "#lang=ko", {}, async ({ page }) => {
      await call(page, "setConfig", { noise: 0.1 });
      await waitFor(async () => (await saved(page)) !== null, "a saved session");
    });
    await withPage(ctx, "#lang=ko", {}, async ({ page }) => {
      await waitFor(() => page.locator("#session-resume").isVisible(), "the offer to resume");
      assert.equal(await page.locator("#session-resume").textContent(), "이어서 하기");
      assert.equal(await page.locator("#session-fresh").textContent(), "새로 시작");
      assert.match(await page.locator("#session-text").textContent() ?? "", /세션/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
      await page.screenshot({ path: join(ARTIFACTS, "session-offer-ko-375.png") });
    });
  } finally {
    await ctx.close();
  }
});
