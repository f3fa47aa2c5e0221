// @ts-check
// The static server of `cargo xtask serve`: status codes, Content-Types, the
// CSP header, and no way out of www/.
import assert from "node:assert/strict";
import net from "node:net";
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
