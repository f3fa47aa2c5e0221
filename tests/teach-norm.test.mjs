// @ts-check
// The step-by-step view in training mode (issue 9), in headless Chromium with
// real clicks: with batch norm on, the forward stage writes out one neuron's
// normalization over the minibatch with the engine's numbers
// (`trainingForward()`: its z's, μ, σ², x̂, γx̂ + β, a) and the running
// estimates evaluation uses, and the step then taken moves them by exactly
// that μ; with dropout, the neurons marked dropped (in the list and on the
// diagram) are the engine's mask for the sample, and they are the step's
// (backprop's δ is 0 exactly there; the step's loss is the pass's); with
// neither, no such UI appears. In node, the method itself: it changes
// nothing (the snapshot, dropout stream included) and refuses a minibatch of
// one with batch norm by name, as step() does. Writes teach-norm-en-1400.png,
// teach-drop-en-1400.png and teach-norm-ko-375.png into tests/artifacts/.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8122/ node --test teach-norm.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { goTo, openTeach } from "./lib/teach-helpers.mjs";
import { DEFAULT_UI, encodeHash } from "../www/js/state.js";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();

/** A link to a seeded config. @param {object} config @param {string} [lang] */
const link = (config, lang) => encodeHash({ config: { seed: 11, ...config }, ui: { ...DEFAULT_UI }, points: null, lang });

/** A number as the panel writes it ("−0.1234", "1.00 × 10⁻⁵") back to a number. @param {string} s */
const parse = (s) => {
  /** @type {Record<string, string>} */
  const sup = { "⁻": "-", "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9" };
  return Number(s.trim().replace(/−/g, "-").replace(/ × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)/, (_, e) => `e${[...e].map((c) => sup[c]).join("")}`));
};

/** Asserts a shown number is the engine's value to 4 decimals. @param {string} shown @param {number} value @param {string} what */
function assertShown(shown, value, what) {
  const v = parse(shown);
  assert.ok(Number.isFinite(v), `${what}: "${shown}" is a number`);
  assert.ok(Math.abs(v - value) <= 0.5e-4 + 0.006 * Math.abs(value) * (Math.abs(value) < 1e-4 ? 1 : 0) + 1e-9, `${what}: shows ${shown}, the engine has ${value}`);
}

/** @param {Page} page @param {string} selector */
const text = async (page, selector) => (await page.locator(selector).first().textContent()) ?? "";
/** @param {Page} page @param {string} selector */
const texts = (page, selector) => page.locator(selector).allTextContents();

/** Which sample the panel shows. @param {Page} page */
const sampleShown = (page) => page.evaluate(() => Number(document.getElementById("teach")?.dataset.sample));

/** Steps with the run bar's button, then opens the panel at the forward stage on sample `s` (0-based). @param {Page} page @param {number} steps @param {number} s */
async function openForward(page, steps, s) {
  for (let i = 0; i < steps; i++) {
    await page.click("#step");
    await waitFor(async () => (await call(page, "state")).step === i + 1, `step ${i + 1}`);
  }
  await openTeach(page);
  await goTo(page, "forward");
  for (let i = 0; i < s; i++) await page.click('#teach [data-key="sample-next"]');
  await waitFor(async () => (await sampleShown(page)) === s, `sample ${s + 1}`);
}

test("trainingForward() in node: read-only, and it refuses what step() refuses, by name", async () => {
  const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "www", "pkg");
  const glue = await import(pathToFileURL(join(pkg, "nnplay_wasm.js")).href);
  glue.initSync({ module: readFileSync(join(pkg, "nnplay_wasm_bg.wasm")) });
  const pg = new glue.Playground({ seed: 3, batchNorm: true, dropout: 0.2, hidden: [3], batchSize: 5 });
  pg.train(1);
  const before = JSON.stringify(pg.snapshot());
  const tf = pg.trainingForward();
  assert.deepEqual(pg.trainingForward(), tf);
  assert.equal(JSON.stringify(pg.snapshot()), before, "nothing changed, the dropout stream included");
  assert.equal(tf.layers.length, 2);
  assert.equal(tf.layers[0].norm.mean.length, 3);
  assert.equal(tf.layers[1].norm, null);
  assert.equal(tf.layers[1].mask, null);
  assert.deepEqual(tf.layers[1].a, pg.backprop().outputs);
  pg.setPoints([{ x: 1, y: 1, label: 1, test: false }]);
  assert.throws(() => pg.trainingForward(), /^Error: trainingForward: .*batchSize.*batch normalization/);
  assert.throws(() => pg.step(), /batchSize/);
  pg.free();
});

