// @ts-check
// The static server of `cargo xtask serve`: status codes, Content-Types, the
// CSP header, no way out of www/, and its limits under abuse (a deadline per
// connection, a cap on connections served at once) on a server of its own.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { baseUrl, urlFor } from "./lib/browser.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/**
 * Fetches `path` and returns the response with its body as bytes.
 * @param {string} path
 * @param {RequestInit} [init]
 */
async function get(path, init) {
  const res = await fetch(urlFor(path), init);
  const body = new Uint8Array(await res.arrayBuffer());
  return { res, body };
}

/** @param {Response} res */
function mime(res) {
  return (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * Sends `target` verbatim (fetch would normalise the path) and returns the
 * status code and the whole response text.
 * @param {string} target
 * @returns {Promise<{ status: number, text: string }>}
 */
function rawGet(target) {
  const { hostname, port } = new URL(baseUrl());
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    /** @type {Buffer[]} */
    const chunks = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error(`timeout for ${target}`)));
    socket.on("connect", () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
    });
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const match = /^HTTP\/1\.[01] (\d{3}) /.exec(text);
      if (!match) {
        reject(new Error(`not an HTTP response for ${target}: ${JSON.stringify(text.slice(0, 200))}`));
        return;
      }
      resolve({ status: Number(match[1]), text });
    });
  });
}

test("index.html: 200, text/html, CSP and no-cache", async () => {
  for (const path of ["", "index.html"]) {
    const { res, body } = await get(path);
    assert.equal(res.status, 200, `GET /${path}`);
    assert.equal(mime(res), "text/html");
    assert.match(res.headers.get("content-type") ?? "", /charset=utf-8/i);
    assert.equal(res.headers.get("content-security-policy"), CSP);
    assert.equal(res.headers.get("cache-control"), "no-cache");
    assert.match(new TextDecoder().decode(body), /<html/i);
  }
});

test("the other types the page loads: CSS, JSON, SVG", async () => {
  for (const [path, type] of [
    ["css/style.css", "text/css"],
    ["locales/en.json", "application/json"],
    ["favicon.svg", "image/svg+xml"],
  ]) {
    const { res } = await get(path);
    assert.equal(res.status, 200, path);
    assert.equal(mime(res), type, path);
    // Chromium fetches the icon again on every URL change (the page writes
    // its state into the hash), so the icon alone may be cached.
    const cache = path === "favicon.svg" ? "max-age=3600" : "no-cache";
    assert.equal(res.headers.get("cache-control"), cache, path);
  }
});

test("a .js module: 200, text/javascript", async () => {
  const { res, body } = await get("js/main.js");
  assert.equal(res.status, 200);
  assert.equal(mime(res), "text/javascript");
  assert.ok(body.length > 0);
  assert.equal(res.headers.get("content-security-policy"), null, "CSP only on HTML");
});

test("the .wasm: 200, application/wasm, a valid module", async () => {
  const { res, body } = await get("pkg/nnplay_wasm_bg.wasm");
  assert.equal(res.status, 200);
  assert.equal(mime(res), "application/wasm");
  assert.equal(Number(res.headers.get("content-length")), body.length);
  assert.deepEqual([...body.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], "wasm magic");
  assert.ok(WebAssembly.validate(body), "the module validates");
});

test("the wasm-bindgen glue: 200, text/javascript", async () => {
  const { res } = await get("pkg/nnplay_wasm.js");
  assert.equal(res.status, 200);
  assert.equal(mime(res), "text/javascript");
});

test("HEAD: headers without a body", async () => {
  const { res, body } = await get("index.html", { method: "HEAD" });
  assert.equal(res.status, 200);
  assert.equal(mime(res), "text/html");
  assert.equal(body.length, 0);
});

test("a missing file is a 404", async () => {
  const { res } = await get("no-such-file.js");
  assert.equal(res.status, 404);
  const { res: inDir } = await get("js/no-such-module.js");
  assert.equal(inDir.status, 404);
});

test("paths out of www/ are refused", async () => {
  for (const target of [
    "/../Cargo.toml",
    "/%2e%2e/Cargo.toml",
    "/%2E%2E/Cargo.toml",
    "/js/../../Cargo.toml",
    "/..%2fCargo.toml",
    "/..%2FCargo.toml",
    "/js/%2e%2e/%2e%2e/Cargo.toml",
    "/..%5cCargo.toml",
    "/..\\Cargo.toml",
    "/index.html%00.js",
  ]) {
    const { status, text } = await rawGet(target);
    assert.ok([400, 403, 404].includes(status), `${target} answered ${status}`);
    assert.ok(!text.includes("[workspace]"), `${target} leaked Cargo.toml`);
  }
});

