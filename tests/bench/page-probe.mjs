// @ts-check
// What the browser benchmark (tests/bench/browser.mjs) watches the page with,
// from outside it: an init script that records the worker's frame messages,
// when each was drawn, and real pointer moves; and the reading of a Chromium
// trace into each thread's busy time per drawn frame.

/** The user-timing mark the probe sets once a frame is on the canvas. */
export const FRAME_MARK = "nnplay:frame-drawn";

/**
 * Runs in the page before its own scripts (serialized by Playwright, so it
 * must stand alone). Wraps `Worker` so that, after the page's own handler of
 * each `{type: "frame"}` message has run (and queued its drawing in
 * requestAnimationFrame), one more animation-frame callback, queued after
 * the page's, records when that frame was drawn and sets a user-timing mark.
 * Records into `window.__nnplayBench`:
 *   frames: [{arrived, drawn, vsync, valid, epoch, points}]  (points when the frame carried
 *           them; vsync: the animation frame's time, shared by frames drawn together)
 *   moves:  [{t, x, y}]  every pointermove (event time, client coordinates)
 *   lastPoints, lastSizes, playing: from the latest frame
 */
export function probe() {
  /** @type {any} */
  const bench = { frames: [], moves: [], lastPoints: null, lastSizes: null, lastVsync: NaN, playing: false };
  /** @type {any} */ (window).__nnplayBench = bench;
  const seen = new WeakSet();
  /** @param {any} listener */
  const wrap = (listener) =>
    /** @this {any} @param {MessageEvent} e */
    function (e) {
      const result = typeof listener === "function" ? listener.call(this, e) : listener.handleEvent(e);
      const d = e.data;
      if (d && d.type === "frame" && !seen.has(e)) {
        seen.add(e);
        const f = { arrived: e.timeStamp, drawn: NaN, vsync: NaN, valid: Boolean(d.pixelsValid), epoch: d.state?.epoch ?? NaN, points: d.points ?? null };
        if (d.points) bench.lastPoints = d.points;
        if (d.sizes) bench.lastSizes = Array.from(d.sizes);
        bench.playing = Boolean(d.playing);
        requestAnimationFrame((vsync) => {
          f.drawn = performance.now();
          f.vsync = vsync;
          // Two frames can land in one animation frame; only the last is seen, so one mark per display frame.
          if (vsync !== bench.lastVsync) performance.mark("nnplay:frame-drawn");
          bench.lastVsync = vsync;
          bench.frames.push(f);
        });
      }
      return result;
    };
  const Native = window.Worker;
  class ProbedWorker extends Native {
    /** @param {string} type @param {any} listener @param {any} [options] */
    addEventListener(type, listener, options) {
      super.addEventListener(type, type === "message" && listener ? wrap(listener) : listener, options);
    }
    /** @param {any} listener */
    set onmessage(listener) {
      super.onmessage = listener ? wrap(listener) : listener;
    }
    get onmessage() {
      return super.onmessage;
    }
  }
  window.Worker = ProbedWorker;
  window.addEventListener("pointermove", (e) => bench.moves.push({ t: e.timeStamp, x: e.clientX, y: e.clientY }), true);
}

/**
 * The q-quantile of some numbers (nearest rank); NaN for none.
 * @param {number[]} values @param {number} q
 */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Merges [start, end] intervals into disjoint ones, sorted.
 * @param {[number, number][]} spans
 * @returns {[number, number][]}
 */
export function union(spans) {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  /** @type {[number, number][]} */
  const out = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * For consecutive marks m0 < m1 < ..., how much of each [m_i, m_i+1] the
 * busy spans cover (ms; spans and marks in µs).
 * @param {[number, number][]} busy disjoint, sorted @param {number[]} marks sorted
 */
export function coverage(busy, marks) {
  /** @type {number[]} */
  const out = [];
  let j = 0;
  for (let i = 0; i + 1 < marks.length; i++) {
    const [a, b] = [marks[i], marks[i + 1]];
    while (j < busy.length && busy[j][1] <= a) j++;
    let sum = 0;
    for (let k = j; k < busy.length && busy[k][0] < b; k++) {
      sum += Math.min(b, busy[k][1]) - Math.max(a, busy[k][0]);
    }
    out.push(sum / 1000);
  }
  return out;
}

/**
 * Reads a Chromium trace (categories "toplevel" and "blink.user_timing"):
 * the busy time of the page's main thread (the one that set the frame
 * marks) and of its dedicated worker, per interval between drawn frames.
 * @param {{ traceEvents: any[] } | any[]} trace
 * @returns {{ main: number[], worker: number[], frames: number }}
 */
export function busyPerFrame(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  /** @type {Map<string, string>} */
  const names = new Map();
  for (const e of events) {
    if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  }
  const marks = events.filter((e) => e.name === FRAME_MARK);
  if (marks.length < 2) throw new Error(`the trace holds ${marks.length} "${FRAME_MARK}" marks: no frames were drawn while tracing`);
  const { pid, tid } = marks[0];
  const markTimes = marks.map((e) => e.ts).sort((a, b) => a - b);
  /** @type {Map<string, [number, number][]>} */
  const tasks = new Map();
  for (const e of events) {
    if (e.ph !== "X" || e.pid !== pid || typeof e.dur !== "number") continue;
    if (e.name !== "ThreadControllerImpl::RunTask" && e.name !== "RunTask") continue;
    const key = `${e.pid}:${e.tid}`;
    if (!tasks.has(key)) tasks.set(key, []);
    /** @type {[number, number][]} */ (tasks.get(key)).push([e.ts, e.ts + e.dur]);
  }
  const busyOf = (/** @type {string} */ key) => union(tasks.get(key) ?? []);
  const mainKey = `${pid}:${tid}`;
  // The engine worker: the busiest dedicated-worker thread of the page's process.
  let workerKey = "";
  let workerBusy = -1;
  for (const key of tasks.keys()) {
    if (!/DedicatedWorker/i.test(names.get(key) ?? "")) continue;
    const total = busyOf(key).reduce((s, [a, b]) => s + b - a, 0);
    if (total > workerBusy) [workerKey, workerBusy] = [key, total];
  }
  if (!workerKey) throw new Error("the trace shows no dedicated worker thread in the page's process");
  return { main: coverage(busyOf(mainKey), markTimes), worker: coverage(busyOf(workerKey), markTimes), frames: markTimes.length };
}
