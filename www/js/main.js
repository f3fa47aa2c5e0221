// @ts-check
// Wiring: starts the engine worker, restores the state from the URL hash,
// connects the panels (controls, diagram, output canvas, chart, history) to
// the engine, and draws each frame the worker sends. No maths here.

import { startEngine } from "./engine-client.js";
import { DEFAULT_UI, decodeHash, encodeHash, unpackModel } from "./state.js";
import { History, samePoints } from "./history.js";
import { DATASETS, initControls } from "./controls.js";
import { OutputCanvas, drawAxes } from "./canvas.js";
import { Diagram, MAX_LAYERS } from "./diagram.js";
import { LossChart } from "./chart.js";
import { initTheme } from "./theme.js";
import { Teach } from "./teach.js";
import { initI18n, initLangPicker, lang, onLangChange, t, tn, urlLang } from "./i18n.js";

/** @typedef {import("./state.js").Point} Point */
/** @typedef {import("./engine-client.js").Frame} Frame */

/** TF Playground's defaults (design.md, W-default); the seed is left to the engine. */
const DEFAULT_CONFIG = {
  problem: "classification",
  dataset: "circle",
  samples: 500,
  noise: 0,
  trainRatio: 0.5,
  features: ["x1", "x2"],
  hidden: [4, 2],
  activation: "tanh",
  loss: "squared",
  init: "tfp",
  optimizer: { kind: "sgd", learningRate: 0.03 },
  regularization: { kind: "none", rate: 0 },
  batchSize: 10,
};
/** Config fields whose change regenerates the data (undoable, like an edit). */
const DATA_KEYS = ["dataset", "samples", "noise", "trainRatio", "problem", "classes", "seed"];

/** @param {string} id */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

// ---- language ----------------------------------------------------------------

// The strings come first: everything below writes text through t().
await initI18n();
/** True once the language was chosen explicitly (by the link or the picker): the hash then carries it. */
let langInLink = urlLang() !== null;

// ---- notices and fatal errors --------------------------------------------

let noticeTimer = 0;
/** Writes the current notice in the active language (kept to redo it when the language changes). */
let noticeRender = () => "";
/**
 * Shows a message under the top bar; passing messages go away by themselves.
 * @param {string | (() => string)} text the text, or a function giving it in the active language
 * @param {number} [timeout] ms, 0 = until dismissed
 */
function notice(text, timeout = 0) {
  noticeRender = typeof text === "function" ? text : () => text;
  $("notice-text").textContent = noticeRender();
  $("notice").hidden = false;
  clearTimeout(noticeTimer);
  if (timeout > 0) noticeTimer = window.setTimeout(() => ($("notice").hidden = true), timeout);
}
$("notice-close").addEventListener("click", () => ($("notice").hidden = true));

/** @param {string} message */
function fatal(message) {
  document.body.dataset.error = message;
  notice(() => t("notice.fatal", { message }));
}

/** @param {unknown} err */
const messageOf = (err) => (err instanceof Error ? err.message : String(err));

window.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  notice(messageOf(e.reason));
});

initTheme($("theme"));

// ---- state ---------------------------------------------------------------

const engine = startEngine();
const history = new History();
/** @type {any} */
let config = null;
/** @type {Point[]} */
let points = [];
/** True once the points differ from what config + seed generate: the hash then carries them. */
let pointsCustom = false;
let ui = { ...DEFAULT_UI };
let playing = false;
let activeClass = 0;
/** @type {{problem: string, labels: number[], colors: number[][], scale: number[]} | null} */
let palette = null;
let lastStep = -1;
let ready = false;
let thumbsKey = "";
/** @type {Frame["state"] | null} */
let engineState = null;
/** @type {Frame["model"] | null} the latest weights (carried by the hash) */
let model = null;

// Test hook: read (or drive) the worker's Playground from end-to-end tests.
/** @type {any} */ (window).nnplay = {
  /** @param {string} method @param {...unknown} args */
  call: (method, ...args) => engine.call(method, ...args),
};

engine.onFatal = fatal;
let started = false;
engine.onFrame = (/** @type {Frame} */ f) => (started ? onFrame(f) : engine.giveBack(f));
engine.onWarning = (/** @type {string} */ m, /** @type {string | undefined} */ key) =>
  notice(key ? () => t(key, { message: m }) : m, 10_000);

// ---- edits (undoable) ----------------------------------------------------

