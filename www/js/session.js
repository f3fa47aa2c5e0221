// @ts-check
// Never lose work: the whole session — the engine's snapshot (config, points,
// weights, optimizer state, counters), the undo/redo history within a size
// bound, the view options — is saved in local storage as the learner works
// and when the page is hidden, and offered back after a reload, a crash or
// on a bare URL, with a visible "start fresh" choice.

import { $, messageOf } from "./dom.js";
import { t } from "./i18n.js";
import { fromBase64Url, packPoints, toBase64Url, unpackPoints } from "./state.js";

/** @typedef {import("./engine-client.js").EngineClient} EngineClient */
/** @typedef {import("./history.js").History} History */
/** @typedef {import("./history.js").Entry} Entry */
/** @typedef {import("./app.js").App} App */
/** @typedef {import("./link.js").Link} Link */

/** The local-storage key of the saved session. */
export const SESSION_KEY = "nnplay-session";
/** The record's format; another version is not read. */
const VERSION = 1;
/** Most characters the undo/redo history may take in storage (the oldest steps go first). */
const HISTORY_BUDGET = 2_000_000;
/** While training, the session is saved at most this often (ms). */
const TRAINING_PERIOD = 2000;

/**
 * @typedef {object} SavedSession
 * @property {number} v
 * @property {number} savedAt   ms since the epoch
 * @property {string} urlHash   the URL hash when it was saved (a reload of that URL continues it)
 * @property {any} snapshot     the engine's `snapshot()`
 * @property {import("./state.js").UiState} ui
 * @property {boolean} pointsCustom
 * @property {boolean} withLang
 * @property {PackedEntry[]} done    packed points (oldest first)
 * @property {PackedEntry[]} undone
 */

/** @typedef {{name: string, before: string, after: string, snapshots?: string}} PackedEntry */

/** A history entry as stored (an opened file's entry keeps its two snapshots, as JSON). @param {Entry} e @returns {PackedEntry} */
const packEntry = (e) => ({
  name: e.name,
  before: toBase64Url(packPoints(e.before)),
  after: toBase64Url(packPoints(e.after)),
  ...(e.snapshots ? { snapshots: JSON.stringify(e.snapshots) } : {}),
});
/** @param {PackedEntry} e @returns {Entry} */
const unpackEntry = (e) => ({
  name: String(e.name),
  before: unpackPoints(fromBase64Url(e.before)),
  after: unpackPoints(fromBase64Url(e.after)),
  ...(typeof e.snapshots === "string" ? { snapshots: JSON.parse(e.snapshots) } : {}),
});

/**
 * The newest entries of a list that fit in `budget` characters (kept in order).
 * @param {PackedEntry[]} entries @param {number} budget
 */
function newestWithin(entries, budget) {
  let used = 0;
  let from = entries.length;
  while (from > 0) {
    const e = entries[from - 1];
    const size = e.before.length + e.after.length + e.name.length + (e.snapshots?.length ?? 0) + 40;
    if (used + size > budget) break;
    used += size;
    from--;
  }
  return { kept: entries.slice(from), used };
}

export class Session {
  /** @param {EngineClient} engine @param {App} app @param {History} history @param {Link} link */
  constructor(engine, app, history, link) {
    this.engine = engine;
    this.app = app;
    this.history = history;
    this.link = link;
    /** Nothing is saved until the page has started (a link opened in a new tab does not replace the last session by itself). */
    this.armed = false;
    /** True when the page opened with the saved session (it is saved again once armed). */
    this.restored = false;
    this.timer = 0;
    this.saving = false;
    this.again = false;
    this.lastTrainingSave = 0;
    /** @type {SavedSession | null} the last record written */
    this.last = null;
  }

  /** Reads the saved session (null when there is none or it cannot be read). @returns {SavedSession | null} */
  static read() {
    try {
      const text = localStorage.getItem(SESSION_KEY);
      if (!text) return null;
      const s = JSON.parse(text);
      if (!s || typeof s !== "object" || s.v !== VERSION || !s.snapshot || typeof s.urlHash !== "string") return null;
      if (!Array.isArray(s.done) || !Array.isArray(s.undone)) return null;
      return s;
    } catch {
      return null;
    }
  }

  /** Forgets the saved session. */
  static clear() {
    try {
      localStorage.removeItem(SESSION_KEY);
    } catch {
      // Storage refused: there is nothing to clear.
    }
  }

