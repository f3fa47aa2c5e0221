// @ts-check
// Wiring: starts the engine worker, restores the session (from the URL hash
// or local storage), connects the panels (controls, diagram, output canvas,
// chart, history) to the engine, and draws each frame the worker sends.
// No maths here.

import { startEngine } from "./engine-client.js";
import { History } from "./history.js";
import { initControls } from "./controls.js";
import { initNormControls } from "./norm-controls.js";
import { OutputCanvas, drawAxes } from "./canvas.js";
import { Diagram } from "./diagram.js";
import { DropoutMarks } from "./diagram-dropout.js";
import { LossChart, initChartTools } from "./chart.js";
import { initTheme } from "./theme.js";
import { SLOW_MOTION_SPEED, Teach } from "./teach.js";
import { Landscape } from "./landscape.js";
import { Race } from "./race.js";
import { GradientToggle } from "./gradient-toggle.js";
import { NeuronCard } from "./neuron-card.js";
import { applyDom, initI18n, initLangPicker, onLangChange, t, urlLang } from "./i18n.js";
import "./mobile.js";
import { $, messageOf } from "./dom.js";
import { fatal, notice, relabelNotice } from "./notice.js";
import { createApp } from "./app.js";
import { Edits } from "./edits.js";
import { pointerHandlers } from "./pointer.js";
import { initCsv, relabelCsv } from "./csv-io.js";
import { initExportMenu, relabelExport } from "./export-menu.js";
import { initOpen } from "./import.js";
import { initKeys } from "./keys.js";
import { renderLegend, renderPalette, renderValue } from "./legend.js";
import { DatasetPicker } from "./datasets.js";
import { Link } from "./link.js";
import { Session, relabelSessionBar } from "./session.js";
import { start } from "./startup.js";
import { AdvicePanel } from "./advice.js";
import { Tour } from "./tour.js";
import { renderLayerCount, renderPointCount, renderReadout } from "./readout.js";

/** @typedef {import("./engine-client.js").Frame} Frame */

/** Config fields whose change regenerates the data (undoable, like an edit). */
const DATA_KEYS = ["dataset", "samples", "noise", "trainRatio", "problem", "classes", "seed"];

// The strings come first: everything below writes text through t().
await initI18n();

window.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  notice(messageOf(e.reason));
});

initTheme($("theme"));

// ---- state ---------------------------------------------------------------

const engine = startEngine();
/** The engine's tables and limits: every list of choices the page shows comes from here. */
const catalog = await engine.request("catalog").catch((err) => {
  fatal(messageOf(err));
  throw err;
});
const history = new History();
const app = createApp();
const link = new Link(app);
link.withLang = urlLang() !== null;
let lastStep = -1;
/** Whether the last frame came from a running training (its end writes the link). */
let framePlaying = false;
let ready = false;
let started = false;

// Test hook: read (or drive) the worker's Playground from end-to-end tests.
/** @type {any} */ (window).nnplay = {
  /** @param {string} method @param {...unknown} args */
  call: (method, ...args) => engine.call(method, ...args),
};

engine.onFatal = fatal;
engine.onFrame = (/** @type {Frame} */ f) => (started ? onFrame(f) : engine.giveBack(f));
engine.onWarning = (/** @type {string} */ m, /** @type {string | undefined} */ key) =>
  notice(key ? () => t(key, { message: m }) : m, 10_000);

const session = new Session(engine, app, history, link);
const datasets = new DatasetPicker(engine, chooseDataset, () => app.pointsCustom);
/** Something that matters changed: the link, the saved session and the data set tiles follow. */
const changed = () => {
  datasets.mark();
  return session.armed ? session.changed() : link.save();
};

const edits = new Edits(engine, history, app, changed);
const output = new OutputCanvas(/** @type {HTMLCanvasElement} */ ($("output")), pointerHandlers(edits, app));
drawAxes($("axis-x"), $("axis-y"));
initCsv(edits);
initExportMenu(edits);
initOpen(edits);
// An opened file (or its undo) is another session: the loss chart starts again.
edits.replaced = () => (lastStep = -1);

// ---- config changes --------------------------------------------------------

/** Merges a partial config (nested optimizer/regularization included) into the current one. */
function merged(/** @type {any} */ partial) {
  const out = { ...partial };
  if (partial.optimizer) out.optimizer = { ...app.config?.optimizer, ...partial.optimizer };
  if (partial.regularization) out.regularization = { ...app.config?.regularization, ...partial.regularization };
  return out;
}

