// @ts-check
// The "Step by step" view (www/js/teach.js) in headless Chromium, with real
// clicks and keys: opening it pauses training; each stage shows the engine's
// own numbers (trace, backprop, model) as the page rounds them; "Take this
// step" performs exactly one engine step and the new weight read back equals
// w − α·g for SGD; in slow motion (1 step / s) training goes on with the
// panel open and every stage follows each step; it works in Korean. Writes
// teach-slow.png too. Writes teach.png and teach-ko.png into
// tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8125/ node --test teach.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { goTo, openTeach } from "./lib/teach-helpers.mjs";


/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();

/** A number as the panel writes it ("−0.1234", "1.23 × 10⁻⁵") back to a number. @param {string} s */
const parse = (s) => {
  const sup = { "⁻": "-", "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9" };
  const plain = s.trim().replace(/−/g, "-").replace(/ × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)/, (_, e) => `e${[...e].map((c) => sup[/** @type {keyof typeof sup} */ (c)]).join("")}`);
  return Number(plain);
};

/**
 * Asserts that a displayed number is the engine's value rounded as displayed
 * (`digits` decimals, or three significant digits in exponent form).
 * @param {string} shown @param {number} value @param {number} digits @param {string} what
 */
function assertShown(shown, value, digits, what) {
  const v = parse(shown);
  assert.ok(Number.isFinite(v), `${what}: "${shown}" is a number`);
  const tol = Math.max(0.5 * 10 ** -digits, 0.006 * Math.abs(value)) + 1e-9;
  assert.ok(Math.abs(v - value) <= tol, `${what}: shows ${shown}, the engine has ${value}`);
}

/**
 * RGBA pixels of the output canvas in a 40 px square around a point.
 * @param {Page} page @param {{x: number, y: number}} p
 * @returns {Promise<number[]>}
 */
function ringPixels(page, p) {
  return page.evaluate(([x, y]) => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("output"));
    const s = c.width / c.getBoundingClientRect().width;
    const px = ((x + 6) / 12) * c.width;
    const py = ((6 - y) / 12) * c.height;
    const half = Math.round(20 * s);
    const d = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d")).getImageData(Math.round(px) - half, Math.round(py) - half, 2 * half, 2 * half);
    return Array.from(d.data);
  }, [p.x, p.y]);
}

/** @param {Page} page @param {string} selector */
const text = async (page, selector) => (await page.locator(selector).first().textContent()) ?? "";

/** The point index of the current sample and its position in the minibatch. @param {Page} page */
async function current(page) {
  return page.evaluate(() => {
    const d = /** @type {HTMLElement} */ (document.getElementById("teach")).dataset;
    return { sample: Number(d.sample), point: Number(d.point) };
  });
}

test("opening pauses training, shows the stages, and is reachable and closable by keyboard", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await page.click("#play");
    await waitFor(async () => (await call(page, "state")).step > 0, "training to run");
    await openTeach(page);
    assert.equal(await page.locator("#play").getAttribute("aria-pressed"), "false");
    const s1 = (await call(page, "state")).step;
    await page.waitForTimeout(400);
    assert.equal((await call(page, "state")).step, s1, "training stays paused while the panel is open");
    assert.equal(await page.locator("#teach .teach-stage").count(), 6);
    assert.equal(await page.evaluate(() => document.getElementById("teach")?.contains(document.activeElement)), true, "focus moved into the panel");
    assert.equal(await page.locator("#teach-open").getAttribute("aria-expanded"), "true");

    // The minibatch stage lists exactly the engine's next minibatch.
    const bp = await call(page, "backprop");
    assert.equal(await page.locator("#teach .teach-point").count(), bp.batch.length);
    assert.equal((await current(page)).point, bp.batch[0]);
    // The canvas rings the current sample: its surroundings change when the panel closes.
    const pts = await call(page, "points");
    const ringed = await ringPixels(page, pts[bp.batch[0]]);

    // Next / Previous by keyboard: Tab to the Next button and press Enter; keys inside do not step training.
    await page.locator("#teach .teach-next").focus();
    await page.keyboard.press("Enter");
    await waitFor(() => page.evaluate(() => document.getElementById("teach")?.dataset.stage === "forward"), "forward stage");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("s");
    await page.waitForTimeout(200);
    assert.equal((await call(page, "state")).step, s1, "keys typed in the panel are not the page's shortcuts");

    // Escape closes and gives the focus back to the opener.
    await page.keyboard.press("Escape");
    await page.locator("#teach").waitFor({ state: "hidden" });
    assert.equal(await page.evaluate(() => document.activeElement?.id), "teach-open");
    await page.waitForTimeout(150);
    const plain = await ringPixels(page, pts[bp.batch[0]]);
    assert.ok(ringed.reduce((n, v, i) => n + (Math.abs(v - plain[i]) > 40 ? 1 : 0), 0) > 40, "the current sample is ringed on the canvas");
    // Enter on the (focused) opener opens it again.
    await page.keyboard.press("Enter");
    await page.locator("#teach").waitFor({ state: "visible" });
    await page.keyboard.press("Escape");
    await page.locator("#teach").waitFor({ state: "hidden" });
  }));

