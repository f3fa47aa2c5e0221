// @ts-check
// The run's numbers on the page: the epoch and step counters, the losses and
// accuracies (a dash where there is no such set), the layer and point counts.

import { $ } from "./dom.js";
import { t, tn } from "./i18n.js";

/** @typedef {import("./engine-client.js").Frame} Frame */

/** @param {number | null | undefined} v @param {number} [digits] */
const fmt = (v, digits = 3) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : "–");
/** @param {number | null | undefined} v */
const pct = (v) => (typeof v === "number" && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "–");

/** "2 hidden layers". @param {{hidden: number[]} | null} config */
export function renderLayerCount(config) {
  if (config) $("layer-count").textContent = tn("network.layers", config.hidden.length);
}

/** "500 points (250 training, 250 test)". @param {Frame["state"] | null} s */
export function renderPointCount(s) {
  if (s) $("point-count").textContent = t("data.pointCount", { total: s.pointCount, train: s.trainCount, test: s.testCount });
}

/** The counters and losses of a frame. @param {Frame} f */
export function renderReadout(f) {
  $("epoch-count").textContent = f.state.epoch.toLocaleString("en-US");
  $("step-count").textContent = f.state.step.toLocaleString("en-US");
  // With no test (or training) points there is no such loss: show a dash, not 0.
  const hasTest = f.state.testCount > 0;
  const hasTrain = f.state.trainCount > 0;
  $("test-loss").textContent = hasTest ? fmt(f.loss.test) : "–";
  $("train-loss").textContent = hasTrain ? fmt(f.loss.train) : "–";
  $("test-accuracy").textContent = hasTest ? pct(f.loss.testAccuracy) : "–";
  $("train-accuracy").textContent = hasTrain ? pct(f.loss.trainAccuracy) : "–";
}