/** A data set tile: its data again (regenerated even when the hand-made data came from it). @param {string} dataset */
function chooseDataset(dataset) {
  if (app.pointsCustom && dataset === app.config?.dataset) void edits.edit("data", () => engine.call("regenerate"), false);
  else void applyConfig({ dataset });
}

/** Sends a config change; a change that regenerates the data is undoable. @param {any} partial */
function applyConfig(partial) {
  const change = merged(partial);
  if (DATA_KEYS.some((k) => k in change)) {
    return edits.edit("data", () => engine.call("setConfig", change), false);
  }
  return edits.enqueue(() => engine.call("setConfig", change));
}

/** A new problem starts on its own default data set and loss (the engine's). @param {string} problem @param {number} classes */
function changeProblem(problem, classes) {
  const info = catalog.problems.find((/** @type {{name: string}} */ p) => p.name === problem);
  if (!info) return Promise.resolve();
  /** @type {any} */
  const partial = { problem, dataset: info.defaultDataset, loss: info.defaultLoss };
  if (info.classes.max > info.classes.min) partial.classes = Math.max(info.classes.default, Math.min(info.classes.max, classes || 0));
  app.activeClass = 0;
  return applyConfig(partial);
}

const controls = initControls(catalog, {
  config: (partial) => void applyConfig(partial),
  problem: (problem, classes) => void changeProblem(problem, classes),
  speed: (s) => setSpeed(s),
});

/** @param {number} s the pace, an index into the worker's paces */
function setSpeed(s) {
  app.ui.speed = s;
  engine.post("speed", { value: s });
  changed();
}

const normControls = initNormControls(catalog, (partial) => void applyConfig(partial));

const diagram = new Diagram($("diagram"), {
  features: (features) => void applyConfig({ features }),
  hidden: (hidden) => void applyConfig({ hidden }),
  weight: (layer, row, col, value) => void edits.enqueue(() => engine.call("setWeight", layer, row, col, value)),
  bias: (layer, row, value) => void edits.enqueue(() => engine.call("setBias", layer, row, value)),
  hoverNeuron: (canvas, caption) => {
    output.overlay = canvas;
    const cap = $("plot-caption");
    cap.hidden = !canvas;
    cap.textContent = canvas ? t("diagram.hoverCaption", { name: caption }) : "";
    output.requestDraw();
  },
}, { features: catalog.features, maxWidth: catalog.ranges.layerWidth.max });
const dropoutMarks = new DropoutMarks($("diagram"));
const MAX_LAYERS = catalog.ranges.hiddenLayers.max;

const teach = new Teach($("teach"), /** @type {HTMLButtonElement} */ ($("teach-open")), {
  engine,
  catalog,
  pause: () => setPlaying(false),
  playing: () => app.playing,
  speed: () => app.ui.speed,
  slowMotion: (on) => {
    if (on) {
      setSpeed(SLOW_MOTION_SPEED);
      controls.renderSpeed(SLOW_MOTION_SPEED);
    }
    setPlaying(on);
  },
  highlightPoints: (h) => {
    output.highlight = h;
    output.requestDraw();
  },
  highlightNeuron: (layer, index) => diagram.highlight(layer, index),
  overlay: (o) => diagram.setOverlay(o),
});

new NeuronCard($("diagram"), /** @type {HTMLCanvasElement} */ ($("output")), engine, () => app.config, catalog.features);
const gradients = new GradientToggle(/** @type {HTMLInputElement} */ ($("grad-toggle")), engine, (o) => diagram.setOverlay(o), () => teach.isOpen);
const landscape = new Landscape($("landscape"), /** @type {HTMLButtonElement} */ ($("landscape-open")), { engine, onError: (m) => notice(m) });
const race = new Race($("landscape"), { onError: (m) => notice(m) });

$("add-layer").addEventListener("click", () => {
  const config = app.config;
  if (!config || config.hidden.length >= MAX_LAYERS) return;
  const last = config.hidden[config.hidden.length - 1] ?? 4;
  void applyConfig({ hidden: [...config.hidden, last] });
});
$("remove-layer").addEventListener("click", () => {
  const config = app.config;
  if (!config || config.hidden.length === 0) return;
  void applyConfig({ hidden: config.hidden.slice(0, -1) });
});

