// @ts-check
// The "Step by step" view's activation-function stage (www/js/teach.js), in
// headless Chromium with real clicks: it sits between the forward pass and the
// loss; it names the network's hidden activation; the marked neuron's z and a
// are trace's, its slope is activationCurve's at exactly that z (all as the
// page rounds them); the chart is drawn in the theme's colours; switching the
// activation in the main controls shows the new one; a network without hidden
// layers says so; it works in Korean. Writes teach-activation.png and
// teach-activation-ko.png into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8125/ node --test teach-activation.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { goTo, openTeach } from "./lib/teach-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();

/**
 * A number written as the panel writes it (teach.js `num`, four decimals, a
 * true minus sign, exponent form for tiny values), so displayed text can be
 * compared exactly.
 * @param {number} v
 */
function shown(v) {
  const s = v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential(2) : v.toFixed(4);
  return s.replace(/^-/, "−");
}

/** @param {Page} page @param {string} selector */
const text = async (page, selector) => ((await page.locator(selector).first().textContent()) ?? "").trim();

/** activationCurve in the page's engine, as plain arrays. @param {Page} page @param {string} name @param {number} from @param {number} to @param {number} n */
function curve(page, name, from, to, n) {
  return page.evaluate(async ([name, from, to, n]) => {
    const c = await /** @type {any} */ (window).nnplay.call("activationCurve", name, from, to, n);
    return { z: Array.from(c.z, Number), a: Array.from(c.a, Number), slope: Array.from(c.slope, Number) };
  }, /** @type {[string, number, number, number]} */ ([name, from, to, n]));
}

/**
 * The marked neuron (the k-th hidden neuron, layer by layer) of the current
 * sample: the engine's z and a from trace, and the slope from activationCurve.
 * @param {Page} page @param {string} name @param {number} k
 */
async function engineDot(page, name, k) {
  const point = await page.evaluate(() => Number(document.getElementById("teach")?.dataset.point));
  const p = (await call(page, "points"))[point];
  const sizes = Array.from(await call(page, "layerSizes"), Number);
  /** @type {[number, number][]} */
  const hidden = [];
  for (let l = 0; l < sizes.length - 2; l++) for (let i = 0; i < sizes[l + 1]; i++) hidden.push([l, i]);
  const [layer, index] = hidden[k];
  const tr = await call(page, "trace", p.x, p.y);
  const z = tr.layers[layer].z[index];
  const a = tr.layers[layer].a[index];
  const slope = (await curve(page, name, z, z + 1, 2)).slope[0];
  return { layer, index, z, a, slope, count: hidden.length };
}

/** Asserts the panel shows exactly the engine's values for the marked neuron. @param {Page} page @param {Awaited<ReturnType<typeof engineDot>>} d */
async function assertDot(page, d) {
  await waitFor(async () => (await text(page, "#teach .teach-act-z")) === shown(d.z), `z ${shown(d.z)} shown`);
  assert.equal(await text(page, "#teach .teach-act-a"), shown(d.a), "a = f(z) is trace's");
  await waitFor(async () => (await text(page, "#teach .teach-act-slope")) === shown(d.slope), `slope ${shown(d.slope)} shown`);
}

/**
 * How many of the chart's pixels are near each colour (by the page's CSS
 * variables) and how many are not background.
 * @param {Page} page
 */
function chartPixels(page) {
  return page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.querySelector("#teach canvas.teach-act-chart"));
    const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d"));
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const style = getComputedStyle(c);
    /** @param {string} v */
    const rgb = (v) => {
      const probe = document.createElement("canvas").getContext("2d");
      if (!probe) return [0, 0, 0];
      probe.fillStyle = style.getPropertyValue(v).trim();
      probe.fillRect(0, 0, 1, 1);
      return Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3));
    };
    const f = rgb("--act-f");
    const s = rgb("--act-slope");
    let near = 0, nearSlope = 0, painted = 0;
    for (let k = 0; k < d.length; k += 4) {
      if (d[k + 3] === 0) continue;
      painted++;
      const dist = (/** @type {number[]} */ q) => Math.abs(d[k] - q[0]) + Math.abs(d[k + 1] - q[1]) + Math.abs(d[k + 2] - q[2]);
      if (d[k + 3] > 200 && dist(f) < 40) near++;
      if (d[k + 3] > 200 && dist(s) < 40) nearSlope++;
    }
    return { f, s, near, nearSlope, painted, width: c.width, height: c.height };
  });
}

