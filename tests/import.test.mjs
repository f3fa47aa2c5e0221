// @ts-check
// Opening saved files in real headless Chromium: the Open… button's file
// picker and a .json file dropped on the page load a session file (the whole
// session, exactly: config, points, weights, optimizer state, counters) or a
// model file (the weights) as one undo step, which the link and the saved
// session follow; each bad file (not JSON, a wrong field, a wrong shape, an
// unknown version, too big) changes nothing — snapshot() is the same — and
// the notice names the problem, in English and in Korean. Writes
// open-*.png into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test import.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { engineGlue } from "./lib/wasm.mjs";

/** @typedef {import("playwright-core").Page} Page */
/** @typedef {{name: string, mimeType: string, buffer: Buffer}} FilePayload */

const browser = browserPerFile();
const NARROW = (/** @type {string} */ locale) => ({ contextOptions: { viewport: { width: 375, height: 812 }, locale } });

/** The model of a network with one hidden layer of 5, from the engine of www/pkg run in node. */
async function otherNetworkModel() {
  const glue = await engineGlue();
  const pg = new glue.Playground({ seed: 1, hidden: [5] });
  const model = pg.model();
  pg.free();
  return model;
}

/** @param {string} name @param {string} text @returns {FilePayload} */
const jsonFile = (name, text) => ({ name, mimeType: "application/json", buffer: Buffer.from(text, "utf8") });

/** Clicks an Export menu entry and returns the downloaded file. @param {Page} page @param {string} id @returns {Promise<FilePayload>} */
async function exported(page, id) {
  const menu = page.locator("#export-menu");
  if (!(await menu.evaluate((e) => /** @type {HTMLDetailsElement} */ (e).open))) await page.locator("#export-menu > summary").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`#${id}`).click()]);
  return jsonFile(download.suggestedFilename(), (await readFile(/** @type {string} */ (await download.path()))).toString("utf8"));
}

/** Chooses a file through a real click on the Open button's file picker. @param {Page} page @param {FilePayload} file */
async function openByClick(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.locator("label.open-file").click()]);
  await chooser.setFiles(file);
}

/** Drops a file on an element (a DataTransfer carrying it, as a drag from the desktop). @param {Page} page @param {string} selector @param {FilePayload} file */
async function dropOn(page, selector, file) {
  const dt = await page.evaluateHandle(
    ([name, type, text]) => {
      const d = new DataTransfer();
      d.items.add(new File([text], name, { type }));
      return d;
    },
    [file.name, file.mimeType, file.buffer.toString("utf8")],
  );
  const target = page.locator(selector);
  await target.dispatchEvent("dragenter", { dataTransfer: dt });
  await target.dispatchEvent("dragover", { dataTransfer: dt });
  await target.dispatchEvent("drop", { dataTransfer: dt });
}

/** Waits for the notice bar to show a text containing every one of `parts`; returns it. @param {Page} page @param {string[]} parts */
function waitForNotice(page, parts) {
  return waitFor(async () => {
    if (!(await page.locator("#notice").isVisible())) return null;
    const text = (await page.locator("#notice-text").textContent()) ?? "";
    return parts.every((p) => text.includes(p)) ? text : null;
  }, `a notice saying ${JSON.stringify(parts)}`);
}

/** Waits until the engine's snapshot() is exactly `expected`. @param {Page} page @param {any} expected @param {string} what */
async function waitForSnapshot(page, expected, what) {
  const want = JSON.stringify(expected);
  await waitFor(async () => JSON.stringify(await call(page, "snapshot")) === want, what);
  assert.deepEqual(await call(page, "snapshot"), expected, what);
}

/** The saved session's snapshot in local storage (null before one is written). @param {Page} page */
const storedSnapshot = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("nnplay-session") ?? "null")?.snapshot ?? null);

