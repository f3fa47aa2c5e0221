// @ts-check
// The weight editor: a small form over the diagram that reads and sets the
// weight of one link (opened by clicking the link, or Enter on a neuron),
// with a picker of the other links into the same neuron and its bias
// (col = the neuron's input count).

import { placeInside } from "./dom.js";
import { t } from "./i18n.js";

/** @typedef {{layer: number, row: number, col: number}} Link */

/**
 * @typedef {object} EditorHost
 * @property {(link: Link) => number | undefined} weightOf
 * @property {(link: Link) => string} linkFrom
 * @property {(link: Link) => string} linkTo
 * @property {(link: Link) => number} inputsOf   how many links go into the link's neuron
 * @property {(layer: number, row: number, col: number, value: number) => void} set
 */

export class WeightEditor {
  /** @param {EditorHost} host */
  constructor(host) {
    this.host = host;
    this.form = /** @type {HTMLFormElement} */ (document.getElementById("weight-editor"));
    /** @type {Link | null} */
    this.editing = null;
    /** @type {HTMLElement | null} where focus goes back after editing */
    this.returnFocus = null;
    this.attach();
  }

  /** Rewrites the open editor's names in the active language. */
  relabel() {
    const link = this.editing;
    if (!link) return;
    /** @type {HTMLElement} */ (document.getElementById("weight-name")).textContent = t("editor.linkInto", { name: this.host.linkTo(link) });
    const picker = /** @type {HTMLSelectElement} */ (document.getElementById("weight-link"));
    for (const opt of picker.options) opt.textContent = this.optionText(link, Number(opt.value));
  }

  /** A picker entry: a link by where it comes from, or the bias. @param {Link} link @param {number} col */
  optionText(link, col) {
    return col === this.host.inputsOf(link) ? t("editor.bias") : t("editor.from", { name: this.host.linkFrom({ ...link, col }) });
  }

  /** @param {Link} link */
  showWeight(link) {
    const input = /** @type {HTMLInputElement} */ (document.getElementById("weight-input"));
    const w = this.host.weightOf(link);
    input.value = w === undefined ? "0" : String(Math.round(w * 1e4) / 1e4);
  }

  /**
   * Opens the editor at (x, y) on the page for one link.
   * @param {Link} link @param {number} x @param {number} y @param {HTMLElement | null} returnFocus where focus goes back after
   */
  open(link, x, y, returnFocus) {
    this.editing = link;
    this.returnFocus = returnFocus;
    const input = /** @type {HTMLInputElement} */ (document.getElementById("weight-input"));
    const picker = /** @type {HTMLSelectElement} */ (document.getElementById("weight-link"));
    /** @type {HTMLElement} */ (document.getElementById("weight-name")).textContent = t("editor.linkInto", { name: this.host.linkTo(link) });
    const inputs = this.host.inputsOf(link);
    picker.replaceChildren(
      ...Array.from({ length: inputs + 1 }, (_, col) => new Option(this.optionText(link, col), String(col))),
    );
    picker.value = String(link.col);
    this.showWeight(link);
    this.form.hidden = false;
    placeInside(this.form, x, y + 8);
    input.focus();
    input.select();
  }

  attach() {
    const input = /** @type {HTMLInputElement} */ (document.getElementById("weight-input"));
    const picker = /** @type {HTMLSelectElement} */ (document.getElementById("weight-link"));
    picker.addEventListener("change", () => {
      if (!this.editing) return;
      this.editing = { ...this.editing, col: Number(picker.value) };
      this.showWeight(this.editing);
    });
    const close = () => {
      this.form.hidden = true;
      this.editing = null;
      this.returnFocus?.focus();
      this.returnFocus = null;
    };
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      const v = Number(input.value);
      if (this.editing && input.value.trim() !== "" && Number.isFinite(v)) {
        const { layer, row, col } = this.editing;
        this.host.set(layer, row, col, v);
      }
      close();
    });
    /** @type {HTMLElement} */ (document.getElementById("weight-cancel")).addEventListener("click", close);
    this.form.addEventListener("keydown", (e) => {
      if (e.key === "Escape") close();
    });
  }
}
