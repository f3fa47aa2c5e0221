// @ts-check
// Backpropagation on the diagram and each optimizer's own update, in headless
// Chromium with real clicks: in the backprop stage every neuron's drawn δ is
// the engine's (`backprop()`), coloured by its sign, layer by layer; the
// panel evaluates f′(z); the update stage shows Adam's m, v (momentum's v,
// RMSprop's s) and the new weight equal to the engine's (`optimizerState`,
// `model`) and marks the weight on the diagram; a bias edited in the weight
// editor changes `model()`; the "Show gradients" switch draws δ while
// training. Writes backprop-*.png and update-*.png (English and Korean,
// 1400 px and 375 px) into tests/artifacts/.
//
// Run: cargo xtask build && node --test tests/backprop-diagram.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { goTo, openTeach } from "./lib/teach-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();
const NARROW = { contextOptions: { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 } };

/** Every drawn δ dot: layer, index, value and sign class. @param {Page} page */
const dots = (page) => page.$$eval("#diagram .delta-dot", (ds) => ds.map((d) => {
  const e = /** @type {HTMLElement} */ (d);
  return { layer: Number(e.dataset.layer), index: Number(e.dataset.index), delta: Number(e.dataset.delta), cls: e.className, size: e.getBoundingClientRect().width };
}));

/** The data-value of the first element matching. @param {Page} page @param {string} selector */
const valueOf = async (page, selector) => Number(await page.locator(selector).first().getAttribute("data-value"));

/** Goes back in the backprop stage until the first hidden layer shows. @param {Page} page */
async function backToFirstLayer(page) {
  for (let i = 0; i < 10 && (await page.locator('#teach .teach-neuron[data-layer="0"]').count()) === 0; i++) {
    await page.click('#teach [data-key="layer-prev"]');
    await page.waitForTimeout(50);
  }
  await page.locator('#teach .teach-neuron[data-layer="0"]').first().waitFor();
}

test("backprop stage: every neuron's δ on the diagram is the engine's, coloured by sign, layer by layer", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await openTeach(page);
    await goTo(page, "backprop");
    const sizes = Array.from(await call(page, "layerSizes"), Number);
    const last = sizes.length - 2;
    const bp = await call(page, "backprop");
    const sample = Number(await page.evaluate(() => document.getElementById("teach")?.dataset.sample));
    // At the output layer only the output's δ is drawn.
    await waitFor(async () => (await dots(page)).length === sizes[last + 1], "the output's δ");
    assert.ok((await dots(page)).every((d) => d.layer === last));
    await backToFirstLayer(page);
    const drawn = await dots(page);
    const neurons = sizes.slice(1).reduce((a, b) => a + b, 0);
    assert.equal(drawn.length, neurons, "one δ per neuron once the panel is back at the first layer");
    for (const d of drawn) {
      const want = bp.deltas[sample][d.layer][d.index];
      assert.equal(d.delta, want, `δ of neuron ${d.layer}.${d.index}`);
      assert.ok(d.cls.includes(want > 0 ? "pos" : want < 0 ? "neg" : "zero"), `sign colour of ${d.layer}.${d.index}: ${d.cls}`);
      assert.ok(d.size >= 6, "even a tiny δ shows");
    }
    // Links carry their gradient.
    const grads = await page.$$eval("#diagram path.link[data-grad]", (ps) => ps.map((p) => Number(/** @type {SVGPathElement} */ (p).dataset.grad)));
    const flat = bp.gradients.layers.flatMap((/** @type {{weights: number[][]}} */ L) => L.weights.flat());
    assert.deepEqual(grads, flat, "every link's gradient");
    // f′(z) is evaluated in the formulas, with the engine's slope at z.
    const point = Number(await page.evaluate(() => document.getElementById("teach")?.dataset.point));
    const p = (await call(page, "points"))[point];
    const trace = await call(page, "trace", p.x, p.y);
    const cfg = await call(page, "config");
    const z = trace.layers[0].z[0];
    const slope = Number((await call(page, "activationCurve", cfg.activation, z, z + 1, 2)).slope[0]);
    assert.equal(await valueOf(page, "#teach .teach-neuron[data-index=\"0\"] .teach-slope"), slope, "f′(z) of neuron 1.1");
    await page.locator("#diagram").screenshot({ path: join(ARTIFACTS, "backprop-diagram.png") });
    // Leaving the stage removes the overlay.
    await goTo(page, "loss");
    await waitFor(async () => (await dots(page)).length === 0, "the overlay to go");
  }));