/** Edits run one after another, so each one's before/after snapshots are exact. */
let queue = Promise.resolve();
/** @template T @param {() => Promise<T>} task @returns {Promise<T>} */
function enqueue(task) {
  const run = queue.then(task);
  queue = run.then(() => {}, (err) => notice(messageOf(err), 10_000));
  return run;
}

/**
 * Runs an edit of the points and records it for undo.
 * @param {string} name @param {(before: Point[]) => Promise<unknown>} action @param {boolean} [custom]
 */
function edit(name, action, custom = true) {
  return enqueue(async () => {
    /** @type {Point[]} */
    const before = await engine.call("points");
    try {
      await action(before);
    } finally {
      const after = await engine.call("points");
      history.push({ name, before, after });
      points = after;
      if (!samePoints(before, after)) pointsCustom = custom; // a refused edit (say, a bad CSV file) leaves it
      saveHash();
    }
  });
}

/** Restores a point set (undo/redo). @param {"undo" | "redo"} which */
function undoRedo(which) {
  return enqueue(async () => {
    const entry = which === "undo" ? history.undo() : history.redo();
    if (!entry) return;
    const target = which === "undo" ? entry.before : entry.after;
    await engine.call("setPoints", target);
    points = target;
    pointsCustom = true;
    saveHash();
  });
}

/** The label of a new point: the active class, or the value slider for regression. */
function newLabel() {
  if (!config) return 1;
  if (config.problem === "regression") return Number(/** @type {HTMLInputElement} */ ($("value")).value);
  if (config.problem === "multiclass") return Math.min(activeClass, config.classes - 1);
  return activeClass === 0 ? 1 : -1;
}

/**
 * A drag or brush stroke: one undo entry from press to release. Moves are
 * coalesced (at most one in flight), so the engine follows the pointer live.
 */
class Stroke {
  /**
   * @param {string} name
   * @param {(before: Point[]) => void} [onBefore] called with the exact points before the stroke
   */
  constructor(name, onBefore) {
    /** @type {(() => void) | null} */
    this.release = null;
    const released = new Promise((resolve) => (this.release = () => resolve(undefined)));
    /** @type {(() => Promise<unknown>) | null} */
    this.pending = null;
    this.busy = true; // until the "before" snapshot is taken
    /** @type {Promise<unknown>} */
    this.idle = Promise.resolve();
    /** Index of the point being dragged (may be corrected once the exact points are known). */
    this.index = -1;
    edit(name, async (before) => {
      onBefore?.(before);
      this.busy = false;
      this.pump();
      await released;
      await this.flushed();
    });
  }

  /** @param {() => Promise<unknown>} op */
  send(op) {
    this.pending = op;
    this.pump();
  }

  pump() {
    if (this.busy || !this.pending) return;
    const op = this.pending;
    this.pending = null;
    this.busy = true;
    this.idle = op()
      .catch((err) => notice(messageOf(err)))
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }

  async flushed() {
    while (this.busy || this.pending) {
      await this.idle;
      await Promise.resolve();
    }
  }

  end() {
    this.release?.();
  }
}

/** @type {Stroke | null} */
let stroke = null;
/** Brush dabs queued as one chain (each adds a few points). */
let brushLast = /** @type {[number, number] | null} */ (null);
/** @type {Array<[number, number]>} */
let brushDabs = [];

