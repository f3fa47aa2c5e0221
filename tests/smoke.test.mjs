// @ts-check
// The page served by `cargo xtask serve` loads in headless Chromium, its
// worker and wasm module initialise, and nothing goes wrong on the way.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, openPage } from "./lib/browser.mjs";

/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test("the page loads and the wasm module initialises", async () => {
  const opened = await openPage(browser, "");
  try {
    const ready = await opened.page.evaluate(() => document.body.dataset.ready);
    assert.equal(ready, "1");
    // Give late errors (the first frames from the worker) a moment to show.
    await opened.page.waitForTimeout(500);
    assert.deepEqual(opened.consoleErrors, [], "console errors");
    assert.deepEqual(opened.pageErrors, [], "page errors");
    assert.deepEqual(opened.failedRequests, [], "failed requests");
  } finally {
    await opened.close();
  }
});
