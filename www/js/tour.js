// @ts-check
// The guided tour: a card that walks the learner through the notes' seven
// lessons in order, then a first lesson of what comes after them (dropout) —
// each sets the playground up, says its one idea and asks
// for one thing to try, and says so when it is done. Skippable and closable
// at any time; the lesson is remembered in local storage (reopening or a
// reload offers to continue); `#tour=N` in a link opens lesson N; the
// learner's own playground is kept and can be restored (tour-setup.js).

import { t } from "./i18n.js";
import { el, messageOf } from "./dom.js";
import { notice } from "./notice.js";
import { STAGES } from "./teach.js";
import { LESSONS, TaskWatch } from "./tour-steps.js";
import { TourStage, lessonConfig, sameSetup, savedAtLoad } from "./tour-setup.js";

/** @typedef {import("./tour-setup.js").TourHost} TourHost */
/** @typedef {import("./engine-client.js").Frame} Frame */

/** Local-storage key of the tour's progress. */
export const TOUR_KEY = "nnplay-tour";

/**
 * @typedef {object} TourState
 * @property {number} step       the lesson (0-based)
 * @property {boolean} open
 * @property {number | null} setup  the lesson the playground was last set up for (null: the learner's own)
 * @property {number[]} done     lessons whose task was done
 * @property {boolean} quiet     the learner dismissed the offer to continue (none at the next load)
 */

/** @returns {TourState} */
function readState() {
  try {
    const s = JSON.parse(localStorage.getItem(TOUR_KEY) ?? "null");
    if (s && Number.isInteger(s.step) && s.step >= 0 && s.step < LESSONS.length) {
      const done = Array.isArray(s.done) ? s.done.filter(Number.isInteger) : [];
      return { step: s.step, open: Boolean(s.open), setup: Number.isInteger(s.setup) ? s.setup : null, done, quiet: s.quiet === true };
    }
  } catch {
    // unreadable: start afresh
  }
  return { step: 0, open: false, setup: null, done: [], quiet: false };
}

