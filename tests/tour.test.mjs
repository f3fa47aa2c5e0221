// @ts-check
// The guided tour (issue 8, item 4; its dropout lesson, issue 9) in headless
// Chromium: it runs start to end in English and in Korean, each lesson's
// claim checked against the engine (trained through the page's engine
// handle, never by waiting on play); a link to lesson N opens lesson N; closing and reloading offers to
// continue where the learner was; the learner's own playground comes back
// ("Restore my playground"), also when a link opened the tour over a saved
// session; the card works by keyboard and fits a 375 px phone without
// covering the play button. Screenshots of every lesson in en and ko at
// 1400 px and 375 px go to tests/artifacts/.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { browserPerFile, openPage, withPage } from "./lib/browser.mjs";
import { ARTIFACTS, WIDE, call, waitFor } from "./lib/page-helpers.mjs";
import { LESSONS, OVERFIT_EPOCHS } from "../www/js/tour-steps.js";

/** @typedef {import("playwright-core").Page} Page */

const browser = browserPerFile();
const PHONE = { contextOptions: { viewport: { width: 375, height: 800 }, hasTouch: true, isMobile: true } };
const en = JSON.parse(readFileSync(new URL("../www/locales/en.json", import.meta.url), "utf8"));
const ko = JSON.parse(readFileSync(new URL("../www/locales/ko.json", import.meta.url), "utf8"));

/** The card's state as the page shows it. @param {Page} page */
const card = (page) => page.evaluate(() => {
  const r = /** @type {HTMLElement} */ (document.getElementById("tour"));
  return {
    open: !r.hidden,
    pane: r.dataset.pane,
    step: Number(r.dataset.step),
    busy: r.dataset.busy === "true",
    done: r.dataset.done === "true",
    title: r.querySelector("h2")?.textContent ?? "",
    status: r.querySelector(".tour-status")?.textContent ?? "",
    text: r.textContent ?? "",
  };
});

/** Waits until lesson n (1-based) is set up. @param {Page} page @param {number} n */
async function lessonReady(page, n) {
  await waitFor(async () => {
    const c = await card(page);
    return c.open && c.pane === "lesson" && c.step === n && !c.busy;
  }, `lesson ${n} set up`, 20_000);
}

/** Waits until the card says the task is done. @param {Page} page @param {string} what */
const taskDone = (page, what) => waitFor(async () => (await card(page)).done, `${what}: the card says done`, 10_000);

/** @param {Page} page */
const config = (page) => call(page, "config");
/** @param {Page} page */
const loss = (page) => call(page, "loss");
/** @param {Page} page @param {number} epochs */
const train = (page, epochs) => call(page, "train", epochs);

/** The teach panel's stage, or null when it is closed. @param {Page} page */
const teachStage = (page) => page.evaluate(() => {
  const t = /** @type {HTMLElement} */ (document.getElementById("teach"));
  return t.hidden ? null : t.dataset.stage ?? null;
});

/** Clicks the card's Next/Skip/Finish. @param {Page} page */
const next = (page) => page.click("#tour .tour-next");

/** @param {Page} page @param {string} name */
async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The same sign for every entry. @param {number[]} v */
const oneSign = (v) => v.every((d) => Math.sign(d) === Math.sign(v[0]));
/** @param {number[]} v */
const diffs = (v) => v.slice(1).map((x, i) => x - v[i]);

const W1 = { layer: 0, row: 0, col: 0 };

