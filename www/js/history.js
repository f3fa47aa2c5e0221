// @ts-check
// Undo/redo of data edits. Each entry holds the complete point set before and
// after one edit (a click, a drag, a brush stroke, a clear, a regeneration),
// exactly as the engine reported it, so restoring is exact; an edit that may
// change the whole session (a file opened) also holds the engine's snapshots.

/** @typedef {import("./state.js").Point} Point */
/** @typedef {{name: string, before: Point[], after: Point[], snapshots?: {before: any, after: any}}} Entry */

/** @param {Point[]} a @param {Point[]} b */
export function samePoints(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i];
    const q = b[i];
    if (p.x !== q.x || p.y !== q.y || p.label !== q.label || p.test !== q.test) return false;
  }
  return true;
}

export class History {
  /** @param {number} [limit] entries kept */
  constructor(limit = 100) {
    this.limit = limit;
    /** @type {Entry[]} */
    this.done = [];
    /** @type {Entry[]} */
    this.undone = [];
    /** @type {() => void} */
    this.onChange = () => {};
  }

  /** Records an edit; nothing if it changed nothing. @param {Entry} entry */
  push(entry) {
    if (!entry.snapshots && samePoints(entry.before, entry.after)) return;
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
    this.onChange();
  }

  /** @returns {Entry | undefined} the entry to undo (restore its `before`) */
  undo() {
    const e = this.done.pop();
    if (e) {
      this.undone.push(e);
      this.onChange();
    }
    return e;
  }

  /** @returns {Entry | undefined} the entry to redo (restore its `after`) */
  redo() {
    const e = this.undone.pop();
    if (e) {
      this.done.push(e);
      this.onChange();
    }
    return e;
  }

  /** Replaces both stacks (a restored session). @param {Entry[]} done @param {Entry[]} undone */
  replace(done, undone) {
    this.done = done.slice(-this.limit);
    this.undone = undone.slice(-this.limit);
    this.onChange();
  }

  get canUndo() {
    return this.done.length > 0;
  }

  get canRedo() {
    return this.undone.length > 0;
  }
}