// ---- run controls --------------------------------------------------------

/** @param {boolean} value */
function setPlaying(value) {
  app.playing = value;
  renderPlay();
  engine.post("play", { value });
}
function renderPlay() {
  const b = $("play");
  b.setAttribute("aria-pressed", String(app.playing));
  b.setAttribute("aria-label", t(app.playing ? "run.pause" : "run.play"));
  b.classList.toggle("playing", app.playing);
}
/** @param {"step" | "epoch"} unit */
function runOnce(unit) {
  if (app.engineState?.diverged) return;
  app.playing = false;
  renderPlay();
  void engine.request("run", { unit }).catch((err) => notice(messageOf(err)));
}
function reset() {
  void edits.enqueue(() => engine.call("reset"));
}

$("play").addEventListener("click", () => setPlaying(!app.playing));
$("step").addEventListener("click", () => runOnce("step"));
$("epoch-button").addEventListener("click", () => runOnce("epoch"));
$("reset").addEventListener("click", reset);
const advice = new AdvicePanel($("advice"), /** @type {HTMLSelectElement} */ ($("activation")), { engine, apply: applyConfig, reset });
$("regenerate").addEventListener("click", () => {
  const seed = crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
  void applyConfig({ seed });
});
$("undo").addEventListener("click", () => void edits.undoRedo("undo"));
$("redo").addEventListener("click", () => void edits.undoRedo("redo"));
$("clear").addEventListener("click", () => void edits.edit("clear", () => engine.call("clearPoints")));
history.onChange = () => {
  /** @type {HTMLButtonElement} */ ($("undo")).disabled = !history.canUndo;
  /** @type {HTMLButtonElement} */ ($("redo")).disabled = !history.canRedo;
};
history.onChange();

$("value").addEventListener("input", () => renderValue(app));

// View options.
const showTest = /** @type {HTMLInputElement} */ ($("show-test"));
const discretize = /** @type {HTMLInputElement} */ ($("discretize"));
const chartLog = /** @type {HTMLInputElement} */ ($("chart-log"));
const chart = new LossChart(/** @type {HTMLCanvasElement} */ ($("chart")));
initChartTools(chart);
showTest.addEventListener("change", () => {
  app.ui.showTest = showTest.checked;
  output.showTest = app.ui.showTest;
  output.requestDraw();
  changed();
});
discretize.addEventListener("change", () => {
  app.ui.discretize = discretize.checked;
  output.discretize = app.ui.discretize;
  engine.post("discretize", { value: app.ui.discretize });
  changed();
});
chartLog.addEventListener("change", () => {
  app.ui.chartLog = chartLog.checked;
  chart.setLog(app.ui.chartLog);
  changed();
});

initKeys({
  togglePlay: () => setPlaying(!app.playing),
  step: () => runOnce("step"),
  reset,
  undoRedo: (which) => void edits.undoRedo(which),
  pickClass: (k) => {
    if (!app.palette || app.palette.problem === "regression" || k >= app.palette.labels.length) return;
    app.activeClass = k;
    renderPalette(app);
  },
});

// ---- frames ----------------------------------------------------------------

