// @ts-check
// The browser benchmark's trace reading (page-probe.mjs): busy time per drawn
// frame from a hand-made Chromium trace, and its small helpers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FRAME_MARK, busyPerFrame, coverage, quantile, union } from "./page-probe.mjs";

test("quantile takes the nearest rank and is NaN for no values", () => {
  assert.equal(quantile([5, 1, 3, 2, 4], 0.5), 3);
  assert.equal(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95), 19);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});

test("union merges overlapping and nested spans", () => {
  assert.deepEqual(union([[5, 8], [0, 2], [1, 3], [6, 7]]), [[0, 3], [5, 8]]);
});

test("coverage splits a span across the frames it straddles", () => {
  // Frames at 0, 10, 20 µs... a task from 8 to 14 counts 2 µs in the first, 4 in the second.
  assert.deepEqual(coverage([[8_000, 14_000]], [0, 10_000, 20_000]), [2, 4]);
  assert.deepEqual(coverage([], [0, 10_000]), [0]);
});

test("busyPerFrame reads the marking thread and the busiest dedicated worker of its process", () => {
  const meta = (/** @type {number} */ pid, /** @type {number} */ tid, /** @type {string} */ name) => ({ ph: "M", name: "thread_name", pid, tid, args: { name } });
  const task = (/** @type {number} */ pid, /** @type {number} */ tid, /** @type {number} */ ts, /** @type {number} */ dur) => ({ ph: "X", name: "ThreadControllerImpl::RunTask", cat: "toplevel", pid, tid, ts, dur });
  const mark = (/** @type {number} */ ts) => ({ ph: "R", name: FRAME_MARK, cat: "blink.user_timing", pid: 1, tid: 10, ts });
  const trace = {
    traceEvents: [
      meta(1, 10, "CrRendererMain"),
      meta(1, 20, "DedicatedWorker thread"),
      meta(1, 21, "DedicatedWorker thread"),
      meta(2, 30, "CrRendererMain"),
      mark(0), mark(16_000), mark(32_000),
      task(1, 10, 1_000, 2_000), // main: 2 ms in frame 1
      task(1, 10, 1_500, 500), // nested: not counted twice
      task(1, 10, 20_000, 4_000), // main: 4 ms in frame 2
      task(1, 20, 0, 15_000), // the engine worker
      task(1, 20, 16_000, 12_000),
      task(1, 21, 5_000, 1_000), // a quieter worker
      task(2, 30, 0, 30_000), // another process: ignored
    ],
  };
  assert.deepEqual(busyPerFrame(trace), { main: [2, 4], worker: [15, 12], frames: 3 });
});

test("busyPerFrame refuses a trace without drawn frames", () => {
  assert.throws(() => busyPerFrame({ traceEvents: [] }), /0 "nnplay:frame-drawn" marks/);
});