const output = new OutputCanvas(/** @type {HTMLCanvasElement} */ ($("output")), {
  add: (x, y) => {
    const label = newLabel(); // the class active at the click, not when the queued edit runs
    void edit("add", () => engine.call("addPoint", x, y, label));
  },
  remove: (i) => void edit("remove", () => engine.call("removePoint", i)),
  dragStart: (i) => {
    const origin = points[i];
    const s = new Stroke("move", (before) => {
      // If an earlier edit changed the points meanwhile, follow the point nearest to the press.
      if (!origin || (before[i] && before[i].x === origin.x && before[i].y === origin.y)) return;
      let best = -1;
      let bestD = Infinity;
      before.forEach((p, k) => {
        const d = Math.hypot(p.x - origin.x, p.y - origin.y);
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      });
      s.index = bestD < 0.5 ? best : -1;
    });
    s.index = i;
    stroke = s;
  },
  drag: (_i, x, y) => {
    const s = stroke;
    s?.send(async () => {
      if (s.index >= 0) await engine.call("movePoint", s.index, x, y);
    });
  },
  dragEnd: () => {
    stroke?.end();
    stroke = null;
  },
  brushStart: () => {
    stroke = new Stroke("brush");
    brushLast = null;
    brushDabs = [];
  },
  brush: (x, y) => {
    // A dab every ~0.4 units of travel; each dab scatters a few points around the pointer.
    if (brushLast && Math.hypot(x - brushLast[0], y - brushLast[1]) < 0.4) return;
    brushLast = [x, y];
    const label = newLabel();
    for (let k = 0; k < 3; k++) {
      const px = Math.max(-6, Math.min(6, x + (Math.random() - 0.5) * 1.2));
      const py = Math.max(-6, Math.min(6, y + (Math.random() - 0.5) * 1.2));
      brushDabs.push([px, py]);
    }
    const s = stroke;
    s?.send(async () => {
      const dabs = brushDabs;
      brushDabs = [];
      for (const [px, py] of dabs) await engine.call("addPoint", px, py, label);
    });
  },
  brushEnd: () => {
    stroke?.end();
    stroke = null;
  },
  tool: () => {
    const checked = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="tool"]:checked'));
    return checked?.value === "brush" ? "brush" : "point";
  },
});
drawAxes($("axis-x"), $("axis-y"));

// ---- config changes --------------------------------------------------------

/** Merges a partial config (nested optimizer/regularization included) into the current one. */
function merged(/** @type {any} */ partial) {
  const out = { ...partial };
  if (partial.optimizer) out.optimizer = { ...config?.optimizer, ...partial.optimizer };
  if (partial.regularization) out.regularization = { ...config?.regularization, ...partial.regularization };
  return out;
}

/** Sends a config change; a change that regenerates the data is undoable. @param {any} partial */
function applyConfig(partial) {
  const change = merged(partial);
  if (DATA_KEYS.some((k) => k in change)) {
    return edit("data", () => engine.call("setConfig", change), false);
  }
  return enqueue(() => engine.call("setConfig", change));
}

/** @param {string} problem @param {number} classes */
function changeProblem(problem, classes) {
  const key = /** @type {keyof typeof DATASETS} */ (problem);
  /** @type {any} */
  const partial = { problem, dataset: DATASETS[key]?.[0], loss: problem === "multiclass" ? "crossEntropy" : "squared" };
  if (problem === "multiclass") partial.classes = Math.max(3, classes || 3);
  activeClass = 0;
  return applyConfig(partial);
}

const controls = initControls({
  config: (partial) => void applyConfig(partial),
  problem: (problem, classes) => void changeProblem(problem, classes),
  speed: (s) => {
    ui.speed = s;
    engine.post("speed", { value: s });
    saveHash();
  },
});

const diagram = new Diagram($("diagram"), {
  features: (features) => void applyConfig({ features }),
  hidden: (hidden) => void applyConfig({ hidden }),
  weight: (layer, row, col, value) => void enqueue(() => engine.call("setWeight", layer, row, col, value)),
  hoverNeuron: (canvas, caption) => {
    output.overlay = canvas;
    const cap = $("plot-caption");
    cap.hidden = !canvas;
    cap.textContent = canvas ? t("diagram.hoverCaption", { name: caption }) : "";
    output.requestDraw();
  },
});

const teach = new Teach($("teach"), /** @type {HTMLButtonElement} */ ($("teach-open")), {
  engine,
  pause: () => setPlaying(false),
  highlightPoints: (h) => {
    output.highlight = h;
    output.requestDraw();
  },
  highlightNeuron: (layer, index) => diagram.highlight(layer, index),
});

$("add-layer").addEventListener("click", () => {
  if (!config || config.hidden.length >= MAX_LAYERS) return;
  const last = config.hidden[config.hidden.length - 1] ?? 4;
  void applyConfig({ hidden: [...config.hidden, last] });
});
$("remove-layer").addEventListener("click", () => {
  if (!config || config.hidden.length === 0) return;
  void applyConfig({ hidden: config.hidden.slice(0, -1) });
});

// ---- run controls --------------------------------------------------------

/** @param {boolean} value */
function setPlaying(value) {
  playing = value;
  renderPlay();
  engine.post("play", { value });
}
function renderPlay() {
  const b = $("play");
  b.setAttribute("aria-pressed", String(playing));
  b.setAttribute("aria-label", t(playing ? "run.pause" : "run.play"));
  b.classList.toggle("playing", playing);
}
/** @param {"step" | "epoch"} unit */
function runOnce(unit) {
  if (engineState?.diverged) return;
  playing = false;
  renderPlay();
  void engine.request("run", { unit }).catch((err) => notice(messageOf(err)));
}
function reset() {
  void enqueue(() => engine.call("reset"));
}

