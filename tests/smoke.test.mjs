// @ts-check
// The page served by `cargo xtask serve` loads in headless Chromium, its
// worker and wasm module initialise, and nothing goes wrong on the way.
import assert from "node:assert/strict";
import { test } from "node:test";
import { browserPerFile, withPage } from "./lib/browser.mjs";

const browser = browserPerFile();

test("the page loads and the wasm module initialises", () =>
  withPage(browser(), "", {}, async ({ page, consoleErrors, pageErrors, failedRequests }) => {
    const ready = await page.evaluate(() => document.body.dataset.ready);
    assert.equal(ready, "1");
    // Give late errors (the first frames from the worker) a moment to show.
    await page.waitForTimeout(500);
    assert.deepEqual(consoleErrors, [], "console errors");
    assert.deepEqual(pageErrors, [], "page errors");
    assert.deepEqual(failedRequests, [], "failed requests");
  }));