  /**
   * Something changed: the link and the saved session follow shortly. While
   * training runs, the session is saved every TRAINING_PERIOD ms and the link
   * when it stops.
   * @param {number} [delay]
   */
  changed(delay = 30) {
    if (!this.armed) return;
    if (this.timer) return;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      void this.save();
    }, delay);
  }

  /** Training goes on: save now and then. */
  trained() {
    const now = performance.now();
    if (now - this.lastTrainingSave < TRAINING_PERIOD) return;
    this.lastTrainingSave = now;
    this.changed(0);
  }

  /** Writes the link (unless training runs) and the session record. */
  async save() {
    if (this.saving) {
      this.again = true;
      return;
    }
    this.saving = true;
    try {
      // The link first: it never waits for the engine.
      if (!this.app.playing) this.link.write();
      const snapshot = await this.engine.call("snapshot");
      this.write(snapshot);
    } catch (err) {
      console.warn(`nnplay: the session could not be saved: ${messageOf(err)}`);
    } finally {
      this.saving = false;
      if (this.again) {
        this.again = false;
        this.changed(0);
      }
    }
  }

  /** Stores a record of this snapshot and the page's history. @param {any} snapshot */
  write(snapshot) {
    const done = this.history.done.map(packEntry);
    const undone = this.history.undone.map(packEntry);
    // The newest steps are kept first: redo's entries, then undo's, within the budget.
    const u = newestWithin(undone.slice().reverse(), HISTORY_BUDGET);
    const d = newestWithin(done, HISTORY_BUDGET - u.used);
    /** @type {SavedSession} */
    const record = {
      v: VERSION,
      savedAt: Date.now(),
      urlHash: location.hash,
      snapshot,
      ui: { ...this.app.ui },
      pointsCustom: this.app.pointsCustom,
      withLang: this.link.withLang,
      done: d.kept,
      undone: u.kept.reverse(),
    };
    try {
      localStorage.setItem(SESSION_KEY, JSON.stringify(record));
      this.last = record;
    } catch (err) {
      // Full or refused storage: keep going without (the link still carries the state).
      console.warn(`nnplay: the session could not be stored: ${messageOf(err)}`);
    }
  }

  /**
   * The page is being hidden (closed, reloaded, put away): the latest points
   * and weights go into the record now, without waiting for the engine.
   */
  flush() {
    const last = this.last;
    if (!this.armed || !last || !this.app.config) return;
    clearTimeout(this.timer);
    this.timer = 0;
    const snap = last.snapshot;
    // The snapshot's optimizer state fits the network only if the config is the same.
    if (JSON.stringify(snap.config) !== JSON.stringify(this.app.config)) return;
    this.write({ ...snap, points: this.app.points, model: this.app.model ?? snap.model });
  }

  /**
   * Brings a saved session back into the engine and the page.
   * @param {SavedSession} saved @returns {Promise<any>} the worker's start-up reply
   */
  async restore(saved) {
    const initial = await this.engine.request("restore", { snapshot: saved.snapshot });
    this.app.ui = { ...this.app.ui, ...saved.ui };
    this.app.pointsCustom = Boolean(saved.pointsCustom);
    this.link.withLang = this.link.withLang || Boolean(saved.withLang);
    try {
      this.history.replace(saved.done.map(unpackEntry), saved.undone.map(unpackEntry));
    } catch {
      this.history.replace([], []);
    }
    return initial;
  }
}

/** Writes the session bar's sentence in the active language (kept for a language change). */
let barRender = () => {};

/** Rewrites a shown session bar in the active language. */
export function relabelSessionBar() {
  if (!$("session").hidden) barRender();
}

/**
 * Shows the session bar: after a restore (`restored`) it says so and offers
 * to start fresh; on a bare URL it offers to resume.
 * @param {"restored" | "offer"} kind @param {SavedSession} saved
 * @param {{resume: () => Promise<void>, fresh: () => void}} on
 */
export function showSessionBar(kind, saved, on) {
  const bar = $("session");
  const text = $("session-text");
  const resume = /** @type {HTMLButtonElement} */ ($("session-resume"));
  const fresh = /** @type {HTMLButtonElement} */ ($("session-fresh"));
  const when = new Date(saved.savedAt);
  const render = () => {
    const time = when.toLocaleString(document.documentElement.lang || "en", { dateStyle: "medium", timeStyle: "short" });
    text.textContent = t(kind === "restored" ? "session.restored" : "session.offer", { time });
  };
  render();
  barRender = render;
  bar.dataset.kind = kind;
  resume.hidden = kind !== "offer";
  bar.hidden = false;
  resume.onclick = async () => {
    resume.disabled = true;
    try {
      await on.resume();
      bar.hidden = true;
    } finally {
      resume.disabled = false;
    }
  };
  fresh.onclick = () => on.fresh();
  $("session-close").onclick = () => (bar.hidden = true);
}
