// @ts-check
// The dropout and batch-normalization controls of the Advanced section: their
// choices come from the engine's catalog, each change sends a partial config,
// and render() shows the engine's normalized config back.

import { applyDom } from "./i18n.js";

/** @param {string} id */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

/**
 * Fills the dropout select with the catalog's range in steps of 0.1 and wires
 * both controls.
 * @param {any} catalog `Playground.catalog()`
 * @param {(partial: any) => void} onConfig a config change for the engine
 */
export function initNormControls(catalog, onConfig) {
  const dropout = /** @type {HTMLSelectElement} */ ($("dropout"));
  const batchNorm = /** @type {HTMLInputElement} */ ($("batch-norm"));
  const range = catalog.ranges.dropout ?? { min: 0, max: 0.9 };
  /** @type {HTMLOptionElement[]} */
  const options = [];
  for (let tenth = Math.round(range.min * 10); tenth <= Math.round(range.max * 10); tenth++) {
    const rate = tenth / 10;
    const opt = new Option(rate === 0 ? "off" : `${tenth * 10}%`, String(rate));
    if (rate === 0) opt.dataset.i18n = "norm.dropout.off";
    options.push(opt);
  }
  dropout.replaceChildren(...options);
  applyDom(dropout);
  dropout.addEventListener("change", () => onConfig({ dropout: Number(dropout.value) }));
  batchNorm.addEventListener("change", () => onConfig({ batchNorm: batchNorm.checked }));

  /** Shows the engine's config. @param {any} cfg */
  function render(cfg) {
    const rate = String(cfg.dropout ?? 0);
    if (![...dropout.options].some((o) => o.value === rate)) dropout.append(new Option(`${Math.round(Number(rate) * 100)}%`, rate));
    if (dropout.value !== rate) dropout.value = rate;
    batchNorm.checked = Boolean(cfg.batchNorm);
  }
  return { render };
}