test("the activation stage sits between the forward pass and the loss; Prev/Next and keys reach it", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await openTeach(page);
    const order = await page.locator("#teach .teach-stage").evaluateAll((els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset.stage));
    assert.deepEqual(order, ["batch", "forward", "activation", "loss", "backprop", "update"]);
    assert.equal(await text(page, '#teach .teach-stage[data-stage="activation"] .teach-stage-n'), "3");
    assert.ok((await text(page, '#teach .teach-stage[data-stage="activation"]')).includes("Activation function"));
    await goTo(page, "forward");
    // Next by keyboard (focus + Enter), then Previous by click, then Next again.
    await page.locator("#teach .teach-next").focus();
    await page.keyboard.press("Enter");
    await waitFor(() => page.evaluate(() => document.getElementById("teach")?.dataset.stage === "activation"), "activation after forward");
    assert.equal(await text(page, "#teach .teach-pos"), "Stage 3 of 6");
    assert.ok((await text(page, "#teach h3")).startsWith("3."));
    await page.keyboard.press("Enter");
    await waitFor(() => page.evaluate(() => document.getElementById("teach")?.dataset.stage === "loss"), "loss after activation");
    assert.ok((await text(page, "#teach h3")).startsWith("4."));
    await page.click("#teach .teach-prev");
    await waitFor(() => page.evaluate(() => document.getElementById("teach")?.dataset.stage === "activation"), "back to activation");
    await goTo(page, "update");
    assert.equal(await page.locator("#teach .teach-next").isDisabled(), true);
    assert.ok((await text(page, "#teach h3")).startsWith("6."));
  }));

