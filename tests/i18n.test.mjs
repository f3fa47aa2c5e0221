// @ts-check
// The English and Korean interface: the two string files are complete and
// match each other and the page (a static check, no browser), and in
// Chromium the language picker switches the page's words — and only its
// words: the engine's points, config and training go on — and the choice
// survives a reload. Writes ko.png and ko-mobile.png into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test i18n.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { baseUrl, browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, engineCatalog, waitFor } from "./lib/page-helpers.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const WWW = join(HERE, "..", "www");

/** @param {string} lang @returns {Record<string, string>} */
const locale = (lang) => JSON.parse(readFileSync(join(WWW, "locales", `${lang}.json`), "utf8"));
const en = locale("en");
const ko = locale("ko");

/** The text a string shows once its <b>/<strong>/<kbd> markup became elements. @param {string} s */
const plain = (s) => s.replace(/<\/?(b|strong|kbd)>/g, "");

// ---- static checks (node only) ------------------------------------------------

/**
 * Keys the page builds at run time (template literals), which the scan below
 * cannot see: the speeds, and a name for every choice the engine's catalog
 * lists — so a data set, loss or activation added to the engine asks for its
 * words in both languages.
 */
async function dynamicKeys() {
  const { SPEED_COUNT } = await import("../www/js/state.js");
  const catalog = await engineCatalog();
  const keys = [];
  for (let i = 0; i < SPEED_COUNT; i++) keys.push(`speed.${i}`);
  for (const p of catalog.problems) {
    keys.push(`problem.${p.name}`, ...p.datasets.map((d) => `dataset.${d}`), ...p.losses.map((l) => `loss.${l.name}`));
    for (const l of p.losses) keys.push(`teach.loss.formula.${l.output}.${l.name}`, `teach.backprop.out.${l.output}.${l.name}`, `teach.forward.out.${l.output}`);
  }
  keys.push(...catalog.activations.map((a) => `act.${a}`), ...catalog.activations.flatMap((a) => [`teach.act.shape.${a}`, `teach.act.f.${a}`, `teach.act.df.${a}`]));
  keys.push(...catalog.optimizers.map((o) => `opt.${o.kind}`), ...catalog.regularizations.map((r) => `reg.${r}`));
  keys.push(...catalog.inits.map((i) => `init.${i}`), ...catalog.features.map((f) => `feature.${f}`));
  return keys;
}

/**
 * Every key passed to t(...) or tn(...) in a source file: the string literals
 * of the first argument (so `t(on ? "a.on" : "a.off")` gives both). tn(key, n)
 * stands for key.one and key.other.
 * @param {string} src
 */
function keysInSource(src) {
  /** @type {string[]} */
  const keys = [];
  for (const m of src.matchAll(/(?<![\w.$])(tn?)\(/g)) {
    // The first argument: up to the first top-level comma or the closing parenthesis.
    let depth = 0;
    let i = (m.index ?? 0) + m[0].length;
    const start = i;
    for (; i < src.length; i++) {
      const c = src[i];
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") {
        if (depth === 0) break;
        depth--;
      } else if (c === "," && depth === 0) break;
    }
    // Literals compared against (`x === "dark" ? …`) or inside a template literal are not keys.
    const arg = src.slice(start, i).replace(/[!=]==?\s*"[^"]*"/g, "").replace(/`[^`]*`/g, "");
    for (const lit of arg.matchAll(/"([^"\\]+)"/g)) {
      if (m[1] === "tn") keys.push(`${lit[1]}.one`, `${lit[1]}.other`);
      else keys.push(lit[1]);
    }
  }
  return keys;
}

