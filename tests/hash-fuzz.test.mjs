// @ts-check
// URL-hash fuzz (issue 11): a few hundred hostile links — seeded mutations of
// valid ones (truncation, bit flips, huge numbers, wrong types, deep JSON, a
// 1 MB hash, junk parameters) — each loaded in real headless Chromium. Every
// time: the page gets ready, a link that cannot be read says so in the
// notice, and nothing else goes wrong (no page error, no console error, no
// failed request). The seed and count come from NNPLAY_FUZZ_SEED and
// NNPLAY_FUZZ_LINKS (defaults 11 and 200); NNPLAY_FUZZ_VERBOSE=1 prints each.
//
// Run: cargo xtask test   (or: NNPLAY_URL=http://127.0.0.1:8123/ node --test hash-fuzz.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { browserPerFile, openPage, urlFor, waitForReady } from "./lib/browser.mjs";
import { decodeHash, encodeHash } from "../www/js/state.js";
import { rng } from "./lib/rng.mjs";

const SEED = Number(process.env.NNPLAY_FUZZ_SEED ?? 11);
const LINKS = Number(process.env.NNPLAY_FUZZ_LINKS ?? 200);

const browser = browserPerFile();

const UI = { showTest: true, discretize: false, speed: 2, chartLog: false };
/** Valid links to mutate: defaults, hand-made points, trained weights, other problems, Korean. */
function validHashes() {
  const points = Array.from({ length: 12 }, (_, i) => ({ x: i / 3 - 2, y: 1 - i / 5, label: i % 2 ? 1 : -1, test: i % 4 === 0 }));
  const layers = [[2, 4], [4, 2], [2, 1]].map(([nIn, nOut], l) => ({
    weights: Array.from({ length: nOut }, (_, r) => Array.from({ length: nIn }, (_, c) => ((l + r + c) % 5) / 10 - 0.2)),
    biases: Array.from({ length: nOut }, () => 0.1),
  }));
  return [
    encodeHash({ config: { dataset: "circle", seed: 3 }, ui: UI, points: null }),
    encodeHash({ config: { dataset: "xor", hidden: [4, 2], seed: 5 }, ui: UI, points, model: { layers } }),
    encodeHash({ config: { problem: "multiclass", dataset: "blobs", classes: 4, seed: 9 }, ui: UI, points: null, lang: "ko" }),
    encodeHash({ config: { problem: "regression", dataset: "plane", noise: 0.2, optimizer: { kind: "adam", learningRate: 0.01 } }, ui: { ...UI, speed: 4 }, points: null }),
  ];
}

/** A base64url text of some JSON. @param {unknown} v */
const b64json = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
/** Replaces the `s=` part of a hash. @param {string} hash @param {string} s */
const withState = (hash, s) => hash.replace(/s=[^&]*/, `s=${s}`);

const HOSTILE_VALUES = [1e308, -1e308, 1e9, -1, 0, 4294967296, "7", "", null, true, [], {}, [1, 2, 3], { kind: "sgd" }, "NaN", "__proto__"];
const FIELDS = ["problem", "dataset", "samples", "noise", "trainRatio", "features", "hidden", "activation", "loss", "init",
  "optimizer", "regularization", "batchSize", "seed", "classes", "shuffle", "__proto__", "constructor"];

