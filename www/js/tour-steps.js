// @ts-check
// The guided tour's lessons, in the order of the course notes (neuron,
// activation function, how a network computes, how it learns, gradient
// descent, SGD, backpropagation), then what comes after them (dropout against
// overfitting): what each one sets up (config, view options, which view
// opens) and how it tells that the learner did its task.
// The words live in www/locales ("tour.<id>.title|idea|task|done").

/** The two weights of a single neuron with inputs x1 and x2 (the landscape's axes). */
const W1 = { layer: 0, row: 0, col: 0 };
const W2 = { layer: 0, row: 0, col: 1 };

/**
 * What a check sees on every frame.
 * @typedef {object} CheckContext
 * @property {any} config the engine's normalized config
 * @property {{train: number, test: number}} loss
 * @property {{step: number, epoch: number, diverged: boolean}} state
 * @property {string | null} teachStage the step-by-step panel's stage, null when closed
 */

/**
 * @typedef {object} Lesson
 * @property {string} id                     key part: tour.<id>.*
 * @property {Record<string, unknown>} config merged over the engine's defaults (seeded: the claims hold)
 * @property {{speed?: number, chartLog?: boolean}} [ui]  view options (else the defaults)
 * @property {{teach?: string, landscape?: {p1: typeof W1, p2: typeof W1, source: "train" | "batch"}, open?: string, scroll?: string}} view
 *   `open`: a <details> to open (where the control the task needs sits)
 * @property {(c: CheckContext) => boolean} [when] what the learner must set (the steps count from then)
 * @property {number} steps                  training steps needed since `when` held (or since the set-up)
 * @property {(c: CheckContext, memo: Memo) => boolean} [until] what the training must reach
 * @property {(c: CheckContext, memo: Memo) => void} [note] keeps what a later sentence needs, on every frame
 * @property {(c: CheckContext, t: (key: string, params?: Record<string, string | number>) => string, memo: Memo) => Record<string, string | number>} fill  the done sentence's values
 */

/** What a lesson's `note` kept from earlier frames. @typedef {Record<string, number>} Memo */

/** A loss as the page shows it. @param {number} v */
const f3 = (v) => (Number.isFinite(v) ? v.toFixed(3) : "–");

/** Classification on a seeded data set: seed 7 makes every claim below hold (tests/tour.test.mjs). */
const CLASSIFY = { problem: "classification", samples: 500, noise: 0, trainRatio: 0.5, seed: 7, features: ["x1", "x2"], activation: "tanh", loss: "squared", batchSize: 10 };
/** A single neuron with two weights fitting the plane: its cost over (w1, w2) is a bowl (seed 21 starts it far from the bottom). */
const BOWL = { problem: "regression", dataset: "plane", samples: 200, noise: 0, trainRatio: 0.5, seed: 21, features: ["x1", "x2"], hidden: [], loss: "squared", batchSize: 10000 };

/** Overfitting: 40 noisy training points of the circle and two hidden layers of 16 (seed 1: the claim holds, tests/tour.test.mjs). */
const OVERFIT = {
  problem: "classification", dataset: "circle", samples: 80, noise: 0.5, trainRatio: 0.5, seed: 1, features: ["x1", "x2"],
  hidden: [16, 16], activation: "relu", loss: "squared", batchSize: 10, optimizer: { kind: "adam", learningRate: 0.01 }, dropout: 0,
};
/** The epoch at which the overfitting lesson compares the two runs. */
export const OVERFIT_EPOCHS = 200;
/** The gap the learner reads: test loss − training loss. @param {CheckContext} c */
const gap = (c) => c.loss.test - c.loss.train;

