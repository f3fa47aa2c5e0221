// @ts-check
// Sets the playground up for one lesson of the guided tour — its seeded
// config and data (one undoable data edit), the view options, the
// step-by-step panel at a stage or the loss landscape on two weights — and
// keeps the learner's own playground as a return point (the session record
// session.js writes), so the tour never silently replaces their work.

import { STAGES } from "./teach.js";
import { DEFAULT_UI } from "./state.js";
import { Session } from "./session.js";

/** @typedef {import("./tour-steps.js").Lesson} Lesson */
/** @typedef {import("./engine-client.js").Frame} Frame */
/** @typedef {import("./session.js").SavedSession} SavedSession */

/**
 * What the tour drives on the page.
 * @typedef {object} TourHost
 * @property {import("./engine-client.js").EngineClient} engine
 * @property {import("./app.js").App} app
 * @property {any} catalog                    the engine's tables (its default config)
 * @property {import("./edits.js").Edits} edits
 * @property {Session} session
 * @property {import("./teach.js").Teach} teach
 * @property {import("./landscape.js").Landscape} landscape
 * @property {() => void} pause               stops training
 * @property {() => void} showUi              puts app.ui into the page's controls and the worker
 * @property {(saved: SavedSession) => Promise<void>} restore  brings a saved session back
 */

/** Local-storage key of the learner's playground from before the tour. */
export const RETURN_KEY = "nnplay-tour-return";

/** @param {{layer: number, row: number, col: number}} p */
const paramKey = (p) => `${p.layer},${p.row},${p.col}`;

/** The lesson's whole config: the engine's defaults with the lesson's fields over them. @param {any} catalog @param {Lesson} lesson */
export function lessonConfig(catalog, lesson) {
  const d = catalog.defaults;
  /** @type {any} */
  const c = lesson.config;
  return {
    ...d,
    ...c,
    optimizer: { ...d.optimizer, ...(c.optimizer ?? {}) },
    regularization: { ...d.regularization, ...(c.regularization ?? {}) },
  };
}

/** Whether the page's config is (still) a lesson's set-up: same problem, data set and inputs. @param {any} config @param {any} want */
export function sameSetup(config, want) {
  return Boolean(config) && config.problem === want.problem && config.dataset === want.dataset && config.seed === want.seed
    && config.features.join() === want.features.join();
}

export class TourStage {
  /** @param {TourHost} host */
  constructor(host) {
    this.host = host;
    /** @type {{test: (f: Frame) => boolean, resolve: (f: Frame) => void}[]} */
    this.waiters = [];
    /** @type {SavedSession | null} the learner's playground from before the tour */
    this.returnPoint = readReturn();
  }

  /** @param {Frame} f */
  onFrame(f) {
    for (const w of this.waiters.slice()) {
      if (!w.test(f)) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(f);
    }
  }

  /** The next frame that passes `test`. @param {(f: Frame) => boolean} test @returns {Promise<Frame>} */
  frameWhere(test) {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /**
   * Keeps the learner's playground before the tour first changes it: the
   * session record `saved` (one offered at start-up but not resumed), else the
   * engine's state now. An existing return point is kept.
   * @param {SavedSession | null} [saved]
   */
  async keepReturnPoint(saved = null) {
    if (this.returnPoint) return;
    let record = saved;
    if (!record) {
      const snapshot = await this.host.engine.call("snapshot");
      const session = this.host.session;
      session.write(snapshot);
      const app = this.host.app;
      record = session.last?.snapshot === snapshot ? session.last : {
        v: 1, savedAt: Date.now(), urlHash: location.hash, snapshot, ui: { ...app.ui }, pointsCustom: app.pointsCustom,
        withLang: false, done: [], undone: [],
      };
    }
    this.returnPoint = record;
    try {
      localStorage.setItem(RETURN_KEY, JSON.stringify(record));
    } catch {
      // Storage full or refused: the return point lasts as long as this page.
    }
  }

  /** Brings the learner's playground back and forgets the return point. */
  async restoreReturnPoint() {
    const record = this.returnPoint;
    if (!record) return;
    await this.host.restore(record);
    this.returnPoint = null;
    try {
      localStorage.removeItem(RETURN_KEY);
    } catch {
      // nothing stored
    }
  }

  /**
   * Sets a lesson up: its data and network (a data edit: undo brings the
   * points back), view options, and views. Returns the frame it starts from.
   * @param {Lesson} lesson @param {boolean} fresh false: the playground is already this lesson's (only the views are opened)
   */
  async setUp(lesson, fresh) {
    const { engine, app, edits, teach, landscape } = this.host;
    this.host.pause();
    const config = lessonConfig(this.host.catalog, lesson);
    /** @type {Frame} */
    let frame;
    if (fresh) {
      const next = this.frameWhere((f) => Boolean(f.config) && sameSetup(f.config, config) && f.state.step === 0);
      await edits.edit("tour", async () => {
        await engine.call("setConfig", config);
        await engine.call("regenerate");
      }, false);
      app.ui = { ...DEFAULT_UI, ...(lesson.ui ?? {}) };
      this.host.showUi();
      frame = await next;
    } else {
      engine.post("frame");
      frame = await this.frameWhere(() => true);
    }
    const view = lesson.view;
    if (view.teach) {
      if (!teach.isOpen) await teach.open();
      teach.go(STAGES.indexOf(view.teach));
    } else {
      teach.close();
    }
    if (view.landscape) {
      if (!landscape.isOpen) landscape.show();
      landscape.p1.value = paramKey(view.landscape.p1);
      landscape.p2.value = paramKey(view.landscape.p2);
      landscape.source.value = view.landscape.source;
      await landscape.track();
    } else {
      landscape.hide();
    }
    if (view.open) /** @type {HTMLDetailsElement | null} */ (document.querySelector(view.open))?.setAttribute("open", "");
    // On a phone the run bar stays on top and the card below: the view goes to the top. On a
    // wide screen it only comes into sight (the run bar scrolls with the page).
    const phone = matchMedia("(max-width: 700px)").matches;
    if (view.scroll) document.querySelector(view.scroll)?.scrollIntoView({ block: phone ? "start" : "nearest" });
    return frame;
  }
}

/** The stored return point, if any. @returns {SavedSession | null} */
function readReturn() {
  try {
    const text = localStorage.getItem(RETURN_KEY);
    const r = text ? JSON.parse(text) : null;
    return r && typeof r === "object" && r.snapshot && Array.isArray(r.done) && Array.isArray(r.undone) ? r : null;
  } catch {
    return null;
  }
}

/** The session saved before this page opened (read before the page saves its own). */
export const savedAtLoad = Session.read();