test("en.json and ko.json have the same keys, none empty, with the same placeholders and markup", () => {
  assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
  for (const [name, strings] of [["en", en], ["ko", ko]]) {
    for (const [key, value] of Object.entries(strings)) {
      assert.equal(typeof value, "string", `${name}: ${key} is a string`);
      assert.ok(value.trim().length > 0, `${name}: ${key} is not empty`);
    }
  }
  /** @param {string} s */
  const shape = (s) => ({
    params: [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
    tags: [...s.matchAll(/<(\w+)>/g)].map((m) => m[1]).sort(),
  });
  for (const key of Object.keys(en)) {
    assert.deepEqual(shape(ko[key]), shape(en[key]), `ko "${key}" has the placeholders and markup of en`);
  }
});

test("every key index.html and www/js use exists in both languages", async () => {
  const html = readFileSync(join(WWW, "index.html"), "utf8");
  const htmlKeys = [...html.matchAll(/data-i18n(?:-aria-label|-title|-placeholder)?="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(htmlKeys.length > 50, `index.html marks its strings (found ${htmlKeys.length})`);

  const jsDir = join(WWW, "js");
  /** @type {Map<string, string>} key -> where it is used */
  const used = new Map(htmlKeys.map((k) => [k, "index.html"]));
  for (const file of readdirSync(jsDir).filter((f) => f.endsWith(".js"))) {
    for (const key of keysInSource(readFileSync(join(jsDir, file), "utf8"))) used.set(key, `js/${file}`);
  }
  for (const key of await dynamicKeys()) used.set(key, "a key built at run time");
  assert.ok(used.size > 120, `the scan finds the page's keys (found ${used.size})`);

  const missing = [];
  for (const [key, where] of used) {
    if (!(key in en)) missing.push(`en.json lacks "${key}" (${where})`);
    if (!(key in ko)) missing.push(`ko.json lacks "${key}" (${where})`);
  }
  assert.deepEqual(missing, []);
});

test("the key scan sees t() and tn() calls, conditional keys included", () => {
  assert.deepEqual(
    keysInSource(
      't("a.b"); x.t("not.me"); tn("c.d", n); t(on ? "e.on" : "e.off", { n: f("g") }); at("no"); ' +
        't(x === "no" ? "f" : "g"); t(`${k}.${n ? "no" : "no"}`)',
    ),
    ["a.b", "c.d.one", "c.d.other", "e.on", "e.off", "f", "g"],
  );
});

// ---- in Chromium ------------------------------------------------------------------

const browser = browserPerFile();

/** @typedef {import("playwright-core").Page} Page */

/** @param {Page} page */
const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

/**
 * Every `data-i18n` element whose text is not the given locale's string for its key.
 * @param {Page} page @param {Record<string, string>} strings
 */
async function untranslated(page, strings) {
  const found = await page.evaluate(() =>
    [...document.querySelectorAll("[data-i18n]")].map((el) => [/** @type {HTMLElement} */ (el).dataset.i18n ?? "", el.textContent ?? ""]),
  );
  const norm = (/** @type {string} */ s) => s.replace(/\s+/g, " ").trim();
  return found.filter(([key, text]) => norm(text) !== norm(plain(strings[key] ?? ""))).map(([key, text]) => `${key}: ${text}`);
}

test("an English browser gets English; the picker switches to Korean without touching the engine, and the choice survives a reload", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    assert.equal(await htmlLang(page), "en");
    assert.equal(await page.locator("#lang").inputValue(), "en");
    await page.getByRole("button", { name: en["run.play"], exact: true }).waitFor();
    assert.deepEqual(await untranslated(page, en), []);

    // Shape the data (a click on the output adds a point) and train a little, so there is state to lose.
    const box = await page.locator("#output").boundingBox();
    assert.ok(box);
    const count = (await call(page, "points")).length;
    await page.mouse.click(box.x + box.width * 0.625, box.y + box.height * 0.7);
    await waitFor(async () => (await call(page, "points")).length === count + 1, "the added point");
    await call(page, "setConfig", { optimizer: { learningRate: 0.1 }, hidden: [3, 2] });
    await page.locator("#play").click();
    await waitFor(async () => Number((await page.locator("#step-count").textContent())?.replace(/,/g, "")) > 5, "training to start");
    const pointsBefore = await call(page, "points");
    const configBefore = await call(page, "config");
    const stepBefore = Number((await page.locator("#step-count").textContent())?.replace(/,/g, ""));

    // Switch with the keyboard-reachable picker (its accessible name is bilingual).
    const picker = page.getByRole("combobox", { name: "Language / 언어" });
    await picker.focus();
    await picker.selectOption("ko");
    await waitFor(async () => (await htmlLang(page)) === "ko", '<html lang="ko">');

    // The words changed...
    await page.getByRole("button", { name: ko["run.pause"], exact: true }).waitFor({ timeout: 5000 });
    assert.equal(await page.getByRole("heading", { name: ko["data.heading"], exact: true }).count(), 1);
    assert.equal(await page.getByRole("heading", { name: ko["network.heading"], exact: true }).count(), 1);
    assert.equal(await page.locator("#epoch-button").textContent(), ko["run.epoch"]);
    assert.equal(await page.getByRole("button", { name: ko["network.addLayer"] }).count(), 1);
    assert.equal(await page.getByRole("button", { name: "Add a hidden layer" }).count(), 0);
    assert.match(await page.locator("#point-count").textContent() ?? "", /^점 \d+개: 학습용 \d+개, 테스트용 \d+개$/);
    assert.equal(await page.locator("#layer-count").textContent(), "은닉층 2개");
    assert.equal(await page.locator('#datasets .dataset[data-dataset="circle"] span').textContent(), ko["dataset.circle"]);
    assert.equal(await page.locator('#loss option[value="squared"]').textContent(), ko["loss.classification.squared"]);
    assert.equal(await page.locator(".col-hidden .col-sub").first().textContent(), "뉴런 3개");
    assert.equal(await page.title(), ko["meta.title"]);
    assert.deepEqual(await untranslated(page, ko), []);

    // ...and nothing else: same points, same config, training went on.
    assert.deepEqual(await call(page, "points"), pointsBefore);
    assert.deepEqual(await call(page, "config"), configBefore);
    assert.equal(await page.locator("#play").getAttribute("aria-pressed"), "true");
    await waitFor(async () => Number((await page.locator("#step-count").textContent())?.replace(/,/g, "")) > stepBefore, "training to go on");

    // Pause, wait for the link to carry the weights and the language, reload.
    await page.locator("#play").click();
    await waitFor(async () => (await page.locator("#play").getAttribute("aria-pressed")) === "false", "pause");
    await page.getByRole("button", { name: ko["run.play"], exact: true }).waitFor({ timeout: 5000 });
    await waitFor(async () => page.url().includes("&lang=ko") && page.url().includes("&w="), "the hash to carry the language");
    const pointsPaused = await call(page, "points");
    const configPaused = await call(page, "config");
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === "1", undefined, { timeout: 30_000 });
    assert.equal(await htmlLang(page), "ko");
    assert.equal(await page.locator("#lang").inputValue(), "ko");
    assert.equal(await page.locator("#data-heading").textContent(), ko["data.heading"]);
    assert.deepEqual(await untranslated(page, ko), []);
    assert.deepEqual(await call(page, "points"), pointsPaused);
    assert.deepEqual(await call(page, "config"), configPaused);
    assert.ok(await page.locator("#notice").isHidden(), "no notice about the link");

    // Back to English.
    await page.locator("#lang").selectOption("en");
    await waitFor(async () => (await htmlLang(page)) === "en", '<html lang="en">');
    assert.deepEqual(await untranslated(page, en), []);
    assert.equal(await page.locator("#layer-count").textContent(), "2 hidden layers");
  }));

