// @ts-check
// The wasm API under a seeded fuzzer (tests/fuzz/fuzz.mjs): random calls with
// hostile JS values throw only `Error`s that name their method, and the
// instance and the module stay usable after every call. Bounded: a few
// thousand calls per seed; `node tests/fuzz/run.mjs --calls N` runs longer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { METHODS, STATICS, fuzz } from "./fuzz/fuzz.mjs";
import { loadWasm } from "./lib/wasm.mjs";

for (const seed of [1, 2, 3]) {
  test(`fuzz seed ${seed}: only named Errors, instance and module usable`, { timeout: 120_000 }, async () => {
    const { glue } = await loadWasm();
    const { counts, failures } = fuzz(glue, { seed, calls: 4000 });
    assert.deepEqual(failures, [], JSON.stringify(counts));
    assert.equal(counts.trap + counts.nonError + counts.unnamedError + counts.unusable, 0);
    assert.ok(counts.ok > 0 && counts.namedError > 0, JSON.stringify(counts));
  });
}

test("the fuzzer calls every method of the class: a new one cannot be left out", async () => {
  const { glue } = await loadWasm();
  const own = (/** @type {any} */ o) => Object.getOwnPropertyNames(o).filter((n) => typeof o[n] === "function");
  const methods = own(glue.Playground.prototype).filter((n) => n !== "constructor" && n !== "free" && !n.startsWith("__"));
  assert.deepEqual(methods.filter((n) => !(n in METHODS)), [], "instance methods missing from METHODS");
  const statics = own(glue.Playground).filter((n) => !n.startsWith("__"));
  assert.deepEqual(statics.filter((n) => !(n in STATICS)), [], "static methods missing from STATICS");
});
