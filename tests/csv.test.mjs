// @ts-check
// Saving the points as CSV and loading them back, in real headless Chromium
// under the server's CSP: Export downloads the engine's exportPoints() text;
// Import (a file picker that looks like a button, or a file dropped on the
// output) replaces the points in one undo step, is carried by the URL, and a
// bad file changes nothing and names its line, in English and in Korean.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test csv.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */
/** @typedef {{x: number, y: number, label: number, test: boolean}} Point */

const browser = browserPerFile();

const HEADER = "x,y,label,split";

/** Four points whose numbers are exact in f32, two of them test points. */
const GOOD_CSV = `${HEADER}
1.5,-2,1,train
0.25,3,-1,test
-4,4.5,1,train
2,-0.75,-1,test
`;
/** @type {Point[]} */
const GOOD_POINTS = [
  { x: 1.5, y: -2, label: 1, test: false },
  { x: 0.25, y: 3, label: -1, test: true },
  { x: -4, y: 4.5, label: 1, test: false },
  { x: 2, y: -0.75, label: -1, test: true },
];
/** Line 3 has a label a two-class problem cannot take. */
const BAD_CSV = `${HEADER}
1,1,1,train
2,2,0.5,train
3,3,-1,test
`;

/** @param {string} name @param {string} text */
const csvFile = (name, text) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });

/** @param {Page} page @returns {Promise<Point[]>} */
const points = (page) => call(page, "points");

/** Waits until the engine's points are exactly `expected`. @param {Page} page @param {Point[]} expected @param {string} what */
function waitForPoints(page, expected, what) {
  return waitFor(async () => JSON.stringify(await points(page)) === JSON.stringify(expected), what);
}

/** Waits for the CSV status line to contain `text`; returns it. @param {Page} page @param {string} text */
function waitForStatus(page, text) {
  const status = page.locator("#csv-status");
  return waitFor(async () => {
    if (!(await status.isVisible())) return null;
    const s = (await status.textContent()) ?? "";
    return s.includes(text) ? s : null;
  }, `the CSV status to say "${text}"`);
}

/** Chooses a file through a real click on the Import button's file picker. @param {Page} page @param {{name: string, mimeType: string, buffer: Buffer}} file */
async function importByClick(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.locator("label.file-button").click()]);
  await chooser.setFiles(file);
}

test("Export CSV downloads nnplay-points.csv holding exactly exportPoints()", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-csv").click()]);
    assert.equal(download.suggestedFilename(), "nnplay-points.csv");
    assert.equal(await download.failure(), null);
    const path = await download.path();
    const saved = await readFile(path, "utf8");
    const expected = await call(page, "exportPoints");
    assert.ok(saved.startsWith(`${HEADER}\n`), `starts with the header: ${saved.slice(0, 40)}`);
    assert.equal(saved, expected);
    const n = (await points(page)).length;
    assert.equal(saved.trim().split("\n").length, n + 1);
    await waitForStatus(page, `${n} points`);
  }));

test("Import CSV replaces the points exactly, in one undo step, and the link carries them", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    const before = await points(page);
    assert.ok(before.length > 0);
    // The file picker is keyboard reachable and named.
    const input = page.locator("#import-csv");
    assert.equal(await input.getAttribute("type"), "file");
    assert.equal(await input.getAttribute("accept"), ".csv,text/csv");
    await input.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "import-csv");
    assert.equal(await page.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById("import-csv")).labels?.[0]?.textContent?.trim()), "Import CSV");

    await importByClick(page, csvFile("mine.csv", GOOD_CSV));
    await waitForPoints(page, GOOD_POINTS, "the imported points");
    const status = await waitForStatus(page, "Imported 4 points");
    assert.match(status, /mine\.csv/);
    assert.equal(await page.locator("#csv-status").getAttribute("class"), "csv-status");
    // The frame follows: the count under the data set buttons, then a round trip.
    await waitFor(async () => ((await page.locator("#point-count").textContent()) ?? "").startsWith("4 points"), "the point count");
    assert.equal(await call(page, "exportPoints"), GOOD_CSV);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, "csv-imported.png") });

    // One undo step back to the exact previous points; redo re-applies.
    await page.locator("#undo").click();
    await waitForPoints(page, before, "undo of the import");
    await page.locator("#redo").click();
    await waitForPoints(page, GOOD_POINTS, "redo of the import");
    // Ctrl+Z too.
    await page.mouse.click(5, 5);
    await page.keyboard.press("Control+z");
    await waitForPoints(page, before, "Ctrl+Z");
    await page.keyboard.press("Control+Shift+z");
    await waitForPoints(page, GOOD_POINTS, "Ctrl+Shift+Z");

    // The URL carries the imported points like any hand edit.
    await waitFor(async () => (await page.evaluate(() => location.hash)).length > 1, "the hash");
    await page.waitForTimeout(400);
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === "1");
    await waitForPoints(page, GOOD_POINTS, "the points after a reload");
  }));

