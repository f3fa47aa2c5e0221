// @ts-check
// Issue 11's reproducers against the wasm build in node: a throwing getter, a
// Proxy, a cycle, a deep object, a non-string, a valueOf that frees, huge
// sizes, an infinite loss and an out-of-range count each give an `Error`
// naming the method, and the instance and the module stay usable.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadWasm } from "./lib/wasm.mjs";

const { glue, exports } = await loadWasm();
const { Playground } = glue;
const SMALL = { seed: 1, samples: 40 };

/**
 * Asserts `fn` throws an `Error` (not a wasm trap) whose message starts
 * with `method: ` and contains every needle.
 * @param {() => unknown} fn @param {string} method @param {string[]} needles
 */
function throwsNamed(fn, method, needles = []) {
  assert.throws(fn, (/** @type {unknown} */ e) => {
    assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `not an Error: ${e}`);
    assert.ok(e.message.startsWith(`${method}: `), e.message);
    for (const n of needles) assert.ok(e.message.includes(n), `${e.message} lacks ${n}`);
    return true;
  });
}

/** The instance and the module still work. @param {any} pg */
function usable(pg) {
  assert.equal(typeof pg.step().batchLoss, "number");
  const fresh = new Playground({ seed: 2, samples: 20 });
  fresh.train(1);
  fresh.free();
}

test("1: a throwing getter or Proxy is an Error, thousands of times over", () => {
  const pg = new Playground(SMALL);
  for (let i = 0; i < 5000; i++) {
    throwsNamed(() => pg.setConfig({ get noise() { throw new Error("boom"); } }), "setConfig", ["boom"]);
  }
  throwsNamed(() => pg.setConfig(new Proxy({}, { ownKeys() { throw new Error("trap"); } })), "setConfig", ["trap"]);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  throwsNamed(() => pg.setModel(proxy), "setModel");
  throwsNamed(() => pg.gridInto(4, new Proxy(new Float32Array(16), {})), "gridInto", ["Float32Array"]);
  usable(pg);
  pg.free();
});

test("2: a cycle or a very deep object is an Error and the module lives on", () => {
  const o = /** @type {any} */ ({});
  o.o = o;
  throwsNamed(() => new Playground({ optimizer: o }), "new Playground", ["config"]);
  for (const depth of [200, 100_000]) {
    /** @type {any} */
    let d = {};
    for (let i = 0; i < depth; i++) d = { o: d };
    throwsNamed(() => new Playground({ optimizer: d }), "new Playground", ["config"]);
  }
  usable(new Playground({ seed: 1 }));
});

test("4: a non-string where a string is expected is an Error", () => {
  const pg = new Playground(SMALL);
  throwsNamed(() => pg.importPoints(123), "importPoints", ["text must be a string"]);
  throwsNamed(() => pg.activationCurve(1, -1, 1, 10), "activationCurve", ["activation must be a string"]);
  throwsNamed(() => pg.importPoints("x".repeat(2 << 20)), "importPoints", ["limit"]);
  usable(pg);
});

test("5: a valueOf that frees is never called; a freed Playground says so", () => {
  const pg = new Playground(SMALL);
  let called = false;
  const index = { valueOf() { called = true; pg.free(); return 0; } };
  throwsNamed(() => pg.movePoint(index, 0, 0), "movePoint", ["index must be a number"]);
  assert.equal(called, false, "valueOf ran");
  usable(pg);
  // a getter that frees during the call: the call reports it, later calls too
  throwsNamed(() => pg.setConfig({ get seed() { pg.free(); return 1; } }), "setConfig", ["freed"]);
  throwsNamed(() => pg.step(), "step", ["this Playground was freed"]);
  pg.free();
  // wasm-bindgen's null-pointer path would leak shadow stack on each call
  for (let i = 0; i < 30_000; i++) assert.throws(() => pg.state());
  usable(new Playground(SMALL));
  // a getter that calls back into the same Playground: it runs, then the call
  const other = new Playground(SMALL);
  other.setConfig({ get noise() { other.step(); return 0.1; } });
  assert.equal(other.config().noise, 0.1);
  assert.equal(other.state().step, 1);
});

test("7: train and setPoints have limits, said in words", () => {
  const pg = new Playground(SMALL);
  throwsNamed(() => pg.train(4294967295), "train", ["at most 1000"]);
  const before = exports.memory.buffer.byteLength;
  const huge = Array.from({ length: 1_000_000 }, (_, i) => ({ x: (i % 12) - 6, y: 0, label: 1 }));
  throwsNamed(() => pg.setPoints(huge), "setPoints", ["limit"]);
  const many = huge.slice(0, 10_001);
  throwsNamed(() => pg.setPoints(many), "setPoints", ["at most 10000 points"]);
  assert.ok(exports.memory.buffer.byteLength - before < 64 << 20, "memory grew by 64 MiB or more");
  pg.setPoints(many.slice(0, 10_000));
  throwsNamed(() => pg.addPoint(0, 0, 1), "addPoint", ["at most 10000 points"]);
  throwsNamed(() => new Playground({ samples: 20_000 }), "new Playground", ["config.samples", "10000"]);
  usable(pg);
});

test("8: an infinite loss, from any cause, is divergence", () => {
  const pg = new Playground({ seed: 1, problem: "regression", activation: "linear", hidden: [2], samples: 40 });
  pg.setWeight(0, 0, 0, 3e38);
  pg.setWeight(1, 0, 0, 3e38);
  const loss = pg.loss();
  assert.ok(!Number.isFinite(loss.train), `train loss ${loss.train}`);
  assert.equal(pg.state().diverged, true);
  throwsNamed(() => pg.step(), "step", ["diverged"]);
  pg.reset();
  assert.equal(pg.step().diverged, false);
});

test("9: out-of-range counts and wrong types are named Errors", () => {
  throwsNamed(() => new Playground({ classes: 1e9 }), "new Playground", ["config.classes"]);
  const pg = new Playground(SMALL);
  throwsNamed(() => pg.setConfig({ classes: 1e9 }), "setConfig", ["config.classes"]);
  throwsNamed(() => pg.movePoint(Symbol("s"), 0, 0), "movePoint", ["index"]);
  throwsNamed(() => pg.predict(1n, 0), "predict", ["x"]);
  throwsNamed(() => pg.setConfig({ noise: Symbol("s") }), "setConfig", ["config.noise"]);
  throwsNamed(() => pg.setConfig({ noise: 10n }), "setConfig", ["config"]);
  throwsNamed(() => pg.setConfig({ noise: NaN }), "setConfig", ["config.noise", "finite"]);
  throwsNamed(() => pg.boundaryPixels(4, "yes"), "boundaryPixels", ["discretize"]);
  usable(pg);
});
