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
      const label = newLabel(app); // the class active at the click, not when the queued edit runs
      void edits.edit("add", () => engine.call("addPoint", x, y, label));
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
      // A dab every ~0.4 units of travel; each dab scatters a few points around the pointer.
      if (brushLast && Math.hypot(x - brushLast[0], y - brushLast[1]) < 0.4) return;
      brushLast = [x, y];
      const label = newLabel(app);
      for (let k = 0; k < 3; k++) {
        const px = Math.max(-6, Math.min(6, x + (Math.random() - 0.5) * 1.2));
        const py = Math.max(-6, Math.min(6, y + (Math.random() - 0.5) * 1.2));
        brushDabs.push([px, py]);
      }
      const s = stroke;
      s?.send(async () => {
        const dabs = brushDabs;
        brushDabs = [];
        for (const [px, py] of dabs) await engine.call("addPoint", px, py, label);
      });
    },
    brushEnd: end,
    tool: () => {
      const checked = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="tool"]:checked'));
      return checked?.value === "brush" ? "brush" : "point";
    },
  };
}
