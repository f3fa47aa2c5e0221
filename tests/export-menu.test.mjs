// @ts-check
// The Export menu in real headless Chromium under the server's CSP: ONNX and
// PyTorch come from the exports' own wasm module, fetched only on the first
// export (never at start); each entry downloads its file, whose content is
// checked against the engine: the ONNX bytes equal what the export module
// (run here in node) gives for the same snapshot, the script is the same
// text, and the JSON files are exactly model() and snapshot().
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test export-menu.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { exportGlue } from "./lib/wasm.mjs";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();
/** The export module in node, from the same www/pkg the page loads. */
const exportModule = exportGlue;

/**
 * Clicks a menu entry and returns the download's file name and bytes.
 * @param {Page} page @param {string} id
 */
async function downloadOf(page, id) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`#${id}`).click()]);
  assert.equal(await download.failure(), null);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/** Opens the menu (a <details>) if it is closed. @param {Page} page */
async function openMenu(page) {
  const menu = page.locator("#export-menu");
  if (!(await menu.evaluate((e) => /** @type {HTMLDetailsElement} */ (e).open))) {
    await page.locator("#export-menu > summary").click();
  }
  await waitFor(() => page.locator("#export-onnx").isVisible(), "the menu's entries");
}

test("each entry downloads what the engine and the export module give; the module loads on first use only", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    /** @type {string[]} */
    const fetched = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    // Train a little so the weights are not the seed's.
    await call(page, "train", 3);
    await page.waitForTimeout(300);
    assert.ok(!fetched.some((p) => p.includes("nnplay_export")), `not loaded at start: ${fetched.join(" ")}`);
    assert.equal(await page.locator("#export-onnx").isVisible(), false, "the menu starts closed");

    await openMenu(page);
    await page.screenshot({ path: join(ARTIFACTS, "export-menu.png") });
    const snapshot = await call(page, "snapshot");
    const exports = await exportModule();

    const onnx = await downloadOf(page, "export-onnx");
    assert.equal(onnx.name, "nnplay-model.onnx");
    assert.ok(fetched.some((p) => p.endsWith("/pkg/nnplay_export_bg.wasm")), "the module is fetched on the first export");
    const expected = exports.exportOnnx(snapshot);
    assert.ok(onnx.bytes.length > 100, `ONNX bytes: ${onnx.bytes.length}`);
    assert.deepEqual(new Uint8Array(onnx.bytes), expected, "the ONNX file is exportOnnx(snapshot())");

    const py = await downloadOf(page, "export-pytorch");
    assert.equal(py.name, "nnplay_model.py");
    const script = py.bytes.toString("utf8");
    assert.equal(script, exports.exportPytorch(snapshot, { weights: "current" }));
    assert.match(script, /import torch/);

    const model = await downloadOf(page, "export-model");
    assert.equal(model.name, "nnplay-model.json");
    assert.deepEqual(JSON.parse(model.bytes.toString("utf8")), await call(page, "model"));

    const session = await downloadOf(page, "export-session");
    assert.equal(session.name, "nnplay-session.json");
    const saved = JSON.parse(session.bytes.toString("utf8"));
    assert.deepEqual(saved, await call(page, "snapshot"));
    // The session file restores the very session: its ONNX is the same.
    assert.deepEqual(exports.exportOnnx(saved), expected);

    const status = page.locator("#export-status");
    await waitFor(async () => ((await status.textContent()) ?? "").includes("nnplay-session.json"), "the export status");
    assert.equal(await status.getAttribute("class"), "csv-status");
    assert.equal(fetched.filter((p) => p.endsWith("/pkg/nnplay_export_bg.wasm")).length, 1, "fetched once");
  }));

test("the menu at 375 px and in Korean", () =>
  withPage(browser(), "?lang=ko", { contextOptions: { viewport: { width: 375, height: 812 }, locale: "ko-KR" } }, async ({ page }) => {
    await openMenu(page);
    const summary = (await page.locator("#export-menu > summary").textContent()) ?? "";
    assert.equal(summary.trim(), "신경망 내보내기…");
    await page.locator("#export-menu").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "export-menu-375-ko.png") });
    // Every entry fits the narrow window.
    for (const id of ["export-onnx", "export-pytorch", "export-model", "export-session"]) {
      const box = await page.locator(`#${id}`).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `${id} fits: ${JSON.stringify(box)}`);
    }
    const onnx = await downloadOf(page, "export-onnx");
    assert.ok(onnx.bytes.length > 100);
    await waitFor(async () => ((await page.locator("#export-status").textContent()) ?? "").includes("저장했습니다"), "the Korean status");
  }));