$("play").addEventListener("click", () => setPlaying(!playing));
$("step").addEventListener("click", () => runOnce("step"));
$("epoch-button").addEventListener("click", () => runOnce("epoch"));
$("reset").addEventListener("click", reset);
$("regenerate").addEventListener("click", () => {
  const seed = crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
  void applyConfig({ seed });
});
$("undo").addEventListener("click", () => void undoRedo("undo"));
$("redo").addEventListener("click", () => void undoRedo("redo"));
$("clear").addEventListener("click", () => void edit("clear", () => engine.call("clearPoints")));

// ---- points to and from CSV ------------------------------------------------

/** The name an exported file gets. */
const CSV_FILE_NAME = "nnplay-points.csv";
/** Writes the CSV status in the active language (kept to redo it when the language changes). */
let csvStatusRender = () => "";
/**
 * Shows the result of an export or import under the CSV buttons.
 * @param {() => string} render the text in the active language
 * @param {boolean} error
 */
function csvStatus(render, error) {
  csvStatusRender = render;
  const el = $("csv-status");
  el.textContent = render();
  el.classList.toggle("is-error", error);
  el.hidden = false;
}

/** Downloads the engine's points as a CSV file (a blob: link, clicked). */
function exportCsv() {
  return enqueue(async () => {
    /** @type {string} */
    const text = await engine.call("exportPoints");
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = CSV_FILE_NAME;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    // The download has started reading the blob; let it finish before letting go.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    const n = text.split("\n").filter((line) => line.trim() !== "").length - 1; // less the header
    csvStatus(() => tn("csv.exported", n, { file: CSV_FILE_NAME }), false);
  });
}

/**
 * Replaces the points with a CSV file's (one undo step). A bad file changes
 * nothing and says which line is wrong, in the engine's words.
 * @param {File} file
 */
async function importCsv(file) {
  /** @type {string} */
  let text;
  try {
    text = await file.text();
  } catch (err) {
    const message = messageOf(err);
    csvStatus(() => t("csv.importFailed", { message }), true);
    return;
  }
  /** @type {number | null} */
  let count = null;
  /** @type {string | null} */
  let failure = null;
  await edit("import", async () => {
    try {
      count = Number(await engine.call("importPoints", text));
    } catch (err) {
      // The engine refused the file and kept its points: no undo step is recorded.
      failure = messageOf(err).replace(/^importPoints:\s*/, "");
    }
  });
  if (failure !== null) {
    const message = failure;
    csvStatus(() => t("csv.importFailed", { message }), true);
  } else if (count !== null) {
    const n = count;
    csvStatus(() => tn("csv.imported", n, { file: file.name }), false);
  }
}

const importInput = /** @type {HTMLInputElement} */ ($("import-csv"));
$("export-csv").addEventListener("click", () => void exportCsv());
importInput.addEventListener("change", () => {
  const file = importInput.files?.[0];
  importInput.value = ""; // choosing the same file again is a new import
  if (file) void importCsv(file);
});

// A CSV file dropped onto the output imports it too.
const outputCanvas = $("output");
/** @param {DragEvent} e */
const carriesFiles = (e) => Boolean(e.dataTransfer && Array.from(e.dataTransfer.types).includes("Files"));
outputCanvas.addEventListener("dragover", (e) => {
  if (!carriesFiles(e)) return;
  e.preventDefault();
  if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
  outputCanvas.classList.add("is-drop-target");
});
outputCanvas.addEventListener("dragleave", () => outputCanvas.classList.remove("is-drop-target"));
outputCanvas.addEventListener("drop", (e) => {
  outputCanvas.classList.remove("is-drop-target");
  if (!carriesFiles(e)) return;
  e.preventDefault();
  const file = e.dataTransfer?.files[0];
  if (file) void importCsv(file);
});
history.onChange = () => {
  /** @type {HTMLButtonElement} */ ($("undo")).disabled = !history.canUndo;
  /** @type {HTMLButtonElement} */ ($("redo")).disabled = !history.canRedo;
};
history.onChange();

