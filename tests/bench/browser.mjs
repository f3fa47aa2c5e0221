// @ts-check
// The browser benchmark: headless Chromium (Debian's, launched as the tests
// launch it) plays the built page on W-max and on the largest network the UI
// allows, each for ~10 s at the speed that trains one epoch per frame, and
// prints what a learner would feel. Measured from outside the page: an init
// script (tests/bench/page-probe.mjs) watches the worker's frame messages and
// real pointer events, and a Chromium trace gives each thread's busy time.
//
//   cargo xtask bench        (builds --release, serves www/, runs this)
//   NNPLAY_URL=http://127.0.0.1:8104/ node tests/bench/browser.mjs [--seconds S] [--json]
//
// Figures per network:
//   frames/s              frames delivered and drawn per second while playing,
//                         and (in brackets) display frames that showed a new one
//                         (two can land in one display frame)
//   epochs/frame          training done per drawn frame (1 at this speed)
//   main thread / frame   the page's main thread busy time (every task: script,
//                         style, layout, paint) per drawn frame, p50 / p95
//   worker / frame        the engine worker's busy time per drawn frame, p50 / p95
//   pointer -> drawn      a real mouse move dragging a point on the output plot
//                         (during training) to the first drawn frame that shows
//                         the moved point, p50 / p95, in ms and 60 Hz frames
//   navigation -> first boundary
//                         from navigation start to the first drawn boundary
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchBrowser, openPage, waitForReady } from "../lib/browser.mjs";
import { W_MAX as BASE_MAX } from "../lib/workloads.mjs";
import { busyPerFrame, probe, quantile } from "./page-probe.mjs";

const ROOT = process.env.NNPLAY_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const secondsArg = args.indexOf("--seconds");
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : Number(process.env.BROWSER_BENCH_SECONDS ?? 10);
const JSON_OUT = args.includes("--json");
if (!(SECONDS > 0)) throw new Error("--seconds needs a positive number");
/** Pointer moves measured per network. */
const MOVES = 30;
/** One display frame at 60 Hz, ms. */
const DISPLAY_FRAME = 1000 / 60;

/** The page's largest network: all nine features, as many layers of as many neurons as the UI allows. */
const NINE = ["x1", "x2", "x1Squared", "x2Squared", "x1x2", "sinX1", "sinX2", "cosX1", "cosX2"];

/**
 * The UI's speed that trains one epoch per frame, found by its English label.
 * @returns {number}
 */
function oneEpochSpeed() {
  const en = JSON.parse(readFileSync(join(ROOT, "www", "locales", "en.json"), "utf8"));
  const key = Object.keys(en).find((k) => /^speed\.\d+$/.test(k) && /^1 epoch\b/.test(en[k]));
  if (!key) throw new Error('www/locales/en.json has no "speed.N" label reading "1 epoch ..."');
  return Number(key.slice("speed.".length));
}

/**
 * The largest network the page allows, from the engine's own limits
 * (`Playground.catalog().ranges`): the most hidden layers, each as wide as
 * the cap on hidden neurons in all leaves room for.
 */
async function largestHidden() {
  const glue = await import(pathToFileURL(join(ROOT, "www", "pkg", "nnplay_wasm.js")).href);
  glue.initSync({ module: readFileSync(join(ROOT, "www", "pkg", "nnplay_wasm_bg.wasm")) });
  const { hiddenLayers, layerWidth, totalHidden } = glue.Playground.catalog().ranges;
  const layers = hiddenLayers.max;
  const width = Math.min(layerWidth.max, Math.floor(totalHidden.max / layers));
  if (!(layers > 0 && width > 0)) throw new Error("Playground.catalog().ranges: no hidden layer limits");
  return Array.from({ length: layers }, () => width);
}

/**
 * The page's URL hash for a config and speed (format: www/js/state.js).
 * @param {object} config @param {number} speed
 */
function hashFor(config, speed) {
  const json = JSON.stringify({ v: 1, c: config, u: { showTest: true, discretize: false, speed, chartLog: false } });
  return `#s=${Buffer.from(json).toString("base64url")}`;
}

/** @param {number} ms */
const ms = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/**
 * Plays one network and measures it.
 * @param {import("playwright-core").Browser} browser
 * @param {string} name @param {object} config @param {number} speed
 */
