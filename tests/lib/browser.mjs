// @ts-check
// Shared helpers for the browser tests: launch Debian's Chromium through
// playwright-core (never a downloaded browser), find the server that
// `cargo xtask test` started, and open a page while recording everything that
// went wrong on it.
//
// Typical use in a test file (one browser per file):
//
//   import { test } from "node:test";
//   import assert from "node:assert/strict";
//   import { browserPerFile, withPage } from "./lib/browser.mjs";
//
//   const browser = browserPerFile();
//
//   test("page loads", () =>
//     withPage(browser(), "", {}, async ({ page }) => {
//       assert.equal(await page.locator("#play").count(), 1);
//     }));
//
// `withPage` fails the test if anything went wrong on the page (console
// errors, page errors, failed requests) and always closes it. `openPage` and
// `launchBrowser` are the lower-level pieces it is built from.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

/** Where Debian puts Chromium; `CHROMIUM_PATH` overrides it. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Flags every launch uses (see docs/design.md, "Browser tests on these machines"). */
export const CHROMIUM_ARGS = Object.freeze([
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
]);

/** Path of the Chromium executable the tests drive. */
export function chromiumPath() {
  const path = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install Debian's chromium ` +
        "(`apt-get install -y chromium chromium-driver`) or set CHROMIUM_PATH; " +
        "`cargo xtask test` installs it when run as root.",
    );
  }
  return path;
}

/**
 * Launches headless Chromium. Playwright gives every `launch()` a fresh
 * temporary `--user-data-dir` of its own (and deletes it on close), so no
 * profile state leaks between runs; every `openPage` also gets a fresh
 * browser context (cookies, storage).
 *
 * @param {import("playwright-core").LaunchOptions} [options] extra launch options
 * @returns {Promise<import("playwright-core").Browser>}
 */
export async function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    timeout: 60_000,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/**
 * Launches one browser for the calling test file: registers a `before` hook
 * that launches it and an `after` hook that closes it. Call it at the top
 * level of a test file; the returned function gives the browser inside tests.
 *
 * @param {import("playwright-core").LaunchOptions} [options] extra launch options
 * @returns {() => import("playwright-core").Browser}
 */
export function browserPerFile(options) {
  /** @type {import("playwright-core").Browser | undefined} */
  let browser;
  before(async () => {
    browser = await launchBrowser(options);
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("the browser is not launched: use it inside a test");
    return browser;
  };
}

/**
 * Like `launchBrowser` but with a persistent profile in a fresh temporary
 * directory that is removed when the returned context closes. Use it only if a
 * test needs the profile on disk; `launchBrowser` is the normal choice.
 *
 * @param {import("playwright-core").LaunchOptions} [options]
 * @returns {Promise<import("playwright-core").BrowserContext>}
 */
export async function launchPersistentBrowser(options = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), "nnplay-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    timeout: 60_000,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  context.on("close", () => rmSync(userDataDir, { recursive: true, force: true }));
  return context;
}

/**
 * The URL of the static server (always ending in "/"), from NNPLAY_URL.
 * @returns {string}
 */
