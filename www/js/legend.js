// @ts-check
// The colours' keys: the palette of classes for new points, the legend under
// the plot (classes or the colour scale) and the regression value's swatch,
// all in the engine's colours.

import { $ } from "./dom.js";
import { t } from "./i18n.js";

/** @typedef {import("./app.js").App} App */

/** @param {ArrayLike<number>} c */
export const rgb = (c) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** The buttons choosing the class of new points (hidden for regression). @param {App} app */
export function renderPalette(app) {
  const root = $("palette");
  const palette = app.palette;
  const regression = app.config?.problem === "regression";
  root.hidden = regression;
  $("value-field").hidden = !regression;
  if (!palette || regression) return;
  const names = palette.problem === "classification" ? ["+1", "−1"] : palette.labels.map((l) => `${l + 1}`);
  const buttons = palette.labels.map((_, k) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "swatch";
    b.setAttribute("role", "radio");
    b.setAttribute("aria-checked", String(k === app.activeClass));
    b.setAttribute("aria-label", t("palette.swatch.label", { name: names[k], key: k + 1 }));
    b.title = t("palette.swatch.title", { name: names[k], key: k + 1 });
    b.textContent = names[k];
    const c = palette.colors[k];
    if (c) b.style.setProperty("--swatch", rgb(c));
    b.addEventListener("click", () => {
      app.activeClass = k;
      renderPalette(app);
    });
    return b;
  });
  const label = document.createElement("span");
  label.className = "palette-label";
  label.textContent = t("palette.prefix");
  root.replaceChildren(label, ...buttons);
}

/** The legend under the plot: one dot per class, or the colour scale from −1 to +1. @param {App} app */
export function renderLegend(app) {
  const root = $("legend");
  const palette = app.palette;
  if (!palette || !app.config) return;
  if (app.config.problem === "multiclass") {
    const items = palette.colors.map((c, k) => {
      const s = document.createElement("span");
      s.className = "legend-class";
      const dot = document.createElement("i");
      dot.style.background = rgb(c);
      s.append(dot, t("legend.class", { k: k + 1 }));
      return s;
    });
    const note = document.createElement("span");
    note.className = "legend-note";
    note.textContent = t("legend.multiclass");
    root.replaceChildren(...items, note);
    return;
  }
  const n = palette.scale.length / 4;
  const bar = document.createElement("canvas");
  bar.className = "legend-bar";
  bar.width = n;
  bar.height = 1;
  /** @type {CanvasRenderingContext2D} */ (bar.getContext("2d")).putImageData(
    new ImageData(new Uint8ClampedArray(palette.scale), n, 1), 0, 0);
  const ticks = document.createElement("div");
  ticks.className = "legend-ticks";
  for (const tick of ["−1", "0", "+1"]) {
    const s = document.createElement("span");
    s.textContent = tick;
    ticks.append(s);
  }
  const label = document.createElement("div");
  label.className = "legend-note";
  label.textContent = t(app.config.problem === "regression" ? "legend.regression" : "legend.binary");
  const wrap = document.createElement("div");
  wrap.className = "legend-scale";
  wrap.append(bar, ticks);
  root.replaceChildren(wrap, label);
}

/** Shows the value of new regression points and its colour (from the engine's scale). @param {App} app */
export function renderValue(app) {
  const v = Number(/** @type {HTMLInputElement} */ ($("value")).value);
  $("value-value").textContent = v.toFixed(2);
  const palette = app.palette;
  if (palette && palette.scale.length >= 8) {
    const n = palette.scale.length / 4;
    const i = Math.round(((v + 1) / 2) * (n - 1));
    $("value-swatch").style.background = rgb(palette.scale.slice(4 * i, 4 * i + 3));
  }
}