test("slow motion: training goes on with the panel open, one step a second, and the stages follow each step", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await openTeach(page);
    await goTo(page, "backprop");
    const panelStep = () => page.evaluate(() => Number(document.getElementById("teach")?.dataset.step));
    const start = (await call(page, "state")).step;
    await page.click("#teach .teach-slow");
    await waitFor(async () => (await page.locator("#play").getAttribute("aria-pressed")) === "true", "slow motion to play");
    assert.equal(await page.locator("#teach .teach-slow").getAttribute("aria-pressed"), "true");
    assert.equal(await page.locator("#speed").inputValue(), "0", "the pace control shows 1 step / s");
    // The panel shows two new steps in turn, each the engine's step when it was read.
    /** @type {number[]} */
    const seen = [];
    await waitFor(async () => {
      const [shown, engine] = [await panelStep(), (await call(page, "state")).step];
      // Training moves on while the panel reads: the engine may be a step or two ahead.
      assert.ok(engine - shown <= 2, `the panel shows step ${shown}, the engine is at ${engine}`);
      if (shown > start && !seen.includes(shown)) seen.push(shown);
      return seen.length >= 2;
    }, "the panel to follow two steps", 15_000);
    assert.equal(await page.evaluate(() => document.getElementById("teach")?.dataset.stage), "backprop", "the stage stays where the learner is");
    assert.match(await text(page, "#teach .teach-following"), /Slow motion: .*step \d+/);
    await page.screenshot({ path: join(ARTIFACTS, "teach-slow.png") });
    // Pausing from the panel stops training; the numbers then match the engine's next step exactly.
    await page.click("#teach .teach-slow");
    await waitFor(async () => (await page.locator("#play").getAttribute("aria-pressed")) === "false", "slow motion to pause");
    const s1 = (await call(page, "state")).step;
    await waitFor(async () => (await panelStep()) === s1, "the panel to read the last step");
    await page.waitForTimeout(1200);
    assert.equal((await call(page, "state")).step, s1, "paused");
    const bp = await call(page, "backprop");
    const d = await page.evaluate(() => ({ ...document.getElementById("teach")?.dataset }));
    assert.equal(Number(d.point), bp.batch[Number(d.sample)], "the ringed sample is in the engine's next minibatch");
  }));

test("at a fast pace opening the panel still pauses, and says slow motion would follow", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await page.click("#play");
    await waitFor(async () => (await call(page, "state")).step > 0, "training to run");
    await openTeach(page);
    assert.equal(await page.locator("#play").getAttribute("aria-pressed"), "false");
    assert.equal(await page.locator("#teach .teach-slow").getAttribute("aria-pressed"), "false");
    // Playing fast again with the panel open: the numbers wait, and the hint names slow motion.
    await page.click("#play");
    await waitFor(async () => (await text(page, "#teach .teach-body")).includes("Slow motion"), "the slow-motion hint");
    await page.click("#play");
  }));

test("the forward pass and backpropagation stages show the engine's own z, a and δ", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await openTeach(page);
    // Pick the third sample with the › arrow of the picker (on the forward stage).
    await goTo(page, "forward");
    await page.click('#teach [data-key="sample-next"]');
    await page.click('#teach [data-key="sample-next"]');
    await waitFor(async () => (await current(page)).sample === 2, "third sample");
    await page.locator("#teach .teach-z").first().waitFor();

    const { sample, point } = await current(page);
    const points = await call(page, "points");
    const p = points[point];
    const trace = await call(page, "trace", p.x, p.y);
    const first = '#teach .teach-neuron[data-layer="0"][data-index="0"]';
    assertShown(await text(page, `${first} .teach-z`), trace.layers[0].z[0], 4, "z of the first hidden neuron");
    assertShown(await text(page, `${first} .teach-a`), trace.layers[0].a[0], 4, "a of the first hidden neuron");
    // The diagram marks the neuron the rows are about.
    assert.equal(await page.locator('#diagram .node.neuron.teach-on[data-layer="0"][data-index="0"]').count(), 1);
    // Every neuron of the layer, and the next layer after ›.
    const sizes = Array.from(await call(page, "layerSizes"), Number);
    assert.equal(await page.locator("#teach .teach-neuron").count(), sizes[1]);
    await page.click('#teach [data-key="layer-next"]');
    await page.locator('#teach .teach-neuron[data-layer="1"]').first().waitFor();
    assertShown(await text(page, '#teach .teach-neuron[data-layer="1"][data-index="1"] .teach-z'), trace.layers[1].z[1], 4, "z of neuron 2.2");

    // The loss stage: this sample's output and loss, the minibatch's objective.
    const bp = await call(page, "backprop");
    await goTo(page, "loss");
    assertShown(await text(page, "#teach .teach-output"), bp.outputs[sample][0], 4, "output");
    assertShown(await text(page, "#teach .teach-sample-loss"), bp.losses[sample], 4, "loss of the sample");
    assertShown(await text(page, "#teach .teach-objective"), bp.objective, 4, "objective");

    // Backpropagation starts at the output layer.
    await goTo(page, "backprop");
    const last = sizes.length - 2;
    await page.locator(`#teach .teach-neuron[data-layer="${last}"]`).first().waitFor();
    assertShown(await text(page, "#teach .teach-delta"), bp.deltas[sample][last][0], 4, "δ of the output");
    assert.equal(await page.locator("#diagram .node.out.teach-on").count(), 1);
    await page.click('#teach [data-key="layer-prev"]');
    await page.locator(`#teach .teach-neuron[data-layer="${last - 1}"]`).first().waitFor();
    assertShown(await text(page, "#teach .teach-delta"), bp.deltas[sample][last - 1][0], 4, "δ of the last hidden layer's first neuron");

    await page.locator("#teach").screenshot({ path: join(ARTIFACTS, "teach-panel.png") });
    await goTo(page, "forward");
    await page.screenshot({ path: join(ARTIFACTS, "teach.png") });
  }));

