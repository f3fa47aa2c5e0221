// @ts-check
// The URL hash: written whenever something that matters changed (coalescing
// bursts), so a copied link reproduces the picture, and read once at start.

import { encodeHash } from "./state.js";
import { lang } from "./i18n.js";

/** @typedef {import("./app.js").App} App */

export class Link {
  /** @param {App} app */
  constructor(app) {
    this.app = app;
    this.timer = 0;
    this.due = Infinity;
    /** True once the language was chosen explicitly (by the link or the picker): the hash then carries it. */
    this.withLang = false;
  }

  /** The hash of the current state (null before the engine reported a config). */
  hash() {
    const app = this.app;
    if (!app.config) return null;
    return encodeHash({
      config: app.config,
      ui: app.ui,
      points: app.pointsCustom ? app.points : null,
      model: app.model,
      lang: this.withLang ? lang() : null,
    });
  }

  /**
   * Writes the state into the URL hash soon (coalescing bursts of changes).
   * @param {number} [delay] ms
   */
  save(delay = 50) {
    const due = performance.now() + delay;
    if (this.timer && due >= this.due) return; // an earlier write is already planned
    clearTimeout(this.timer);
    this.due = due;
    this.timer = window.setTimeout(() => this.write(), delay);
  }

  /** Writes the hash now (also called when the page is hidden). */
  write() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.due = Infinity;
    const hash = this.hash();
    if (hash !== null && hash !== location.hash) window.history.replaceState(null, "", hash);
  }
}