test("a bad CSV names its line and changes nothing; the same file again is read again", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await importByClick(page, csvFile("good.csv", GOOD_CSV));
    await waitForPoints(page, GOOD_POINTS, "the good import");
    await waitForStatus(page, "Imported 4 points"); // written once the undo step is recorded
    assert.equal(await page.locator("#undo").isDisabled(), false);

    await importByClick(page, csvFile("bad.csv", BAD_CSV));
    const status = await waitForStatus(page, "line 3");
    assert.match(status, /^Could not import: line 3: /);
    assert.match(status, /0\.5/);
    assert.doesNotMatch(status, /importPoints:/);
    assert.equal(await page.locator("#csv-status").getAttribute("class"), "csv-status is-error");
    await page.waitForTimeout(300);
    assert.deepEqual(await points(page), GOOD_POINTS);
    assert.equal(await page.locator("#undo").isDisabled(), false);
    assert.equal(await page.locator("#redo").isDisabled(), true);
    // Undo still goes back past the good import, not to a no-op entry.
    await page.locator("#undo").click();
    await waitFor(async () => (await points(page)).length !== 4, "undo of the good import");
    await page.locator("#redo").click();
    await waitForPoints(page, GOOD_POINTS, "redo");

    // The same bad file twice: still read (the picker's value is reset).
    await page.locator("#csv-status").evaluate((el) => (el.textContent = ""));
    await importByClick(page, csvFile("bad.csv", BAD_CSV));
    await waitForStatus(page, "line 3");
    await page.screenshot({ path: join(ARTIFACTS, "csv-bad.png") });
  }));

test("a bad CSV on generated data leaves the link without points", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    const before = await points(page);
    await importByClick(page, csvFile("bad.csv", BAD_CSV));
    await waitForStatus(page, "line 3");
    await page.waitForTimeout(500); // longer than the hash's write delay
    assert.deepEqual(await points(page), before);
    assert.equal(await page.locator("#undo").isDisabled(), true);
    assert.doesNotMatch(await page.evaluate(() => location.hash), /[#&]p=/);
  }));

test("in Korean: the messages are translated, the engine's detail is kept", () =>
  withPage(browser(), "?lang=ko", WIDE, async ({ page }) => {
    assert.equal(await page.locator("#export-csv").textContent(), "CSV 내보내기");
    assert.equal(await page.locator("label.file-button span").textContent(), "CSV 가져오기");
    const before = await points(page);

    await importByClick(page, csvFile("bad.csv", BAD_CSV));
    const bad = await waitForStatus(page, "line 3");
    assert.match(bad, /^가져오지 못했습니다: line 3: /);
    assert.match(bad, /아무것도 바뀌지 않았습니다/);
    assert.deepEqual(await points(page), before);

    await importByClick(page, csvFile("좋은.csv", GOOD_CSV));
    await waitForPoints(page, GOOD_POINTS, "the import");
    await waitForStatus(page, "점 4개를 가져왔습니다");
    // Switching the language rewrites the status.
    await page.selectOption("#lang", "en");
    await waitForStatus(page, "Imported 4 points");
    await page.locator("#undo").click();
    await waitForPoints(page, before, "undo");
  }));

test("a CSV file dropped on the output imports it", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    const before = await points(page);
    const drop = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "dropped.csv", { type: "text/csv" }));
      return dt;
    }, GOOD_CSV);
    const canvas = page.locator("#output");
    await canvas.dispatchEvent("dragenter", { dataTransfer: drop });
    await canvas.dispatchEvent("dragover", { dataTransfer: drop });
    await canvas.dispatchEvent("drop", { dataTransfer: drop });
    await waitForPoints(page, GOOD_POINTS, "the dropped points");
    await waitForStatus(page, "Imported 4 points from dropped.csv");
    await page.locator("#undo").click();
    await waitForPoints(page, before, "undo of the drop");
  }));