/** Context options: a browser language and, optionally, a stored choice. @param {string} locale @param {string} [stored] */
function browserWith(locale, stored) {
  const origin = new URL(baseUrl()).origin;
  const localStorage = stored ? [{ name: "nnplay-lang", value: stored }] : [];
  return { contextOptions: { locale, storageState: { cookies: [], origins: [{ origin, localStorage }] } } };
}

test("which language: the link's lang field, else the stored choice, else the browser's language", async () => {
  /** @type {[string, string, string | undefined, string][]} path, browser language, stored choice, expected */
  const cases = [
    ["", "ko-KR", undefined, "ko"],
    ["", "en-US", undefined, "en"],
    ["", "ko-KR", "en", "en"],
    ["", "en-US", "ko", "ko"],
    ["#lang=en", "ko-KR", "ko", "en"], // a hash holding only lang: the defaults, not a broken link
    ["?lang=ko", "en-US", "en", "ko"],
  ];
  for (const [path, locale, stored, expected] of cases) {
    await withPage(browser(), path, browserWith(locale, stored), async ({ page }) => {
      const what = `${path || "(no link)"}, browser ${locale}, stored ${stored}`;
      assert.equal(await htmlLang(page), expected, what);
      assert.equal(await page.locator("#output-heading").textContent(), (expected === "ko" ? ko : en)["output.heading"], what);
      assert.ok(await page.locator("#notice").isHidden(), `no notice (${what})`);
    });
  }
});

test("a broken link's notice and the divergence message are in Korean", () =>
  withPage(browser(), "?lang=ko#s=nonsense", WIDE, async ({ page }) => {
    assert.match(await page.locator("#notice-text").textContent() ?? "", /이 링크를 읽을 수 없어서/);
    await call(page, "setConfig", { problem: "regression", dataset: "plane", activation: "linear", optimizer: { kind: "sgd", learningRate: 10 } });
    await page.locator("#play").click();
    await page.locator("#diverged").waitFor({ state: "visible", timeout: 15_000 });
    assert.match(await page.locator("#diverged").textContent() ?? "", /학습이 발산했습니다/);
  }));

test("screenshots of the Korean page (desktop and 375 px) fit the layout", async () => {
  for (const [name, viewport] of /** @type {const} */ ([["ko", { width: 1400, height: 1000 }], ["ko-mobile", { width: 375, height: 800 }]])) {
    await withPage(browser(), "?lang=ko", { contextOptions: { viewport, locale: "ko-KR" } }, async ({ page }) => {
      assert.equal(await htmlLang(page), "ko");
      await page.waitForTimeout(400); // a few frames: the pictures are drawn
      const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scrollWidth <= clientWidth, `no sideways scrolling at ${viewport.width} px (${scrollWidth} > ${clientWidth})`);
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    });
  }
});
