// @ts-check
// The hyperparameter and data panels: each control sends a partial config to
// the engine, and render() shows the engine's normalized config (the single
// source of truth) back in the controls.

import { t } from "./i18n.js";

/** @param {string} id */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}
/** @param {string} id */
const select = (id) => /** @type {HTMLSelectElement} */ ($(id));
/** @param {string} id */
const input = (id) => /** @type {HTMLInputElement} */ ($(id));

/** Datasets per problem type, in picker order (README, "JS API"). */
export const DATASETS = {
  classification: ["circle", "xor", "gauss", "spiral", "moons", "checkerboard", "rings"],
  multiclass: ["blobs", "spiral"],
  regression: ["plane", "gaussians"],
};

/** Losses per problem type: [engine name, string key]. */
const LOSSES = {
  classification: [["squared", "loss.squaredTfp"], ["crossEntropy", "loss.crossEntropy"]],
  multiclass: [["crossEntropy", "loss.crossEntropy"]],
  regression: [["squared", "loss.squared"], ["huber", "loss.huber"]],
};

/**
 * Sets a select to a number value, adding the option if the presets lack it.
 * @param {HTMLSelectElement} el @param {number | string} value
 */
function setSelect(el, value) {
  const v = String(value);
  if (![...el.options].some((o) => o.value === v)) {
    const opt = document.createElement("option");
    opt.value = v;
    opt.textContent = v;
    el.append(opt);
  }
  if (el.value !== v) el.value = v;
}

/** @param {HTMLInputElement} el @param {number | string} value */
function setInput(el, value) {
  if (document.activeElement === el && el.type === "number") return; // do not fight the typist
  const v = String(value);
  if (el.value !== v) el.value = v;
}

/**
 * @typedef {object} ControlHandlers
 * @property {(partial: any) => void} config        a config change for the engine
 * @property {(problem: string, classes: number) => void} problem  the problem type changed
 * @property {(speed: number) => void} speed
 */

/**
 * Wires the hyperparameter and data controls.
 * @param {ControlHandlers} on
 */