async function benchNetwork(browser, name, config, speed) {
  const opened = await openPage(browser, `index.html${hashFor(config, speed)}`, {
    waitReady: false,
    contextOptions: { viewport: { width: 1400, height: 1000 } },
    initScript: probe,
  });
  const { page } = opened;
  try {
    await page.waitForFunction(() => /** @type {any} */ (window).__nnplayBench.frames.some((/** @type {any} */ f) => f.valid), undefined, { timeout: 30_000 });
    const firstBoundary = await page.evaluate(() => /** @type {any} */ (window).__nnplayBench.frames.find((/** @type {any} */ f) => f.valid).drawn);
    const layers = await page.evaluate(() => /** @type {any} */ (window).__nnplayBench.lastSizes);
    await waitForReady(page, 30_000, opened.problems);

    // Play with the real button, let it settle, then trace a window of SECONDS.
    await page.click("#play");
    await page.waitForFunction(() => /** @type {any} */ (window).__nnplayBench.playing, undefined, { timeout: 10_000 });
    await page.waitForTimeout(1000);
    await browser.startTracing(page, { categories: ["toplevel", "blink.user_timing"] });
    const t0 = await page.evaluate(() => performance.now());
    await page.waitForTimeout(SECONDS * 1000);
    const t1 = await page.evaluate(() => performance.now());
    const trace = JSON.parse((await browser.stopTracing()).toString("utf8"));
    /** @type {{ drawn: number, vsync: number, epoch: number }[]} */
    const frames = await page.evaluate(([a, b]) => /** @type {any} */ (window).__nnplayBench.frames
      .filter((/** @type {any} */ f) => f.drawn >= a && f.drawn <= b)
      .map((/** @type {any} */ f) => ({ drawn: f.drawn, vsync: f.vsync, epoch: f.epoch })), [t0, t1]);
    const shown = new Set(frames.map((f) => f.vsync)).size;
    const busy = busyPerFrame(trace);
    const epochs = frames.length > 1 ? (frames[frames.length - 1].epoch - frames[0].epoch) / (frames.length - 1) : NaN;

    const latency = await pointerLatency(page);
    if (opened.problems().length) throw new Error(`${name}: the page reported problems:\n  ${opened.problems().join("\n  ")}`);
    return {
      network: name,
      layers,
      framesPerSec: (frames.length * 1000) / (t1 - t0),
      shownPerSec: (shown * 1000) / (t1 - t0),
      epochsPerFrame: epochs,
      mainMs: { p50: quantile(busy.main, 0.5), p95: quantile(busy.main, 0.95) },
      workerMs: { p50: quantile(busy.worker, 0.5), p95: quantile(busy.worker, 0.95) },
      pointerMs: { p50: quantile(latency.ms, 0.5), p95: quantile(latency.ms, 0.95), n: latency.ms.length, missed: latency.missed },
      firstBoundaryMs: firstBoundary,
    };
  } finally {
    await opened.close();
  }
}

/**
 * Drags a training point around the output plot with the real mouse while the
 * network trains; for each move, the time from the pointer event to the first
 * drawn frame whose points show the point where the pointer put it.
 * @param {import("playwright-core").Page} page
 */
async function pointerLatency(page) {
  const start = await page.evaluate(() => {
    const bench = /** @type {any} */ (window).__nnplayBench;
    const rect = /** @type {HTMLElement} */ (document.getElementById("output")).getBoundingClientRect();
    // A training point near the middle of the plot, far enough from the edges for a circle of moves.
    const pts = /** @type {{ x: number, y: number, test: boolean }[]} */ (bench.lastPoints ?? []);
    const p = pts.filter((q) => !q.test).sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y))[0];
    if (!p) return null;
    return { x: rect.left + ((p.x + 6) / 12) * rect.width, y: rect.top + ((6 - p.y) / 12) * rect.height, side: rect.width };
  });
  if (!start) throw new Error("no training point to drag");
  const { mouse } = page;
  await mouse.move(start.x, start.y);
  await mouse.down();
  // At once past the drag threshold (before the long press that removes a point).
  const [x0, y0] = [Math.round(start.x + 12), Math.round(start.y)];
  await mouse.move(x0, y0);
  /** @type {number[]} */
  const out = [];
  let missed = 0;
  try {
    if ((await shownAfter(page, x0, y0, 20_000)) === null) throw new Error("dragging a point never moved it on a drawn frame");
    const radius = start.side * 0.15;
    for (let k = 0; k < MOVES && missed < 3; k++) {
      const angle = (2 * Math.PI * (k + 1)) / MOVES;
      const x = Math.round(x0 + radius * (Math.cos(angle) - 1));
      const y = Math.round(y0 + radius * Math.sin(angle));
      await mouse.move(x, y);
      const latency = await shownAfter(page, x, y, 10_000);
      if (latency === null) missed++;
      else out.push(latency);
      await page.waitForTimeout(40 + (k % 3) * 17);
    }
  } finally {
    await mouse.up();
  }
  return { ms: out, missed };
}

