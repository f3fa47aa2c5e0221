// @ts-check
// The loss chart's memory: train and test loss per frame and every step's
// minibatch loss, kept in bounded space by merging old samples (a min/max
// envelope for the minibatch losses), so the whole history of a long run is
// there to draw without ever growing past a fixed size.

/** Most train/test samples kept; past it every other one is dropped. */
const MAX_POINTS = 4000;
/** Most minibatch buckets kept; past it neighbours merge and buckets double. */
const MAX_BUCKETS = 4096;

/** One bucket of consecutive steps' minibatch losses. */
export class Bucket {
  /** @param {number} step the first step in it */
  constructor(step) {
    this.step = step;
    this.last = step;
    this.min = Infinity;
    this.max = -Infinity;
    this.sum = 0;
    this.count = 0;
  }

  /** @param {number} step @param {number} v */
  add(step, v) {
    this.last = step;
    if (!Number.isFinite(v)) return;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.sum += v;
    this.count++;
  }

  /** @param {Bucket} b the bucket right after this one */
  merge(b) {
    this.last = b.last;
    this.min = Math.min(this.min, b.min);
    this.max = Math.max(this.max, b.max);
    this.sum += b.sum;
    this.count += b.count;
  }
}

export class LossHistory {
  constructor() {
    this.clear();
  }

  clear() {
    /** @type {number[]} step of each train/test sample */
    this.steps = [];
    /** @type {number[]} */
    this.epochs = [];
    /** @type {number[]} */
    this.train = [];
    /** @type {number[]} */
    this.test = [];
    /** @type {Bucket[]} */
    this.buckets = [];
    /** Steps per minibatch bucket (doubles as the run grows). */
    this.bucketSize = 1;
  }

  /**
   * One frame's figures: the whole-set losses at `step` and the minibatch
   * losses of the steps that led to it (the last one is `step`'s).
   * @param {number} step @param {number} epoch @param {number} train @param {number} test @param {ArrayLike<number>} batch
   */
  push(step, epoch, train, test, batch) {
    const first = step - batch.length + 1;
    for (let i = 0; i < batch.length; i++) this.addBatch(first + i, batch[i]);
    if (this.steps.length > 0 && this.steps[this.steps.length - 1] === step) return;
    this.steps.push(step);
    this.epochs.push(epoch);
    this.train.push(train);
    this.test.push(test);
    if (this.steps.length >= MAX_POINTS) {
      /** @param {number[]} a */
      const half = (a) => a.filter((_, i) => i % 2 === 1 || i === a.length - 1);
      this.steps = half(this.steps);
      this.epochs = half(this.epochs);
      this.train = half(this.train);
      this.test = half(this.test);
    }
  }

  /** @param {number} step @param {number} v */
  addBatch(step, v) {
    const last = this.buckets[this.buckets.length - 1];
    if (last && step <= last.last) return; // already counted
    if (last && step < last.step + this.bucketSize) {
      last.add(step, v);
      return;
    }
    const b = new Bucket(step);
    b.add(step, v);
    this.buckets.push(b);
    if (this.buckets.length >= MAX_BUCKETS) {
      /** @type {Bucket[]} */
      const merged = [];
      for (let i = 0; i < this.buckets.length; i += 2) {
        const a = this.buckets[i];
        const next = this.buckets[i + 1];
        if (next) a.merge(next);
        merged.push(a);
      }
      this.buckets = merged;
      this.bucketSize *= 2;
    }
  }

  /** The last step seen (0 when empty). */
  lastStep() {
    const s = this.steps[this.steps.length - 1] ?? 0;
    const b = this.buckets[this.buckets.length - 1]?.last ?? 0;
    return Math.max(s, b);
  }

  /**
   * The first step of the last `n` epochs (0 for the whole history).
   * @param {number} n epochs, or 0 for all
   */
  windowStart(n) {
    if (!(n > 0) || this.epochs.length === 0) return 0;
    const from = this.epochs[this.epochs.length - 1] - n;
    if (from <= 0) return 0;
    let i = this.epochs.length - 1;
    while (i > 0 && this.epochs[i - 1] >= from) i--;
    return this.steps[i];
  }
}