/** Every lesson, start to end, with its claims checked by the engine. @param {Page} page @param {"en" | "ko"} lang */
async function runTour(page, lang) {
  const words = lang === "ko" ? ko : en;
  await page.click("#tour-open");
  assert.equal((await card(page)).pane, "intro");
  assert.equal((await card(page)).title, words["tour.intro.title"]);
  await page.click("#tour .tour-start");

  // 1. The neuron: one neuron (no hidden layer) separates the gauss clouds.
  await lessonReady(page, 1);
  let c = await config(page);
  assert.deepEqual([c.dataset, c.hidden.length], ["gauss", 0]);
  assert.equal(await teachStage(page), "forward");
  assert.equal((await card(page)).title, words["tour.neuron.title"]);
  await shot(page, `tour-1-${lang}-1400-start`);
  await train(page, 50);
  assert.ok((await loss(page)).test < 0.05, "one neuron: gauss test loss < 0.05 after 50 epochs");
  await taskDone(page, "neuron");
  await shot(page, `tour-1-${lang}-1400`);
  await next(page);

  // 2. The activation function: linear hidden layer cannot fit the circle; tanh can.
  await lessonReady(page, 2);
  c = await config(page);
  assert.deepEqual([c.dataset, c.hidden, c.activation], ["circle", [4], "linear"]);
  assert.equal(await teachStage(page), "activation");
  await train(page, 200);
  assert.ok((await loss(page)).test > 0.2, "linear: circle test loss stays above 0.2 after 200 epochs");
  assert.equal((await card(page)).done, false);
  await page.selectOption("#activation", "tanh");
  await waitFor(async () => (await config(page)).activation === "tanh", "tanh chosen");
  await train(page, 200);
  assert.ok((await loss(page)).test < 0.1, "tanh: circle test loss below 0.1 after 200 more epochs");
  await taskDone(page, "activation");
  await shot(page, `tour-2-${lang}-1400`);
  await next(page);

  // 3. How a network computes: xor needs a hidden layer.
  await lessonReady(page, 3);
  c = await config(page);
  assert.deepEqual([c.dataset, c.hidden.length], ["xor", 0]);
  assert.equal(await teachStage(page), null, "the step-by-step panel closes");
  await train(page, 200);
  assert.ok((await loss(page)).test > 0.2, "xor, no hidden layer: test loss above 0.2 after 200 epochs");
  assert.equal((await card(page)).done, false);
  await page.click("#add-layer");
  await waitFor(async () => (await config(page)).hidden.join() === "4", "a hidden layer of 4");
  await train(page, 200);
  assert.ok((await loss(page)).test < 0.1, "xor, one hidden layer of 4: test loss below 0.1 after 200 epochs");
  await taskDone(page, "network");
  await shot(page, `tour-3-${lang}-1400`);
  await next(page);

  // 4. How a network learns: repeated steps bring the cost down.
  await lessonReady(page, 4);
  c = await config(page);
  assert.deepEqual([c.dataset, c.hidden], ["circle", [4, 2]]);
  assert.equal(await teachStage(page), "loss");
  const before = (await loss(page)).train;
  await train(page, 200);
  const after = (await loss(page)).train;
  assert.ok(after < 0.1 && after < before / 3, `training loss ${before} -> ${after}: below 0.1`);
  await taskDone(page, "learn");
  await shot(page, `tour-4-${lang}-1400`);
  await next(page);

  // 5. Gradient descent: a bowl; 0.01 walks down, 0.1 overshoots, 0.3 diverges.
  await lessonReady(page, 5);
  c = await config(page);
  const state = await call(page, "state");
  assert.deepEqual([c.problem, c.dataset, c.hidden.length, c.optimizer.learningRate], ["regression", "plane", 0, 0.01]);
  assert.ok(c.batchSize >= state.trainCount, "full batch");
  assert.equal(await page.isVisible("#landscape"), true);
  assert.deepEqual([await page.inputValue("#landscape-p1"), await page.inputValue("#landscape-p2")], ["0,0,0", "0,0,1"]);
  /** @type {number[]} */
  const w = [await call(page, "param", W1)];
  /** @type {number[]} */
  const costs = [];
  for (let i = 0; i < 20; i++) {
    costs.push((await call(page, "step")).batchLoss);
    w.push(await call(page, "param", W1));
  }
  assert.ok(costs.every((v, i) => i === 0 || v <= costs[i - 1]), `lr 0.01: the cost never rises (${costs.map((v) => v.toFixed(4))})`);
  assert.ok(oneSign(diffs(w)), `lr 0.01: w1 moves one way, no overshoot (${w.map((v) => v.toFixed(3))})`);
  await page.click("#reset");
  await waitFor(async () => (await call(page, "state")).step === 0, "reset");
  await page.selectOption("#learning-rate", "0.1");
  await waitFor(async () => (await config(page)).optimizer.learningRate === 0.1, "learning rate 0.1");
  for (let i = 0; i < 4; i++) await page.click("#step");
  await waitFor(async () => (await call(page, "state")).step === 4, "four steps");
  await taskDone(page, "gd");
  // The drawn path: w1 jumps past the bottom and back (the sign of its change flips).
  const path = await waitFor(async () => {
    const p = JSON.parse((await page.getAttribute("#landscape-canvas", "data-path")) ?? "[]");
    return p.length === 5 ? p : null;
  }, "the path of four steps");
  const d1 = diffs(path.map((/** @type {number[]} */ p) => p[0]));
  assert.ok(d1.slice(1).every((d, i) => Math.sign(d) === -Math.sign(d1[i])), `lr 0.1: w1 zigzags (${d1.map((v) => v.toFixed(3))})`);
  await page.locator("#landscape").scrollIntoViewIfNeeded();
  await shot(page, `tour-5-${lang}-1400`);
  await page.selectOption("#learning-rate", "0.3");
  await waitFor(async () => (await config(page)).optimizer.learningRate === 0.3, "learning rate 0.3");
  let diverged = false;
  for (let i = 0; i < 80 && !diverged; i++) {
    // The diverging step says so, or the next one refuses, naming the divergence.
    diverged = await call(page, "step").then((r) => r.diverged, (err) => /diverged/.test(String(err)));
  }
  assert.ok(diverged, "lr 0.3: training diverges within 80 steps");
  await next(page);

  // 6. SGD: the full batch falls smoothly; batch 1 is noisy but makes more progress per epoch.
  await lessonReady(page, 6);
  c = await config(page);
  assert.deepEqual([c.dataset, c.optimizer.learningRate], ["plane", 0.01]);
  assert.equal(await page.isChecked("#chart-log"), true, "the chart on a log scale");
  assert.ok(c.batchSize >= (await call(page, "state")).trainCount, "full batch");
  /** @type {number[]} */
  const full = [];
  for (let i = 0; i < 30; i++) full.push((await call(page, "step")).batchLoss);
  assert.ok(full.every((v, i) => i === 0 || v <= full[i - 1]), "full batch: every update's cost is lower");
  await call(page, "reset");
  await train(page, 1);
  const oneEpochFull = (await loss(page)).train;
  await call(page, "reset");
  await page.$eval("#batch-size", (el) => {
    const input = /** @type {HTMLInputElement} */ (el);
    input.value = "1";
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await waitFor(async () => (await config(page)).batchSize === 1, "batch size 1");
  await train(page, 1);
  const oneEpochSgd = (await loss(page)).train;
  assert.ok(oneEpochSgd < oneEpochFull, `after one epoch: batch 1 ${oneEpochSgd} < full batch ${oneEpochFull}`);
  /** @type {number[]} */
  const noisy = [];
  for (let i = 0; i < 100; i++) noisy.push((await call(page, "step")).batchLoss);
  const ups = diffs(noisy).filter((d) => d > 0).length;
  assert.ok(ups > 25, `batch 1: the minibatch cost rises in ${ups} of 99 steps`);
  await taskDone(page, "sgd");
  // The picture: fresh weights, then 60 single-point steps — the minibatch trace is noise.
  await page.click("#reset");
  await waitFor(async () => (await call(page, "state")).step === 0, "reset");
  for (let i = 0; i < 60; i++) await page.click("#step");
  await waitFor(async () => (await call(page, "state")).step === 60, "60 steps");
  await page.locator("#chart").scrollIntoViewIfNeeded();
  await shot(page, `tour-6-${lang}-1400`);
  await next(page);

  // 7. Backpropagation: the update stage's step is exactly w − α·g.
  await lessonReady(page, 7);
  assert.equal(await teachStage(page), "backprop");
  await page.click("#teach .teach-next");
  assert.equal(await teachStage(page), "update");
  const model = await call(page, "model");
  const grads = await call(page, "gradients");
  const L = model.layers.length - 1;
  const rate = (await config(page)).optimizer.learningRate;
  const w0 = model.layers[L].weights[0][0];
  const g = grads.layers[L].weights[0][0];
  await page.click("#teach .teach-take");
  await waitFor(async () => (await call(page, "state")).step === 1, "the step taken");
  const w1 = (await call(page, "model")).layers[L].weights[0][0];
  assert.ok(Math.abs(w1 - (w0 - rate * g)) < 1e-6, `new weight ${w1} = ${w0} − ${rate}·${g}`);
  await taskDone(page, "backprop");
  await shot(page, `tour-7-${lang}-1400`);
  await next(page);

  // 8. What comes next, dropout: 40 noisy points and two layers of 16 overfit; dropout keeps the losses close.
  await lessonReady(page, 8);
  c = await config(page);
  assert.deepEqual([c.dataset, c.noise, c.hidden, c.dropout], ["circle", 0.5, [16, 16], 0]);
  assert.equal((await call(page, "state")).trainCount, 40, "40 training points");
  assert.equal(await page.evaluate(() => document.querySelector("details.advanced")?.hasAttribute("open")), true, "Advanced is open: the dropout control shows");
  /** Trains to `epoch` in chunks of 10 epochs (a frame each: the chart draws the curves). @param {number} epoch */
  const trainTo = async (epoch) => {
    while ((await call(page, "state")).epoch < epoch) await train(page, Math.min(10, epoch - (await call(page, "state")).epoch));
  };
  await trainTo(20);
  const early = await loss(page);
  await trainTo(OVERFIT_EPOCHS);
  const plain = await loss(page);
  const plainGap = plain.test - plain.train;
  assert.ok(plain.train < early.train / 2 && plain.test > early.test + 0.05,
    `without dropout the training loss falls (${early.train} → ${plain.train}) while the test loss rises (${early.test} → ${plain.test})`);
  assert.ok(plainGap > 0.2, `without dropout, test − training loss at epoch ${OVERFIT_EPOCHS} is ${plainGap} > 0.2`);
  await page.locator(".output-panel").screenshot({ path: join(ARTIFACTS, `tour-8-${lang}-1400-overfit.png`) });
  assert.equal((await card(page)).done, false);
  await page.selectOption("#dropout", "0.5");
  await waitFor(async () => (await config(page)).dropout === 0.5, "dropout 50%");
  await page.click("#reset");
  await waitFor(async () => (await call(page, "state")).step === 0, "reset");
  await trainTo(OVERFIT_EPOCHS);
  const dropped = await loss(page);
  const dropGap = dropped.test - dropped.train;
  assert.ok(dropGap < 0.05 && plainGap - dropGap > 0.2, `with dropout 0.5 the gap is ${dropGap}, against ${plainGap} without`);
  assert.ok(dropped.test < plain.test - 0.05, `and the test loss is lower: ${dropped.test} < ${plain.test}`);
  const f = (/** @type {number} */ v) => v.toFixed(3);
  console.log(`dropout lesson (${lang}): epoch 20 training ${f(early.train)} test ${f(early.test)}; epoch ${OVERFIT_EPOCHS} without dropout ${f(plain.train)} / ${f(plain.test)} (gap ${f(plainGap)}), with dropout 0.5 ${f(dropped.train)} / ${f(dropped.test)} (gap ${f(dropGap)}); test accuracy ${plain.testAccuracy} → ${dropped.testAccuracy}`);
  await taskDone(page, "dropout");
  const status = (await card(page)).status;
  assert.ok(status.includes(dropGap.toFixed(3)) && status.includes(plainGap.toFixed(3)), `the card says both gaps: ${status}`);
  // One more step: the diagram hatches the neurons it dropped.
  await page.click("#step");
  await waitFor(async () => (await page.getAttribute("#diagram", "data-dropped-step")) === String((await call(page, "state")).step), "the step's marks");
  await shot(page, `tour-8-${lang}-1400`);
  // The diagram with the card folded out of its way.
  await page.click("#tour .tour-min");
  await page.locator(".network-panel").screenshot({ path: join(ARTIFACTS, `tour-8-${lang}-1400-diagram.png`) });
  await page.click("#tour .tour-min");
  assert.equal(await page.textContent("#tour .tour-next"), words["tour.finish"]);
  await next(page);
  assert.equal((await card(page)).open, false, "Finish closes the tour");
}

for (const lang of /** @type {const} */ (["en", "ko"])) {
  test(`the tour runs start to end in ${lang}, each lesson's claim checked by the engine`, () =>
    withPage(browser(), lang === "ko" ? "?lang=ko" : "", WIDE, async ({ page }) => {
      const start = { config: await config(page), points: await call(page, "points") };
      await runTour(page, lang);
      // The learner's playground from before the tour comes back.
      assert.equal(await page.isVisible("#tour-bar"), true);
      await page.click("#tour-bar .tour-bar-restore");
      await waitFor(async () => (await config(page)).dataset === start.config.dataset && (await config(page)).seed === start.config.seed, "the playground restored");
      assert.deepEqual(await config(page), start.config);
      assert.deepEqual(await call(page, "points"), start.points);
    }));

  test(`a link opens each lesson (${lang}, 375 px): the card fits and leaves the play button free`, async () => {
    const context = await browser().newContext(PHONE.contextOptions);
    try {
      for (let n = 1; n <= LESSONS.length; n++) {
        const opened = await openPage(context, `#tour=${n}&lang=${lang}`);
        const { page } = opened;
        try {
          await lessonReady(page, n);
          const c = await config(page);
          assert.equal(c.dataset, LESSONS[n - 1].config.dataset, `lesson ${n}'s data set`);
          const box = await page.locator("#tour").boundingBox();
          const play = await page.locator("#play").boundingBox();
          assert.ok(box && play);
          assert.ok(box.x >= 0 && box.x + box.width <= 375, `the card fits the screen (${box.x}, ${box.width})`);
          const overlap = box.y < play.y + play.height && play.y < box.y + box.height;
          assert.ok(!overlap, "the card does not cover the play button");
          const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest("#play") !== null, [play.x + play.width / 2, play.y + play.height / 2]);
          assert.ok(hit, "the play button can be pressed");
          assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, "no sideways scroll");
          await shot(page, `tour-${n}-${lang}-375`);
          assert.deepEqual(opened.problems(), []);
        } finally {
          await opened.close();
        }
      }
    } finally {
      await context.close();
    }
  });
}