test("tanh: the marked neuron's z and a are trace's and its slope is activationCurve's; the chart is drawn; relu after switching", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await page.selectOption("#activation", "tanh");
    await waitFor(async () => (await call(page, "config")).activation === "tanh", "tanh");
    await openTeach(page);
    await page.click('#teach [data-key="sample-next"]');
    await waitFor(() => page.evaluate(() => document.getElementById("teach")?.dataset.sample === "1"), "second sample");
    await goTo(page, "activation");
    await page.locator("#teach .teach-act-name").waitFor();
    assert.equal(await page.locator("#teach .teach-act-name").getAttribute("data-name"), "tanh");
    assert.equal(await text(page, "#teach .teach-act-name"), "Tanh");
    assert.ok((await text(page, "#teach .teach-act-formula")).includes("tanh"));
    assert.ok((await text(page, "#teach .teach-act-shape")).includes("−1..1"));

    // The first hidden neuron, then the third with › ›, and the diagram marks it.
    await assertDot(page, await engineDot(page, "tanh", 0));
    await page.click('#teach [data-key="neuron-next"]');
    await page.click('#teach [data-key="neuron-next"]');
    const d = await engineDot(page, "tanh", 2);
    await assertDot(page, d);
    assert.ok((await text(page, "#teach .teach-act-neuron")).includes(`3 of ${d.count}`));
    assert.equal(await page.locator(`#diagram .node.neuron.teach-on[data-layer="${d.layer}"][data-index="${d.index}"]`).count(), 1);
    // For tanh, f′ = 1 − a²: the engine's slope agrees with its own a.
    assert.ok(Math.abs(d.slope - (1 - d.a * d.a)) < 1e-5);

    // The chart: both curves drawn in the theme's colours; dark theme redraws in its own.
    await page.waitForTimeout(100);
    const light = await chartPixels(page);
    assert.ok(light.width > 200 && light.height > 150, `chart size ${light.width}×${light.height}`);
    assert.ok(light.near > 150, `f drawn in --act-f (${light.near} pixels)`);
    assert.ok(light.nearSlope > 80, `f′ drawn in --act-slope (${light.nearSlope} pixels)`);
    await page.locator("#teach").screenshot({ path: join(ARTIFACTS, "teach-activation.png") });
    await page.click("#theme");
    await waitFor(async () => (await page.evaluate(() => document.documentElement.dataset.theme)) === "dark", "dark theme");
    await waitFor(async () => {
      const dark = await chartPixels(page);
      return dark.f.join() !== light.f.join() && dark.near > 150 && dark.nearSlope > 80;
    }, "the chart redrawn in the dark theme's colours");
    await page.locator("#teach").screenshot({ path: join(ARTIFACTS, "teach-activation-dark.png") });
    await page.click("#theme");

    // Switch to ReLU with the real select of the main controls, reopen: the stage shows relu.
    await page.keyboard.press("Escape");
    await page.locator("#teach").waitFor({ state: "hidden" });
    await page.selectOption("#activation", "relu");
    await waitFor(async () => (await call(page, "config")).activation === "relu", "relu in the engine");
    await openTeach(page);
    await goTo(page, "activation");
    await waitFor(async () => (await page.locator("#teach .teach-act-name").getAttribute("data-name")) === "relu", "relu shown");
    assert.equal(await text(page, "#teach .teach-act-name"), "ReLU");
    assert.ok((await text(page, "#teach .teach-act-formula")).includes("max(0, z)"));
    // The same (third) hidden neuron stays marked, now with ReLU.
    const r = await engineDot(page, "relu", 2);
    await assertDot(page, r);
    assert.equal(r.slope, r.z > 0 ? 1 : 0);
    assert.ok((await chartPixels(page)).near > 150, "the relu chart is drawn");
  }));

test("a network without hidden layers says so", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await call(page, "setConfig", { hidden: [] });
    await waitFor(async () => Array.from(await call(page, "layerSizes")).length === 2, "no hidden layers");
    await openTeach(page);
    await goTo(page, "activation");
    await page.locator("#teach .teach-act-none").waitFor();
    assert.ok((await text(page, "#teach .teach-act-none")).includes("no hidden layers"));
    assert.equal(await page.locator("#teach canvas.teach-act-chart").count(), 0);
    await goTo(page, "loss");
    await page.locator("#teach .teach-output").waitFor();
  }));

test("the activation stage in Korean, at 375 px", () =>
  withPage(browser(), "", { contextOptions: { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 } }, async ({ page }) => {
    await openTeach(page);
    await goTo(page, "activation");
    await page.locator("#teach .teach-act-name").waitFor();
    await page.selectOption("#lang", "ko");
    await waitFor(async () => (await text(page, '#teach .teach-stage[data-stage="activation"]')).includes("활성화 함수"), "Korean stage name");
    assert.ok((await text(page, "#teach h3")).includes("활성화 함수"));
    // f′(z) is the slope, 미분값; 기울기 is kept for the gradient ∂L/∂w.
    assert.ok((await text(page, "#teach .teach-act-legend")).includes("미분값"));
    assert.ok((await text(page, "#teach .teach-body")).includes("비선형"));
    assert.ok((await text(page, "#teach .teach-act-shape")).includes("−1~1"));
    assert.ok((await text(page, "#teach .teach-act-neuron")).includes("번째"));
    assert.ok((await text(page, "#teach .teach-pos")).includes("3"));
    // Nothing sticks out sideways, and the chart is drawn at this width too.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);
    await page.evaluate(() => document.querySelector("#teach canvas.teach-act-chart")?.scrollIntoView({ block: "center" }));
    await waitFor(async () => (await chartPixels(page)).near > 150, "the chart drawn at 375 px");
    await page.locator("#teach").screenshot({ path: join(ARTIFACTS, "teach-activation-ko.png") });
  }));