test("Open… restores an exported session exactly, as one undo step; the link and the saved session follow", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await call(page, "train", 3);
    const file = await exported(page, "export-session");
    assert.equal(file.name, "nnplay-session.json");
    const saved = JSON.parse(file.buffer.toString("utf8"));
    assert.deepEqual(saved, await call(page, "snapshot"));

    // Change everything the file holds: the network, the optimizer, the points, the weights.
    await call(page, "setConfig", { hidden: [5, 3], activation: "relu", optimizer: { kind: "adam", learningRate: 0.01 } });
    await call(page, "addPoint", 1.25, -2.5, 1, false);
    await call(page, "train", 2);
    const changed = await call(page, "snapshot");
    assert.notDeepEqual(changed.config, saved.config);
    await waitFor(async () => JSON.stringify(await storedSnapshot(page)) === JSON.stringify(changed), "the changed session saved");
    const hashBefore = await page.evaluate(() => location.hash);

    await openByClick(page, file);
    await waitForSnapshot(page, saved, "the opened session is the exported one");
    await waitForNotice(page, ["Opened the session", "nnplay-session.json"]);
    assert.equal(await page.locator("#notice").getAttribute("data-kind"), "open");
    // The page shows the opened session: its architecture and counters.
    await waitFor(async () => (await page.locator("#step-count").textContent()) === saved.step.toLocaleString("en-US"), "the step counter");
    // The link and the saved session follow the opened file.
    await waitFor(async () => JSON.stringify(await storedSnapshot(page)) === JSON.stringify(saved), "the saved session is the opened one");
    await waitFor(async () => (await page.evaluate(() => location.hash)) !== hashBefore, "the link follows");
    assert.match(await page.evaluate(() => location.hash), /&p=/, "the link carries the opened session's points");

    // One undo step: back exactly to the session before, then forward again.
    assert.equal(await page.locator("#undo").isEnabled(), true);
    await page.locator("#undo").click();
    await waitForSnapshot(page, changed, "undo returns to the session before the file");
    await page.locator("#redo").click();
    await waitForSnapshot(page, saved, "redo opens the file again");
    await page.locator("#undo").click();
    await waitForSnapshot(page, changed, "undo again");

    // The saved session keeps the step: after a reload, Redo still opens the file and Undo leaves it.
    await page.locator("#redo").click();
    await waitForSnapshot(page, saved, "redo before the reload");
    await waitFor(async () => JSON.stringify(await storedSnapshot(page)) === JSON.stringify(saved), "the saved session before the reload");
    await page.reload();
    await waitFor(() => page.evaluate(() => document.body.dataset.ready === "1"), "the reloaded page");
    await waitForSnapshot(page, saved, "the reload brings the opened session back");
    await page.locator("#undo").click();
    await waitForSnapshot(page, changed, "undo after the reload");
  }));

test("a model file round trip, dropped on the page and on the output; the config and points stay", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await call(page, "train", 3);
    const file = await exported(page, "export-model");
    assert.equal(file.name, "nnplay-model.json");
    const model = JSON.parse(file.buffer.toString("utf8"));
    await call(page, "reset");
    const before = await call(page, "snapshot");
    assert.notDeepEqual(before.model, model);

    await dropOn(page, "#diagram", file);
    await waitFor(async () => JSON.stringify(await call(page, "model")) === JSON.stringify(model), "the dropped model's weights");
    await waitForNotice(page, ["Loaded the weights", "nnplay-model.json"]);
    const after = await call(page, "snapshot");
    assert.deepEqual(after.model, model);
    assert.deepEqual(after.config, before.config, "the config stays");
    assert.deepEqual(after.points, before.points, "the points stay");
    // The link carries the new weights, and still no points: they are the config's own.
    await waitFor(async () => (await page.evaluate(() => location.hash)).includes("&w="), "the link's weights");
    assert.doesNotMatch(await page.evaluate(() => location.hash), /&p=/);

    await page.locator("#undo").click();
    await waitForSnapshot(page, before, "undo of the model");
    // Dropped on the output plot (where CSV files go), a .json file is still opened.
    await dropOn(page, "#output", file);
    await waitFor(async () => JSON.stringify(await call(page, "model")) === JSON.stringify(model), "the model dropped on the output");
    await waitFor(() => page.locator("#redo").isDisabled(), "a new step clears redo");
  }));

