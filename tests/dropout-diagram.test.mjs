// @ts-check
// Dropout on the diagram (issue 9, item 1), in headless Chromium: with
// dropout on, the hidden neurons the diagram marks, and for how many of the
// minibatch's points, are exactly the engine's masks of the step it drew
// (`dropoutMasks()`), step after step and while playing; the marks change
// from step to step; reading the next minibatch (`backprop()`) leaves them be;
// with a batch of one a neuron is simply on or off; with dropout 0 nothing is
// marked. Prints what the marks cost per frame (main thread and worker), and
// writes dropout-diagram-en-1400.png and dropout-diagram-ko-375.png into
// tests/artifacts/.
//
// Run: cargo xtask build && node --test tests/dropout-diagram.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { browserPerFile, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { countDropped } from "../www/js/dropout-counts.js";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();
const NARROW = { contextOptions: { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 } };

/**
 * What the diagram shows: the step and minibatch size it marked, and per hidden neuron the count
 * on its marks canvas (null: none), whether anything is drawn there, and whether the "k/n" box
 * (opaque in the bottom-right corner) is.
 * @param {Page} page
 */
const marks = (page) => page.evaluate(() => {
  const d = /** @type {HTMLElement} */ (document.getElementById("diagram"));
  const nodes = [...d.querySelectorAll(".node.neuron")];
  const caption = /** @type {HTMLElement | null} */ (document.querySelector(".drop-caption"));
  const canvases = nodes.map((n) => /** @type {HTMLCanvasElement | null} */ (n.querySelector("canvas.drop-mark")));
  /** @param {HTMLCanvasElement} c @param {number} x @param {number} y */
  const alpha = (c, x, y) => /** @type {CanvasRenderingContext2D} */ (c.getContext("2d")).getImageData(x, y, 1, 1).data[3];
  return {
    step: d.dataset.droppedStep === undefined ? null : Number(d.dataset.droppedStep),
    samples: d.dataset.droppedSamples === undefined ? null : Number(d.dataset.droppedSamples),
    counts: canvases.map((c) => (c?.dataset.dropped === undefined ? null : Number(c.dataset.dropped))),
    inked: canvases.map((c) => {
      if (!c) return false;
      const data = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d")).getImageData(0, 0, c.width, c.height).data;
      return data.some((v, i) => i % 4 === 3 && v > 0);
    }),
    badges: canvases.map((c) => (c ? alpha(c, c.width - 2, c.height - 2) === 255 : false)),
    caption: caption && !caption.hidden ? caption.textContent ?? "" : null,
  };
});

/** The engine's masks of the last step, as numbers. @param {Page} page @returns {Promise<number[]>} */
const engineMasks = (page) => page.evaluate(async () => Array.from(await /** @type {any} */ (window).nnplay.call("dropoutMasks")));

/** How many hidden neurons the network has. @param {Page} page */
const hiddenCount = async (page) => (await call(page, "config")).hidden.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0);

/** Waits until the diagram has drawn the engine's current step, then checks its marks against the masks. @param {Page} page */
async function marksMatchEngine(page) {
  const step = (await call(page, "state")).step;
  const shown = await waitFor(async () => {
    const m = await marks(page);
    return m.step === step ? m : null;
  }, `the diagram to mark step ${step}`);
  const masks = await engineMasks(page);
  const hidden = await hiddenCount(page);
  const want = countDropped(new Float32Array(masks), hidden);
  assert.ok(want, `the engine has masks for step ${step}`);
  assert.equal(shown.samples, want.samples, "the minibatch's size");
  assert.deepEqual(shown.counts, want.counts, `step ${step}: each neuron's dropped count is the engine's`);
  for (let i = 0; i < want.counts.length; i++) {
    const k = want.counts[i];
    assert.equal(shown.inked[i], k > 0, `neuron ${i}: hatched exactly when dropped`);
    assert.equal(shown.badges[i], want.samples > 1 && k > 0, `neuron ${i}: "k/n" exactly when dropped for some of several points`);
  }
  assert.ok(shown.caption, "the caption says what the marks mean");
  return { step, counts: want.counts, samples: want.samples, caption: shown.caption };
}

/** Sets the dropout select as a learner does (under Advanced). @param {Page} page @param {string} value */
async function setDropout(page, value) {
  if (!(await page.isVisible("#dropout"))) await page.click("details.advanced > summary");
  await page.selectOption("#dropout", value);
  await waitFor(async () => String((await call(page, "config")).dropout) === value, `dropout ${value}`);
}