export function initControls(on) {
  /** @type {any} */
  let current = null;
  /** @type {{trainCount: number} | null} */
  let currentCounts = null;

  /** @param {HTMLElement} el @param {string} event @param {(el: any) => void} fn */
  const bind = (el, event, fn) => el.addEventListener(event, () => fn(el));
  /** @param {string} v */
  const num = (v) => Number(v);

  bind(select("learning-rate"), "change", (el) => on.config({ optimizer: { learningRate: num(el.value) } }));
  bind(select("activation"), "change", (el) => on.config({ activation: el.value }));
  bind(select("optimizer"), "change", (el) => on.config({ optimizer: { kind: el.value } }));
  bind(select("loss"), "change", (el) => on.config({ loss: el.value }));
  bind(select("regularization"), "change", (el) => on.config({ regularization: { kind: el.value } }));
  bind(select("reg-rate"), "change", (el) => on.config({ regularization: { rate: num(el.value) } }));
  bind(select("init"), "change", (el) => on.config({ init: el.value }));
  bind(input("shuffle"), "change", (el) => on.config({ shuffle: el.checked }));
  for (const name of ["momentum", "beta1", "beta2", "rho", "eps"]) {
    bind(input(name), "change", (el) => {
      const v = num(el.value);
      if (el.value !== "" && Number.isFinite(v)) on.config({ optimizer: { [name]: v } });
    });
  }
  bind(input("seed"), "change", (el) => {
    const v = num(el.value);
    if (Number.isInteger(v) && v >= 0) on.config({ seed: v });
  });

  // Batch size: the slider runs 1..trainCount; its top is "full batch".
  const batch = input("batch-size");
  batch.addEventListener("input", () => {
    $("batch-size-value").textContent = batchLabel(num(batch.value), num(batch.max));
  });
  bind(batch, "change", (el) => on.config({ batchSize: num(el.value) }));

  const speed = input("speed");
  speed.addEventListener("input", () => {
    $("speed-value").textContent = speedLabel(num(speed.value));
    on.speed(num(speed.value));
  });

  // Data panel.
  bind(select("problem"), "change", (el) => on.problem(el.value, current?.classes ?? 3));
  bind(select("classes"), "change", (el) => on.config({ classes: num(el.value) }));
  bind(select("samples"), "change", (el) => on.config({ samples: num(el.value) }));
  const noise = input("noise");
  noise.addEventListener("input", () => ($("noise-value").textContent = noise.value));
  bind(noise, "change", (el) => on.config({ noise: num(el.value) / 100 }));
  const ratio = input("train-ratio");
  ratio.addEventListener("input", () => ($("train-ratio-value").textContent = `${ratio.value}%`));
  bind(ratio, "change", (el) => on.config({ trainRatio: num(el.value) / 100 }));

  /**
   * Shows the engine's normalized config in the controls.
   * @param {any} cfg
   * @param {{trainCount: number}} counts
   */
  function render(cfg, counts) {
    current = cfg;
    currentCounts = counts;
    const opt = cfg.optimizer ?? {};
    setSelect(select("learning-rate"), opt.learningRate);
    setSelect(select("activation"), cfg.activation);
    setSelect(select("optimizer"), opt.kind);
    const loss = select("loss");
    const losses = LOSSES[/** @type {keyof LOSSES} */ (cfg.problem)] ?? [];
    if (loss.dataset.problem !== cfg.problem) {
      loss.replaceChildren(...losses.map(([v, key]) => new Option(t(key), v)));
      loss.dataset.problem = cfg.problem;
    }
    setSelect(loss, cfg.loss);
    setSelect(select("regularization"), cfg.regularization?.kind ?? "none");
    setSelect(select("reg-rate"), cfg.regularization?.rate ?? 0);
    select("reg-rate").disabled = (cfg.regularization?.kind ?? "none") === "none";
    setSelect(select("init"), cfg.init);
    input("shuffle").checked = Boolean(cfg.shuffle);
    for (const name of ["momentum", "beta1", "beta2", "rho", "eps"]) {
      if (opt[name] !== undefined) setInput(input(name), opt[name]);
    }
    for (const el of document.querySelectorAll(".opt-param")) {
      const kinds = (/** @type {HTMLElement} */ (el).dataset.for ?? "").split(" ");
      /** @type {HTMLElement} */ (el).hidden = !kinds.includes(opt.kind);
    }
    setInput(input("seed"), cfg.seed);

    const full = Math.max(1, counts.trainCount);
    batch.max = String(full);
    const b = Math.min(cfg.batchSize, full);
    if (document.activeElement !== batch) batch.value = String(b);
    $("batch-size-value").textContent = batchLabel(cfg.batchSize, full);

    setSelect(select("problem"), cfg.problem);
    setSelect(select("classes"), cfg.classes);
    $("classes-field").hidden = cfg.problem !== "multiclass";
    setSelect(select("samples"), cfg.samples);
    setInput(noise, Math.round(cfg.noise * 100));
    $("noise-value").textContent = String(Math.round(cfg.noise * 100));
    setInput(ratio, Math.round(cfg.trainRatio * 100));
    $("train-ratio-value").textContent = `${Math.round(cfg.trainRatio * 100)}%`;
  }

  /** @param {number} s */
  function renderSpeed(s) {
    speed.value = String(s);
    $("speed-value").textContent = speedLabel(s);
  }

  /** Rewrites the strings made here in the active language. */
  function relabel() {
    delete select("loss").dataset.problem; // rebuilds the loss options
    if (current && currentCounts) render(current, currentCounts);
    $("speed-value").textContent = speedLabel(num(speed.value));
  }

  return { render, renderSpeed, relabel };
}

/** @param {number} size @param {number} full */
function batchLabel(size, full) {
  return size >= full ? t("hyper.batchSize.full", { n: full }) : String(size);
}

/** @param {number} s index into the worker's speed table */
function speedLabel(s) {
  return Number.isInteger(s) && s >= 0 ? t(`speed.${s}`) : "";
}