/**
 * Waits for the first frame drawn after the last pointermove at (cx, cy)
 * that shows a point where that move put it; returns the time from the
 * move's event to that drawing (ms), or null after `timeout` ms.
 * @param {import("playwright-core").Page} page @param {number} cx @param {number} cy @param {number} timeout
 * @returns {Promise<number | null>}
 */
async function shownAfter(page, cx, cy, timeout) {
  try {
    const handle = await page.waitForFunction(([x, y]) => {
      const bench = /** @type {any} */ (window).__nnplayBench;
      const move = bench.moves.findLast((/** @type {any} */ m) => m.x === x && m.y === y);
      if (!move) return null;
      // Where the page puts the point: the plot spans [-6, 6] on both axes, y up.
      const rect = /** @type {HTMLElement} */ (document.getElementById("output")).getBoundingClientRect();
      const clamp = (/** @type {number} */ v) => Math.max(-6, Math.min(6, v));
      const ex = clamp(-6 + ((x - rect.left) / rect.width) * 12);
      const ey = clamp(6 - ((y - rect.top) / rect.height) * 12);
      const shown = bench.frames.find((/** @type {any} */ f) => f.drawn >= move.t && f.points &&
        f.points.some((/** @type {any} */ p) => Math.abs(p.x - ex) < 1e-3 && Math.abs(p.y - ey) < 1e-3));
      return shown ? { latency: shown.drawn - move.t } : null;
    }, [cx, cy], { timeout, polling: 20 });
    return /** @type {{ latency: number }} */ (await handle.jsonValue()).latency;
  } catch (err) {
    if (err instanceof Error && err.name === "TimeoutError") return null;
    throw err;
  }
}

async function main() {
  const speed = oneEpochSpeed();
  const networks = [
    ["W-max", { seed: 1, ...BASE_MAX }],
    ["largest (9 features)", { seed: 1, ...BASE_MAX, features: NINE, hidden: await largestHidden() }],
  ];
  const browser = await launchBrowser();
  /** @type {any[]} */
  const results = [];
  try {
    for (const [name, config] of /** @type {[string, object][]} */ (networks)) {
      results.push(await benchNetwork(browser, name, config, speed));
    }
  } finally {
    await browser.close();
  }
  if (JSON_OUT) {
    console.log(JSON.stringify({ chromium: browser.version(), loadAverage: loadavg()[0], seconds: SECONDS, speed, results }));
    return;
  }
  console.log(`nnplay in the browser: headless Chromium ${browser.version()}, release build, speed "${speed}" (1 epoch / frame), ~${SECONDS} s per network, load average ${loadavg()[0].toFixed(1)}`);
  const rows = [["network", "layers", "frames/s delivered (shown)", "epochs/frame", "main thread/frame p50/p95", "worker/frame p50/p95", "pointer -> drawn p50/p95", "nav -> first boundary"]];
  for (const r of results) {
    const p = r.pointerMs;
    rows.push([
      r.network,
      r.layers.join("-"),
      `${r.framesPerSec.toFixed(1)} (${r.shownPerSec.toFixed(1)})`,
      r.epochsPerFrame.toFixed(2),
      `${ms(r.mainMs.p50)} / ${ms(r.mainMs.p95)} ms`,
      `${ms(r.workerMs.p50)} / ${ms(r.workerMs.p95)} ms`,
      `${ms(p.p50)} / ${ms(p.p95)} ms (${(p.p50 / DISPLAY_FRAME).toFixed(1)} / ${(p.p95 / DISPLAY_FRAME).toFixed(1)} frames)${p.missed ? `, ${p.missed} moves never shown` : ""}`,
      `${ms(r.firstBoundaryMs)} ms`,
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
  console.log(`(thread times from a Chromium trace over the ${SECONDS} s window; pointer: ${MOVES} real mouse moves dragging a point; frames = 60 Hz display frames)`);
}

await main();
