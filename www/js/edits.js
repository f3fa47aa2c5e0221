// @ts-check
// Edits of the points, one after another, each recorded for undo with the
// exact points before and after it; undo and redo restore those points.

import { samePoints } from "./history.js";
import { messageOf } from "./dom.js";
import { notice } from "./notice.js";

/** @typedef {import("./state.js").Point} Point */
/** @typedef {import("./engine-client.js").EngineClient} EngineClient */
/** @typedef {import("./history.js").History} History */
/** @typedef {import("./app.js").App} App */

export class Edits {
  /**
   * @param {EngineClient} engine @param {History} history @param {App} app
   * @param {() => void} changed called after every edit, undo and redo (the points may differ)
   */
  constructor(engine, history, app, changed) {
    this.engine = engine;
    this.history = history;
    this.app = app;
    this.changed = changed;
    /** Edits run one after another, so each one's before/after snapshots are exact. */
    this.queue = Promise.resolve();
  }

  /** @template T @param {() => Promise<T>} task @returns {Promise<T>} */
  enqueue(task) {
    const run = this.queue.then(task);
    this.queue = run.then(() => {}, (err) => notice(messageOf(err), 10_000));
    return run;
  }

  /**
   * Runs an edit of the points and records it for undo.
   * @param {string} name @param {(before: Point[]) => Promise<unknown>} action @param {boolean} [custom]
   */
  edit(name, action, custom = true) {
    return this.enqueue(async () => {
      /** @type {Point[]} */
      const before = await this.engine.call("points");
      try {
        await action(before);
      } finally {
        const after = await this.engine.call("points");
        this.history.push({ name, before, after });
        this.app.points = after;
        if (!samePoints(before, after)) this.app.pointsCustom = custom; // a refused edit (say, a bad CSV file) leaves it
        this.changed();
      }
    });
  }

  /** Restores a point set (undo/redo). @param {"undo" | "redo"} which */
  undoRedo(which) {
    return this.enqueue(async () => {
      const entry = which === "undo" ? this.history.undo() : this.history.redo();
      if (!entry) return;
      const target = which === "undo" ? entry.before : entry.after;
      await this.engine.call("setPoints", target);
      this.app.points = target;
      this.app.pointsCustom = true;
      this.changed();
    });
  }
}
