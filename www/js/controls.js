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

/**
 * The name shown for an engine name: the locale's `<prefix>.<name>`, else the
 * engine's own name (so a new choice in the engine shows before it is translated).
 * @param {string} prefix @param {string} name
 */
export function nameOf(prefix, name) {
  const key = `${prefix}.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

/**
 * Fills a select with the engine's choices (value = engine name); their text
 * is written by `relabelOptions`.
 * @param {HTMLSelectElement} el @param {string[]} names @param {(name: string) => string} label
 */
function fillOptions(el, names, label) {
  el.replaceChildren(...names.map((name) => new Option(label(name), name)));
  /** @type {any} */ (el).labelOf = label;
}

/** Rewrites the text of a select's options in the active language. @param {HTMLSelectElement} el */
function relabelOptions(el) {
  const label = /** @type {any} */ (el).labelOf;
  if (typeof label === "function") for (const o of el.options) o.textContent = label(o.value);
}

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
 * Builds the engine's choices into the controls (every list comes from the
 * catalog) and wires them.
 * @param {any} catalog `Playground.catalog()`
 * @param {ControlHandlers} on
 */
export function initControls(catalog, on) {
  /** @type {Map<string, any>} */
  const problems = new Map(catalog.problems.map((/** @type {any} */ p) => [p.name, p]));
  /** @type {Map<string, string[]>} the parameters each optimizer reads besides the learning rate */
  const optParams = new Map(catalog.optimizers.map((/** @type {any} */ o) => [o.kind, o.params]));
  fillOptions(select("activation"), catalog.activations, (n) => nameOf("act", n));
  fillOptions(select("optimizer"), [...optParams.keys()], (n) => nameOf("opt", n));
  fillOptions(select("regularization"), catalog.regularizations, (n) => nameOf("reg", n));
  fillOptions(select("init"), catalog.inits, (n) => nameOf("init", n));
  fillOptions(select("problem"), [...problems.keys()], (n) => nameOf("problem", n));
  const classes = problems.get("multiclass")?.classes ?? { min: 2, max: 2 };
  const counts = Array.from({ length: classes.max - classes.min + 1 }, (_, i) => String(classes.min + i));
  fillOptions(select("classes"), counts, (n) => n);
  for (const [id, range] of [["noise", catalog.ranges.noise], ["train-ratio", catalog.ranges.trainRatio]]) {
    input(id).min = String(Math.round(range.min * 100));
    input(id).max = String(Math.round(range.max * 100));
  }
  // The optimizers' own parameters: one field each (its input's id is the parameter's name).
  const paramNames = [...new Set([...optParams.values()].flat())];
  for (const name of paramNames) {
    const range = catalog.ranges[name];
    const field = document.getElementById(name);
    if (field && range) {
      /** @type {HTMLInputElement} */ (field).min = String(range.min);
      /** @type {HTMLInputElement} */ (field).max = String(range.max);
    }
  }
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
  for (const name of paramNames) {
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
    if (loss.dataset.problem !== cfg.problem) {
      const problem = cfg.problem;
      const losses = (problems.get(problem)?.losses ?? []).map((/** @type {{name: string}} */ l) => l.name);
      // A loss may read differently for one problem ("loss.classification.squared").
      fillOptions(loss, losses, (n) => (t(`loss.${problem}.${n}`) === `loss.${problem}.${n}` ? nameOf("loss", n) : t(`loss.${problem}.${n}`)));
      loss.dataset.problem = problem;
    }
    setSelect(loss, cfg.loss);
    setSelect(select("regularization"), cfg.regularization?.kind ?? "none");
    setSelect(select("reg-rate"), cfg.regularization?.rate ?? 0);
    select("reg-rate").disabled = (cfg.regularization?.kind ?? "none") === "none";
    setSelect(select("init"), cfg.init);
    input("shuffle").checked = Boolean(cfg.shuffle);
    const params = optParams.get(opt.kind) ?? [];
    for (const name of paramNames) {
      if (opt[name] !== undefined) setInput(input(name), opt[name]);
      const field = input(name).closest(".opt-param");
      if (field) /** @type {HTMLElement} */ (field).hidden = !params.includes(name);
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
    for (const id of ["activation", "optimizer", "regularization", "init", "problem", "loss"]) relabelOptions(select(id));
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