/** @param {ReturnType<typeof rng>} r @param {string} base */
function mutate(r, base) {
  const kind = r.below(11);
  switch (kind) {
    case 0: // truncation
      return { kind: "truncate", hash: base.slice(0, 1 + r.below(base.length - 1)) };
    case 1: { // bit flips in the characters
      const chars = [...base];
      for (let k = 0, n = 1 + r.below(4); k < n; k++) {
        const i = 1 + r.below(chars.length - 1);
        chars[i] = String.fromCharCode((chars[i].charCodeAt(0) ^ (1 << r.below(7))) || 65);
      }
      return { kind: "bitflip", hash: chars.join("") };
    }
    case 2: { // a field with a huge number or a wrong type
      const c = { dataset: "circle", hidden: [3], [r.pick(FIELDS)]: r.pick(HOSTILE_VALUES) };
      if (r.next() < 0.5) c.optimizer = { kind: r.pick(["sgd", "adam", "lbfgs", 3]), learningRate: r.pick(HOSTILE_VALUES) };
      return { kind: "field", hash: withState(base, b64json({ v: 1, c, u: r.pick([{}, { speed: 1e9 }, { showTest: "yes" }, null, [1]]) })) };
    }
    case 3: { // deep JSON
      const depth = r.pick([50, 1000, 20000]);
      const deep = "[".repeat(depth) + "]".repeat(depth);
      const json = `{"v":1,"c":{"optimizer":${deep}},"u":{}}`;
      return { kind: `deep ${depth}`, hash: withState(base, Buffer.from(json).toString("base64url")) };
    }
    case 4: // a hash longer than the page reads
      return { kind: "long", hash: withState(base, "A".repeat(800_001 + r.below(1000))) };
    case 5: // huge layer sizes
      return { kind: "big network", hash: withState(base, b64json({ v: 1, c: { hidden: r.pick([[1e6], [64, 64, 64, 64, 1], Array(100).fill(8), [0], [-3]]) }, u: {} })) };
    case 6: // points that do not match their length or are not finite
      return { kind: "points", hash: `${base.split("&p=")[0]}&p=${r.pick(["AAAA", "____", "AQAAAP__f3__f3__f38A", Buffer.alloc(4 + 12 * 3 + 1, 255).toString("base64url")])}` };
    case 7: // weights of the wrong count
      return { kind: "weights", hash: `${base}&w=${Buffer.alloc(4 * (1 + r.below(40)), r.below(256)).toString("base64url")}` };
    case 8: // not JSON, wrong version, not an object
      return { kind: "not a state", hash: withState(base, r.pick([b64json([1, 2]), b64json({ v: 2, c: {} }), b64json("x"), b64json({ v: 1, c: [] }), "%%%", "@@", Buffer.from([0xff, 0xfe, 0x80]).toString("base64url")])) };
    case 9: // junk parameters and encodings
      return { kind: "params", hash: r.pick([`${base}&s=${b64json({})}`, `${base}&lang=xx`, `#lang=ko&&&=`, `#s`, `#&&&&`, `#s=&p=&w=`, `${base}%00`, `#%E0%A4%A`, `#s=${"%41".repeat(1000)}`]) };
    default: // a mutation of a mutation
      return { kind: "twice", hash: mutate(r, mutate(r, base).hash).hash };
  }
}

/** Whether the page's own reader refuses the link (then the page must say so). @param {string} hash */
function unreadable(hash) {
  try {
    decodeHash(hash);
    return false;
  } catch {
    return true;
  }
}

test(`${LINKS} hostile links (seed ${SEED}): the page gets ready, says when a link is bad, and nothing else goes wrong`, { timeout: 900_000 }, async () => {
  const r = rng(SEED);
  const bases = validHashes();
  const opened = await openPage(browser(), "", { waitReady: true });
  const { page } = opened;
  const started = Date.now();
  const kinds = new Map();
  try {
    for (let i = 0; i < LINKS; i++) {
      // The first link is 1 MB long (slow to navigate to, so once); the rest are mutations.
      const { kind, hash } = i === 0 ? { kind: "1 MB", hash: withState(bases[0], "A".repeat(1 << 20)) } : mutate(r, r.pick(bases));
      kinds.set(kind.split(" ")[0], (kinds.get(kind.split(" ")[0]) ?? 0) + 1);
      const what = `link ${i} (${kind}, seed ${SEED}): ${hash.slice(0, 120)}${hash.length > 120 ? "…" : ""}`;
      const t0 = Date.now();
      // A new query makes each link a fresh page load, not a hash change.
      await page.goto(`${urlFor("")}?fuzz=${i}${hash}`, { waitUntil: "load" });
      await waitForReady(page, 30_000, opened.problems).catch((err) => {
        throw new Error(`${what}: ${err.message}`);
      });
      if (process.env.NNPLAY_FUZZ_VERBOSE) console.log(`# ${i} ${kind} ${Date.now() - t0} ms`);
      // The notice's kind: badLink (unreadable), badSettings (refused by the engine), badWeights; null if none.
      const notice = await page.evaluate(() => {
        const el = document.getElementById("notice");
        return el && !el.hidden ? { kind: el.dataset.kind ?? "", text: document.getElementById("notice-text")?.textContent ?? "" } : null;
      });
      if (unreadable(hash)) assert.equal(notice?.kind, "badLink", `${what}: a notice says the link could not be read (got ${JSON.stringify(notice)})`);
      if (notice !== null) {
        assert.ok(["badLink", "badSettings", "badWeights"].includes(notice.kind), `${what}: the notice is about the link (got ${JSON.stringify(notice)})`);
        assert.ok(notice.text.length > 20, `${what}: the notice says something`);
      }
      // Loading the next link cancels the favicon request of the page before: that one is the test's doing.
      const problems = opened.problems().filter((p) => !/^failed request: FAILED \S*favicon\.svg \(net::ERR_ABORTED\)$/.test(p));
      assert.deepEqual(problems, [], what);
    }
  } finally {
    await opened.close();
  }
  console.log(`# ${LINKS} links in ${((Date.now() - started) / 1000).toFixed(1)} s: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}`);
});