/** @param {Frame} f */
function onFrame(f) {
  app.engineState = f.state;
  if (f.config) {
    const problemChanged = !app.config || app.config.problem !== f.config.problem;
    const config = (app.config = f.config);
    if (f.palette) app.palette = f.palette;
    controls.render(config, f.state);
    normControls.render(config);
    diagram.setArchitecture(config, config.problem === "multiclass" ? app.palette?.colors ?? [] : []);
    renderLayerCount(config);
    /** @type {HTMLButtonElement} */ ($("add-layer")).disabled = config.hidden.length >= MAX_LAYERS;
    /** @type {HTMLButtonElement} */ ($("remove-layer")).disabled = config.hidden.length === 0;
    for (const e of document.querySelectorAll(".acc")) /** @type {HTMLElement} */ (e).hidden = config.problem === "regression";
    if (problemChanged) {
      // Regression has no classes: its introduction says so.
      /** @type {HTMLElement} */ ($("intro")).dataset.i18n = config.problem === "regression" ? "data.intro.regression" : "intro";
      applyDom();
    }
    if (problemChanged || f.palette) {
      renderPalette(app);
      renderLegend(app);
      renderValue(app);
    }
    void datasets.render(config).catch((err) => notice(messageOf(err)));
    changed();
  }
  if (f.points) {
    app.points = f.points;
    output.setPoints(f.points, f.pointColors ?? new Uint8ClampedArray(0));
    if (app.config) controls.render(app.config, f.state);
    renderPointCount(f.state);
  }
  if (f.playing !== app.playing) {
    app.playing = f.playing;
    renderPlay();
  }
  if (f.pixelsValid) app.model = f.model;
  // The weights changed: the link follows once training rests (not on every frame while it runs).
  if (!f.playing && (f.state.step !== lastStep || framePlaying)) changed();
  if (f.playing) session.trained();
  framePlaying = f.playing;

  renderReadout(f);
  const hasTest = f.state.testCount > 0;
  const hasTrain = f.state.trainCount > 0;
  if (f.state.step < lastStep || lastStep < 0) chart.clear();
  if (f.state.step !== lastStep) chart.push(f.state.step, f.state.epoch, hasTrain ? f.loss.train : NaN, hasTest ? f.loss.test : NaN, f.batchLosses ?? []);
  lastStep = f.state.step;

  // Divergence: say so, keep the last good picture, never draw NaN.
  $("diverged").hidden = !f.state.diverged;
  document.body.classList.toggle("is-diverged", f.state.diverged);
  if (f.pixelsValid) {
    output.setBoundary(f.boundary, f.boundaryRes);
    diagram.setPixels(f.neurons, f.thumbRes, output.base);
    diagram.setModel(f.model);
  }
  dropoutMarks.show(f.dropped, f.state.step, app.config?.dropout ?? 0);
  output.requestDraw();
  teach.onFrame(f);
  gradients.update();
  advice.onFrame(f);
  landscape.onFrame(f);
  tour.onFrame(f);

  // Give the buffers back once this frame is on screen: paces the worker to the display.
  requestAnimationFrame(() => {
    engine.giveBack(f);
    if (!ready) {
      ready = true;
      document.body.dataset.ready = "1";
      // From now on every change is the learner's: the session follows it.
      session.armed = true;
      if (session.restored) session.changed();
    }
  });
}

// ---- start -------------------------------------------------------------------

/** Shows what the engine started with (after start-up or a resumed session). @param {any} initial */
function adopt(initial) {
  started = true;
  lastStep = -1;
  diagram.setLinkColors(initial.linkColors);
  diagram.setFeaturePixels(initial.featurePixels, initial.featureRes);
  showUi();
  engine.post("frame");
}

/** Puts the view options (app.ui) into the page's controls and the worker. */
function showUi() {
  const ui = app.ui;
  showTest.checked = output.showTest = ui.showTest;
  discretize.checked = output.discretize = ui.discretize;
  chartLog.checked = ui.chartLog;
  chart.setLog(ui.chartLog);
  controls.renderSpeed(ui.speed);
  engine.post("speed", { value: ui.speed });
  engine.post("discretize", { value: ui.discretize });
  output.requestDraw();
}

// ---- language switch -----------------------------------------------------------

// Only the words change: the engine, the points, the config and the training go on.
onLangChange(() => {
  relabelNotice();
  relabelSessionBar();
  relabelCsv();
  relabelExport();
  renderPlay();
  renderLayerCount(app.config);
  renderPointCount(app.engineState);
  controls.relabel();
  datasets.relabel();
  renderPalette(app);
  renderLegend(app);
  diagram.relabel();
  teach.relabel();
  advice.relabel();
  landscape.relabel();
  race.relabel();
  tour.relabel();
  $("plot-caption").hidden = true;
  output.overlay = null;
  output.requestDraw();
  if (started) engine.post("frame"); // the rebuilt diagram needs its pictures again
});
initLangPicker(/** @type {HTMLSelectElement} */ ($("lang")), () => {
  link.withLang = true;
  changed();
});
window.addEventListener("pagehide", () => {
  if (!session.armed) return;
  if (!app.playing) link.write();
  session.flush();
});

const tour = new Tour(/** @type {HTMLButtonElement} */ ($("tour-open")), {
  engine, app, catalog, edits, session, teach, landscape, showUi, pause: () => setPlaying(false),
  restore: async (saved) => {
    setPlaying(false);
    adopt(await edits.enqueue(() => session.restore(saved)));
    session.changed();
  },
});
start({ engine, app, session, edits, adopt, pause: () => setPlaying(false) }).then(() => tour.boot(), (err) => fatal(messageOf(err)));
