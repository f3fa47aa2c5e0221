// @ts-check
// The page at 375 px (and at 1400 px for comparison), in Korean and English:
// no sideways scroll; the run controls stay on screen when scrolling; the
// plot starts above the fold and the diagram follows it; every pop-up fits
// the viewport; touch wording; and no Latin word in the visible Korean text
// outside an allow-list of names, symbols and formulas — on every panel,
// the step-by-step view's stages included. Also unit-tests the Korean
// particle helper. Screenshots go to tests/artifacts/mobile-*.png.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test mobile.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { finalConsonant, particle } from "../www/js/i18n.js";

const browser = browserPerFile();
const PHONE = { contextOptions: { viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true } };

/**
 * Latin words allowed in the Korean page: names kept in every language
 * (the page's, and "EN" — the language picker names each language in its own script), acronyms of the notes (SGD, ReLU,
 * MSE …), keyboard keys, and the functions of the formulas.
 */
const ALLOWED = new Set([
  "nnplay", "EN", "WebAssembly", "Rust", "TF",
  "SGD", "RMSprop", "Adam", "ReLU", "ELU", "GELU", "MSE", "CSV", "XOR",
  "Ctrl", "Shift", "Alt", "Enter", "Space", "Delete", "Esc",
  "tanh", "sin", "cos", "ln", "max", "exp", "Wx",
]);

/** Latin words (two letters or more) of a text that the allow-list does not cover. @param {string} text */
const foreign = (text) => [...new Set(text.match(/[A-Za-z]{2,}/g) ?? [])].filter((w) => !ALLOWED.has(w));

test("the particle helper picks 으로/로, 이/가, 을/를, 은/는 from the final consonant", () => {
  assert.equal(particle("뉴런 1.1", "(으)로"), "로", "1 (일) ends in ㄹ: 로");
  assert.equal(particle("뉴런 1.3", "(으)로"), "으로", "3 (삼) ends in ㅁ");
  assert.equal(particle("뉴런 2.2", "(으)로"), "로", "2 (이): no final consonant");
  assert.equal(particle("출력", "(으)로"), "으로");
  assert.equal(particle("서울", "(으)로"), "로", "ㄹ takes 로");
  assert.equal(particle("서울", "(이)가"), "이", "ㄹ is a final consonant for 이/가");
  assert.equal(particle("바다", "(이)가"), "가");
  assert.equal(particle("편향", "(을)를"), "을");
  assert.equal(particle("가중치", "(을)를"), "를");
  assert.equal(particle("미분값", "(은)는"), "은");
  assert.equal(particle("기울기", "(은)는"), "는");
  assert.equal(particle("x₁", "(은)는"), "은", "subscript 1 read as 일");
  assert.equal(particle("x₂", "(은)는"), "는", "subscript 2 read as 이");
  assert.equal(particle("(뉴런 6)", "(이)가"), "이", "closing brackets skipped; 6 (육)");
  assert.equal(finalConsonant("바다"), null);
  assert.equal(finalConsonant("칠"), "ㄹ");
  assert.equal(finalConsonant("값"), "other");
});

/** Everything a learner can reach, walked in order; `visit` runs on each view. @param {import("playwright-core").Page} page @param {(name: string) => Promise<void>} visit */
async function walk(page, visit) {
  await waitFor(() => page.evaluate(() => document.querySelectorAll("#diagram .link-hit").length > 0), "the diagram");
  await visit("main");
  // The weight editor, opened by a tap (a click on a desktop) on a link.
  const link = page.locator("#diagram .link-hit").nth(2);
  await link.scrollIntoViewIfNeeded();
  const box = /** @type {{x: number, y: number, width: number, height: number}} */ (await link.boundingBox());
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator("#weight-editor").waitFor({ state: "visible" });
  await visit("editor");
  await page.locator("#weight-cancel").click();
  // The step-by-step view, every stage.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator("#teach-open").click();
  await page.locator("#teach").waitFor({ state: "visible" });
  const stages = await page.locator("#teach .teach-stage").count();
  for (let s = 0; s < stages; s++) {
    const stage = await page.evaluate(() => document.getElementById("teach")?.dataset.stage ?? "");
    await visit(`teach-${s + 1}-${stage}`);
    if (s + 1 < stages) {
      await page.locator("#teach .teach-next").click();
      await waitFor(async () => (await page.evaluate(() => document.getElementById("teach")?.dataset.stage)) !== stage, "the next stage");
    }
  }
  await page.keyboard.press("Escape");
  await page.locator("#teach").waitFor({ state: "hidden" });
  // Regression and multiclass change the words (the intro, the legend, the losses).
  for (const problem of ["regression", "multiclass"]) {
    await page.selectOption("#problem", problem);
    await waitFor(async () => (await call(page, "config")).problem === problem, problem);
    await page.waitForTimeout(300);
    await visit(problem);
  }
}