const valueInput = /** @type {HTMLInputElement} */ ($("value"));
/** Shows the value of new regression points and its colour (from the engine's scale). */
function renderValue() {
  const v = Number(valueInput.value);
  $("value-value").textContent = v.toFixed(2);
  if (palette && palette.scale.length >= 8) {
    const n = palette.scale.length / 4;
    const i = Math.round(((v + 1) / 2) * (n - 1));
    $("value-swatch").style.background = rgb(palette.scale.slice(4 * i, 4 * i + 3));
  }
}
valueInput.addEventListener("input", renderValue);

// View options.
const showTest = /** @type {HTMLInputElement} */ ($("show-test"));
const discretize = /** @type {HTMLInputElement} */ ($("discretize"));
const chartLog = /** @type {HTMLInputElement} */ ($("chart-log"));
showTest.addEventListener("change", () => {
  ui.showTest = showTest.checked;
  output.showTest = ui.showTest;
  output.requestDraw();
  saveHash();
});
discretize.addEventListener("change", () => {
  ui.discretize = discretize.checked;
  output.discretize = ui.discretize;
  engine.post("discretize", { value: ui.discretize });
  saveHash();
});
chartLog.addEventListener("change", () => {
  ui.chartLog = chartLog.checked;
  chart.setLog(ui.chartLog);
  saveHash();
});

const chart = new LossChart(/** @type {HTMLCanvasElement} */ ($("chart")));

// Keyboard shortcuts (not while typing in a field).
document.addEventListener("keydown", (e) => {
  const target = /** @type {HTMLElement} */ (e.target);
  const typing = target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement || target.isContentEditable;
  if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "z" || e.key === "Z" || e.key === "y")) {
    if (target instanceof HTMLInputElement && (target.type === "number" || target.type === "text")) return;
    e.preventDefault();
    void undoRedo(e.key === "y" || e.shiftKey ? "redo" : "undo");
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === " ") {
    if (target instanceof HTMLButtonElement || target.tagName === "SUMMARY") return; // Space presses the focused button
    e.preventDefault();
    setPlaying(!playing);
  } else if (e.key === "s" || e.key === "S" || e.key === "ArrowRight") {
    e.preventDefault();
    runOnce("step");
  } else if (e.key === "r" || e.key === "R") {
    e.preventDefault();
    reset();
  } else if (/^[1-8]$/.test(e.key) && palette && palette.problem !== "regression") {
    const k = Number(e.key) - 1;
    if (k < palette.labels.length) {
      activeClass = k;
      renderPalette();
    }
  }
});

// ---- palette, legend, datasets -------------------------------------------

/** @param {number[]} c */
const rgb = (c) => `rgb(${c[0]},${c[1]},${c[2]})`;

function renderPalette() {
  const root = $("palette");
  const regression = config?.problem === "regression";
  root.hidden = regression;
  $("value-field").hidden = !regression;
  if (!palette || regression) return;
  const names = palette.problem === "classification" ? ["+1", "−1"] : palette.labels.map((l) => `${l + 1}`);
  const buttons = palette.labels.map((_, k) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "swatch";
    b.setAttribute("role", "radio");
    b.setAttribute("aria-checked", String(k === activeClass));
    b.setAttribute("aria-label", t("palette.swatch.label", { name: names[k], key: k + 1 }));
    b.title = t("palette.swatch.title", { name: names[k], key: k + 1 });
    b.textContent = names[k];
    const c = palette?.colors[k];
    if (c) b.style.setProperty("--swatch", rgb(c));
    b.addEventListener("click", () => {
      activeClass = k;
      renderPalette();
    });
    return b;
  });
  const label = document.createElement("span");
  label.className = "palette-label";
  label.textContent = t("palette.prefix");
  root.replaceChildren(label, ...buttons);
}

function renderLegend() {
  const root = $("legend");
  if (!palette || !config) return;
  if (config.problem === "multiclass") {
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
  label.textContent = t(config.problem === "regression" ? "legend.regression" : "legend.binary");
  const wrap = document.createElement("div");
  wrap.className = "legend-scale";
  wrap.append(bar, ticks);
  root.replaceChildren(wrap, label);
}

async function renderDatasets() {
  if (!config) return;
  const key = `${config.problem}/${config.classes}/${config.noise}`;
  if (key === thumbsKey) {
    markDataset();
    return;
  }
  thumbsKey = key;
  /** @type {{dataset: string, xy: number[][], colors: Uint8ClampedArray, error?: string}[]} */
  const thumbs = await engine.request("thumbs", { problem: config.problem, classes: config.classes, noise: config.noise });
  if (key !== thumbsKey) return;
  const root = $("datasets");
  const buttons = thumbs.map((thumb) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "dataset";
    b.dataset.dataset = thumb.dataset;
    b.setAttribute("aria-label", t("data.dataset.label", { name: datasetName(thumb.dataset) }));
    b.title = datasetName(thumb.dataset);
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
    const name = document.createElement("span");
    name.textContent = datasetName(thumb.dataset);
    b.append(c, name);
    b.addEventListener("click", () => void applyConfig({ dataset: thumb.dataset }));
    return b;
  });
  root.replaceChildren(...buttons);
  markDataset();
}

