// @ts-check
// The advice panel by the loss chart: it watches the loss curve and the
// engine's health() figures while the network trains, says in the course
// notes' words what the learning rate is doing wrong or why the network
// cannot fit, offers a one-click fix, and locks the activation menu when
// there is no hidden neuron to apply it to.

import { el, messageOf } from "./dom.js";
import { t } from "./i18n.js";
import { fitAdvice, muchLowerRate, rateAdvice, trend, WINDOW } from "./advice-rules.js";

/** The health figures are read at most this often (ms) while training goes on. */
const HEALTH_EVERY_MS = 400;

/** @typedef {import("./advice-rules.js").Advice} Advice */
/** @typedef {import("./advice-rules.js").Health} Health */
/** @typedef {import("./advice-rules.js").Words} Words */

/**
 * @typedef {object} AdviceHooks
 * @property {{call: (method: string, ...args: unknown[]) => Promise<any>}} engine
 * @property {(partial: Record<string, unknown>) => Promise<unknown>} apply  sends a config change
 * @property {() => void} reset  fresh weights from the seed
 */

/** The words in the active language; a data set's name is translated. @param {Words} w */
function say(w) {
  /** @type {Record<string, string | number>} */
  const params = { ...w.params };
  if (typeof params.dataset === "string") {
    const key = `dataset.${params.dataset}`;
    params.dataset = t(key) === key ? params.dataset : t(key);
  }
  return t(w.key, params);
}

export class AdvicePanel {
  /**
   * @param {HTMLElement} root the panel (hidden while there is nothing to say)
   * @param {HTMLSelectElement} activation the activation menu it locks
   * @param {AdviceHooks} hooks
   */
  constructor(root, activation, hooks) {
    this.root = root;
    this.activation = activation;
    this.hooks = hooks;
    /** Training losses since the config or the weights last changed. @type {number[]} */
    this.losses = [];
    this.lastStep = -1;
    /** @type {any} */
    this.config = null;
    /** @type {Health | null} */
    this.health = null;
    this.healthAt = 0;
    this.healthBusy = false;
    this.diverged = false;
    /** @type {Advice[]} */
    this.shown = [];
    this.shownKey = "";
  }

  /** Forgets what it read: the curve and the figures belong to other weights now. */
  forget() {
    this.losses = [];
    this.health = null;
    this.healthAt = 0;
  }

  /** @param {import("./engine-client.js").Frame} f */
  onFrame(f) {
    if (f.config || f.points) this.forget();
    if (f.config) {
      this.config = f.config;
      this.lockActivation();
    }
    const step = f.state.step;
    if (step < this.lastStep) this.forget();
    this.diverged = f.state.diverged;
    if (step !== this.lastStep && f.state.trainCount > 0) {
      this.losses.push(f.loss.train);
      if (this.losses.length > 2 * WINDOW) this.losses.splice(0, this.losses.length - WINDOW);
      if (performance.now() - this.healthAt > HEALTH_EVERY_MS) this.readHealth();
    }
    this.lastStep = step;
    this.update();
  }

  /** Asks the engine for its health figures (one request at a time). */
  readHealth() {
    if (this.healthBusy || this.diverged) return;
    this.healthBusy = true;
    this.healthAt = performance.now();
    const config = this.config;
    this.hooks.engine
      .call("health")
      .then((/** @type {Health} */ h) => {
        // A change while the request was out makes these figures stale.
        if (this.config === config && this.healthAt > 0) this.health = h;
        this.update();
      })
      .catch((err) => console.warn(`advice: ${messageOf(err)}`))
      .finally(() => (this.healthBusy = false));
  }

  /** What to say now: why it cannot fit, then what the learning rate does. @returns {Advice[]} */
  advice() {
    const config = this.config;
    if (!config) return [];
    const shape = trend(this.losses);
    const loss = this.losses[this.losses.length - 1] ?? NaN;
    /** @type {(Advice | null)[]} */
    const out = [];
    if (this.diverged) {
      const rate = muchLowerRate(config.optimizer.learningRate);
      out.push({
        kind: "diverged",
        text: { key: "advice.diverged", params: { rate: config.optimizer.learningRate } },
        fix: { label: { key: "advice.fix.lowerReset", params: { rate } }, config: { optimizer: { learningRate: rate } }, reset: true },
      });
    } else {
      out.push(rateAdvice(config, shape, loss, this.health));
    }
    // "Too few neurons" only once the learning rate is not the trouble.
    const fit = fitAdvice(config, shape, loss);
    if (fit && !(fit.kind === "too-few" && out[0])) out.unshift(fit);
    return /** @type {Advice[]} */ (out.filter(Boolean));
  }

  /** Redraws the panel when what it says changed. */
  update() {
    const items = this.advice();
    const key = JSON.stringify(items);
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.shown = items;
    this.render();
  }

  render() {
    const rows = this.shown.map((a) => {
      const row = el("div", { class: "advice-item", "data-kind": a.kind }, el("p", { class: "advice-text" }, say(a.text)));
      if (a.fix) {
        const fix = a.fix;
        const button = el("button", { type: "button", class: "advice-fix" }, say(fix.label));
        button.addEventListener("click", () => void this.applyFix(fix));
        row.append(button);
      }
      return row;
    });
    this.root.replaceChildren(...rows);
    this.root.hidden = rows.length === 0;
  }

  /** @param {import("./advice-rules.js").Fix} fix */
  async applyFix(fix) {
    this.forget();
    this.shownKey = "";
    this.root.replaceChildren();
    this.root.hidden = true;
    if (fix.config) await this.hooks.apply(fix.config);
    if (fix.reset) this.hooks.reset();
  }

  /** The activation menu means nothing without a hidden neuron: it is disabled and says why. */
  lockActivation() {
    const none = !this.config || this.config.hidden.length === 0;
    this.activation.disabled = none;
    this.activation.title = none ? t("advice.activationLocked") : "";
  }

  /** Rewrites the panel in the active language. */
  relabel() {
    this.lockActivation();
    this.render();
  }
}
