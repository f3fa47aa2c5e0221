// @ts-check
// What the page tests share: calling the page's engine, polling, the wide
// window most tests use, where screenshots go, and the engine's catalog.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { engineGlue } from "./wasm.mjs";

/** @typedef {import("playwright-core").Page} Page */

/** tests/artifacts/ (git-ignored): screenshots of every run, created on import. */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** Page options for the wide window most tests use (the default window is 1280x720). */
export const WIDE = Object.freeze({ contextOptions: { viewport: { width: 1400, height: 1000 } } });

/**
 * Calls a method of the page's engine (`window.nnplay.call`, which forwards
 * it to the worker's Playground) and returns its result.
 * @param {Page} page @param {string} method @param {...unknown} args
 * @returns {Promise<any>}
 */
export function call(page, method, ...args) {
  return page.evaluate(([m, a]) => /** @type {any} */ (window).nnplay.call(m, ...a), /** @type {[string, unknown[]]} */ ([method, args]));
}

/**
 * Polls `fn` until it returns a truthy value.
 * @template T @param {() => Promise<T>} fn @param {string} what @param {number} [timeout]
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitFor(fn, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  /** @type {T} */
  let last;
  for (;;) {
    last = await fn();
    if (last) return /** @type {NonNullable<T>} */ (last);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The engine's catalog (`Playground.catalog()`), read in node from the built
 * www/pkg — independently of the page, so a test can hold the page to it.
 * @returns {Promise<any>}
 */
export async function engineCatalog() {
  return (await engineGlue()).Playground.catalog();
}

/** A domain position with no point within `clear` units. @param {{x: number, y: number}[]} points @param {number} [clear] */
export function emptySpot(points, clear = 0.9) {
  for (let r = 0; r < 48; r++) {
    for (let c = 0; c < 48; c++) {
      const x = -5 + (10 * c) / 47;
      const y = 5 - (10 * r) / 47;
      if (points.every((p) => Math.hypot(p.x - x, p.y - y) > clear)) return [x, y];
    }
  }
  throw new Error("no empty spot on the canvas");
}