for (const kind of ["adam", "momentum", "nesterov", "rmsprop"]) {
  test(`update stage with ${kind}: the optimizer's state and the new weight equal the engine's`, () =>
    withPage(browser(), "", WIDE, async ({ page }) => {
      await call(page, "setConfig", { optimizer: { kind, learningRate: 0.01 }, regularization: { kind: "l2", rate: 0.001 } });
      await waitFor(async () => (await call(page, "config")).optimizer.kind === kind, "the optimizer");
      await openTeach(page);
      await goTo(page, "update");
      await page.selectOption('#teach [data-key="pick-layer"]', "0");
      await page.selectOption('#teach [data-key="pick-row"]', "1");
      await page.selectOption('#teach [data-key="pick-col"]', "0");
      // Two steps, so the second starts from a non-zero state.
      for (let n = 1; n <= 2; n++) {
        const before = (await call(page, "state")).step;
        await page.click("#teach .teach-take");
        await waitFor(async () => (await call(page, "state")).step === before + 1, `step ${n}`);
        await page.locator("#teach .teach-new").waitFor();
        await waitFor(async () => (await page.locator("#teach .teach-done").textContent())?.includes(String(before + 1)), "the panel to show the step");
      }
      const state = await call(page, "optimizerState", 0, 1, 0);
      const model = await call(page, "model");
      assert.equal(state.value, model.layers[0].weights[1][0]);
      assert.equal(await valueOf(page, "#teach .teach-new"), state.value, "new w read from the engine");
      assert.equal(await valueOf(page, "#teach .teach-opt-new"), state.value, "new w worked out in the panel");
      if (kind === "adam") {
        assert.equal(await valueOf(page, "#teach .teach-opt-m"), state.first, "m");
        assert.equal(await valueOf(page, "#teach .teach-opt-v"), state.second, "v");
        assert.equal(await page.locator("#teach .teach-opt-mhat").count(), 1, "m̂ shown");
        assert.equal(await page.locator("#teach .teach-opt-vhat").count(), 1, "v̂ shown");
        assert.equal(state.steps, 2);
      } else if (kind === "rmsprop") {
        assert.equal(await valueOf(page, "#teach .teach-opt-s"), state.second, "s");
      } else {
        assert.equal(await valueOf(page, "#teach .teach-opt-v"), state.first, "v");
      }
      assert.equal(await page.locator("#teach .teach-opt-same").count(), 1, "the panel says the numbers match");
      assert.equal(await page.locator("#teach .teach-opt-penalty").count(), 1, "the L2 term is written out");
      // The weight is marked on the diagram with its old and new value.
      const mark = page.locator('#diagram .weight-mark[data-layer="0"][data-row="1"][data-col="0"]');
      await mark.waitFor();
      assert.ok((await mark.textContent())?.includes("→"));
      assert.equal(await page.locator("#diagram path.link.marked").count(), 1);
      if (kind === "adam") await page.locator("#teach").screenshot({ path: join(ARTIFACTS, "update-adam-panel.png") });
    }));
}