/** A data set's name as shown (its engine name when no string is known). @param {string} dataset */
function datasetName(dataset) {
  const name = t(`dataset.${dataset}`);
  return name === `dataset.${dataset}` ? dataset : name;
}

/** Rewrites the data set buttons' names in the active language. */
function relabelDatasets() {
  for (const b of document.querySelectorAll("#datasets .dataset")) {
    const dataset = /** @type {HTMLElement} */ (b).dataset.dataset ?? "";
    b.setAttribute("aria-label", t("data.dataset.label", { name: datasetName(dataset) }));
    /** @type {HTMLElement} */ (b).title = datasetName(dataset);
    const name = b.querySelector("span");
    if (name) name.textContent = datasetName(dataset);
  }
}

function markDataset() {
  for (const b of document.querySelectorAll("#datasets .dataset")) {
    const on = /** @type {HTMLElement} */ (b).dataset.dataset === config?.dataset;
    b.setAttribute("aria-pressed", String(on));
  }
}

// ---- frames ----------------------------------------------------------------

function renderLayerCount() {
  if (config) $("layer-count").textContent = tn("network.layers", config.hidden.length);
}

/** @param {Frame["state"] | null} s */
function renderPointCount(s) {
  if (s) $("point-count").textContent = t("data.pointCount", { total: s.pointCount, train: s.trainCount, test: s.testCount });
}

/** @param {number | null | undefined} v @param {number} [digits] */
const fmt = (v, digits = 3) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : "–");
/** @param {number | null | undefined} v */
const pct = (v) => (typeof v === "number" && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "–");

/** @param {Frame} f */
function onFrame(f) {
  engineState = f.state;
  if (f.config) {
    const archOrProblemChanged = !config || config.problem !== f.config.problem;
    config = f.config;
    if (f.palette) palette = f.palette;
    controls.render(config, f.state);
    diagram.setArchitecture(config, config.problem === "multiclass" ? palette?.colors ?? [] : []);
    renderLayerCount();
    /** @type {HTMLButtonElement} */ ($("add-layer")).disabled = config.hidden.length >= MAX_LAYERS;
    /** @type {HTMLButtonElement} */ ($("remove-layer")).disabled = config.hidden.length === 0;
    for (const el of document.querySelectorAll(".acc")) /** @type {HTMLElement} */ (el).hidden = config.problem === "regression";
    if (archOrProblemChanged || f.palette) {
      renderPalette();
      renderLegend();
      renderValue();
    }
    void renderDatasets().catch((err) => notice(messageOf(err)));
    saveHash();
  }
  if (f.points) {
    points = f.points;
    output.setPoints(f.points, f.pointColors ?? new Uint8ClampedArray(0));
    const s = f.state;
    if (config) controls.render(config, s);
    renderPointCount(s);
  }
  if (f.playing !== playing) {
    playing = f.playing;
    renderPlay();
  }
  if (f.pixelsValid) model = f.model;
  if (f.state.step !== lastStep) saveHash(playing ? 1500 : 250);

  // Counters and losses.
  $("epoch-count").textContent = f.state.epoch.toLocaleString("en-US");
  $("step-count").textContent = f.state.step.toLocaleString("en-US");
  // With no test (or training) points there is no such loss: show a dash, not 0.
  const hasTest = f.state.testCount > 0;
  const hasTrain = f.state.trainCount > 0;
  $("test-loss").textContent = hasTest ? fmt(f.loss.test) : "–";
  $("train-loss").textContent = hasTrain ? fmt(f.loss.train) : "–";
  $("test-accuracy").textContent = hasTest ? pct(f.loss.testAccuracy) : "–";
  $("train-accuracy").textContent = hasTrain ? pct(f.loss.trainAccuracy) : "–";
  if (f.state.step < lastStep || lastStep < 0) chart.clear();
  if (f.state.step !== lastStep) chart.push(hasTrain ? f.loss.train : NaN, hasTest ? f.loss.test : NaN);
  lastStep = f.state.step;

  // Divergence: say so, keep the last good picture, never draw NaN.
  $("diverged").hidden = !f.state.diverged;
  document.body.classList.toggle("is-diverged", f.state.diverged);
  if (f.pixelsValid) {
    output.setBoundary(f.boundary, f.boundaryRes);
    diagram.setPixels(f.neurons, f.thumbRes, output.base);
    diagram.setModel(f.model);
  }
  output.requestDraw();
  teach.onFrame(f);

  // Give the buffers back once this frame is on screen: paces the worker to the display.
  requestAnimationFrame(() => {
    engine.giveBack(f);
    if (!ready) {
      ready = true;
      document.body.dataset.ready = "1";
    }
  });
}