test("the marked neurons are the engine's masks of the drawn step; they change each step; dropout 0 marks nothing", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await call(page, "setConfig", { hidden: [6, 5] });
    await page.locator('#diagram .node.neuron[data-layer="1"][data-index="4"]').waitFor();
    await setDropout(page, "0.5");
    assert.equal((await marks(page)).counts.filter((c) => c !== null).length, 0, "no step yet: nothing marked");
    assert.deepEqual(await engineMasks(page), [], "no step yet: no masks");

    // Step by step (batch 10).
    /** @type {Awaited<ReturnType<typeof marksMatchEngine>>[]} */
    const seen = [];
    for (let i = 0; i < 3; i++) {
      await page.click("#step");
      seen.push(await marksMatchEngine(page));
    }
    assert.equal(seen[0].samples, 10);
    assert.ok(seen[0].counts.some((k) => k > 0) && seen[0].counts.some((k) => k < 10), "some neurons off for some points");
    assert.notDeepEqual(seen[1].counts, seen[0].counts, "step 2 dropped other neurons than step 1");
    assert.notDeepEqual(seen[2].counts, seen[1].counts, "step 3 dropped other neurons than step 2");
    assert.match(seen[2].caption, /^Dropout 50%: in the last step each of the minibatch's 10 points/);

    // Another theme draws the marks again at once, in its colours.
    const ink = () => page.evaluate(() => {
      const c = /** @type {HTMLCanvasElement} */ (document.querySelector('#diagram canvas.drop-mark:not([data-dropped="0"])'));
      const d = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d")).getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += d[i] + 2 * d[i + 1] + 3 * d[i + 2];
      return sum;
    });
    const light = await ink();
    await page.click("#theme");
    await waitFor(async () => (await ink()) !== light, "the marks in the other theme's colours");
    await page.click("#theme");
    await waitFor(async () => (await ink()) === light, "the marks back in the first theme's colours");

    // Reading the next minibatch's backward pass changes neither the masks nor the marks.
    const before = await engineMasks(page);
    await call(page, "backprop");
    assert.deepEqual(await engineMasks(page), before, "backprop() leaves the step's masks");
    await page.check("#grad-toggle");
    await page.locator("#diagram .delta-dot").first().waitFor();
    await page.uncheck("#grad-toggle");
    await marksMatchEngine(page);

    // A batch of one: each neuron simply on or off.
    await call(page, "setConfig", { batchSize: 1 });
    await waitFor(async () => (await call(page, "config")).batchSize === 1, "batch size 1");
    await page.click("#step");
    const one = await marksMatchEngine(page);
    assert.equal(one.samples, 1);
    assert.ok(one.counts.every((k) => k === 0 || k === 1));
    assert.match(one.caption, /^Dropout 50%: the hatched neurons were switched off in the last step, for its minibatch's one point/);
    await call(page, "setConfig", { batchSize: 10 });

    // Playing: the marks follow the steps; once paused they are the last step's.
    await page.click("#play");
    /** @type {Set<string>} */
    const drawn = new Set();
    await waitFor(async () => {
      const m = await marks(page);
      if (m.step !== null) drawn.add(`${m.step}:${m.counts.join()}`);
      return drawn.size >= 4;
    }, "four marked frames while playing");
    // The worker handles messages in order: once paused, the state read next is the last step's.
    await page.click("#play");
    await marksMatchEngine(page);

    // Dropout 0: nothing marked, while paused or playing.
    await setDropout(page, "0");
    await waitFor(async () => (await marks(page)).step === null, "the marks to go");
    const none = await marks(page);
    assert.ok(none.counts.every((c) => c === null) && none.inked.every((i) => !i), "no neuron marked");
    assert.equal(none.caption, null, "no caption");
    const step = (await call(page, "state")).step;
    await page.click("#play");
    await waitFor(async () => (await call(page, "state")).step > step + 5, "training without dropout");
    await page.click("#play");
    assert.equal((await marks(page)).step, null, "nothing marked while training without dropout");
    assert.deepEqual(await engineMasks(page), []);

    // Dropout again after a reset: nothing until the first step.
    await setDropout(page, "0.3");
    await page.click("#reset");
    await waitFor(async () => (await call(page, "state")).step === 0, "reset");
    assert.equal((await marks(page)).step, null, "reset: no step, no marks");
    await page.click("#step");
    await marksMatchEngine(page);
  }));

