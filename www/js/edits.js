// @ts-check
// Edits of the points, one after another, each recorded for undo with the
// exact points before and after it (and, for an edit that may change
// everything, like a file opened, the engine's whole snapshot before and
// after); undo and redo restore those.

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
    /** Called after the whole session was replaced (a file opened, or its undo/redo). */
    this.replaced = () => {};
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

  /**
   * Runs an edit that may change the whole session (config, points, weights,
   * optimizer, counters) and records the engine's snapshot before and after
   * it as one undo step. A refused edit records nothing.
   * @template T @param {string} name @param {() => Promise<T>} action
   * @returns {Promise<{ok: true, result: T} | {ok: false, error: unknown}>}
   */
  replace(name, action) {
    return this.enqueue(async () => {
      const before = await this.engine.call("snapshot");
      /** @type {T} */
      let result;
      try {
        result = await action();
      } catch (error) {
        return { ok: /** @type {const} */ (false), error };
      }
      const after = await this.engine.call("snapshot");
      this.history.push({ name, before: before.points, after: after.points, snapshots: { before, after } });
      this.adopt(before, after);
      return { ok: /** @type {const} */ (true), result };
    });
  }

  /**
   * The engine's session went from snapshot `from` to `to`. When its data or
   * config changed, the points are no longer the config's own (the link
   * carries them); weights alone leave that as it was.
   * @param {any} from @param {any} to
   */
  adopt(from, to) {
    this.app.points = to.points;
    if (!samePoints(from.points, to.points) || JSON.stringify(from.config) !== JSON.stringify(to.config)) this.app.pointsCustom = true;
    this.replaced();
    this.changed();
  }

  /** Restores a point set (undo/redo). @param {"undo" | "redo"} which */
  undoRedo(which) {
    return this.enqueue(async () => {
      const entry = which === "undo" ? this.history.undo() : this.history.redo();
      if (!entry) return;
      if (entry.snapshots) {
        // The whole session, exactly as the engine reported it, through its own reader.
        const { before, after } = entry.snapshots;
        const [from, to] = which === "undo" ? [after, before] : [before, after];
        await this.engine.call("open", JSON.stringify(to));
        this.adopt(from, to);
        return;
      }
      const target = which === "undo" ? entry.before : entry.after;
      await this.engine.call("setPoints", target);
      this.app.points = target;
      this.app.pointsCustom = true;
      this.changed();
    });
  }
}