test("batch norm: the forward stage normalizes a neuron over the minibatch with the engine's numbers", () =>
  withPage(browser(), link({ batchNorm: true, hidden: [4, 3], batchSize: 10 }), WIDE, async ({ page }) => {
    await openForward(page, 3, 2);
    const tf = await call(page, "trainingForward");
    const model = await call(page, "model");
    const s = 2;
    assert.equal(tf.batch.length, 10);
    assert.deepEqual(tf.batch, (await call(page, "backprop")).batch, "the next step's minibatch");
    const L = tf.layers[0];
    const box = "#teach .teach-norm";
    await page.locator(box).waitFor();
    assert.equal(await page.locator(box).getAttribute("data-index"), "0");

    // Every neuron row: the linear sum, x̂, γx̂ + β and a of the training step.
    for (let i = 0; i < 4; i++) {
      const row = `#teach .teach-neuron[data-layer="0"][data-index="${i}"]`;
      assertShown(await text(page, `${row} .teach-z`), L.z[s][i], `z of neuron ${i}`);
      assertShown(await text(page, `${row} .teach-xhat`), L.norm.xhat[s][i], `x̂ of neuron ${i}`);
      assertShown(await text(page, `${row} .teach-y`), L.norm.y[s][i], `γx̂ + β of neuron ${i}`);
      assertShown(await text(page, `${row} .teach-a`), L.a[s][i], `a of neuron ${i}`);
    }
    assert.ok((await text(page, "#teach .teach-formula")).includes("x̂ = (z − μ) / √(σ² + ε)"));

    /** Checks the box against the engine for neuron i. @param {number} i */
    const checkBox = async (i) => {
      const zs = (await texts(page, `${box} .teach-norm-zv`)).map(parse);
      assert.equal(zs.length, 10, "every z of the minibatch");
      zs.forEach((z, k) => assertShown(String(z), L.z[k][i], `z of sample ${k + 1}`));
      assert.equal(await page.locator(`${box} .teach-norm-z.current`).getAttribute("data-sample"), String(s), "this sample's z is marked");
      const mu = parse(await text(page, `${box} .teach-norm-mean`));
      assertShown(String(mu), L.norm.mean[i], "μ");
      // μ shown is the mean of the z's shown, to the display's precision.
      const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
      assert.ok(Math.abs(mean - mu) <= 1.01e-4, `μ ${mu} vs the mean of the z's shown ${mean}`);
      const v2 = parse(await text(page, `${box} .teach-norm-var`));
      assertShown(String(v2), L.norm.var[i], "σ²");
      const biased = zs.reduce((a, z) => a + (z - mean) ** 2, 0) / zs.length;
      assert.ok(Math.abs(biased - v2) <= 2e-4 + 1e-3 * v2, `σ² ${v2} vs the biased variance of the z's shown ${biased}`);
      assertShown(await text(page, `${box} .teach-norm-xhat`), L.norm.xhat[s][i], "x̂");
      assertShown(await text(page, `${box} .teach-norm-y`), L.norm.y[s][i], "γx̂ + β");
      assertShown(await text(page, `${box} .teach-norm-a`), L.a[s][i], "a");
      // Evaluation's running estimates: the model's own.
      const bn = model.layers[0].batchNorm;
      assertShown(await text(page, `${box} .teach-norm-rmean`), bn.runningMean[i], "running mean");
      assertShown(await text(page, `${box} .teach-norm-rvar`), bn.runningVar[i], "running variance");
      assert.equal(L.norm.runningMean[i], bn.runningMean[i]);
      assert.match(await text(page, `${box} .teach-norm-eval`), /Evaluation .* uses the running estimates below instead of this minibatch's μ and σ²/);
    };
    await checkBox(0);
    assert.equal(await page.locator('#diagram .node.neuron.teach-on[data-layer="0"][data-index="0"]').count(), 1);

    // A click on the third neuron shows its normalization; the diagram marks it.
    await page.click('#teach .teach-neuron[data-layer="0"][data-index="2"]');
    await waitFor(async () => (await page.locator(box).getAttribute("data-index")) === "2", "the box follows the click");
    await checkBox(2);
    assert.equal(await page.locator('#diagram .node.neuron.teach-on[data-layer="0"][data-index="2"]').count(), 1);
    await page.locator("#teach").screenshot({ path: join(ARTIFACTS, "teach-norm-panel.png") });
    await page.screenshot({ path: join(ARTIFACTS, "teach-norm-en-1400.png"), fullPage: true });

    // Backpropagation through a batch-norm layer: no one-sample formula, a note says why.
    await goTo(page, "backprop");
    await page.click('#teach [data-key="layer-prev"]');
    await page.locator('#teach .teach-neuron[data-layer="1"]').first().waitFor();
    assert.ok((await text(page, "#teach .teach-pass-note")).includes("whole minibatch"), "the batch-norm note");
    assert.ok((await text(page, '#teach .teach-neuron[data-layer="1"][data-index="0"]')).includes("δ = ∂L/∂z ="));

    // The step then taken is this pass: its outputs are backprop's, and it
    // moves the running estimates by exactly the μ and σ² shown.
    const bp = await call(page, "backprop");
    assert.deepEqual(tf.layers.at(-1).a, bp.outputs);
    assert.deepEqual(tf.losses, bp.losses);
    await goTo(page, "update");
    await page.click("#teach .teach-take");
    await page.locator("#teach .teach-new").waitFor();
    const after = (await call(page, "model")).layers[0].batchNorm;
    const f = Math.fround;
    for (let i = 0; i < 4; i++) {
      const rm = model.layers[0].batchNorm.runningMean[i];
      assert.equal(after.runningMean[i], f(f(f(1 - f(0.1)) * rm) + f(f(0.1) * L.norm.mean[i])), `running mean ${i}`);
    }
  }));

test("dropout: the neurons marked dropped are the engine's mask for the sample, and the step's", () =>
  withPage(browser(), link({ dropout: 0.5, hidden: [6, 5], batchSize: 10 }), WIDE, async ({ page }) => {
    await openForward(page, 2, 1);
    const tf = await call(page, "trainingForward");
    const bp = await call(page, "backprop");
    assert.deepEqual(tf.batch, bp.batch);
    assert.equal(tf.keepScale, 2);
    /** @param {number} s @param {number} l */
    const droppedOf = (s, l) => tf.layers[l].mask[s].flatMap((/** @type {number} */ m, /** @type {number} */ i) => (m === 0 ? [i] : []));
    const marked = async () => (await page.locator("#teach .teach-neuron.teach-dropped").evaluateAll((ns) => ns.map((n) => Number(/** @type {HTMLElement} */ (n).dataset.index))));
    const onDiagram = () => page.locator("#diagram .node.neuron.teach-dropped").evaluateAll((ns) => ns.map((n) => `${/** @type {HTMLElement} */ (n).dataset.layer}:${/** @type {HTMLElement} */ (n).dataset.index}`));
    const allDropped = (/** @type {number} */ s) => [0, 1].flatMap((l) => droppedOf(s, l).map((i) => `${l}:${i}`));

    let seen = 0;
    for (const s of [1, 2, 3]) {
      if (s > 1) {
        await page.click('#teach [data-key="sample-next"]');
        await waitFor(async () => (await sampleShown(page)) === s, `sample ${s + 1}`);
      }
      await waitFor(async () => JSON.stringify(await marked()) === JSON.stringify(droppedOf(s, 0)), `the dropped neurons of sample ${s + 1}`);
      seen += droppedOf(s, 0).length;
      assert.deepEqual((await onDiagram()).sort(), allDropped(s).sort(), "the diagram marks the sample's dropped neurons, every hidden layer");
      for (let i = 0; i < 6; i++) {
        const row = `#teach .teach-neuron[data-layer="0"][data-index="${i}"]`;
        assertShown(await text(page, `${row} .teach-a`), tf.layers[0].a[s][i], `a of neuron ${i}`);
        const dropped = tf.layers[0].mask[s][i] === 0;
        assert.equal(await page.locator(`${row} .teach-drop-tag`).count(), dropped ? 1 : 0);
        if (dropped) assert.equal(await text(page, `${row} .teach-drop-tag`), "dropped");
        else assert.ok((await text(page, row)).includes("× 2.0000"), "a kept neuron is scaled by 1/(1 − p)");
        // The step's backward pass: δ is exactly 0 where the mask dropped the neuron.
        if (dropped) assert.ok(bp.deltas[s][0][i] === 0, `δ of dropped neuron ${i} of sample ${s + 1}`);
      }
      // In the last hidden layer (right under the output), exactly there.
      for (let i = 0; i < 5; i++) {
        assert.equal(bp.deltas[s][1][i] === 0, tf.layers[1].mask[s][i] === 0, `δ of neuron 2.${i + 1} of sample ${s + 1}`);
      }
    }
    assert.ok(seen > 0, "some neuron is dropped in three samples at p = 0.5");
    // The second hidden layer's rows follow its own mask.
    await page.click('#teach [data-key="layer-next"]');
    await page.locator('#teach .teach-neuron[data-layer="1"]').first().waitFor();
    assert.deepEqual(await marked(), droppedOf(3, 1));
    await page.click('#teach [data-key="layer-prev"]');
    await page.screenshot({ path: join(ARTIFACTS, "teach-drop-en-1400.png") });

    // Leaving the stage clears the diagram's marks.
    await goTo(page, "loss");
    assert.equal((await onDiagram()).length, 0);

    // Backpropagation through the last hidden layer: the mask joins the slope
    // in each δ's formula, and the note says why a dropped neuron's δ is 0.
    await goTo(page, "backprop");
    await page.click('#teach [data-key="layer-prev"]');
    await page.locator('#teach .teach-neuron[data-layer="1"]').first().waitFor();
    assert.ok((await text(page, "#teach .teach-pass-note")).includes("1/(1 − p)"), "the dropout note");
    for (let i = 0; i < 5; i++) {
      const row = await text(page, `#teach .teach-neuron[data-layer="1"][data-index="${i}"]`);
      assert.ok(row.includes("· m ·"), `neuron 2.${i + 1}: the mask in the formula`);
      assert.ok(row.includes(`× ${tf.layers[1].mask[3][i] === 0 ? "0.0000" : "2.0000"} ×`), `neuron 2.${i + 1}: its mask's value (${row})`);
    }

    // The step then taken computes this very pass: its minibatch loss is the pass's.
    const r = await call(page, "step");
    const mean = tf.losses.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0) / tf.losses.length;
    assert.equal(r.batchLoss, mean);
  }));