test("a bias edited in the weight editor changes model()", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    const node = page.locator('#diagram .node.neuron[data-layer="0"][data-index="1"]');
    await node.focus();
    await page.keyboard.press("Enter");
    await page.locator("#weight-editor").waitFor({ state: "visible" });
    const sizes = Array.from(await call(page, "layerSizes"), Number);
    await page.selectOption("#weight-link", String(sizes[0]));
    await page.fill("#weight-input", "1.25");
    await page.keyboard.press("Enter");
    await waitFor(async () => (await call(page, "model")).layers[0].biases[1] === 1.25, "the bias to change");
    await assert.rejects(call(page, "setBias", 0, 99, 1), /setBias: .*row 99/);

    // Hovering the neuron after the pointer was over the plot: its weights, its bias and z = w·a + b there.
    const plot = /** @type {{x: number, y: number, width: number, height: number}} */ (await page.locator("#output").boundingBox());
    const [px, py] = [plot.x + plot.width * 0.7, plot.y + plot.height * 0.3];
    await page.mouse.move(px, py);
    const x = ((px - plot.x) / plot.width) * 12 - 6;
    const y = 6 - ((py - plot.y) / plot.height) * 12;
    await node.hover();
    const card = page.locator("#neuron-card");
    await card.waitFor({ state: "visible" });
    await waitFor(async () => Number(await card.locator(".card-bias").getAttribute("data-value")) === 1.25, "the card's bias");
    const shown = card.locator(".card-point");
    const [cx, cy] = [Number(await shown.getAttribute("data-x")), Number(await shown.getAttribute("data-y"))];
    assert.ok(Math.abs(cx - x) < 0.05 && Math.abs(cy - y) < 0.05, `the point under the pointer: (${cx}, ${cy}) vs (${x}, ${y})`);
    const trace = await call(page, "trace", cx, cy);
    assert.equal(Number(await card.locator(".card-z").getAttribute("data-value")), trace.layers[0].z[1], "z at the point");
    assert.equal(await card.locator(".card-term").count(), sizes[0], "one term per incoming weight");
    await page.screenshot({ path: join(ARTIFACTS, "neuron-card.png") });
  }));

test("the output neuron's ring is inside the diagram; Show gradients draws δ while training", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await openTeach(page);
    await goTo(page, "backprop");
    await page.locator("#diagram .node.out.teach-on").waitFor();
    const [ring, box] = await page.evaluate(() => {
      const r = /** @type {HTMLElement} */ (document.querySelector("#diagram .node.out .thumb")).getBoundingClientRect();
      const d = /** @type {HTMLElement} */ (document.getElementById("diagram"));
      const b = d.getBoundingClientRect();
      return [{ right: r.right + 3, top: r.top - 3 }, { right: b.left + d.clientWidth, top: b.top }];
    });
    assert.ok(ring.right <= box.right, `ring right ${ring.right} vs diagram ${box.right}`);
    await page.click("#teach .teach-close");
    await page.check("#grad-toggle");
    await page.click("#play");
    await waitFor(async () => (await dots(page)).length > 0, "δ while training");
    await page.click("#play");
    await page.uncheck("#grad-toggle");
    await waitFor(async () => (await dots(page)).length === 0, "the overlay to go");
  }));

for (const [lang, size, opts] of /** @type {const} */ ([["en", 1400, WIDE], ["ko", 1400, WIDE], ["en", 375, NARROW], ["ko", 375, NARROW]])) {
  test(`screenshots: backprop and update stages, ${lang}, ${size} px`, () =>
    withPage(browser(), "", opts, async ({ page }) => {
      await call(page, "setConfig", { optimizer: { kind: "adam", learningRate: 0.01 } });
      await waitFor(async () => (await call(page, "config")).optimizer.kind === "adam", "Adam");
      if (lang === "ko") await page.selectOption("#lang", "ko");
      await openTeach(page);
      await goTo(page, "backprop");
      await page.click('#teach [data-key="layer-prev"]');
      await page.locator("#diagram .delta-dot").first().waitFor();
      const shoot = async (/** @type {string} */ name) => {
        if (size === 1400) {
          await page.screenshot({ path: join(ARTIFACTS, `${name}-${lang}-${size}.png`) });
        } else {
          await page.locator("#teach").screenshot({ path: join(ARTIFACTS, `${name}-${lang}-${size}-panel.png`) });
          await page.locator("#diagram").scrollIntoViewIfNeeded();
          await page.locator("#diagram").screenshot({ path: join(ARTIFACTS, `${name}-${lang}-${size}-diagram.png`) });
        }
      };
      await shoot("backprop");
      await goTo(page, "update");
      await page.click("#teach .teach-take");
      await page.locator("#teach .teach-opt-same").waitFor();
      await page.locator("#diagram .weight-mark").waitFor();
      await shoot("update");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);
    }));
}