test("closing and reloading offers to continue at the lesson the learner was at (keyboard only)", () =>
  withPage(browser(), "", WIDE, async ({ page }) => {
    await page.focus("#tour-open");
    await page.keyboard.press("Enter");
    assert.equal((await card(page)).pane, "intro");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "tour-title", "focus moves into the card");
    await page.focus("#tour .tour-start");
    await page.keyboard.press("Enter");
    await lessonReady(page, 1);
    await page.locator("#tour .tour-lesson").nth(2).focus();
    await page.keyboard.press("Enter");
    await lessonReady(page, 3);
    assert.equal((await config(page)).dataset, "xor");
    await page.focus("#tour-title");
    await page.keyboard.press("Escape");
    assert.equal((await card(page)).open, false, "Esc closes the tour");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "tour-open", "focus returns to the tour button");
    // Let the session and the hash catch up, then reload.
    await waitFor(async () => (await page.evaluate(() => localStorage.getItem("nnplay-session") ?? "")).includes("xor"), "the session saved");
    await page.waitForTimeout(200);
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === "1");
    const bar = page.locator("#tour-bar");
    await bar.waitFor({ state: "visible" });
    assert.match((await bar.textContent()) ?? "", /lesson 3, How a network computes/);
    await page.click("#tour-bar .tour-bar-continue");
    await lessonReady(page, 3);
    assert.equal((await config(page)).dataset, "xor");
    // Dismissing the offer: no offer at the next load, but the tour button still offers lesson 3.
    await page.keyboard.press("Escape");
    await bar.waitFor({ state: "visible" });
    await page.click('#tour-bar button[aria-label="Dismiss"]');
    await page.waitForTimeout(300);
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === "1");
    await page.waitForTimeout(300);
    assert.equal(await bar.isVisible(), false, "a dismissed offer stays away");
    await page.click("#tour-open");
    assert.match((await page.textContent("#tour .tour-start")) ?? "", /Continue at lesson 3/);
  }));

