// @ts-check
// What the pointer does on the output plot: add, remove, drag a point and
// paint with the brush; a drag or a brush stroke is one undo step, and its
// moves are coalesced so the engine follows the pointer live.

import { $, messageOf } from "./dom.js";
import { notice } from "./notice.js";

/** @typedef {import("./state.js").Point} Point */
/** @typedef {import("./edits.js").Edits} Edits */
/** @typedef {import("./app.js").App} App */

/**
 * A drag or brush stroke: one undo entry from press to release. Moves are
 * coalesced (at most one in flight), so the engine follows the pointer live.
 */
class Stroke {
  /**
   * @param {Edits} edits @param {string} name
   * @param {(before: Point[]) => void} [onBefore] called with the exact points before the stroke
   */
  constructor(edits, name, onBefore) {
    /** @type {(() => void) | null} */
    this.release = null;
    const released = new Promise((resolve) => (this.release = () => resolve(undefined)));
    /** @type {(() => Promise<unknown>) | null} */
    this.pending = null;
    this.busy = true; // until the "before" snapshot is taken
    /** @type {Promise<unknown>} */
    this.idle = Promise.resolve();
    /** Index of the point being dragged (may be corrected once the exact points are known). */
    this.index = -1;
    void edits.edit(name, async (before) => {
      onBefore?.(before);
      this.busy = false;
      this.pump();
      await released;
      await this.flushed();
    });
  }

  /** @param {() => Promise<unknown>} op */
  send(op) {
    this.pending = op;
    this.pump();
  }

  pump() {
    if (this.busy || !this.pending) return;
    const op = this.pending;
    this.pending = null;
    this.busy = true;
    this.idle = op()
      .catch((err) => notice(messageOf(err)))
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }

  async flushed() {
    while (this.busy || this.pending) {
      await this.idle;
      await Promise.resolve();
    }
  }

  end() {
    this.release?.();
  }
}

/** The label of a new point: the active class, or the value slider for regression. @param {App} app */
function newLabel(app) {
  const config = app.config;
  if (!config) return 1;
  if (config.problem === "regression") return Number(/** @type {HTMLInputElement} */ ($("value")).value);
  if (config.problem === "multiclass") return Math.min(app.activeClass, config.classes - 1);
  return app.activeClass === 0 ? 1 : -1;
}

/** The split a new point joins: the test set when "add as test" is on, else the engine draws it. */
function newSplit() {
  return /** @type {HTMLInputElement | null} */ (document.getElementById("add-test"))?.checked ? true : undefined;
}

/** The brush's radius in domain units, from its size slider. */
function brushRadius() {
  const input = /** @type {HTMLInputElement | null} */ (document.getElementById("brush-size"));
  const r = Number(input?.value);
  return Number.isFinite(r) && r > 0 ? r : 0.6;
}

/** Nearest point to `origin` in `points`, if closer than 0.5. @param {Point[]} points @param {Point} origin */
function nearest(points, origin) {
  let best = -1;
  let bestD = Infinity;
  points.forEach((p, k) => {
    const d = Math.hypot(p.x - origin.x, p.y - origin.y);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  });
  return bestD < 0.5 ? best : -1;
}

/**
 * The output canvas's handlers: every pointer gesture becomes an edit.
 * @param {Edits} edits @param {App} app
 * @returns {import("./canvas.js").EditHandlers}
 */
export function pointerHandlers(edits, app) {
  const engine = edits.engine;
  /** @type {Stroke | null} */
  let stroke = null;
  /** Brush dabs queued as one chain (each adds a few points). */
  let brushLast = /** @type {[number, number] | null} */ (null);
  /** @type {Array<[number, number]>} */
  let brushDabs = [];
  const end = () => {
    stroke?.end();
    stroke = null;
  };
  return {
    add: (x, y) => {
      const label = newLabel(app); // the class and split active at the click, not when the queued edit runs
      const test = newSplit();
      void edits.edit("add", () => engine.call("addPoint", x, y, label, test));
    },
    remove: (i) => void edits.edit("remove", () => engine.call("removePoint", i)),
    dragStart: (i) => {
      const origin = app.points[i];
      const s = new Stroke(edits, "move", (before) => {
        // If an earlier edit changed the points meanwhile, follow the point nearest to the press.
        if (!origin || (before[i] && before[i].x === origin.x && before[i].y === origin.y)) return;
        s.index = nearest(before, origin);
      });
      s.index = i;
      stroke = s;
    },
    drag: (_i, x, y) => {
      const s = stroke;
      s?.send(async () => {
        if (s.index >= 0) await engine.call("movePoint", s.index, x, y);
      });
    },
    dragEnd: end,
    brushStart: () => {
      stroke = new Stroke(edits, "brush");
      brushLast = null;
      brushDabs = [];
    },
    brush: (x, y) => {
      // A dab every ~2/3 radius of travel; each dab scatters points inside the brush's circle
      // (more for a bigger brush, so the density stays about the same).
      const r = brushRadius();
      if (brushLast && Math.hypot(x - brushLast[0], y - brushLast[1]) < 0.66 * r) return;
      brushLast = [x, y];
      const label = newLabel(app);
      const test = newSplit();
      const count = Math.max(1, Math.min(12, Math.round(3 * (r / 0.6) ** 2)));
      for (let k = 0; k < count; k++) {
        const d = r * Math.sqrt(Math.random());
        const a = 2 * Math.PI * Math.random();
        const px = Math.max(-6, Math.min(6, x + d * Math.cos(a)));
        const py = Math.max(-6, Math.min(6, y + d * Math.sin(a)));
        brushDabs.push([px, py]);
      }
      const s = stroke;
      s?.send(async () => {
        const dabs = brushDabs;
        brushDabs = [];
        for (const [px, py] of dabs) await engine.call("addPoint", px, py, label, test);
      });
    },
    brushEnd: end,
    tool: () => {
      const checked = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="tool"]:checked'));
      return checked?.value === "brush" ? "brush" : "point";
    },
    brushRadius,
  };
}