for (const [lang, size, opts] of /** @type {const} */ ([["en", 1400, WIDE], ["ko", 375, NARROW]])) {
  test(`screenshot: dropout marks on the diagram, ${lang}, ${size} px`, () =>
    withPage(browser(), lang === "ko" ? "?lang=ko" : "", opts, async ({ page }) => {
      await call(page, "setConfig", { hidden: [6, 5], dropout: 0.5 });
      await waitFor(async () => (await call(page, "config")).dropout === 0.5, "dropout 0.5");
      for (let i = 0; i < 5; i++) await page.click("#step");
      const m = await marksMatchEngine(page);
      assert.ok(m.caption.includes(lang === "ko" ? "드롭아웃 50%" : "Dropout 50%"), m.caption);
      const panel = page.locator(".network-panel");
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: join(ARTIFACTS, `dropout-diagram-${lang}-${size}.png`) });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);
    }));
}

test("what the marks cost per frame (printed, not asserted)", async (t) => {
  // The worker's share: dropoutMasks() and the counts, for the biggest minibatch of a wide network.
  const pkg = join(fileURLToPath(new URL("..", import.meta.url)), "www", "pkg");
  const glue = await import(pathToFileURL(join(pkg, "nnplay_wasm.js")).href);
  glue.initSync({ module: readFileSync(join(pkg, "nnplay_wasm_bg.wasm")) });
  for (const [hidden, batchSize] of /** @type {const} */ ([[[8, 8], 10], [[32, 32, 32], 100]])) {
    const pg = new glue.Playground({ seed: 3, hidden, dropout: 0.5, batchSize, samples: 500 });
    try {
      pg.step();
      const n = hidden.reduce((a, b) => a + b, 0);
      const runs = 2000;
      const start = performance.now();
      for (let i = 0; i < runs; i++) countDropped(pg.dropoutMasks(), n);
      const us = ((performance.now() - start) / runs) * 1000;
      t.diagnostic(`worker, hidden ${hidden.join("×")}, batch ${batchSize}: dropoutMasks() + counts ${us.toFixed(1)} µs per frame`);
      assert.equal(countDropped(pg.dropoutMasks(), n)?.samples, batchSize);
    } finally {
      pg.free();
    }
  }
  // The main thread's share: DropoutMarks.show() on the page's own diagram, new counts every frame.
  await withPage(browser(), "", WIDE, async ({ page }) => {
    for (const hidden of [[6, 5], [16, 16, 16, 16]]) {
      await call(page, "setConfig", { hidden, dropout: 0.5 });
      const total = hidden.reduce((a, b) => a + b, 0);
      await waitFor(async () => (await page.locator("#diagram .node.neuron").count()) === total, "the diagram rebuilt");
      const us = await page.evaluate(async (n) => {
        const { DropoutMarks } = await import("./js/diagram-dropout.js");
        const root = /** @type {HTMLElement} */ (document.getElementById("diagram"));
        const marks = new DropoutMarks(root);
        const runs = 300;
        // What every frame does to the diagram anyway, for scale: a link's width changes (the
        // weights) and each neuron's 64×64 picture is put into its thumbnail.
        const link = /** @type {SVGPathElement} */ (root.querySelector("path.link"));
        const thumbs = /** @type {HTMLCanvasElement[]} */ ([...root.querySelectorAll(".node.neuron canvas.thumb")]);
        const picture = new ImageData(64, 64);
        /** @param {number} i */
        const frame = (i) => {
          link.setAttribute("stroke-width", String(1 + (i % 3)));
          for (const c of thumbs) /** @type {CanvasRenderingContext2D} */ (c.getContext("2d")).putImageData(picture, 0, 0);
        };
        let base = 0;
        let marked = 0;
        let js = 0;
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          frame(i);
          root.getBoundingClientRect(); // the frame's style and layout, forced here
          base += performance.now() - t0;
        }
        for (let i = 0; i < runs; i++) {
          // New counts for most neurons every frame, as batch 10 at rate 0.5 gives.
          const counts = Array.from({ length: n }, (_, h) => (h * 7 + i * 3) % 11);
          const t0 = performance.now();
          frame(i);
          const t1 = performance.now();
          marks.show({ samples: 10, counts }, i + 1, 0.5);
          js += performance.now() - t1;
          root.getBoundingClientRect();
          marked += performance.now() - t0;
        }
        marks.clear();
        marks.caption.remove();
        const us = (/** @type {number} */ ms) => (ms / runs) * 1000;
        return { base: us(base), marked: us(marked), js: us(js) };
      }, total);
      t.diagnostic(`main thread, ${total} hidden neurons: show() ${us.js.toFixed(0)} µs; the frame's diagram work ${us.marked.toFixed(0)} µs with the marks, ${us.base.toFixed(0)} µs without`);
    }
  });
});