/** The lesson a link asks for (`#…&tour=N`, 1-based), or null. */
function linkLesson() {
  const v = new URLSearchParams(location.hash.replace(/^#/, "")).get("tour");
  const n = Number(v);
  return v !== null && Number.isInteger(n) && n >= 1 && n <= LESSONS.length ? n - 1 : null;
}

/** @param {string} cls @param {string} key @param {() => void} onClick @param {Record<string, string>} [attrs] */
const button = (cls, key, onClick, attrs = {}) => {
  const b = el("button", { type: "button", class: cls, "data-tkey": key, ...attrs });
  b.addEventListener("click", onClick);
  return /** @type {HTMLButtonElement} */ (b);
};

export class Tour {
  /** @param {HTMLButtonElement} opener @param {TourHost} host */
  constructor(opener, host) {
    this.opener = opener;
    this.host = host;
    this.stage = new TourStage(host);
    this.state = readState();
    this.fromLink = linkLesson();
    /** "intro" (start or continue) or "lesson". */
    this.pane = "intro";
    /** @type {TaskWatch | null} */
    this.watch = null;
    /** Queued set-ups run one after another. */
    this.queue = Promise.resolve();
    this.busy = false;
    /** @type {import("./tour-steps.js").CheckContext | null} */
    this.last = null;

    this.kicker = el("span", { class: "tour-kicker" });
    this.title = el("h2", { id: "tour-title", tabindex: "-1" });
    this.lessons = el("ol", { class: "tour-lessons" });
    this.body = el("div", { class: "tour-body" });
    this.status = el("p", { class: "tour-status", role: "status", "aria-live": "polite" });
    this.prev = button("text-button tour-prev", "tour.prev", () => this.go(this.state.step - 1));
    this.restoreButton = button("text-button tour-restore", "tour.restore", () => void this.restore());
    this.next = button("text-button tour-next", "tour.next", () => this.forward());
    this.minimize = button("icon-button tour-min", "", () => this.setMinimized(!this.root.classList.contains("minimized")), { "aria-expanded": "true", "aria-controls": "tour-main" });
    const close = button("icon-button tour-close", "", () => this.close(), { "data-akey": "tour.close" });
    close.append(svgX());
    this.main = el("div", { id: "tour-main", class: "tour-main" },
      this.title, el("nav", { "data-akey": "tour.lessons" }, this.lessons), this.body, this.status,
      el("div", { class: "tour-nav" }, this.prev, this.restoreButton, this.next));
    this.root = el("section", { id: "tour", class: "tour", "aria-labelledby": "tour-title", hidden: "" },
      el("div", { class: "tour-head" }, this.kicker, this.minimize, close), this.main);
    this.root.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation();
      this.close();
    });
    document.body.append(this.root);

    // The bar under the top bar: continue the tour, or restore the learner's playground.
    this.barText = el("span", { class: "tour-bar-text" });
    this.barContinue = button("text-button tour-bar-continue", "tour.bar.continue", () => {
      this.bar.hidden = true;
      this.show();
      this.enter(this.state.step);
    });
    this.barRestore = button("text-button tour-bar-restore", "tour.restore", () => void this.restore());
    // Dismissed: no offer at the next page load (the tour button still offers to continue).
    const barClose = button("text-button", "", () => {
      this.bar.hidden = true;
      this.save({ quiet: true });
    }, { "data-akey": "tour.bar.dismiss" });
    barClose.textContent = "×";
    this.bar = el("div", { id: "tour-bar", class: "notice tour-bar", role: "status", hidden: "" }, this.barText, this.barContinue, this.barRestore, barClose);
    document.getElementById("notice")?.after(this.bar);

    opener.addEventListener("click", () => (this.isOpen ? this.close() : this.openFromButton()));
    this.relabel();
  }

  get isOpen() {
    return !this.root.hidden;
  }

  /** After start-up: a link's lesson opens; else a tour in progress is offered back. */
  boot() {
    if (this.fromLink !== null) {
      // The learner's work is the session offered at start-up (not the link's defaults): keep that.
      const offered = document.getElementById("session");
      const saved = offered && !offered.hidden && offered.dataset.kind === "offer" ? savedAtLoad : null;
      if (offered && saved) offered.hidden = true;
      this.show();
      this.enter(this.fromLink, saved, false);
    } else if (!this.state.quiet && (this.state.open || this.state.setup !== null || this.stage.returnPoint)) {
      this.showBar();
    }
  }

  openFromButton() {
    this.bar.hidden = true;
    this.show();
    this.pane = "intro";
    this.render();
    this.title.focus();
  }

  show() {
    this.root.hidden = false;
    document.body.classList.add("touring");
    this.opener.setAttribute("aria-expanded", "true");
    this.setMinimized(false);
    this.save({ open: true });
  }

  close() {
    if (!this.isOpen) return;
    this.root.hidden = true;
    document.body.classList.remove("touring");
    this.opener.setAttribute("aria-expanded", "false");
    this.save({ open: false });
    if (this.stage.returnPoint) this.showBar();
    this.opener.focus();
  }

  /** @param {boolean} on */
  setMinimized(on) {
    this.root.classList.toggle("minimized", on);
    this.minimize.setAttribute("aria-expanded", String(!on));
    this.minimize.setAttribute("aria-label", t(on ? "tour.expand" : "tour.minimize"));
    this.minimize.textContent = on ? "▴" : "▾";
  }

  /** @param {Partial<TourState>} patch */
  save(patch) {
    this.state = { ...this.state, ...patch };
    try {
      localStorage.setItem(TOUR_KEY, JSON.stringify(this.state));
    } catch {
      // storage refused: the tour still works on this page
    }
  }

  /** Next (or skip) — the last lesson's finishes the tour. */
  forward() {
    if (this.state.step >= LESSONS.length - 1) this.close();
    else this.go(this.state.step + 1);
  }

  /** @param {number} k */
  go(k) {
    if (k < 0 || k >= LESSONS.length) return;
    this.enter(k);
  }

  /**
   * Shows lesson k and sets the playground up for it (unless it still is).
   * @param {number} k @param {import("./session.js").SavedSession | null} [saved] the learner's work, if not the engine's
   * @param {boolean} [focus] the learner asked (not a link): the card keeps the keyboard focus
   */
  enter(k, saved = null, focus = true) {
    this.pane = "lesson";
    this.save({ step: k, quiet: false });
    this.watch = null;
    this.last = null;
    this.busy = true;
    this.render();
    if (focus) this.title.focus();
    const lesson = LESSONS[k];
    this.queue = this.queue.then(async () => {
      if (this.state.step !== k) return; // the learner moved on meanwhile
      const want = lessonConfig(this.host.catalog, lesson);
      const fresh = this.state.setup !== k || !sameSetup(this.host.app.config, want);
      if (fresh) await this.stage.keepReturnPoint(saved);
      const frame = await this.stage.setUp(lesson, fresh);
      this.save({ setup: k });
      if (this.state.step !== k) return;
      this.watch = new TaskWatch(lesson, frame.state.step);
      this.busy = false;
      this.render();
      // The panels it opened took the focus: give it back to the card (or to nothing, after a link).
      if (focus && this.isOpen) this.title.focus();
      else if (!focus) /** @type {HTMLElement | null} */ (document.activeElement)?.blur();
    }).catch((err) => {
      this.busy = false;
      notice(messageOf(err), 10_000);
      this.render();
    });
  }

  /** Restores the learner's playground from before the tour (and closes it). */
  async restore() {
    this.bar.hidden = true;
    try {
      await this.stage.restoreReturnPoint();
      this.save({ setup: null });
      if (this.isOpen) this.close();
      this.bar.hidden = true;
      notice(() => t("tour.restored"), 6000, "tour");
    } catch (err) {
      notice(messageOf(err), 10_000);
    }
  }

  /** A frame: the lesson's task may be done now. @param {Frame} f */
  onFrame(f) {
    this.stage.onFrame(f);
    if (!this.watch || this.busy || !this.host.app.config) return;
    const teach = this.host.teach;
    /** @type {import("./tour-steps.js").CheckContext} */
    const ctx = { config: this.host.app.config, loss: f.loss, state: f.state, teachStage: teach.isOpen ? STAGES[teach.stage] : null };
    const was = this.watch.done;
    const done = this.watch.see(ctx);
    if (done && !was) {
      this.last = ctx;
      const k = LESSONS.indexOf(this.watch.lesson);
      if (!this.state.done.includes(k)) this.save({ done: [...this.state.done, k] });
      this.render();
    }
  }

  // ---- rendering ---------------------------------------------------------------

  showBar() {
    const k = this.state.step;
    this.barText.textContent = t("tour.bar.text", { n: k + 1, title: t(`tour.${LESSONS[k].id}.title`) });
    this.barRestore.hidden = !this.stage.returnPoint;
    this.barRestore.title = this.restoreTitle();
    this.bar.hidden = false;
  }

  restoreTitle() {
    const r = this.stage.returnPoint;
    if (!r) return "";
    const time = new Date(r.savedAt).toLocaleString(document.documentElement.lang || "en", { dateStyle: "medium", timeStyle: "short" });
    return t("tour.restore.title", { time });
  }

  render() {
    const k = this.state.step;
    const intro = this.pane === "intro";
    this.root.dataset.pane = this.pane;
    this.root.dataset.busy = String(this.busy);
    this.root.dataset.step = String(k + 1);
    this.root.dataset.done = String(!intro && Boolean(this.watch?.done));
    this.kicker.textContent = intro ? t("tour.heading") : t("tour.position", { n: k + 1, total: LESSONS.length });
    this.title.textContent = intro ? t("tour.intro.title") : t(`tour.${LESSONS[k].id}.title`);
    this.lessons.replaceChildren(...LESSONS.map((l, i) => {
      const b = button("tour-lesson", "", () => this.go(i), { "aria-label": t("tour.lessonLabel", { n: i + 1, title: t(`tour.${l.id}.title`) }) });
      b.textContent = this.state.done.includes(i) ? "✓" : String(i + 1);
      if (!intro && i === k) b.setAttribute("aria-current", "step");
      return el("li", {}, b);
    }));
    this.restoreButton.hidden = !this.stage.returnPoint;
    this.restoreButton.title = this.restoreTitle();
    if (intro) {
      const progress = this.state.setup !== null || k > 0;
      const start = button("text-button tour-start", "", () => this.enter(progress ? k : 0));
      start.textContent = progress ? t("tour.intro.continue", { n: k + 1, title: t(`tour.${LESSONS[k].id}.title`) }) : t("tour.intro.start");
      /** @type {Node[]} */
      const buttons = [start];
      if (progress) buttons.push(button("text-button tour-again", "", () => this.enter(0)));
      this.body.replaceChildren(el("p", {}, t("tour.intro.text")), el("div", { class: "tour-choices" }, ...buttons));
      this.status.textContent = "";
      this.prev.hidden = this.next.hidden = true;
    } else {
      const id = LESSONS[k].id;
      const task = el("p", { class: "tour-task" }, el("strong", {}, t("tour.tryIt")), " ", t(`tour.${id}.task`));
      this.body.replaceChildren(el("p", { class: "tour-idea" }, t(`tour.${id}.idea`)), task);
      const done = Boolean(this.watch?.done);
      this.status.classList.toggle("done", done);
      this.status.textContent = this.busy ? t("tour.settingUp")
        : done && this.last && this.watch ? `✓ ${t(`tour.${id}.done`, LESSONS[k].fill(this.last, t, this.watch.memo))}` : t("tour.waiting");
      this.prev.hidden = this.next.hidden = false;
      this.prev.disabled = k === 0;
      this.next.textContent = k === LESSONS.length - 1 ? t("tour.finish") : done ? t("tour.next") : t("tour.skip");
    }
    for (const e of this.root.querySelectorAll("[data-tkey]")) {
      const key = /** @type {HTMLElement} */ (e).dataset.tkey;
      if (key && e !== this.next) e.textContent = t(key);
    }
    for (const e of [...this.root.querySelectorAll("[data-akey]"), ...this.bar.querySelectorAll("[data-akey]")]) {
      e.setAttribute("aria-label", t(/** @type {string} */ (/** @type {HTMLElement} */ (e).dataset.akey)));
    }
    const again = this.root.querySelector(".tour-again");
    if (again) again.textContent = t("tour.intro.again");
  }

  /** Writes every word again in the current language. */
  relabel() {
    this.setMinimized(this.root.classList.contains("minimized"));
    for (const e of this.bar.querySelectorAll("[data-tkey]")) {
      const key = /** @type {HTMLElement} */ (e).dataset.tkey;
      if (key) e.textContent = t(key);
    }
    this.render();
    if (!this.bar.hidden) this.showBar();
  }
}

/** The close button's ×. */
function svgX() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z");
  svg.append(path);
  return svg;
}