/** @type {Lesson[]} */
export const LESSONS = [
  {
    id: "neuron",
    config: { ...CLASSIFY, dataset: "gauss", hidden: [] },
    view: { teach: "forward", scroll: "#teach" },
    steps: 1,
    until: (c) => c.loss.test < 0.05,
    fill: (c) => ({ loss: f3(c.loss.test) }),
  },
  {
    id: "activation",
    config: { ...CLASSIFY, dataset: "circle", hidden: [4], activation: "linear" },
    view: { teach: "activation", scroll: "#teach" },
    when: (c) => c.config.activation !== "linear",
    steps: 1,
    until: (c) => c.loss.test < 0.1,
    fill: (c, t) => ({ loss: f3(c.loss.test), activation: t(`act.${c.config.activation}`) }),
  },
  {
    id: "network",
    config: { ...CLASSIFY, dataset: "xor", hidden: [] },
    view: { scroll: ".network-panel" },
    when: (c) => c.config.hidden.length > 0,
    steps: 1,
    until: (c) => c.loss.test < 0.1,
    fill: (c) => ({ loss: f3(c.loss.test) }),
  },
  {
    id: "learn",
    config: { ...CLASSIFY, dataset: "circle", hidden: [4, 2] },
    view: { teach: "loss", scroll: "#teach" },
    steps: 1,
    until: (c) => c.loss.train < 0.1,
    fill: (c) => ({ loss: f3(c.loss.train) }),
  },
  {
    id: "gd",
    config: { ...BOWL, optimizer: { kind: "sgd", learningRate: 0.01 } },
    ui: { speed: 2 },
    view: { landscape: { p1: W1, p2: W2, source: "train" }, scroll: "#landscape" },
    when: (c) => c.config.optimizer.learningRate >= 0.1,
    steps: 3,
    fill: (c) => ({ rate: c.config.optimizer.learningRate }),
  },
  {
    id: "sgd",
    config: { ...BOWL, optimizer: { kind: "sgd", learningRate: 0.01 } },
    // A log scale shows the single points' costs near the bottom too.
    ui: { chartLog: true },
    view: { landscape: { p1: W1, p2: W2, source: "train" }, scroll: "#chart" },
    when: (c) => c.config.batchSize === 1,
    steps: 100,
    fill: (c) => ({ steps: c.state.step }),
  },
  {
    id: "backprop",
    config: { ...CLASSIFY, dataset: "circle", hidden: [4, 2] },
    view: { teach: "backprop", scroll: "#teach" },
    when: (c) => c.teachStage === "update",
    steps: 1,
    fill: () => ({}),
  },
  {
    // What comes next: the first technique after the notes.
    id: "dropout",
    config: OVERFIT,
    view: { open: "details.advanced", scroll: "#chart" },
    // The gap without dropout at the first frame at or after the lesson's epoch (since the last
    // reset); the epoch from which dropout has been on.
    note: (c, memo) => {
      const epoch = c.state.epoch;
      if (c.config.dropout > 0) {
        if (memo.droppingSince === undefined || epoch < memo.droppingSince) memo.droppingSince = epoch;
        return;
      }
      delete memo.droppingSince;
      if (epoch >= OVERFIT_EPOCHS && (memo.plainEpoch === undefined || epoch < memo.plainEpoch)) {
        memo.plainEpoch = epoch;
        memo.plainGap = gap(c);
      }
    },
    when: (c) => c.config.dropout >= 0.3,
    steps: 1,
    until: (c, memo) => memo.droppingSince !== undefined && c.state.epoch - memo.droppingSince >= OVERFIT_EPOCHS,
    fill: (c, t, memo) => ({
      rate: Math.round(c.config.dropout * 100),
      epochs: c.state.epoch - (memo.droppingSince ?? 0),
      gap: f3(gap(c)),
      versus: memo.plainGap === undefined ? t("tour.dropout.notMeasured")
        : t("tour.dropout.versus", { plain: f3(memo.plainGap), epoch: memo.plainEpoch }),
    }),
  },
];

/**
 * Follows one lesson's task frame by frame: the steps count from the frame
 * before `when` first held (a change and its first step can share a frame).
 */
export class TaskWatch {
  /** @param {Lesson} lesson @param {number} startStep the step counter once the lesson was set up */
  constructor(lesson, startStep) {
    this.lesson = lesson;
    /** The step from which training counts, or null while `when` does not hold. */
    this.since = lesson.when ? null : startStep;
    this.lastStep = startStep;
    this.done = false;
    /** What the lesson's `note` kept. @type {Memo} */
    this.memo = {};
  }

  /** @param {CheckContext} c @returns {boolean} whether the task is done (it stays done) */
  see(c) {
    if (this.done) return true;
    const l = this.lesson;
    l.note?.(c, this.memo);
    const step = c.state.step;
    if (!l.when || l.when(c)) {
      if (this.since === null) this.since = Math.min(this.lastStep, step);
      if (step < this.since) this.since = step; // a reset starts the count again
    } else {
      this.since = null;
    }
    this.lastStep = step;
    const trained = this.since !== null && step - this.since >= l.steps;
    this.done = trained && (!l.until || l.until(c, this.memo));
    return this.done;
  }
}