test("with neither batch norm nor dropout, the forward stage is as it was", () =>
  withPage(browser(), link({ hidden: [4, 2] }), WIDE, async ({ page }) => {
    await openForward(page, 1, 1);
    await page.locator("#teach .teach-z").first().waitFor();
    // The engine's training pass is evaluation's: no statistics, no masks.
    const tf = await call(page, "trainingForward");
    assert.ok(tf.layers.every((/** @type {any} */ L) => L.norm === null && L.mask === null));
    const p = (await call(page, "points"))[tf.batch[1]];
    const trace = await call(page, "trace", p.x, p.y);
    assert.deepEqual(tf.layers[0].z[1], trace.layers[0].z);
    for (const sel of [".teach-norm", ".teach-dropped", ".teach-training", ".teach-drop-note", ".teach-xhat"]) {
      assert.equal(await page.locator(`#teach ${sel}`).count(), 0, `no ${sel}`);
    }
    assert.equal(await page.locator("#diagram .teach-dropped").count(), 0);
    assert.match(await text(page, "#teach .teach-formula"), /, {2}a = tanh\(z\)$/);
    assertShown(await text(page, '#teach .teach-neuron[data-index="1"] .teach-z'), trace.layers[0].z[1], "z");
    assertShown(await text(page, '#teach .teach-neuron[data-index="1"] .teach-a'), trace.layers[0].a[1], "a");
  }));

