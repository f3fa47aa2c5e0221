// @ts-check
// One source of truth (issue 12): every list of choices the page shows is the
// engine's. The test types no list itself: it reads `Playground.catalog()` in
// node from the built module and holds the page's controls to it, in real
// headless Chromium — data sets and losses for every problem (chosen through
// the real select), activations, optimizers and the parameters each shows,
// features, initializations, regularizations, class counts — each option
// named by its key in the locale file, in English and in Korean.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test catalog.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { WIDE, call, engineCatalog, waitFor } from "./lib/page-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */

const WWW = join(dirname(fileURLToPath(import.meta.url)), "..", "www");
/** @param {string} lang @returns {Record<string, string>} */
const locale = (lang) => JSON.parse(readFileSync(join(WWW, "locales", `${lang}.json`), "utf8"));

const browser = browserPerFile();

/** A select's options as [value, text]. @param {Page} page @param {string} id */
const options = (page, id) =>
  page.$$eval(`#${id} option`, (os) => os.map((o) => [/** @type {HTMLOptionElement} */ (o).value, (o.textContent ?? "").trim()]));

/**
 * The page's controls against the catalog, in one language.
 * @param {Page} page @param {any} catalog @param {Record<string, string>} words
 */
async function checkControls(page, catalog, words) {
  /** The locale's name for `prefix.name` (every engine name must have one). @param {string} prefix @param {string} name */
  const word = (prefix, name) => {
    const text = words[`${prefix}.${name}`];
    assert.ok(text, `the locale names ${prefix}.${name}`);
    return text;
  };
  assert.deepEqual(await options(page, "activation"), catalog.activations.map((/** @type {string} */ a) => [a, word("act", a)]));
  assert.deepEqual(await options(page, "optimizer"), catalog.optimizers.map((/** @type {any} */ o) => [o.kind, word("opt", o.kind)]));
  assert.deepEqual(await options(page, "regularization"), catalog.regularizations.map((/** @type {string} */ r) => [r, word("reg", r)]));
  assert.deepEqual(await options(page, "init"), catalog.inits.map((/** @type {string} */ i) => [i, word("init", i)]));
  assert.deepEqual(await options(page, "problem"), catalog.problems.map((/** @type {any} */ p) => [p.name, word("problem", p.name)]));
  assert.deepEqual(
    await page.$$eval(".col-features [data-feature]", (bs) => bs.map((b) => [/** @type {HTMLElement} */ (b).dataset.feature, b.querySelector(".node-label")?.textContent])),
    catalog.features.map((/** @type {string} */ f) => [f, word("feature", f)]),
  );

  for (const problem of catalog.problems) {
    await page.selectOption("#problem", problem.name);
    await waitFor(async () => (await call(page, "config")).problem === problem.name, `problem ${problem.name}`);
    const cfg = await call(page, "config");
    assert.equal(cfg.dataset, problem.defaultDataset, `${problem.name} starts on its default data set`);
    assert.equal(cfg.loss, problem.defaultLoss, `${problem.name} starts on its default loss`);
    await waitFor(async () => (await page.$$eval("#datasets .dataset", (bs) => bs.map((b) => /** @type {HTMLElement} */ (b).dataset.dataset))).join() === problem.datasets.join(),
      `${problem.name}'s data sets`);
    assert.deepEqual(await page.$$eval("#datasets .dataset span", (ss) => ss.map((s) => s.textContent)), problem.datasets.map((/** @type {string} */ d) => word("dataset", d)));
    const losses = await options(page, "loss");
    assert.deepEqual(losses.map(([v]) => v), problem.losses.map((/** @type {any} */ l) => l.name), `${problem.name}'s losses`);
    for (const [name, text] of losses) assert.equal(text, words[`loss.${problem.name}.${name}`] ?? word("loss", name));
    if (problem.classes.max > problem.classes.min) {
      const counts = Array.from({ length: problem.classes.max - problem.classes.min + 1 }, (_, i) => String(problem.classes.min + i));
      assert.deepEqual((await options(page, "classes")).map(([v]) => v), counts);
      assert.equal(await page.locator("#classes-field").isVisible(), true);
    } else {
      assert.equal(await page.locator("#classes-field").isHidden(), true);
    }
  }

  // Each optimizer shows exactly the parameters the engine says it reads.
  await page.locator("summary").filter({ hasText: words["hyper.advanced"] }).click();
  for (const o of catalog.optimizers) {
    await page.selectOption("#optimizer", o.kind);
    await waitFor(async () => (await call(page, "config")).optimizer.kind === o.kind, `optimizer ${o.kind}`);
    const shown = await page.$$eval(".opt-param input", (is) => is.filter((i) => i.getClientRects().length > 0).map((i) => i.id));
    assert.deepEqual(shown.sort(), [...o.params].sort(), `${o.kind}'s parameters`);
  }
  await page.locator("summary").filter({ hasText: words["hyper.advanced"] }).click();
}

test("the page's controls list exactly what the engine's catalog lists, named from the locale files (English)", async () => {
  const catalog = await engineCatalog();
  await withPage(browser(), "", WIDE, async ({ page }) => {
    await checkControls(page, catalog, locale("en"));
  });
});

test("the same in Korean", async () => {
  const catalog = await engineCatalog();
  await withPage(browser(), "#lang=ko", WIDE, async ({ page }) => {
    await checkControls(page, catalog, locale("ko"));
  });
});

test("a new network starts on the engine's defaults (no copy of them in the page)", async () => {
  const catalog = await engineCatalog();
  await withPage(browser(), "", {}, async ({ page }) => {
    const { seed, ...cfg } = await call(page, "config");
    assert.ok(Number.isInteger(seed));
    const { seed: _zero, ...defaults } = catalog.defaults;
    assert.deepEqual(cfg, defaults);
  });
});
