// @ts-check
// The data set buttons: a small picture of each data set of the current
// problem (points the engine generated, in its colours), its translated name,
// and which one is chosen.

import { $ } from "./dom.js";
import { t } from "./i18n.js";

/** @typedef {import("./engine-client.js").EngineClient} EngineClient */
/** @typedef {{dataset: string, xy: number[][], colors: Uint8ClampedArray, error?: string}} Thumb */

/** A data set's name as shown (its engine name when no string is known). @param {string} dataset */
export function datasetName(dataset) {
  const name = t(`dataset.${dataset}`);
  return name === `dataset.${dataset}` ? dataset : name;
}

/** @param {Thumb} thumb @param {(dataset: string) => void} choose */
function button(thumb, choose) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "dataset";
  b.dataset.dataset = thumb.dataset;
  const c = document.createElement("canvas");
  c.width = c.height = 96;
  const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d"));
  thumb.xy.forEach(([x, y], i) => {
    const col = thumb.colors.subarray(4 * i, 4 * i + 3);
    ctx.fillStyle = `rgb(${col[0]},${col[1]},${col[2]})`;
    ctx.beginPath();
    ctx.arc(((x + 6) / 12) * 96, ((6 - y) / 12) * 96, 2.2, 0, Math.PI * 2);
    ctx.fill();
  });
  b.append(c, document.createElement("span"));
  b.addEventListener("click", () => choose(thumb.dataset));
  return b;
}

export class DatasetPicker {
  /**
   * @param {EngineClient} engine @param {(dataset: string) => void} choose
   * @param {() => boolean} own true while the points are the learner's own (then no tile is chosen)
   */
  constructor(engine, choose, own) {
    this.engine = engine;
    this.choose = choose;
    this.own = own;
    this.key = "";
    this.chosen = "";
  }

  /** Shows the data sets of this config's problem (pictures redrawn only when they change). @param {any} config */
  async render(config) {
    this.chosen = config.dataset;
    const key = `${config.problem}/${config.classes}/${config.noise}`;
    if (key === this.key) {
      this.mark();
      return;
    }
    this.key = key;
    /** @type {Thumb[]} */
    const thumbs = await this.engine.request("thumbs", { problem: config.problem, classes: config.classes, noise: config.noise });
    if (key !== this.key) return;
    $("datasets").replaceChildren(...thumbs.map((thumb) => button(thumb, this.choose)));
    this.relabel();
    this.mark();
  }

  /** Writes the buttons' names in the active language. */
  relabel() {
    for (const b of document.querySelectorAll("#datasets .dataset")) {
      const dataset = /** @type {HTMLElement} */ (b).dataset.dataset ?? "";
      b.setAttribute("aria-label", t("data.dataset.label", { name: datasetName(dataset) }));
      /** @type {HTMLElement} */ (b).title = datasetName(dataset);
      const name = b.querySelector("span");
      if (name) name.textContent = datasetName(dataset);
    }
  }

  /** Marks the chosen data set's tile — none once the points are the learner's own. */
  mark() {
    const chosen = this.own() ? "" : this.chosen;
    for (const b of document.querySelectorAll("#datasets .dataset")) {
      b.setAttribute("aria-pressed", String(/** @type {HTMLElement} */ (b).dataset.dataset === chosen));
    }
  }
}
