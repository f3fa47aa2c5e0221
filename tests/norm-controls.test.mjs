// @ts-check
// Dropout and batch normalization on the page (issue 9, item 7): the two
// controls of the Advanced section change the engine's config, and both
// survive a copied link (config, and the model's γ, β and running
// estimates) and a resumed session (exactly: the snapshot, dropout stream
// and γ/β moments included). Writes norm-controls-*.png into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8111/ node --test norm-controls.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { baseUrl, browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();
const NARROW = Object.freeze({ contextOptions: { viewport: { width: 375, height: 800 } } });

/**
 * Turns dropout to 20% and batch norm on with the controls, then trains 5 steps.
 * @param {Page} page @param {boolean} [open] whether the Advanced section is open already
 */
async function useBoth(page, open = false) {
  if (!open) await page.locator(".advanced summary").click();
  await page.selectOption("#dropout", "0.2");
  await waitFor(async () => (await call(page, "config")).dropout === 0.2, "dropout 0.2 in the config");
  await page.focus("#batch-norm");
  await page.keyboard.press("Space");
  await waitFor(async () => (await call(page, "config")).batchNorm === true, "batchNorm in the config");
  await page.locator("#output").focus();
  for (let k = 0; k < 5; k++) await page.keyboard.press("s");
  await waitFor(async () => (await call(page, "state")).step === 5, "five steps");
}

test("each control changes the config; a copied link keeps dropout, batch norm and its state", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await page.locator(".advanced summary").click();
    assert.equal((await call(page, "config")).dropout, 0);
    assert.equal((await call(page, "config")).batchNorm, false);
    await page.focus("#dropout");
    await page.keyboard.press("ArrowDown");
    await waitFor(async () => (await call(page, "config")).dropout === 0.1, "ArrowDown: dropout 0.1");
    await useBoth(page, true);
    assert.equal(await page.locator("#batch-norm").isChecked(), true);
    const model = await call(page, "model");
    assert.ok(model.layers[0].batchNorm, "the model carries the batch norm");
    assert.notDeepEqual(model.layers[0].batchNorm.runningVar, [1, 1, 1, 1], "trained running estimates");
    await waitFor(async () => page.url().includes("&w="), "the hash to carry the weights");
    await page.waitForTimeout(600);
    const url = page.url();
    const config = await call(page, "config");
    await page.screenshot({ path: join(ARTIFACTS, "norm-controls-en-1400.png") });
    await withPage(browser(), url.slice(baseUrl().length), {}, async ({ page: copy }) => {
      assert.deepEqual(await call(copy, "config"), config);
      assert.deepEqual(await call(copy, "model"), model);
      assert.equal(await copy.locator("#notice").isHidden(), true);
      await copy.locator(".advanced summary").click();
      assert.equal(await copy.locator("#dropout").inputValue(), "0.2");
      assert.equal(await copy.locator("#batch-norm").isChecked(), true);
    });
    // Batch norm refuses a minibatch of one, naming batchSize; nothing changes.
    const err = await page.evaluate(() => /** @type {any} */ (window).nnplay.call("setConfig", { batchSize: 1 }).then(() => "", (e) => String(e)));
    assert.match(err, /batchSize/);
    assert.deepEqual(await call(page, "config"), config);
  }));

test("a resumed session is the same session: dropout stream, batch norm and its moments", async () => {
  const ctx = await browser().newContext(WIDE.contextOptions);
  try {
    /** @type {any} */
    let before;
    await withPage(ctx, "", {}, async ({ page }) => {
      await call(page, "setConfig", { optimizer: { kind: "adam", learningRate: 0.01 } });
      await useBoth(page);
      before = await call(page, "snapshot");
      assert.ok(before.optimizer.norm && before.schedule.dropout, "the snapshot holds both");
      await waitFor(async () => (await page.evaluate(() => JSON.parse(localStorage.getItem("nnplay-session") ?? "null")))?.snapshot?.step === 5,
        "the session saved after the steps");
    });
    await withPage(ctx, "", {}, async ({ page }) => {
      await waitFor(() => page.locator("#session-resume").isVisible(), "the offer to resume");
      await page.locator("#session-resume").click();
      await waitFor(async () => (await call(page, "state")).step === 5, "the resumed counters");
      assert.deepEqual(await call(page, "snapshot"), before);
      // Both go on alike: the next step from the resumed session is the saved one's next step.
      await page.locator("#output").focus();
      await page.keyboard.press("s");
      await waitFor(async () => (await call(page, "state")).step === 6, "a sixth step");
    });
  } finally {
    await ctx.close();
  }
});

for (const [lang, size, opts] of /** @type {const} */ ([["ko", 1400, WIDE], ["en", 375, NARROW], ["ko", 375, NARROW]])) {
  test(`screenshot: the Advanced section with dropout and batch norm, ${lang}, ${size} px`, () =>
    withPage(browser(), "", opts, async ({ page }) => {
      if (lang === "ko") await page.selectOption("#lang", "ko");
      await page.locator(".advanced summary").click();
      await page.selectOption("#dropout", "0.3");
      await waitFor(async () => (await call(page, "config")).dropout === 0.3, "dropout 0.3");
      if (lang === "ko") assert.equal((await page.locator('#dropout option[value="0"]').textContent())?.trim(), "끔");
      await page.locator(".advanced").scrollIntoViewIfNeeded();
      await page.locator(".advanced").screenshot({ path: join(ARTIFACTS, `norm-controls-${lang}-${size}.png`) });
    }));
}