/** Pop-ups and notices that are showing, each with its box. @param {import("playwright-core").Page} page */
const popups = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("#weight-editor, #tooltip, .notice, #diverged, [role=tooltip]")]
      .filter((e) => !(/** @type {HTMLElement} */ (e).hidden) && /** @type {HTMLElement} */ (e).offsetParent !== null)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.id || e.className, left: r.left, right: r.right, width: window.innerWidth };
      }),
  );

for (const lang of ["ko", "en"]) {
  test(`${lang} at 375 px: no sideways scroll, pop-ups inside the screen${lang === "ko" ? ", no stray Latin word" : ""}; screenshots`, () =>
    withPage(browser(), `?lang=${lang}`, PHONE, async ({ page }) => {
      /** @type {string[]} */
      const problems = [];
      await walk(page, async (name) => {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) problems.push(`${name}: the page is ${overflow}px wider than the screen`);
        for (const p of await popups(page)) {
          if (p.left < 0 || p.right > p.width) problems.push(`${name}: ${p.id} spans ${p.left}..${p.right} of ${p.width}px`);
        }
        if (lang === "ko") {
          const words = foreign(await page.evaluate(() => document.body.innerText));
          if (words.length) problems.push(`${name}: Latin words ${words.join(", ")}`);
        }
        await page.screenshot({ path: join(ARTIFACTS, `mobile-${lang}-375-${name}.png`), fullPage: name === "main" });
      });
      assert.deepEqual(problems, []);
    }));

  test(`${lang} at 1400 px: screenshots of every panel`, () =>
    withPage(browser(), `?lang=${lang}`, WIDE, async ({ page }) => {
      await walk(page, async (name) => {
        if (lang === "ko") {
          const words = foreign(await page.evaluate(() => document.body.innerText));
          assert.deepEqual(words, [], `${name}: Latin words in the Korean page`);
        }
        await page.screenshot({ path: join(ARTIFACTS, `mobile-${lang}-1400-${name}.png`) });
      });
    }));
}

test("375 px: the play button stays on screen when scrolling, the plot starts above the fold, the diagram follows it, touch wording", () =>
  withPage(browser(), "?lang=en", PHONE, async ({ page }) => {
    await waitFor(() => page.evaluate(() => document.querySelectorAll("#diagram .link-hit").length > 0), "the diagram");
    const fold = 667;
    const plotTop = await page.evaluate(() => document.getElementById("output")?.getBoundingClientRect().top ?? Infinity);
    assert.ok(plotTop < fold - 100, `the plot starts at ${plotTop}px, above the fold (${fold}px)`);
    for (const y of [900, 2000, 100_000]) {
      await page.evaluate((to) => window.scrollTo(0, to), y);
      await page.waitForTimeout(100);
      const r = await page.evaluate(() => {
        const b = document.getElementById("play")?.getBoundingClientRect();
        return b ? { top: b.top, bottom: b.bottom, scrolled: window.scrollY } : null;
      });
      assert.ok(r && r.scrolled > 0 && r.top >= 0 && r.bottom <= fold, `play visible after scrolling to ${r?.scrolled}: ${JSON.stringify(r)}`);
    }
    // A tap on play works from far down the page.
    await page.locator("#play").tap();
    await waitFor(async () => (await call(page, "state")).step > 0, "training after a tap on play");
    // The diagram follows the plot (not 2,000 px further down), and the jump bar reaches it.
    const gap = await page.evaluate(() => {
      const out = document.querySelector(".output-panel")?.getBoundingClientRect();
      const net = document.querySelector(".network-panel")?.getBoundingClientRect();
      return out && net ? net.top - out.bottom : Infinity;
    });
    assert.ok(gap >= 0 && gap < 40, `the network panel follows the output (${gap}px apart)`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('.jump-bar [data-jump=".network-panel"]').tap();
    await waitFor(() => page.evaluate(() => {
      const d = document.getElementById("diagram")?.getBoundingClientRect();
      return d && d.top >= 0 && d.top < window.innerHeight;
    }), "the diagram on screen after the jump");
    // Touch wording.
    const hints = await page.evaluate(() => [...document.querySelectorAll(".hint")].map((e) => /** @type {HTMLElement} */ (e).innerText).join(" "));
    assert.ok(/\btap\b/i.test(hints) && !/\bhover\b/i.test(hints), `touch hints say tap, not hover: ${hints}`);
  }));