test("gradient descent: Take this step performs one step and the new weight is w − α·g (SGD)", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await openTeach(page);
    await goTo(page, "update");
    const before = (await call(page, "state")).step;
    const cfg = await call(page, "config");
    assert.equal(cfg.optimizer.kind, "sgd");
    // Default: the output neuron's first incoming weight.
    const sizes = Array.from(await call(page, "layerSizes"), Number);
    const last = sizes.length - 2;
    assert.equal(await page.locator('#teach [data-key="pick-layer"]').inputValue(), String(last));
    // Choose another one with the selects: the first hidden layer, neuron 2, from X₂.
    await page.selectOption('#teach [data-key="pick-layer"]', "0");
    await page.selectOption('#teach [data-key="pick-row"]', "1");
    await page.selectOption('#teach [data-key="pick-col"]', "1");
    const model = await call(page, "model");
    const bp = await call(page, "backprop");
    const wShown = await text(page, "#teach .teach-w");
    const gShown = await text(page, "#teach .teach-g");
    const alphaShown = await text(page, "#teach .teach-alpha");
    assertShown(wShown, model.layers[0].weights[1][1], 5, "w");
    assertShown(gShown, bp.gradients.layers[0].weights[1][1], 5, "g");
    assert.equal(parse(alphaShown), cfg.optimizer.learningRate);

    await page.click("#teach .teach-take");
    await page.locator("#teach .teach-new").waitFor();
    assert.equal((await call(page, "state")).step, before + 1, "exactly one step");
    const after = await call(page, "model");
    const newShown = await text(page, "#teach .teach-new");
    assertShown(newShown, after.layers[0].weights[1][1], 5, "new w");
    // For SGD, the new value is w − α·g, within the display's rounding.
    const expected = parse(wShown) - parse(alphaShown) * parse(gShown);
    const tol = 1e-5 + parse(alphaShown) * Math.max(0.5e-5, 0.006 * Math.abs(parse(gShown)));
    assert.ok(Math.abs(parse(newShown) - expected) <= tol, `new w ${newShown} vs w − α·g = ${expected}`);
    assertShown(await text(page, "#teach .teach-obj-before"), bp.objective, 4, "minibatch loss before");
    assertShown(await text(page, "#teach .teach-train-after"), (await call(page, "loss")).train, 4, "training loss after");
    // The step counter in the top bar follows.
    await waitFor(async () => (await text(page, "#step-count")) === String(before + 1), "step counter");

    // A second step from the panel.
    await page.click("#teach .teach-take");
    await waitFor(async () => (await call(page, "state")).step === before + 2, "second step");
    await page.locator("#teach").screenshot({ path: join(ARTIFACTS, "teach-update.png") });
  }));

test("the panel works in Korean, at 375 px", () =>
  withPage(browser(), "", { contextOptions: { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 } }, async ({ page }) => {
    await openTeach(page);
    assert.equal((await text(page, '#teach .teach-stage[data-stage="forward"]')).includes("Forward pass"), true);
    await page.selectOption("#lang", "ko");
    await waitFor(async () => (await text(page, '#teach .teach-stage[data-stage="forward"]')).includes("순전파"), "Korean stage names");
    assert.ok((await text(page, "#teach h2")).includes("단계별"));
    assert.ok((await text(page, '#teach .teach-stage[data-stage="backprop"]')).includes("역전파"));
    assert.ok((await text(page, "#teach-open")).includes("단계별 보기"));
    await goTo(page, "update");
    assert.ok((await text(page, "#teach .teach-take")).includes("스텝"));
    await page.click("#teach .teach-take");
    await page.locator("#teach .teach-new").waitFor();
    assert.ok((await text(page, "#teach .teach-body")).includes("학습률"));
    // Nothing sticks out sideways at 375 px.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);
    const box = await page.locator("#teach").boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, "the panel fits the screen");
    await goTo(page, "forward");
    await page.locator("#teach").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "teach-ko.png"), fullPage: true });
  }));