// ---- URL hash --------------------------------------------------------------

let hashTimer = 0;
let hashDue = Infinity;
/**
 * Writes the state into the URL hash soon (coalescing bursts of changes).
 * @param {number} [delay] ms; while training, the weights are saved at most this often
 */
function saveHash(delay = 250) {
  const due = performance.now() + delay;
  if (hashTimer && due >= hashDue) return; // an earlier write is already planned
  clearTimeout(hashTimer);
  hashDue = due;
  hashTimer = window.setTimeout(() => {
    hashTimer = 0;
    hashDue = Infinity;
    if (!config) return;
    const hash = encodeHash({ config, ui, points: pointsCustom ? points : null, model, lang: langInLink ? lang() : null });
    if (hash !== location.hash) window.history.replaceState(null, "", hash);
  }, delay);
}

// ---- start -------------------------------------------------------------------

async function start() {
  /** @type {ReturnType<typeof decodeHash>} */
  let fromHash = null;
  try {
    fromHash = decodeHash(location.hash);
  } catch (err) {
    const message = messageOf(err);
    notice(() => t("notice.badLink", { message }));
  }
  /** @type {any} */
  let initial;
  if (fromHash) {
    try {
      initial = await engine.request("init", { config: fromHash.config, points: fromHash.points });
      ui = { ...fromHash.ui };
      pointsCustom = fromHash.points !== null;
      if (fromHash.weights) {
        try {
          const sizes = Array.from(await engine.call("layerSizes"), Number);
          await engine.call("setModel", unpackModel(fromHash.weights, sizes));
        } catch (err) {
          const message = messageOf(err);
          notice(() => t("notice.badWeights", { message }));
        }
      }
    } catch (err) {
      const message = messageOf(err);
      notice(() => t("notice.badSettings", { message }));
    }
  }
  if (!initial) {
    try {
      initial = await engine.request("init", { config: DEFAULT_CONFIG, points: null });
    } catch (err) {
      try {
        initial = await engine.request("init", { config: {}, points: null });
      } catch {
        throw err;
      }
    }
  }
  started = true;
  diagram.setLinkColors(initial.linkColors);
  diagram.setFeaturePixels(initial.featurePixels, initial.featureRes);
  showTest.checked = output.showTest = ui.showTest;
  discretize.checked = output.discretize = ui.discretize;
  chartLog.checked = ui.chartLog;
  chart.setLog(ui.chartLog);
  controls.renderSpeed(ui.speed);
  engine.post("speed", { value: ui.speed });
  engine.post("discretize", { value: ui.discretize });
  engine.post("frame");
}

// ---- language switch -----------------------------------------------------------

// Only the words change: the engine, the points, the config and the training go on.
onLangChange(() => {
  if (!$("notice").hidden) $("notice-text").textContent = noticeRender();
  if (!$("csv-status").hidden) $("csv-status").textContent = csvStatusRender();
  renderPlay();
  renderLayerCount();
  renderPointCount(engineState);
  controls.relabel();
  relabelDatasets();
  renderPalette();
  renderLegend();
  diagram.relabel();
  teach.relabel();
  $("plot-caption").hidden = true;
  output.overlay = null;
  output.requestDraw();
  if (started) engine.post("frame"); // the rebuilt diagram needs its pictures again
});
initLangPicker(/** @type {HTMLSelectElement} */ ($("lang")), () => {
  langInLink = true;
  saveHash();
});

start().catch((err) => fatal(messageOf(err)));