test("a bad file changes nothing and the notice names the problem", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await call(page, "train", 2);
    const session = await call(page, "snapshot");
    const model = await call(page, "model");
    /** @param {(s: any) => void} edit */
    const editedSession = (edit) => {
      const s = structuredClone(session);
      edit(s);
      return JSON.stringify(s);
    };
    /** A model of a 2-5-1 network, made by the engine in node (the page's is 2-4-2-1). */
    const otherModel = await otherNetworkModel();
    const cases = [
      { name: "broken.json", text: '{"version": 1, "config": ', expect: ["not JSON", "line 1 column"] },
      { name: "list.json", text: "[1, 2, 3]", expect: ["a JSON array"] },
      { name: "points.json", text: editedSession((s) => (s.points[1].x = "far")), expect: ["snapshot.points[1].x"] },
      { name: "weights.json", text: editedSession((s) => (s.model.layers[1].weights = 7)), expect: ["snapshot.model.layers[1].weights"] },
      { name: "field.json", text: JSON.stringify({ layers: model.layers.map((/** @type {any} */ l, /** @type {number} */ i) => (i === 1 ? { ...l, weights: "x" } : l)) }), expect: ["model.layers[1].weights"] },
      { name: "shape.json", text: JSON.stringify(otherModel), expect: ["model.layers", "2-5-1"] },
      { name: "future.json", text: editedSession((s) => (s.version = 99)), expect: ["snapshot.version", "version 99"] },
      { name: "big.json", text: `{"layers": [], "pad": "${"x".repeat(17 * 1024 * 1024)}"}`, expect: ["characters long, more than the limit of 16777216"] },
    ];
    const undoable = await page.locator("#undo").isEnabled();
    for (const c of cases) {
      await openByClick(page, jsonFile(c.name, c.text));
      const text = await waitForNotice(page, [c.name, ...c.expect, "Nothing was changed"]);
      assert.equal(await page.locator("#notice").getAttribute("data-kind"), "open-error", text);
      assert.deepEqual(await call(page, "snapshot"), session, `${c.name} changed nothing`);
      assert.equal(await page.locator("#undo").isEnabled(), undoable, `${c.name} records no undo step`);
      await page.locator("#notice-close").click();
    }
    // A file that is not JSON dropped on the page (not on the plot) is not taken for anything.
    await dropOn(page, "#diagram", { name: "points.csv", mimeType: "text/csv", buffer: Buffer.from("x,y,label\n1,1,1\n") });
    await waitForNotice(page, ["points.csv", "not a .json file"]);
    assert.deepEqual(await call(page, "snapshot"), session);

    // A bad file at 1400 px: the notice, and the Open control.
    await openByClick(page, jsonFile("weights.json", cases[3].text));
    await waitForNotice(page, ["snapshot.model.layers[1].weights"]);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, "open-error-1400-en.png") });
    await page.locator("label.open-file").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "open-control-1400-en.png") });
  }));

for (const [lang, width] of /** @type {const} */ ([["ko", 375], ["ko", 1400], ["en", 375]])) {
  test(`the Open control and a refused file at ${width} px in ${lang === "ko" ? "Korean" : "English"}`, () =>
    withPage(browser(), `?lang=${lang}`, width === 375 ? NARROW(lang === "ko" ? "ko-KR" : "en-US") : { contextOptions: { viewport: { width: 1400, height: 1000 }, locale: "ko-KR" } }, async ({ page }) => {
      const before = await call(page, "snapshot");
      const label = page.locator("label.open-file");
      assert.equal(((await label.textContent()) ?? "").trim(), lang === "ko" ? "열기…" : "Open…");
      const box = await label.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width, `the Open control fits: ${JSON.stringify(box)}`);
      await openByClick(page, jsonFile("모델.json", JSON.stringify({ layers: [{ weights: [[1, 2]], biases: ["b"] }] })));
      const words = lang === "ko" ? ["모델.json 파일을 열지 못했습니다", "아무것도 바뀌지 않았습니다"] : ["Could not open 모델.json", "Nothing was changed"];
      await waitForNotice(page, [...words, "model.layers[0].biases[0]"]);
      assert.deepEqual(await call(page, "snapshot"), before);
      await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: join(ARTIFACTS, `open-error-${width}-${lang}.png`) });
      await label.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, `open-control-${width}-${lang}.png`) });
      if (lang === "ko") {
        // A good file: the sentence is Korean too.
        await call(page, "train", 1);
        const file = await exported(page, "export-session");
        await call(page, "reset");
        await openByClick(page, file);
        await waitForNotice(page, ["nnplay-session.json 파일의 세션을 열었습니다"]);
      }
    }));
}