/** The repository root (this file is in tests/). */
const ROOT = process.env.NNPLAY_ROOT ?? fileURLToPath(new URL("..", import.meta.url));

/**
 * The xtask executable: the one running `cargo xtask test` (NNPLAY_XTASK),
 * else built here with cargo.
 * @returns {string}
 */
function xtaskExe() {
  if (process.env.NNPLAY_XTASK) return process.env.NNPLAY_XTASK;
  const out = execFileSync("cargo", ["build", "-q", "-p", "xtask", "--message-format=json"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  for (const line of out.split("\n")) {
    if (!line.startsWith("{")) continue;
    const message = JSON.parse(line);
    if (message.reason === "compiler-artifact" && message.target?.name === "xtask" && message.executable) {
      return message.executable;
    }
  }
  throw new Error("cargo built xtask but reported no executable");
}

/**
 * Starts `xtask serve --no-build --port 0` (a free port on 127.0.0.1) with a
 * deadline of `deadline` seconds per connection.
 * @param {number} deadline
 * @returns {Promise<{ port: number, pid: number, stop: () => void }>}
 */
function startServer(deadline) {
  const child = spawn(xtaskExe(), ["serve", "--no-build", "--port", "0"], {
    cwd: ROOT,
    env: { ...process.env, NNPLAY_SERVE_DEADLINE: String(deadline) },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const stop = () => child.kill();
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`xtask serve printed no address in 60 s: ${text}`));
    }, 60_000);
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`xtask serve exited (${code}): ${text}`)));
    // Keep reading: the server logs every request, and a full pipe would stall it.
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const match = /Serving www\/ at http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (match && child.pid !== undefined) {
        clearTimeout(timer);
        text = "";
        resolve({ port: Number(match[1]), pid: child.pid, stop });
      }
    });
  });
}

/**
 * The number of threads of process `pid` (Linux's /proc), or null elsewhere.
 * @param {number} pid
 */
function threadCount(pid) {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return null;
  const match = /^Threads:\s+(\d+)/m.exec(readFileSync(status, "utf8"));
  return match ? Number(match[1]) : null;
}

/**
 * Opens a connection and sends nothing; resolves once connected with the
 * socket and a promise of the time (ms after connecting) the server closed it.
 * @param {number} port
 * @returns {Promise<{ socket: net.Socket, closed: Promise<number> }>}
 */
function idleConnection(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.on("error", () => {}); // a reset counts as closed
    socket.once("connect", () => {
      const start = Date.now();
      const closed = new Promise((done) => socket.once("close", () => done(Date.now() - start)));
      socket.resume(); // read (and drop) anything, so "close" follows the server's FIN
      resolve({ socket, closed });
    });
    socket.once("error", reject);
  });
}

/**
 * Resolves with `promise`'s value, or rejects after `ms` naming `what`.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
function within(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

test("a request trickled in a byte at a time is cut off at the deadline", async () => {
  const server = await startServer(1);
  try {
    const { socket, closed } = await idleConnection(server.port);
    const head = "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    let sent = 0;
    // One byte every 200 ms (well inside any per-read timeout), never ending the head.
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(head[sent++ % head.length]);
    }, 200);
    try {
      const after = await within(closed, 10_000, "the trickling connection was not closed");
      assert.ok(after >= 900, `closed after ${after} ms, before the 1 s deadline`);
      assert.ok(sent >= 4, `only ${sent} bytes were sent`);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  } finally {
    server.stop();
  }
});

test("1,000 idle connections: a few threads, all closed by the deadline, the page still served", async (t) => {
  const server = await startServer(1);
  /** @type {net.Socket[]} */
  const sockets = [];
  try {
    /** @type {Promise<number>[]} */
    const closes = [];
    for (let i = 0; i < 1000; i++) {
      const { socket, closed } = await within(idleConnection(server.port), 10_000, `connection ${i}`);
      sockets.push(socket);
      closes.push(closed);
    }
    const threads = threadCount(server.pid);
    if (threads !== null) {
      t.diagnostic(`server threads with 1,000 idle connections: ${threads}`);
      assert.ok(threads <= 16, `the server runs ${threads} threads for 1,000 idle connections`);
    }
    // Served after the idle connections ahead of it time out (256 at a time).
    const res = await within(fetch(`http://127.0.0.1:${server.port}/index.html`), 20_000, "GET during the flood");
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const times = await within(Promise.all(closes), 20_000, "closing the idle connections");
    assert.equal(times.length, 1000);
  } finally {
    for (const socket of sockets) socket.destroy();
    server.stop();
  }
});
