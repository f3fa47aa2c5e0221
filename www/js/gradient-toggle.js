// @ts-check
// The "Show gradients" switch under the diagram: while it is on, frames (at
// most five a second) read the next minibatch's backward pass from the engine
// and draw each neuron's mean δ and each weight's gradient on the diagram.

/** @typedef {import("./engine-client.js").EngineClient} EngineClient */
/** @typedef {import("./diagram-overlay.js").Overlay} Overlay */

const MIN_INTERVAL_MS = 200;

export class GradientToggle {
  /**
   * @param {HTMLInputElement} box @param {EngineClient} engine
   * @param {(o: Overlay | null) => void} show @param {() => boolean} busy  true while another view owns the overlay
   */
  constructor(box, engine, show, busy) {
    this.box = box;
    this.engine = engine;
    this.show = show;
    this.busy = busy;
    this.reading = false;
    this.last = 0;
    box.addEventListener("change", () => {
      if (this.box.checked) this.update(true);
      else if (!this.busy()) this.show(null);
    });
  }

  /** A frame arrived: redraws the overlay when it is on (throttled unless `now`). @param {boolean} [now] */
  update(now = false) {
    if (!this.box.checked || this.busy() || this.reading) return;
    const time = performance.now();
    if (!now && time - this.last < MIN_INTERVAL_MS) return;
    this.last = time;
    this.reading = true;
    this.engine.call("backprop")
      .then((/** @type {{deltas: number[][][], gradients: Overlay["gradients"]}} */ bp) => {
        if (!this.box.checked || this.busy()) return;
        // The mean δ over the minibatch's samples, per neuron.
        const n = bp.deltas.length;
        const deltas = (bp.deltas[0] ?? []).map((layer, l) => layer.map((_, i) => bp.deltas.reduce((s, d) => s + d[l][i], 0) / n));
        this.show({ deltas, gradients: bp.gradients });
      })
      .catch(() => {
        // No minibatch (no training points) or a diverged network: nothing to draw.
        if (!this.busy()) this.show(null);
      })
      .finally(() => (this.reading = false));
  }
}