export function baseUrl() {
  const url = process.env.NNPLAY_URL;
  if (!url) {
    throw new Error(
      "NNPLAY_URL is not set: these tests need the static server. Run them with " +
        "`cargo xtask test` (it builds www/pkg, serves www/ and sets NNPLAY_URL), or " +
        "start `cargo xtask serve` and set NNPLAY_URL=http://127.0.0.1:8000/ yourself.",
    );
  }
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * Resolves a path such as "", "index.html" or "js/main.js" against `baseUrl()`.
 * A leading "/" is ignored so that paths are always inside the served root.
 * @param {string} [path]
 * @returns {string}
 */
export function urlFor(path = "") {
  return new URL(path.replace(/^\/+/, ""), baseUrl()).href;
}

/**
 * @typedef {object} OpenedPage
 * @property {import("playwright-core").Page} page
 * @property {import("playwright-core").BrowserContext} context
 * @property {string[]} consoleErrors  `console.error` messages (page and its workers)
 * @property {string[]} pageErrors     uncaught exceptions / unhandled rejections
 * @property {string[]} failedRequests "STATUS URL" for responses >= 400, "FAILED URL (reason)" for network failures
 * @property {() => string[]} problems every recorded problem, one line each
 * @property {() => Promise<void>} close closes the page (and its own context)
 */

/**
 * Opens `path` (relative to `baseUrl()`) in a new page, recording console
 * errors, page errors and failed requests from the start. Unless
 * `waitReady: false`, waits until the page sets `document.body.dataset.ready
 * === "1"` (its worker and wasm module are initialised) and throws at once
 * with the page's message if it sets `document.body.dataset.error` instead.
 *
 * `initScript`, if given, runs in the page before any of its own scripts
 * (Playwright's `addInitScript`), e.g. to observe it from outside.
 *
 * @param {import("playwright-core").Browser | import("playwright-core").BrowserContext} browser
 * @param {string} [path]
 * @param {{ waitReady?: boolean, timeout?: number, contextOptions?: import("playwright-core").BrowserContextOptions, initScript?: () => void }} [options]
 * @returns {Promise<OpenedPage>}
 */
export async function openPage(browser, path = "", options = {}) {
  const { waitReady = true, timeout = 30_000, contextOptions = {}, initScript } = options;
  /** @type {import("playwright-core").BrowserContext} */
  let context;
  let ownContext = false;
  if ("newContext" in browser) {
    context = await browser.newContext(contextOptions);
    ownContext = true;
  } else {
    context = browser;
  }
  const page = await context.newPage();
  if (initScript) await page.addInitScript(initScript);

  /** @type {string[]} */
  const consoleErrors = [];
  /** @type {string[]} */
  const pageErrors = [];
  /** @type {string[]} */
  const failedRequests = [];

  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const loc = msg.location();
      const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : "";
      consoleErrors.push(`${msg.text()}${where}`);
    }
  });
  page.on("pageerror", (err) => {
    pageErrors.push(err.stack || String(err));
  });
  page.on("crash", () => {
    pageErrors.push("the page crashed");
  });
  page.on("requestfailed", (req) => {
    failedRequests.push(`FAILED ${req.url()} (${req.failure()?.errorText ?? "unknown"})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) {
      failedRequests.push(`${res.status()} ${res.url()}`);
    }
  });

  const problems = () => [
    ...consoleErrors.map((m) => `console error: ${m}`),
    ...pageErrors.map((m) => `page error: ${m}`),
    ...failedRequests.map((m) => `failed request: ${m}`),
  ];
  const close = async () => {
    if (ownContext) {
      await context.close();
    } else {
      await page.close();
    }
  };

  try {
    const response = await page.goto(urlFor(path), { waitUntil: "load", timeout });
    if (!response) {
      throw new Error(`no response for ${urlFor(path)}`);
    }
    if (!response.ok()) {
      throw new Error(`GET ${urlFor(path)} answered ${response.status()}`);
    }
    if (waitReady) {
      await waitForReady(page, timeout, problems);
    }
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  return { page, context, consoleErrors, pageErrors, failedRequests, problems, close };
}

/**
 * Opens `path` like `openPage`, runs `body` with the opened page, then asserts
 * that nothing went wrong on it (`problems()` is empty). The page is closed
 * whether `body` succeeds or throws.
 *
 * @template T
 * @param {import("playwright-core").Browser | import("playwright-core").BrowserContext} browser
 * @param {string} path
 * @param {Parameters<typeof openPage>[2]} options
 * @param {(opened: OpenedPage) => Promise<T>} body
 * @returns {Promise<T>}
 */
export async function withPage(browser, path, options, body) {
  const opened = await openPage(browser, path, options);
  try {
    const result = await body(opened);
    assert.deepEqual(opened.problems(), []);
    return result;
  } finally {
    await opened.close();
  }
}

/**
 * Waits for `document.body.dataset.ready === "1"`; throws with the page's own
 * message as soon as `document.body.dataset.error` is set, and with all
 * recorded problems on timeout.
 *
 * @param {import("playwright-core").Page} page
 * @param {number} [timeout]
 * @param {() => string[]} [problems]
 */
export async function waitForReady(page, timeout = 30_000, problems = () => []) {
  try {
    await page.waitForFunction(
      () => {
        const d = document.body && document.body.dataset;
        return Boolean(d && (d.ready === "1" || d.error));
      },
      undefined,
      { timeout, polling: 50 },
    );
  } catch (err) {
    const extra = problems();
    throw new Error(
      `the page never set data-ready="1" within ${timeout} ms` +
        (extra.length ? `; meanwhile:\n  ${extra.join("\n  ")}` : "") +
        `\n(${err instanceof Error ? err.message.split("\n")[0] : err})`,
    );
  }
  const error = await page.evaluate(() => document.body.dataset.error);
  if (error) {
    const extra = problems();
    throw new Error(
      `the page reported a fatal error: ${error}` +
        (extra.length ? `\n  ${extra.join("\n  ")}` : ""),
    );
  }
}