test("a link to a lesson over a saved session keeps that work: Restore my playground brings it back", async () => {
  const context = await browser().newContext(WIDE.contextOptions);
  try {
    // The learner's work: spiral, trained a little, then the tab is closed.
    const first = await openPage(context, "");
    await first.page.click('.dataset[data-dataset="spiral"]');
    await waitFor(async () => (await config(first.page)).dataset === "spiral", "spiral");
    await train(first.page, 3);
    const work = { config: await config(first.page), points: await call(first.page, "points"), model: await call(first.page, "model") };
    await waitFor(async () => {
      const s = JSON.parse((await first.page.evaluate(() => localStorage.getItem("nnplay-session"))) ?? "null");
      return s && s.snapshot.epoch === 3;
    }, "the work saved");
    await first.close();
    // A link opens lesson 2 in a new tab: the saved work is kept, not replaced.
    const second = await openPage(context, "#tour=2");
    try {
      const { page } = second;
      await lessonReady(page, 2);
      assert.equal((await config(page)).dataset, "circle");
      assert.equal(await page.isVisible("#session"), false, "the tour's restore replaces the session offer");
      await page.click("#tour .tour-restore");
      await waitFor(async () => (await config(page)).dataset === "spiral", "the work restored");
      assert.deepEqual(await config(page), work.config);
      assert.deepEqual(await call(page, "points"), work.points);
      assert.deepEqual(await call(page, "model"), work.model);
      assert.equal((await card(page)).open, false);
      assert.deepEqual(second.problems(), []);
    } finally {
      await second.close();
    }
  } finally {
    await context.close();
  }
});

test("every lesson's words exist in both languages", () => {
  for (const l of LESSONS) {
    for (const part of ["title", "idea", "task", "done"]) {
      for (const [name, strings] of [["en", en], ["ko", ko]]) {
        assert.ok(typeof strings[`tour.${l.id}.${part}`] === "string", `${name}: tour.${l.id}.${part}`);
      }
    }
  }
  assert.equal(LESSONS.map((l) => l.id).join(), "neuron,activation,network,learn,gd,sgd,backprop,dropout", "the notes' order, then what comes next");
});