test("Korean at 375 px, batch norm and dropout on", () =>
  withPage(browser(), link({ batchNorm: true, dropout: 0.3, hidden: [5, 3], batchSize: 8 }, "ko"),
    { contextOptions: { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 } }, async ({ page }) => {
      await openForward(page, 2, 0);
      // A sample with a dropped neuron in the first hidden layer.
      const tf = await call(page, "trainingForward");
      const s = tf.layers[0].mask.findIndex((/** @type {number[]} */ m) => m.includes(0));
      assert.ok(s >= 0, "some sample drops a neuron at p = 0.3");
      for (let i = 0; i < s; i++) await page.click('#teach [data-key="sample-next"]');
      await waitFor(async () => (await sampleShown(page)) === s, `sample ${s + 1}`);
      await page.locator("#teach .teach-norm").waitFor();
      const body = await text(page, "#teach .teach-body");
      for (const words of ["배치 정규화", "미니배치", "이동 평균", "드롭아웃", "꺼진 뉴런"]) assert.ok(body.includes(words), `"${words}" in the panel`);
      const dropped = tf.layers[0].mask[s].filter((/** @type {number} */ m) => m === 0).length;
      assert.equal(await page.locator("#teach .teach-drop-tag").count(), dropped);
      assert.equal(await text(page, "#teach .teach-drop-tag"), "꺼짐");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);
      const box = await page.locator("#teach .teach-norm").boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 375, "the normalization box fits the screen");
      await page.locator("#teach").screenshot({ path: join(ARTIFACTS, "teach-norm-ko-375.png") });
    }));
